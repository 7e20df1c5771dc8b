"""The .docx as the reader sees it: checked to be a Word document within the limits of
:mod:`docfiler.outputs.reader_files`, then every paragraph and table cell, in document order,
split at line breaks into lines that carry their formatting (alignment, type size, bold, red,
first-line indent, which table), resolved through the paragraph and character styles.

word/document.xml is parsed as a stream (lxml's iterparse): each top-level paragraph or table is
read into lines and then dropped, and the paragraph count is checked as it goes, so a hostile
file is refused early and memory stays bounded. No entity is resolved and nothing is fetched.
lxml is imported inside :func:`open_docx`, so importing this module is cheap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docfiler.errors import ValidationError
from docfiler.outputs.reader_files import (
    MAIN_PART,
    MAX_LINES,
    MAX_PARAGRAPHS,
    MAX_RUNS,
    SAVE_AS,
    broken,
    check_file,
    read_part,
    too_many_lines,
    too_many_paragraphs,
    too_many_runs,
)

# ───────────────────────────── opening the file ─────────────────────────────

_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


@dataclass(slots=True)
class WordText:
    """What the reader takes from a .docx: its lines in document order, and the lines of its
    text boxes (once each)."""

    lines: list[Line] = field(default_factory=list)
    box_lines: list[Line] = field(default_factory=list)


def open_docx(path: Path) -> WordText:
    """The lines of the Word document at ``path``; a Chinese ValidationError for a file that is
    not one, is damaged, or is over a limit (reader_files)."""
    import zipfile
    import zlib

    from lxml import etree

    check_file(path)
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            _refuse_foreign_main(archive, name)
            styles = _Styles(_styles_element(archive, name))
            with archive.open(MAIN_PART) as stream:
                return _stream_body(stream, styles, name)
    except ValidationError:
        raise
    except (
        etree.LxmlError,
        zipfile.BadZipFile,
        OSError,
        RuntimeError,  # an encrypted part; RecursionError is one too
        ValueError,
        EOFError,
        KeyError,
        zlib.error,
    ):
        raise broken(name) from None


def _parse_part(data: bytes):
    from lxml import etree

    return etree.fromstring(data, etree.XMLParser(**_SAFE))


def _refuse_foreign_main(archive, name: str) -> None:
    """A macro-enabled document or a template is not a document (as python-docx says too)."""
    data = read_part(archive, "[Content_Types].xml", name)
    if data is None:
        raise broken(name)
    for override in _parse_part(data).iter(f"{{{_CT}}}Override"):
        if override.get("PartName", "").lower() == "/" + MAIN_PART:
            kind = override.get("ContentType", "")
            if "macroEnabled" in kind or "template" in kind:
                raise ValidationError(
                    f"“{name}”是 Word 模板或启用宏的文档，不是普通的 Word 文档（.docx）。{SAVE_AS}"
                )


def _styles_element(archive, name: str):
    """word/styles.xml (or wherever the document's relationships put it), or None."""
    target = "word/styles.xml"
    rels = read_part(archive, "word/_rels/document.xml.rels", name)
    if rels is not None:
        for rel in _parse_part(rels).iter(f"{{{_RELS}}}Relationship"):
            if rel.get("Type") == _STYLES_REL and rel.get("TargetMode") != "External":
                given = rel.get("Target", "")
                target = given.lstrip("/") if given.startswith("/") else f"word/{given}"
    data = read_part(archive, target, name)
    return _parse_part(data) if data else None


def _stream_body(stream, styles: _Styles, name: str) -> WordText:
    """Each child of <w:body>, read into lines when its end tag is parsed, then dropped."""
    from lxml import etree

    collector = _Collector(styles)
    paragraphs = runs = 0
    for _event, element in etree.iterparse(stream, events=("end",), **_SAFE):
        if element.tag == _R:
            runs += 1
            if runs > MAX_RUNS:
                raise too_many_runs(name)
        elif element.tag == _P:
            paragraphs += 1
            if paragraphs > MAX_PARAGRAPHS:
                raise too_many_paragraphs(name)
        parent = element.getparent()
        if parent is None or parent.tag != _BODY:
            continue
        collector.add(element)
        if len(collector.text.lines) > MAX_LINES:
            raise too_many_lines(name)
        element.clear(keep_tail=True)
        while element.getprevious() is not None:
            del parent[0]
    return collector.text


# ───────────────────────────── lines and their formatting ─────────────────────────────

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _R, _T, _BODY = _w("p"), _w("tbl"), _w("r"), _w("t"), _w("body")
_CONTAINERS = frozenset(_w(t) for t in ("tr", "tc", "sdt", "sdtContent", "customXml", "body"))
# Inside a paragraph: subtrees whose text is not part of the paragraph's visible text.
_SKIP_IN_P = frozenset(
    [
        *(_w(t) for t in ("pPr", "rPr", "del", "moveFrom", "drawing", "pict", "object")),
        *(_w(t) for t in ("delText", "instrText", "delInstrText", "fldData")),
        f"{{{_MC}}}AlternateContent",
    ]
)
_BREAKS = {_w("tab"): "\t", _w("ptab"): "\t", _w("br"): "\n", _w("cr"): "\n"}
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_OFF = frozenset({"0", "false", "off", "none"})


@dataclass(slots=True)
class Line:
    text: str  # as written, stripped
    norm: str  # NFKC, without any whitespace: for matching
    align: str | None  # left / center / right / both / distribute …
    size: float | None  # largest type size in the line's paragraph, in points
    bold: bool
    red: bool
    indented: bool  # first-line indent
    table: int | None  # which top-level table the line is in, if any


def normalize(text: str) -> str:
    return _normalize_with_map(text)[0]


def _normalize_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC, without whitespace or invisible characters, and for each character of the result
    the index of the character of ``text`` it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for folded in unicodedata.normalize("NFKC", ch):
            if folded.isspace() or ord(folded) in INVISIBLE:
                continue
            out.append(folded)
            origin.append(index)
    return "".join(out), origin


def as_written(line_text: str, norm_text: str) -> str:
    """The stretch of ``line_text`` whose normalised form contains ``norm_text``."""
    norm, origin = _normalize_with_map(line_text)
    at = norm.find(norm_text)
    if at < 0:
        return norm_text
    return line_text[origin[at] : origin[at + len(norm_text) - 1] + 1]


def _on(element) -> bool:
    """An on/off property such as <w:b/>: present and not switched off."""
    return element is not None and element.get(_w("val"), "true").lower() not in _OFF


class _Styles:
    """Resolves paragraph and run properties through the style hierarchy."""

    def __init__(self, styles_element):
        self._by_id = {}
        self.default_paragraph = None
        self.defaults = None
        if styles_element is None:
            return
        for style in styles_element.iter(_w("style")):
            style_id = style.get(_w("styleId"))
            if style_id:
                self._by_id[style_id] = style
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true"):
                self.default_paragraph = style_id
        self.defaults = styles_element.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")

    def chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id not in seen and len(seen) < 20:
            seen.add(style_id)
            style = self._by_id.get(style_id)
            if style is None:
                return
            yield style
            based = style.find(_w("basedOn"))
            style_id = based.get(_w("val")) if based is not None else None

    def find(self, style_id: str | None, path: str):
        for style in self.chain(style_id):
            found = style.find(path)
            if found is not None:
                return found
        return None


def _half_points(element) -> float | None:
    if element is None:
        return None
    try:
        return int(element.get(_w("val"), "")) / 2
    except ValueError:
        return None


def _is_red(color) -> bool:
    if color is None:
        return False
    value = (color.get(_w("val")) or "").upper()
    if len(value) != 6:
        return False
    try:
        r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r >= 0xB0 and g <= 0x60 and b <= 0x60


def _paragraph_text(p) -> str:
    parts: list[str] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIP_IN_P:
                continue
            if tag == _R:
                rpr = child.find(_w("rPr"))
                if rpr is not None and _on(rpr.find(_w("vanish"))):
                    continue  # hidden text
            if tag == _T:
                parts.append(child.text or "")
            elif tag in _BREAKS:
                parts.append(_BREAKS[tag])
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _paragraph_lines(p, styles: _Styles, table: int | None) -> list[Line]:
    text = _paragraph_text(p)
    if not text.strip():
        return [Line("", "", None, None, False, False, False, table)]
    ppr = p.find(_w("pPr"))
    style_el = ppr.find(_w("pStyle")) if ppr is not None else None
    style_id = style_el.get(_w("val")) if style_el is not None else styles.default_paragraph

    def para_prop(tag: str, style_path: str):
        found = ppr.find(tag) if ppr is not None else None
        return found if found is not None else styles.find(style_id, style_path)

    jc = para_prop(_w("jc"), f"{_w('pPr')}/{_w('jc')}")
    align = jc.get(_w("val")) if jc is not None else None
    align = {"start": "left", "end": "right"}.get(align or "", align)
    ind = para_prop(_w("ind"), f"{_w('pPr')}/{_w('ind')}")
    indented = ind is not None and any(
        (ind.get(_w(a)) or "0").lstrip("-") not in ("", "0")
        for a in ("firstLine", "firstLineChars")
    )

    sizes: list[float] = []
    bolds: list[bool] = []
    red = False
    for run in p.iter(_R):
        run_text = "".join(t.text or "" for t in run.iter(_T))
        if not run_text.strip():
            continue
        rpr = run.find(_w("rPr"))
        rstyle = rpr.find(_w("rStyle")) if rpr is not None else None
        rstyle_id = rstyle.get(_w("val")) if rstyle is not None else None

        def run_prop(tag: str, rpr=rpr, rstyle_id=rstyle_id):
            if rpr is not None and rpr.find(_w(tag)) is not None:
                return rpr.find(_w(tag))
            path = f"{_w('rPr')}/{_w(tag)}"
            found = styles.find(rstyle_id, path) if rstyle_id else None
            if found is None:
                found = styles.find(style_id, path)
            if found is None and styles.defaults is not None:
                found = styles.defaults.find(_w(tag))
            return found

        size = _half_points(run_prop("sz"))
        if size is not None:
            sizes.append(size)
        bolds.append(_on(run_prop("b")))
        red = red or _is_red(run_prop("color"))
    size = max(sizes) if sizes else None
    bold = bool(bolds) and all(bolds)
    lines = []
    for piece in re.split(r"[\n\v\r]", text):
        lines.append(Line(piece.strip(), normalize(piece), align, size, bold, red, indented, table))
    return lines


class _Collector:
    """Lines from the children of <w:body>, one complete child at a time, in order."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.text = WordText()
        self.tables = 0
        self._boxed: set[str] = set()

    def add(self, child) -> None:
        self._walk_one(child, None)
        for box in child.iter(_w("txbxContent")):
            for p in box.iter(_P):
                text = _paragraph_text(p).strip()
                if text and text not in self._boxed:
                    self._boxed.add(text)
                    line = Line(text, normalize(text), None, None, False, False, False, None)
                    self.text.box_lines.append(line)

    def _walk_one(self, child, table: int | None) -> None:
        tag = child.tag
        if tag == _P:
            self.text.lines.extend(_paragraph_lines(child, self.styles, table))
        elif tag == _TBL:
            if table is None:
                self.tables += 1
            self._walk(child, table if table is not None else self.tables)
        elif tag in _CONTAINERS:
            self._walk(child, table)

    def _walk(self, element, table: int | None) -> None:
        for child in element:
            self._walk_one(child, table)


def collect_lines(document: WordText) -> list[Line]:
    """Every paragraph and table cell of the body, in order, as lines."""
    return document.lines


def text_box_lines(document: WordText) -> list[Line]:
    """Paragraphs in text boxes (some letterheads are drawn in them), once each."""
    return document.box_lines
