"""The validity a document states in its own text: 有效期N年, 有效期至……, 有效期截至…….

A document has a validity period only when it states one (domain.md; 辽宁 has no default).
Reading it from the published text saves the clerk looking for the clause at the end.
"""

from __future__ import annotations

import datetime as dt
import re

from docfiler.outputs.reader_parts import _cn_number, date_of

_YEARS_RE = re.compile(
    r"有效期(?:为|是)?(?:自[^，。；]{2,30}?起)?([0-9]{1,2}|[一二两三四五六七八九十])年"
)
_UNTIL_RE = re.compile(
    r"有效期(?:为|自[^，。；]{2,30}?起)?(?:至|截至|截止(?:到|至)?|到)"
    r"((?:\d{4}|[〇○零一二三四五六七八九]{4})年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日)"
)


def stated_validity(text: str) -> tuple[int | None, dt.date | None]:
    """(years, last day) as the text states them; (None, None) when it states none.

    A stated last day wins over a number of years (it needs no effective date to count from);
    a clause that names neither (有效期另行规定) is no validity."""
    compact = re.sub(r"\s+", "", text)
    if match := _UNTIL_RE.search(compact):
        is_date, day = date_of(match.group(1).translate(_FULLWIDTH))
        if is_date and day is not None:
            return None, day
    if match := _YEARS_RE.search(compact):
        value = match.group(1)
        years = int(value) if value.isdigit() else _cn_number(value.replace("两", "二"))
        if 0 < years <= 30:
            return years, None
    return None, None


_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
