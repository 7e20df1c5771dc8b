"""Stored due dates kept in step with the holiday data and filing periods they were counted from.

A filing's due date is stored when the document is published. When the State Council's holiday
notice for a year is entered (a `[holidays.YYYY]` section), a newer calendar package arrives, or
the office changes a filing period, the rulebook's `deadline_basis` changes; then every open
filing's due date is counted again, in one transaction with one audit entry listing each change,
the next time the database is opened (`Office.open`) or with `docfiler recount`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session, select

from docfiler.domain import deadlines
from docfiler.rules.rulebook import Rulebook
from docfiler.store.audit import HasOperator, audit
from docfiler.store.tables import Document, Filing, OfficeState, utcnow

BASIS_KEY = "deadline_basis"


@dataclass(frozen=True)
class Recounted:
    checked: int
    """Open filings counted again (0 when the basis had not changed)."""
    changes: list[dict[str, str]] = field(default_factory=list)
    """Each changed filing: number, body, from, to (ISO dates, 暂定 marked)."""
    ran: bool = True


def basis_changed(session: Session, rules: Rulebook) -> bool:
    state = session.get(OfficeState, BASIS_KEY)
    return state is None or state.value != rules.deadline_basis


def recount_due_dates(
    session: Session, rules: Rulebook, who: HasOperator, *, force: bool = False
) -> Recounted:
    """Count every open filing's due date again if the basis changed (or `force`)."""
    state = session.exec(
        select(OfficeState).where(OfficeState.key == BASIS_KEY).with_for_update()
    ).first()
    if state is not None and state.value == rules.deadline_basis and not force:
        return Recounted(0, ran=False)
    rows = session.exec(
        select(Filing, Document.doc_number, Document.published_on)
        .join(Document, Document.id == Filing.document_id)
        .where(Filing.submitted_on.is_(None), Document.published_on.is_not(None))
        .order_by(Filing.id)
    ).all()
    changes = []
    for filing, number, published in rows:
        due = deadlines.filing_due(rules, published, filing.body)
        if (due.date, due.provisional) != (filing.due_on, filing.due_provisional):
            changes.append(
                {
                    "number": number,
                    "body": filing.body,
                    "from": _label(filing.due_on, filing.due_provisional),
                    "to": _label(due.date, due.provisional),
                }
            )
            filing.due_on, filing.due_provisional = due.date, due.provisional
            filing.version += 1
            session.add(filing)
    _remember(session, state, rules.deadline_basis)
    if changes:
        audit(
            session,
            who,
            action="recount",
            entity="filing",
            summary=f"节假日安排或备案期限有变：重新计算 {len(rows)} 项未报送备案的期限，"
            f"其中 {len(changes)} 项改变",
            details={"basis": rules.deadline_basis, "changes": changes},
        )
    return Recounted(len(rows), changes)


def _remember(session: Session, state: OfficeState | None, basis: str) -> None:
    if state is None:
        state = OfficeState(key=BASIS_KEY, value=basis, changed_at=utcnow())
    else:
        state.value, state.changed_at = basis, utcnow()
    session.add(state)


def _label(day: dt.date, provisional: bool) -> str:
    return day.isoformat() + ("（暂定）" if provisional else "")
