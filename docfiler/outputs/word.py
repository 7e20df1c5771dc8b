"""Fill the office's Word templates fast.

A template is an ordinary .docx the office can restyle in Word or WPS. Text placeholders are
written `{{name}}`. The table row that holds `{{no}}` is repeated once per document; the
paragraph holding `{{group}}`, together with the table after it, is repeated once per group
(issuing authority). Everything else — styles, page setup, header and footer, fonts — comes from
the template untouched, so a change made in Word shows in every output.

Rows are rendered as XML text from the template's own row and streamed into the zip: this runs
at the speed of writing the XML (see benchmarks/word_bench.py), not of building it node by node.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from docfiler.domain.text_checks import strip_controls
from docfiler.errors import ConfigError, ValidationError

if TYPE_CHECKING:
    from lxml import etree

TEMPLATE_NAMES = {
    "catalogue": "catalogue.docx",
    "repealed": "repealed.docx",
    "filing_report": "filing_report.docx",
    "changes": "changes.docx",
    "official_text": "official_text.docx",
    "compilation": "compilation.docx",
    "review_letter": "review_letter.docx",
}
TEMPLATE_LABELS = {
    "catalogue": "现行有效行政规范性文件目录",
    "repealed": "废止和失效行政规范性文件目录",
    "filing_report": "备案报告",
    "changes": "目录变化情况",
    "official_text": "公文（决定、报告）",
    "compilation": "现行有效行政规范性文件汇编",
    "review_letter": "审查意见书、通报和审查建议答复书",
}
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_LOOSE_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_RESERVED = frozenset({"group", "no"})
"""Placeholders the engine fills itself: the group heading and the repeated row."""
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BATCH_ROWS = 2000
"""Rows written to the zip at a time; progress and cancelling are checked between batches."""


@dataclass
class Group:
    """Rows under one heading (an issuing authority); with heading None, rows only."""

    heading: str | None
    rows: Sequence[dict[str, str]] = field(default_factory=list)
    """Each row: a placeholder name of the template's row → its text."""


@dataclass(frozen=True)
class WordOutput:
    """One Word file written: where it is, its title, its table rows and the 文号 they list."""

    path: Path
    title: str
    rows: int
    """Table rows written (documents or changes listed)."""
    documents: tuple[str, ...] = ()
    """The 文号 of each row, in the order of the file."""

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "title": self.title,
            "rows": self.rows,
            "documents": list(self.documents),
        }


def packaged_template_dir() -> Path:
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if checkout.is_dir():
        return checkout
    from importlib.resources import files

    return Path(str(files("docfiler.templates")))


def find_template(kind: str, template_dir: Path | None = None) -> Path:
    """The office's own template if it has one, else the shipped one."""
    name = TEMPLATE_NAMES[kind]
    folders = [template_dir] if template_dir else []
    env = os.environ.get("DOCFILER_TEMPLATE_DIR")
    if env:
        folders.insert(0, Path(env))
    for folder in folders:
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate
    shipped = packaged_template_dir() / name
    if shipped.is_file():
        return shipped
    raise ConfigError(
        f"找不到{TEMPLATE_LABELS[kind]}的 Word 模板 {name}。已查找："
        + "、".join(str(f) for f in [*folders, packaged_template_dir()])
        + "。请把模板放到配置的模板目录（config.toml 中 [templates] dir），或重新安装 docfiler。"
    )


def _escape(text: str) -> str:
    text = strip_controls(text)  # data stored before input was checked must not break the file
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\n" in text:
        text = text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    return text


def _merged(xml: bytes) -> etree._Element:
    """Parse a part with each `{{name}}` in one run: Word may split a placeholder over several
    runs after editing, and a clerk may type `{{ name }}`."""
    from lxml import etree

    root = etree.fromstring(xml)
    w = f"{{{_W_NS}}}"
    for paragraph in root.iter(f"{w}p"):
        texts = list(paragraph.iter(f"{w}t"))
        if not texts:
            continue
        joined = "".join(t.text or "" for t in texts)
        if "{{" not in joined:
            continue
        for t in texts:
            if t.text and "{{" in t.text:
                t.text = _LOOSE_PLACEHOLDER.sub(r"{{\1}}", t.text)
        tokens = ["{{" + name + "}}" for name in _LOOSE_PLACEHOLDER.findall(joined)]
        if all(any(token in (t.text or "") for t in texts) for token in tokens):
            continue
        texts[0].text = _LOOSE_PLACEHOLDER.sub(r"{{\1}}", joined)
        texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for t in texts[1:]:
            t.text = ""
    return root


