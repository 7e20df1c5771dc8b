"""Writes for issuing authorities (制定机关), their agency codes and filing bodies."""

from __future__ import annotations

from sqlmodel import Session, select

from docfiler.domain.vocabulary import AUTHORITY_KINDS
from docfiler.errors import ValidationError
from docfiler.office import Office
from docfiler.services.results import AuthorityAdded
from docfiler.store.audit import audit
from docfiler.store.tables import (
    AgencyCode,
    Authority,
    AuthorityFilingBody,
)


def sync_authorities(*, office: Office) -> int:
    """Add the rulebook's authorities, agency codes and filing bodies that the database lacks.

    Returns the number of authorities added. Anything added (an authority, or a code or filing
    body that an edited rulebook gives an existing one) leaves one audit entry saying what."""
    added = {"authorities": [], "codes": [], "filing_bodies": []}
    with office.transaction() as session:
        for rule in office.rulebook.authorities:
            authority = session.exec(select(Authority).where(Authority.name == rule.name)).first()
            if authority is None:
                authority = Authority(name=rule.name, kind=rule.kind)
                session.add(authority)
                session.flush()
                added["authorities"].append(rule.name)
            codes, bodies = _attach_codes_and_bodies(
                session, authority, rule.codes, rule.filing_bodies
            )
            added["codes"] += [f"{rule.name}：{code}" for code in codes]
            added["filing_bodies"] += [f"{rule.name}：{body}" for body in bodies]
        if any(added.values()):
            audit(
                session,
                office,
                action="sync_authorities",
                entity="authority",
                summary="按规则文件添加"
                + "、".join(
                    f"{label} {len(added[key])} 个"
                    for key, label in SYNC_LABELS.items()
                    if added[key]
                ),
                details=added,
            )
    return len(added["authorities"])


SYNC_LABELS = {"authorities": "制定机关", "codes": "机关代字", "filing_bodies": "备案机关"}


def _attach_codes_and_bodies(
    session: Session, authority: Authority, codes: tuple[str, ...], bodies: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """Give `authority` the codes and filing bodies it lacks; returns those added."""
    new_codes: list[str] = []
    new_bodies: list[str] = []
    for code in codes:
        existing = session.get(AgencyCode, code)
        if existing is None:
            session.add(AgencyCode(code=code, authority_id=authority.id))
            new_codes.append(code)
        elif existing.authority_id != authority.id:
            owner = session.get(Authority, existing.authority_id)
            raise ValidationError(
                f"机关代字“{code}”已属于“{owner.name if owner else existing.authority_id}”，"
                f"不能再分配给“{authority.name}”。"
            )
    for body in bodies:
        if session.get(AuthorityFilingBody, (authority.id, body)) is None:
            session.add(AuthorityFilingBody(authority_id=authority.id, body=body))
            new_bodies.append(body)
    return new_codes, new_bodies


def add_authority(
    *,
    office: Office,
    name: str,
    codes: list[str] | tuple[str, ...] = (),
    kind: str = "department",
    filing_bodies: list[str] | tuple[str, ...] | None = None,
) -> AuthorityAdded:
    name = name.strip()
    if not name:
        raise ValidationError("制定机关名称不能为空。")
    if kind not in AUTHORITY_KINDS:
        raise ValidationError(
            "机关类别只能是 "
            + "、".join(f"{code}（{label}）" for code, label in AUTHORITY_KINDS.items())
            + "。"
        )
    bodies = tuple(filing_bodies) if filing_bodies else office.rulebook.default_filing_bodies(kind)
    for body in bodies:
        office.rulebook.filing_days(body)
    with office.transaction() as session:
        authority = session.exec(select(Authority).where(Authority.name == name)).first()
        created = authority is None
        if authority is None:
            authority = Authority(name=name, kind=kind)
            session.add(authority)
            session.flush()
        _attach_codes_and_bodies(session, authority, tuple(codes), bodies)
        audit(
            session,
            office,
            action="add_authority",
            entity="authority",
            entity_id=authority.id,
            summary=f"{'新增' if created else '更新'}制定机关“{name}”",
            details={"codes": list(codes), "filing_bodies": list(bodies), "kind": kind},
        )
        return AuthorityAdded(
            id=authority.id, name=name, codes=tuple(codes), filing_bodies=tuple(bodies)
        )
