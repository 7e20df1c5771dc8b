"""The wording and line layout of a 备案报告 (filing report), as pure functions.

GB/T 9704-2012: the title (§7.3.1) is set in 2号 (22 pt) on the 156 mm type area, 20 characters a
line; "回行时，要做到词意完整，排列对称", so a line never breaks inside 《…》 when the 《…》 fits on
a line of its own, and the lines are as even as they can be. The signature block (§7.3.5.1): the
成文日期 右空四字, the organ's name centred over the date. The 附件说明 (§7.3.4): "附件：1.××"
with the next names under the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from docfiler.domain.labels import date_label
from docfiler.outputs.widths import text_em

TITLE_LINE_EM = 20.0
"""2号 (22 pt) characters in the 442.2 pt line: 20 (20.1)."""
BASES = {
    "government": "《辽宁省规章规范性文件备案办法》（辽宁省人民政府令第149号公布，"
    "辽宁省人民政府令第300号修正）第三条",
    "congress": "《辽宁省各级人民代表大会常务委员会规范性文件备案审查条例》第六条",
}
"""What the report cites, as the rulebook states the sources (rules/rulebook.toml, [filing])."""


def _breakable(title: str, at: int, fits_alone: bool) -> bool:
    """May a line end before title[at]? Never inside a number (等12件), nor before a closing mark;
    inside 《…》 only when the 《…》 is too long for one line."""
    before, after = title[at - 1], title[at]
    if before.isdigit() or after.isdigit():  # 等2件, 〔2026〕: a number keeps its words
        return False
    if after in "》）〕，、。：；" or before in "《（〔":
        return False
    depth = title[:at].count("《") - title[:at].count("》")
    return depth == 0 or not fits_alone


def _inside(title: str, at: int) -> float:
    """A break inside 《…》 (only where the 《…》 cannot fit a line) costs more than any slack."""
    if at >= len(title):
        return 0.0
    return 1000.0 if title[:at].count("《") > title[:at].count("》") else 0.0


def _cost(width: float, last: bool) -> float:
    slack = TITLE_LINE_EM - width
    return slack * slack * (0.25 if last else 1.0)


def title_lines(title: str, width: float = TITLE_LINE_EM) -> list[str]:
    """`title` in as few lines of at most `width` em as it takes, breaking outside 《…》 where a
    break can be found, the lines as even as possible (least squared slack). Pure."""
    if text_em(title) <= width:
        return [title]
    fits_alone = all(text_em(part.split("》")[0]) + 2 <= width for part in title.split("《")[1:])
    size = len(title)
    best: list[tuple[int, float, int] | None] = [None] * (size + 1)
    best[0] = (0, 0.0, 0)
    for end in range(1, size + 1):
        if end < size and not _breakable(title, end, fits_alone):
            continue
        for start in range(end - 1, -1, -1):
            line = title[start:end]
            if text_em(line) > width:
                break
            previous = best[start]
            if previous is None:
                continue
            cost = previous[1] + _cost(text_em(line), end == size) + _inside(title, end)
            lines = previous[0] + 1
            if best[end] is None or (lines, cost) < best[end][:2]:
                best[end] = (lines, cost, start)
    if best[size] is None:  # nothing breakable fits: cut where the width runs out
        return _cut(title, width)
    lines, at = [], size
    while at > 0:
        start = best[at][2]
        lines.append(title[start:at])
        at = start
    return lines[::-1]


def _cut(title: str, width: float) -> list[str]:
    lines, line = [], ""
    for char in title:
        if line and text_em(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line]


def report_title(sender: str, titles: Sequence[str]) -> str:
    """盖州市人民政府关于报送《…》备案的报告, or 《…》等N件行政规范性文件."""
    first = book(titles[0])
    if len(titles) == 1:
        return f"{sender}关于报送{first}备案的报告"
    return f"{sender}关于报送{first}等{len(titles)}件行政规范性文件备案的报告"


def book(title: str) -> str:
    """《title》, with title marks inside it turned into 〈〉 as Chinese typography nests them."""
    inner = title.strip().removeprefix("《").removesuffix("》")
    return "《" + inner.replace("《", "〈").replace("》", "〉") + "》"


def intro(basis: str, sender: str, count: int, offices: Sequence[str]) -> str:
    made = sender if not offices else f"{sender}及{'、'.join(offices)}"
    return f"根据{basis}的规定，现将{made}制定的{count}件行政规范性文件报送备案，有关情况报告如下："


def procedure_sentence(
    *,
    index: int,
    title: str,
    number: str,
    published: dt.date | None,
    effective: dt.date | None,
    review: tuple[str | None, dt.date | None, str | None] | None,
    decision: tuple[str, dt.date] | None,
    bases: Sequence[str],
    materials: Sequence[str],
) -> str:
    """One document's facts as the register holds them, as one numbered item of the report."""
    parts = [f"{_ordinal(index)}{book(title)}（{number}），"]
    dates = f"{date_label(published)}公布"
    if effective is not None and effective != published:
        dates += f"，自{date_label(effective)}起施行"
    elif effective is not None:
        dates += "，自公布之日起施行"
    parts.append(dates + "。")
    if review is not None:
        outcome, finished, reviewer = review
        by = f"经{reviewer}" if reviewer else "经"
        parts.append(f"{date_label(finished)}{by}合法性审核，审核结论为{outcome}；")
    if decision is not None:
        meeting, decided = decision
        parts.append(f"{date_label(decided)}经{meeting}集体讨论决定。")
    elif review is not None:
        parts[-1] = parts[-1].removesuffix("；") + "。"
    if bases:
        parts.append(f"制定依据：{'；'.join(bases)}。")
    parts.append(f"报送材料：{'、'.join(materials)}。")
    return "".join(parts)


def _ordinal(index: int) -> str:
    """（一）…（十）（十一）…（一百零一）: the items of a 报告, numbered as Chinese text is."""
    return f"（{chinese_number(index)}）"


def chinese_number(value: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 101 → 一百零一, 110 → 一百一十 (below 10,000)."""
    digits = "零一二三四五六七八九"
    if value < 10:
        return digits[value]
    if value < 20:
        return "十" + (digits[value % 10] if value % 10 else "")
    parts, zero = [], False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit = value // size % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(digits[digit] + unit)
    return "".join(parts)


def attachment_lines(names: Sequence[str]) -> str:
    """附件：1.×× / 2.××: each name on its own line (the template indents the lines after the
    first under the first name), no punctuation after a name (§7.3.4)."""
    if len(names) == 1:
        return f"附件：{names[0]}"
    return "\n".join(
        f"{'附件：' if number == 1 else ''}{number}.{name}"
        for number, name in enumerate(names, start=1)
    )


def contact_note(contact: str | None, phone: str | None) -> str | None:
    """附注 (§7.3.6): （联系人：××，电话：××）, under the date."""
    items = [f"联系人：{contact}" if contact else None, f"电话：{phone}" if phone else None]
    present = [item for item in items if item]
    return f"（{'，'.join(present)}）" if present else None
