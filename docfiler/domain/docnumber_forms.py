"""Document numbers as they are really written: the forms of published lists that are not
the canonical ``机关代字〔年份〕序号号`` / ``…令第N号`` and that :mod:`docfiler.domain.docnumber`
reads through this module.

- decrees and announcements numbered within the year: ``农业部令2015年第4号``,
  ``国家税务总局公告2016年第23号``, ``河北省人民政府令〔2019〕第11号`` (see :func:`kind_of`,
  :func:`year_numbered`);
- the serial before 令: ``洛阳市人民政府第4号令``, ``市政府第26号令`` → ``…令第N号``;
- a decree written without 令 by an issuer that makes rules: ``海关总署第61号`` → ``海关总署令第61号``;
- year and serial run together: ``国办发200966号`` (or ``辽财行2019年275号``) is refused, but
  the likely reading ``国办发〔2009〕66号`` is offered;
- abbreviated issuers (``省政府令``, ``市政府令``) resolved through the office's aliases;
- an agency code with a part in parentheses: ``民委(政)字〔1990〕217号`` → ``民委（政）字〔1990〕217号``.

Every function here works on text already cleaned by the parser (NFKC, ASCII digits, no
spaces, brackets folded to 〔〕, traditional characters folded to simplified). Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = [
    "CJK",
    "CJK_RANGES",
    "ISSUER_SUFFIXES",
    "KINDS",
    "is_parenthesized_agency",
    "joined_year_serial",
    "kind_of",
    "parenthesized_agency",
    "reorder_decree",
    "resolve_alias",
    "year_numbered",
]

# CJK unified ideographs (basic, extensions A–I) and compatibility ideographs.
CJK_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2EBEF),
    (0x30000, 0x3134F),
)
CJK = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in CJK_RANGES)  # for regex classes

#: How the name of a body that issues decrees (令) ends: a government, a ministry or commission,
#: an administration, a bank. A number such as ``海关总署第61号`` whose agency ends so is read as
#: that body's decree; ``盖政发第9号`` (ending in 发) is not, and is refused for its missing year.
ISSUER_SUFFIXES = (
    "人民政府",
    "政府",
    "总署",
    "总局",
    "委员会",
    "银行",
    "部",
    "委",
    "署",
    "局",
    "院",
)

#: The kinds of document number, by how the agency code ends: a decree (…令) or an announcement
#: (…公告) is numbered on its own, within the year or not; any other code is an ordinary number
#: (机关代字〔年份〕序号号, GB/T 9704-2012 §7.2.5), which always has a year.
KINDS = ("ordinary", "decree", "announcement")

_SERIAL_BEFORE_LING: re.Pattern[str] | None = None
_YEAR_NUMBERED: re.Pattern[str] | None = None
_DECREE_WITHOUT_LING: re.Pattern[str] | None = None
_JOINED: re.Pattern[str] | None = None
_PAREN_IN_TEXT: re.Pattern[str] | None = None
_PAREN_AGENCY: re.Pattern[str] | None = None


def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    global _SERIAL_BEFORE_LING, _DECREE_WITHOUT_LING, _JOINED
    if _JOINED is None:
        _SERIAL_BEFORE_LING = re.compile(f"([{CJK}、]+?)第([0-9]+)号令")
        _DECREE_WITHOUT_LING = re.compile(f"([{CJK}、]+?)第([0-9]+)号?")
        # 国办发200966号; 辽财行2019年275号; 国卫食品发2021第36号
        _JOINED = re.compile(f"([{CJK}]+?)([0-9]{{4}})(年第?|第|[-－—–,，、./／·])?([0-9]+)号?")
    return _SERIAL_BEFORE_LING, _DECREE_WITHOUT_LING, _JOINED  # type: ignore[return-value]


def reorder_decree(s: str) -> str | None:
    """The decree ``s`` in the order ``…令第N号`` when it is written another way, else ``None``.

    ``洛阳市人民政府第4号令`` → ``洛阳市人民政府令第4号``; ``海关总署第61号`` → ``海关总署令第61号``
    (only when the agency names a body that issues decrees, see :data:`ISSUER_SUFFIXES`).
    """
    serial_before_ling, without_ling, _ = _patterns()
    m = serial_before_ling.fullmatch(s)
    if m is not None and not m[1].endswith("令"):
        return f"{m[1]}令第{m[2]}号"
    m = without_ling.fullmatch(s)
    if m is not None and m[1].endswith(ISSUER_SUFFIXES):
        return f"{m[1]}令第{m[2]}号"
    return None


def joined_year_serial(s: str, lo: int, hi: int) -> tuple[str, int, int] | None:
    """``(agency, year, serial)`` when ``s`` reads as an agency code followed by a year in
    ``lo..hi`` and a serial with no bracket between them (``国办发200966号``,
    ``辽财行2019年275号``, ``…公告201623号``), else ``None``. Not for a decree, whose serial may
    be long (``…令201635号`` is read as 令第201635号), nor for ``…公告2016年第23号``, which is how
    announcements really are numbered (:func:`year_numbered`)."""
    _, _, joined = _patterns()
    m = joined.fullmatch(s)
    if m is None or m[1].endswith("令") or (m[1].endswith("公告") and "年" in (m[3] or "")):
        return None
    year, serial = int(m[2]), int(m[4])
    if not lo <= year <= hi or serial == 0:
        return None
    return m[1], year, serial


def resolve_alias(agency: str, aliases: Mapping[str, str] | None) -> str:
    """The full agency code an abbreviated one stands for (``省政府令`` → ``辽宁省人民政府令``)."""
    if not aliases:
        return agency
    return aliases.get(agency, agency)


def _paren_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    global _PAREN_IN_TEXT, _PAREN_AGENCY
    if _PAREN_AGENCY is None:
        _PAREN_IN_TEXT = re.compile(f"([{CJK}]+)〔([{CJK}]+)〕([{CJK}]*)(?=〔)")
        _PAREN_AGENCY = re.compile(f"[{CJK}]+（[{CJK}]+）[{CJK}]*")
    return _PAREN_IN_TEXT, _PAREN_AGENCY  # type: ignore[return-value]


def parenthesized_agency(s: str) -> str | None:
    """``s`` with the agency code's parenthesized part written （…） when the first bracket pair
    holds characters, not a year, and a year bracket follows (民委〔政〕字〔1990〕217号, as the
    brackets are folded, → 民委（政）字〔1990〕217号); else ``None``."""
    in_text, _ = _paren_patterns()
    m = in_text.match(s)
    if m is None:
        return None
    return f"{m[1]}（{m[2]}）{m[3]}{s[m.end() :]}"


def is_parenthesized_agency(agency: str) -> bool:
    """``民委（政）字``: characters with one part in full-width parentheses."""
    _, agency_re = _paren_patterns()
    return agency_re.fullmatch(agency) is not None


def kind_of(agency: str) -> str:
    """``"decree"`` for an agency code ending in 令, ``"announcement"`` for one ending in 公告,
    else ``"ordinary"`` (see :data:`KINDS`)."""
    if agency.endswith("令"):
        return "decree"
    if agency.endswith("公告"):
        return "announcement"
    return "ordinary"


def year_numbered(s: str) -> tuple[str, str, str] | None:
    """``(agency, year, rest)`` for a decree or an announcement numbered within the year and
    written with 年 (``农业部令2015年第4号`` → ``("农业部令", "2015", "第4号")``,
    ``国家税务总局公告2016年第23号``), else ``None``. The year and the rest are left to the
    parser's checks; the bracketed form (``河北省人民政府令〔2019〕第11号``) is read by the parser."""
    global _YEAR_NUMBERED
    if _YEAR_NUMBERED is None:
        _YEAR_NUMBERED = re.compile(f"([{CJK}、]*?(?:令|公告))([0-9]+)年(.*)")
    m = _YEAR_NUMBERED.fullmatch(s)
    if m is None:
        return None
    return m[1], m[2], m[3]
