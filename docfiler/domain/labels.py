"""How dates and day counts are written for clerks: one formatter each, used everywhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any


def date_label(day: dt.date | None) -> str:
    """A date as clerks write it: 2016年3月1日 (— when there is none)."""
    if day is None:
        return "—"
    return f"{day.year}年{day.month}月{day.day}日"


def table_date_label(day: dt.date | None) -> str:
    """A date in a crowded table cell: 2026.3.17 (— when there is none); a table of six columns
    at 5号 leaves a title no room beside 年月日."""
    return f"{day.year}.{day.month}.{day.day}" if day else "—"


def days_label(days_left: int) -> str:
    """逾期 3 日 / 今天到期 / 剩 5 日."""
    if days_left < 0:
        return f"逾期 {-days_left} 日"
    if days_left == 0:
        return "今天到期"
    return f"剩 {days_left} 日"


def likely_note(due, likely) -> str | None:
    """Beside a 暂定 date: the last day if no weekend becomes a working day (None when the same)."""
    if likely is None or likely == due:
        return None
    return f"周末不调休则为 {likely}"


def basis_flags(rows: Iterable[Sequence[Any]]) -> dict[int, str]:
    """需清理 and why, by document id, from rows of (document id, …, the changed law's title,
    number, status, changed on): 制定依据《…》…已废止（2025年1月1日）, one per law, joined by ；."""
    flags: dict[int, str] = {}
    for row in rows:
        doc_id = row[0]
        title, number, status, changed = row[-4:]
        text = f"制定依据《{title}》{number or ''}{status}（{date_label(changed)}）"
        flags[doc_id] = f"{flags[doc_id]}；{text}" if doc_id in flags else text
    return flags
