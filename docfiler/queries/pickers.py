"""Small reads for pickers: the register's filter choices, "open a document", countersigns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import select

from docfiler.office import Office
from docfiler.queries.search import match_spans, reads_as_fragment, search_clause
from docfiler.store.tables import Authority, Countersign, Document


@dataclass(frozen=True)
class FilterChoices:
    years: list[int]
    authorities: list[str]


def filter_choices(*, office: Office) -> FilterChoices:
    """The years and issuing authorities the register's filters offer (both small lists)."""
    with office.reading() as session:
        years = session.exec(
            select(Document.year)
            .where(Document.year.is_not(None))
            .distinct()
            .order_by(Document.year.desc())
        ).all()
        authorities = session.exec(select(Authority.name).order_by(Authority.id)).all()
    return FilterChoices(years=list(years), authorities=list(authorities))


@dataclass(frozen=True)
class FoundDocument:
    """A document the palette offers to open, with where the search matched it."""

    number: str
    title: str
    number_marks: tuple[tuple[int, int], ...]
    title_marks: tuple[tuple[int, int], ...]


def documents_matching(*, office: Office, text: str, limit: int = 8) -> list[FoundDocument]:
    """Documents the search box's `text` finds (any piece of a number, title words), newest
    first: for "open a document" in the command palette."""
    text = (text or "").strip()
    if not text:
        return []
    with office.reading() as session:
        fragments = reads_as_fragment(session, text)
        query = (
            select(Document.doc_number, Document.title)
            .where(search_clause(text, fragments=fragments))
            .order_by(Document.year.desc(), Document.serial.desc(), Document.id.desc())
            .limit(limit)
        )
        rows = session.exec(query).all()
    found = []
    for number, title in rows:
        in_number, in_title = match_spans(text, number, title)
        found.append(FoundDocument(number, title, tuple(in_number), tuple(in_title)))
    return found


@dataclass(frozen=True)
class CountersignRow:
    id: int
    title: str
    from_body: str
    reference: str | None
    received_on: dt.date
    reply_due_on: dt.date
    replied_on: dt.date | None
    version: int


def countersigns(*, office: Office, open_only: bool = True) -> list[CountersignRow]:
    """会签 requests, the unanswered ones first by reply date."""
    query = select(Countersign).order_by(Countersign.reply_due_on, Countersign.id)
    if open_only:
        query = query.where(Countersign.replied_on.is_(None))
    with office.reading() as session:
        return [
            CountersignRow(
                id=c.id,
                title=c.title,
                from_body=c.from_body,
                reference=c.reference,
                received_on=c.received_on,
                reply_due_on=c.reply_due_on,
                replied_on=c.replied_on,
                version=c.version,
            )
            for c in session.exec(query).all()
        ]
