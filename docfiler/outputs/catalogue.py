"""The published lists: the catalogue of valid documents (现行有效规范性文件目录) and the list of
repealed and invalid documents (废止和失效规范性文件目录). Data comes from SQL; layout comes from
the templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    amended_note,
    authorities_by_id,
    book_title,
    dates_cell,
    ended_cell,
    grouped,
    write_list,
)
from docfiler.outputs.word import WordOutput
from docfiler.queries.catalogue import (
    Amendment,
    Scope,
    amendments_of,
    authority_order,
    awaiting_effect,
    catalogue_clause,
    catalogue_scope,
    in_scope,
)
from docfiler.store.tables import Authority, Document

_EARLIEST = dt.date(1949, 10, 1)
"""`since` when none is given: the list covers every document that ever ended."""
_KIND_NOTES = {"interim": "暂行", "trial": "试行"}
VALIDITY_COLUMN = "valid_until"
"""The optional 有效期至 column of the catalogue template, left out unless asked for."""


def catalogue_data(
    *,
    office: Office,
    as_of: dt.date | None = None,
    authorities: Sequence[str] = (),
    everyone: bool = False,
) -> DocumentList:
    """The catalogue of `as_of` (queries.catalogue: in force or published awaiting effect, never a
    draft, never a 修改决定 on its own) for the scope: by default the office's own government and
    its 办公室; `authorities` names them; `everyone` lists every authority."""
    as_of = as_of or office.today()
    chosen = select_catalogue(office, as_of, authorities, everyone)

    def row(index: int, d: Document) -> Row:
        amended = chosen.amendments.get(d.id, [])
        return {
            "no": str(index),
            "title": book_title(d.title),
            "number": d.doc_number,
            "dates": dates_cell(d.published_on, amended),
            "valid_until": date_label(d.valid_until) if d.valid_until else "",
            "note": catalogue_note(d, amended, as_of),
        }

    return DocumentList(
        title=f"{chosen.scope.name}现行有效行政规范性文件目录",
        subtitle=f"（截至{date_label(as_of)}，共{len(chosen.documents)}件）",
        groups=chosen.groups(row),
        count=len(chosen.documents),
    )


@dataclass(frozen=True)
class CatalogueSelection:
    """The documents of the catalogue of a day for a scope, with what their rows need: read
    once for the catalogue and for the 汇编, which lists the same documents in the same order."""

    scope: Scope
    documents: list
    amendments: dict[int, list[Amendment]]
    by_id: dict[int, Authority]
    order: Callable[[int], tuple[int, int, int]]

    def groups(self, row: Callable[[int, Any], Row]) -> list:
        """The documents grouped by authority in the rulebook's order, a row each."""
        return grouped(self.documents, self.by_id, row, self.order)


def select_catalogue(
    office: Office, as_of: dt.date, authorities: Sequence[str] = (), everyone: bool = False
) -> CatalogueSelection:
    """`catalogue_data`'s selection: in force or published awaiting effect on `as_of`, in scope."""
    with office.reading() as session:
        scope = catalogue_scope(session, office.rulebook, authorities, everyone)
        query = select(*LIST_COLUMNS).where(
            catalogue_clause(Document, as_of), in_scope(Document, scope)
        )
        documents = list(session.execute(query).all())
        amendments = amendments_of(session, [d.id for d in documents], as_of)
        by_id = authorities_by_id(session)
    order = authority_order(office.rulebook, by_id)
    return CatalogueSelection(scope, documents, amendments, by_id, order)


def catalogue_note(document: Document, amended: Sequence[Amendment], as_of: dt.date) -> str:
    """备注: 暂行 / 试行, 根据…修改 per amendment, and the 施行日期 of a document published but
    not yet in force on `as_of`, a line each."""
    lines = [_KIND_NOTES[document.kind]] if document.kind in _KIND_NOTES else []
    lines += amended_note(amended)
    if awaiting_effect(document.effective_on, as_of):
        lines.append(f"{date_label(document.effective_on)}起施行")
    return "\n".join(lines)


def make_catalogue(
    *,
    office: Office,
    output: Path,
    as_of: dt.date | None = None,
    authorities: Sequence[str] = (),
    everyone: bool = False,
    validity: bool = False,
    template_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> WordOutput:
    """Write the catalogue; with `validity`, a 有效期至 column (empty where the document states
    no period)."""
    listing = catalogue_data(office=office, as_of=as_of, authorities=authorities, everyone=everyone)
    return write_list(
        "catalogue",
        output,
        listing,
        template_dir=template_dir,
        progress=(lambda done: progress(done, listing.count)) if progress else None,
        cancelled=cancelled,
        left_out=frozenset() if validity else frozenset({VALIDITY_COLUMN}),
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
        amendments = amendments_of(session, [d.id for d in documents], as_of)
        authorities = authorities_by_id(session)

    def row(index: int, d: Document) -> Row:
        end = endings[d.id]
        return {
            "no": str(index),
            "title": book_title(d.title),
            "number": d.doc_number,
            "dates": dates_cell(d.published_on, amendments.get(d.id, [])),
            "ended": ended_cell(end),
            "reason": end.reason,
        }

    if since > _EARLIEST:
        period = f"{date_label(since)}至{date_label(as_of)}"
    else:
        period = f"截至{date_label(as_of)}"
    return DocumentList(
        title=f"{office.rulebook.city_name}废止和失效行政规范性文件目录",
        subtitle=f"（{period}，共{len(documents)}件）",
        groups=grouped(documents, authorities, row, authority_order(office.rulebook, authorities)),
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
