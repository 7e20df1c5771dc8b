"""Reading an office's register file, whatever the office saved it as.

.xlsx/.xlsm/.xls/.ods go through python-calamine (it reads the values Excel or WPS saved, the
results of formulas included); .csv/.txt through the csv module, as UTF-8 (with or without a
byte-order mark), UTF-16 (Excel's "Unicode text") or GB18030 (what WPS and older Excel write on
a Chinese Windows); .et (WPS's own format) through calamine when it can, else a message saying
to save it as .xlsx. What is not a spreadsheet — a Word file renamed, an encrypted workbook, a
file too large — is refused with a Chinese message before any row is read.

Memory stays bounded: files over MAX_FILE_BYTES are refused unread, a workbook whose unpacked
XML would exceed MAX_UNPACKED_BYTES (a "zip bomb", or a sheet of a million styled empty cells)
too, and a sheet of more than MAX_ROWS rows before its rows are turned into Python values.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docfiler.errors import ValidationError

MAX_FILE_BYTES = 40 * 1024 * 1024
"""40 MB: a register of 300,000 documents (the register's design scale) saved as .xlsx is about
25 MB; a larger file is mostly pictures or formatting, or not a register."""
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
"""What the XML inside an .xlsx/.ods may unpack to."""
MAX_ROWS = 300_000
"""Rows in one sheet (documents plus title and header rows)."""

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods", ".et")
TEXTS = (".csv", ".txt")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
SAVE_AS_XLSX = "请在 Excel 或 WPS 中打开它，另存为 Excel 工作簿（.xlsx）后再导入。"


class SheetError(ValidationError):
    """The file cannot be read as a register: nothing was read, nothing written."""


@dataclass
class Sheet:
    """One sheet of the file: its rows as (row number as the spreadsheet shows it, cells)."""

    file: str
    name: str
    names: tuple[str, ...]
    height: int
    rows: Iterator[tuple[int, list[Any]]]
    first_column: int = 0
    """The spreadsheet column of each row's first cell (0 = A): calamine drops empty columns
    on the left."""
    merged: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = field(default_factory=tuple)
    """Merged cell ranges ((row, column), (row, column)), counted from 0 like the spreadsheet."""


@contextmanager
def open_sheet(path: Path, sheet: str | None = None) -> Iterator[Sheet]:
    """The sheet named `sheet` (else the first visible one) of the file at `path`."""
    path = Path(path)
    suffix = _checked_file(path)
    head = _head(path)
    if suffix in TEXTS:
        if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
            raise SheetError(
                f"“{path.name}”是 Excel 或 WPS 表格文件，不是 CSV 文本：请把扩展名改为 .xlsx"
                "（或 .xls）后再导入。"
            )
        yield _csv_sheet(path)
        return
    if head.startswith(ZIP_MAGIC):
        _check_zip(path)
    elif head.startswith(OLE_MAGIC):
        _check_ole(path)
    elif suffix != ".et":
        raise SheetError(
            f"“{path.name}”不是 Excel 表格（文件内容既不是 .xlsx 也不是 .xls 格式），"
            f"可能已损坏或只是改了扩展名。{SAVE_AS_XLSX}"
        )
    with _workbook(path, suffix) as book:
        opened = _calamine_sheet(path, book, sheet)
        if head.startswith(ZIP_MAGIC):
            _refuse_uncomputed_formulas(path, opened.name)
        yield opened


def _checked_file(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEETS + TEXTS:
        raise SheetError(
            f"“{path.name}”不是表格文件：只能导入 Excel（.xlsx、.xls）、WPS 表格（.et）、"
            ".ods 或 .csv 文件。"
        )
    if not path.is_file():
        raise SheetError(f"找不到文件“{path}”，请核对文件名和所在文件夹。")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SheetError(
            f"“{path.name}”有 {size / 1024 / 1024:.0f} MB，超过导入上限"
            f" {MAX_FILE_BYTES // 1024 // 1024} MB：登记簿表格通常只有几 MB。请删去图片、"
            "多余的工作表和格式，或把表格拆成几个文件分别导入。"
        )
    if size == 0:
        raise SheetError(f"“{path.name}”是空文件（0 字节），没有可导入的内容。")
    return suffix


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(8)


def _check_zip(path: Path) -> None:
    """A zip file is an .xlsx or .ods only if it holds a workbook; refuse a renamed .docx and a
    workbook that would unpack to more than MAX_UNPACKED_BYTES."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SheetError(f"“{path.name}”已损坏，无法打开（{exc}）。{SAVE_AS_XLSX}") from None
    names = {entry.filename for entry in entries}
    if "word/document.xml" in names:
        raise SheetError(
            f"“{path.name}”是 Word 文档（.docx），不是 Excel 表格（可能只是改了扩展名）。"
            "请导入登记簿的 Excel 表格；Word 里的表格可以复制到 Excel 中保存为 .xlsx 后再导入。"
        )
    if "xl/workbook.xml" not in names and "content.xml" not in names:
        raise SheetError(
            f"“{path.name}”是压缩文件，但里面没有 Excel 工作簿，不是表格文件。{SAVE_AS_XLSX}"
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise SheetError(
            f"“{path.name}”解压后有 {unpacked / 1024 / 1024:.0f} MB，超过导入上限"
            f" {MAX_UNPACKED_BYTES // 1024 // 1024} MB（多半是大片带格式的空白单元格）。请只保留"
            "登记簿的行和列，另存后再导入，或把表格拆成几个文件分别导入。"
        )


def _check_ole(path: Path) -> None:
    """An OLE2 file is an .xls — or an encrypted .xlsx, or a Word 97 .doc renamed."""
    data = path.read_bytes()  # at most MAX_FILE_BYTES
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise SheetError(encrypted_message(path))
    if "WordDocument".encode("utf-16-le") in data:
        raise SheetError(
            f"“{path.name}”是 Word 文档（.doc），不是 Excel 表格（可能只是改了扩展名）。"
            "请导入登记簿的 Excel 表格。"
        )


def encrypted_message(path: Path) -> str:
    return (
        f"“{path.name}”设有打开密码（已加密），无法读取。请在 Excel 或 WPS 中输入密码打开，"
        "取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存，再导入。"
    )


@contextmanager
def _workbook(path: Path, suffix: str) -> Iterator[Any]:
    import python_calamine as calamine

    try:
        handle = path.open("rb")
    except OSError as exc:
        raise SheetError(f"无法打开“{path.name}”：{exc.strerror or exc}。") from None
    with handle:
        try:
            book = calamine.CalamineWorkbook.from_filelike(handle)
        except calamine.PasswordError:
            raise SheetError(encrypted_message(path)) from None
        except (calamine.CalamineError, ValueError) as exc:
            raise _unreadable(path, suffix, exc) from None
        try:
            yield book
        finally:
            book.close()


def _unreadable(path: Path, suffix: str, exc: Exception) -> SheetError:
    if suffix == ".et":
        return SheetError(
            f"“{path.name}”是 WPS 表格自有格式（.et），无法直接读取。请在 WPS 中打开它，"
            "“另存为”Excel 工作簿（.xlsx）后再导入。"
        )
    return SheetError(f"“{path.name}”无法读取，文件可能已损坏（{exc}）。{SAVE_AS_XLSX}")


def _calamine_sheet(path: Path, book: Any, name: str | None) -> Sheet:
    import python_calamine as calamine

    names = tuple(book.sheet_names)
    try:
        sheet = book.get_sheet_by_name(name) if name else book.get_sheet_by_index(_first(book))
    except calamine.WorksheetNotFound:
        raise SheetError(
            f"“{path.name}”中没有名为“{name}”的工作表。本文件的工作表：{'、'.join(names)}。"
        ) from None
    except (calamine.CalamineError, ValueError) as exc:
        raise _unreadable(path, path.suffix.lower(), exc) from None
    start, end = sheet.start, sheet.end
    height = end[0] + 1 if end else 0
    if height > MAX_ROWS:
        raise SheetError(
            f"工作表“{sheet.name}”有 {height} 行，超过一次导入的上限 {MAX_ROWS} 行。"
            "请把表格拆成几个文件分别导入。"
        )
    return Sheet(
        file=path.name,
        name=sheet.name,
        names=names,
        height=height,
        # Rows come from the sheet's first row (empty ones included); cells from its first
        # used column.
        rows=((number, row) for number, row in enumerate(sheet.iter_rows(), start=1)),
        first_column=start[1] if start else 0,
        merged=tuple(sheet.merged_cell_ranges or ()),
    )


def _first(book: Any) -> int:
    """The first visible worksheet (a hidden sheet is rarely the register)."""
    import python_calamine as calamine

    for index, meta in enumerate(book.sheets_metadata):
        visible = meta.visible == calamine.SheetVisibleEnum.Visible
        if visible and meta.typ == calamine.SheetTypeEnum.WorkSheet:
            return index
    return 0


# ---------------------------------------------------------------------------- formulas

_SHEET_ENTRY = re.compile(rb"<sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]*)\"")
_RELATION = re.compile(rb"<Relationship\b[^>]*?\bTarget=\"([^\"]*)\"[^>]*?\bId=\"([^\"]*)\"")
_RELATION_ID_FIRST = re.compile(
    rb"<Relationship\b[^>]*?\bId=\"([^\"]*)\"[^>]*?\bTarget=\"([^\"]*)\""
)
_UNCOMPUTED = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]+)"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v/>|<v></v>)?</c>'
)
CHUNK = 1 << 20


