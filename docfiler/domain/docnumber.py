"""Document numbers (发文字号): parsing, validation and normalisation.

Canonical form (GB/T 9704-2012 §7.2.5): agency code (机关代字), the full four-digit year in
六角括号 〔〕, the serial number without leading zeros and without 第, then 号::

    盖政发〔2016〕9号

Decrees (政府令) have no year: the agency code ends with 令 and the serial is written
``第N号``::

    营口市人民政府令第35号

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

from docfiler.domain.docnumber_forms import (
    CJK,
    CJK_RANGES,
    is_parenthesized_agency,
    joined_year_serial,
    parenthesized_agency,
    reorder_decree,
    resolve_alias,
)
from docfiler.domain.docnumber_hanzi import to_simplified
from docfiler.domain.docnumber_text import clean as _clean
from docfiler.domain.docnumber_text import search_variants

__all__ = [
    "MIN_YEAR",
    "DocNumber",
    "DocNumberError",
    "apply_aliases",
    "max_year",
    "normalize",
    "parse",
    "search_variants",
    "try_parse",
]

#: Earliest year accepted by :func:`parse`.
MIN_YEAR = 1949

_EXAMPLE = "盖政发〔2016〕9号"
_DECREE_EXAMPLE = "营口市人民政府令第35号"

# Chinese numerals, used only to give a better error message.
_CN_NUMERALS = frozenset("零〇一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟")

_CJK_RANGES = CJK_RANGES
_CJK = CJK  # for regex classes
_CN_NUM = "".join(sorted(_CN_NUMERALS))
# A 令 that ends a decree agency code: followed by an optional 第 and then a serial, 号 or end.
_DECREE_LING_RE = re.compile(f"令(?=第?(?:[0-9{_CN_NUM}]|号|$))")
_DECIMAL_RE = re.compile(r"[0-9]+[.。][0-9]*")


class DocNumberError(ValueError):
    """An invalid document number. ``str(err)`` is a Chinese message for the user.

    ``text`` is the offending input and ``reason`` a short machine-readable code such as
    ``"two_digit_year"`` or ``"no_serial"``. ``suggestion`` is the likely canonical number
    when the text can be read only by guessing (``国办发200966号`` → ``国办发〔2009〕66号``).
    """

    def __init__(
        self,
        message: str,
        *,
        text: str | None = None,
        reason: str | None = None,
        suggestion: str | None = None,
    ):
        super().__init__(message)
        self.text = text
        self.reason = reason
        self.suggestion = suggestion


def max_year() -> int:
    """Latest year accepted by :func:`parse` (next year, computed at call time)."""
    return date.today().year + 1


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


_canonical_re: re.Pattern[str] | None = None
_cjk_run_re: re.Pattern[str] | None = None


def _all_cjk(text: str) -> bool:
    global _cjk_run_re
    if _cjk_run_re is None:
        _cjk_run_re = re.compile(f"[{_CJK}]+")
    return _cjk_run_re.fullmatch(text) is not None


def _joint_cjk(text: str) -> bool:
    """A joint decree's issuers: runs of CJK joined by 、 (国家计划委员会、水利部令)."""
    return all(_all_cjk(part) for part in text.split("、"))


def _canonical_match(text: str) -> re.Match[str] | None:
    """Fast path for text already in canonical form (imports parse 100,000s of them)."""
    global _canonical_re
    if _canonical_re is None:
        _canonical_re = re.compile(f"([{_CJK}]+)〔([0-9]{{4}})〕([1-9][0-9]{{0,8}})号")
    return _canonical_re.fullmatch(text)


@dataclass(frozen=True, slots=True)
class DocNumber:
    """A parsed document number. ``year`` is ``None`` exactly for decrees (政府令).

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
        joint = self.year is None and self.agency_code.endswith("令")
        if not (_joint_cjk(self.agency_code) if joint else _all_cjk(self.agency_code)) and not (
            is_parenthesized_agency(self.agency_code)
        ):
            raise DocNumberError(
                f"机关代字“{self.agency_code}”只能由汉字组成。", text=shown, reason="agency_chars"
            )
        if isinstance(self.serial, bool) or not isinstance(self.serial, int) or self.serial < 1:
            raise DocNumberError(
                f"序号“{self.serial}”无效，序号应为从1开始的整数。", text=shown, reason="bad_serial"
            )
        decree_agency = self.agency_code.endswith("令")
        if self.year is None:
            if not decree_agency:
                raise DocNumberError(
                    f"机关代字“{self.agency_code}”不是政府令，必须有年份。",
                    text=shown,
                    reason="no_year",
                )
        else:
            if isinstance(self.year, bool) or not isinstance(self.year, int):
                raise DocNumberError(
                    f"年份“{self.year}”无效，应为四位整数。", text=shown, reason="bad_year"
                )
            if not 1000 <= self.year <= 9999:
                raise DocNumberError(
                    f"年份“{self.year}”不是四位数。", text=shown, reason="year_length"
                )
            if decree_agency:
                raise DocNumberError(
                    f"政府令“{self.agency_code}”的文号不带年份。", text=shown, reason="decree_year"
                )

    @property
    def is_decree(self) -> bool:
        return self.year is None

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
    return f"{agency}〔{year}〕{serial}号"


def _fail(reason: str, message: str, text: str) -> DocNumberError:
    return DocNumberError(message, text=text, reason=reason)


def _check_agency(agency: str, shown: str, *, joint: bool = False) -> None:
    """``joint``: a decree's agency, which may name several issuers joined by 、."""
    if not agency:
        raise _fail(
            "no_agency",
            f"文号“{shown}”缺少机关代字，请在年份前写上发文机关代字，如“{_EXAMPLE}”。",
            shown,
        )
    if any("0" <= c <= "9" for c in agency):
        raise _fail(
            "agency_digits",
            f"文号“{shown}”的机关代字“{agency}”中含有数字，机关代字只能由汉字组成，"
            "请检查是否多写或错写了数字。",
            shown,
        )
    if is_parenthesized_agency(agency):
        return
    bad = "".join(dict.fromkeys(c for c in agency if not _is_cjk(c) and not (joint and c == "、")))
    if joint and not bad and not _joint_cjk(agency):
        bad = "、"  # a 、 with no issuer on one side
    if bad:
        raise _fail(
            "agency_chars",
            f"文号“{shown}”的机关代字“{agency}”中含有非汉字字符“{bad}”，"
            "机关代字只能由汉字组成，请删除这些字符。",
            shown,
        )


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


