"""Parsing dates the way clerks type them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from docfiler.errors import ValidationError

_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(text: str, what: str = "日期") -> dt.date:
    """2016-03-01, 2016/3/1, 2016.3.1, 2016年3月1日, 20160301 (full-width digits too)."""
    if isinstance(text, dt.date):
        return text
    value = unicodedata.normalize("NFKC", (text or "")).strip()
    if not value:
        raise ValidationError(f"{what}不能为空，请按 2016-03-01 的格式填写。")
    match = _PATTERN.match(value)
    if match is None and re.fullmatch(r"\d{8}", value):
        match = re.match(r"(\d{4})(\d{2})(\d{2})", value)
    if match is None:
        raise ValidationError(
            f"{what}“{text}”无法识别，请按 2016-03-01 或 2016年3月1日 的格式填写。"
        )
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(
            f"{what}“{text}”不是有效日期（{year}年没有{month}月{day}日）。"
        ) from None


def parse_optional_date(text: str | None, what: str = "日期") -> dt.date | None:
    if text is None or not str(text).strip():
        return None
    return parse_date(text, what)


def local_day(moment: dt.datetime | None) -> dt.date | None:
    """The day on this machine's clock of a time stored in UTC (a naive time is UTC)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone().date()
