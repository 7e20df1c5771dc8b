"""Reading a published normative document from Word (.docx).

:func:`read_document` extracts the 发文字号, the title, the 成文日期 and the body text from a
document laid out per GB/T 9704-2012 (letterhead, number line, title, 主送机关, body, signature,
date, 版记), and also copes with what offices actually send: the number in a letterhead table or
a content control, a title split over several centred paragraphs, the title above the number
(as websites reprint documents), a decree number on two lines (``营口市人民政府令`` / ``第35号``),
full-width digits and brackets, and a 成文日期 in Chinese numerals (``二〇一六年三月一日``).

How the parts are found (every paragraph and table cell, in document order, split at line
breaks into *lines*; formatting is resolved through the paragraph and character styles):

* **发文字号**: the first line in the header (before the first article or sentence of body text)
  that consists of a number and nothing else but brackets, a ``文号：`` label or a
  ``签发人：…`` entry, and that :func:`docfiler.domain.docnumber.try_parse` accepts. Numbers cited in
  the body (``国发〔2014〕47号``) or listed in an attachment's table are never taken for it.
* **Letterhead** (``authority_line``): the lines just above the number that look like a
  发文机关标志 (ending in 文件, red or very large type).
* **Title**: the first title-like line after the number (centred, large or bold type, or a word
  such as 办法/规定/通知/决定/意见/细则/方案), joined with the centred lines in the same type
  that follow it (a title split over paragraphs). Failing that, the title-like lines just above
  the number; failing that, the 《…》 named in a 现予公布/印发 sentence.
* **主送机关** (``addressee``): the first line after the title if it ends with a colon and reads
  as a list of addressees rather than a sentence.
* **成文日期**: the first line after the title that is nothing but a date, ``2016年3月1日`` or
  ``二〇一六年三月一日``. Dates inside sentences (施行日期), the 印发 line of the 版记 and dates
  in an attachment's table after the signature are not taken for it.
* **Signature** (``signatory``): up to three short lines just above the date that are right-
  aligned or end like an authority's name (人民政府, 办公室, 局 …).
* **Body**: the lines between the title (and 主送 line) and the signature; without a date, up to
  the 版记 (抄送 / 印发) or the end.

Errors a clerk can act on raise :class:`docfiler.errors.ValidationError` with a Chinese message:
a missing file, a file that is not a .docx (PDF, legacy .doc, a renamed text file, Excel …), and a
document without a recognisable 发文字号. Anything merely doubtful (no title, no date, the number's
year differing from the date's) is returned in ``warnings``.

python-docx is imported inside :func:`read_document`, so importing this module is cheap.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docfiler.domain.docnumber import DocNumberError, parse, try_parse
from docfiler.errors import ValidationError

__all__ = ["ReadResult", "read_document"]


@dataclass
class ReadResult:
    """What was read from one document. ``doc_number`` is in canonical form."""

    doc_number: str
    title: str | None
    written_on: dt.date | None  # 成文日期
    body: str
    authority_line: str | None = None  # 发文机关标志 (letterhead), e.g. 盖州市人民政府文件
    addressee: str | None = None  # 主送机关, without the final colon
    signatory: str | None = None  # 发文机关署名
    doc_number_as_written: str | None = None
    source: str | None = None  # the file name
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict; dates in ISO form (``2016-03-01``)."""
        return {
            "source": self.source,
            "doc_number": self.doc_number,
            "doc_number_as_written": self.doc_number_as_written,
            "title": self.title,
            "written_on": self.written_on.isoformat() if self.written_on else None,
            "authority_line": self.authority_line,
            "addressee": self.addressee,
            "signatory": self.signatory,
            "body": self.body,
            "warnings": list(self.warnings),
        }

    def as_json(self, indent: int | None = 2) -> str:
        """JSON text (UTF-8, Chinese not escaped), dates in ISO form."""
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=indent)


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


def _open(path: Path):
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
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_OFF = frozenset({"0", "false", "off", "none"})


