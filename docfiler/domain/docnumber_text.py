"""Document numbers as typed: the text cleaning the parser and the search box share, and the
search-box prefix of a partly typed number (:func:`search_variants`). Standard library only."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from docfiler.domain.docnumber_forms import CJK as _CJK
from docfiler.domain.docnumber_forms import kind_of
from docfiler.domain.docnumber_hanzi import to_simplified

__all__ = ["NumberFragment", "clean", "number_fragment", "search_variants"]

# Bracket characters accepted around the year, *after* NFKC normalisation (which already folds
# full-width, small-form and vertical-form brackets such as （）［］﹝﹞｟｠︹︺ onto these).
# „‟ stand for 〔〕 in text extracted from Word files set in GB 2312 fonts (国办发„2009‟3号).
_OPEN_BRACKETS = "〔[(【〈⦅〖「{<《⟮❲〘‹„"
_CLOSE_BRACKETS = "〕])】〉⦆〗」}>》⟯❳〙›‟"
_FOLD = str.maketrans(
    {
        **dict.fromkeys(_OPEN_BRACKETS, "〔"),
        **dict.fromkeys(_CLOSE_BRACKETS, "〕"),
        "號": "号",  # traditional form
    }
)
# Invisible characters that sneak in from copy-and-paste; str.isspace() misses them.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Search-box prefixes (applied to cleaned text). Kept as strings so that they are compiled
# (and cached by the re module) on first use rather than at import time.
_PREFIX_ORDINARY = (
    f"(?P<agency>[{_CJK}]+)〔(?P<year>[0-9]{{0,4}})"
    r"(?:〕(?:第?(?P<serial>[0-9]*)(?P<hao>号?))?)?"
)
_PREFIX_DECREE = f"(?P<agency>[{_CJK}]+(?:令第?|公告第))(?P<serial>[0-9]+)(?P<hao>号?)"
# A decree or an announcement numbered within the year: 农业部令2015年第4, 国家税务总局公告2016年
_PREFIX_YEAR_NUMBERED = (
    f"(?P<agency>[{_CJK}]+(?:令|公告))(?P<year>[0-9]{{4}})年(?:第?(?P<serial>[0-9]*)(?P<hao>号?))?"
)
_PREFIX_BARE_YEAR = f"(?P<agency>[{_CJK}]+)(?P<year>[0-9]{{1,4}})"


def clean(text: str, *, simplify: bool = True) -> str:
    """NFKC-normalise, fold digits to ASCII, drop all spaces, fold brackets to 〔〕 and (unless
    ``simplify`` is false) traditional characters to simplified ones."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isspace() or ch in _INVISIBLE:
            continue
        if ch.isdecimal() and not ch.isascii():
            ch = str(unicodedata.decimal(ch))
        out.append(ch)
    cleaned = "".join(out).translate(_FOLD)
    return to_simplified(cleaned) if simplify else cleaned


