"""The .docx as the reader sees it: checked to be a Word document, then every paragraph and
table cell, in document order, split at line breaks into lines that carry their formatting
(alignment, type size, bold, red, first-line indent, which table), resolved through the
paragraph and character styles.

python-docx is imported inside :func:`open_docx`, so importing this module is cheap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from docfiler.errors import ValidationError

# ───────────────────────────── opening the file ─────────────────────────────

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, .wps, encrypted .docx
_SAVE_AS = "请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再试。"


def _not_word(name: str) -> ValidationError:
    return ValidationError(f"“{name}”不是 Word 文档（.docx），请另存为 .docx 后再试。")


def _check_file(path: Path) -> None:
    """Raise a Chinese ValidationError unless ``path`` looks like a .docx file."""
    name = path.name or str(path)
    if not path.exists():
        raise ValidationError(f"找不到文件“{path}”，请检查文件名和所在文件夹。")
    if path.is_dir():
        raise ValidationError(f"“{path}”是文件夹，不是 Word 文档（.docx）。请选择一个 .docx 文件。")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ValidationError(
            f"无法读取“{name}”（{reason}）。请检查文件是否被其他程序占用或没有读取权限。"
        ) from None
    suffix = path.suffix.lower()
    if not head:
        raise ValidationError(f"“{name}”是空文件，不是 Word 文档（.docx）。")
    if head.startswith(_OLE_MAGIC):
        if suffix in (".docx", ".docm", ".dotx"):
            raise ValidationError(
                f"“{name}”无法打开：它实际上是旧版 Word 97-2003 文档（.doc），或设有打开密码。"
                f"如有密码请先取消，{_SAVE_AS}"
            )
        raise ValidationError(
            f"“{name}”是旧版 Word 97-2003 文档（.doc）或 WPS 文档，docfiler 只能读取 .docx。{_SAVE_AS}"
        )
    if suffix in (".doc", ".wps", ".dot"):
        raise ValidationError(f"“{name}”是旧版 Word/WPS 文档，docfiler 只能读取 .docx。{_SAVE_AS}")
    if head.startswith(b"%PDF"):
        raise ValidationError(
            f"“{name}”是 PDF 文件，不是 Word 文档（.docx）。请使用原始的 Word 文件，"
            "或用 WPS/Word 将其转换为 .docx 后再试。"
        )
    if head.startswith(b"{\\rtf"):
        raise ValidationError(f"“{name}”是 RTF 格式，不是 Word 文档（.docx）。{_SAVE_AS}")
    if not head.startswith(b"PK"):
        raise _not_word(name)
    _check_zip(path, name)


def _check_zip(path: Path, name: str) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        raise ValidationError(
            f"“{name}”无法作为 Word 文档（.docx）打开，文件可能不完整或已损坏。{_SAVE_AS}"
        ) from None
    if "word/document.xml" in names:
        return
    if any(n.startswith("xl/") for n in names):
        kind = "Excel 工作簿"
    elif any(n.startswith("ppt/") for n in names):
        kind = "PowerPoint 演示文稿"
    elif b"opendocument.text" in mimetype:
        kind = "OpenDocument 文本（.odt）"
    else:
        raise _not_word(name)
    raise ValidationError(f"“{name}”是{kind}，不是 Word 文档（.docx）。请另存为 .docx 后再试。")


def open_docx(path: Path):
    _check_file(path)
    import docx

    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx / lxml / zipfile: a broken or foreign package
        detail = str(exc)
        if "macroEnabled" in detail or "template" in detail:
            raise ValidationError(
                f"“{path.name}”是 Word 模板或启用宏的文档，不是普通的 Word 文档（.docx）。{_SAVE_AS}"
            ) from None
        raise ValidationError(
            f"“{path.name}”无法作为 Word 文档（.docx）打开，文件可能已损坏。{_SAVE_AS}"
        ) from None


# ───────────────────────────── lines and their formatting ─────────────────────────────

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _R, _T = _w("p"), _w("tbl"), _w("r"), _w("t")
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


def collect_lines(document) -> list[Line]:
    styles = _Styles(document.styles.element)
    lines: list[Line] = []
    table_count = 0

    def walk(element, table: int | None) -> None:
        nonlocal table_count
        for child in element:
            tag = child.tag
            if tag == _P:
                lines.extend(_paragraph_lines(child, styles, table))
            elif tag == _TBL:
                if table is None:
                    table_count += 1
                walk(child, table if table is not None else table_count)
            elif tag in _CONTAINERS:
                walk(child, table)

    walk(document.element.body, None)
    return lines


def text_box_lines(document) -> list[Line]:
    """Paragraphs in text boxes (some letterheads are drawn in them), once each."""
    seen: set[str] = set()
    lines = []
    for box in document.element.body.iter(_w("txbxContent")):
        for p in box.iter(_P):
            text = _paragraph_text(p).strip()
            if text and text not in seen:
                seen.add(text)
                lines.append(Line(text, normalize(text), None, None, False, False, False, None))
    return lines
