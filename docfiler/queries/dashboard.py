"""What the dashboard opens on: the register's counts and every reminder, read through the SQL
compiled ahead (reminder_sql.py), on the office's connection or on a direct one.

The terminal UI reads this first through `docfiler.store.direct` — no SQLAlchemy, so the clerk
sees the day's work about half a second sooner — and again through the office once it is open.
This module imports no SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docfiler.queries.reminders import Reminder, Rows, collect, statement_rows

if TYPE_CHECKING:
    from docfiler.store.direct import DirectRegister


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    reminders: list[Reminder]
    counts: dict[str, int]
    """total (登记簿共), in_force (现行有效), under_review (合法性审核中), filings_pending
    (待报送备案)."""


def counts(rows: Rows, as_of: dt.date) -> dict[str, int]:
    """The dashboard's counts on `as_of`."""

    def count(name: str, **params: dt.date) -> int:
        return int(rows(name, **params)[0][0])

    return {
        "total": count("document_count"),
        "in_force": count("in_force_count", today=as_of),
        "under_review": count("under_review_count"),
        "filings_pending": count("unsubmitted_count"),
    }


def read_direct(register: DirectRegister) -> Dashboard:
    """The dashboard from a register opened directly (closed afterwards)."""
    try:
        rows = statement_rows(register.dialect, register.execute)
        today = register.today()
        return Dashboard(today, collect(rows, register.rulebook, today), counts(rows, today))
    finally:
        register.close()