def _refuse_uncomputed_formulas(path: Path, sheet: str) -> None:
    """A formula saved without its result (files written by programs, not by Excel or WPS) reads
    as an empty cell: a date would silently go missing. Refuse such a sheet, naming the cells."""
    cells: list[str] = []
    with zipfile.ZipFile(path) as archive:
        part = _sheet_part(archive, sheet)
        if part is None:
            return
        with archive.open(part) as stream:
            tail = b""
            while len(cells) < 3 and (chunk := stream.read(CHUNK)):
                text = tail + chunk
                cells += [m.group(1).decode() for m in _UNCOMPUTED.finditer(text)]
                cut = text.rfind(b"<c ")
                tail = text[cut:] if cut >= 0 else b""
    if cells:
        shown = "、".join(dict.fromkeys(cells[:3]))
        raise SheetError(
            f"“{path.name}”工作表“{sheet}”中 {shown} 等单元格是公式，但文件里没有保存公式的计算结果，"
            "读出来是空的。请在 Excel 或 WPS 中打开它、保存一次（或把公式转换为数值）后再导入。"
        )


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member that holds the sheet named `sheet` (xl/worksheets/sheetN.xml)."""
    try:
        workbook = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    ids = {html.unescape(n.decode()): i for n, i in _SHEET_ENTRY.findall(workbook)}
    targets = {i: t for t, i in _RELATION.findall(relations)}
    targets |= {i: t for i, t in _RELATION_ID_FIRST.findall(relations)}
    target = targets.get(ids.get(sheet, b""))
    if target is None:
        return None
    name = target.decode().lstrip("/")
    return name if name.startswith("xl/") else f"xl/{name}"


# ---------------------------------------------------------------------------- CSV


def _csv_sheet(path: Path) -> Sheet:
    text = _decoded(path)
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;，").delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    height = text.count("\n") + 1
    if height > MAX_ROWS:
        raise SheetError(
            f"“{path.name}”有 {height} 行，超过一次导入的上限 {MAX_ROWS} 行。"
            "请把表格拆成几个文件分别导入。"
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = ((number, list(row)) for number, row in enumerate(reader, start=1))
    return Sheet(file=path.name, name="", names=(), height=height, rows=_csv_rows(path, rows))


def _csv_rows(path: Path, rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list]]:
    try:
        yield from rows
    except csv.Error as exc:
        raise SheetError(f"“{path.name}”不是格式正确的 CSV 文件（{exc}）。{SAVE_AS_XLSX}") from None


def _decoded(path: Path) -> str:
    """The text of a CSV file in whichever of UTF-8, UTF-16 or GB18030 it was saved."""
    raw = path.read_bytes()  # at most MAX_FILE_BYTES
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in raw:
        raise SheetError(f"“{path.name}”不是文本文件，不能当作 CSV 导入。{SAVE_AS_XLSX}")
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError(
        f"“{path.name}”的文字编码无法识别（不是 UTF-8 或 GB18030）。请在 WPS 或 Excel 中"
        "另存为“CSV UTF-8”或 Excel 工作簿（.xlsx）后再导入。"
    )
