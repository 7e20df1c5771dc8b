"""The compilation template (templates/compilation.docx, 规范性文件汇编), used by make_templates.py.

Three sections: the cover (no page number), the table of contents (— I —, — II — …) and the
documents (— 1 — …, restarting, so the TOC's length never moves a document's page). Placeholders:
{{title_lines}} {{subtitle}} {{editor}} {{date}} on the cover; the paragraph {{toc}} becomes the TOC field
and {{body}} the documents. Styles added to the shared ones (template_parts.styles): 汇编封面标题,
汇编封面文字, TOC Heading, toc 1, toc 2, heading 2 (a document's title), 文号和日期, 正文, 章标题.
"""

from __future__ import annotations

import re

import template_parts as parts

CHAR = 320
"""One 3号 character in twips (as make_templates.CHAR)."""
LINE = parts.LINE_PITCH


def _p(text: str, style: str, extra: str = "") -> str:
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>'
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    )


def _section(number_format: str | None, *, footers: bool = True) -> str:
    """parts.section() with its page numbering (None: no page number at all)."""
    xml = parts.section()
    if not footers:
        xml = re.sub(r"<w:footerReference [^>]*/>", "", xml)
    if number_format:
        xml = xml.replace("<w:cols ", f'<w:pgNumType w:fmt="{number_format}" w:start="1"/><w:cols ')
    return xml


def document() -> str:
    cover = [
        _p("{{title_lines}}", "CoverTitle", f'<w:spacing w:before="{6 * LINE}"/>'),
        _p("{{subtitle}}", "CoverText"),
        _p("{{editor}}", "CoverText", f'<w:spacing w:before="{8 * LINE}"/>'),
        _p("{{date}}", "CoverText"),
        f"<w:p><w:pPr>{_section(None, footers=False)}</w:pPr></w:p>",
    ]
    contents = [
        _p("目　　录", "TOCHeading"),
        "<w:p><w:r><w:t>{{toc}}</w:t></w:r></w:p>",
        f"<w:p><w:pPr>{_section('upperRoman')}</w:pPr></w:p>",
    ]
    return (
        parts.DECLARATION
        + f"<w:document {parts.NAMESPACES}><w:body>"
        + "".join(cover + contents)
        + "<w:p><w:r><w:t>{{body}}</w:t></w:r></w:p>"
        + _section("decimal")
        + "</w:body></w:document>"
    )


def _style(style_id: str, name: str, ppr: str, rpr: str) -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f'<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr>'
        "</w:style>"
    )


def _size(half_points: int) -> str:
    return f'<w:spacing w:val="0"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _exact(line: int, after: int = 0) -> str:
    return f'<w:spacing w:before="0" w:after="{after}" w:line="{line}" w:lineRule="exact"/>'


def styles(shared: str) -> str:
    """The shared styles.xml with the compilation's own styles added."""
    centre = '<w:jc w:val="center"/>'
    off_grid = '<w:snapToGrid w:val="0"/>'
    dots = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{parts.TYPE_W}"/></w:tabs>'
    title = parts.fonts(parts.XIAOBIAOSONG)
    added = [
        _style("CoverTitle", "汇编封面标题", off_grid + _exact(960) + centre, title + _size(52)),
        _style("CoverText", "汇编封面文字", centre, ""),
        _style(
            "TOCHeading", "TOC Heading", off_grid + _exact(720, LINE) + centre, title + _size(44)
        ),
        _style("TOC1", "toc 1", dots, parts.fonts(parts.HEITI) + _size(32)),
        _style("TOC2", "toc 2", dots + f'<w:ind w:left="{2 * CHAR}"/>', ""),
        _style(
            "Heading2",
            "heading 2",
            "<w:keepNext/>" + off_grid + _exact(720) + centre + '<w:outlineLvl w:val="1"/>',
            title + _size(44),
        ),
        _style("DocInfo", "文号和日期", "<w:keepNext/>" + _exact(LINE, LINE) + centre, ""),
        _style("BodyText", "正文", f'<w:ind w:firstLine="{2 * CHAR}"/><w:jc w:val="both"/>', ""),
        _style("Chapter", "章标题", "<w:keepNext/>" + centre, parts.fonts(parts.HEITI)),
    ]
    return shared.replace("</w:styles>", "".join(added) + "</w:styles>")
