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
from textual.widgets import Header, Label, Static

from tui.messages import DashboardLoaded
from tui.screens.base import DocfilerScreen
from tui.widgets.footer import Footer
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


DRAFTS_TITLE = "尚未公布"
# 进度 and 停留 always stay; the next step gives way first at 80 columns.
DRAFT_COLUMNS = (
    Column("进度", 10),
    Column("文号", 22),
    Column("标题", 0),
    Column("下一步", 32, hide=1),
    Column("停留", 11),
)


def draft_cells(draft: Any) -> list[Cell]:
    """A draft's row: where it stands, what comes next (by when, where a rule sets it), how long
    it has waited since its latest step; over 30 days in yellow."""
    step = f"{draft.step}（{draft.due.isoformat()}前）" if draft.due is not None else draft.step
    idle = "—" if draft.idle_days is None else f"{draft.idle_days} 日"
    return [
        Cell(draft.stage),
        Cell(draft.doc_number),
        Cell(draft.title),
        Cell(step),
        Cell(idle, "yellow" if (draft.idle_days or 0) > 30 else ""),
    ]


OWN_DOCUMENTS = ("filing", "review", "validity", "publication")
"""Reminders about a document on the register."""
INBOX_FILINGS = ("incoming_supplement", "incoming_review", "followup")
"""Reminders about a document a unit filed with the office: they open it on the 备案审查 screen
(a 审查建议's open that screen's suggestion list on it)."""

BACKUP_HOW = "命令面板 ctrl+p → 备份登记簿"
"""How the clerk backs up, said beside the warning."""


def filing_key(reminder: Any) -> tuple[str, str]:
    """A filing reminder as the clerk chooses it: the document and the filing body."""
    return (reminder.doc_number or "", reminder.party or "")


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


def cells(
    reminder: Any,
    kinds: dict[str, str],
    days_label: Callable[[int], str],
    marked: bool = False,
) -> list[Cell]:
    """One reminder's row; the labels come from docfiler.domain (imported once per load). A
    filing chosen for 批量报送 is ticked."""
    style = "red" if reminder.days_left < 0 else ""
    due = reminder.due.isoformat()
    kind = kinds.get(reminder.kind, reminder.kind)
    return [
        Cell(f"✓{kind}", "bold green") if marked else Cell(kind, style),
        Cell(reminder.doc_number or "—", style),
        Cell(reminder.title, style),
        Cell(reminder.party or "—"),
        Cell(f"{due} 暂定", "magenta") if reminder.provisional else Cell(due),
        Cell(days_label(reminder.days_left), days_style(reminder.days_left)),
    ]


