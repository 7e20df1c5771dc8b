"""Build the Word templates in templates/ (GB/T 9704-2012 layout) from plain XML.

The office may restyle the resulting files in Word or WPS; docfiler fills them as they are.
Placeholders are written {{name}}; a table row holding {{no}} is the row repeated per document,
and the paragraph holding {{group}} plus the table after it repeat per issuing authority.

The packages are written part by part (template_parts.py) rather than from python-docx's
default document, which carries a Japanese theme whose fonts (theme attributes in every style)
override the fonts the styles name. Column widths here are the defaults for typical content;
docfiler sizes them again from what each output actually holds (docfiler/outputs/widths.py).

    .venv/bin/python scripts/make_templates.py

SOURCE_DATE_EPOCH, when set, is the templates' creation date (for a reproducible build).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import types
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import template_parts as parts  # noqa: E402

from docfiler.outputs.listing import DATE_HEADER  # noqa: E402
from docfiler.outputs.table_layout import FIT  # noqa: E402
from docfiler.outputs.widths import Column, column_widths, text_em  # noqa: E402

OUT = ROOT / "templates"
CELL_MARGINS = 2 * 57
SMALL_4 = 24  # 小4号, half-points: the filing report's table
SIZE_5 = (
    21  # 5号: the catalogue and the six-column lists (at 小4 the title column had 4 characters)
)

# Typical content, for the template's own widths: 3-digit 序号, a general-office number.
SAMPLES = {
    "no": "999",
    "number": "盖政办发〔2026〕73号",
    "dates": "2026年11月30日",
    "published": "2026年11月30日",
    "ended": "2026年11月30日",
    "valid_until": "2026年11月30日",
    "change": "新增",
    "note": "暂行",
}


def paragraph(text: str, style: str | None = None, *, align: str | None = None) -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    props += f'<w:jc w:val="{align}"/>' if align else ""
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def _cell(width: int, text: str, style: str, align: str | None) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        + paragraph(text, style, align=align)
        + "</w:tc>"
    )


def table(columns: list[tuple[str, str, float]], size: int) -> str:
    """columns: (header, placeholder name of the repeated row, weight of a wrapping column).
    A bordered table the width of the type area, its header row repeated on every page."""
    specs = []
    for header, name, weight in columns:
        least = text_em(header) * size / 2
        # free text (no sample): as wide as it is given
        need = max(least, text_em(SAMPLES[name]) * size / 2) if name in SAMPLES else parts.TYPE_W
        specs.append(Column(need=need, fit=name in FIT, weight=weight, least=least))
    widths = column_widths(specs, parts.TYPE_W, CELL_MARGINS)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(
        _cell(w, header, "TableHead", None)
        for w, (header, _, _) in zip(widths, columns, strict=True)
    )
    body = "".join(
        _cell(w, "{{" + name + "}}", "TableText", "center" if name in FIT else None)
        for w, (_, name, _) in zip(widths, columns, strict=True)
    )
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{parts.TYPE_W}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/>'
        '<w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" + head + "</w:tr>"
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + body + "</w:tr></w:tbl>"
    )


def document(body: list[str]) -> str:
    return (
        parts.DECLARATION
        + f"<w:document {parts.NAMESPACES}><w:body>"
        + "".join(body)
        + parts.section()
        + "</w:body></w:document>"
    )


def attachment_label() -> str:
    """附件1 … on the first line at the top left of a list published as a 附件 of a 决定, in
    3号黑体 (GB/T 9704-2012, 附件); left out when the list stands alone."""
    return (
        f"<w:p><w:pPr>{LEFT}</w:pPr><w:r><w:rPr>{parts.fonts(parts.HEITI)}</w:rPr>"
        "<w:t>{{attachment}}</w:t></w:r></w:p>"
    )


def list_document(columns: list[tuple[str, str, float]], size: int) -> str:
    """A published list: title, subtitle, then per issuing authority a heading and a table."""
    return document(
        [
            attachment_label(),
            paragraph("{{title}}", "Title"),
            paragraph("{{subtitle}}", align="center"),
            paragraph("{{group}}", "Heading1"),
            table(columns, size),
            paragraph("{{footnote}}"),
        ]
    )


def catalogue() -> str:
    return list_document(
        [
            ("序号", "no", 0),
            ("文件名称", "title", 4),
            ("文号", "number", 0),
            (DATE_HEADER, "dates", 0),
            ("有效期至", "valid_until", 0),  # optional: docfiler takes it out unless asked
            ("备注", "note", 1),
        ],
        SIZE_5,
    )


def repealed() -> str:
    return list_document(
        [
            ("序号", "no", 0),
            ("文件名称", "title", 3),
            ("文号", "number", 0),
            (DATE_HEADER, "dates", 0),
            ("{{ended_header}}", "ended", 0),
            ("理由", "reason", 2),
        ],
        SIZE_5,
    )


def changes() -> str:
    return list_document(
        [
            ("序号", "no", 0),
            ("变化情况", "change", 0),
            ("文件名称", "title", 3),
            ("文号", "number", 0),
            ("日期", "dates", 0),
            ("说明", "reason", 2),
        ],
        SIZE_5,
    )


CHAR = 320
"""One 3号 character (16 pt), in twips: the unit GB/T 9704 counts 空一字, 空二字 … in."""
DATE_SAMPLE = "2026年11月26日"
"""The widest 成文日期 (two-digit month and day): the 署名 is centred over it (§7.3.5.1)."""


LEFT = '<w:jc w:val="left"/>'
"""Lines ending at a line break are not stretched to the margin (LibreOffice and Word would)."""


def _indented(name: str, props: str) -> str:
    return f"<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{{{{{name}}}}}</w:t></w:r></w:p>"


def number_line() -> str:
    """发文字号 居左空一字, 签发人 居右空一字 on one line, the red separator 4 mm below it
    (§7.2.5-7.2.7); left out with both fields empty."""
    tabs = (
        f'<w:tabs><w:tab w:val="left" w:pos="{CHAR}"/>'
        f'<w:tab w:val="right" w:pos="{parts.TYPE_W - CHAR}"/></w:tabs>'
    )
    border = '<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="11" w:color="FF0000"/></w:pBdr>'
    return (
        f"<w:p><w:pPr>{border}{tabs}</w:pPr><w:r><w:tab/></w:r>"
        "<w:r><w:t>{{report_number}}</w:t></w:r><w:r><w:tab/></w:r>"
        "<w:r><w:t>{{signer}}</w:t></w:r></w:p>"
    )


def signature() -> list[str]:
    """The organ's name centred over the date, the date 右空四字 (§7.3.5.1), the 附注 under it."""
    right = 4 * CHAR
    date_width = round(text_em(DATE_SAMPLE) * CHAR)
    centre = parts.TYPE_W - right - date_width // 2
    left = 2 * centre - parts.TYPE_W  # a box centred on the date, as wide as the page allows
    return [
        paragraph(""),
        paragraph(""),
        _indented("sender", f'<w:ind w:left="{left}" w:right="0"/><w:jc w:val="center"/>'),
        _indented("date", f'<w:ind w:right="{right}"/><w:jc w:val="right"/>'),
        _indented("contact", f'<w:ind w:left="{2 * CHAR}"/>'),
    ]


