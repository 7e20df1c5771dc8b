"""The filing report (备案报告): the upward 报告 that sends published documents to one filing body.

It reads as the office sends it (GB/T 9704-2012): 发文字号 and 签发人 on the number line (an
upward document names its 签发人, §7.2.6), the title naming the reporting organ, per document the
procedure facts the register holds and the materials sent, a list of the documents, 附件 lines,
the organ's name centred over the date 右空四字, and the 联系人 and 电话 as the 附注.

Who reports: a government's documents, and those of its general office (政府办公室), are
reported by the government (辽宁省规章规范性文件备案办法, 令第149号/第300号, art. 3; see
rules/rulebook.toml); a department's by the department. One report has one sender.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from docfiler.domain.docnumber import DocNumberError, parse
from docfiler.domain.labels import date_label
from docfiler.errors import GateError, NotFoundError, ValidationError
from docfiler.office import Office
from docfiler.outputs import filing_report_text as text
from docfiler.outputs.listing import authorities_by_id
from docfiler.outputs.word import Group, WordOutput, find_template, render
from docfiler.store.lookups import load_document
from docfiler.store.tables import (
    Authority,
    CollectiveDecision,
    Document,
    DocumentBody,
    FairCompetitionReview,
    Filing,
    LegalBasis,
    LegalityReview,
)


@dataclass(frozen=True)
class FilingReport:
    """The text of one filing report and the documents it lists."""

    title: str
    """On one line; `title_lines` is how the page sets it."""
    title_lines: tuple[str, ...]
    report_number: str | None
    signer: str | None
    addressee: str
    """The filing body, as the 主送 line names it."""
    intro: str
    details: tuple[str, ...]
    """Per document: its procedure facts and the materials sent, in the order of the list."""
    attachments: str
    sender: str
    """The reporting organ: the government for its own and its general office's documents."""
    date: dt.date
    contact: str | None
    groups: tuple[Group, ...]
    documents: tuple[str, ...]
    """The 文号 listed, in the order of the report."""


@dataclass(frozen=True)
class ReportOutput(WordOutput):
    """The report written, and the date it bears."""

    date: dt.date | None = None


def configured_contact(settings) -> tuple[str | None, str | None]:
    """联系人 and 电话 from config.toml, `[report]` contact = "…", phone = "…"."""
    from docfiler.rules.rulebook import read_toml

    section = read_toml(settings.config_file).get("report", {})
    contact, phone = section.get("contact"), section.get("phone")
    return (str(contact) if contact else None, str(phone) if phone else None)


def filing_report_data(
    *,
    office: Office,
    body: str,
    documents: list[str] | None = None,
    report_number: str | None = None,
    signer: str | None = None,
    on: dt.date | None = None,
    contact: str | None = None,
    phone: str | None = None,
) -> FilingReport:
    """The report of the documents named (or every filing still pending at `body`) to `body`.

    `on` is the report's date. Without it: today, or for documents already reported to `body`
    (a reprint) the day they were submitted; refused when they were submitted on different days.
    """
    body = body.strip()
    number = _report_number(report_number)
    with office.reading() as session:
        if documents:
            chosen = [_to_be_filed(session, number_, body) for number_ in documents]
        else:
            chosen = _pending(session, body)
        authorities = authorities_by_id(session)
        sender, offices = _sender(office, [authorities[d.authority_id] for d in chosen])
        on = on or _report_date(session, office, chosen, body)
        details, names = _details(session, chosen)
    title = text.report_title(sender, [d.title for d in chosen])
    rows = [_row(index, d) for index, d in enumerate(chosen, start=1)]
    return FilingReport(
        title=title,
        title_lines=tuple(text.title_lines(title)),
        report_number=number,
        signer=signer.strip() if signer and signer.strip() else None,
        addressee=body,
        intro=text.intro(_basis(office, body), sender, len(chosen), offices),
        details=tuple(details),
        attachments=text.attachment_lines(names),
        sender=sender,
        date=on,
        contact=text.contact_note(contact, phone),
        groups=(Group(heading=None, rows=rows),),
        documents=tuple(d.doc_number for d in chosen),
    )


def _report_number(text_: str | None) -> str | None:
    if not text_ or not text_.strip():
        return None
    try:
        return str(parse(text_))
    except DocNumberError as exc:
        raise ValidationError(f"备案报告的发文字号“{text_.strip()}”有误：{exc}") from None


def _row(index: int, document: Document) -> dict[str, str]:
    return {
        "no": str(index),
        "title": text.book(document.title),
        "number": document.doc_number,
        "published": date_label(document.published_on),
    }