@dataclass(slots=True)
class _Line:
    text: str  # as written, stripped
    norm: str  # NFKC, without any whitespace: for matching
    align: str | None  # left / center / right / both / distribute …
    size: float | None  # largest type size in the line's paragraph, in points
    bold: bool
    red: bool
    indented: bool  # first-line indent
    table: int | None  # which top-level table the line is in, if any


def _normalize(text: str) -> str:
    return _normalize_with_map(text)[0]


def _normalize_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC, without whitespace or invisible characters, and for each character of the result
    the index of the character of ``text`` it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for folded in unicodedata.normalize("NFKC", ch):
            if folded.isspace() or ord(folded) in _INVISIBLE:
                continue
            out.append(folded)
            origin.append(index)
    return "".join(out), origin


def _as_written(line_text: str, norm_text: str) -> str:
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


def _paragraph_lines(p, styles: _Styles, table: int | None) -> list[_Line]:
    text = _paragraph_text(p)
    if not text.strip():
        return [_Line("", "", None, None, False, False, False, table)]
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
        lines.append(
            _Line(piece.strip(), _normalize(piece), align, size, bold, red, indented, table)
        )
    return lines


def _collect_lines(document) -> list[_Line]:
    styles = _Styles(document.styles.element)
    lines: list[_Line] = []
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


def _text_box_lines(document) -> list[_Line]:
    """Paragraphs in text boxes (some letterheads are drawn in them), once each."""
    seen: set[str] = set()
    lines = []
    for box in document.element.body.iter(_w("txbxContent")):
        for p in box.iter(_P):
            text = _paragraph_text(p).strip()
            if text and text not in seen:
                seen.add(text)
                lines.append(_Line(text, _normalize(text), None, None, False, False, False, None))
    return lines


# ───────────────────────────── recognising the parts ─────────────────────────────

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Patterns are kept as strings and compiled (and cached by the re module) on first use, so that
# importing this module stays cheap. They apply to NFKC-normalised text without spaces, where
# （）［］﹝﹞ are already folded to ()[]〔〕.
_ORDINARY_RE = f"[{_CJK}]+[〔\\[【(〖〈]\\d{{2,4}}[〕\\]】)〗〉]第?\\d+号?"
_DECREE_RE = f"[{_CJK}]+令第\\d+号"
_DECREE_SERIAL_RE = r"第\d+号"
_NUMBER_LABEL_RE = r"^(?:发文字号|发文文号|文号|字号)[:：]"
_SIGNER_RE = f"签发人[:：][{_CJK}、,，·]*"
_LEFTOVER_OK = frozenset("()[]〔〕【】〖〗")

_ARABIC_DATE_RE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CN_DIGITS.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})
_CN_DATE_RE = "([〇○零O0一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"

_ARTICLE_RE = "第[一二三四五六七八九十百零〇0-9]+[条章节编]"
_TITLE_WORDS = (
    "办法",
    "规定",
    "通知",
    "决定",
    "意见",
    "细则",
    "方案",
    "规则",
    "规划",
    "措施",
    "条例",
    "公告",
    "通告",
    "通报",
    "批复",
    "决议",
    "目录",
    "清单",
    "标准",
    "制度",
    "纲要",
    "计划",
    "要点",
    "请示",
    "报告",
    "命令",
)
_AUTHORITY_END_RE = (
    "(?:人民政府|政府|办公室|办公厅|委员会|常委会|管委会|局|厅|委|办|院|部|中心|署|会|公司|"
    "市长|县长|区长|省长|主任|局长)$"
)
_SEPARATOR_CHARS = frozenset("-—_─━=＝*★☆·.。 ")
_PUBLISH_RE = "《([^《》]{4,80})》.{0,40}(?:现予公布|现予印发|印发给你们|现予发布|予以公布)"


