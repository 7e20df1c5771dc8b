"""Dates as offices wrote them in their old registers (Excel, WPS, CSV).

Besides every form `dates.parse_date` reads (2016-02-03, 2016/2/3, 2016.2.3, 2016年2月3日,
20160203, full-width digits) a register cell may hold: a date the spreadsheet stored as a date
(with or without a time), an Excel serial number (42403 is 2016-02-03: days counted from
1899-12-30, the 1900 date system every Excel and WPS file uses), a date with a time written out
(2016-02-03 00:00:00, as CSV exports write it), and a date in Chinese numerals as official
documents print them (二〇一六年二月三日, 二○一六年二月三日, 二零一六年十二月三十一日).

Pure: no spreadsheet library here. The sheet readers hand over what the cell held.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from docfiler.domain.dates import parse_date
from docfiler.errors import ValidationError

EXCEL_EPOCH = dt.date(1899, 12, 30)
"""Day 0 of Excel's 1900 date system, as counted for every serial after 1900-02-28."""

FIRST_SERIAL = (dt.date(1949, 10, 1) - EXCEL_EPOCH).days
"""18172: no date on this register is older (gates.EARLIEST_DATE); a smaller number in a date
column is a count or a typing error, not a date."""

LAST_SERIAL = (dt.date(2099, 12, 31) - EXCEL_EPOCH).days
"""73050: the last serial read as a date."""

_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "o": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN = "".join(_CN_DIGITS) + "十"
_CN_DATE = re.compile(f"^([{_CN}]{{4}})年([{_CN}]{{1,3}})月([{_CN}]{{1,3}})日?$")
_TIME_TAIL = re.compile(r"^(.*?\d)(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")
_MONTH_ONLY = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*月?$")
_ARABIC_IN_TEXT = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|(?<!\d)\d{8}(?!\d)"
)
_CN_IN_TEXT = re.compile(f"[{_CN}]{{4}}年[{_CN}]{{1,3}}月[{_CN}]{{1,3}}日")

MESSAGE_FORMS = "请写成 2016-03-01、2016.3.1 或 2016年3月1日"


def written_date(value: object, what: str = "日期") -> dt.date | None:
    """The date a register cell holds; None for an empty cell. Anything else that is not a date
    is refused with a Chinese message that names the column (`what`) and the value."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise _unreadable(what, value)
    if isinstance(value, int | float):
        return excel_serial_date(value, what)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    return _text_date(text, str(value), what)


def excel_serial_date(serial: float, what: str = "日期") -> dt.date:
    """The day an Excel serial number stands for (the time of day, a fraction, is dropped)."""
    if serial != serial or not FIRST_SERIAL <= serial < LAST_SERIAL + 1:  # NaN, or out of range
        shown = int(serial) if serial == serial and float(serial).is_integer() else serial
        raise ValidationError(
            f"{what}“{shown}”不像日期（作为 Excel 日期序号，它不在1949年至2099年之间），"
            f"{MESSAGE_FORMS}。"
        )
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def chinese_numeral_date(text: str, what: str = "日期") -> dt.date | None:
    """二〇一六年二月三日 → 2016-02-03; None when `text` is not written that way."""
    match = _CN_DATE.match(text)
    if match is None:
        return None
    year_text, month_text, day_text = match.groups()
    if "十" in year_text:
        return None
    year = int("".join(str(_CN_DIGITS[c]) for c in year_text))
    month, day = _cn_number(month_text), _cn_number(day_text)
    if month is None or day is None:
        raise _unreadable(what, text)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(
            f"{what}“{text}”不是有效日期（{year}年没有{month}月{day}日）。"
        ) from None


def find_written_date(text: str, what: str = "日期") -> dt.date | None:
    """The first date written inside a longer text (已废止（2019年5月1日）, 2019.5.1废止,
    二〇一九年五月一日宣布失效); None when it names no date."""
    value = unicodedata.normalize("NFKC", text)
    found = [m for m in (_ARABIC_IN_TEXT.search(value), _CN_IN_TEXT.search(value)) if m]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    return _text_date(first.group(0).strip(), first.group(0), what)


def _text_date(text: str, shown: str, what: str) -> dt.date:
    if _SERIAL_TEXT.match(text):
        return excel_serial_date(float(text), what)
    cn = chinese_numeral_date(text, what)
    if cn is not None:
        return cn
    timed = _TIME_TAIL.match(text)
    if timed:
        text = timed.group(1)
    text = text.rstrip(".。")
    if _MONTH_ONLY.match(text):
        raise ValidationError(f"{what}“{shown}”只写了年月，缺少日，{MESSAGE_FORMS}。")
    try:
        return parse_date(text, what)
    except ValidationError as refused:
        if "不是有效日期" in refused.message:
            raise
        raise _unreadable(what, shown) from None


def _unreadable(what: str, value: object) -> ValidationError:
    return ValidationError(f"{what}“{value}”无法识别为日期，{MESSAGE_FORMS}。")


def _cn_number(text: str) -> int | None:
    """一 … 三十一 → 1 … 31 (also 〇一 … as some write months); None for anything else."""
    if "十" not in text:
        digits = [_CN_DIGITS.get(c) for c in text]
        if None in digits or not 1 <= len(digits) <= 2:
            return None
        value = int("".join(str(d) for d in digits))
        return value or None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    high = _CN_DIGITS.get(tens) if tens else 1
    low = _CN_DIGITS.get(ones) if ones else 0
    if high is None or low is None or high == 0:
        return None
    return high * 10 + low
