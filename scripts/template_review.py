"""The reviewer's template (templates/review_letter.docx): the 审查意见书, the 通报 of units that
filed late or not at all, and the 审查建议答复书, used by make_templates.py (which passes itself in
as `mt`: the shared table, paragraph and signature builders).

The 版头 (GB/T 9704-2012 §7.2): the 发文机关标志 {{masthead}} in red 小标宋, centred, 35 mm below
the top of the type area; the 发文字号 {{report_number}} centred two lines under it, the red
separator 4 mm below the number (the paragraph holds a bookmark, so it stays when a draft has no
number yet). Then the title, the 主送机关, the body, the 通报's table per unit ({{group}} and the
row holding {{no}}; a letter passes no rows and the table is left out), the {{closing}}
paragraph (the 通报's 要求), the 附件说明 and the signature block of the other texts.
"""

from __future__ import annotations

from types import ModuleType

import template_parts as parts

MASTHEAD_SIZE = 72
"""小初 (36 pt), half-points: 12 characters fit the type area, each under 15 mm wide (§7.2.3)."""
MASTHEAD_BEFORE = 1984
"""35 mm from the top of the type area to the masthead (§7.2.3), in twips."""
RED = "FF0000"


def masthead() -> str:
    return (
        '<w:p><w:pPr><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="{MASTHEAD_BEFORE}" w:after="{2 * parts.LINE_PITCH}" '
        'w:line="960" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr>'
        f"<w:r><w:rPr>{parts.fonts(parts.XIAOBIAOSONG)}"
        f'<w:color w:val="{RED}"/><w:spacing w:val="0"/>'
        f'<w:sz w:val="{MASTHEAD_SIZE}"/><w:szCs w:val="{MASTHEAD_SIZE}"/></w:rPr>'
        "<w:t>{{masthead}}</w:t></w:r></w:p>"
    )


def number_line() -> str:
    """发文字号 centred (§7.2.4), the red separator as wide as the type area 4 mm under it
    (§7.2.7)."""
    border = f'<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="11" w:color="{RED}"/></w:pBdr>'
    return (
        f'<w:p><w:pPr>{border}<w:jc w:val="center"/></w:pPr>'
        '<w:bookmarkStart w:id="0" w:name="发文字号"/>'
        "<w:r><w:t>{{report_number}}</w:t></w:r>"
        '<w:bookmarkEnd w:id="0"/></w:p>'
    )


CENTRED = ("due", "received", "late")
"""Columns set centred like the 序号, 文号 and dates of the other lists (make_templates centres
only the never-breaking ones)."""


def table(mt: ModuleType) -> str:
    xml = mt.table(
        [
            ("序号", "no", 0),
            ("文号", "number", 0),
            ("文件名称", "title", 3),
            ("应报送日期", "due", 0),
            ("实际报送日期", "received", 0),
            ("逾期天数", "late", 0),
        ],
        mt.SIZE_5,
    )
    for name in CENTRED:
        placeholder = "{{" + name + "}}"
        cell = f'<w:pStyle w:val="TableText"/></w:pPr><w:r><w:t xml:space="preserve">{placeholder}'
        xml = xml.replace(cell, cell.replace("</w:pPr>", '<w:jc w:val="center"/></w:pPr>'))
    return xml


def document(mt: ModuleType) -> str:
    first_line = f'<w:ind w:firstLine="{2 * mt.CHAR}"/>'
    return mt.document(
        [
            masthead(),
            number_line(),
            '<w:p><w:pPr><w:pStyle w:val="Title"/><w:spacing w:before="1158"/></w:pPr>'
            "<w:r><w:t>{{title_lines}}</w:t></w:r></w:p>",
            mt.paragraph("{{addressee}}"),
            mt._indented("body", first_line + mt.LEFT),
            mt.paragraph("{{group}}", "Heading1"),
            table(mt),
            mt._indented("closing", first_line + mt.LEFT),
            mt.paragraph(""),
            mt._indented(
                "attachments",
                f'<w:ind w:left="{5 * mt.CHAR}" w:hanging="{3 * mt.CHAR}"/>' + mt.LEFT,
            ),
            *mt.signature(),
        ]
    )


SAMPLES = {"due": "2026.11.30", "received": "2026.11.30", "late": "999"}
"""Typical content of the 通报's columns, for the template's own widths (make_templates.SAMPLES)."""
