"""The audit trail: who did what, when, and what changed. Every write records one entry."""

from __future__ import annotations

import json
from typing import Any, Protocol

from sqlmodel import Session

from docfiler.store.tables import AuditEntry, utcnow


class HasOperator(Protocol):
    """Who is writing: the Office passed to every service."""

    operator: str


def audit(
    session: Session,
    office: HasOperator,
    *,
    action: str,
    entity: str,
    summary: str,
    entity_id: int | None = None,
    document_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Record one write in the session's transaction: it commits or rolls back with the write."""
    session.add(
        AuditEntry(
            at=utcnow(),
            operator=office.operator,
            action=action,
            entity=entity,
            entity_id=entity_id,
            document_id=document_id,
            summary=fit_summary(summary),
            details=json.dumps(details, ensure_ascii=False, default=str) if details else None,
        )
    )


def fit_summary(text: str) -> str:
    """A summary that quotes what the clerk typed (a long reason) is shortened to fit its column,
    on every database alike, rather than failing the write it records; the full text stays in
    the row the write changed."""
    limit = AuditEntry.__table__.c.summary.type.length
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"
