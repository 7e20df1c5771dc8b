"""Size the columns of a template's list table from what this output puts in them (issue 10,
item 2): 序号, 文号 and dates on one line, 文件名称 and 理由 sharing the rest.

Read from the template: the columns (the placeholder in each cell of the repeated row), their
headers, the font size of each column (run → paragraph style → its base styles → document
defaults), the cell margins and the table's width. The office's template keeps deciding all of
these; only the split of the width between the columns follows the content. A table with merged
cells is left as the template has it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from docfiler.outputs.widths import Column, column_widths, text_em, widest_em

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
FIT = frozenset({"no", "number", "dates", "published", "ended", "change", "valid_until"})
"""Placeholders whose cells must never break: 序号, 文号, dates, the change (新增/废止)."""
FIT_SLACK_PT = 1.0
"""Added to a never-breaking column: rounding inside Word and LibreOffice, the border line."""
WORD_CELL_MARGIN = 108
"""Word's left and right cell margin when neither the table nor its style sets one (0.19 cm)."""
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
UNBREAKABLE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|〔\d{4}〕\d+号")
"""What a wrapping column must hold on one line: a date, the year and serial of a 文号."""


@dataclass(frozen=True)
class _Column:
    name: str | None
    """The first placeholder in the repeated row's cell (None for a fixed text)."""
    header: str
    header_size: float
    size: float
    width: int


def _text(element: etree._Element) -> str:
    """Text of an element, a line per paragraph."""
    lines = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in element.iter(f"{W}p")]
    return "\n".join(lines)


class _Styles:
    """Font sizes (half-points) and table cell margins by style id, from styles.xml."""

    def __init__(self, xml: bytes | None) -> None:
        self.sizes: dict[str, int | None] = {}
        self.margins: dict[str, int | None] = {}
        self.parents: dict[str, str] = {}
        self.default_paragraph: str | None = None
        self.default_table: str | None = None
        self.default_size = 20  # Word's own default: 10 pt
        if not xml:
            return
        root = etree.fromstring(xml)
        size = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
        if size is not None:
            self.default_size = int(size.get(f"{W}val"))
        for style in root.iter(f"{W}style"):
            style_id = style.get(f"{W}styleId")
            based = style.find(f"{W}basedOn")
            if based is not None:
                self.parents[style_id] = based.get(f"{W}val")
            sz = style.find(f"{W}rPr/{W}sz")
            self.sizes[style_id] = int(sz.get(f"{W}val")) if sz is not None else None
            self.margins[style_id] = _margins(style.find(f"{W}tblPr"))
            kind, default = style.get(f"{W}type"), style.get(f"{W}default")
            if default in ("1", "true", "on") and kind == "paragraph":
                self.default_paragraph = style_id
            elif default in ("1", "true", "on") and kind == "table":
                self.default_table = style_id

    def _inherited(self, table: Mapping[str, int | None], style_id: str | None) -> int | None:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if table.get(style_id) is not None:
                return table[style_id]
            style_id = self.parents.get(style_id)
        return None

    def size_pt(self, paragraph: etree._Element) -> float:
        """The font size of a paragraph's first run, in points."""
        for run in paragraph.iter(f"{W}r"):
            sz = run.find(f"{W}rPr/{W}sz")
            if sz is not None:
                return int(sz.get(f"{W}val")) / 2
            break
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else self.default_paragraph
        found = self._inherited(self.sizes, style_id)
        return (found if found is not None else self.default_size) / 2

    def table_margins(self, table: etree._Element) -> int:
        own = _margins(table.find(f"{W}tblPr"))
        if own is not None:
            return own
        style = table.find(f"{W}tblPr/{W}tblStyle")
        named = style.get(f"{W}val") if style is not None else None
        found = self._inherited(self.margins, named)
        if found is None:
            found = self._inherited(self.margins, self.default_table)
        return found if found is not None else 2 * WORD_CELL_MARGIN


def _margins(table_properties: etree._Element | None) -> int | None:
    """Left + right cell margin in twips, when set."""
    if table_properties is None:
        return None
    margins = table_properties.find(f"{W}tblCellMar")
    if margins is None:
        return None
    total = 0
    for sides in (("left", "start"), ("right", "end")):
        found = [margins.find(f"{W}{s}") for s in sides]
        side = next((m for m in found if m is not None), None)
        total += int(side.get(f"{W}w", WORD_CELL_MARGIN)) if side is not None else WORD_CELL_MARGIN
    return total


def row_table(root: etree._Element) -> etree._Element | None:
    """The table holding the repeated row ({{no}})."""
    for table in root.iter(f"{W}tbl"):
        if "{{no}}" in _text(table):
            return table
    return None