def _sender(office: Office, makers: list[Authority]) -> tuple[str, list[str]]:
    """The one organ that reports, and the general offices whose documents it reports."""
    government = office.rulebook.office_name
    senders = {government if a.kind in ("government", "general_office") else a.name for a in makers}
    if len(senders) > 1:
        raise ValidationError(
            "一份备案报告只能由一个机关报送，这些文件分属："
            + "、".join(sorted(senders))
            + "。请用 --documents 按机关分别生成备案报告。"
        )
    sender = senders.pop()
    offices = sorted({a.name for a in makers if a.kind == "general_office"})
    return sender, offices


def _basis(office: Office, body: str) -> str:
    return text.BASES["congress" if "人大" in body else "government"]


def _report_date(session: Session, office: Office, chosen: list[Document], body: str) -> dt.date:
    ids = [d.id for d in chosen]
    submitted = set(
        session.exec(
            select(Filing.submitted_on).where(Filing.document_id.in_(ids), Filing.body == body)
        ).all()
    )
    if submitted == {None} or not submitted:
        return office.today()
    if len(submitted) == 1:
        return submitted.pop()
    days = "、".join(date_label(d) if d else "尚未报送" for d in sorted(submitted, key=str))
    raise ValidationError(
        f"这些文件向“{body}”报送的日期不同（{days}），请用 --date 写明备案报告的日期。"
    )


def _details(session: Session, chosen: list[Document]) -> tuple[list[str], list[str]]:
    """Per document its procedure sentence, and the 附件 names (what is actually sent)."""
    ids = [d.id for d in chosen]
    reviews = _latest(session, LegalityReview, ids, LegalityReview.finished_on)
    decisions = _latest(session, CollectiveDecision, ids, CollectiveDecision.decided_on)
    fair = _latest(session, FairCompetitionReview, ids, FairCompetitionReview.reviewed_on)
    bases: dict[int, list[str]] = defaultdict(list)
    for basis in session.exec(
        select(LegalBasis).where(LegalBasis.document_id.in_(ids)).order_by(LegalBasis.id)
    ).all():
        bases[basis.document_id].append(
            text.book(basis.title) + (f"（{basis.number}）" if basis.number else "")
        )
    bodies = set(
        session.exec(select(DocumentBody.document_id).where(DocumentBody.document_id.in_(ids)))
    )
    details, names = [], []
    for index, d in enumerate(chosen, start=1):
        review = reviews.get(d.id)
        decision = decisions.get(d.id)
        materials = ["正式文本（附电子文本）" if d.id in bodies else "正式文本", "起草说明"]
        if review is not None and review.finished_on is not None:
            materials.append("合法性审核意见")
        if d.id in fair:
            materials.append("公平竞争审查结论")
        if bases.get(d.id):
            materials.append("制定依据")
        details.append(
            text.procedure_sentence(
                index=index,
                title=d.title,
                number=d.doc_number,
                published=d.published_on,
                effective=d.effective_on,
                review=(review.outcome, review.finished_on, review.reviewer)
                if review is not None and review.finished_on is not None
                else None,
                decision=(decision.meeting, decision.decided_on) if decision else None,
                bases=bases.get(d.id, []),
                materials=materials,
            )
        )
        names.append(f"{d.title}（{d.doc_number}）及{'、'.join(materials[1:])}")
    return details, names


def _latest(session: Session, table, ids: list[int], order) -> dict[int, object]:
    found: dict[int, object] = {}
    for row in session.exec(
        select(table).where(table.document_id.in_(ids)).order_by(order, table.id)
    ).all():
        found[row.document_id] = row  # the last one wins
    return found


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


def make_filing_report(
    *,
    office: Office,
    output: Path,
    body: str,
    documents: list[str] | None = None,
    report_number: str | None = None,
    signer: str | None = None,
    on: dt.date | None = None,
    contact: str | None = None,
    phone: str | None = None,
    template_dir: Path | None = None,
) -> ReportOutput:
    """Write the report. Without `report_number` and `signer` the number line is left out (a
    draft); the CLI and the UI ask for both."""
    report = filing_report_data(
        office=office,
        body=body,
        documents=documents,
        report_number=report_number,
        signer=signer,
        on=on,
        contact=contact,
        phone=phone,
    )
    output = Path(output)
    written = render(
        find_template("filing_report", template_dir),
        output,
        fields={
            "report_number": report.report_number,
            "signer": f"签发人：{report.signer}" if report.signer else None,
            "title": report.title,
            "title_lines": "\n".join(report.title_lines),
            "addressee": report.addressee,
            "intro": report.intro,
            "details": "\n".join(f"\u3000\u3000{line}" for line in report.details).lstrip(),
            "closing": "特此报告。",
            "attachments": report.attachments,
            "sender": report.sender,
            "date": date_label(report.date),
            "group": None,
            "contact": report.contact,
        },
        groups=report.groups,
    )
    return ReportOutput(
        path=output,
        title=report.title,
        rows=written,
        documents=report.documents,
        date=report.date,
    )
