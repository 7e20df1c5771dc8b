"""Reads about issuing authorities and whether the register holds anything yet."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from docfiler.domain.vocabulary import (
    filing_body_order,
)
from docfiler.office import Office
from docfiler.store.tables import (
    AgencyCode,
    Authority,
    AuthorityFilingBody,
    Document,
)


def has_documents(*, office: Office) -> bool:
    with office.reading() as session:
        return session.exec(select(Document.id).limit(1)).first() is not None


def list_authorities(*, office: Office) -> list[dict[str, Any]]:
    with office.reading() as session:
        authorities = session.exec(select(Authority).order_by(Authority.id)).all()
        codes: dict[int, list[str]] = {}
        for code in session.exec(select(AgencyCode).order_by(AgencyCode.code)):
            codes.setdefault(code.authority_id, []).append(code.code)
        bodies: dict[int, list[str]] = {}
        for row in session.exec(select(AuthorityFilingBody)):
            bodies.setdefault(row.authority_id, []).append(row.body)
        return [
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "codes": codes.get(a.id, []),
                "filing_bodies": sorted(bodies.get(a.id, []), key=filing_body_order),
            }
            for a in authorities
        ]
