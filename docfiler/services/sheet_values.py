"""What a register row says, in the words offices write: one row → one import record.

The record is what `services.imports` takes (number, title, dates as the cells held them …);
the columns that need reading first are read here: 状态 (现行有效 / 已废止 / 已失效 / 宣布失效,
with the date where the cell gives one), 有效期 (5年, 五年, 至2021年12月31日, a range), and
备案情况 (已报市政府备案, 已备案（2016.3.10）, 未备案). Dates stay as the cells held them: the
import reads them with `domain.written_dates`, every form in one place.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from docfiler.domain.gates import date_in_bounds, not_before
from docfiler.domain.labels import date_label
from docfiler.domain.written_dates import (
    FIRST_SERIAL,
    LAST_SERIAL,
    find_written_date,
    written_date,
)
from docfiler.errors import GateError, ValidationError
from docfiler.services.sheet_headers import Header

TEXT_FIELDS = (
    "number",
    "title",
    "authority",
    "drafting_unit",
    "end_reason",
    "receipt",
    "registration_number",
    "note",
)
DATE_FIELDS = ("published", "effective", "valid_until", "ended", "filing_date")
NONE_WORDS = (
    "",
    "无",
    "没有",
    "长期",
    "长期有效",
    "永久",
    "永久有效",
    "无期限",
    "无限期",
    "未规定",
)
NONE_WORDS += ("不限", "—", "-", "/", "／")

STATUS_WORDS = (
    # (status, words): the first whose word the cell contains wins.
    ("declared_invalid", ("宣布失效",)),
    ("repealed", ("废止", "撤销", "停止执行")),
    ("lapsed", ("失效", "届满", "过期", "到期")),
    ("ended", ("无效", "否", "不再有效", "不再执行")),
    ("in_force", ("有效", "现行", "是", "继续", "施行", "修改", "修订")),
)
STATUS_HINT = "请写“现行有效”，或“已废止”“已失效”“宣布失效”并注明日期，如 已废止（2019年5月1日）"
_CN_YEARS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_CN_YEARS |= {"九": 9, "十": 10}
_YEARS = re.compile(r"^(?:有效期)?(?:为)?(\d{1,3}|[一二两三四五六七八九十])年")
_RECEIPT = re.compile(r"[\u4e00-\u9fff]{0,4}备[字案]?[〔\[【(（]\d{4}[〕\]】)）]第?\d+号")
_NOT_FILED = ("未备案", "未报备", "未报送", "不需", "无需", "不备案", "待备案", "尚未", "未报")


def row_record(cells: list[Any], header: Header, row: int) -> dict[str, Any] | None:
    """The import record for one row; None for a row that is no document (empty, or a section
    heading such as 一、市政府文件). A cell that cannot be read makes the record carry the
    reason (`error`), for the import to list with the row's number."""
    values = {key: _cell(cells, index) for key, index in header.columns.items()}
    if values.get("number") is None and values.get("title") is None:
        return None
    record: dict[str, Any] = {"row": row}
    try:
        _fill(record, values)
    except ValidationError as refused:
        return {"row": row, "error": refused.message}
    return record


def _cell(cells: list[Any], index: int) -> Any:
    value = cells[index] if index < len(cells) else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _fill(record: dict[str, Any], values: dict[str, Any]) -> None:
    for key in TEXT_FIELDS:
        value = values.get(key)
        if value is not None:
            record[key] = _as_text(value)
    if record.get("number") is None:
        raise ValidationError("文号为空：每件文件都须有文号（发文字号），如 盖政发〔2016〕9号。")
    for key in ("published", "effective", "valid_until"):
        if values.get(key) is not None:
            record[key] = values[key]
    years, until = validity(values.get("validity"))
    if years is not None:
        record["valid_years"] = years
    if until is not None and record.get("valid_until") is None:
        record["valid_until"] = until
    status, ended = read_status(values.get("status"))
    record["status"] = status
    record["ended"] = values.get("ended") if values.get("ended") is not None else ended
    filed = read_filing(values.get("filing"), values.get("filing_date"), values.get("receipt"))
    if filed is not None:
        record["filed"] = filed
    record.pop("receipt", None)


