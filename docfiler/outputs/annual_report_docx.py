"""The body of the yearly account set into a rendered official text (the official_text template,
GB/T 9704-2012): the template's body paragraph is replaced by the report's own paragraphs — each
line a paragraph indented two characters, the parts' headings in 黑体 (一级标题, §7.3.3), a
caption above each table — and its tables, bordered, as wide as the type area, the header row
repeated on every page, 文号 and dates never broken (outputs/widths.py).

Everything else (title, 主送机关, signature block, page numbers, styles) is the template's, as
`outputs/word.render` filled it.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree

from docfiler.domain.text_checks import strip_controls
from docfiler.errors import ConfigError
from docfiler.outputs.annual_report_tables import Table, shown
from docfiler.outputs.widths import Column as Width
from docfiler.outputs.widths import column_widths, text_em, widest_em

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
BODY_MARKER = "〖年度报告正文〗"
"""What the template's {{body}} is filled with, to be found and replaced."""
CELL_MARGIN = 57
"""Left and right cell margin, twips (as the templates' tables)."""
FIT_SLACK_PT = 1.0
HEITI = "黑体"


@dataclass(frozen=True)
class Line:
    """One paragraph of the body: body text, a part's heading, or a table's caption."""

    text: str
    kind: str = "body"


Block = Line | Table


def assemble(rendered: bytes, blocks: Sequence[Block], notes: Sequence[Line] = ()) -> bytes:
    """The rendered .docx with the marker paragraph replaced by `blocks`, and `notes` (注, as
    the 附注 is placed: under the date, §7.3.6) at the end of the text."""
    source = zipfile.ZipFile(io.BytesIO(rendered))
    styles = source.read("word/styles.xml") if "word/styles.xml" in source.namelist() else None
    root = etree.fromstring(source.read("word/document.xml"))
    marker = _marker(root)
    width = _type_width(root)
    size = _table_size(styles)
    for block in blocks:
        element = _table(block, width, size) if isinstance(block, Table) else _line(marker, block)
        marker.addprevious(element)
    section = root.find(f"{W}body/{W}sectPr")
    for note in notes:
        paragraph = _line(marker, note)
        if section is not None:
            section.addprevious(paragraph)
        else:
            root.find(f"{W}body").append(paragraph)
    marker.getparent().remove(marker)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item, data)
    return out.getvalue()


def _marker(root: etree._Element) -> etree._Element:
    for paragraph in root.iter(f"{W}p"):
        if "".join(t.text or "" for t in paragraph.iter(f"{W}t")).strip() == BODY_MARKER:
            return paragraph
    raise ConfigError(
        "公文模板（official_text.docx）中没有 {{body}} 段落，无法写入年度报告正文。"
        "请在模板中保留正文占位符 {{body}}。"
    )


def _type_width(root: etree._Element) -> int:
    """The type area's width in twips, from the section's page size and margins."""
    section = root.find(f"{W}body/{W}sectPr")
    size = section.find(f"{W}pgSz") if section is not None else None
    margins = section.find(f"{W}pgMar") if section is not None else None
    if size is None or margins is None:
        return 8844  # GB/T 9704: 156 mm
    total = int(size.get(f"{W}w"))
    taken = sum(int(margins.get(f"{W}{side}") or 0) for side in ("left", "right", "gutter"))
    return total - taken


def _table_size(styles: bytes | None) -> float:
    """The table text's size in points: the template's 表格文字 style, else 小四 (12 pt)."""
    if styles:
        root = etree.fromstring(styles)
        for style in root.iter(f"{W}style"):
            if style.get(f"{W}styleId") == "TableText":
                found = style.find(f"{W}rPr/{W}sz")
                if found is not None:
                    return int(found.get(f"{W}val")) / 2
    return 12.0


# ---------------------------------------------------------------------------- paragraphs