def _serialized(root: etree._Element) -> str:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode(
        "utf-8"
    )


def _merge_split_placeholders(xml: bytes) -> str:
    return _serialized(_merged(xml))


def _compile(fragment: str) -> list[str]:
    """Split XML into literal text and placeholder names: [lit, name, lit, name, lit]."""
    return _PLACEHOLDER.split(fragment)


def _fill(parts: list[str], values: dict[str, str]) -> str:
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            value = values.get(part)
            out.append(_escape(value) if value else "")
        else:
            out.append(part)
    return "".join(out)


def _paragraph_around(xml: str, position: int) -> tuple[int, int]:
    start = max(xml.rfind("<w:p>", 0, position), xml.rfind("<w:p ", 0, position))
    end = xml.find("</w:p>", position) + len("</w:p>")
    return start, end


_KEEPS = ("sectPr", "drawing", "pict", "object", "fldChar", "fldSimple", "bookmarkStart")
"""A paragraph holding one of these is never dropped for want of text."""


def _drop_empty_placeholder_paragraphs(root: etree._Element, fields: dict[str, str | None]) -> None:
    """A paragraph (outside tables) that holds nothing but placeholders with no text to put
    there disappears rather than stand empty; `{{group}}` only when the caller says None."""
    w = f"{{{_W_NS}}}"
    for paragraph in list(root.iter(f"{w}p")):
        text = "".join(t.text or "" for t in paragraph.iter(f"{w}t"))
        names = _PLACEHOLDER.findall(text)
        if not names or _PLACEHOLDER.sub("", text).strip():
            continue
        if any(fields.get(name) for name in names):
            continue
        if any(name in _RESERVED and fields.get(name, "") is not None for name in names):
            continue
        if any(ancestor.tag == f"{w}tc" for ancestor in paragraph.iterancestors()):
            continue
        if any(paragraph.find(f".//{w}{tag}") is not None for tag in _KEEPS):
            continue
        paragraph.getparent().remove(paragraph)


@dataclass(frozen=True)
class _Parts:
    """document.xml cut around the repeated block, the fields other than rows already filled."""

    head: str
    heading: list[str] | None
    """The group heading paragraph, compiled; None when the template has no {{group}}."""
    table_head: str
    row: list[str]
    """The row holding {{no}}, compiled."""
    table_tail: str
    tail: str


def render(
    template: Path,
    output: Path,
    *,
    fields: dict[str, str | None],
    groups: Iterable[Group],
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    left_out: frozenset[str] = frozenset(),
) -> int:
    """Write `output` from `template`. Returns the number of table rows written. The list
    table's columns whose placeholder is in `left_out` (an optional column) are taken out."""
    filled = {name: value or "" for name, value in fields.items()}
    groups = list(groups)
    with _open_template(template) as source:
        parts = _document_parts(source, template, fields, filled, groups, left_out)
        output.parent.mkdir(parents=True, exist_ok=True)
        temporary = output.with_name(output.name + ".part")
        try:
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
                _copy_other_parts(source, target, filled)
                with target.open("word/document.xml", "w", force_zip64=True) as stream:
                    written = _write_document(stream, parts, groups, progress, cancelled)
            temporary.replace(output)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    if progress:
        progress(written)
    return written