def _date_of(norm: str) -> tuple[bool, dt.date | None]:
    """(is a date, the date or None if invalid) for a line that is nothing but a date."""
    if m := re.fullmatch(_ARABIC_DATE_RE, norm):
        year, month, day = (int(g) for g in m.groups())
    elif m := re.fullmatch(_CN_DATE_RE, norm):
        year = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        month, day = _cn_number(m.group(2)), _cn_number(m.group(3))
        if month is None or day is None:
            return True, None
    else:
        return False, None
    try:
        return True, dt.date(year, month, day)
    except ValueError:
        return True, None


def _cn_number(text: str) -> int | None:
    """一 … 三十一 → 1 … 31."""
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    value = (_CN_DIGITS.get(tens, -99) if tens else 1) * 10 + (
        _CN_DIGITS.get(ones, -99) if ones else 0
    )
    return value if value > 0 else None


def _is_blank(line: _Line) -> bool:
    return not line.norm or set(line.norm) <= _SEPARATOR_CHARS


def _is_body_like(line: _Line) -> bool:
    return bool(re.match(_ARTICLE_RE, line.norm)) or (
        len(line.norm) >= 40 and line.norm[-1] in "。;；"
    )


def _number_in(line: _Line) -> str | None:
    """The number text if the line is a number line (the number and nothing else of substance)."""
    n = line.norm
    match = re.search(_ORDINARY_RE, n) or re.search(_DECREE_RE, n)
    if match is None:
        return None
    rest = n[: match.start()] + "\0" + n[match.end() :]
    rest = re.sub(_SIGNER_RE, "", re.sub(_NUMBER_LABEL_RE, "", rest)).replace("\0", "")
    if any(ch not in _LEFTOVER_OK for ch in rest):
        return None
    return match.group(0)


def _is_letterhead(line: _Line) -> bool:
    n = line.norm
    if not n or len(n) > 40:
        return False
    if n.endswith("文件") and "关于" not in n:
        return True
    big = line.size is not None and line.size >= 26
    return (line.red and (big or not _has_title_word(n))) or (big and not _has_title_word(n))


def _has_title_word(norm: str) -> bool:
    return any(word in norm for word in _TITLE_WORDS)


def _is_addressee(line: _Line) -> bool:
    n = line.norm
    if not n.endswith((":", "：")) or len(n) > 150 or "。" in n:
        return False
    if any(word in n for word in ("如下", "以下", "下列")):
        return False
    return not line.indented or bool(re.search("各|政府|局|委|办|单位|部门|机关|公司", n))


def _title_filters(line: _Line) -> bool:
    """Things a title line never is."""
    n = line.norm
    return not (
        not n
        or len(n) > 120
        or n[-1] in "。;；:：,，、"
        or n[0] in "(（"
        or n.startswith(("附件", "抄送", "主送"))
        or re.match(_ARTICLE_RE, n)
        or _date_of(n)[0]
        or _number_in(line)
        or _is_letterhead(line)
        or "签发人" in n
    )


def _is_title_like(line: _Line) -> bool:
    if not _title_filters(line):
        return False
    big = line.size is not None and line.size >= 18
    return line.align == "center" or big or line.bold or _has_title_word(line.norm)


def _continues_title(first: _Line, line: _Line) -> bool:
    if not _title_filters(line):
        return False
    same_size = line.size == first.size
    centred = line.align == first.align == "center"
    big = first.size is not None and first.size >= 18
    return same_size and (centred or (big and line.align == first.align))


def _tidy(text: str) -> str:
    """Collapse whitespace; none next to Chinese characters (titles spread with spaces)."""
    text = re.sub(r"\s+", " ", text.translate(_INVISIBLE)).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


@dataclass
class _Found:
    number_index: int | None = None
    number_text: str | None = None
    number_end: int | None = None  # the line after the number line(s)
    split_decree: bool = False  # 营口市人民政府令 / 第35号 on two lines
    bad_numbers: list[str] = field(default_factory=list)


