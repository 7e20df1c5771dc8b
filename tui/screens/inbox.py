"""备案审查 (F9): the documents departments and townships file with the office, by stage and unit,
one SQL page at a time, each with the deadline of the step it waits for; the 审查建议 beside
them (t); a key per step, offered only where it applies; the year's figures (y)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Header, Select, Static

from tui.keys import global_bindings_hidden
from tui.screens.base import DocfilerScreen
from tui.screens.inbox_steps import (
    FILING_STEP_BINDINGS,
    NEXT_BINDING,
    SUGGESTION_STEP_BINDINGS,
    InboxSteps,
    Item,
    explained,
)
from tui.screens.inbox_view import (
    FILING_COLUMNS,
    SUGGESTION_COLUMNS,
    filing_cells,
    filing_line,
    suggestion_cells,
    suggestion_line,
)
from tui.widgets.footer import Footer
from tui.widgets.page_list import PageList
from tui.widgets.status_line import StatusLine

STAGE_ORDER = (
    "received",
    "deferred",
    "supplemented",
    "reviewing",
    "following",
    "done",
    "unfiled",
    "rejected",
)
"""The stages in the order the work goes (the filter's options and the counts line)."""
VIEWS = {"filings": "报备文件", "suggestions": "审查建议"}


class FilingsLoaded(Message, bubble=False):
    def __init__(self, request: tuple, page: Any, units: list[str] | None) -> None:
        super().__init__()
        self.request = request
        self.page = page
        self.units = units


class SuggestionsLoaded(Message, bubble=False):
    def __init__(self, page: Any) -> None:
        super().__init__()
        self.page = page


class ViewTabs(Static):
    """【报备文件】 审查建议: which list shows; a click switches."""

    async def on_click(self, event: events.Click) -> None:
        await self.screen.run_action("toggle_view")


class InboxScreen(InboxSteps, DocfilerScreen):
    HELP_TITLE = "备案审查"
    HELP_NOTES = (
        ("Enter", "查看所选报备文件：登记、材料、审查、处理情况、审查建议"),
        ("t", "在报备文件和审查建议之间切换"),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", show=False, id="inbox.back", tooltip="返回工作台"),
        Binding(
            "i",
            "receive",
            "接收登记",
            id="inbox.receive",
            tooltip="接收登记一件报备文件（选中未报备的文件时，接收的就是它）",
        ),
        *FILING_STEP_BINDINGS,
        *SUGGESTION_STEP_BINDINGS,
        NEXT_BINDING,
        Binding(
            "t", "toggle_view", "报备/建议", id="inbox.toggle", tooltip="切换报备文件 / 审查建议"
        ),
        Binding("e", "new_suggestion", "登记建议", id="inbox.suggest", tooltip="登记审查建议"),
        Binding("y", "figures", "年度数据", id="inbox.figures", tooltip="年度备案审查数据和图表"),
        Binding(
            "u",
            "unfiled",
            "登记未报备",
            show=False,
            id="inbox.unfiled",
            tooltip="登记一件已知存在、但报送单位从未报备的文件",
        ),
        Binding("x", "clear_filters", "清除筛选", show=False, id="inbox.clear"),
        *global_bindings_hidden(),
        *explained([*FILING_STEP_BINDINGS, *SUGGESTION_STEP_BINDINGS]),
    ]

    page_size = 50

    def __init__(self) -> None:
        super().__init__(id="inbox")
        self.view = "filings"
        self.stage: str | None = None
        self.unit: str | None = None
        self.page_offset = 0
        self.units: list[str] = []
        self.page: Any = None
        self.suggestion_page: Any = None
        self.request: tuple | None = None
        self.keep_key: str | None = None
        self.cursor_at_end = False
        self.wanted_suggestion: int | None = None  # a 审查建议's id, to put the cursor on

    def compose(self) -> ComposeResult:
        from docfiler.domain.vocabulary import INCOMING_STAGES

        yield Header()
        with Horizontal(id="inbox-bar"):
            yield ViewTabs("", id="inbox-tabs")
            options = [(INCOMING_STAGES[key], key) for key in STAGE_ORDER]
            yield Select(options, prompt="全部阶段", id="inbox-stage")
            yield Select((), prompt="全部报送单位", id="inbox-unit")
        yield Static("正在读取…", id="inbox-counts")
        yield PageList(FILING_COLUMNS, id="inbox-filings", classes="inbox-list")
        yield PageList(SUGGESTION_COLUMNS, id="inbox-suggestions", classes="inbox-list")
        yield StatusLine("", id="inbox-status")
        yield Static("", id="inbox-line", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "备案审查"
        self._show_view()

    def show_unavailable(self, text: str) -> None:
        self.query_one("#inbox-counts", Static).update(text)

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self.request_page(self.page_offset)
        self.load_suggestions(self.docfiler.office)

    def request_page(self, offset: int) -> None:
        if not self.docfiler.ready:
            return
        self.request = (self.stage, self.unit, max(offset, 0))
        self.load_filings(self.docfiler.office, self.request, need_units=not self.units)

    @work(thread=True, exclusive=True, group="inbox-page", exit_on_error=False)
    def load_filings(self, office: Any, request: tuple, need_units: bool) -> None:
        from docfiler.queries.inbox_page import filing_units, inbox_page

        stage, unit, offset = request
        page = inbox_page(
            office=office, stage=stage, unit=unit, offset=offset, limit=self.page_size
        )
        units = filing_units(office=office) if need_units else None
        self.post_message(FilingsLoaded(request, page, units))

    @work(thread=True, exclusive=True, group="inbox-suggestions", exit_on_error=False)
    def load_suggestions(self, office: Any) -> None:
        from docfiler.queries.inbox_page import suggestion_page

        self.post_message(SuggestionsLoaded(suggestion_page(office=office, limit=200)))

    @on(FilingsLoaded)
    def _filings_loaded(self, message: FilingsLoaded) -> None:
        if message.request != self.request:
            return  # asked for a filter since replaced
        page = message.page
        if not page.rows and page.offset > 0:
            self.request_page(max(page.offset - self.page_size, 0))
            return
        if message.units is not None:
            self._fill_units(message.units)
        self.page, self.page_offset = page, page.offset
        table = self.query_one("#inbox-filings", PageList)
        keys = [row["doc_number"] for row in page.rows]
        cursor = self._cursor_for(keys, table)
        table.set_rows(keys, [filing_cells(row) for row in page.rows], cursor=cursor)
        self._show_counts(page)
        self._show_status()
        self._show_line()

    def _cursor_for(self, keys: list[str], table: PageList) -> int:
        if self.cursor_at_end:
            self.cursor_at_end = False
            return len(keys) - 1
        wanted = self.keep_key or (table.keys[table.cursor_row] if table.row_count else None)
        self.keep_key = None
        return keys.index(wanted) if wanted in keys else 0

    @on(SuggestionsLoaded)
    def _suggestions_loaded(self, message: SuggestionsLoaded) -> None:
        page = self.suggestion_page = message.page
        table = self.query_one("#inbox-suggestions", PageList)
        keys = [str(row["id"]) for row in page.rows]
        cursor = table.cursor_row
        if self.wanted_suggestion is not None:
            cursor = self._find_suggestion(page.rows)
            self.wanted_suggestion = None
        table.set_rows(keys, [suggestion_cells(row) for row in page.rows], cursor=cursor)
        self._show_view()

    def _find_suggestion(self, rows: list[dict[str, Any]]) -> int:
        wanted = self.wanted_suggestion
        return next((i for i, row in enumerate(rows) if row["id"] == wanted), 0)

    def _fill_units(self, units: list[str]) -> None:
        self.units = units
        select = self.query_one("#inbox-unit", Select)
        with self.prevent(Select.Changed):
            select.set_options((name, name) for name in units)
            if self.unit in units:
                select.value = self.unit

    # ------------------------------------------------------------------ showing

    def _show_counts(self, page: Any) -> None:
        from docfiler.domain.vocabulary import INCOMING_STAGES

        parts = [f"{INCOMING_STAGES[key]} {page.counts[key]}" for key in STAGE_ORDER]
        self.query_one("#inbox-counts", Static).update("　".join(parts))

    def _show_status(self) -> None:
        status = self.query_one("#inbox-status", StatusLine)
        if self.view == "suggestions":
            page = self.suggestion_page
            if page is not None:
                status.text = f"审查建议共 {page.total} 件，未答复 {page.open} 件"
            return
        page = self.page
        if page is None:
            return
        if page.rows:
            first, last = page.offset + 1, page.offset + len(page.rows)
            text = f"第 {first}–{last} 件　共 {page.total} 件"
        else:
            text = "没有符合条件的报备文件"
        if self.unit:
            text += f"　{self.unit}"
        status.text = text

    def _show_line(self) -> None:
        item = self.step_item()
        line = self.query_one("#inbox-line", Static)
        if item is None:
            line.update("")
        elif item[0] == "filing":
            line.update(filing_line(item[1]))
        else:
            line.update(suggestion_line(item[1]))
        self.refresh_bindings()

    def _show_view(self) -> None:
        filings = self.view == "filings"
        tabs = "　".join(f"【{name}】" if key == self.view else name for key, name in VIEWS.items())
        self.query_one("#inbox-tabs", ViewTabs).update(tabs)
        self.query_one("#inbox-filings", PageList).display = filings
        self.query_one("#inbox-suggestions", PageList).display = not filings
        for name in ("#inbox-stage", "#inbox-unit"):
            self.query_one(name, Select).disabled = not filings
        self._list().focus()
        self._show_status()
        self._show_line()

    def _list(self) -> PageList:
        name = "#inbox-filings" if self.view == "filings" else "#inbox-suggestions"
        return self.query_one(name, PageList)

    @on(PageList.RowHighlighted, ".inbox-list")
    def _highlighted(self) -> None:
        self._show_line()

    # ------------------------------------------------------------------ steps

    def step_item(self) -> Item | None:
        table = self._list()
        if not table.row_count:
            return None
        if self.view == "filings":
            rows = self.page.rows if self.page is not None else []
            kind = "filing"
        else:
            rows = self.suggestion_page.rows if self.suggestion_page is not None else []
            kind = "suggestion"
        if table.cursor_row >= len(rows):
            return None
        return (kind, rows[table.cursor_row])

    def _push(self, make: Callable[[], Any]) -> None:
        if self.docfiler.require_office():
            self.app.push_screen(make())

    def action_receive(self) -> None:
        """i: a new filing; on a row known as unfiled, that document."""
        from tui.forms.inbox import receive_form

        item = self.step_item()
        view = item[1] if item and item[0] == "filing" and item[1]["stage"] == "unfiled" else None
        self._push(lambda: receive_form(self.docfiler, view, self.units))

    def action_unfiled(self) -> None:
        from tui.forms.inbox import unfiled_form

        self._push(lambda: unfiled_form(self.docfiler, self.units))

    def action_new_suggestion(self) -> None:
        from tui.forms.inbox_suggestions import suggestion_form

        self._push(lambda: suggestion_form(self.docfiler))

    def action_figures(self) -> None:
        from tui.screens.inbox_figures import FiguresScreen

        self._push(lambda: FiguresScreen(self.docfiler.office.today().year))

    # ------------------------------------------------------------------ navigation

    def action_toggle_view(self) -> None:
        self.view = "suggestions" if self.view == "filings" else "filings"
        self._show_view()

    def open_filing(self, number: str) -> None:
        from tui.screens.inbox_filing import InboxFilingScreen

        self.keep_key = number
        self.app.push_screen(InboxFilingScreen(number, self.units))

    def show_suggestion(self, suggestion_id: int | None) -> None:
        """The 审查建议 list, the cursor on the suggestion `suggestion_id`."""
        self.wanted_suggestion = suggestion_id
        self.view = "suggestions"
        if not self.is_mounted:
            return  # shown as it mounts; the list, when read, puts the cursor on it
        self._show_view()
        if self.suggestion_page is not None and self.docfiler.ready:
            self.load_suggestions(self.docfiler.office)

    @on(PageList.Selected, "#inbox-filings")
    def _open(self, event: PageList.Selected) -> None:
        self.open_filing(event.key)

    @on(PageList.Selected, "#inbox-suggestions")
    def _open_suggestion(self) -> None:
        item = self.step_item()
        if item is None:
            return
        row = item[1]
        if row["linked"]:
            self.open_filing(row["doc_number"])
        else:
            self.notify(suggestion_line(row) + "（所指文件不在收文登记中）")

    @on(PageList.EdgeReached, "#inbox-filings")
    def _edge(self, event: PageList.EdgeReached) -> None:
        page = self.page
        if page is None:
            return
        if event.direction > 0 and page.has_more:
            self.keep_key = None
            self.request_page(self.page_offset + self.page_size)
        elif event.direction < 0 and self.page_offset > 0:
            self.cursor_at_end = True
            self.request_page(self.page_offset - self.page_size)

    @on(Select.Changed, "#inbox-stage")
    def _stage_changed(self, event: Select.Changed) -> None:
        self.stage = None if event.value is Select.NULL else str(event.value)
        self.request_page(0)

    @on(Select.Changed, "#inbox-unit")
    def _unit_changed(self, event: Select.Changed) -> None:
        self.unit = None if event.value is Select.NULL else str(event.value)
        self.request_page(0)

    def action_clear_filters(self) -> None:
        with self.prevent(Select.Changed):
            for select in self.query(Select).results(Select):
                select.clear()
        self.stage = self.unit = None
        self.request_page(0)
        self._list().focus()

    def action_back(self) -> None:
        """Esc: from a filter to the list; from the list back to the dashboard."""
        table = self._list()
        if not table.has_focus:
            table.focus()
        elif len(self.app.screen_stack) > 1:
            self.dismiss()
        else:
            self.app.switch_mode("dashboard")

    def on_screen_resume(self) -> None:
        self._list().focus()  # DocfilerScreen's handler reloads if the data changed


def open_inbox(app: Any, *, number: str | None = None, suggestion: int | None = None) -> None:
    """The 备案审查 screen (F9), on one filed document (its detail opened on top) or on one
    审查建议 (the cursor on it)."""

    def then() -> None:
        screen = app.screen
        if not isinstance(screen, InboxScreen):
            return
        if suggestion is not None:
            screen.show_suggestion(suggestion)
        elif number:
            screen.open_filing(number)

    app.show_mode("inbox", then=then)