def _open_template(template: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(template)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ConfigError(f"模板 {template} 不是有效的 Word 文档（.docx）：{exc}") from exc


def _document_parts(
    source: zipfile.ZipFile,
    template: Path,
    fields: dict[str, str | None],
    filled: dict[str, str],
    groups: Sequence[Group],
    left_out: frozenset[str] = frozenset(),
) -> _Parts:
    from docfiler.outputs.table_layout import drop_columns, fit_columns

    try:
        root = _merged(source.read("word/document.xml"))
    except KeyError as exc:
        raise ConfigError(
            f"模板 {template} 缺少 word/document.xml，不是有效的 Word 文档。"
        ) from exc
    _drop_empty_placeholder_paragraphs(root, fields)
    drop_columns(root, left_out)
    styles = source.read("word/styles.xml") if "word/styles.xml" in source.namelist() else None
    fit_columns(root, styles, filled, [row for group in groups for row in group.rows])
    xml = _serialized(root)
    if "<w:tbl>" not in xml and not groups:  # a text with no list in it (a 决定, a 报告)
        return _Parts(_fill(_compile(xml), filled), None, "", [], "", "")
    head, block, tail = _split_block(xml, template)
    heading, table_head, row, table_tail = _split_block_parts(block)
    return _Parts(
        head=_fill(_compile(head), filled),
        heading=heading,
        table_head=_fill(_compile(table_head), filled),
        row=row,
        table_tail=_fill(_compile(table_tail), filled),
        tail=_fill(_compile(tail), filled),
    )


def _copy_other_parts(
    source: zipfile.ZipFile, target: zipfile.ZipFile, filled: dict[str, str]
) -> None:
    """Every part but document.xml as it is, headers and footers with their fields filled, the
    core properties with this output's title and date."""
    for item in source.infolist():
        if item.filename == "word/document.xml":
            continue
        data = source.read(item.filename)
        if item.filename.startswith(("word/header", "word/footer")):
            text = _merge_split_placeholders(data)
            data = _fill(_compile(text), filled).encode("utf-8")
        elif item.filename == "docProps/core.xml":
            data = _core_properties(data.decode("utf-8"), filled.get("title", "")).encode("utf-8")
        target.writestr(item, data)


def _core_properties(xml: str, title: str) -> str:
    """The output's own title and the time it was made, in place of the template's."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if title:
        text = _escape(title)
        xml, found = re.subn(
            r"<dc:title\s*/>|<dc:title>[^<]*</dc:title>", f"<dc:title>{text}</dc:title>", xml
        )
        if not found:
            xml = xml.replace(
                "</cp:coreProperties>", f"<dc:title>{text}</dc:title></cp:coreProperties>"
            )
    for name in ("created", "modified"):
        xml = re.sub(rf"(<dcterms:{name}[^>]*>)[^<]*(</dcterms:{name}>)", rf"\g<1>{now}\g<2>", xml)
    return xml


def _write_document(
    stream: IO[bytes],
    parts: _Parts,
    groups: Sequence[Group],
    progress: Callable[[int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> int:
    """Stream document.xml: a heading and a table per group, rows in batches. Rows written.

    A template without a group heading gets one table for all groups, 序号 counted through it:
    tables back to back would show as one table whose numbering starts again."""
    stream.write(parts.head.encode("utf-8"))
    written = 0
    one_table = parts.heading is None and len(groups) > 1
    if one_table:
        stream.write(parts.table_head.encode("utf-8"))
    for group in groups:
        if parts.heading is not None and group.heading is not None:
            stream.write(_fill(parts.heading, {"group": group.heading}).encode("utf-8"))
        if not one_table:
            stream.write(parts.table_head.encode("utf-8"))
        batch: list[str] = []
        for values in group.rows:
            written += 1
            if one_table:
                values = {**values, "no": str(written)}
            batch.append(_fill(parts.row, values))
            if len(batch) >= _BATCH_ROWS:
                stream.write("".join(batch).encode("utf-8"))
                batch.clear()
                if progress:
                    progress(written)
                if cancelled and cancelled():
                    raise ValidationError("已取消，未生成文件。")
        stream.write("".join(batch).encode("utf-8"))
        if not one_table:
            stream.write(parts.table_tail.encode("utf-8"))
    if one_table:
        stream.write(parts.table_tail.encode("utf-8"))
    stream.write(parts.tail.encode("utf-8"))
    return written


def _split_block(xml: str, template: Path) -> tuple[str, str, str]:
    """head | repeated block (group heading paragraph + table) | tail."""
    row_at = xml.find("{{no}}")
    if row_at < 0:
        raise ConfigError(f"模板 {template.name} 中没有含 {{{{no}}}} 的表格行，无法填写文件清单。")
    table_start = xml.rfind("<w:tbl>", 0, row_at)
    table_end = xml.find("</w:tbl>", row_at) + len("</w:tbl>")
    group_at = xml.rfind("{{group}}", 0, table_start)
    if group_at >= 0:
        block_start, _ = _paragraph_around(xml, group_at)
    else:
        block_start = table_start
    return xml[:block_start], xml[block_start:table_end], xml[table_end:]


def _split_block_parts(block: str) -> tuple[list[str] | None, str, list[str], str]:
    """(group heading compiled or None, table up to the row, the row compiled, the rest)."""
    table_start = block.find("<w:tbl>")
    heading = block[:table_start] if table_start > 0 else ""
    table = block[table_start:]
    row_at = table.find("{{no}}")
    row_start = table.rfind("<w:tr>", 0, row_at)
    row_start_attr = table.rfind("<w:tr ", 0, row_at)
    row_start = max(row_start, row_start_attr)
    row_end = table.find("</w:tr>", row_at) + len("</w:tr>")
    heading_parts = _compile(heading) if "{{group}}" in heading else None
    return heading_parts, table[:row_start], _compile(table[row_start:row_end]), table[row_end:]
