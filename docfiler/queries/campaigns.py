"""Reads for periodic cleanup (定期清理): flagged documents, a campaign's progress and worklist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func
from sqlmodel import Session, select

from docfiler.domain.labels import basis_flags
from docfiler.domain.vocabulary import CLEANUP_DECISIONS
from docfiler.office import Office
from docfiler.store.lookups import find_campaign
from docfiler.store.status_sql import in_force_clause
from docfiler.store.tables import CleanupCampaign, CleanupItem, Document, HigherLaw, LegalBasis


@dataclass(frozen=True)
class DecisionTotals:
    """How many documents a cleanup keeps, amends, repeals and declares invalid."""

    kept: int = 0
    amended: int = 0
    repealed: int = 0
    declared_invalid: int = 0

    @classmethod
    def from_counts(cls, counts: dict[str, int]) -> DecisionTotals:
        """From counts keyed by the decision's legal term (继续有效 / 修改 / 废止 / 宣布失效)."""
        return cls(
            kept=counts.get("继续有效", 0),
            amended=counts.get("修改", 0),
            repealed=counts.get("废止", 0),
            declared_invalid=counts.get("宣布失效", 0),
        )


@dataclass(frozen=True)
class FinishPreview:
    """What finishing a campaign would do, for the confirmation the clerk reads first."""

    undecided: int
    totals: DecisionTotals


def flagged_select(as_of: Any, *columns: Any):
    """The SELECT behind `flagged_documents`: (document id, *columns, the law's title, number,
    status, changed on), one row per changed law, in document order. `as_of` may be a date or
    a bound parameter (docfiler.queries.reminder_statements)."""
    cleaned_since = exists().where(
        CleanupItem.document_id == Document.id,
        CleanupItem.campaign_id == CleanupCampaign.id,
        CleanupCampaign.finished_on.is_not(None),
        CleanupCampaign.finished_on >= HigherLaw.changed_on,
    )
    # From the (few) changed laws outwards, so the register itself is never scanned.
    return (
        select(
            Document.id,
            *columns,
            HigherLaw.title,
            HigherLaw.number,
            HigherLaw.status,
            HigherLaw.changed_on,
        )
        .select_from(HigherLaw)
        .join(LegalBasis, LegalBasis.higher_law_id == HigherLaw.id)
        .join(Document, Document.id == LegalBasis.document_id)
        .where(
            HigherLaw.status != "现行",
            HigherLaw.changed_on.is_not(None),
            in_force_clause(Document, as_of),
            ~cleaned_since,
        )
        .order_by(Document.id, HigherLaw.changed_on)
    )


def flagged_documents(session: Session, as_of: dt.date) -> dict[int, str]:
    """Documents in force whose legal basis changed since they were last cleaned up: 需清理."""
    changed = session.exec(
        select(HigherLaw.id).where(HigherLaw.status != "现行", HigherLaw.changed_on.is_not(None))
    ).first()
    if changed is None:
        return {}
    return basis_flags(session.exec(flagged_select(as_of)).all())


def current_campaign(*, office: Office) -> int | None:
    """The campaign still open, else the one started last; None when there is none yet.

    What the campaign screen shows when no campaign is named.
    """
    with office.reading() as session:
        open_one = session.exec(
            select(CleanupCampaign.id).where(CleanupCampaign.finished_on.is_(None))
        ).first()
        if open_one is not None:
            return open_one
        return session.exec(
            select(CleanupCampaign.id).order_by(CleanupCampaign.id.desc()).limit(1)
        ).first()


def campaign_status(*, office: Office, campaign: str | int) -> dict[str, Any]:
    """Progress: decided / total, per drafting unit, and what is still undecided."""
    with office.reading() as session:
        found = find_campaign(session, campaign)
        per_unit = session.exec(
            select(
                CleanupItem.drafting_unit,
                func.count(),
                func.count(CleanupItem.decision),
            )
            .where(CleanupItem.campaign_id == found.id)
            .group_by(CleanupItem.drafting_unit)
            .order_by(CleanupItem.drafting_unit)
        ).all()
        decisions = dict(
            session.exec(
                select(CleanupItem.decision, func.count())
                .where(CleanupItem.campaign_id == found.id, CleanupItem.decision.is_not(None))
                .group_by(CleanupItem.decision)
            ).all()
        )
        undecided = session.exec(
            select(Document.doc_number, Document.title, CleanupItem.drafting_unit)
            .join(CleanupItem, CleanupItem.document_id == Document.id)
            .where(CleanupItem.campaign_id == found.id, CleanupItem.decision.is_(None))
            .order_by(CleanupItem.drafting_unit, Document.year, Document.serial)
            .limit(200)
        ).all()
    total = sum(row[1] for row in per_unit)
    decided = sum(row[2] for row in per_unit)
    return {
        "id": found.id,
        "name": found.name,
        "basis": found.basis,
        "as_of": found.as_of.isoformat(),
        "started": found.started_on.isoformat(),
        "finished": found.finished_on.isoformat() if found.finished_on else None,
        "total": total,
        "decided": decided,
        "decisions": {d: decisions.get(d, 0) for d in CLEANUP_DECISIONS},
        "units": [
            {"drafting_unit": unit or "（未填起草单位）", "total": count, "decided": done}
            for unit, count, done in per_unit
        ],
        "undecided": [
            {"doc_number": n, "title": t, "drafting_unit": u or "（未填起草单位）"}
            for n, t, u in undecided
        ],
    }


def campaign_items(
    *,
    office: Office,
    campaign: str | int,
    drafting_unit: str | None = None,
    undecided_only: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    """One page of the worklist, for the campaign screen."""
    with office.reading() as session:
        found = find_campaign(session, campaign)
        conditions = [CleanupItem.campaign_id == found.id]
        if drafting_unit:
            conditions.append(CleanupItem.drafting_unit == drafting_unit)
        if undecided_only:
            conditions.append(CleanupItem.decision.is_(None))
        total = session.exec(select(func.count()).select_from(CleanupItem).where(*conditions)).one()
        rows = session.exec(
            select(CleanupItem, Document.doc_number, Document.title, Document.published_on)
            .join(Document, Document.id == CleanupItem.document_id)
            .where(*conditions)
            .order_by(CleanupItem.drafting_unit, Document.year, Document.serial, Document.id)
            .limit(limit)
            .offset(offset)
        ).all()
        items = [
            {
                "doc_number": number,
                "title": title,
                "published": published.isoformat() if published else None,
                "drafting_unit": item.drafting_unit,
                "flag": item.flag,
                "decision": item.decision,
                "reason": item.reason,
                "version": item.version,
            }
            for item, number, title, published in rows
        ]
    return {
        "campaign": found.name,
        "finished": found.finished_on is not None,
        "total": total,
        "items": items,
    }


def finish_consequences(*, office: Office, campaign: str | int) -> FinishPreview:
    """What finishing would do, for the confirmation dialog."""
    status = campaign_status(office=office, campaign=campaign)
    return FinishPreview(
        undecided=status["total"] - status["decided"],
        totals=DecisionTotals.from_counts(status["decisions"]),
    )
