"""`docfiler annual-report`: the 年度规范性文件备案审查工作报告 as Word (GB/T 9704-2012, the
official_text template) and the same tables as an .xlsx workbook.

The figures are `queries.annual_report`'s; the wording `annual_report_text`'s (the 依法行政
paragraph there too, for the TUI to show); the tables `annual_report_tables`'; the Word body is
set into the rendered template by `annual_report_docx`. Both files are made in full before either
is given its name, each written under a hidden name and renamed in one step: a failure leaves
neither half a file nor, when the second cannot be written, the first one new.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from docfiler.domain.labels import date_label
from docfiler.errors import ValidationError
from docfiler.office import Office
from docfiler.outputs import annual_report_text as text
from docfiler.outputs.annual_report_docx import BODY_MARKER, Block, Line, assemble
from docfiler.outputs.annual_report_tables import Table, tables, write_tables
from docfiler.outputs.filing_report_text import contact_note, title_lines
from docfiler.outputs.overwrite import refuse_overwrite
from docfiler.outputs.word import find_template, render
from docfiler.outputs.workbook import write_atomically
from docfiler.queries.annual_report import AnnualReport, annual_report

OVERWRITE_HINT = "要覆盖请加 --force，或用 -o / --xlsx 换一个文件名。"


@dataclass(frozen=True)
class AnnualReportWritten:
    """The files written and what they show."""

    path: Path
    xlsx: Path | None
    title: str
    year: int
    as_of: dt.date
    date: dt.date
    """The report's 成文日期."""
    sheets: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "xlsx": str(self.xlsx) if self.xlsx else None,
            "title": self.title,
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "date": self.date.isoformat(),
            "sheets": dict(self.sheets),
        }


def report_blocks(report: AnnualReport) -> list[Block]:
    """The body: the opening, the five parts with their tables, 特此报告。"""
    one, two, three, four, five = tables(report)
    parts: list[tuple[list[str], list[Table]]] = [
        (text.own_part(report), [one, two]),
        (text.inbox_part(report), [three]),
        (text.suggestion_part(report), [four]),
        (text.cleanup_part(report), [five]),
        (text.rule_of_law_part(report), []),
    ]
    blocks: list[Block] = [Line(text.opening(report))]
    for index, (lines, shown) in enumerate(parts):
        blocks.append(Line(text.heading(index), "heading"))
        blocks += [Line(line) for line in lines]
        for table in shown:
            blocks += [Line(table.caption, "caption"), _not_empty(table)]
    blocks.append(Line("特此报告。"))
    return blocks


def _not_empty(table: Table) -> Table:
    """A table with nothing to list shows one row saying so (a bare header reads as an error)."""
    if table.rows:
        return table
    blank = ("无", *("" for _ in table.columns[1:]))
    return Table(table.sheet, table.caption, table.columns, (blank,))


def make_annual_report(
    *,
    office: Office,
    year: int,
    output: Path,
    xlsx: Path | None = None,
    on: dt.date | None = None,
    force: bool = False,
    contact: str | None = None,
    phone: str | None = None,
    template_dir: Path | None = None,
) -> AnnualReportWritten:
    """Write the year's report to `output` (.docx) and, with `xlsx`, its tables. An existing
    file is replaced only with `force`; nothing is written when either is refused."""
    output = Path(output)
    xlsx = Path(xlsx) if xlsx is not None else None
    if xlsx is not None and xlsx.resolve() == output.resolve():
        raise ValidationError("Word 报告和 Excel 表格不能是同一个文件，请给出两个文件名。")
    if not force:
        refuse_overwrite([output, *([xlsx] if xlsx else [])], what_to_do=OVERWRITE_HINT)
    report = annual_report(office=office, year=year)
    on = on or office.today()
    if on < report.as_of and report.complete:
        raise ValidationError(
            f"报告日期（{date_label(on)}）早于统计截止日（{date_label(report.as_of)}），请改正 --date。"
        )
    title = text.title(report)
    document = _word(report, title, on, contact_note(contact, phone), template_dir)
    writes: list[tuple[Path, Callable[[IO[bytes]], Any]]] = [
        (output, lambda raw: raw.write(document))
    ]
    if xlsx is not None:
        writes.insert(0, (xlsx, lambda raw: write_tables(raw, report, title, report.government)))
    results = _write_all(writes, force)
    return AnnualReportWritten(
        path=output,
        xlsx=xlsx,
        title=title,
        year=year,
        as_of=report.as_of,
        date=on,
        sheets=results[0] if xlsx is not None else {},
    )


def _word(
    report: AnnualReport,
    title: str,
    on: dt.date,
    note: str | None,
    template_dir: Path | None,
) -> bytes:
    """The .docx, made in memory: the template rendered, then the body set in."""
    with tempfile.TemporaryDirectory(prefix="docfiler-annual-") as folder:
        rendered = Path(folder) / "report.docx"
        render(
            find_template("official_text", template_dir),
            rendered,
            fields={
                "report_number": None,
                "signer": None,
                "title": title,
                "title_lines": "\n".join(_title_lines(title, report.government)),
                "addressee": f"{report.superior}：",
                "body": BODY_MARKER,
                "attachments": None,
                "sender": report.government,
                "date": date_label(on),
                "contact": note,
            },
            groups=(),
        )
        data = rendered.read_bytes()
    notes = [Line(line, "note") for line in text.note_lines(report)]
    return assemble(data, report_blocks(report), notes)


def _title_lines(title: str, sender: str) -> list[str]:
    """The organ on the first line and the rest under it when the title takes two lines."""
    lines = title_lines(title)
    if len(lines) == 1:
        return lines
    return [sender, *title_lines(title.removeprefix(sender))]


def _write_all(writes: list[tuple[Path, Callable[[IO[bytes]], Any]]], force: bool) -> list[Any]:
    """Write each file atomically, in order; when one fails, the files this call created before
    it are removed again (a replaced file cannot be brought back, and is left as written)."""
    done: list[Path] = []
    results = []
    try:
        for path, write in writes:
            existed = path.exists()
            results.append(write_atomically(path, write, replace=force))
            if not existed:
                done.append(path)
    except BaseException:
        for path in done:
            with suppress(OSError):
                path.unlink()
        raise
    return results
