"""The published lists: the catalogue of valid documents (现行有效规范性文件目录) and the list of
repealed and invalid documents (废止和失效规范性文件目录). Data comes from SQL; layout comes from
the templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import and_, or_
from sqlmodel import Session, select

from docfiler.domain.labels import date_label
from docfiler.domain.status import Ending, ending
from docfiler.errors import ValidationError
from docfiler.office import Office
from docfiler.outputs.listing import (
    LIST_COLUMNS,
    DocumentList,
    Row,
    amendment_dates,
    authorities_by_id,
    book_title,
    dates_cell,
    grouped,
    write_list,
)
from docfiler.outputs.word import WordOutput
from docfiler.store.lookups import find_authority
from docfiler.store.status_sql import in_force_clause
from docfiler.store.tables import Document

_EARLIEST = dt.date(1949, 10, 1)
"""`since` when none is given: the list covers every document that ever ended."""
_KIND_NOTES = {"interim": "暂行", "trial": "试行"}


def catalogue_data(
    *, office: Office, as_of: dt.date | None = None, authority: str | None = None
) -> DocumentList:
    """Documents in force on `as_of` (never a draft or an unpublished one), grouped by authority."""
    as_of = as_of or office.today()
    with office.reading() as session:
        owner = find_authority(session, authority) if authority else None
        query = select(*LIST_COLUMNS).where(in_force_clause(Document, as_of))
        if owner is not None:
            query = query.where(Document.authority_id == owner.id)
        documents = list(session.execute(query).all())
        amendments = amendment_dates(session, [d.id for d in documents], as_of)
        authorities = authorities_by_id(session)

    def row(index: int, d: Document) -> Row:
        return {
            "no": str(index),
            "title": book_title(d.title),
            "number": d.doc_number,
            "dates": dates_cell(d.published_on, amendments.get(d.id, [])),
            "note": _KIND_NOTES.get(d.kind, ""),
        }

    name = owner.name if owner else office.rulebook.city_name
    return DocumentList(
        title=f"{name}现行有效行政规范性文件目录",
        subtitle=f"（截至{date_label(as_of)}，共{len(documents)}件）",
        groups=grouped(documents, authorities, row),
        count=len(documents),
    )


def make_catalogue(
    *,
    office: Office,
    output: Path,
    as_of: dt.date | None = None,
    authority: str | None = None,
    template_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> WordOutput:
    listing = catalogue_data(office=office, as_of=as_of, authority=authority)
    return write_list(
        "catalogue",
        output,
        listing,
        template_dir=template_dir,
        progress=(lambda done: progress(done, listing.count)) if progress else None,
        cancelled=cancelled,
    )


def repealed_data(
    *, office: Office, since: dt.date | None = None, as_of: dt.date | None = None
) -> DocumentList:
    """Documents repealed, declared invalid or lapsed between `since` and `as_of`, with the
    reason recorded for each (empty where none was recorded)."""
    as_of = as_of or office.today()
    since = since or _EARLIEST
    if since > as_of:
        raise ValidationError(
            f"起始日期（{date_label(since)}）晚于截止日期（{date_label(as_of)}）。"
        )
    with office.reading() as session:
        candidates = _ending_between(session, since, as_of)
        endings: dict[int, Ending] = {}
        for document in candidates:
            end = ending(document, as_of)
            if end is not None and end.on >= since:
                endings[document.id] = end
        documents = [d for d in candidates if d.id in endings]
        amendments = amendment_dates(session, [d.id for d in documents], as_of)
        authorities = authorities_by_id(session)

    def row(index: int, d: Document) -> Row:
        end = endings[d.id]
        return {
            "no": str(index),
            "title": book_title(d.title),
            "number": d.doc_number,
            "dates": dates_cell(d.published_on, amendments.get(d.id, [])),
            "ended": f"{date_label(end.on)}\n{end.label}",  # the date never broken
            "reason": end.reason,
        }

    if since > _EARLIEST:
        period = f"{date_label(since)}至{date_label(as_of)}"
    else:
        period = f"截至{date_label(as_of)}"
    return DocumentList(
        title=f"{office.rulebook.city_name}废止和失效行政规范性文件目录",
        subtitle=f"（{period}，共{len(documents)}件）",
        groups=grouped(documents, authorities, row),
        count=len(documents),
    )


def _ending_between(session: Session, since: dt.date, as_of: dt.date) -> list[Document]:
    """Published documents with an end event (repeal, declaration, last valid day) in the period;
    which event ended each one is for domain.status.ending to say."""
    return list(
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


def make_repealed_list(
    *,
    office: Office,
    output: Path,
    since: dt.date | None = None,
    as_of: dt.date | None = None,
    template_dir: Path | None = None,
) -> WordOutput:
    return write_list(
        "repealed",
        output,
        repealed_data(office=office, since=since, as_of=as_of),
        template_dir=template_dir,
        fields={"ended_header": "废止/失效日期"},
    )