def _check_serial(rest: str, shown: str) -> int:
    body, _, after = rest.partition("号")
    body = body.removeprefix("第")
    if not body:
        raise _fail(
            "no_serial",
            f"文号“{shown}”缺少序号，请在“号”字前写上序号，如“{_EXAMPLE}”。",
            shown,
        )
    if body.isascii() and body.isdigit():
        serial = int(body)
    elif _DECIMAL_RE.fullmatch(body):
        raise _fail(
            "serial_not_integer",
            f"文号“{shown}”的序号“{body}”不是整数，序号只能是正整数，如“9号”。",
            shown,
        )
    elif all(c in _CN_NUMERALS for c in body):
        raise _fail(
            "serial_not_arabic",
            f"文号“{shown}”的序号“{body}”不是阿拉伯数字，请改用阿拉伯数字书写，如“9号”。",
            shown,
        )
    else:
        raise _fail(
            "serial_chars",
            f"文号“{shown}”的序号“{body}”中含有非数字字符，序号只能是阿拉伯数字，如“9号”。",
            shown,
        )
    if serial == 0:
        raise _fail(
            "serial_zero",
            f"文号“{shown}”的序号为0，序号应从1开始，请检查序号是否写错。",
            shown,
        )
    if after:
        raise _fail(
            "trailing",
            f"文号“{shown}”在“号”字之后还有多余内容“{after}”，请删除。",
            shown,
        )
    return serial


def parse(text: str) -> DocNumber:
    """Parse any common spelling of a document number.

    Raises :class:`DocNumberError` with a Chinese message if ``text`` is not a valid number,
    and :class:`TypeError` if it is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"文号必须是字符串，而不是 {type(text).__name__}。")
    fast = _canonical_match(text)
    if fast is not None and not fast.group(1).endswith("令"):
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
    _check_agency(agency, shown)
    if agency.endswith("令"):
        raise _fail(
            "decree_year",
            f"文号“{shown}”是政府令，政府令的文号不带年份，请去掉年份，"
            f"写成如“{_DECREE_EXAMPLE}”的形式。",
            shown,
        )
    year = _check_year(year_text, shown)
    serial = _check_serial(rest, shown)
    return DocNumber(agency, year, serial)


def _parse_without_year(s: str, shown: str) -> DocNumber:
    """No brackets at all: a decree (…令第N号, …第N号令, 海关总署第61号), a year run into the
    serial (国办发200966号), or a number missing its year."""
    s = reorder_decree(s) or s
    m = _DECREE_LING_RE.search(s)
    if m is not None:
        agency, rest = s[: m.end()], s[m.end() :]
        _check_agency(agency, shown, joint=True)
        return DocNumber(agency, None, _check_serial(rest, shown))

    joined = joined_year_serial(s, MIN_YEAR, max_year())
    if joined is not None:
        likely = _render(*joined)
        raise DocNumberError(
            f"文号“{shown}”的年份和序号连在一起，缺少括住年份的六角括号，可能是“{likely}”。"
            "请核对原件后按这样的格式填写。",
            text=shown,
            reason="year_serial_joined",
            suggestion=likely,
        )
    digit = re.search(r"[0-9]", s)
    head = s[: digit.start()] if digit else s
    _check_agency(head.removesuffix("第"), shown)
    raise _fail(
        "no_year",
        f"文号“{shown}”缺少年份，请在机关代字后用六角括号写上四位年份，如“{_EXAMPLE}”；"
        f"如果是政府令，机关代字应以“令”结尾，如“{_DECREE_EXAMPLE}”。",
        shown,
    )


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
