"""Cleanups finished before docfiler was used, recorded so reminders know when the last one was."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from docfiler.domain.gates import not_before, not_future
from docfiler.domain.labels import date_label
from docfiler.errors import ValidationError
from docfiler.office import Office
from docfiler.services.results import CampaignRef
from docfiler.store.audit import audit
from docfiler.store.tables import CleanupCampaign
from docfiler.store.write_locks import hold_named_lock


def record_finished_cleanup(
    *, office: Office, name: str, as_of: dt.date, finished: dt.date, basis: str | None = None
) -> CampaignRef:
    """Record a cleanup campaign finished outside docfiler (e.g. before it was used)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("清理活动名称不能为空。")
    not_before(finished, as_of, "清理完成日期", "清理基准日")
    not_future(finished, office.today(), "清理完成日期")
    with office.transaction() as session:
        hold_named_lock(session, "cleanup")  # the same lock as cleanup start: names stay unique
        if session.exec(select(CleanupCampaign.id).where(CleanupCampaign.name == name)).first():
            raise ValidationError(f"清理活动“{name}”已存在。")
        campaign = CleanupCampaign(
            name=name, basis=basis, as_of=as_of, started_on=as_of, finished_on=finished
        )
        session.add(campaign)
        session.flush()
        audit(
            session,
            office,
            action="cleanup_recorded",
            entity="cleanup",
            entity_id=campaign.id,
            summary=f"登记已完成的清理“{name}”（{date_label(finished)}完成）",
        )
        return CampaignRef(id=campaign.id, name=name)
