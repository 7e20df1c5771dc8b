"""The filing report (备案报告): the letter that sends published documents to one filing body."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from docfiler.domain.labels import date_label
from docfiler.errors import GateError, NotFoundError, ValidationError
from docfiler.office import Office
from docfiler.outputs.listing import authorities_by_id, book_title
from docfiler.outputs.word import Group, WordOutput, find_template, render
from docfiler.store.lookups import load_document
from docfiler.store.tables import Document, Filing

ATTACHMENTS = "正式文本、起草说明、制定依据"


@dataclass(frozen=True)
class FilingReport:
    """The text of one filing report and the documents it lists."""

    title: str
    addressee: str
    """The filing body, as the 主送 line names it."""
    intro: str
    closing: str
    sender: str
    """The issuing authority of every listed document, or the office when they differ."""
    date: str
    groups: tuple[Group, ...]
    documents: tuple[str, ...]
    """The 文号 listed, in the order of the report."""


def filing_report_data(
    *, office: Office, body: str, documents: list[str] | None = None
) -> FilingReport:
    """The documents to report to `body`: those named, or every filing still pending there."""
    body = body.strip()
    with office.reading() as session:
        if documents:
            chosen = [_to_be_filed(session, number, body) for number in documents]
        else:
            chosen = _pending(session, body)
        authorities = authorities_by_id(session)
    senders = {authorities[d.authority_id].name for d in chosen}
    sender = senders.pop() if len(senders) == 1 else office.rulebook.office_name
    rows = [
        {
            "no": str(index),
            "title": book_title(d.title),
            "number": d.doc_number,
            "published": date_label(d.published_on),
            "attachments": ATTACHMENTS,
        }
        for index, d in enumerate(chosen, start=1)
    ]
    return FilingReport(
        title=_report_title(chosen),
        addressee=body,
        intro=f"根据《辽宁省规章规范性文件备案办法》等有关规定，现将{sender}制定的下列规范性文件"
        "报送备案，请予审查。",
        closing=f"附件：1.行政规范性文件正式文本（{len(chosen)}件）  2.起草说明  3.制定依据",
        sender=sender,
        date=date_label(office.today()),
        groups=(Group(heading=None, rows=rows),),
        documents=tuple(d.doc_number for d in chosen),
    )


def _to_be_filed(session: Session, number: str, body: str) -> Document:
    """The document numbered `number`, refused unless it has a filing with `body`."""
    document = load_document(session, number)
    filing = session.exec(
        select(Filing).where(Filing.document_id == document.id, Filing.body == body)
    ).first()
    if filing is None:
        if document.published_on is None:
            raise GateError(f"文件“{document.doc_number}”尚未公布，不能报送备案。")
        raise NotFoundError(f"文件“{document.doc_number}”不需要向“{body}”备案。")
    return document


def _pending(session: Session, body: str) -> list[Document]:
    """Every document whose filing with `body` is not yet submitted, oldest publication first."""
    chosen = list(
        session.exec(
            select(Document)
            .join(Filing, Filing.document_id == Document.id)
            .where(Filing.body == body, Filing.submitted_on.is_(None))
            .order_by(Document.published_on, Document.id)
        ).all()
    )
    if chosen:
        return chosen
    known = session.exec(select(Filing.body).distinct()).all()
    if body not in known:
        raise NotFoundError(
            f"没有需要向“{body}”备案的文件。备案机关有：{'、'.join(known) or '（无）'}。"
        )
    raise ValidationError(f"向“{body}”备案的文件都已报送，没有待报送的文件。")


def _report_title(chosen: list[Document]) -> str:
    first = chosen[0].title
    if len(chosen) == 1:
        return f"关于报送《{first}》备案的报告"
    return f"关于报送《{first}》等{len(chosen)}件行政规范性文件备案的报告"


def make_filing_report(
    *,
    office: Office,
    output: Path,
    body: str,
    documents: list[str] | None = None,
    template_dir: Path | None = None,
) -> WordOutput:
    report = filing_report_data(office=office, body=body, documents=documents)
    output = Path(output)
    written = render(
        find_template("filing_report", template_dir),
        output,
        fields={
            "title": report.title,
            "addressee": report.addressee,
            "intro": report.intro,
            "closing": report.closing,
            "sender": report.sender,
            "date": report.date,
            "group": None,
            "contact": None,
        },
        groups=report.groups,
    )
    return WordOutput(path=output, title=report.title, rows=written, documents=report.documents)
