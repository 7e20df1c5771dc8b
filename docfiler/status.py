"""Status derived from dated events, for any date, in Python and as a SQL expression."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, or_

STATUS_LABELS = {
    "draft": "草案",
    "published": "已公布未施行",
    "in_force": "现行有效",
    "lapsed": "已失效",
    "repealed": "已废止",
    "declared_invalid": "已宣布失效",
}
STATUS_BY_LABEL = {label: code for code, label in STATUS_LABELS.items()}


def parse_status(text: str) -> str:
    """Accept a status code (in_force) or its Chinese label (现行有效)."""
    from docfiler.errors import ValidationError

    value = text.strip()
    if value in STATUS_LABELS:
        return value
    if value in STATUS_BY_LABEL:
        return STATUS_BY_LABEL[value]
    choices = "、".join(f"{code}（{label}）" for code, label in STATUS_LABELS.items())
    raise ValidationError(f"状态“{text}”无法识别，可选：{choices}。")


def document_status(
    *,
    published_on: dt.date | None,
    effective_on: dt.date | None,
    valid_until: dt.date | None,
    repealed_on: dt.date | None,
    declared_invalid_on: dt.date | None,
    as_of: dt.date,
) -> str:
    """The status of a document on `as_of`. The earliest end event wins."""
    if published_on is None or published_on > as_of:
        return "draft"
    if effective_on is not None and effective_on > as_of:
        return "published"
    # (day, order, status): lapsing happens after the whole last valid day, so an act on
    # valid_until itself comes first (order 0 < 1); on a tie, declared_invalid < repealed.
    ends: list[tuple[dt.date, int, str]] = []
    if declared_invalid_on is not None and declared_invalid_on <= as_of:
        ends.append((declared_invalid_on, 0, "declared_invalid"))
    if repealed_on is not None and repealed_on <= as_of:
        ends.append((repealed_on, 0, "repealed"))
    if valid_until is not None and valid_until < as_of:
        # Validity ends on valid_until inclusive; the document lapses the day after.
        ends.append((valid_until, 1, "lapsed"))
    if ends:
        return min(ends)[2]
    return "in_force"


def status_of(document: Any, as_of: dt.date) -> str:
    return document_status(
        published_on=document.published_on,
        effective_on=document.effective_on,
        valid_until=document.valid_until,
        repealed_on=document.repealed_on,
        declared_invalid_on=document.declared_invalid_on,
        as_of=as_of,
    )


def in_force_clause(table: Any, as_of: dt.date):
    """SQL condition: the document is in force on `as_of`."""
    return and_(
        table.published_on.is_not(None),
        table.published_on <= as_of,
        or_(table.effective_on.is_(None), table.effective_on <= as_of),
        or_(table.valid_until.is_(None), table.valid_until >= as_of),
        or_(table.repealed_on.is_(None), table.repealed_on > as_of),
        or_(table.declared_invalid_on.is_(None), table.declared_invalid_on > as_of),
    )


def status_clause(table: Any, status: str, as_of: dt.date):
    """SQL condition selecting documents whose derived status on `as_of` is `status`."""
    published = and_(table.published_on.is_not(None), table.published_on <= as_of)
    effective = or_(table.effective_on.is_(None), table.effective_on <= as_of)
    invalid_by = and_(table.declared_invalid_on.is_not(None), table.declared_invalid_on <= as_of)
    repealed_by = and_(table.repealed_on.is_not(None), table.repealed_on <= as_of)
    lapsed_by = and_(table.valid_until.is_not(None), table.valid_until < as_of)
    # Ties follow document_status(): an act on valid_until beats lapsing, which comes after.
    lapse_day = table.valid_until
    if status == "draft":
        return or_(table.published_on.is_(None), table.published_on > as_of)
    if status == "published":
        return and_(published, table.effective_on.is_not(None), table.effective_on > as_of)
    if status == "in_force":
        return in_force_clause(table, as_of)
    base = and_(published, effective)
    if status == "declared_invalid":
        return and_(
            base,
            invalid_by,
            or_(~repealed_by, table.declared_invalid_on <= table.repealed_on),
            or_(~lapsed_by, table.declared_invalid_on <= lapse_day),
        )
    if status == "repealed":
        return and_(
            base,
            repealed_by,
            or_(~invalid_by, table.repealed_on < table.declared_invalid_on),
            or_(~lapsed_by, table.repealed_on <= lapse_day),
        )
    if status == "lapsed":
        return and_(
            base,
            lapsed_by,
            or_(~invalid_by, lapse_day < table.declared_invalid_on),
            or_(~repealed_by, lapse_day < table.repealed_on),
        )
    raise ValueError(status)


def status_case(table: Any, as_of: dt.date):
    """SQL expression giving the status code, for sorting and display."""
    return case(
        *[(status_clause(table, code, as_of), code) for code in STATUS_LABELS],
        else_="draft",
    )
