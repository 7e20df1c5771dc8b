"""Small reads for pickers: the register's filter choices, "open by number", countersigns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import select

from docfiler.domain import docnumber
from docfiler.office import Office
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


def numbers_matching(*, office: Office, text: str, limit: int = 8) -> list[tuple[str, str]]:
    """(doc number, title) of documents whose number starts like `text` (any accepted form).

    For "open by number" in the command palette: an index-friendly prefix LIKE.
    """
    prefix = docnumber.search_variants(text)
    if prefix is None:
        parsed = docnumber.try_parse(text)
        if parsed is None:
            return []
        prefix = str(parsed)
    query = (
        select(Document.doc_number, Document.title)
        .where(Document.doc_number.startswith(prefix, autoescape=True))
        .order_by(Document.year.desc(), Document.serial)
        .limit(limit)
    )
    with office.reading() as session:
        return [(number, title) for number, title in session.exec(query).all()]


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