def filing_report() -> str:
    first_line = f'<w:ind w:firstLine="{2 * CHAR}"/>'
    return document(
        [
            number_line(),
            '<w:p><w:pPr><w:pStyle w:val="Title"/><w:spacing w:before="1158"/></w:pPr>'
            "<w:r><w:t>{{title_lines}}</w:t></w:r></w:p>",
            paragraph("{{addressee}}："),
            _indented("intro", first_line),
            _indented("details", first_line + LEFT),
            paragraph("{{group}}", "Heading1"),
            table(
                [
                    ("序号", "no", 0),
                    ("文件名称", "title", 3),
                    ("文号", "number", 0),
                    (DATE_HEADER, "published", 0),
                ],
                SMALL_4,
            ),
            _indented("closing", first_line),
            paragraph(""),
            _indented("attachments", f'<w:ind w:left="{5 * CHAR}" w:hanging="{3 * CHAR}"/>' + LEFT),
            *signature(),
        ]
    )


def official_text() -> str:
    """A 决定 or a 报告 with no list in it (the results of a cleanup, the 修改决定, the 清理报告):
    the number line (an upward 报告: 发文字号 and 签发人), the title, the 主送机关, the body (one
    paragraph a line), the 附件说明, the signature block as in the filing report."""
    first_line = f'<w:ind w:firstLine="{2 * CHAR}"/>'
    return document(
        [
            number_line(),
            '<w:p><w:pPr><w:pStyle w:val="Title"/><w:spacing w:before="1158"/></w:pPr>'
            "<w:r><w:t>{{title_lines}}</w:t></w:r></w:p>",
            paragraph("{{addressee}}"),
            _indented("body", first_line + LEFT),
            paragraph(""),
            _indented("attachments", f'<w:ind w:left="{5 * CHAR}" w:hanging="{3 * CHAR}"/>' + LEFT),
            *signature(),
        ]
    )