def _line(marker: etree._Element, line: Line) -> etree._Element:
    """A paragraph made like the template's body paragraph (its indent, its run's font)."""
    paragraph = etree.Element(f"{W}p")
    properties = marker.find(f"{W}pPr")
    properties = copy.deepcopy(properties) if properties is not None else etree.Element(f"{W}pPr")
    paragraph.append(properties)
    _set(properties, "jc", "center" if line.kind == "caption" else "both")
    if line.kind == "caption":
        _set(properties, "ind", None)
    if line.kind in ("heading", "caption"):  # kept with what follows: the text, the table
        style = properties.find(f"{W}pStyle")
        properties.insert(0 if style is None else 1, etree.Element(f"{W}keepNext"))
    run = etree.SubElement(paragraph, f"{W}r")
    first = marker.find(f"{W}r/{W}rPr")
    run_properties = copy.deepcopy(first) if first is not None else None
    if line.kind in ("heading", "caption"):
        run_properties = run_properties if run_properties is not None else etree.Element(f"{W}rPr")
        for old in run_properties.findall(f"{W}rFonts"):
            run_properties.remove(old)
        fonts = etree.Element(f"{W}rFonts")
        fonts.set(f"{W}eastAsia", HEITI)
        run_properties.insert(0, fonts)
    if run_properties is not None:
        run.append(run_properties)
    text = etree.SubElement(run, f"{W}t")
    text.text = strip_controls(line.text)
    text.set(XML_SPACE, "preserve")
    return paragraph


def _set(properties: etree._Element, name: str, value: str | None) -> None:
    """Replace (or, with None, remove) one paragraph property, keeping the schema's order
    closely enough for Word: w:ind and w:jc go last but for what follows them here."""
    for old in properties.findall(f"{W}{name}"):
        properties.remove(old)
    if value is None:
        return
    element = etree.SubElement(properties, f"{W}{name}")
    element.set(f"{W}val", value)


# ---------------------------------------------------------------------------- tables


def _widths(table: Table, total: int, size: float) -> list[int]:
    """Columns that never break as wide as their widest line (header included); the others
    share the rest, each at least as wide as its header (up to four characters) and, for short
    texts such as counts and rates, as its content."""
    specs = []
    for index, column in enumerate(table.columns):
        content = widest_em(shown(row[index]) for row in table.rows)
        header = text_em(column.header)
        if column.fit:
            need = max(content, min(header, SHORT_EM), 2.0) * size + FIT_SLACK_PT
            specs.append(Width(need=need, fit=True))
            continue
        least = max(min(header, SHORT_EM), content if content <= SHORT_EM else 2.0)
        specs.append(
            Width(
                need=max(header, content) * size,
                fit=False,
                weight=column.weight,
                least=least * size,
            )
        )
    return column_widths(specs, total, 2 * CELL_MARGIN)


SHORT_EM = 4.0
"""A header or a text this wide (four characters) is not broken when the page has room."""


def _cell(width: int, text: str, style: str, align: str | None) -> str:
    """One cell; a line break in `text` starts a new line in the cell."""
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    lines = escape(strip_controls(text)).split("\n")
    run = (
        '<w:r><w:t xml:space="preserve">'
        + '</w:t><w:br/><w:t xml:space="preserve">'.join(lines)
        + "</w:t></w:r>"
        if text
        else ""
    )
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>{run}</w:p></w:tc>'
    )


def _table(table: Table, total: int, size: float) -> etree._Element:
    """A bordered table (TableGrid) the width of the type area, its header row repeated."""
    widths = _widths(table, total, size)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(
        _cell(w, column.header, "TableHead", None)
        for w, column in zip(widths, table.columns, strict=True)
    )
    body = "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + "".join(
            _cell(w, shown(value), "TableText", column.align)
            for w, value, column in zip(widths, row, table.columns, strict=True)
        )
        + "</w:tr>"
        for row in table.rows
    )
    xml = (
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar>'
        f'<w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>{body}</w:tbl>"
    )
    return etree.fromstring(xml)