def _find_number(lines: list[_Line]) -> _Found:
    found = _Found()
    header_end = next((i for i, line in enumerate(lines) if _is_body_like(line)), len(lines))
    previous: int | None = None  # last non-blank line
    for i in range(header_end):
        line = lines[i]
        if _is_blank(line):
            continue
        candidates: list[tuple[int, str]] = []
        if (text := _number_in(line)) is not None:
            candidates.append((i, text))
        elif (
            re.fullmatch(_DECREE_SERIAL_RE, line.norm)
            and previous is not None
            and lines[previous].norm.endswith("令")
        ):
            # A decree: 营口市人民政府令 on one line and 第35号 on the next.
            candidates.append((previous, lines[previous].norm + line.norm))
        for index, text in candidates:
            if try_parse(text) is not None:
                found.number_index, found.number_text, found.number_end = index, text, i + 1
                found.split_decree = index != i
                return found
            try:
                parse(text)
            except DocNumberError as exc:
                found.bad_numbers.append(str(exc))
        previous = i
    return found


def _find_title(lines: list[_Line], start: int, stop: int) -> tuple[str | None, int]:
    """The title in lines[start:stop] right after the number: (title, index after it)."""
    seen = 0
    for i in range(start, stop):
        line = lines[i]
        if _is_blank(line) or "签发人" in line.norm:
            continue
        if _is_addressee(line) or _is_body_like(line) or _date_of(line.norm)[0]:
            break
        if _is_title_like(line):
            end = i + 1
            while end < stop and end - i < 4 and _continues_title(line, lines[end]):
                end += 1
            return _tidy("".join(lines[k].text for k in range(i, end))), end
        seen += 1
        if seen >= 3:
            break
    return None, start


def _title_above(lines: list[_Line], number_index: int) -> str | None:
    """A title printed above the number, as websites reprint documents."""
    picked: list[int] = []
    for i in range(number_index - 1, -1, -1):
        line = lines[i]
        if _is_blank(line):
            if picked:
                break
            continue
        if not _is_title_like(line) or (picked and not _continues_title(line, lines[picked[-1]])):
            break
        picked.append(i)
        if len(picked) == 4:
            break
    if not picked or not any(_has_title_word(lines[i].norm) for i in picked):
        return None
    return _tidy("".join(lines[i].text for i in reversed(picked)))


def _letterhead_above(lines: list[_Line], number_index: int) -> str | None:
    picked: list[str] = []
    for i in range(number_index - 1, -1, -1):
        line = lines[i]
        if _is_blank(line):
            if picked:
                break
            continue
        if not _is_letterhead(line):
            break
        picked.append(line.norm)
        if len(picked) == 4:
            break
    return "\n".join(reversed(picked)) or None


def _is_signature(line: _Line) -> bool:
    n = line.norm
    if not n or len(n) > 40 or n[-1] in "。;；:：,，":
        return False
    return line.align == "right" or bool(re.search(_AUTHORITY_END_RE, n)) or "盖章" in n


def _is_colophon(line: _Line) -> bool:
    """版记: 抄送 / 印发 lines (and the old 主题词)."""
    n = line.norm
    return n.startswith(("抄送", "抄报", "主题词")) or bool(re.search("日印发$|日印$", n))


# ───────────────────────────── the public function ─────────────────────────────