TEMPLATES = {
    "catalogue.docx": ("现行有效行政规范性文件目录（模板）", catalogue, SIZE_5),
    "repealed.docx": ("废止和失效行政规范性文件目录（模板）", repealed, SIZE_5),
    "filing_report.docx": ("备案报告（模板）", filing_report, SMALL_4),
    "changes.docx": ("目录变化情况（模板）", changes, SIZE_5),
    "official_text.docx": ("清理结果的决定和清理报告（模板）", official_text, SMALL_4),
}


def created() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def package(name: str, when: dt.datetime) -> dict[str, str]:
    """Every part of one template, by its name in the package."""
    title, build, table_size = TEMPLATES[name]
    return {
        "[Content_Types].xml": parts.content_types(),
        "_rels/.rels": parts.package_relationships(),
        "docProps/core.xml": parts.core_properties(title, when),
        "docProps/app.xml": parts.app_properties(),
        "word/document.xml": build(),
        "word/_rels/document.xml.rels": parts.document_relationships(),
        "word/styles.xml": parts.styles(table_size),
        "word/settings.xml": parts.settings(),
        "word/fontTable.xml": parts.font_table(),
        "word/footer1.xml": parts.footer(odd=True),
        "word/footer2.xml": parts.footer(odd=False),
    }


def write(path: Path, contents: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, text in contents.items():
            info = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, text.encode("utf-8"))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    when = created()
    for name in TEMPLATES:
        write(OUT / name, package(name, when))
        print(f"wrote {OUT / name}")


# The compilation (规范性文件汇编): its own sections and styles, built in template_compilation.py.
import template_compilation  # noqa: E402

TEMPLATES["compilation.docx"] = (
    "现行有效行政规范性文件汇编（模板）",
    template_compilation.document,
    SMALL_4,
)

# The reviewer's letters (审查意见书、通报、审查建议答复书): 版头 and the 通报's table.
import template_review  # noqa: E402

SAMPLES.update(template_review.SAMPLES)


def _review_letter() -> str:
    """template_review's document, given this module's builders (however it was loaded)."""
    return template_review.document(types.SimpleNamespace(**globals()))


TEMPLATES["review_letter.docx"] = (
    "审查意见书、通报和审查建议答复书（模板）",
    _review_letter,
    SIZE_5,
)
_shared_package = package


def package(name: str, when: dt.datetime) -> dict[str, str]:
    """Every part of one template; the compilation with its own styles added."""
    contents = _shared_package(name, when)
    if name == "compilation.docx":
        contents["word/styles.xml"] = template_compilation.styles(contents["word/styles.xml"])
    return contents


if __name__ == "__main__":
    main()
