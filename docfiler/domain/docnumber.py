"""Document numbers (发文字号): parsing, validation and normalisation.

Canonical form (GB/T 9704-2012 §7.2.5): agency code (机关代字), the full four-digit year in
六角括号 〔〕, the serial number without leading zeros and without 第, then 号::

    盖政发〔2016〕9号

Decrees (政府令) are numbered on their own: the agency code ends with 令 and the serial is
written ``第N号``::

    营口市人民政府令第35号

Some issuers number their decrees and announcements (公告) within the year; the canonical form
then writes the year as they do, ``YYYY年第N号`` (国家税务总局公告2016年第23号, 农业部令2015年
第4号, 农业农村部令2019年第1号); ``河北省人民政府令〔2019〕第11号`` is read as the same number
written with a bracketed year. An announcement may also be numbered without a year
(农业农村部公告第104号). :attr:`DocNumber.kind` says which kind a number is.

Clerks and old files write numbers in many ways (``盖政发[2016]9号``, ``盖政办发【2016】51号``,
``盖政发（２０１６）第09号`` …); :func:`parse` accepts all of them and returns a
:class:`DocNumber` whose ``str()`` is the canonical form. Invalid input raises
:class:`DocNumberError` (a :class:`ValueError`) with a message in Simplified Chinese that says
what is wrong and how to fix it.

Numbers as they are really written in published lists are read too (see
:mod:`docfiler.domain.docnumber_forms`): traditional characters (``盤政辦發〔2017〕77號`` is the
same number as ``盘政办发〔2017〕77号``: the canonical form, used for uniqueness and search, is
simplified, and :attr:`DocNumber.display` keeps the characters as written), joint decrees
(``国家计划委员会、水利部令第1号``), the serial before 令 (``市政府第26号令``), decrees written
without 令 (``海关总署第61号``). A year run into the serial (``国办发200966号``) is refused with the
likely reading as :attr:`DocNumberError.suggestion`.

Pure standard library, cheap to import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from docfiler.domain.docnumber_checks import (
    CN_NUMERALS,
    DECREE_EXAMPLE,
    EXAMPLE,
    MAX_SERIAL_DIGITS,
    DocNumberError,
    all_cjk,
    check_agency,
    check_serial,
    fail,
    joint_cjk,
)
from docfiler.domain.docnumber_forms import (
    CJK,
    is_parenthesized_agency,
    joined_year_serial,
    kind_of,
    parenthesized_agency,
    reorder_decree,
    resolve_alias,
    year_numbered,
)
from docfiler.domain.docnumber_hanzi import to_simplified
from docfiler.domain.docnumber_text import (
    NumberFragment,
    number_fragment,
    prefix_years,
    search_variants,
)
from docfiler.domain.docnumber_text import clean as _clean

__all__ = [
    "MIN_YEAR",
    "DocNumber",
    "DocNumberError",
    "NumberFragment",
    "apply_aliases",
    "max_year",
    "normalize",
    "number_fragment",
    "parse",
    "prefix_years",
    "search_variants",
    "try_parse",
]

#: Earliest year accepted by :func:`parse`.
MIN_YEAR = 1949

_EXAMPLE = EXAMPLE
# Longer than a year run into the longest serial: refused before anything is converted.
_LONG_DIGITS = re.compile(r"\d{" + str(4 + MAX_SERIAL_DIGITS + 1) + ",}")
_DECREE_EXAMPLE = DECREE_EXAMPLE
_fail = fail
_CN_NUMERALS = CN_NUMERALS
_CN_NUM = "".join(sorted(CN_NUMERALS))
# A 令 that ends a decree agency code: followed by an optional 第 and then a serial, 号 or end.
_DECREE_LING_RE = re.compile(f"令(?=第?(?:[0-9{_CN_NUM}]|号|$))")
# Likewise a 公告 that ends an announcement's agency code.
_ANNOUNCEMENT_RE = re.compile(f"公告(?=第?(?:[0-9{_CN_NUM}]|号|$))")


def max_year() -> int:
    """Latest year accepted by :func:`parse` (next year, computed at call time)."""
    return date.today().year + 1


_canonical_re: re.Pattern[str] | None = None


def _canonical_match(text: str) -> re.Match[str] | None:
    """Fast path for text already in canonical form (imports parse 100,000s of them)."""
    global _canonical_re
    if _canonical_re is None:
        _canonical_re = re.compile(f"([{CJK}]+)〔([0-9]{{4}})〕([1-9][0-9]{{0,8}})号")
    return _canonical_re.fullmatch(text)


@dataclass(frozen=True, slots=True)
class DocNumber:
    """A parsed document number. ``year`` is ``None`` only for a decree (政府令) or an
    announcement (公告) numbered without a year; an ordinary number always has one.

    ``agency_code`` is in simplified characters; ``written_agency`` is the agency code as it was
    written when that differs (traditional characters), and never takes part in comparisons.
    """

    agency_code: str
    year: int | None
    serial: int
    written_agency: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        shown = f"{self.agency_code!r}/{self.year!r}/{self.serial!r}"
        if not isinstance(self.agency_code, str) or not self.agency_code:
            raise DocNumberError("机关代字不能为空。", text=shown, reason="no_agency")
        ordinary = kind_of(self.agency_code) == "ordinary"
        if not (all_cjk(self.agency_code) if ordinary else joint_cjk(self.agency_code)) and not (
            is_parenthesized_agency(self.agency_code)
        ):
            raise DocNumberError(
                f"机关代字“{self.agency_code}”只能由汉字组成。", text=shown, reason="agency_chars"
            )
        if isinstance(self.serial, bool) or not isinstance(self.serial, int) or self.serial < 1:
            raise DocNumberError(
                f"序号“{self.serial}”无效，序号应为从1开始的整数。", text=shown, reason="bad_serial"
            )
        if self.serial >= 10**MAX_SERIAL_DIGITS:
            raise DocNumberError(
                f"序号“{self.serial}”过长，序号最多{MAX_SERIAL_DIGITS}位，请核对是否多输入了数字。",
                text=shown,
                reason="serial_too_long",
            )
        if self.year is None:
            if ordinary:
                raise DocNumberError(
                    f"机关代字“{self.agency_code}”不是政府令或公告，必须有年份。",
                    text=shown,
                    reason="no_year",
                )
        elif isinstance(self.year, bool) or not isinstance(self.year, int):
            raise DocNumberError(
                f"年份“{self.year}”无效，应为四位整数。", text=shown, reason="bad_year"
            )
        elif not 1000 <= self.year <= 9999:
            raise DocNumberError(f"年份“{self.year}”不是四位数。", text=shown, reason="year_length")

    @property
    def kind(self) -> str:
        """``"ordinary"``, ``"decree"`` (…令) or ``"announcement"`` (…公告)."""
        return kind_of(self.agency_code)

    @property
    def is_decree(self) -> bool:
        return self.kind == "decree"

    @property
    def sort_key(self) -> tuple[str, int, int]:
        return (self.agency_code, self.year or 0, self.serial)

    @property
    def display(self) -> str:
        """The canonical layout with the agency code's characters as written (traditional
        characters kept): what to show beside the number; ``str()`` is what to compare."""
        if not self.written_agency:
            return str(self)
        return _render(self.written_agency, self.year, self.serial)

    def __str__(self) -> str:
        return _render(self.agency_code, self.year, self.serial)


def _render(agency: str, year: int | None, serial: int) -> str:
    if year is None:
        return f"{agency}第{serial}号"
    if kind_of(agency) == "ordinary":
        return f"{agency}〔{year}〕{serial}号"
    return f"{agency}{year}年第{serial}号"


_check_agency = check_agency
_check_serial = check_serial


def _check_year(year_text: str, shown: str) -> int:
    if not year_text:
        raise _fail(
            "empty_year",
            f"文号“{shown}”的年份为空，请在括号内写上四位年份，如〔2016〕。",
            shown,
        )
    if not (year_text.isascii() and year_text.isdigit()):
        if all(c in _CN_NUMERALS for c in year_text):
            raise _fail(
                "year_not_arabic",
                f"文号“{shown}”的年份“{year_text}”不是阿拉伯数字，"
                "请改用四位阿拉伯数字书写，如〔2016〕。",
                shown,
            )
        raise _fail(
            "year_chars",
            f"文号“{shown}”的年份“{year_text}”中含有非数字字符，括号内只能写四位年份，如〔2016〕。",
            shown,
        )
    if len(year_text) == 2:
        raise _fail(
            "two_digit_year",
            f"文号“{shown}”的年份只有两位，请写完整的四位年份，如〔20{year_text}〕。",
            shown,
        )
    if len(year_text) != 4:
        raise _fail(
            "year_length",
            f"文号“{shown}”的年份“{year_text}”不是四位数，请写完整的四位年份，如〔2016〕。",
            shown,
        )
    year = int(year_text)
    hi = max_year()
    if not MIN_YEAR <= year <= hi:
        raise _fail(
            "year_range",
            f"文号“{shown}”的年份{year}不在有效范围（{MIN_YEAR}—{hi}年）内，请检查年份是否写错。",
            shown,
        )
    return year


def parse(text: str) -> DocNumber:
    """Parse any common spelling of a document number.

    Raises :class:`DocNumberError` with a Chinese message if ``text`` is not a valid number,
    and :class:`TypeError` if it is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"文号必须是字符串，而不是 {type(text).__name__}。")
    if _LONG_DIGITS.search(text):  # before any int(): thousands of digits would not convert
        raise _fail(
            "serial_too_long",
            f"文号中有一串{len(_LONG_DIGITS.search(text)[0])}位的数字，年份为4位、序号最多"
            f"{MAX_SERIAL_DIGITS}位，请核对是否多输入了数字，如“{_EXAMPLE}”。",
            text.strip()[:60],
        )
    fast = _canonical_match(text)
    if fast is not None and kind_of(fast.group(1)) == "ordinary":
        year = int(fast.group(2))
        agency = fast.group(1)
        if MIN_YEAR <= year <= max_year() and to_simplified(agency) == agency:
            return DocNumber(agency, year, int(fast.group(3)))
    shown = text.strip()
    written = _clean(text, simplify=False)
    s = to_simplified(written)
    if not s:
        raise _fail("empty", f"文号为空，请填写文号，如“{_EXAMPLE}”。", shown)
    number = _parse_clean(s, shown)
    if written != s:
        number = replace(number, written_agency=_as_written(number.agency_code, written))
    return number


