"""The last check before anything is written: no invisible control character in a text column,
no date outside the register's bounds — whichever service (or import, or form) wrote it.

Services check what they are given with messages naming the field as the form does; this
guard, run before every flush of a write transaction, makes the rule hold for every table and
every path, so a Word output can never be broken by stored text (issue 14, items 5 and 7).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import event, inspect
from sqlmodel import Session, SQLModel

from docfiler.domain.gates import FUTURE_YEARS, MAX_VALID_YEARS, date_in_bounds
from docfiler.domain.text_checks import check_text
from docfiler.errors import ValidationError
from docfiler.store.tables import AuditEntry, Document, DocumentBody, OfficeState

TEXT_LABELS = {
    "title": "标题",
    "doc_number": "文号",
    "number": "文号",
    "drafting_unit": "起草单位",
    "registration_number": "登记号",
    "signed_by": "签发人",
    "publication_channel": "公布载体",
    "name": "名称",
    "meeting": "会议名称",
    "minutes_number": "会议纪要号",
    "receipt_number": "回执号",
    "reviewer": "审核人",
    "method": "听取意见方式",
    "body": "备案机关",
    "from_body": "来文单位",
    "reference": "来文文号",
    "decided_by": "决定人",
    "basis": "依据",
}
"""Single-line fields; every other text column is multi-line (notes, reasons, opinions)."""

MULTILINE_LABELS = {
    "note": "备注",
    "repeal_reason": "废止理由",
    "invalid_reason": "失效理由",
    "reason": "理由",
    "summary": "意见摘要",
    "opinion": "审核意见",
    "conclusion": "审查结论",
    "reply_summary": "答复摘要",
    "change_note": "修改说明",
    "flag": "提示",
    "authorities": "机关",
}

DATE_LABELS = {
    "published_on": "公布日期",
    "effective_on": "施行日期",
    "repealed_on": "废止日期",
    "declared_invalid_on": "宣布失效日期",
    "valid_until": "有效期截止日",
    "on_date": "关系日期",
    "signed_on": "签发日期",
    "heard_on": "听取意见日期",
    "submitted_on": "报送日期",
    "finished_on": "完成日期",
    "revised_on": "修改完成日期",
    "decided_on": "会议日期",
    "result_on": "备案意见日期",
    "reviewed_on": "审查日期",
    "received_on": "收到日期",
    "replied_on": "答复日期",
    "evaluated_on": "评估日期",
    "corrected_on": "更正日期",
    "started_on": "开始日期",
    "changed_on": "修改日期",
    "due_on": "期限",
    "reply_due_on": "答复期限",
}

_UNCHECKED = (AuditEntry, DocumentBody, OfficeState)  # copies, bodies read from files, state


def guard_writes(session: Session, today: Callable[[], dt.date]) -> None:
    """Check every new or changed row of `session` before it is flushed."""

    def before_flush(session: Session, _context, _instances) -> None:
        day = today()
        for row in session.new:
            if isinstance(row, SQLModel) and not isinstance(row, _UNCHECKED):
                check_row(row, day, row.__table__.columns.keys())
        for row in session.dirty:
            if isinstance(row, SQLModel) and not isinstance(row, _UNCHECKED):
                state = inspect(row)
                changed = [a.key for a in state.attrs if a.history.has_changes()]
                check_row(row, day, changed)

    event.listen(session, "before_flush", before_flush)


# A text later copied into a shorter column is held to that column's length when it is written
# (a cleanup decision's reason becomes the document's 废止理由 / 失效理由 when the campaign
# finishes): accepting it first would make the finish fail every time.
COPIED_INTO = {("cleanupitem", "reason"): Document.__table__.c.repeal_reason}


def _length_limit(row: SQLModel, name: str) -> int | None:
    table = row.__table__
    limits = [getattr(table.c[name].type, "length", None)] if name in table.c else []
    if (copied := COPIED_INTO.get((table.name, name))) is not None:
        limits.append(copied.type.length)
    found = [n for n in limits if n]
    return min(found) if found else None


def check_length(row: SQLModel, name: str, value: str, label: str) -> None:
    """One length limit on every database: SQLite would store any length, PostgreSQL refuses
    what is longer than the column; both now refuse it here, in Chinese."""
    limit = _length_limit(row, name)
    if limit is not None and len(value) > limit:
        raise ValidationError(
            f"{label}太长：最多 {limit} 个字，现在有 {len(value)} 个字。请删减后重新输入。"
        )


def check_row(row: SQLModel, today: dt.date, names) -> None:
    """Check the columns `names` of `row` (for a changed row, only what changed)."""
    for name in names:
        value = getattr(row, name, None)
        if isinstance(value, str):
            checked_value(row, name, value)
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            years = FUTURE_YEARS + (MAX_VALID_YEARS if name == "valid_until" else 0)
            label = DATE_LABELS.get(name, "日期")
            date_in_bounds(value, today, label, future_years=years)


def checked_value(model: SQLModel | type[SQLModel], name: str, value: str | None) -> str | None:
    """`value` for `model.name` checked as the guard checks every text column (also for writes
    made with a Core UPDATE, which the guard does not see); returned unchanged."""
    if value is not None:
        label = MULTILINE_LABELS.get(name) or TEXT_LABELS.get(name, "填写的内容")
        check_text(value, label, multiline=name in MULTILINE_LABELS)
        check_length(model, name, value, label)
    return value
