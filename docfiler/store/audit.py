"""The audit trail: who did what, when, and what changed. Every write records one entry."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from docfiler.office import Office
from docfiler.store.tables import (
    AuditEntry,
    utcnow,
)


def audit(
    session: Session,
    office: Office,
    *,
    action: str,
    entity: str,
    summary: str,
    entity_id: int | None = None,
    document_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=utcnow(),
            operator=office.operator,
            action=action,
            entity=entity,
            entity_id=entity_id,
            document_id=document_id,
            summary=summary,
            details=json.dumps(details, ensure_ascii=False, default=str) if details else None,
        )
    )