def read_document(path: str | os.PathLike[str]) -> ReadResult:
    """Read the 发文字号, title, 成文日期 and body of a published document in Word (.docx).

    Raises :class:`ValidationError` (Chinese message) if the file is missing or not a .docx,
    or if no 发文字号 can be recognised.
    """
    path = Path(path)
    document = _open(path)
    lines = _collect_lines(document)
    found = _find_number(lines)
    if found.number_index is None:
        extra = _text_box_lines(document)
        box = _find_number(extra)
        if box.number_index is not None:
            # The number is drawn in a text box: read the rest from the body as if it came first.
            lines, found = extra[: box.number_end] + lines, box
            found.number_end = box.number_end
        else:
            found.bad_numbers.extend(box.bad_numbers)
    name = path.name
    warnings: list[str] = []

    if found.number_index is None:
        title, _ = _find_title(lines, 0, len(lines))
        message = f"在“{name}”中没有找到发文字号（如“盖政发〔2016〕9号”）。"
        if title:
            message += f"找到的标题是《{title}》。"
        if found.bad_numbers:
            message += "文中的文号有误：" + found.bad_numbers[0]
        message += (
            "请确认这是已印发的正式文件（发文字号在版头红色分隔线上方），或在登记时手工填写文号。"
        )
        raise ValidationError(message)

    number = try_parse(found.number_text)
    assert number is not None  # _find_number only returns parseable numbers
    number_index, after_number = found.number_index, found.number_end or found.number_index + 1

    # Skip the rest of a letterhead table (签发人, 紧急程度 …) before looking for the title.
    start = after_number
    table = lines[number_index].table
    while table is not None and start < len(lines) and lines[start].table == table:
        start += 1

    title, body_start = _find_title(lines, start, len(lines))
    if title is None:
        title = _title_above(lines, number_index)
        body_start = start

    addressee = None
    i = body_start
    while i < len(lines) and _is_blank(lines[i]):
        i += 1
    if i < len(lines) and _is_addressee(lines[i]):
        addressee = _tidy(lines[i].text).rstrip(":：")
        body_start = i + 1

    # 成文日期: the first line after the title that is only a date, outside tables, or inside one
    # when a signature stands just above it in the same table.
    date_index, written_on = None, None
    for k in range(body_start, len(lines)):
        is_date, value = _date_of(lines[k].norm)
        if not is_date:
            continue
        if lines[k].table is not None:
            above = _previous_nonblank(lines, k, body_start)
            if (
                above is None
                or lines[above].table != lines[k].table
                or not _is_signature(lines[above])
            ):
                continue
        date_index, written_on = k, value
        break

    signatory = None
    if date_index is not None:
        body_end = date_index
        signature: list[int] = []
        k = _previous_nonblank(lines, date_index, body_start)
        while k is not None and len(signature) < 3 and _is_signature(lines[k]):
            signature.append(k)
            body_end = k
            k = _previous_nonblank(lines, k, body_start)
        if signature:
            signatory = "、".join(lines[s].text for s in reversed(signature))
        if written_on is None:
            warnings.append(f"成文日期“{lines[date_index].text}”不是有效日期，请核对后手工填写。")
    else:
        body_end = next(
            (k for k in range(body_start, len(lines)) if _is_colophon(lines[k])), len(lines)
        )
        warnings.append("没有找到成文日期（如“2016年3月1日”），请手工填写。")

    body_lines = [lines[k].text for k in range(body_start, body_end) if not _is_blank(lines[k])]
    body = "\n".join(body_lines)

    if title is None and body_lines:
        match = re.search(_PUBLISH_RE, _normalize(body_lines[0]))
        if match:
            title = match.group(1)
            warnings.append(f"没有找到单独的标题行，标题取自正文中的《{title}》，请核对。")
    if title is None:
        warnings.append("没有找到标题，请手工填写。")
    if not body:
        warnings.append("没有找到正文。")
    if number.year is not None and written_on is not None and number.year != written_on.year:
        warnings.append(
            f"发文字号的年份（{number.year}年）与成文日期（{written_on.year}年）不一致，请核对。"
        )

    if found.split_decree:
        # 营口市人民政府令 / 第35号: the first line is the letterhead as well.
        as_written = found.number_text
        letterhead = _letterhead_above(lines, number_index + 1)
    else:
        as_written = _as_written(lines[number_index].text, found.number_text or "")
        letterhead = _letterhead_above(lines, number_index)
    return ReadResult(
        doc_number=str(number),
        title=title,
        written_on=written_on,
        body=body,
        authority_line=letterhead,
        addressee=addressee,
        signatory=signatory,
        doc_number_as_written=as_written,
        source=name,
        warnings=warnings,
    )


def _previous_nonblank(lines: list[_Line], index: int, floor: int) -> int | None:
    for k in range(index - 1, floor - 1, -1):
        if not _is_blank(lines[k]):
            return k
    return None