def _as_written(agency: str, written: str) -> str | None:
    """The agency code with the characters of the text as written (the fold to simplified is
    character for character, so the agency's characters stand at the start of the text)."""
    chars = [
        w if i < len(written) and to_simplified(w := written[i]) == c else c
        for i, c in enumerate(agency)
    ]
    result = "".join(chars)
    return result if result != agency else None


def _parse_clean(s: str, shown: str) -> DocNumber:
    s = parenthesized_agency(s) or s
    n_open, n_close = s.count("〔"), s.count("〕")
    if n_open == 0 and n_close == 0:
        return _parse_without_year(s, shown)
    if n_open > 1 or n_close > 1:
        raise _fail(
            "brackets",
            f"文号“{shown}”中的括号过多，文号里只应有一对括住年份的括号，如“{_EXAMPLE}”。",
            shown,
        )
    open_at, close_at = s.find("〔"), s.find("〕")
    if close_at < 0:
        raise _fail(
            "brackets",
            f"文号“{shown}”的年份缺少右括号，请补上“〕”，如“{_EXAMPLE}”。",
            shown,
        )
    if open_at < 0 or close_at < open_at:
        raise _fail(
            "brackets",
            f"文号“{shown}”的年份缺少左括号，请补上“〔”，如“{_EXAMPLE}”。",
            shown,
        )

    agency, year_text, rest = s[:open_at], s[open_at + 1 : close_at], s[close_at + 1 :]
    kind = kind_of(agency)
    _check_agency(agency, shown, joint=kind != "ordinary")
    if kind == "decree" and not rest.startswith("第"):
        raise _fail(
            "decree_year",
            f"文号“{shown}”是政府令，政府令的文号一般不带年份，请去掉年份，"
            f"写成如“{_DECREE_EXAMPLE}”的形式；制定机关的政府令确是按年编号的，"
            "序号前要写“第”，如“河北省人民政府令〔2019〕第11号”。",
            shown,
        )
    year = _check_year(year_text, shown)
    serial = _check_serial(rest, shown)
    return DocNumber(agency, year, serial)


