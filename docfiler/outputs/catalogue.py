"""The office's Word outputs: the catalogue of valid documents, the list of repealed and invalid
documents, and the filing report. Data comes from SQL; layout comes from the templates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, select

from docfiler.domain.labels import date_label as fmt
from docfiler.errors import GateError, NotFoundError, ValidationError
from docfiler.office import Office
from docfiler.outputs.word import Group, find_template, render
from docfiler.store.lookups import load_document
from docfiler.store.status_sql import in_force_clause
from docfiler.store.tables import Authority, Document, DocumentRelation, Filing

ATTACHMENTS = "正式文本、起草说明、制定依据"
KIND_ORDER = {"government": 0, "general_office": 1, "department": 2}


def book_title(title: str) -> str:
    """《title》, with title marks inside it turned into 〈〉 as Chinese typography nests them."""
    inner = title.strip().removeprefix("《").removesuffix("》")
    return "《" + inner.replace("《", "〈").replace("》", "〉") + "》"


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _authorities(session: Session) -> dict[int, Authority]:
    return {a.id: a for a in session.exec(select(Authority)).all()}


def _authority_order(authority: Authority) -> tuple[int, int]:
    return (KIND_ORDER.get(authority.kind, 3), authority.id or 0)


def _resolve_authority(session: Session, name: str | None) -> Authority | None:
    if not name:
        return None
    authority = session.exec(select(Authority).where(Authority.name == name.strip())).first()
    if authority is None:
        known = "、".join(session.exec(select(Authority.name)).all())
        raise NotFoundError(f"没有名为“{name}”的制定机关。已登记的有：{known}。")
    return authority


def _amendments(session: Session, ids: list[int], as_of: dt.date) -> dict[int, list[dt.date]]:
    """Amendment dates on or before `as_of`, per amended document."""
    found: dict[int, list[dt.date]] = defaultdict(list)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        rows = session.exec(
            select(DocumentRelation.target_id, DocumentRelation.on_date).where(
                DocumentRelation.kind == "amends",
                DocumentRelation.target_id.in_(chunk),
                DocumentRelation.on_date <= as_of,
            )
        ).all()
        for target, day in rows:
            found[target].append(day)
    for days in found.values():
        days.sort()
    return found


def _dates_cell(published: dt.date | None, amended: list[dt.date]) -> str:
    lines = [chinese_date(published)] if published else []
    lines += [f"{chinese_date(day)}修订" for day in amended]
    return "\n".join(lines)


def _grouped(rows: list[Document], authorities: dict[int, Authority], make_row) -> list[Group]:
    by_authority: dict[int, list[Document]] = defaultdict(list)
    for document in rows:
        by_authority[document.authority_id].append(document)
    groups = []
    for authority_id in sorted(by_authority, key=lambda i: _authority_order(authorities[i])):
        documents = by_authority[authority_id]
        documents.sort(key=lambda d: (d.year or 0, d.serial, d.agency_code))
        groups.append(
            Group(
                heading=f"{authorities[authority_id].name}（{len(documents)}件）",
                rows=[make_row(index, d) for index, d in enumerate(documents, start=1)],
            )
        )
    return groups


def catalogue_data(
    *, office: Office, as_of: dt.date | None = None, authority: str | None = None
) -> dict[str, Any]:
    """Documents in force on `as_of` (never a draft or an unpublished one), grouped by authority."""
    as_of = as_of or office.today()
    with office.reading() as session:
        owner = _resolve_authority(session, authority)
        query = select(Document).where(in_force_clause(Document, as_of))
        if owner is not None:
            query = query.where(Document.authority_id == owner.id)
        documents = list(session.exec(query).all())
        amendments = _amendments(session, [d.id for d in documents], as_of)
        authorities = _authorities(session)

    def row(index: int, d: Document) -> dict[str, str]:
        return {
            "no": str(index),
            "title": book_title(d.title),
            "number": d.doc_number,
            "dates": _dates_cell(d.published_on, amendments.get(d.id, [])),
            "note": "暂行" if d.kind == "interim" else ("试行" if d.kind == "trial" else ""),
        }

    groups = _grouped(documents, authorities, row)
    name = owner.name if owner else office.rulebook.city_name
    return {
        "title": f"{name}现行有效规范性文件目录",
        "subtitle": f"（截至{chinese_date(as_of)}，共{len(documents)}件）",
        "groups": groups,
        "count": len(documents),
    }


def make_catalogue(
    *,
    office: Office,
    output: Path,
    as_of: dt.date | None = None,
    authority: str | None = None,
    template_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    data = catalogue_data(office=office, as_of=as_of, authority=authority)
    template = find_template("catalogue", template_dir)
    total = data["count"]
    written = render(
        template,
        Path(output),
        fields={"title": data["title"], "subtitle": data["subtitle"], "footnote": None},
        groups=data["groups"],
        progress=(lambda n: progress(n, total)) if progress else None,
        cancelled=cancelled,
    )
    return {"path": str(output), "rows": written, "title": data["title"]}


def repealed_data(
    *, office: Office, since: dt.date | None = None, as_of: dt.date | None = None
) -> dict[str, Any]:
    """Documents repealed, declared invalid or lapsed between `since` and `as_of`."""
    as_of = as_of or office.today()
    since = since or dt.date(1949, 10, 1)
    if since > as_of:
        raise ValidationError(f"起始日期（{fmt(since)}）晚于截止日期（{fmt(as_of)}）。")
    with office.reading() as session:
        rows = list(
            session.exec(
                select(Document).where(
                    Document.published_on.is_not(None),
                    or_(
                        and_(Document.repealed_on >= since, Document.repealed_on <= as_of),
                        and_(
                            Document.declared_invalid_on >= since,
                            Document.declared_invalid_on <= as_of,
                        ),
                        and_(Document.valid_until >= since, Document.valid_until < as_of),
                    ),
                )
            ).all()
        )
        amendments = _amendments(session, [d.id for d in rows], as_of)
        authorities = _authorities(session)

    def end_of(d: Document) -> tuple[dt.date, str, str]:
        from docfiler.domain.status import status_of

        status = status_of(d, as_of)
        if status == "repealed":
            return d.repealed_on, "废止", d.repeal_reason or "已被新文件替代或不再适用"
        if status == "declared_invalid":
            return d.declared_invalid_on, "宣布失效", d.invalid_reason or "清理中宣布失效"
        return d.valid_until + dt.timedelta(days=1), "失效", "有效期届满"

    documents = [d for d in rows if end_of(d)[0] >= since]

    def row(index: int, d: Document) -> dict[str, str]:
        ended, label, reason = end_of(d)
        return {
            "no": str(index),
            "title": book_title(d.title),
            "number": d.doc_number,
            "dates": _dates_cell(d.published_on, amendments.get(d.id, [])),
            "ended": f"{chinese_date(ended)}{label}",
            "reason": reason,
        }

    groups = _grouped(documents, authorities, row)
    return {
        "title": f"{office.rulebook.city_name}废止和失效规范性文件目录",
        "subtitle": f"（{chinese_date(since)}至{chinese_date(as_of)}，共{len(documents)}件）"
        if since.year > 1949
        else f"（截至{chinese_date(as_of)}，共{len(documents)}件）",
        "groups": groups,
        "count": len(documents),
    }


def make_repealed_list(
    *,
    office: Office,
    output: Path,
    since: dt.date | None = None,
    as_of: dt.date | None = None,
    template_dir: Path | None = None,
) -> dict[str, Any]:
    data = repealed_data(office=office, since=since, as_of=as_of)
    written = render(
        find_template("repealed", template_dir),
        Path(output),
        fields={
            "title": data["title"],
            "subtitle": data["subtitle"],
            "footnote": None,
            "ended_header": "废止/失效日期",
        },
        groups=data["groups"],
    )
    return {"path": str(output), "rows": written, "title": data["title"]}


def filing_report_data(
    *, office: Office, body: str, documents: list[str] | None = None
) -> dict[str, Any]:
    """The documents to report to `body`: those named, or every filing still pending there."""
    body = body.strip()
    with office.reading() as session:
        if documents:
            chosen = []
            for number in documents:
                document = load_document(session, number)
                filing = session.exec(
                    select(Filing).where(Filing.document_id == document.id, Filing.body == body)
                ).first()
                if filing is None:
                    if document.published_on is None:
                        raise GateError(f"文件“{document.doc_number}”尚未公布，不能报送备案。")
                    raise NotFoundError(f"文件“{document.doc_number}”不需要向“{body}”备案。")
                chosen.append(document)
        else:
            chosen = list(
                session.exec(
                    select(Document)
                    .join(Filing, Filing.document_id == Document.id)
                    .where(Filing.body == body, Filing.submitted_on.is_(None))
                    .order_by(Document.published_on, Document.id)
                ).all()
            )
            if not chosen:
                known = session.exec(select(Filing.body).distinct()).all()
                if body not in known:
                    raise NotFoundError(
                        f"没有需要向“{body}”备案的文件。备案机关有：{'、'.join(known) or '（无）'}。"
                    )
                raise ValidationError(f"向“{body}”备案的文件都已报送，没有待报送的文件。")
        authorities = _authorities(session)
    senders = {authorities[d.authority_id].name for d in chosen}
    sender = senders.pop() if len(senders) == 1 else office.rulebook.office_name
    first = chosen[0]
    if len(chosen) == 1:
        title = f"关于报送《{first.title}》备案的报告"
    else:
        title = f"关于报送《{first.title}》等{len(chosen)}件规范性文件备案的报告"
    rows = [
        {
            "no": str(index),
            "title": book_title(d.title),
            "number": d.doc_number,
            "published": chinese_date(d.published_on),
            "attachments": ATTACHMENTS,
        }
        for index, d in enumerate(chosen, start=1)
    ]
    return {
        "title": title,
        "addressee": body,
        "intro": f"根据《辽宁省规章规范性文件备案办法》等有关规定，现将{sender}制定的下列规范性文件"
        "报送备案，请予审查。",
        "closing": f"附件：1.规范性文件正式文本（{len(chosen)}件）  2.起草说明  3.制定依据",
        "sender": sender,
        "date": chinese_date(office.today()),
        "groups": [Group(heading=None, rows=rows)],
        "documents": [d.doc_number for d in chosen],
    }


def make_filing_report(
    *,
    office: Office,
    output: Path,
    body: str,
    documents: list[str] | None = None,
    template_dir: Path | None = None,
) -> dict[str, Any]:
    data = filing_report_data(office=office, body=body, documents=documents)
    fields = {k: data[k] for k in ("title", "addressee", "intro", "closing", "sender", "date")}
    fields["group"] = None
    fields["contact"] = None
    render(
        find_template("filing_report", template_dir),
        Path(output),
        fields=fields,
        groups=data["groups"],
    )
    return {"path": str(output), "documents": data["documents"], "title": data["title"]}
