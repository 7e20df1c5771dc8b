"""Importing an office's register sheet: read it, show what would happen, then import it.

`plan_import` reads the file (services.sheet_read), finds the header and what each column holds
(services.sheet_headers), turns each row into an import record (services.sheet_values) and checks
every row against the register exactly as the import will (services.imports.check_rows),
writing nothing: how many documents would be added, updated or skipped, and every bad row with
its row number in the sheet and the reason. `run_import` imports a plan in one transaction —
all of it, or (`skip_bad`) all but the bad rows, which the import's audit entry lists.

Both are plain functions for the CLI and for a dialog's worker thread alike; `progress(stage,
done, total)` reports 读取 / 检查 / 写入, and raising in it cancels (nothing is written).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docfiler.office import Office
from docfiler.services.imports import RowProblem, check_rows, import_rows
from docfiler.services.sheet_existing import Update
from docfiler.services.sheet_headers import (
    COLUMNS,
    HEADER_SCAN_ROWS,
    NOT_IMPORTED,
    Header,
    find_header,
    parse_mapping,
)
from docfiler.services.sheet_read import Sheet, open_sheet
from docfiler.services.sheet_restore import Restored, restore_workbook
from docfiler.services.sheet_rows import Memo
from docfiler.services.sheet_values import row_record
from docfiler.services.sheet_workbook import SHEETS, Workbook, is_docfiler_workbook, read_workbook

Progress = Callable[[str, int, int], None] | None
READ_STEP = 1000
"""Rows between two progress reports while reading."""


def field_labels() -> list[str]:
    """The fields a column can be mapped to, as the clerk names them (文号, 标题 …)."""
    return [column.label for column in COLUMNS if column.key not in NOT_IMPORTED]


@dataclass(frozen=True)
class ImportPlan:
    """What importing a sheet would do; nothing written yet."""

    file: str
    sheet: str
    sheets: tuple[str, ...]
    header_row: int
    mapping: tuple[dict[str, Any], ...]
    """Each imported field with its column letter and header text."""
    unused: tuple[dict[str, str], ...]
    """Columns with a header that nothing is read from."""
    rows: int
    """Document rows in the sheet (rows after the header with a number or a title)."""
    ignored: int
    """Rows after the header that are no document (empty, section headings)."""
    added: int
    updated: tuple[Update, ...]
    skipped: tuple[RowProblem, ...]
    bad: tuple[RowProblem, ...]
    records: tuple[dict[str, Any], ...] = field(repr=False, compare=False, default=())
    memo: Memo = field(repr=False, compare=False, default_factory=Memo)
    restore: Restored | None = None
    """For docfiler's own workbook: what the restore would bring back (every sheet) and what it
    could not (also in `bad`); None for an office's register."""
    workbook: Workbook | None = field(repr=False, compare=False, default=None)

    @property
    def source(self) -> str:
        """The file (and sheet) as the audit trail names it."""
        return f"《{self.file}》" + (f"（工作表“{self.sheet}”）" if self.sheet else "")

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "sheets": list(self.sheets),
            "header_row": self.header_row,
            "mapping": list(self.mapping),
            "unused": list(self.unused),
            "rows": self.rows,
            "ignored": self.ignored,
            "added": self.added,
            "updated": [update.as_json() for update in self.updated],
            "skipped": [{"row": p.row, "reason": p.reason} for p in self.skipped],
            "bad": [{"row": p.row, "reason": p.reason} for p in self.bad],
        } | ({"restore": self.restore.as_json()} if self.restore else {})


@dataclass(frozen=True)
class ImportDone:
    """What an import wrote."""

    file: str
    sheet: str
    added: int
    updated: int
    skipped: int
    bad_skipped: int
    restored: dict[str, int] | None = None
    """For docfiler's own workbook: the rows restored from each sheet."""

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped,
            "bad_skipped": self.bad_skipped,
        } | ({"restored": self.restored} if self.restored is not None else {})


