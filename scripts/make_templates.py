"""Build the Word templates in templates/ (GB/T 9704-2012 layout) with python-docx.

The office may restyle the resulting files in Word or WPS; docfiler fills them as they are.
Placeholders are written {{name}}; a table row holding {{no}} is the row repeated per document,
and the paragraph holding {{group}} plus the table after it repeat per issuing authority.

    .venv/bin/python scripts/make_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "templates"

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
SONGTI = "宋体"
SIZE_2 = Pt(22)  # 2号
SIZE_3 = Pt(16)  # 3号
SIZE_4 = Pt(14)  # 4号
SIZE_SMALL_4 = Pt(12)  # 小4号


def set_fonts(target, east_asian: str, size, *, bold: bool = False, latin: str = "Times New Roman"):
    """Set Latin and East Asian fonts (w:eastAsia) so Word and WPS both use the Chinese font."""
    font = target.font
    font.name = latin
    font.size = size
    font.bold = bold
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def base_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    # GB/T 9704-2012 §5.2.1: top 37 mm, binding side 28 mm, type area 156 × 225 mm.
    section.top_margin = Mm(37)
    section.left_margin = Mm(28)
    section.right_margin = Mm(210 - 28 - 156)
    section.bottom_margin = Mm(297 - 37 - 225)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(20)

    styles = document.styles
    normal = styles["Normal"]
    set_fonts(normal, FANGSONG, SIZE_3)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28.95)  # 22 lines in 225 mm
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)

    title = styles["Title"]
    set_fonts(title, XIAOBIAOSONG, SIZE_2)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(14)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(36)
    for attr in ("color",):
        getattr(title.font, attr).rgb = None
    _strip_title_border(title)

    heading = styles["Heading 1"]
    set_fonts(heading, HEITI, SIZE_3)
    heading.font.color.rgb = None
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True

    table_text = styles.add_style("表格文字", 1)
    table_text.base_style = normal
    set_fonts(table_text, FANGSONG, SIZE_SMALL_4)
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    table_head = styles.add_style("表头文字", 1)
    table_head.base_style = table_text
    set_fonts(table_head, HEITI, SIZE_SMALL_4)
    table_head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    _page_numbers(document)
    return document


def _strip_title_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)


def _page_number_paragraph(footer, alignment) -> None:
    """`— 1 —` in 4号 宋体; odd pages right, even pages left (GB/T 9704-2012 §7.5)."""
    paragraph = footer.paragraphs[0]
    paragraph.alignment = alignment
    paragraph.paragraph_format.left_indent = Mm(7) if alignment == WD_ALIGN_PARAGRAPH.LEFT else None
    paragraph.paragraph_format.right_indent = Mm(7) if alignment == WD_ALIGN_PARAGRAPH.RIGHT else None

    def run(text: str | None = None):
        r = paragraph.add_run(text or "")
        set_fonts(r, SONGTI, SIZE_4, latin=SONGTI)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            r._r.append(field)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        else:
            r.text = text
    run(" —")


def _page_numbers(document) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page_number_paragraph(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_paragraph(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def add_paragraph(document, text: str, style: str | None = None, alignment=None):
    paragraph = document.add_paragraph(text, style=style)
    if alignment is not None:
        paragraph.alignment = alignment
    return paragraph


def _mark_header_row(row) -> None:
    """Repeat the header row on every page."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)
    _cant_split(row)


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    trpr.append(cant)


def add_table(document, columns: list[tuple[str, int, str]]) -> None:
    """columns: (header, width in mm, placeholder of the repeated row)."""
    table = document.add_table(rows=2, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    head, body = table.rows
    _mark_header_row(head)
    _cant_split(body)
    for index, (label, width, placeholder) in enumerate(columns):
        for row, text, style in ((head, label, "表头文字"), (body, placeholder, "表格文字")):
            cell = row.cells[index]
            cell.width = Mm(width)
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles[style]
            paragraph.add_run(text)
        table.columns[index].width = Mm(width)
    body.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def catalogue_template() -> Document:
    document = base_document()
    add_paragraph(document, "{{title}}", "Title")
    add_paragraph(document, "{{subtitle}}", alignment=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(document, "{{group}}", "Heading 1")
    add_table(document, [
        ("序号", 10, "{{no}}"),
        ("文件名称", 52, "{{title}}"),
        ("文号", 46, "{{number}}"),
        ("发布日期", 36, "{{dates}}"),
        ("备注", 12, "{{note}}"),
    ])
    add_paragraph(document, "{{footnote}}")
    return document


def repealed_template() -> Document:
    document = base_document()
    add_paragraph(document, "{{title}}", "Title")
    add_paragraph(document, "{{subtitle}}", alignment=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(document, "{{group}}", "Heading 1")
    add_table(document, [
        ("序号", 10, "{{no}}"),
        ("文件名称", 40, "{{title}}"),
        ("文号", 32, "{{number}}"),
        ("发布日期", 26, "{{dates}}"),
        ("{{ended_header}}", 24, "{{ended}}"),
        ("理由", 24, "{{reason}}"),
    ])
    add_paragraph(document, "{{footnote}}")
    return document


def changes_template() -> Document:
    document = base_document()
    add_paragraph(document, "{{title}}", "Title")
    add_paragraph(document, "{{subtitle}}", alignment=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(document, "{{group}}", "Heading 1")
    add_table(document, [
        ("序号", 10, "{{no}}"),
        ("变化情况", 18, "{{change}}"),
        ("文件名称", 46, "{{title}}"),
        ("文号", 34, "{{number}}"),
        ("日期", 24, "{{dates}}"),
        ("说明", 24, "{{reason}}"),
    ])
    add_paragraph(document, "{{footnote}}")
    return document


def filing_report_template() -> Document:
    document = base_document()
    add_paragraph(document, "{{title}}", "Title")
    add_paragraph(document, "{{addressee}}：")
    intro = add_paragraph(document, "{{intro}}")
    intro.paragraph_format.first_line_indent = Pt(32)
    add_paragraph(document, "{{group}}", "Heading 1")
    add_table(document, [
        ("序号", 10, "{{no}}"),
        ("文件名称", 50, "{{title}}"),
        ("文号", 40, "{{number}}"),
        ("公布日期", 28, "{{published}}"),
        ("报送材料", 28, "{{attachments}}"),
    ])
    closing = add_paragraph(document, "{{closing}}")
    closing.paragraph_format.first_line_indent = Pt(32)
    add_paragraph(document, "")
    add_paragraph(document, "{{sender}}", alignment=WD_ALIGN_PARAGRAPH.RIGHT)
    add_paragraph(document, "{{date}}", alignment=WD_ALIGN_PARAGRAPH.RIGHT)
    add_paragraph(document, "{{contact}}")
    return document


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, build in (
        ("catalogue.docx", catalogue_template),
        ("repealed.docx", repealed_template),
        ("filing_report.docx", filing_report_template),
        ("changes.docx", changes_template),
    ):
        document = build()
        document.core_properties.title = name
        document.core_properties.author = "docfiler"
        document.save(OUT / name)
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