def _parse_without_year(s: str, shown: str) -> DocNumber:
    """No brackets at all: a decree or an announcement numbered within the year (…令2015年第4号,
    …公告2016年第23号) or not (…令第N号, …第N号令, 海关总署第61号, …公告第104号), a year run
    into the serial (国办发200966号), or a number missing its year."""
    dated = year_numbered(s)
    if dated is not None:
        agency, year_text, rest = dated
        _check_agency(agency, shown, joint=True)
        return DocNumber(agency, _check_year(year_text, shown), _check_serial(rest, shown))
    s = reorder_decree(s) or s
    m = _DECREE_LING_RE.search(s)
    if m is not None:
        agency, rest = s[: m.end()], s[m.end() :]
        _check_agency(agency, shown, joint=True)
        return DocNumber(agency, None, _check_serial(rest, shown))
    announcement = _ANNOUNCEMENT_RE.search(s)
    if announcement is not None and s[announcement.end() :].startswith("第"):
        return _announcement(s, announcement.end(), shown)

    joined = joined_year_serial(s, MIN_YEAR, max_year())
    if joined is not None:
        likely = _render(*joined)
        missing = "" if kind_of(joined[0]) == "announcement" else "，缺少括住年份的六角括号"
        problem = "的年份和序号连在一起"
        if re.search(r"[0-9]{4}[-－—–,，、./／·][0-9]", s):  # 盖政发2016-9号: only 〔〕 missing
            problem, missing = "的年份没有用六角括号括住", ""
        raise DocNumberError(
            f"文号“{shown}”{problem}{missing}，可能是“{likely}”。请核对原件后按这样的格式填写。",
            text=shown,
            reason="year_serial_joined",
            suggestion=likely,
        )
    if announcement is not None:
        return _announcement(s, announcement.end(), shown)
    digit = re.search(r"[0-9]", s)
    head = s[: digit.start()] if digit else s
    _check_agency(head.removesuffix("第"), shown)
    raise _fail(
        "no_year",
        f"文号“{shown}”缺少年份，请在机关代字后用六角括号写上四位年份，如“{_EXAMPLE}”；"
        f"如果是政府令，机关代字应以“令”结尾，如“{_DECREE_EXAMPLE}”。",
        shown,
    )


