"""The parts of an .xlsx package around its sheets (`outputs.xlsx` writes the sheets): the
content types, the relationships, the workbook (its sheets in the order of their tabs, each
with its autofilter), the style sheet and the document properties."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
TYPES = "application/vnd.openxmlformats-officedocument."
_FONT = '<sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/>'
STYLES = (
    f'{XML}<styleSheet xmlns="{MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    f'<fonts count="2"><font>{_FONT}</font><font><b/>{_FONT}</font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid">'
    '<fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"'
    ' applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


@dataclass(frozen=True)
class Properties:
    """What the workbook says about itself (its document properties)."""

    title: str
    scope: str
    as_of: dt.date
    generated_at: dt.datetime
    author: str


def column_letter(index: int) -> str:
    """A, B, …, Z, AA, … for the 0-based column `index`."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_package(archive: zipfile.ZipFile, sheets: Sequence[Any], properties: Properties) -> None:
    """Everything but the styles and the sheets: `sheets` are those written (name, headers,
    rows, part: sheet{part}.xml), in the order of their tabs."""
    archive.writestr("[Content_Types].xml", _content_types(len(sheets)))
    archive.writestr("_rels/.rels", _root_relations())
    archive.writestr("xl/_rels/workbook.xml.rels", _workbook_relations(len(sheets)))
    archive.writestr("xl/workbook.xml", _workbook(sheets))
    archive.writestr("docProps/core.xml", _core(properties))
    archive.writestr("docProps/app.xml", _app())
    archive.writestr("docProps/custom.xml", _custom(properties))


def _content_types(sheets: int) -> str:
    parts = [
        ("/xl/workbook.xml", f"{TYPES}spreadsheetml.sheet.main+xml"),
        ("/xl/styles.xml", f"{TYPES}spreadsheetml.styles+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{TYPES}extended-properties+xml"),
        ("/docProps/custom.xml", f"{TYPES}custom-properties+xml"),
    ]
    parts += [
        (f"/xl/worksheets/sheet{i}.xml", f"{TYPES}spreadsheetml.worksheet+xml")
        for i in range(1, sheets + 1)
    ]
    overrides = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in parts)
    return (
        f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    )


def _relations(targets: Iterable[tuple[str, str]]) -> str:
    links = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(targets, 1)
    )
    return f'{XML}<Relationships xmlns="{PKG_REL}">{links}</Relationships>'


def _root_relations() -> str:
    return _relations(
        [
            (f"{REL}/officeDocument", "xl/workbook.xml"),
            (f"{PKG_REL}/metadata/core-properties", "docProps/core.xml"),
            (f"{REL}/extended-properties", "docProps/app.xml"),
            (f"{REL}/custom-properties", "docProps/custom.xml"),
        ]
    )


def _workbook_relations(sheets: int) -> str:
    """rId1 … rIdN: the sheets, in order; then the styles."""
    links = [(f"{REL}/worksheet", f"worksheets/sheet{i}.xml") for i in range(1, sheets + 1)]
    return _relations([*links, (f"{REL}/styles", "styles.xml")])


def _workbook(sheets: Sequence[Any]) -> str:
    """The sheets in the order of their tabs, each naming its part (rIdN: sheetN.xml)."""
    listed = "".join(
        f'<sheet name={quoteattr(s.name)} sheetId="{s.part}" r:id="rId{s.part}"/>' for s in sheets
    )
    filters = "".join(  # what Excel records for an autofilter
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{escape(_quoted(s.name))}!$A$1:${column_letter(len(s.headers) - 1)}${s.rows + 1}"
        "</definedName>"
        for i, s in enumerate(sheets)
    )
    return (
        f'{XML}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews>'
        f'<workbookView activeTab="0"/></bookViews><sheets>{listed}</sheets>'
        f"<definedNames>{filters}</definedNames></workbook>"
    )


def _quoted(sheet_name: str) -> str:
    return "'" + sheet_name.replace("'", "''") + "'"


def _core(p: Properties) -> str:
    created = p.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    about = f"生成时间：{p.generated_at.isoformat(sep=' ')}；截至日期：{p.as_of.isoformat()}"
    return (
        f"{XML}<cp:coreProperties xmlns:cp="
        '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(p.title)}</dc:title><dc:subject>{escape(p.scope)}</dc:subject>"
        f"<dc:creator>{escape(p.author)}</dc:creator>"
        f"<dc:description>{escape(about)}</dc:description>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _app() -> str:
    return (
        f'{XML}<Properties xmlns="{DOC}/extended-properties">'
        "<Application>docfiler</Application></Properties>"
    )


def _custom(p: Properties) -> str:
    """生成时间, 截至日期 (ISO text: a script reads them as easily as a clerk) and 范围."""
    values = {
        "生成时间": p.generated_at.isoformat(sep=" "),
        "截至日期": p.as_of.isoformat(),
        "范围": p.scope,
    }
    listed = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
        f"name={quoteattr(name)}><vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), 2)
    )
    return (
        f'{XML}<Properties xmlns="{DOC}/custom-properties" '
        f'xmlns:vt="{DOC}/docPropsVTypes">{listed}</Properties>'
    )
