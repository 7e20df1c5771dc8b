"""Cleanup campaigns restored from docfiler's workbook (its 清理决定 sheet).

A campaign cannot be replayed through `cleanup start` / `decide` / `finish`: those build the
worklist from the register as it is now, date the start today and stamp each decision with the
clock and the operator of the moment. So the campaign, its documents and their decisions are
restored as recorded, under the rules those services apply to each value: a unique name (one
open campaign at a time), a finish not before the as-of date nor after today, a decision from
the four of 辽宁省人民政府令第237号 with a reason where one is required, an amending document
that had not itself ended when the decision was made, authorities that are registered. The ends
of force the campaign applied are on the 文件 sheet and were restored with the documents.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING

from sqlmodel import select

from docfiler.domain.gates import not_before, not_future
from docfiler.domain.labels import date_label
from docfiler.domain.vocabulary import CLEANUP_DECISIONS
from docfiler.errors import ValidationError
from docfiler.services.cleanup import NEEDS_REASON, refuse_second_campaign
from docfiler.services.cleanup_amending import amending_id
from docfiler.services.sheet_restore_documents import day, text
from docfiler.services.sheet_workbook import Row, require
from docfiler.store.audit import audit
from docfiler.store.lookups import find_authority, load_document
from docfiler.store.tables import CleanupCampaign, CleanupCorrection, CleanupItem
from docfiler.store.write_locks import hold_named_lock

if TYPE_CHECKING:
    from docfiler.services.sheet_restorer import Restorer

_CORRECTION = re.compile(
    r"^(?P<on>\d{4}-\d{2}-\d{2}) 由“(?P<before>[^”]*)”改为“(?P<after>[^”]*)”："
    r"(?P<reason>.*)（(?P<operator>[^（）]*)）$",
    re.S,
)
_NEXT_CORRECTION = re.compile(r"；(?=\d{4}-\d{2}-\d{2} 由“)")


def restore_campaigns(restorer: Restorer) -> None:
    """Each campaign, then each of its documents with the decision on it."""
    groups: dict[str, list[Row]] = {}
    for row in restorer.book.rows("清理决定"):
        groups.setdefault(str(row["清理活动"] or ""), []).append(row)
    for name, rows in groups.items():
        found: list[CleanupCampaign] = []
        write = lambda f=found, n=name, r=rows[0]: f.append(_campaign(restorer, n, r))  # noqa: E731
        if not restorer.attempt(rows[0], write, counted="清理活动"):
            for row in rows[1:]:
                if row["文号"] is not None:
                    restorer.fail(row, f"清理活动“{name}”未能恢复（见第 {rows[0].number} 行）")
            continue
        for row in rows:
            if row["文号"] is not None:
                item = lambda r=row, c=found[0]: _item(restorer, c, r)  # noqa: E731
                restorer.attempt(row, item, counted="清理决定")


def _campaign(restorer: Restorer, name: str, row: Row) -> CleanupCampaign:
    session, today = restorer.session, restorer.office.today()
    if not name:
        raise ValidationError("清理活动名称为空。")
    as_of = day(row, "清理基准日")
    if as_of is None:
        raise ValidationError(f"清理活动“{name}”没有清理基准日。")
    finished, started = day(row, "完成日期"), day(row, "开始日期") or as_of
    not_future(started, today, "清理开始日期")
    if finished is not None:
        not_before(finished, as_of, "清理完成日期", "清理基准日")
        not_future(finished, today, "清理完成日期")
    hold_named_lock(session, "cleanup")  # as cleanup start: names unique, one open campaign
    if finished is None:
        refuse_second_campaign(session, name)
    elif session.exec(select(CleanupCampaign.id).where(CleanupCampaign.name == name)).first():
        raise ValidationError(f"已有名为“{name}”的清理活动，请换一个名称。")
    scope = [part for part in (text(row, "清理范围") or "").split("、") if part]
    for authority in scope:
        find_authority(session, authority)
    campaign = CleanupCampaign(
        name=name,
        basis=text(row, "清理依据"),
        as_of=as_of,
        started_on=started,
        finished_on=finished,
        authorities=json.dumps(scope, ensure_ascii=False) if scope else None,
    )
    session.add(campaign)
    session.flush()
    audit(
        session,
        restorer.office,
        action="cleanup_restored",
        entity="cleanup",
        entity_id=campaign.id,
        summary=f"据导出的工作簿恢复清理活动“{name}”（基准日{date_label(as_of)}）",
    )
    return campaign


def _item(restorer: Restorer, campaign: CleanupCampaign, row: Row) -> None:
    """One document of the campaign with its decision (if made) and the corrections of it."""
    session = restorer.session
    number = str(require(row, "文号"))
    if restorer.missing_quiet(number):
        raise ValidationError(f"文件 {number} 未能恢复（见{restorer.failed[number].where()}）")
    document = load_document(session, number)
    decision, reason = text(row, "清理决定"), text(row, "理由")
    decided_on = day(row, "决定日期")
    if decision is not None:
        if decision not in CLEANUP_DECISIONS:
            raise ValidationError(
                f"清理意见“{decision}”无效，只能是：{'、'.join(CLEANUP_DECISIONS)}。"
            )
        if decision in NEEDS_REASON and not reason:
            raise ValidationError(f"清理意见为“{decision}”的，须写明理由。")
    amended = text(row, "修改决定文号")
    if amended and decision != "修改":
        raise ValidationError("只有清理意见为“修改”时才能填写修改文件的文号。")
    on = decided_on or campaign.finished_on or restorer.office.today()
    session.add(
        CleanupItem(
            campaign_id=campaign.id,
            document_id=document.id,
            drafting_unit=text(row, "起草单位"),
            flag=text(row, "提示"),
            decision=decision,
            reason=reason,
            amended_by_id=amending_id(session, document, amended, on),
            decided_at=_local_midnight(decided_on),
            decided_by=text(row, "决定人"),
        )
    )
    for correction in _corrections(row):
        session.add(
            CleanupCorrection(campaign_id=campaign.id, document_id=document.id, **correction)
        )


def _local_midnight(day_: dt.date | None) -> dt.datetime | None:
    """A decision's day as a time: the start of that day on this machine's clock (the export
    keeps the day only)."""
    if day_ is None:
        return None
    return dt.datetime.combine(day_, dt.time()).astimezone().astimezone(dt.UTC)


def _corrections(row: Row) -> list[dict]:
    """The 更正记录 cell read back: ``2026-12-01 由“继续有效”改为“废止”：理由（操作人）；…``."""
    cell = text(row, "更正记录")
    if not cell:
        return []
    found = []
    for part in _NEXT_CORRECTION.split(cell):
        match = _CORRECTION.match(part.strip())
        if match is None or match["after"] not in CLEANUP_DECISIONS:
            raise ValidationError(
                f"更正记录“{part}”无法识别：应为“日期 由“原意见”改为“新意见”：理由（操作人）”。"
            )
        found.append(
            {
                "from_decision": match["before"],
                "to_decision": match["after"],
                "reason": match["reason"],
                "corrected_on": dt.date.fromisoformat(match["on"]),
                "operator": match["operator"],
            }
        )
    return found
