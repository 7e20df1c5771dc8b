"""Registers as offices keep them, built in the tests with openpyxl (issue 13, §1).

Every value is written as the office's clerk would have typed it; the tests pin what the
register must hold afterwards.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

D = dt.date
BANNER = "盖州市人民政府规范性文件目录"
OFFICE_HEADERS = (
    "序号",
    "文件名称",
    "发文字号",
    "发文机关",
    "印发日期",
    "施行日期",
    "有效期",
    "是否有效",
    "备案情况",
    "备注",
)


def write_sheet(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    headers: Sequence[Any] | None = OFFICE_HEADERS,
    banner: str | None = BANNER,
    merges: Sequence[str] = (),
    title: str = "目录",
    date_cells: bool = True,
) -> Path:
    """An .xlsx: an optional banner merged over the columns, the header row(s), the rows. A
    date value becomes a date cell (formatted yyyy-mm-dd) unless `date_cells` is False."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title
    width = max(len(headers or ()), *(len(row) for row in rows)) if rows else len(headers or ())
    if banner is not None:
        sheet.append([banner])
        sheet.merge_cells(f"A1:{get_column_letter(max(width, 1))}1")
    if headers is not None:
        sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date) and date_cells:
                cell.number_format = "yyyy-mm-dd"
    for merge in merges:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def office_row(
    number: str,
    title: str,
    published: Any = None,
    *,
    authority: str | None = None,
    effective: Any = None,
    validity: Any = None,
    status: Any = "现行有效",
    filing: Any = None,
    note: str | None = None,
    serial: int = 1,
) -> list[Any]:
    """One row under OFFICE_HEADERS."""
    return [serial, title, number, authority, published, effective, validity, status, filing, note]


def with_cached_formula_values(path: Path, values: dict[str, str]) -> Path:
    """The workbook at `path` as Excel would save it: each formula cell named in `values` (E3 →
    42403) with its computed result stored next to the formula."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/worksheets/"):
                for cell, value in values.items():
                    pattern = rf'(<c r="{cell}"[^>]*>(?:<f>[^<]*</f>))<v\s*>\s*</v>'.encode()
                    data = re.sub(pattern, rb"\g<1><v>" + value.encode() + b"</v>", data)
            target.writestr(name, data)
    path.write_bytes(out.getvalue())
    return path
