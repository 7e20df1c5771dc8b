"""The register's 备案 column: each document's filings summed up in one short cell.

Due dates are the current ones (`deadlines.current_filing_due`), as on every other screen.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import select

from docfiler.domain import deadlines
from docfiler.domain.labels import days_label
from docfiler.domain.vocabulary import ACCEPTED_RESULTS, is_returned
from docfiler.office import Office
from docfiler.store.sqltext import one_of_ids
from docfiler.store.tables import Filing


@dataclass(frozen=True)
class FilingSummary:
    """备案 column: one short text and a state the UI can colour."""

    text: str
    state: str  # none | done | pending | overdue | returned


def page_filings(session, ids: list[int]) -> list[tuple]:
    """Every filing of the documents `ids` (one page of the register), in the order they were
    registered: (document_id, body, due_on, due_provisional, submitted_on, result, result_on).
    Read once for both the 备案 and the 进度 column; the ids are one parameter, so the
    statement is the same on every page (PostgreSQL prepares it after a few keystrokes)."""
    if not ids:
        return []
    query = _page_filings_query(session.get_bind().dialect.name)
    return session.execute(query, {"ids": ids}).all()


@functools.cache
def _page_filings_query(dialect: str):
    """Built once per database kind (its one parameter is the ids): building it each page
    cost more than running it on SQLite."""
    return (
        select(
            Filing.document_id,
            Filing.body,
            Filing.due_on,
            Filing.due_provisional,
            Filing.submitted_on,
            Filing.result,
            Filing.result_on,
        )
        .where(one_of_ids(Filing.document_id, dialect))
        .order_by(Filing.id)
    )


def filing_states(office: Office, found: list, rows: list[tuple]) -> dict[int, list[tuple]]:
    """(current due date, submitted, result) of each filing (`rows`, as `page_filings` reads
    them) of the documents on the page (`found`)."""
    published = {row[0]: row[4] for row in found}
    filings: dict[int, list[tuple]] = defaultdict(list)
    for document_id, body, due, provisional, submitted, result, _result_on in rows:
        current = deadlines.current_filing_due(
            office.rulebook,
            stored=due,
            provisional=provisional,
            published_on=published[document_id],
            body=body,
        )
        filings[document_id].append((current.date, submitted, result))
    return filings


def summarize_filings(
    filings: list[tuple[dt.date, dt.date | None, str | None]], today: dt.date
) -> FilingSummary:
    """(due, submitted, result) of each filing body → one cell of the register."""
    if not filings:
        return FilingSummary("—", "none")
    returned = [f for f in filings if is_returned(f[2])]
    if returned:
        return FilingSummary(returned[0][2], "returned")
    pending = [f for f in filings if f[1] is None]
    if not pending:
        if all(f[2] in ACCEPTED_RESULTS for f in filings):
            return FilingSummary("已备案登记", "done")
        return FilingSummary("已报送", "done")
    first_due = min(f[0] for f in pending)
    days = (first_due - today).days
    if days < 0:
        return FilingSummary(days_label(days), "overdue")
    return FilingSummary(f"待报送 {len(pending)} 项", "pending")
