"""One document filed with the office (备案审查): what `docfiler inbox show` tells — registration,
materials, each review with its findings and 处理情况, the 审查建议 about it — and one key per
step that applies to it as it stands."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Header, Label, Static
from textual.worker import Worker, WorkerState

from tui.keys import global_bindings_hidden
from tui.screens.base import DocfilerScreen
from tui.screens.inbox_steps import (
    FILING_STEP_BINDINGS,
    NEXT_BINDING,
    InboxSteps,
    Item,
    explained,
    next_step,
)
from tui.screens.inbox_view import (
    fields_table,
    heading,
    next_line,
    reviews_table,
    suggestions_table,
)
from tui.widgets.footer import Footer

RECEIVE_BINDING = Binding(
    "i",
    "step('receive')",
    "接收登记",
    id="inbox_filing.receive",
    tooltip="未报备的文件报送来了：接收登记",
)


class FilingLoaded(Message, bubble=False):
    def __init__(self, view: dict[str, Any], today: Any, units: list[str]) -> None:
        super().__init__()
        self.view = view
        self.today = today
        self.units = units


class InboxFilingScreen(InboxSteps, DocfilerScreen):
    HELP_TITLE = "报备文件详情"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "返回", id="inbox_filing.back", show=False),
        Binding("q", "back", "返回", id="inbox_filing.back_q", show=False),
        RECEIVE_BINDING,
        *FILING_STEP_BINDINGS,
        NEXT_BINDING,
        *global_bindings_hidden(),
        *explained([RECEIVE_BINDING, *FILING_STEP_BINDINGS]),
    ]

    def __init__(self, number: str, units: list[str] | None = None) -> None:
        super().__init__(classes="inbox-filing")
        self.number = number
        self.units = list(units or [])
        self.view: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="inbox-detail-body"):
            yield Static(f"{self.number}　正在读取…", id="inbox-heading")
            yield Static("", id="inbox-next")
            yield Label("登记", classes="section-title")
            yield Static("", id="inbox-fields")
            yield Label("审查与纠错", classes="section-title")
            yield Static("", id="inbox-reviews")
            yield Label("审查建议", classes="section-title")
            yield Static("", id="inbox-suggestions")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "报备文件详情"
        self.query_one("#inbox-detail-body").focus()

    def reload(self) -> None:
        self.load(self.docfiler.office, self.number)

    @work(thread=True, exclusive=True, group="inbox-filing", exit_on_error=False)
    def load(self, office: Any, number: str) -> None:
        from docfiler.queries.inbox import show_incoming
        from docfiler.queries.inbox_page import filing_units

        view = show_incoming(office=office, number=number)
        self.post_message(FilingLoaded(view, office.today(), filing_units(office=office)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        failed = event.worker.group == "inbox-filing" and event.state == WorkerState.ERROR
        if failed and self.view is None and self.is_current:
            self.dismiss()  # nothing to show: back, then the error dialog says why
        # DocfilerScreen's handler reports the error (handlers follow the MRO).

    @on(FilingLoaded)
    def show(self, message: FilingLoaded) -> None:
        view = message.view
        self.view, self.units = view, message.units
        self.number = view["doc_number"]
        self.query_one("#inbox-heading", Static).update(heading(view))
        step = next_step(("filing", view))
        self.query_one("#inbox-next", Static).update(next_line(view, step, message.today))
        self.query_one("#inbox-fields", Static).update(fields_table(view))
        self.query_one("#inbox-reviews", Static).update(reviews_table(view))
        self.query_one("#inbox-suggestions", Static).update(suggestions_table(view))
        self.refresh_bindings()

    @property
    def command_suffix(self) -> str:
        return f"：{self.number}"

    def step_item(self) -> Item | None:
        return None if self.view is None else ("filing", self.view)

    def action_back(self) -> None:
        self.dismiss()