class DashboardScreen(DocfilerScreen):
    HELP_TITLE = "工作台"
    HELP_NOTES = (
        ("Tab", "到下一个分组"),
        (
            "Enter",
            "备案事项打开报送表单；会签事项打开答复表单；收文备案审查事项到备案审查画面；"
            "其他事项打开文件",
        ),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "refresh", "刷新", id="dashboard.refresh", tooltip="重新读取到期事项"),
        Binding(
            "o", "open_document", "打开文件", id="dashboard.open", tooltip="打开事项对应的文件"
        ),
        Binding(
            "space",
            "toggle_mark",
            "选中",
            key_display="空格",
            id="dashboard.mark",
            tooltip="选中或取消选中一项待报送的备案，供批量报送",
        ),
        Binding(
            "b",
            "submit_marked",
            "批量报送",
            id="dashboard.batch",
            tooltip="把选中的备案事项记为同一天报送",
        ),
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

    DEFAULT_CSS = """
    #backup-line { padding: 0 1; height: auto; }
    #reminder-detail { padding: 0 1; height: auto; background: $boost; }
    """

    def __init__(self) -> None:
        super().__init__(id="dashboard")
        self.reminders_by_key: dict[str, Any] = {}
        self.marked: set[tuple[str, str]] = set()
        """Filings chosen for 批量报送, as (文号, filing body): kept across reloads."""
        self._labels: tuple[dict[str, str], Callable[[int], str]] | None = None
        self._warmed = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取…", id="counts")
        yield Static("", id="provisional-hint")
        yield Static("", id="backup-line", markup=False)
        with VerticalScroll(id="dashboard-groups"):
            for key, title in GROUPS:
                yield Label(title, id=f"title-{key}", classes=f"group-title group-{key}")
                yield PageList(COLUMNS, id=f"group-{key}", classes="reminders")
                yield Static("（无）", id=f"empty-{key}", classes="group-empty")
            yield Label(DRAFTS_TITLE, id="title-drafts", classes="group-title")
            yield PageList(DRAFT_COLUMNS, id="group-drafts", classes="reminders")
            yield Static("（无）", id="empty-drafts", classes="group-empty")
        yield Static("", id="reminder-detail", markup=False)
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
        from docfiler.queries.backups import backup_state
        from docfiler.queries.drafts import drafts_in_progress

        today = office.today()
        found = reminders.reminders(office=office, today=today)
        counts = queries.register_counts(office=office, as_of=today)
        self.post_message(DashboardLoaded(today, found, counts))
        self.app.call_from_thread(self.show_backup, backup_state(office=office))
        self.app.call_from_thread(self.show_drafts, drafts_in_progress(office=office))
        # The write path's modules, once the clerk has something to read: a form opened later
        # finds them loaded (imported here, they never delay the first screen's data).
        from docfiler import services
        from docfiler.queries.register_warm import warm

        services.load_all()
        if not self._warmed:  # the register's first search of each kind, compiled ahead
            self._warmed = True
            warm(office)
            self.app.keep_loaded()  # all of that stays: out of the collector's full passes

    def show_drafts(self, drafts: Any) -> None:
        """尚未公布: each draft's stage and next step, the longest waiting first."""
        rows = drafts.shown
        table = self.query_one("#group-drafts", PageList)
        table.set_rows(
            [f"draft:{d.doc_number}" for d in rows],
            [draft_cells(d) for d in rows],
            cursor=table.cursor_row,
        )
        more = f"，列出停留最久的 {len(rows)} 件" if drafts.total > len(rows) else ""
        self.query_one("#title-drafts", Label).update(
            f"{DRAFTS_TITLE}（{drafts.total}{more}）　停留最久的在前"
        )
        table.display = bool(rows)
        self.query_one("#empty-drafts", Static).display = not rows
        if rows and not self._focus_usable():
            table.focus()

    def _focus_usable(self) -> bool:
        """Whether the focus is on a list the clerk can see and move in (not one just emptied,
        hidden with its group, which would leave the arrows and Enter dead)."""
        focused = self.focused
        return isinstance(focused, PageList) and focused.display and focused.row_count > 0

    def show_backup(self, state: Any) -> None:
        """上次备份 …, in red with what to do when it is overdue (never, or over a week)."""
        line = self.query_one("#backup-line", Static)
        if state.overdue:
            late = f"已超过 {state.warn_after} 日未备份，" if state.last is not None else ""
            line.update(Text(f"{state.label()}　{late}请备份（{BACKUP_HOW}）。", style="bold red"))
        else:
            line.update(Text(state.label(), style="dim"))

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
        self._labels = (REMINDER_KINDS, days_label)
        filings = {filing_key(r) for r in message.reminders if r.kind == "filing"}
        self.marked &= filings  # a filing recorded meanwhile is no longer offered
        first_focus = None
        for key, title in GROUPS:
            rows = grouped[key]
            keys = [f"{key}:{index}" for index in range(len(rows))]
            self.reminders_by_key.update(zip(keys, rows, strict=True))
            table = self.query_one(f"#group-{key}", PageList)
            table.set_rows(keys, self._group_cells(rows), cursor=table.cursor_row)
            self.query_one(f"#title-{key}", Label).update(f"{title}（{len(rows)}）")
            table.display = bool(rows)
            self.query_one(f"#empty-{key}", Static).display = not rows
            if rows and first_focus is None:
                first_focus = table
        if first_focus is not None and not self._focus_usable():
            first_focus.focus()  # e.g. the group in focus emptied: its last filing was recorded
        if message.painted is not None:
            self.call_after_refresh(message.painted)

    @on(PageList.RowHighlighted, ".reminders")
    def _highlighted(self, event: PageList.RowHighlighted) -> None:
        if event.page_list is self.focused:
            self.show_detail(event.key)

    def on_descendant_focus(self, event: Any) -> None:
        widget = event.widget
        if isinstance(widget, PageList) and widget.row_count:
            self.show_detail(widget.keys[widget.cursor_row])

    def show_detail(self, key: str) -> None:
        """Under the lists: why the highlighted item is there and what to do, as `remind` says
        it (a draft: its next step)."""
        line = self.query_one("#reminder-detail", Static)
        if key.startswith("draft:"):
            line.update(
                f"{key.removeprefix('draft:')}：尚未公布，按 Enter 打开，在文件中按 n 办理下一步"
            )
            return
        reminder = self.reminders_by_key.get(key)
        if reminder is None:
            line.update("")
            return
        subject = reminder.doc_number or reminder.title
        line.update(f"{subject}：{reminder.detail}" if reminder.detail else subject)

    def _group_cells(self, rows: list[Any]) -> list[list[Cell]]:
        assert self._labels is not None
        kinds, days_label = self._labels
        return [cells(r, kinds, days_label, filing_key(r) in self.marked) for r in rows]

    def _current(self) -> tuple[PageList, Any] | tuple[None, None]:
        table = self.focused
        if not isinstance(table, PageList) or not table.row_count:
            return None, None
        return table, self.reminders_by_key.get(table.keys[table.cursor_row])

    @on(PageList.Selected, ".reminders")
    def _row_selected(self, event: PageList.Selected) -> None:
        if event.key.startswith("draft:"):
            self.docfiler.open_document(event.key.removeprefix("draft:"))
            return
        reminder = self.reminders_by_key.get(event.key)
        if reminder is not None:
            self.open_reminder(reminder)

    def action_open_document(self) -> None:
        table, reminder = self._current()
        if table is not None and table.id == "group-drafts":
            self.docfiler.open_document(table.keys[table.cursor_row].removeprefix("draft:"))
            return
        if reminder is not None and reminder.doc_number and reminder.kind in OWN_DOCUMENTS:
            self.docfiler.open_document(reminder.doc_number)
        elif reminder is not None and self._open_in_inbox(reminder):
            return
        elif reminder is not None:
            self.notify(reminder.detail or "该事项没有对应的文件。")

    def action_toggle_mark(self) -> None:
        table, reminder = self._current()
        if table is None or reminder is None:
            return
        if reminder.kind != "filing" or not reminder.doc_number:
            self.notify("只有待报送的备案事项可以选中批量报送。", severity="warning")
            return
        key = filing_key(reminder)
        self.marked.symmetric_difference_update({key})
        rows = [self.reminders_by_key[k] for k in table.keys]
        table.set_rows(list(table.keys), self._group_cells(rows), cursor=table.cursor_row)
        table.action_cursor_down()

    def action_submit_marked(self) -> None:
        from tui.forms.filings import submit_filings_form

        if not self.docfiler.require_office():
            return
        chosen = [
            (r.doc_number, r.party, r.due.isoformat())
            for r in self.reminders_by_key.values()
            if r.kind == "filing" and filing_key(r) in self.marked
        ]
        if not chosen:
            _, reminder = self._current()
            if reminder is None or reminder.kind != "filing":
                self.notify("请先用空格键选中要一起报送的备案事项。", severity="warning")
                return
            chosen = [(reminder.doc_number, reminder.party, reminder.due.isoformat())]
        self.app.push_screen(submit_filings_form(self.docfiler, chosen), self._after_batch)

    def _after_batch(self, result: Any) -> None:
        if result is not None:
            self.marked.clear()

    @work(thread=True, exclusive=True, group="dashboard-open", exit_on_error=False)
    def open_submission(self, office: Any, reminder: Any) -> None:
        """The filing's submission form, from the document as it stands now."""
        from docfiler.queries.documents import show_document

        view = show_document(office=office, number=reminder.doc_number)
        self.app.call_from_thread(self._push_submission, view, reminder.party)

    def _push_submission(self, view: dict[str, Any], body: str | None) -> None:
        from tui.forms.filings import submit_filing_form

        form = submit_filing_form(self.docfiler, view, body)
        if form is not None:
            self.app.push_screen(form)

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
        if reminder.kind == "filing" and reminder.doc_number:
            # The list shows before the office is open (DocfilerApp._preview_dashboard): the
            # submission form waits for it, with a word why.
            if self.docfiler.require_office():
                self.open_submission(self.docfiler.office, reminder)
        elif reminder.kind in OWN_DOCUMENTS and reminder.doc_number:
            self.docfiler.open_document(reminder.doc_number)
        elif reminder.kind == "countersign":
            self.call_later(self.app.run_action, "reply_countersign")
        elif not self._open_in_inbox(reminder):
            self.notify(reminder.detail or "该事项没有对应的文件。")

    def _open_in_inbox(self, reminder: Any) -> bool:
        """A unit's filed document or a 审查建议: the 备案审查 screen on it (whether it went)."""
        from tui.screens.inbox import open_inbox

        if reminder.kind in INBOX_FILINGS and reminder.doc_number:
            open_inbox(self.app, number=reminder.doc_number)
        elif reminder.kind == "suggestion":
            open_inbox(self.app, suggestion=reminder.record_id)
        else:
            return False
        return True
