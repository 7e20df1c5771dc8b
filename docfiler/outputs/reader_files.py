"""Is this file a Word document the reader may open? What it is if it is not, and the limits a
.docx must keep to before anything in it is decompressed or parsed.

The limits keep a hostile or broken file (a zip bomb, a million empty paragraphs) from taking
minutes and gigabytes: a normal 行政规范性文件 has a few hundred paragraphs and a document.xml
well under 1 MB, so each limit is far above anything the office publishes. A file over one is
refused with a Chinese message that says which limit and what to do.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docfiler.errors import ValidationError

MAX_FILE_BYTES = 100 * 1024 * 1024
"""The .docx file itself (pictures included)."""
MAX_ENTRIES = 5_000
"""Parts in the package (a Word document has 10–50)."""
MAX_TOTAL_BYTES = 300 * 1024 * 1024
"""All parts together, uncompressed."""
MAX_DOCUMENT_XML_BYTES = 16 * 1024 * 1024
"""word/document.xml uncompressed: the text and its formatting."""
MAX_SMALL_PART_BYTES = 4 * 1024 * 1024
"""Each other part the reader parses: styles, relationships, content types."""
MAX_PARAGRAPHS = 20_000
"""Paragraphs (table cells and text boxes included)."""
MAX_LINES = 50_000
"""Lines after splitting paragraphs at line breaks."""
MAX_RUNS = 100_000
"""Runs (stretches of text in one format): a long document from Word has a few tens of
thousands; each costs the reader a style lookup."""

MAIN_PART = "word/document.xml"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, .wps, encrypted .docx
SAVE_AS = "请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再试。"
KEEP_BODY = (
    "请在 Word 或 WPS 中打开，只保留正文（删去附件、图片、修订记录和多余的空段落），"
    "另存为新的 .docx 后再试；也可以不读取文件，在登记时手工填写文号、标题和日期。"
)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def not_word(name: str) -> ValidationError:
    return ValidationError(f"“{name}”不是 Word 文档（.docx），请另存为 .docx 后再试。")


def broken(name: str) -> ValidationError:
    return ValidationError(
        f"“{name}”无法作为 Word 文档（.docx）打开，文件可能不完整或已损坏。{SAVE_AS}"
    )


def too_large(name: str, what: str, limit: str) -> ValidationError:
    """The refusal for a file over one of the limits above: what was found, the limit."""
    return ValidationError(
        f"“{name}”过大，无法读取：{what}超过上限 {limit}"
        f"（正常的规范性文件远小于此），文件过大或含有异常内容。{KEEP_BODY}"
    )


def too_many_paragraphs(name: str) -> ValidationError:
    return too_large(name, "段落数", f"{MAX_PARAGRAPHS:,} 个")


def too_many_lines(name: str) -> ValidationError:
    return too_large(name, "行数", f"{MAX_LINES:,} 行")


def too_many_runs(name: str) -> ValidationError:
    return too_large(name, "格式片段数", f"{MAX_RUNS:,} 个")


def check_file(path: Path) -> None:
    """Raise a Chinese ValidationError unless ``path`` looks like a .docx file within the limits."""
    name = path.name or str(path)
    if not path.exists():
        raise ValidationError(f"找不到文件“{path}”，请检查文件名和所在文件夹。")
    if path.is_dir():
        raise ValidationError(f"“{path}”是文件夹，不是 Word 文档（.docx）。请选择一个 .docx 文件。")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
        size = path.stat().st_size
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ValidationError(
            f"无法读取“{name}”（{reason}）。请检查文件是否被其他程序占用或没有读取权限。"
        ) from None
    _check_head(name, head, path.suffix.lower())
    if size > MAX_FILE_BYTES:
        raise too_large(name, f"文件大小为 {_mb(size)} MB，", f"{_mb(MAX_FILE_BYTES)} MB")
    check_zip(path, name)


def _check_head(name: str, head: bytes, suffix: str) -> None:
    if not head:
        raise ValidationError(f"“{name}”是空文件，不是 Word 文档（.docx）。")
    if head.startswith(_OLE_MAGIC):
        if suffix in (".docx", ".docm", ".dotx"):
            raise ValidationError(
                f"“{name}”无法打开：它实际上是旧版 Word 97-2003 文档（.doc），或设有打开密码。"
                f"如有密码请先取消，{SAVE_AS}"
            )
        raise ValidationError(
            f"“{name}”是旧版 Word 97-2003 文档（.doc）或 WPS 文档，docfiler 只能读取 .docx。{SAVE_AS}"
        )
    if suffix in (".doc", ".wps", ".dot"):
        raise ValidationError(f"“{name}”是旧版 Word/WPS 文档，docfiler 只能读取 .docx。{SAVE_AS}")
    if head.startswith(b"%PDF"):
        raise ValidationError(
            f"“{name}”是 PDF 文件，不是 Word 文档（.docx）。请使用原始的 Word 文件，"
            "或用 WPS/Word 将其转换为 .docx 后再试。"
        )
    if head.startswith(b"{\\rtf"):
        raise ValidationError(f"“{name}”是 RTF 格式，不是 Word 文档（.docx）。{SAVE_AS}")
    if not head.startswith(b"PK"):
        raise not_word(name)


def check_zip(path: Path, name: str) -> None:
    """A Word package within the limits, by the sizes its directory declares (the zip reader
    never decompresses a part past its declared size: a part that is longer is refused as
    damaged)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            mimetype = b""
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 1024:
                mimetype = archive.read("mimetype")[:80]
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        raise broken(name) from None
    if MAIN_PART not in names:
        _not_a_word_package(name, names, mimetype)
    if len(infos) > MAX_ENTRIES:
        raise too_large(name, f"包含 {len(infos):,} 个部件，", f"{MAX_ENTRIES:,} 个")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise too_large(name, f"解压后共 {_mb(total)} MB，", f"{_mb(MAX_TOTAL_BYTES)} MB")
    main = next(info.file_size for info in infos if info.filename == MAIN_PART)
    if main > MAX_DOCUMENT_XML_BYTES:
        limit = f"{_mb(MAX_DOCUMENT_XML_BYTES)} MB"
        raise too_large(name, f"正文部分（document.xml）解压后为 {_mb(main)} MB，", limit)


def _not_a_word_package(name: str, names: set[str], mimetype: bytes) -> None:
    if any(n.startswith("xl/") for n in names):
        kind = "Excel 工作簿"
    elif any(n.startswith("ppt/") for n in names):
        kind = "PowerPoint 演示文稿"
    elif b"opendocument.text" in mimetype:
        kind = "OpenDocument 文本（.odt）"
    else:
        raise not_word(name)
    raise ValidationError(f"“{name}”是{kind}，不是 Word 文档（.docx）。请另存为 .docx 后再试。")


def read_part(archive: zipfile.ZipFile, part: str, name: str) -> bytes | None:
    """A small part (styles, relationships), or None when the package has none."""
    try:
        info = archive.getinfo(part)
    except KeyError:
        return None
    if info.file_size > MAX_SMALL_PART_BYTES:
        limit = f"{_mb(MAX_SMALL_PART_BYTES)} MB"
        raise too_large(name, f"部件 {part} 解压后为 {_mb(info.file_size)} MB，", limit)
    return archive.read(info)
