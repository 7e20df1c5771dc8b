"""The tables of the yearly account, once for the Word report and the workbook alike, and the
workbook itself (one sheet per table, and one of the definitions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from docfiler.domain.labels import date_label, table_date_label
from docfiler.outputs.annual_report_text import INBOX_LABELS
from docfiler.outputs.xlsx import Properties, write_workbook
from docfiler.queries.annual_report import (
    CLEANUP_DEFINITIONS,
    INBOX_DEFINITIONS,
    OWN_DEFINITIONS,
    AnnualReport,
    OwnFiling,
)

Cell = str | int | dt.date | None


@dataclass(frozen=True)
class Column:
    header: str
    fit: bool = False
    """Each line of its cells never broken (a 文号, a date)."""
    weight: float = 1.0
    """A wrapping column's share of the width left (the title column takes more)."""
    align: str = "center"
    """left for text that wraps (names, titles), center for counts, rates and dates."""


@dataclass(frozen=True)
class Table:
    sheet: str
    """The workbook's sheet name."""
    caption: str
    """表N and what it shows, above the table in the Word report."""
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns)


def shown(value: Cell) -> str:
    """A cell as the Word report prints it."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return date_label(value)
    return str(value)


# ---------------------------------------------------------------------------- the tables


def tables(report: AnnualReport) -> tuple[Table, ...]:
    """表1–表5 as the Word report prints them."""
    return (
        _bodies_table(report),
        _documents_table(report),
        _inbox_table(report),
        _suggestions_table(report),
        _cleanup_table(report),
    )


def sheets(report: AnnualReport) -> tuple[Table, ...]:
    """The same tables for the workbook; 表2 with what the page has no room for (公布日期, each
    filing's 报送期限, 报送日期 and 情况 apart, dates as dates)."""
    one, _, three, four, five = tables(report)
    return (one, _documents_sheet(report), three, four, five)


BODY_ROWS = (
    ("应报备件数", "due"),
    ("已报备", "filed"),
    ("其中：按时报备", "on_time"),
    ("逾期报备", "late"),
    ("逾期未报备", "overdue"),
    ("未到期", "pending"),
)


def _bodies_table(report: AnnualReport) -> Table:
    """One column per 备案机关, one row per figure."""
    bodies = report.bodies
    rows: list[tuple[Cell, ...]] = [
        (label, *(getattr(b, key) for b in bodies)) for label, key in BODY_ROWS
    ]
    rows.append(("报备率", *(b.filing_rate.label() for b in bodies)))
    rows.append(("报备及时率", *(b.timely_rate.label() for b in bodies)))
    return Table(
        sheet="本级政府报备",
        caption=f"表1　{report.year}年市政府规范性文件报送备案情况",
        columns=(
            Column("项目", weight=2, align="left"),
            *(Column(b.body, weight=2) for b in bodies),
        ),
        rows=tuple(rows),
    )


STATES = {
    "on_time": "按时",
    "late": "逾期",
    "overdue": "未报送，已逾期",
    "pending": "未报送，未到期",
}


def filing_cell(filing: OwnFiling | None) -> str:
    """One document's filing with one body, on two lines: the day it was submitted (or that it
    was not), then on time, how late, or whether its period is over."""
    if filing is None:
        return "不需报备"
    if filing.submitted is not None:
        late = f"逾期{filing.late_days}日" if filing.state == "late" else "按时"
        return f"{table_date_label(filing.submitted)}\n{late}"
    return f"未报送\n{'已逾期' if filing.state == 'overdue' else '未到期'}"


def _documents_table(report: AnnualReport) -> Table:
    bodies = [b.body for b in report.bodies]
    rows = []
    for index, document in enumerate(report.documents, start=1):
        by_body = {f.body: f for f in document.filings}
        rows.append(
            (
                index,
                document.title,
                document.doc_number,
                *(filing_cell(by_body.get(body)) for body in bodies),
            )
        )
    return Table(
        sheet="制定的文件",
        caption=f"表2　{report.year}年市政府制定的规范性文件及报送备案情况",
        columns=(
            Column("序号", fit=True),
            Column("文件名称", weight=3, align="left"),
            Column("文号", fit=True),
            *(Column(f"向{body}报送", fit=True) for body in bodies),
        ),
        rows=tuple(rows),
    )


def _documents_sheet(report: AnnualReport) -> Table:
    bodies = [b.body for b in report.bodies]
    rows = []
    for index, document in enumerate(report.documents, start=1):
        by_body = {f.body: f for f in document.filings}
        cells: list[Cell] = [index, document.title, document.doc_number, document.published]
        for body in bodies:
            filing = by_body.get(body)
            if filing is None:
                cells += [None, None, "不需报备"]
                continue
            state = STATES[filing.state]
            if filing.state == "late":
                state += f"{filing.late_days}日"
            cells += [filing.due, filing.submitted, state]
        rows.append(tuple(cells))
    per_body = [
        Column(f"{body}{what}") for body in bodies for what in ("报送期限", "报送日期", "情况")
    ]
    return Table(
        sheet="制定的文件",
        caption=f"表2　{report.year}年市政府制定的规范性文件及报送备案情况",
        columns=(
            Column("序号"),
            Column("文件名称"),
            Column("文号"),
            Column("公布日期"),
            *per_body,
        ),
        rows=tuple(rows),
    )


def _inbox_table(report: AnnualReport) -> Table:
    f = report.inbox
    keys = ("received", "on_time", "late", "deferred", "rejected", "registered")
    rows: list[tuple[Cell, ...]] = [(INBOX_LABELS[k], f[k]) for k in keys]
    rows += [(INBOX_LABELS[k], f[k]) for k in ("reviewed", "problems", "corrected")]
    rows += [("纠错率", report.correction_rate.label()), (INBOX_LABELS["unfiled"], f["unfiled"])]
    return Table(
        sheet="备案审查",
        caption="表3　政府部门和乡镇（街道）规范性文件备案审查情况",
        columns=(Column("项目", weight=3, align="left"), Column("数量", weight=1)),
        rows=tuple(rows),
    )


def _suggestions_table(report: AnnualReport) -> Table:
    keys = ("suggestions_received", "suggestions_answered", "suggestions_on_time")
    return Table(
        sheet="审查建议",
        caption="表4　审查建议办理情况",
        columns=(Column("项目", weight=3, align="left"), Column("件数", weight=1)),
        rows=tuple((INBOX_LABELS[k], report.inbox[k]) for k in keys),
    )


def _cleanup_table(report: AnnualReport) -> Table:
    return Table(
        sheet="清理",
        caption=f"表5　{report.year}年完成的规范性文件清理",
        columns=(
            Column("清理活动", weight=3, align="left"),
            Column("完成日期", fit=True),
            *(Column(h) for h in ("清理件数", "继续有效", "修改", "废止", "宣布失效")),
        ),
        rows=tuple(
            (
                c.name,
                c.finished,
                c.total,
                c.counts["kept"],
                c.counts["amended"],
                c.counts["repealed"],
                c.counts["declared_invalid"],
            )
            for c in report.campaigns
        ),
    )


def definition_rows() -> list[tuple[str, str]]:
    """(部分, 口径) of every figure, for the workbook's last sheet."""
    parts = (
        ("本级政府报备", OWN_DEFINITIONS),
        ("备案审查和审查建议", INBOX_DEFINITIONS),
        ("清理", CLEANUP_DEFINITIONS),
    )
    rows = []
    for part, texts in parts:
        for key, text in texts.items():
            label = INBOX_LABELS.get(key) if texts is INBOX_DEFINITIONS else None
            rows.append((part, f"{label}：{text}" if label else text))
    return rows


# ---------------------------------------------------------------------------- the workbook


@dataclass(frozen=True)
class _Sheet:
    name: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[Any, ...]]
    tab: int


def write_tables(raw: IO[bytes], report: AnnualReport, title: str, author: str) -> dict[str, int]:
    """The workbook: 表1–表5 a sheet each, then 统计口径. Returns the rows of each sheet."""
    written = [
        _Sheet(table.sheet, table.headers, table.rows, index)
        for index, table in enumerate(sheets(report))
    ]
    written.append(_Sheet("统计口径", ("部分", "口径"), definition_rows(), len(written)))
    properties = Properties(
        title=title,
        scope=f"{report.year}年度",
        as_of=report.as_of,
        generated_at=dt.datetime.now().astimezone().replace(microsecond=0),
        author=author,
    )
    return write_workbook(raw, written, properties)