def _as_text(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return re.sub(r"\s*\n\s*", "", str(value)).strip()


def validity(value: Any) -> tuple[int | None, Any]:
    """有效期 as written → (years, last day as written); (None, None) for none stated."""
    if value is None:
        return None, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 < value <= 100 and float(value).is_integer():
            return int(value), None
        if FIRST_SERIAL <= value <= LAST_SERIAL:
            return None, value  # an Excel date serial
        raise _bad_validity(value)
    if isinstance(value, dt.date):
        return None, value
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    if text in NONE_WORDS:
        return None, None
    if match := _YEARS.match(text):
        number = match.group(1)
        return (int(number) if number.isdigit() else _CN_YEARS[number]), None
    if text.isdigit() and len(text) <= 3:
        return int(text), None
    days = _all_dates(text)
    if days:
        return None, days[-1]
    raise _bad_validity(value)


def _bad_validity(value: Any) -> ValidationError:
    return ValidationError(
        f"有效期“{value}”无法识别：请写年数（如 5年）或截止日期（如 2021年12月31日），"
        "文件没有规定有效期的留空。"
    )


def _all_dates(text: str) -> list[dt.date]:
    """Every date in a text such as 2016.3.1-2021.2.28 or 至2021年12月31日."""
    found = []
    rest = text
    while (day := find_written_date(rest, "有效期")) is not None:
        found.append(day)
        marker = _date_end(rest)
        if marker is None:
            break
        rest = rest[marker:]
    return found


def _date_end(text: str) -> int | None:
    match = re.search(
        r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|[〇○零一-九十]+日", text
    )
    return match.end() if match else None


def read_status(value: Any) -> tuple[str | None, dt.date | None]:
    """状态 as written → (in_force / repealed / declared_invalid / lapsed, the date it gives);
    (None, None) for an empty cell."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return ("in_force" if value else "ended"), None
    text = unicodedata.normalize("NFKC", str(value)).replace(" ", "")
    for status, words in STATUS_WORDS:
        if any(word in text for word in words):
            if status == "ended":
                raise ValidationError(
                    f"状态“{value}”只说明文件已不再有效，没有说明是废止还是失效：{STATUS_HINT}。"
                )
            return status, find_written_date(text, "状态中的日期")
    raise ValidationError(f"状态“{value}”无法识别：{STATUS_HINT}。")


def read_filing(value: Any, day: Any, receipt: Any) -> dict[str, Any] | None:
    """备案情况 as written → {text, submitted (as written, or None), receipt}; None when the row
    says nothing was filed (empty, 未备案, 否 …)."""
    spaced = unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""
    text = spaced.replace(" ", "")
    if not text and day is None:
        return None
    if text in ("否", "无", "×", "0") or any(word in text for word in _NOT_FILED):
        return None
    submitted = day if day is not None else find_written_date(text, "备案情况中的日期")
    if receipt is None and (match := _RECEIPT.search(spaced)):
        receipt = match.group(0)
    return {"text": text or "已备案", "submitted": submitted, "receipt": receipt}


def filed_bodies(text: str, bodies: list[str]) -> list[str]:
    """The filing bodies a 备案情况 text names (市政府 / 营口市政府 → the government body, 人大 →
    the standing committee); every body when it names none (已备案)."""
    named = [body for body in bodies if body in text]
    if not named:
        congress = "人大" in text
        government = bool(re.search(r"政府|市府", text.replace("人民代表大会", "")))
        named = [
            body
            for body in bodies
            if (congress and "人大" in body) or (government and "政府" in body)
        ]
    return named or list(bodies)


def end_fields(
    status: str | None, ended: Any, *, valid_until: dt.date | None, today: dt.date
) -> dict[str, dt.date]:
    """What the row's status makes of the document's end: {"repealed": day} or
    {"declared_invalid": day}, or nothing (in force, or lapsed by its stated validity)."""
    day = written_date(ended, "废止失效日期")
    if status is None and day is not None:
        raise ValidationError(
            f"写有废止失效日期（{date_label(day)}），但没有写明是废止还是失效："
            "请在“状态”列写“已废止”或“已失效”。"
        )
    if status in (None, "in_force"):
        if day is not None:
            raise ValidationError(
                f"状态为现行有效，却写有废止失效日期（{date_label(day)}），请核对。"
            )
        return {}
    if status in ("repealed", "declared_invalid"):
        label = "废止" if status == "repealed" else "宣布失效"
        if day is None:
            raise ValidationError(
                f"状态为{label}，但没有写{label}日期：请在状态中注明（如 已{label}（2019年5月1日）），"
                "或加一列“废止失效日期”。"
            )
        return {status: day}
    return _lapsed(day, valid_until, today)


def _lapsed(day: dt.date | None, valid_until: dt.date | None, today: dt.date) -> dict:
    """已失效: by the stated validity (nothing to record), or on a day the sheet gives (recorded
    as 宣布失效 on that day, without an invented reason)."""
    if valid_until is not None:
        lapse = valid_until + dt.timedelta(days=1)
        if day is None or day in (valid_until, lapse):
            if lapse > today:
                raise ValidationError(
                    f"状态为已失效，但有效期至{date_label(valid_until)}，尚未届满，请核对。"
                )
            return {}
        if day > lapse:
            raise ValidationError(
                f"状态为已失效（{date_label(day)}），但按有效期应于{date_label(lapse)}失效，"
                "请核对有效期或失效日期。"
            )
    if day is None:
        raise ValidationError(
            "状态为已失效，但没有失效日期，也没有有效期：请在状态中注明失效日期"
            "（如 已失效（2019年5月1日）），或加一列“废止失效日期”。"
        )
    return {"declared_invalid": day}


def check_end(
    number: str, how: str, day: dt.date, published: dt.date | None, today: dt.date
) -> None:
    """An end of force as the 废止 / 宣布失效 services check it: only of a published document,
    not before its publication, not beyond the register's dates."""
    label = "废止" if how == "repealed" else "宣布失效"
    if published is None:
        raise GateError(f"文件“{number}”从未公布，无需{label}（没有公布日期）。")
    date_in_bounds(day, today, f"{label}日期")
    not_before(day, published, f"{label}日期", "公布日期")
