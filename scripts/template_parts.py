"""The parts of a clean .docx package, written as XML text: no theme, no theme-font attributes,
a font table naming the fonts GB/T 9704-2012 documents use, core properties with a real title
and date. Used by make_templates.py.

Every font is named in the styles (w:rFonts ascii/hAnsi/eastAsia/cs) and nothing refers to the
theme (no asciiTheme, eastAsiaTheme …), so the font a style names is the font Word uses, and an
edit of a style in Word or WPS takes effect.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NAMESPACES = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
SONGTI = "宋体"
LATIN = "Times New Roman"

FONTS = (
    # name, alternative name, panose, charset, family, pitch
    (FANGSONG, "仿宋", "02010609030101010101", "86", "modern", "fixed"),
    (XIAOBIAOSONG, "方正小标宋_GBK", "02000000000000000000", "86", "auto", "variable"),
    (HEITI, "SimHei", "02010609060101010101", "86", "modern", "fixed"),
    (SONGTI, "SimSun", "02010600030101010101", "86", "auto", "variable"),
    (LATIN, None, "02020603050405020304", "00", "roman", "variable"),
)

# Page geometry, GB/T 9704-2012 §5.2: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
PAGE_W, PAGE_H = 11906, 16838
TOP, LEFT = 2098, 1587
TYPE_W, TYPE_H = 8844, 12756
RIGHT = PAGE_W - LEFT - TYPE_W
BOTTOM = PAGE_H - TOP - TYPE_H
LINE_PITCH = 579
"""22 lines in the 225 mm type area (12756 / 22 = 579.8, as Word's own templates round it)."""
CONDENSED = -5
"""28 characters of 3号 (16 pt) in the 156 mm (442.2 pt) line: each character 0.25 pt narrower
(w:spacing, twentieths of a point), 28 × 15.75 = 441 pt, and a 29th does not fit.

Not a character grid (docGrid charSpace): its pitch would be 442.2 / 28 = 15.79 pt, narrower than
a 16 pt character, and LibreOffice sets each such character over two grid cells (14 a line).
Condensed spacing gives 28 in Word, WPS and LibreOffice alike; the line grid gives 22 lines."""
PAGE_NUMBER_SIZE = 28  # 4号 = 14 pt, in half-points
PAGE_NUMBER_LINE = 280  # its line, exactly 14 pt
PAGE_NUMBER_GAP = 397  # 7 mm from the type area's lower edge to the page number's line (§7.5)
FOOTER = BOTTOM - PAGE_NUMBER_GAP - PAGE_NUMBER_LINE
"""Word measures the footer from the page's lower edge to the foot of its last line."""
PAGE_NUMBER_INDENT = 280
"""单页码居右空一字，双页码居左空一字: one 4号 character (14 pt)."""


def content_types() -> str:
    overrides = {
        "/word/document.xml": "wordprocessingml.document.main+xml",
        "/word/styles.xml": "wordprocessingml.styles+xml",
        "/word/settings.xml": "wordprocessingml.settings+xml",
        "/word/fontTable.xml": "wordprocessingml.fontTable+xml",
        "/word/footer1.xml": "wordprocessingml.footer+xml",
        "/word/footer2.xml": "wordprocessingml.footer+xml",
        "/docProps/app.xml": "extended-properties+xml",
    }
    office = "application/vnd.openxmlformats-officedocument."
    items = "".join(
        f'<Override PartName="{part}" ContentType="{office}{kind}"/>'
        for part, kind in overrides.items()
    )
    return (
        DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + items
        + '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>"
    )


def _relationships(items: list[tuple[str, str, str]]) -> str:
    rows = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items
    )
    return (
        DECLARATION
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + rows
        + "</Relationships>"
    )


def package_relationships() -> str:
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    package = "http://schemas.openxmlformats.org/package/2006/relationships/"
    return _relationships(
        [
            ("rId1", office + "officeDocument", "word/document.xml"),
            ("rId2", package + "metadata/core-properties", "docProps/core.xml"),
            ("rId3", office + "extended-properties", "docProps/app.xml"),
        ]
    )


def document_relationships() -> str:
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    return _relationships(
        [
            ("rId1", office + "styles", "styles.xml"),
            ("rId2", office + "settings", "settings.xml"),
            ("rId3", office + "fontTable", "fontTable.xml"),
            ("rId4", office + "footer", "footer1.xml"),
            ("rId5", office + "footer", "footer2.xml"),
        ]
    )


def core_properties(title: str, created: dt.datetime) -> str:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        DECLARATION + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title>"
        "<dc:creator>docfiler</dc:creator>"
        "<cp:lastModifiedBy>docfiler</cp:lastModifiedBy>"
        "<dc:language>zh-CN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_properties() -> str:
    return (
        DECLARATION + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>docfiler</Application></Properties>'
    )


def font_table() -> str:
    entries = []
    for name, alt, panose, charset, family, pitch in FONTS:
        alt_name = f'<w:altName w:val="{alt}"/>' if alt else ""
        entries.append(
            f'<w:font w:name="{name}">{alt_name}<w:panose1 w:val="{panose}"/>'
            f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
            f'<w:pitch w:val="{pitch}"/></w:font>'
        )
    return DECLARATION + f"<w:fonts {NAMESPACES}>" + "".join(entries) + "</w:fonts>"


