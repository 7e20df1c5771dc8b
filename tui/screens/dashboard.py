"""工作台: what is overdue or due soon, and the register's counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Label, Static

from tui.messages import DashboardLoaded
from tui.screens.base import DocfilerScreen
from tui.widgets.page_list import Cell, Column, PageList

GROUPS = (
    ("overdue", "已逾期"),
    ("week", "7 日内到期"),
    ("month", "30 日内到期"),
    ("later", "30 日以后"),
)
# At 80 columns the title narrows to 20 cells, then the party, the due date (剩余 says it) and
# the kind give way, in that order; 文号 and 剩余 always stay. A wide screen lengthens the title.
COLUMNS = (
    Column("事项", 10, hide=3),
    Column("文号", 22),
    Column("标题", 0),
    Column("备案机关/对象", 16, hide=1),
    Column("期限", 15, hide=2),
    Column("剩余", 11),
)


def group_of(days_left: int) -> str:
    if days_left < 0:
        return "overdue"
    if days_left <= 7:
        return "week"
    if days_left <= 30:
        return "month"
    return "later"


def days_style(days_left: int) -> str:
    if days_left < 0:
        return "bold red"
    if days_left == 0:
        return "bold yellow"
    return "yellow" if days_left <= 7 else ""


def cells(reminder: Any, kinds: dict[str, str], days_label: Callable[[int], str]) -> list[Cell]:
    """One reminder's row; the labels come from docfiler.domain (imported once per load)."""
    style = "red" if reminder.days_left < 0 else ""
    due = reminder.due.isoformat()
    return [
        Cell(kinds.get(reminder.kind, reminder.kind), style),
        Cell(reminder.doc_number or "—", style),
        Cell(reminder.title, style),
        Cell(reminder.party or "—"),
        Cell(f"{due} 暂定", "magenta") if reminder.provisional else Cell(due),
        Cell(days_label(reminder.days_left), days_style(reminder.days_left)),
    ]


class DashboardScreen(DocfilerScreen):
    HELP_TITLE = "工作台"
    HELP_NOTES = (("Tab", "到下一个分组"), ("Enter", "打开事项对应的文件；会签事项打开答复表单"))
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "refresh", "刷新", id="dashboard.refresh", tooltip="重新读取到期事项"),
        Binding(
            "c",
            "app.add_countersign",
            "登记会签",
            id="dashboard.countersign",
            tooltip="登记上级政府征求意见的会签请求",
        ),
        Binding(
            "h",
            "app.reply_countersign",
            "会签答复",
            id="dashboard.reply",
            tooltip="登记待办会签事项的答复",
        ),
        Binding(
            "m",
            "app.add_authority",
            "制定机关",
            id="dashboard.authority",
            tooltip="添加制定机关或机关代字",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(id="dashboard")
        self.reminders_by_key: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取…", id="counts")
        yield Static("", id="provisional-hint")
        with VerticalScroll(id="dashboard-groups"):
            for key, title in GROUPS:
                yield Label(title, id=f"title-{key}", classes=f"group-title group-{key}")
                yield PageList(COLUMNS, id=f"group-{key}", classes="reminders")
                yield Static("（无）", id=f"empty-{key}", classes="group-empty")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "工作台"

    def reload(self) -> None:
        self.load(self.docfiler.office)

    def show_unavailable(self, text: str) -> None:
        self.query_one("#counts", Static).update(text)

    def action_refresh(self) -> None:
        if self.docfiler.ready:
            self.load(self.docfiler.office)

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def load(self, office: Any) -> None:
        from docfiler.queries import documents as queries
        from docfiler.queries import reminders

        today = office.today()
        found = reminders.reminders(office=office, today=today)
        counts = queries.register_counts(office=office, as_of=today)
        self.post_message(DashboardLoaded(today, found, counts))

    @on(DashboardLoaded)
    def show(self, message: DashboardLoaded) -> None:
        from docfiler.domain.labels import days_label
        from docfiler.domain.vocabulary import REMINDER_KINDS

        counts = message.counts
        today: dt.date = message.today
        overdue = sum(1 for r in message.reminders if r.days_left < 0)
        line = Text()
        line.append(f"今天 {today.year}年{today.month}月{today.day}日　　")
        line.append(f"现行有效 {counts['in_force']} 件　")
        line.append(f"合法性审核中 {counts['under_review']} 件　")
        line.append(f"待报送备案 {counts['filings_pending']} 项　")
        line.append(f"登记簿共 {counts['total']} 件　　")
        line.append(f"逾期事项 {overdue} 项", style="bold red" if overdue else "")
        self.query_one("#counts", Static).update(line)
        hints = sorted({r.hint for r in message.reminders if r.provisional and r.hint})
        hint = self.query_one("#provisional-hint", Static)
        hint.update("“暂定”：" + "；".join(hints) if hints else "")
        hint.display = bool(hints)

        grouped: dict[str, list[Any]] = {key: [] for key, _ in GROUPS}
        for reminder in message.reminders:
            grouped[group_of(reminder.days_left)].append(reminder)
        self.reminders_by_key.clear()
        first_focus = None
        for key, title in GROUPS:
            rows = grouped[key]
            keys = [f"{key}:{index}" for index in range(len(rows))]
            self.reminders_by_key.update(zip(keys, rows, strict=True))
            table = self.query_one(f"#group-{key}", PageList)
            table.set_rows(keys, [cells(r, REMINDER_KINDS, days_label) for r in rows])
            self.query_one(f"#title-{key}", Label).update(f"{title}（{len(rows)}）")
            table.display = bool(rows)
            self.query_one(f"#empty-{key}", Static).display = not rows
            if rows and first_focus is None:
                first_focus = table
        if first_focus is not None and not isinstance(self.focused, PageList):
            first_focus.focus()

    @on(PageList.Selected, ".reminders")
    def _row_selected(self, event: PageList.Selected) -> None:
        reminder = self.reminders_by_key.get(event.key)
        if reminder is not None:
            self.open_reminder(reminder)

    @on(PageList.EdgeReached, ".reminders")
    def _next_group(self, event: PageList.EdgeReached) -> None:
        """Moving past the end of one group goes on in the next (non-empty) one."""
        tables = [t for t in self.query(".reminders").results(PageList) if t.display]
        index = tables.index(event.page_list) + event.direction
        if 0 <= index < len(tables):
            table = tables[index]
            table.move_cursor(0 if event.direction > 0 else table.row_count - 1)
            table.focus()
            table.scroll_visible()

    def open_reminder(self, reminder: Any) -> None:
        if reminder.kind in ("filing", "review", "validity", "publication") and reminder.doc_number:
            self.docfiler.open_document(reminder.doc_number)
        elif reminder.kind == "countersign":
            self.call_later(self.app.run_action, "reply_countersign")
        else:
            self.notify(reminder.detail or "该事项没有对应的文件。")