def _announcement(s: str, end: int, shown: str) -> DocNumber:
    """An announcement numbered without a year: 农业农村部公告第104号."""
    agency = s[:end]
    _check_agency(agency, shown, joint=True)
    return DocNumber(agency, None, _check_serial(s[end:], shown))


def try_parse(text: str | None) -> DocNumber | None:
    """Like :func:`parse`, but return ``None`` instead of raising (also for ``None`` input)."""
    if not isinstance(text, str):
        return None
    try:
        return parse(text)
    except DocNumberError:
        return None


def normalize(text: str) -> str:
    """Return the canonical form of ``text``; raises :class:`DocNumberError` if invalid."""
    return str(parse(text))


def apply_aliases(number: DocNumber, aliases: Mapping[str, str] | None) -> DocNumber:
    """``number`` with an abbreviated issuer replaced by the full one the aliases name
    (``省政府令第237号`` → ``辽宁省人民政府令第237号``), so that one law has one key."""
    agency = resolve_alias(number.agency_code, aliases)
    if agency == number.agency_code:
        return number
    return DocNumber(agency, number.year, number.serial)


def normalize_basis_number(
    text: str | None, aliases: Mapping[str, str] | None = None
) -> str | None:
    """A legal basis's number in canonical form when it parses (an abbreviated issuer resolved
    through ``aliases``, see :func:`apply_aliases`); otherwise as written."""
    text = (text or "").strip()
    if not text:
        return None
    parsed = try_parse(text)
    return str(apply_aliases(parsed, aliases)) if parsed else text
