"""文件登记簿: the whole register, one SQL page at a time, filtered and searched as typed.

The table never holds more than one page. Typing in the search box asks for page one of the new
filter at once. A page still being read for an older filter is abandoned: its SQL is interrupted
(see `register_parts.Ticket`), so the latest keystroke never waits behind a query nobody wants.
The typed character is drawn in the same frame as its page (see `_hold_repaints`). The total,
unless the page brought it, is counted once the clerk pauses, in its own worker, which a new
filter likewise abandons. No garbage collection runs between a request and its frame
(`tui.collector`).

Each row says where its procedure stands (进度, read for the page's rows only), and the status
filter offers a draft's stages (审核中, 待集体讨论 …): docfiler.queries.register_stage. Esc clears
a typed search, else goes to the list, else back to the dashboard (`action_back`).
"""

from __future__ import annotations

import dataclasses
import time
from contextlib import ExitStack
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Header, Input, Select
from textual.worker import Worker, WorkerState

from tui.messages import ChoicesLoaded, CountLoaded, PageLoaded
from tui.screens.base import DocfilerScreen
from tui.screens.register_parts import (
    COLUMNS,
    Ticket,
    row_cells,
    status_filter,
    status_options,
)
from tui.widgets.footer import Footer
from tui.widgets.inputs import SearchInput
from tui.widgets.page_list import PageList, flush_repaint
from tui.widgets.status_line import StatusLine

COUNT_DELAY = 0.15  # seconds without a new page before the total is counted
ECHO_HOLD = 0.04  # seconds a typed character may wait to be drawn together with its page
COLLECT_AFTER = 0.015  # seconds after a page's frame before the garbage collector may run again
SORT_ORDER = ("year", "number", "published", "title")
SORT_LABELS = {"year": "年份", "number": "文号", "published": "发布日期", "title": "标题"}


@dataclasses.dataclass(frozen=True)
class Filters:
    """The register's filters as the UI holds them (mirrors docfiler.queries.register.RegisterFilter)."""

    status: str | None = None
    stage: str | None = None  # a draft's stage (with status "draft")
    year: int | None = None
    authority: str | None = None
    search: str = ""
    sort: str = "year"
    descending: bool = True


