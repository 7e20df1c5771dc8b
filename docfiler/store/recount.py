"""Stored due dates kept in step with the holiday data and filing periods they were counted from.

A filing's due date is stored when the document is published; a unit's filed document (收文) stores
the date it was due with this office, counted from its publication. When the State Council's holiday
notice for a year is entered (a `[holidays.YYYY]` section), a newer calendar package arrives, or
the office changes a filing period, the rulebook's `deadline_basis` changes; then every open
filing's due date is counted again (and every unit's document not yet received, or received while
its due date was still 暂定, with its days late), in one transaction with one audit entry listing each change,
the next time the database is opened (`Office.open`) or with `docfiler recount`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session, select

from docfiler.domain import deadlines
from docfiler.rules.rulebook import Rulebook
from docfiler.store.audit import HasOperator, audit
from docfiler.store.direct import BASIS_KEY
from docfiler.store.tables import (
    Authority,
    Document,
    Filing,
    IncomingFiling,
    OfficeState,
    utcnow,
)


@dataclass(frozen=True)
class Recounted:
    checked: int
    """Open filings counted again (0 when the basis had not changed)."""
    changes: list[dict[str, str]] = field(default_factory=list)
    """Each changed filing: number, body, from, to (ISO dates, 暂定 marked); a unit's filed
    document has `unit` (who files it with this office) instead of `body`."""
    ran: bool = True
    incoming_checked: int = 0
    """Units' filed documents counted again: not yet received, or received while 暂定."""


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
    incoming = _recount_incoming(session, rules, changes)
    _remember(session, state, rules.deadline_basis)
    if changes:
        checked = f"{len(rows)} 项未报送备案" + (f"和 {incoming} 件收文" if incoming else "")
        audit(
            session,
            who,
            action="recount",
            entity="filing",
            summary=f"节假日安排或备案期限有变：重新计算 {checked}的期限，其中 {len(changes)} 项改变",
            details={"basis": rules.deadline_basis, "changes": changes},
        )
    return Recounted(len(rows), changes, incoming_checked=incoming)


def _recount_incoming(session: Session, rules: Rulebook, changes: list[dict[str, str]]) -> int:
    """The date each unit's document was due with this office, counted again where it can still
    change: not received yet, or received while the date was 暂定 (its days late follow)."""
    rows = session.exec(
        select(IncomingFiling, Authority.name)
        .join(Authority, Authority.id == IncomingFiling.authority_id)
        .where(
            IncomingFiling.published_on.is_not(None),
            IncomingFiling.received_on.is_(None) | IncomingFiling.due_provisional,
        )
        .order_by(IncomingFiling.id)
    ).all()
    for row, unit in rows:
        due = deadlines.inbox_filing_due(rules, row.published_on)
        if (due.date, due.provisional) == (row.due_on, row.due_provisional):
            continue
        changes.append(
            {
                "number": row.doc_number,
                "unit": unit,
                "from": _label(row.due_on, row.due_provisional),
                "to": _label(due.date, due.provisional),
            }
        )
        row.due_on, row.due_provisional = due.date, due.provisional
        if row.received_on is not None:
            row.late_days = max(0, (row.received_on - due.date).days)
        row.version += 1
        session.add(row)
    return len(rows)


def _remember(session: Session, state: OfficeState | None, basis: str) -> None:
    if state is None:
        state = OfficeState(key=BASIS_KEY, value=basis, changed_at=utcnow())
    else:
        state.value, state.changed_at = basis, utcnow()
    session.add(state)


def _label(day: dt.date | None, provisional: bool) -> str:
    if day is None:
        return "未计算"
    return day.isoformat() + ("（暂定）" if provisional else "")
