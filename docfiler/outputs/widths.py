"""Table column widths from what each column will hold (issue 10, item 2). Pure arithmetic.

A character is counted the way a Chinese document sets it: an ASCII character (Latin letters,
digits, half-width punctuation) is ½ em, every other character (汉字, full-width punctuation such
as 〔〕《》, the ＿—…“” a Chinese font draws full width) is 1 em, at the column's font size.
`盖政办发〔2026〕73号` is 7 × 1 + 6 × ½ = 10 em: 120 pt at 小四 (12 pt), plus ¼ em for the
gap a layout engine may put between 3 and 号 (SCRIPT_GAP_EM).

Columns that must never break (序号, 文号, dates) get the width of their widest line plus the
cell margins; the columns that wrap (文件名称, 理由) share what is left, in proportion to their
widths in the template, none wider than its longest line needs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TWIPS_PER_PT = 20


SCRIPT_GAP_EM = 0.25
"""Space a layout engine may put between a 汉字 and a Latin letter or digit next to it: Word's
autospace (¼ em, on unless a style turns it off), LibreOffice's (0.2 em, always). Counted so a
date or a 文号 fits wherever it is opened; none next to punctuation such as 〔〕."""
_SCRIPT_BOUNDARY = re.compile(
    r"[0-9A-Za-z](?=[\u3400-\u9fff\uf900-\ufaff])|[\u3400-\u9fff\uf900-\ufaff](?=[0-9A-Za-z])"
)


def text_em(text: str) -> float:
    """Width of `text` in em; of its widest line when it holds line breaks."""
    if "\n" in text:
        return max(text_em(line) for line in text.split("\n"))
    if text.isascii():
        return len(text) / 2
    ascii_count = len(text.encode("ascii", "ignore"))
    gaps = len(_SCRIPT_BOUNDARY.findall(text)) if ascii_count else 0
    return len(text) - ascii_count / 2 + gaps * SCRIPT_GAP_EM


def widest_em(texts: Iterable[str]) -> float:
    """The widest of `texts` in em (0 for none). Texts alike but for their digits are as wide
    (every digit ½ em), so each shape is measured once: 10,000 文号 are a few dozen shapes."""
    joined = "\n".join(texts)
    for digit in "123456789":  # str.replace runs at C speed; str.translate does not here
        joined = joined.replace(digit, "0")
    return max(map(text_em, set(joined.split("\n"))), default=0.0)  # lines apart


@dataclass(frozen=True)
class Column:
    """What one column must hold, in points, cell margins left out."""

    need: float
    """Its widest line (header or content) set on one line."""
    fit: bool
    """True: never broken, exactly as wide as `need`. False: wraps and shares the rest."""
    weight: float = 1.0
    """A wrapping column's share of the rest (its width in the template)."""
    least: float = 0.0
    """A wrapping column's least width: its header on one line."""


def column_widths(columns: Sequence[Column], total: int, margins: int) -> list[int]:
    """Widths in twips summing to `total`; `margins` = left + right cell margin in twips.

    Fitting columns get need + margins (rounded up); wrapping columns share the rest, each at
    least its `least`, none past its `need` while another still wants more; what no column
    needs goes to the wrapping columns by weight (or, with none, to every column by need).
    When even that cannot hold, the fitting columns give way in proportion.
    """
    if not columns:
        return []
    fit = {i: c.need * TWIPS_PER_PT + margins for i, c in enumerate(columns) if c.fit}
    wrap = {i: c for i, c in enumerate(columns) if not c.fit}
    floors = {i: c.least * TWIPS_PER_PT + margins for i, c in wrap.items()}
    rest = total - sum(fit.values())
    if rest < sum(floors.values()):
        room = max(total - sum(floors.values()), 0)
        scale = room / sum(fit.values()) if fit else 0.0
        widths = {i: w * scale for i, w in fit.items()} | floors
    elif wrap:
        widths = fit | _share(wrap, floors, rest, margins)
    else:
        spare = rest / len(fit)
        widths = {i: w + spare for i, w in fit.items()}
    return _rounded([widths[i] for i in range(len(columns))], [c.fit for c in columns], total)


def _share(wrap: dict[int, Column], floors: dict[int, float], rest: float, margins: int):
    """Water-filling: `rest` twips over the wrapping columns by weight, capped by their need."""
    caps = {i: max(c.need * TWIPS_PER_PT + margins, floors[i]) for i, c in wrap.items()}
    given: dict[int, float] = {}
    open_ = set(wrap)
    left = rest
    while open_:
        weights = sum(wrap[i].weight for i in open_) or len(open_)
        shares = {i: left * (wrap[i].weight or 1) / weights for i in open_}
        capped = {i for i in open_ if shares[i] >= caps[i]}
        if not capped:
            floored = {i for i in open_ if shares[i] < floors[i]}
            if not floored:
                given |= shares
                return given
            capped = floored
            for i in floored:
                given[i] = floors[i]
        else:
            for i in capped:
                given[i] = caps[i]
        left -= sum(given[i] for i in capped)
        open_ -= capped
    spare = rest - sum(given.values())
    weights = sum(c.weight for c in wrap.values()) or len(wrap)
    return {i: w + spare * (wrap[i].weight or 1) / weights for i, w in given.items()}


def _rounded(widths: list[float], fit: list[bool], total: int) -> list[int]:
    """Whole twips: fitting columns rounded up, wrapping ones down, the remainder to the
    widest wrapping column (or the widest column) so the sum is exactly `total`."""
    out = [
        math.ceil(w - 1e-9) if f else math.floor(w + 1e-9) for w, f in zip(widths, fit, strict=True)
    ]
    candidates = [i for i, f in enumerate(fit) if not f] or list(range(len(out)))
    widest = max(candidates, key=lambda i: out[i])
    out[widest] += total - sum(out)
    return out