def search_variants(text: str) -> str | None:
    """Canonical prefix for a search-box query that looks like (part of) a document number.

    ``盖政发[2016]9`` → ``盖政发〔2016〕9``, ``盖政发（2016`` → ``盖政发〔2016``,
    ``盖政发2016`` → ``盖政发〔2016``, ``营口市人民政府令 35`` → ``营口市人民政府令第35``,
    ``河北省人民政府令〔2019〕第11`` → ``河北省人民政府令2019年第11``.
    The trailing 号 is kept only if it was typed, so ``盖政发〔2016〕9`` also finds 91号, 92号….
    The result is meant for ``LIKE 'prefix%'`` against canonical numbers; spaces, 第 and leading
    zeros of the serial are dropped, brackets and digits are normalised as in :func:`parse`.

    Returns ``None`` when the query contains no digits or brackets (plain title words), or
    when it does not start with an agency code followed by a number-like part.
    """
    if not isinstance(text, str):
        return None
    s = clean(text)
    if not any(c.isdigit() or c in "〔〕" for c in s):
        return None
    if m := re.fullmatch(_PREFIX_ORDINARY, s):
        agency = m["agency"]
        if kind_of(agency) != "ordinary":  # 河北省人民政府令〔2019〕第11 → …令2019年第11
            return _year_numbered_prefix(agency, m["year"], m["serial"], m["hao"])
        prefix = f"{agency}〔{m['year']}"
        if m["serial"] is not None:  # the closing bracket was typed
            serial = m["serial"].lstrip("0")
            prefix += "〕" + serial + (m["hao"] if serial else "")
        return prefix
    if m := re.fullmatch(_PREFIX_YEAR_NUMBERED, s):
        return _year_numbered_prefix(m["agency"], m["year"], m["serial"] or "", m["hao"])
    if m := re.fullmatch(_PREFIX_DECREE, s):
        serial = m["serial"].lstrip("0")
        agency = m["agency"].removesuffix("第")
        return f"{agency}第{serial}" + (m["hao"] if serial else "")
    if m := re.fullmatch(_PREFIX_BARE_YEAR, s):
        agency = m["agency"]
        if agency.endswith("公告"):  # 国家税务总局公告2016 → …公告2016年…
            return f"{agency}{m['year']}"
        if agency[-1] in "令第号":
            return None
        return f"{agency}〔{m['year']}"
    return None


def _year_numbered_prefix(agency: str, year: str, serial: str | None, hao: str | None) -> str:
    """The canonical prefix of a decree or an announcement numbered within the year
    (…令2019年第11号); ``serial`` is ``None`` until the year is closed (〕 or 年)."""
    if serial is None or len(year) != 4:
        return f"{agency}{year}"
    serial = serial.lstrip("0")
    return f"{agency}{year}年" + (f"第{serial}{hao or ''}" if serial else "")


@dataclass(frozen=True)
class NumberFragment:
    """A search word read as a piece of a document number (:func:`number_fragment`).

    ``text`` is what the canonical numbers that match contain; ``number_only`` says the word
    cannot be a title word (it has a bracket, or 号 after digits); ``year`` is the year the word
    pins down (a four-digit year next to a bracket), for an index to seek.
    """

    text: str
    number_only: bool
    year: int | None


_FRAGMENT_YEAR = re.compile(r"〔([0-9]{4})|([0-9]{4})〕")


def number_fragment(word: str) -> NumberFragment | None:
    """How a search word with digits or brackets reads as any piece of a document number.

    ``〔2016〕9`` → ``〔2016〕9`` (year 2016); ``2016)09号`` → ``2016〕9号``; ``第46号`` → ``46号``
    (ordinary numbers drop 第; decrees keep it before the serial, so ``46号`` matches both);
    ``117`` and ``2016`` are pieces of numbers and title words alike. A word with neither digits
    nor brackets is not a fragment (``None``): it is a title word or part of an agency code.
    Use :func:`search_variants` first: a word that starts with an agency code is a prefix.
    """
    if not isinstance(word, str):
        return None
    s = clean(word)
    if not s or not any(c.isdigit() or c in "〔〕" for c in s):
        return None
    s = re.sub(r"第(?=[0-9])", "", s)
    s = re.sub(r"〕0+(?=[0-9])", "〕", s)  # a serial has no leading zeros
    number_only = "〔" in s or "〕" in s or re.search(r"[0-9]号", s) is not None
    years = {int(a or b) for a, b in _FRAGMENT_YEAR.findall(s)}
    year = years.pop() if len(years) == 1 else None
    return NumberFragment(text=s, number_only=number_only, year=year)


def prefix_years(prefix: str) -> tuple[int, int] | None:
    """The years a canonical doc-number prefix allows: `盖民发〔201` → (2010, 2019), `盖政发〔2016`
    → (2016, 2016); None when it names no year digits. A document's year is its number's
    (services.register_document), so a search may bound the year column by these: the
    register's walk in year order then starts at those years (queries.register)."""
    match = re.search(r"〔(\d{1,4})", prefix)
    if match is None:
        return None
    digits = match.group(1)
    return int(digits.ljust(4, "0")), int(digits.ljust(4, "9"))
