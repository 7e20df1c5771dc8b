"""docfiler's own workbook (`docfiler export`) read back: told apart from an office's register by
its sheet names and header rows, and read sheet by sheet into rows keyed by header.

An office's register is one sheet of documents; docfiler's export holds five (文件, 备案, 程序,
关系, 清理决定), each starting with its header row, one column per field, and since a later
version a sixth, 制定机关 (`OPTIONAL_SHEETS`: an older export lacks it). Such a workbook is
restored (services.sheet_restore) rather than read as a register: its authorities, filings,
procedure, relations and cleanup decisions come back too. A header added to the export later
(成文日期, 清理依据 …) may be missing from an older export: its values are then empty.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docfiler.queries.export_filings import FILING_HEADERS
from docfiler.queries.export_rows import (
    AUTHORITY_HEADERS,
    CLEANUP_HEADERS,
    DOCUMENT_HEADERS,
    PROCEDURE_HEADERS,
    RELATION_HEADERS,
)
from docfiler.services.sheet_read import SheetError, open_sheet

SHEETS = {
    "文件": DOCUMENT_HEADERS,
    "备案": FILING_HEADERS,
    "程序": PROCEDURE_HEADERS,
    "关系": RELATION_HEADERS,
    "清理决定": CLEANUP_HEADERS,
}
OPTIONAL_SHEETS = {"制定机关": AUTHORITY_HEADERS}
"""Sheets the export gained after its first version: read when there, not required."""
_SHEET_NAME = re.compile(rb"<sheet\b[^>]*?\bname=\"([^\"]*)\"")
LATER_HEADERS = {"成文日期", "清理依据", "开始日期", "清理范围"}
"""Headers the export gained after its first version: an older export lacks them."""


@dataclass(frozen=True)
class Row:
    """One row of a sheet: where it is (sheet, row number as the spreadsheet shows it) and its
    cells by header; empty cells are None, whole numbers int, dates `datetime.date`."""

    sheet: str
    number: int
    cells: dict[str, Any]

    def __getitem__(self, header: str) -> Any:
        return self.cells.get(header)

    def where(self) -> str:
        return f"“{self.sheet}”表第 {self.number} 行"


@dataclass
class Workbook:
    """The sheets of docfiler's export, as rows (an optional sheet the workbook lacks is not
    among `sheets`)."""

    file: str
    sheets: dict[str, list[Row]] = field(default_factory=dict)

    def rows(self, sheet: str) -> list[Row]:
        return self.sheets.get(sheet, [])


def is_docfiler_workbook(path: Path) -> bool:
    """Whether the file is a workbook `docfiler export` wrote: all five sheets (and any of
    `OPTIONAL_SHEETS` there is), each headed by the export's headers (those added later may be
    missing)."""
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    names = _names(path)
    if not set(SHEETS) <= names:
        return False
    for name, headers in _present(names).items():
        with open_sheet(Path(path), name) as opened:
            top = next(opened.rows, None)
        found = tuple(_cell(cell) for cell in top[1]) if top else ()
        if opened.first_column or not _matches(found, headers):
            return False
    return True


def _present(names: set[str]) -> dict[str, tuple[str, ...]]:
    """The export's sheets the workbook has, with their headers."""
    optional = {name: h for name, h in OPTIONAL_SHEETS.items() if name in names}
    return SHEETS | optional


def _names(path: Path) -> set[str]:
    """The sheet names in the workbook's own index, read without loading any sheet (an
    office's register of 100,000 rows is not read twice to tell it apart)."""
    try:
        with zipfile.ZipFile(path) as archive:
            index = archive.read("xl/workbook.xml")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return set()  # not a workbook: open_sheet says why
    return {html.unescape(name.decode()) for name in _SHEET_NAME.findall(index)}


def _matches(found: tuple, headers: tuple[str, ...]) -> bool:
    named = [name for name in found if name is not None]
    required = [h for h in headers if h not in LATER_HEADERS]
    return set(required) <= set(named) and set(named) <= set(headers)


def read_workbook(path: Path) -> Workbook:
    """Every row of the export's sheets (memory: the rows of one export, held once)."""
    book = Workbook(file=Path(path).name)
    for name in _present(_names(Path(path))):
        with open_sheet(Path(path), name) as opened:
            book.sheets[name] = list(_rows(name, opened.rows))
    return book


def _rows(sheet: str, rows: Iterator[tuple[int, list[Any]]]) -> Iterator[Row]:
    header = next(rows, None)
    if header is None:
        return
    names = [_cell(cell) for cell in header[1]]
    for number, cells in rows:
        values = {
            name: _cell(cell) for name, cell in zip(names, cells, strict=False) if name is not None
        }
        if any(value is not None for value in values.values()):
            yield Row(sheet, number, values)


def _cell(value: Any) -> Any:
    """A cell as the restore reads it: text stripped (empty → None), whole numbers as int, a
    date-time at midnight as its date."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def require(row: Row, header: str) -> Any:
    """A cell that must not be empty."""
    value = row[header]
    if value is None:
        raise SheetError(f"{row.where()}“{header}”为空。")
    return value