class RegisterScreen(DocfilerScreen):
    HELP_TITLE = "文件登记簿"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "focus_search",
            "搜索",
            key_display="/",
            id="register.search",
            tooltip="搜索标题或文号（如 救助、盖政发[2016]9）",
        ),
        Binding(
            "n",
            "next_page",
            "下一页",
            id="register.next",
            tooltip="下一页（在末行按 ↓ 或 PageDown 也会翻页）",
        ),
        Binding("p", "previous_page", "上一页", id="register.previous"),
        Binding("s", "cycle_sort", "排序", id="register.sort", tooltip="切换排序字段"),
        Binding("r", "reverse_sort", "升/降序", id="register.reverse"),
        Binding("x", "clear_filters", "清除筛选", id="register.clear", tooltip="清除全部筛选"),
        Binding(
            "escape",
            "back",
            "返回",
            show=False,
            id="register.back",
            tooltip="有搜索时清除搜索；否则回到列表，已在列表则返回工作台",
        ),
    ]

    page_size = 50
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    def __init__(self) -> None:
        super().__init__(id="register")
        self.filters = Filters()
        self.page_offset = 0
        self.wanted: tuple | None = None
        self.in_flight: tuple | None = None
        self.shown: tuple | None = None
        self.total: int | None = None
        self.page: Any = None
        self.cursor_at_end = False
        self.filled_choices: Any = None
        self.count_timer: Timer | None = None
        self.page_worker: Worker | None = None
        self.page_ticket = Ticket()  # the page being read, and the count
        self.count_ticket = Ticket()
        self.resetting = False  # the filters are being cleared: ignore the widgets' changes
        self.held: ExitStack | None = None  # repaints held back until the page comes
        self.hold_timer: Timer | None = None
        self.repaints = 0  # pages shown so far, and when the last one was: for the benchmark
        self.rows_shown_at = 0.0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filter-bar"):
            yield SearchInput(placeholder="搜索标题或文号（按 / ）", id="search")
            yield Select(status_options(), prompt="全部状态", id="status-filter")
            yield Select((), prompt="全部年份", id="year-filter")
            yield Select((), prompt="全部制定机关", id="authority-filter")
        yield PageList(COLUMNS, id="register-table")
        yield StatusLine("正在读取…", id="page-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "文件登记簿"
        self._fill_choices(self.docfiler.choices)
        # Watched rather than told by Input.Changed: that message reaches the screen only after
        # the typed character has been drawn, which would hold the page's query back a frame.
        self.watch(self.query_one("#search", Input), "value", self._search_typed, init=False)
        self.query_one(PageList).focus()

    def reload(self) -> None:
        if self.docfiler.choices is not self.filled_choices:
            self._fill_choices(self.docfiler.choices)
        self.request(self.page_offset, fresh=True)

    # ------------------------------------------------------------------ choices

    @on(ChoicesLoaded)
    def _choices(self, message: ChoicesLoaded) -> None:
        self._fill_choices(message.choices)

    def _fill_choices(self, choices: Any) -> None:
        if choices is None:
            return
        self.filled_choices = choices
        year = self.query_one("#year-filter", Select)
        authority = self.query_one("#authority-filter", Select)
        with self.prevent(Select.Changed):
            year.set_options((f"{y} 年", y) for y in choices.years)
            authority.set_options((name, name) for name in choices.authorities)
            if self.filters.year in choices.years:
                year.value = self.filters.year
            if self.filters.authority in choices.authorities:
                authority.value = self.filters.authority

    # ------------------------------------------------------------------ requests

    def request(self, offset: int, *, fresh: bool = False) -> None:
        """Ask for a page; one still being read for another request is abandoned (and one for
        this request too if `fresh`: the data changed since it was asked for)."""
        self.wanted = (self.filters, max(offset, 0))
        if self.in_flight == self.wanted and not fresh:
            return
        if self.shown is None or self.shown[0] != self.filters:
            self._cancel_count()
        self._start()

    def _start(self) -> None:
        from docfiler.queries.register import RegisterFilter

        filters, offset = self.wanted
        self.in_flight = self.wanted
        browse_filter = RegisterFilter(
            status=filters.status,
            stage=filters.stage,
            year=filters.year,
            authority=filters.authority,
            search=filters.search,
            sort=filters.sort,
            descending=filters.descending,
        )
        self.page_ticket.drop()
        self.page_ticket = Ticket()
        self.docfiler.collector.hold()  # no garbage collection until the page is drawn
        self.page_worker = self.load_page(
            self.docfiler.office, self.in_flight, browse_filter, offset, self.page_ticket
        )

    @work(thread=True, group="register-page", exit_on_error=False)
    def load_page(
        self, office: Any, request: tuple, browse_filter: Any, offset: int, ticket: Ticket
    ) -> None:
        from docfiler.queries import register as browse

        try:
            page = browse.register_page(
                office=office,
                filters=browse_filter,
                offset=offset,
                limit=self.page_size,
                cancelled=ticket,
            )
        except browse.Cancelled:
            return
        if not ticket.dropped():
            self.post_message(PageLoaded(request, page))

    def _schedule_count(self, request: tuple, browse_filter: Any) -> None:
        """Count once the clerk pauses: a count scans every match, and while typing on it would
        only compete with the next keystroke's page."""
        self._cancel_count()
        ticket = self.count_ticket = Ticket()
        self.count_timer = self.set_timer(
            COUNT_DELAY,
            lambda: self.load_count(self.docfiler.office, request, browse_filter, ticket),
        )

    def _cancel_count(self) -> None:
        """The filter changed: a count not yet started never starts; a running one stops."""
        if self.count_timer is not None:
            self.count_timer.stop()
            self.count_timer = None
        self.count_ticket.drop()

    @work(thread=True, group="register-count", exit_on_error=False)
    def load_count(self, office: Any, request: tuple, browse_filter: Any, ticket: Ticket) -> None:
        from docfiler.queries import register as browse

        try:
            total = browse.register_count(office=office, filters=browse_filter, cancelled=ticket)
        except browse.Cancelled:
            return
        if not ticket.dropped():
            self.post_message(CountLoaded(request, total))

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        if message.request is not self.in_flight:
            return  # read for a request since replaced (posted before it was abandoned)
        self.in_flight = None
        self.page_worker = None
        page = message.page
        if not page.rows and page.offset > 0:
            # Past the end (e.g. the last rows were filtered away): show the last full page.
            self.request(max(page.offset - self.page_size, 0))
            return
        filters_changed = self.shown is None or self.shown[0] != message.request[0]
        self.page = page
        self.page_offset = page.offset
        self.shown = message.request
        self._show_rows(page)
        if page.total is not None:
            self.total = page.total
        elif not page.has_more:
            self.total = page.offset + len(page.rows)
        elif filters_changed or self.total is None:
            self.total = None
            self._schedule_count(message.request, page.filters)
        self._show_status()
        self._release_repaints()
        # The collector back on once the frame is out: run at once, its owed passes would hold
        # the interpreter while Textual's output thread waits to write the frame.
        self.call_after_refresh(self.set_timer, COLLECT_AFTER, self._collector_back)

    def _collector_back(self) -> None:
        if self.in_flight is None:  # else the page asked for since then turns it back on
            self.docfiler.collector.release()

    @on(CountLoaded)
    def _count_loaded(self, message: CountLoaded) -> None:
        if self.shown is not None and message.request[0] == self.shown[0]:
            self.total = message.total
            self._show_status()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self.page_worker and event.state in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            self.in_flight = None
            self.page_worker = None
            self._release_repaints()
            self.docfiler.collector.release()
        # Textual then calls DocfilerScreen.on_worker_state_changed too (handlers follow the MRO).

    # ------------------------------------------------------------------ showing

    def _show_rows(self, page: Any) -> None:
        rows = [row_cells(row) for row in page.rows]
        cursor = len(rows) - 1 if self.cursor_at_end else 0
        self.query_one(PageList).set_rows([r.doc_number for r in page.rows], rows, cursor=cursor)
        self.cursor_at_end = False
        self.repaints += 1
        self.rows_shown_at = time.perf_counter()

    def _show_status(self) -> None:
        page = self.page
        if page is None:
            return
        filters = self.filters
        parts = []
        if page.rows:
            parts.append(f"第 {page.first}–{page.last} 件")
        else:
            parts.append("没有符合条件的文件")
        parts.append("共 … 件" if self.total is None else f"共 {self.total} 件")
        page_number = page.offset // self.page_size + 1
        if self.total is not None:
            pages = max((self.total + self.page_size - 1) // self.page_size, 1)
            parts.append(f"第 {page_number}/{pages} 页")
        else:
            parts.append(f"第 {page_number} 页")
        parts.append(f"排序：{SORT_LABELS[filters.sort]}{'↓' if filters.descending else '↑'}")
        if filters.search.strip():
            parts.append(f"搜索“{filters.search.strip()}”")
        self.query_one("#page-status", StatusLine).text = "　".join(parts)

    # ------------------------------------------------------------------ input

    def _search_typed(self, value: str) -> None:
        if not self.resetting and self._set_filters(search=value):
            self._hold_repaints()

    # ------------------------------------------------------------------ one frame per keystroke

    def _hold_repaints(self) -> None:
        """Draw the typed character and its page in one frame, if the page comes within
        ECHO_HOLD (it nearly always does).

        Drawn apart, the character's frame would cost the page twice: the page's query waits
        for the GIL while that frame is composed, and Textual then draws the next frame no sooner
        than one to two frame periods later. The hold is never extended: at most ECHO_HOLD after
        the first held keystroke, whatever is ready is drawn.
        """
        if self.held is not None or not self.is_current:
            return
        held = ExitStack()
        held.enter_context(self.app.batch_update())
        self.held = held
        self.hold_timer = self.app.set_timer(ECHO_HOLD, self._release_repaints, name="echo-hold")

    def _release_repaints(self) -> None:
        if self.held is None:
            return
        held, self.held = self.held, None
        if self.hold_timer is not None:
            self.hold_timer.stop()
            self.hold_timer = None
        # The list and the status line hand their repaints to the screen now, ahead of the
        # frame the release starts: left to their own next idle, they came a frame later
        # (the typed character drawn alone, the page ~15 ms after it).
        for widget in (self.query_one(PageList), self.query_one("#page-status")):
            flush_repaint(widget)
        held.close()
        self.check_idle()  # the screen repaints what changed meanwhile

    def on_screen_suspend(self) -> None:
        self._release_repaints()

    def on_unmount(self) -> None:
        self._release_repaints()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one(PageList).focus()

    @on(Select.Changed, "#status-filter")
    def _status_changed(self, event: Select.Changed) -> None:
        self._set_filters(**status_filter(None if event.value is Select.NULL else event.value))

    @on(Select.Changed, "#year-filter")
    def _year_changed(self, event: Select.Changed) -> None:
        self._set_filters(year=None if event.value is Select.NULL else event.value)

    @on(Select.Changed, "#authority-filter")
    def _authority_changed(self, event: Select.Changed) -> None:
        self._set_filters(authority=None if event.value is Select.NULL else event.value)

    def _set_filters(self, **changes: Any) -> bool:
        """Change the filters; whether that asked for a page."""
        filters = dataclasses.replace(self.filters, **changes)
        if filters == self.filters:
            return False
        self.filters = filters
        if not self.docfiler.ready:
            return False
        self.request(0)
        return True

    @on(PageList.HeaderClicked, "#register-table")
    def _header_clicked(self, event: PageList.HeaderClicked) -> None:
        sort = event.column.key
        if sort is None:
            return
        if sort == self.filters.sort:
            self._set_filters(descending=not self.filters.descending)
        else:
            self._set_filters(sort=sort)

    @on(PageList.EdgeReached)
    def _edge(self, event: PageList.EdgeReached) -> None:
        if event.direction > 0:
            self.action_next_page()
        elif self.page_offset > 0:
            self.cursor_at_end = True
            self.action_previous_page()

    @on(PageList.Selected, "#register-table")
    def _open(self, event: PageList.Selected) -> None:
        self.docfiler.open_document(event.key)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        """Esc: a typed search is cleared (every document again, the list focused); else from the
        search box or a filter to the list; from the list back one level."""
        search = self.query_one("#search", Input)
        table = self.query_one(PageList)
        if search.value:
            search.value = ""  # `_search_typed` asks for the page
            table.focus()
        elif not table.has_focus:
            table.focus()
        elif len(self.app.screen_stack) > 1:  # opened on top of another screen
            self.dismiss()
        else:  # F3's own screen: back to the dashboard, as F2
            self.app.switch_mode("dashboard")

    def on_screen_resume(self) -> None:
        # Back from a document, a form or a dialog: on the list, unless the clerk was typing a
        # search (DocfilerScreen's handler runs too).
        if not self.query_one("#search", Input).has_focus:
            self.query_one(PageList).focus()

    def action_next_page(self) -> None:
        if self.page is not None and self.page.has_more:
            self.request(self.page_offset + self.page_size)

    def action_previous_page(self) -> None:
        if self.page_offset > 0:
            self.request(self.page_offset - self.page_size)
        else:
            self.cursor_at_end = False

    def action_cycle_sort(self) -> None:
        index = SORT_ORDER.index(self.filters.sort)
        self._set_filters(sort=SORT_ORDER[(index + 1) % len(SORT_ORDER)])

    def action_reverse_sort(self) -> None:
        self._set_filters(descending=not self.filters.descending)

    def action_clear_filters(self) -> None:
        self.resetting = True
        try:
            with self.prevent(Select.Changed):
                self.query_one("#search", Input).value = ""
                for select in self.query(Select):
                    select.clear()
        finally:
            self.resetting = False
        self._set_filters(status=None, stage=None, year=None, authority=None, search="")
        self.query_one(PageList).focus()  # not left on a cleared dropdown
