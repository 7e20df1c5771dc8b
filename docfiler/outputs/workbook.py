"""`docfiler export` (issue 13, §2): the register as an Excel workbook (.xlsx).

The rows come from `queries.export_rows`, read in one consistent snapshot; `outputs.xlsx` writes
them as they arrive (memory stays flat however large the register). A large register is built
by two processes reading the same snapshot (`outputs.workbook_split`). The workbook is written
under a hidden temporary name in the target folder, flushed to disk, and only then given its
name: a process killed half-way leaves no file under the final name. The export is recorded in
the audit trail once the file is in place.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from docfiler.domain.labels import date_label
from docfiler.errors import ValidationError
from docfiler.office import Office
from docfiler.outputs.xlsx import Progress, Properties, write_workbook

FIRST_YEAR = 1949
"""The earliest year a list of the documents made in a year is asked for."""


@dataclass(frozen=True)
class WorkbookWritten:
    """One workbook written: where, what it shows, and the rows of each sheet (headers apart)."""

    path: Path
    title: str
    as_of: dt.date
    year: int | None
    generated_at: str
    counts: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "year": self.year,
            "generated_at": self.generated_at,
            "sheets": dict(self.counts),
        }


def export_register(
    *,
    office: Office,
    output: Path,
    as_of: dt.date | None = None,
    year: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> WorkbookWritten:
    """Write the register as it stood on `as_of` (default today) to `output`: sheets 文件, 备案,
    程序, 关系, 清理决定 and 制定机关 (every authority, for an import into a database that lacks
    some). With `year`, only the documents published that year, one sheet 文件
    (the list of the documents made that year, sent up each January). An existing `output` is
    replaced only with `force`."""
    from docfiler.outputs.workbook_split import in_two, split_sheets
    from docfiler.queries.bulk import few_collections
    from docfiler.queries.export_rows import Selection, register_sheets
    from docfiler.store.backup import snapshot

    today = office.today()
    as_of = as_of or today
    check_year(year, as_of)
    output = Path(output)
    if not force:
        _refuse_existing(output)
    properties = _properties(office, as_of, year)
    selection = Selection(as_of=as_of, today=today, year=year)
    with ExitStack() as stack:
        stack.enter_context(few_collections())  # rows make no cycles
        if progress is None and cancelled is None and in_two(office, selection):
            sheets = stack.enter_context(split_sheets(office, selection))
        else:
            connection = stack.enter_context(snapshot(office.engine))
            sheets = register_sheets(connection, selection, office.rulebook)
        counts = write_atomically(
            output,
            lambda raw: write_workbook(raw, sheets, properties, progress, cancelled),
            replace=force,
        )
    generated = properties.generated_at.isoformat()
    written = WorkbookWritten(output, properties.title, as_of, year, generated, counts)
    _record(office, written)
    return written


def check_year(year: int | None, as_of: dt.date) -> None:
    """A year whose list can be made on `as_of`: from FIRST_YEAR to the year of `as_of`."""
    if year is not None and not FIRST_YEAR <= year <= as_of.year:
        raise ValidationError(
            f"年份 {year} 无法导出：应在 {FIRST_YEAR} 年到 {as_of.year} 年（截至日期所在的年份）"
            "之间。请改正 --year；要导出往年的目录，截至日期须在该年或以后。"
        )


def _properties(office: Office, as_of: dt.date, year: int | None) -> Properties:
    city = office.rulebook.city_name
    if year is None:
        title, scope = f"{city}行政规范性文件登记簿", "全部登记簿"
    else:
        title, scope = f"{city}{year}年制定的行政规范性文件目录", f"{year}年发布的文件"
    now = dt.datetime.now().astimezone().replace(microsecond=0)
    return Properties(title, scope, as_of, now, office.rulebook.office_name)


def _refuse_existing(output: Path) -> None:
    from docfiler.outputs.overwrite import refuse_overwrite

    refuse_overwrite([output], what_to_do="要覆盖它请加 --force，或用 -o 换一个文件名。")


def _record(office: Office, written: WorkbookWritten) -> None:
    """The export's audit entry, in a transaction of its own once the file is in place: like a
    backup, the snapshot exported does not hold the entry that records it."""
    from docfiler.store.audit import audit

    rows = "、".join(f"{name} {count} 行" for name, count in written.counts.items())
    with office.transaction() as session:
        audit(
            session,
            office,
            action="export",
            entity="register",
            summary=f"导出《{written.title}》（截至{date_label(written.as_of)}）到 "
            f"{written.path.name}：{rows}",
            details=written.as_json(),
        )


def write_atomically(path: Path, write: Callable[[IO[bytes]], Any], *, replace: bool) -> Any:
    """Call `write` on a new hidden file in `path`'s folder, flush it to disk, then give it
    `path` in one step (an existing file is replaced only when `replace`). Returns what `write`
    returned; on any failure or interrupt the hidden file is removed."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{path.name}.{secrets.token_hex(4)}.part"
    handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # as umask allows
    try:
        with os.fdopen(handle, "wb") as raw:
            result = write(raw)
            raw.flush()
            os.fsync(raw.fileno())
        _publish(partial, path, replace=replace)
    except BaseException:
        with suppress(OSError):
            partial.unlink()
        raise
    return result


def _publish(partial: Path, target: Path, *, replace: bool) -> None:
    """Give the complete file its name in one step, then make the rename durable."""
    if replace:
        os.replace(partial, target)
    else:
        try:
            os.link(partial, target)  # fails, rather than replaces, if the name appeared meanwhile
        except FileExistsError:
            _refuse_existing(target)
            raise
        except OSError:  # a file system without hard links: checked before writing, then renamed
            os.replace(partial, target)
        else:
            partial.unlink()
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
