"""The register screen's rows and filter choices: its columns, the cells of one row and their
colours, the status filter's options (each status, and under 草案 the stages of a draft), and
the ticket a page or count worker holds."""

from __future__ import annotations

import threading
from typing import Any

from tui.widgets.page_list import Cell, Column

# The title keeps 24 cells (twelve characters) before other columns give way: 制定机关 first (the
# 文号's agency code says it: 盖政发 → 市人民政府), then 进度, 发布日期 and 备案. At 120 columns
# every column but 制定机关 shows and the title has about 40 cells; at 200, all of them.
COLUMNS = (
    Column("文号", 22, "number"),
    Column("标题", 0, "title", least=24),
    Column("制定机关", 20, hide=1),
    Column("发布日期", 10, "published", hide=3),
    Column("状态", 12),
    Column("进度", 10, hide=2),
    Column("备案", 11, hide=4),
)
STATUS_STYLES = {
    "draft": "dim",
    "published": "cyan",
    "in_force": "green",
    "lapsed": "yellow",
    "repealed": "red",
    "declared_invalid": "red",
}
PROGRESS_STYLES = {  # any other stage: a step is owed (yellow)
    "审核不合法": "bold magenta",
    "待补正": "bold magenta",
    "已办结": "dim",
    "—": "dim",
}
FILING_STYLES = {
    "none": "dim",
    "done": "green",
    "pending": "yellow",
    "overdue": "bold red",
    "returned": "bold magenta",
}


def row_cells(row: Any) -> list[Cell]:
    """One docfiler.queries.register.RegisterRow as the list draws it, in COLUMNS' order."""
    return [
        Cell(row.doc_number, marks=row.number_marks),
        Cell(row.title, marks=row.title_marks),
        Cell(row.authority),
        Cell(row.published_on.isoformat() if row.published_on else "—"),
        Cell(row.status_label, STATUS_STYLES.get(row.status, "")),
        Cell(row.progress, PROGRESS_STYLES.get(row.progress, "yellow")),
        Cell(row.filing.text, FILING_STYLES.get(row.filing.state, "")),
    ]


def status_options() -> list[tuple[str, str]]:
    """The statuses, and under 草案 the stages of a draft's procedure (whose value is the stage:
    see `status_filter`)."""
    from docfiler.domain.vocabulary import DRAFT_STAGES, STAGE_SHORT_LABELS, STATUS_LABELS

    options = []
    for code, label in STATUS_LABELS.items():
        options.append((label, code))
        if code == "draft":
            options += [(f"· {STAGE_SHORT_LABELS.get(s, s)}", s) for s in DRAFT_STAGES]
    return options


def status_filter(value: str | None) -> dict[str, str | None]:
    """The status filter's choice as the register's filters: a stage is a draft's."""
    from docfiler.domain.vocabulary import DRAFT_STAGES

    if value in DRAFT_STAGES:
        return {"status": "draft", "stage": value}
    return {"status": value, "stage": None}


class Ticket:
    """A worker's claim to a request. Dropped when the request is replaced: the worker's SQL is
    then interrupted (`browse.register_page` asks the ticket, which it is given as `cancelled`)
    and it posts nothing. On PostgreSQL the cancel request goes out the moment the ticket is
    dropped (`notify_on_drop`, see `docfiler.queries.cancel.cancel_on_server`).

    Not Textual's worker cancellation: a cancelled worker makes `wait_for_complete` fail, and
    its thread runs on regardless.
    """

    __slots__ = ("_dropped", "_waiting")

    def __init__(self) -> None:
        self._dropped = False
        self._waiting: list[threading.Event] = []

    def drop(self) -> None:
        self._dropped = True
        for event in self._waiting:
            event.set()

    def dropped(self) -> bool:
        return self._dropped

    __call__ = dropped

    def notify_on_drop(self, event: threading.Event) -> None:
        """Set `event` once the ticket is dropped (at once if it already is)."""
        self._waiting.append(event)
        if self._dropped:
            event.set()