def drop_columns(root: etree._Element, names: frozenset[str]) -> None:
    """Take the list table's columns whose repeated-row placeholder is in `names` out of every
    row and the grid, their width going to the widest column left, so the table keeps its
    width. A table with merged cells is left as the template has it."""
    table = row_table(root) if names else None
    if table is None:
        return
    grid = table.findall(f"{W}tblGrid/{W}gridCol")
    rows = table.findall(f"{W}tr")
    if not grid or any(len(row.findall(f"{W}tc")) != len(grid) for row in rows):
        return
    body = next(row for row in rows if "{{no}}" in _text(row))
    gone = []
    for index, cell in enumerate(body.findall(f"{W}tc")):
        found = _PLACEHOLDER.search(_text(cell))
        if found and found.group(1) in names:
            gone.append(index)
    if not gone or len(gone) == len(grid):
        return
    freed = sum(int(grid[i].get(f"{W}w", 0)) for i in gone)
    for row in rows:
        cells = row.findall(f"{W}tc")
        for index in gone:
            row.remove(cells[index])
    for index in gone:
        grid[index].getparent().remove(grid[index])
    kept = [col for i, col in enumerate(grid) if i not in gone]
    widest = max(kept, key=lambda col: int(col.get(f"{W}w", 0)))
    widest.set(f"{W}w", str(int(widest.get(f"{W}w", 0)) + freed))


def _columns(table: etree._Element, styles: _Styles, fields: Mapping[str, str]):
    """Each column's placeholder, header, sizes and template width; None with merged cells."""
    grid = [int(col.get(f"{W}w", 0)) for col in table.iterfind(f"{W}tblGrid/{W}gridCol")]
    rows = table.findall(f"{W}tr")
    body_at = next(i for i, row in enumerate(rows) if "{{no}}" in _text(row))
    if not grid or not all(grid) or any(len(r.findall(f"{W}tc")) != len(grid) for r in rows):
        return None
    columns = []
    for index, cell in enumerate(rows[body_at].findall(f"{W}tc")):
        found = _PLACEHOLDER.search(_text(cell))
        headers = [row.findall(f"{W}tc")[index] for row in rows[:body_at]]
        header = "\n".join(
            _PLACEHOLDER.sub(lambda m: fields.get(m.group(1)) or "", _text(h)) for h in headers
        )
        first = next(cell.iter(f"{W}p"), None)
        head_p = next(headers[-1].iter(f"{W}p"), None) if headers else None
        columns.append(
            _Column(
                name=found.group(1) if found else None,
                header=header,
                header_size=styles.size_pt(head_p) if head_p is not None else 0.0,
                size=styles.size_pt(first) if first is not None else 0.0,
                width=grid[index],
            )
        )
    return columns


def _need(column: _Column, values: Sequence[str]) -> Column:
    least = text_em(column.header) * column.header_size
    if column.name in FIT:
        need = max(least, widest_em(values) * column.size) + FIT_SLACK_PT
        return Column(need=need, fit=True)
    tokens = [token for value in values for token in UNBREAKABLE.findall(value)]
    if tokens:  # a date or a 文号 in 备注 / 理由 (2027年1月1日起施行) never broken either
        least = max(least, widest_em(tokens) * column.size + FIT_SLACK_PT)
    longest = max(map(len, values), default=0)  # an upper bound: every character 1 em
    return Column(
        need=max(least, longest * column.size), fit=False, weight=column.width, least=least
    )


def fit_columns(
    root: etree._Element,
    styles_xml: bytes | None,
    fields: Mapping[str, str],
    rows: Sequence[Mapping[str, str]],
) -> None:
    """Set the widths of the list table in `root` (document.xml) for `rows`."""
    table = row_table(root)
    if table is None:
        return
    styles = _Styles(styles_xml)
    columns = _columns(table, styles, fields)
    if columns is None:
        return
    specs = []
    for column in columns:
        values = [row.get(column.name) or "" for row in rows] if column.name else []
        if column.name == "no":
            values.append(str(len(rows)))
        specs.append(_need(column, values))
    total = sum(c.width for c in columns)
    widths = column_widths(specs, total, styles.table_margins(table))
    _apply(table, widths)


def _apply(table: etree._Element, widths: list[int]) -> None:
    for col, width in zip(table.iterfind(f"{W}tblGrid/{W}gridCol"), widths, strict=True):
        col.set(f"{W}w", str(width))
    for row in table.findall(f"{W}tr"):
        for cell, width in zip(row.findall(f"{W}tc"), widths, strict=True):
            properties = cell.find(f"{W}tcPr")
            if properties is None:
                properties = etree.Element(f"{W}tcPr")
                cell.insert(0, properties)
            tc_width = properties.find(f"{W}tcW")
            if tc_width is None:
                tc_width = etree.Element(f"{W}tcW")
                cnf = properties.find(f"{W}cnfStyle")
                properties.insert(1 if cnf is not None else 0, tc_width)
            tc_width.set(f"{W}w", str(width))
            tc_width.set(f"{W}type", "dxa")
    table_width = table.find(f"{W}tblPr/{W}tblW")
    if table_width is not None:
        table_width.set(f"{W}w", str(sum(widths)))
        table_width.set(f"{W}type", "dxa")
