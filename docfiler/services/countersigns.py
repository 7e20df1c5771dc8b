"""Countersign requests (会签) from the superior government and the office's replies."""

from __future__ import annotations

import datetime as dt

from docfiler.domain import deadlines
from docfiler.domain.gates import not_before, not_future
from docfiler.domain.labels import date_label
from docfiler.errors import NotFoundError, ValidationError
from docfiler.office import Office, retried
from docfiler.services.recorded import refuse_overwrite
from docfiler.services.results import CountersignAdded, CountersignReplied
from docfiler.store.audit import audit
from docfiler.store.locking import bump_version
from docfiler.store.tables import (
    Countersign,
)


def add_countersign(
    *,
    office: Office,
    title: str,
    received: dt.date,
    reply_due: dt.date | None = None,
    from_body: str | None = None,
    reference: str | None = None,
) -> CountersignAdded:
    """会签: record a request for opinions from the superior government."""
    from_body = (from_body or "").strip() or office.rulebook.superior_government
    title = (title or "").strip()
    if not title:
        raise ValidationError("会签文件的标题不能为空。")
    not_future(received, office.today(), "收到会签日期")
    if reply_due is None:
        reply_due = deadlines.countersign_reply_due(office.rulebook, received).date
    if reply_due < received:
        raise ValidationError(
            f"答复期限（{date_label(reply_due)}）早于收到日期（{date_label(received)}）。"
        )
    with office.transaction() as session:
        record = Countersign(
            title=title,
            from_body=from_body,
            reference=reference,
            received_on=received,
            reply_due_on=reply_due,
        )
        session.add(record)
        session.flush()
        audit(
            session,
            office,
            action="countersign",
            entity="countersign",
            entity_id=record.id,
            summary=f"收到{from_body}会签《{title}》，{date_label(reply_due)}前答复",
        )
        return CountersignAdded(id=record.id, title=title, reply_due=reply_due)


@retried
def reply_countersign(
    *,
    office: Office,
    countersign_id: int,
    replied: dt.date,
    summary: str | None = None,
    expected_version: int | None = None,
) -> CountersignReplied:
    not_future(replied, office.today(), "答复日期")
    with office.transaction() as session:
        record = session.get(Countersign, countersign_id)
        if record is None:
            raise NotFoundError(f"没有编号为 {countersign_id} 的会签事项。")
        not_before(replied, record.received_on, "答复日期", "收到日期")
        bump_version(
            session,
            record,
            expected_version,
            "该会签事项已被其他人修改。本次保存未执行；请刷新后再试。",
        )
        if record.replied_on is not None:
            refuse_overwrite(
                f"会签《{record.title}》的答复",
                f"{date_label(record.replied_on)}答复"
                + (f"（{record.reply_summary}）" if record.reply_summary else ""),
            )
        record.replied_on = replied
        record.reply_summary = summary
        session.add(record)
        audit(
            session,
            office,
            action="countersign_reply",
            entity="countersign",
            entity_id=record.id,
            summary=f"答复{record.from_body}会签《{record.title}》（{date_label(replied)}）",
        )
        return CountersignReplied(id=record.id, replied=replied)