def plan_import(
    *,
    office: Office,
    path: Path | str,
    sheet: str | None = None,
    mapping: Sequence[str] | Mapping[str, str] | None = None,
    progress: Progress = None,
) -> ImportPlan:
    """Read the register sheet at `path` and check every row; write nothing. `mapping`: the
    clerk's column choices, as `字段=表头` items or {字段: 表头} (表头 may be a column letter;
    empty leaves the field out)."""
    overrides = parse_mapping(_items(mapping))
    if sheet is None and not overrides and is_docfiler_workbook(Path(path)):
        return _restore_plan(office, Path(path), progress)
    with open_sheet(Path(path), sheet) as opened:
        header, records, ignored = _read(opened, overrides, progress)
    if progress:
        progress("检查", 0, len(records))
    memo = Memo()
    checked = check_rows(office=office, records=records, existing="merge", memo=memo)
    if progress:
        progress("检查", len(records), len(records))
    return ImportPlan(
        file=opened.file,
        sheet=opened.name,
        sheets=opened.names,
        header_row=header.row,
        mapping=tuple(header.described()),
        unused=tuple(header.unused_described()),
        rows=len(records),
        ignored=ignored,
        added=len(checked.documents),
        updated=tuple(checked.updates),
        skipped=tuple(checked.skipped),
        bad=tuple(checked.bad),
        records=tuple(records),
        memo=memo,
    )


def run_import(
    *, office: Office, plan: ImportPlan, skip_bad: bool = False, progress: Progress = None
) -> ImportDone:
    """Import what `plan` read, in one transaction; every row is checked again against the
    register as it is now. Bad rows refuse the whole import unless `skip_bad`."""

    if plan.workbook is not None:
        return _run_restore(office, plan, skip_bad, progress)

    def writing(done: int, total: int) -> None:
        if progress:
            progress("写入", done, total)

    checked = import_rows(
        office=office,
        records=plan.records,
        progress=writing,
        source=plan.source,
        existing="merge",
        skip_bad=skip_bad,
        historical=True,
        memo=plan.memo,
    )
    return ImportDone(
        file=plan.file,
        sheet=plan.sheet,
        added=len(checked.documents),
        updated=len(checked.updates),
        skipped=len(checked.skipped),
        bad_skipped=len(checked.bad),
    )


def _restore_plan(office: Office, path: Path, progress: Progress) -> ImportPlan:
    """docfiler's own workbook: every sheet read, the restore tried and rolled back."""
    if progress:
        progress("读取", 0, 1)
    book = read_workbook(path)
    documents = book.rows("文件")
    if progress:
        progress("检查", 0, len(documents))
    restored = restore_workbook(office=office, book=book, source=f"《{path.name}》", dry_run=True)
    if progress:
        progress("检查", len(documents), len(documents))
    return ImportPlan(
        file=path.name,
        sheet="",
        sheets=tuple(SHEETS),
        header_row=1,
        mapping=(),
        unused=(),
        rows=len(documents),
        ignored=0,
        added=restored.counts["文件"],
        updated=(),
        skipped=(),
        bad=tuple(restored.problems),
        restore=restored,
        workbook=book,
    )


def _run_restore(
    office: Office, plan: ImportPlan, skip_bad: bool, progress: Progress
) -> ImportDone:
    if progress:
        progress("写入", 0, plan.rows)
    restored = restore_workbook(
        office=office, book=plan.workbook, source=f"《{plan.file}》", skip_bad=skip_bad
    )
    if progress:
        progress("写入", plan.rows, plan.rows)
    return ImportDone(
        file=plan.file,
        sheet="",
        added=restored.counts["文件"],
        updated=0,
        skipped=0,
        bad_skipped=len(restored.problems),
        restored=dict(restored.counts),
    )


def _items(mapping: Sequence[str] | Mapping[str, str] | None) -> list[str]:
    if mapping is None:
        return []
    if isinstance(mapping, Mapping):
        return [f"{target}={source}" for target, source in mapping.items()]
    return list(mapping)


def _read(
    opened: Sheet, overrides: dict[str, str], progress: Progress
) -> tuple[Header, list[dict[str, Any]], int]:
    """The header, then every row after it as an import record (rows that are no document are
    counted, not kept)."""
    top = list(itertools.islice(opened.rows, HEADER_SCAN_ROWS + 1))
    header = find_header(
        top,
        merged=opened.merged,
        first_column=opened.first_column,
        mapping=overrides,
        sheet=opened.name,
    )
    records: list[dict[str, Any]] = []
    ignored = 0
    rest = itertools.chain((r for r in top if r[0] > header.row), opened.rows)
    for number, cells in rest:
        record = row_record(cells, header, number)
        if record is None:
            ignored += 1
        else:
            records.append(record)
        if progress and number % READ_STEP == 0:
            progress("读取", number, opened.height)
    if progress:
        progress("读取", opened.height, opened.height)
    return header, records, ignored