def settings() -> str:
    return (
        DECLARATION + f"<w:settings {NAMESPACES}>"
        '<w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="420"/>'
        "<w:evenAndOddHeaders/>"
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        "</w:settings>"
    )


def fonts(east_asian: str, latin: str = LATIN) -> str:
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asian}" w:cs="{latin}"/>'
    )


def _style(kind: str, style_id: str, name: str, body: str, *, based_on: str | None = None) -> str:
    parent = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (
        f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f"{parent}<w:qFormat/>{body}</w:style>"
    )


OFF_GRID = '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:snapToGrid w:val="0"/>'
"""Text set by its own size, not on the body's character grid, with no extra space between
汉字 and digits: a table cell holds exactly what its width was computed for."""


def styles(table_size: int) -> str:
    """Normal (3号仿宋 on the grid), Title (2号小标宋), Heading 1 (3号黑体), the table's text
    (`table_size` half-points, 仿宋) and header (黑体), and the bordered table."""
    size = f'<w:spacing w:val="0"/><w:sz w:val="{table_size}"/><w:szCs w:val="{table_size}"/>'
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        + fonts(FANGSONG)
        + '<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr>'
        "</w:pPrDefault></w:docDefaults>"
    )
    borders = "".join(
        f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    table_style = (
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal '
        'Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr></w:style>"
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        '<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>'
        + borders
        + "</w:tblBorders></w:tblPr></w:style>"
    )
    body = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:qFormat/><w:pPr><w:spacing w:before="0" w:after="0" w:line="579" '
        'w:lineRule="exact"/></w:pPr><w:rPr>'
        + fonts(FANGSONG)
        + f'<w:spacing w:val="{CONDENSED}"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>'
        "</w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
        _style(
            "paragraph",
            "Title",
            "Title",
            '<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="280" w:line="720" '
            'w:lineRule="exact"/><w:jc w:val="center"/></w:pPr><w:rPr>'
            + fonts(XIAOBIAOSONG)
            + '<w:spacing w:val="0"/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr>',
            based_on="Normal",
        ),
        _style(
            "paragraph",
            "Heading1",
            "heading 1",
            '<w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="240" '
            'w:after="120" w:line="579" w:lineRule="exact"/><w:outlineLvl w:val="0"/></w:pPr>'
            "<w:rPr>"
            + fonts(HEITI)
            + '<w:spacing w:val="0"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>',
            based_on="Normal",
        ),
        _style(
            "paragraph",
            "TableText",
            "表格文字",
            "<w:pPr>"
            + OFF_GRID
            + '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
            '<w:jc w:val="left"/></w:pPr><w:rPr>' + fonts(FANGSONG) + size + "</w:rPr>",
            based_on="Normal",
        ),
        _style(
            "paragraph",
            "TableHead",
            "表头文字",
            '<w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:rPr>'
            + fonts(HEITI)
            + size
            + "</w:rPr>",
            based_on="TableText",
        ),
        _style(
            "paragraph",
            "Footer",
            "footer",
            "<w:pPr>"
            + OFF_GRID
            + f'<w:spacing w:before="0" w:after="0" w:line="{PAGE_NUMBER_LINE}" '
            'w:lineRule="exact"/></w:pPr><w:rPr>'
            + fonts(SONGTI, SONGTI)
            + '<w:spacing w:val="0"/>'
            + f'<w:sz w:val="{PAGE_NUMBER_SIZE}"/><w:szCs w:val="{PAGE_NUMBER_SIZE}"/></w:rPr>',
            based_on="Normal",
        ),
    ]
    return (
        DECLARATION
        + f"<w:styles {NAMESPACES}>"
        + defaults
        + "".join(body)
        + table_style
        + "</w:styles>"
    )


def footer(odd: bool) -> str:
    """`— 1 —` in 4号宋体: odd pages right, even pages left, one character in (§7.5)."""
    side = "right" if odd else "left"
    run = (
        "<w:r><w:rPr>"
        + fonts(SONGTI, SONGTI)
        + f'<w:sz w:val="{PAGE_NUMBER_SIZE}"/><w:szCs w:val="{PAGE_NUMBER_SIZE}"/></w:rPr>'
        + "{}</w:r>"
    )
    fields = [
        run.format('<w:t xml:space="preserve">— </w:t>'),
        run.format('<w:fldChar w:fldCharType="begin"/>'),
        run.format('<w:instrText xml:space="preserve"> PAGE </w:instrText>'),
        run.format('<w:fldChar w:fldCharType="separate"/>'),
        run.format("<w:t>1</w:t>"),
        run.format('<w:fldChar w:fldCharType="end"/>'),
        run.format('<w:t xml:space="preserve"> —</w:t>'),
    ]
    return (
        DECLARATION + f'<w:ftr {NAMESPACES}><w:p><w:pPr><w:pStyle w:val="Footer"/>'
        f'<w:ind w:{side}="{PAGE_NUMBER_INDENT}"/><w:jc w:val="{side}"/></w:pPr>'
        + "".join(fields)
        + "</w:p></w:ftr>"
    )


def section() -> str:
    return (
        '<w:sectPr><w:footerReference w:type="default" r:id="rId4"/>'
        '<w:footerReference w:type="even" r:id="rId5"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{TOP}" w:right="{RIGHT}" w:bottom="{BOTTOM}" w:left="{LEFT}" '
        f'w:header="851" w:footer="{FOOTER}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/></w:sectPr>'
    )
