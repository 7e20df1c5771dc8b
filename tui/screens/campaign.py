"""定期清理: one campaign's worklist, one key per decision, finishing behind a confirmation.

The worklist is read from SQL one page (100 rows) at a time, filtered by drafting unit and
“只看未决” in the query. Keys 1–4 record 继续有效 / 修改 / 废止 / 宣布失效 for the row under the
cursor; 修改, 废止 and 宣布失效 first open an inline reason (Enter saves, Esc cancels), pre-filled
with the row's flag (需清理, 有效期届满) when it has no reason yet. Each decision runs in a thread
worker guarded by the row's version; the row and the progress are then refreshed, and the cursor
moves on. The rules (reasons required, finished campaigns frozen, no finishing while anything is
undecided) are docfiler's; this screen shows its messages. Starting, finishing, the materials
and, on a finished campaign, 更正 of the row's decision are in campaign_lifecycle.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Checkbox, Header, Select, Static
from textual.worker import Worker, WorkerState

from tui.keys import global_bindings_hidden, key_for, key_label
from tui.messages import CampaignLoaded, DecisionSaved, WorklistLoaded
from tui.screens.base import DocfilerScreen
from tui.screens.campaign_lifecycle import CampaignLifecycle
from tui.screens.campaign_parts import (
    COLUMNS,
    CampaignProgress,
    ReasonBar,
    Worklist,
    WorklistFilters,
    decide_binding,
    decision_of,
    item_cells,
    item_detail_text,
    page_status_text,
)
from tui.widgets.footer import Footer
from tui.widgets.page_list import PageList
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from docfiler.office import Office

PAGE_SIZE = 100


class CampaignScreen(CampaignLifecycle, DocfilerScreen):
    """清理活动: the worklist of one campaign (the current one when `campaign` is None)."""

    HELP_TITLE = "定期清理"
    HELP_NOTES = (("Enter / Esc", "理由栏中：保存 / 取消"),)
    CSS_PATH = str(Path(__file__).resolve().parent.parent / "campaign.tcss")
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        decide_binding("1", "keep", "继续有效"),
        decide_binding("2", "amend", "修改", "（随后填写理由，可填修改文件文号）"),
        decide_binding("3", "repeal", "废止", "（随后填写理由）"),
        decide_binding("4", "invalid", "宣布失效", "（随后填写理由）"),
        Binding("u", "toggle_undecided", "只看未决", id="campaign.undecided"),
        Binding("d", "focus_unit", "起草单位", id="campaign.unit", tooltip="按起草单位筛选"),
        Binding(
            "f",
            "finish",
            "完成清理",
            id="campaign.finish",
            tooltip="列出后果，确认后在一个日期统一生效",
        ),
        Binding(
            "r",
            "report",
            "清理材料",
            id="campaign.report",
            tooltip="生成清理结果的 Word 材料（完成后）",
        ),
        Binding(
            "e",
            "correct",
            "更正",
            id="campaign.correct",
            tooltip="更正已完成清理中本行文件的清理意见（留有记录）",
        ),
        Binding("c", "start", "开始清理", id="campaign.start", tooltip="开始新的定期清理"),
        Binding("n", "next_page", "下一页", show=False, id="campaign.next", tooltip="每页 100 件"),
        Binding("p", "previous_page", "上一页", show=False, id="campaign.previous"),
        Binding("g", "refresh", "刷新", show=False, id="campaign.refresh"),
        Binding("escape", "back", "返回", show=False, id="campaign.back"),
        # The footer has room for this screen's own actions only (as on the document screen);
        # F4, the app's key for this screen, refreshes it.
        *global_bindings_hidden(f4="refresh"),
    ]

    def __init__(self, office: Office | None = None, campaign: str | int | None = None) -> None:
        super().__init__(classes="campaign")
        self._office = office
        self.campaign_ref = campaign
        self.status: dict[str, Any] | None = None
        self.unit: str | None = None
        self.undecided_only = False
        self.page_offset = 0
        self.wanted: tuple | None = None
        self.page: dict[str, Any] | None = None
        self.items: list[dict[str, Any]] = []
        self.saving: dict[Worker, str] = {}
        self.status_sequence = 0
        self.status_shown = -1
        self.cursor_at_end = False  # PageUp from the first row: land on the previous page's last

    @property
    def office(self) -> Office:
        return self._office or self.docfiler.office

    @property
    def campaign_id(self) -> int | None:
        return self.status["id"] if self.status else None

    @property
    def finished(self) -> bool:
        return bool(self.status and self.status["finished"])

    @property
    def reason_for(self) -> tuple[str, str] | None:
        """(doc number, decision) whose reason is being typed."""
        return self.query_one(ReasonBar).subject

    @property
    def city(self) -> str:
        return self.office.rulebook.city_name

    def key_of(self, action: str) -> str:
        """The key of one of this screen's actions, as the status line and labels name it."""
        return key_for(self.BINDINGS, action)

    def compose(self) -> ComposeResult:
        yield Header()
        yield CampaignProgress()
        undecided = f"只看未决（{self.key_of('toggle_undecided')}）"
        yield WorklistFilters(undecided, id="campaign-filters")
        yield Worklist(COLUMNS, id="worklist")
        yield Static("", id="item-detail")
        yield ReasonBar(id="reason-bar")
        yield StatusLine("", id="worklist-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "定期清理"
        self.query_one(Worklist).focus()

    def on_screen_resume(self) -> None:
        # Back from a dialog, a form or a document: on the list (DocfilerScreen's handler runs
        # too), unless a reason is being typed (an error dialog about it has just closed).
        if self.reason_for is None:
            self.query_one(Worklist).focus()

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        self.load_status(self.office, self.campaign_ref, reload_page=True)

    def load_status(self, office: Office, ref: str | int | None, *, reload_page: bool) -> None:
        self.status_sequence += 1
        self._read_status(office, ref, self.status_sequence, reload_page)

    @work(thread=True, group="campaign-status", exit_on_error=False)
    def _read_status(
        self, office: Office, ref: str | int | None, sequence: int, reload_page: bool
    ) -> None:
        from docfiler.queries.campaigns import campaign_status, current_campaign

        if ref is None:
            ref = current_campaign(office=office)
        status = None if ref is None else campaign_status(office=office, campaign=ref)
        self.post_message(CampaignLoaded(sequence, status, reload_page))

    def request_page(self, offset: int) -> None:
        if self.campaign_id is None:
            return
        self.wanted = (self.campaign_id, self.unit, self.undecided_only, max(offset, 0))
        self.load_page(self.office, self.wanted)

    @work(thread=True, exclusive=True, group="campaign-page", exit_on_error=False)
    def load_page(self, office: Office, request: tuple) -> None:
        from docfiler.queries.campaigns import campaign_items

        campaign, unit, undecided_only, offset = request
        page = campaign_items(
            office=office,
            campaign=campaign,
            drafting_unit=unit,
            undecided_only=undecided_only,
            limit=PAGE_SIZE,
            offset=offset,
        )
        self.post_message(WorklistLoaded(request, page))

    @on(CampaignLoaded)
    def _campaign_loaded(self, message: CampaignLoaded) -> None:
        if message.sequence < self.status_shown:
            return  # an older read finished after a newer one
        self.status_shown = message.sequence
        self.status = message.status
        if message.status is None:
            self._show_no_campaign()
        else:
            self.campaign_ref = message.status["id"]
            self._show_status(message.status)
            if message.reload_page:
                self.request_page(self.page_offset)
        self.refresh_bindings()

    @on(WorklistLoaded)
    def _page_loaded(self, message: WorklistLoaded) -> None:
        if message.request != self.wanted:
            return
        page = message.page
        offset = message.request[3]
        if not page["items"] and offset > 0:
            self.request_page(max(offset - PAGE_SIZE, 0))  # past the end: the last full page
            return
        self.page = page
        self.page_offset = offset
        self.items = page["items"]
        worklist = self.query_one(Worklist)
        cursor = min(worklist.cursor_row, max(len(self.items) - 1, 0))
        if self.cursor_at_end:
            cursor = len(self.items) - 1
            self.cursor_at_end = False
        saving = set(self.saving.values())
        worklist.set_rows(
            [item["doc_number"] for item in self.items],
            [item_cells(i, self.city, saving=i["doc_number"] in saving) for i in self.items],
            cursor=cursor,
        )
        self._show_page_status()
        self._show_item(worklist.cursor_row)

    # ------------------------------------------------------------------ showing

    def _show_no_campaign(self) -> None:
        start = self.key_of("start")
        self.query_one(CampaignProgress).show_none(f"尚无清理活动。按 {start} 开始新的定期清理。")
        self.query_one(Worklist).set_rows([], [])
        self.query_one("#worklist-status", StatusLine).text = ""

    def _show_status(self, status: dict[str, Any]) -> None:
        self.query_one(CampaignProgress).show(status, self.city)
        units = [u["drafting_unit"] for u in status["units"]]
        self.query_one(WorklistFilters).fill_units(units, self.city)

    def _keys_hint(self) -> str:
        """What the keys do now: decide, or (finished) make the materials."""
        if self.finished:
            correct, report = self.key_of("correct"), self.key_of("report")
            return f"清理已完成，不能再修改　{correct} 更正本行清理意见　{report} 生成清理材料"
        return "　".join(
            f"{key_label(b)} {b.description}"
            for b in self.BINDINGS
            if b.action.startswith("decide")
        )

    def _show_page_status(self) -> None:
        if self.page is None:
            return
        self.query_one("#worklist-status", StatusLine).text = page_status_text(
            offset=self.page_offset,
            shown=len(self.items),
            total=self.page["total"],
            page_size=PAGE_SIZE,
            unit=self.unit,
            city=self.city,
            filters=["只看未决"] if self.undecided_only else [],
            keys=self._keys_hint(),
        )

    @on(Worklist.Highlighted)
    def _highlighted(self, event: Worklist.Highlighted) -> None:
        self._show_item(event.row)

    def _show_item(self, row: int) -> None:
        detail = self.query_one("#item-detail", Static)
        in_page = 0 <= row < len(self.items)
        detail.update(item_detail_text(self.items[row]) if in_page else "")

    def cursor_item(self) -> dict[str, Any] | None:
        row = self.query_one(Worklist).cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    # ------------------------------------------------------------------ deciding

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("decide", "finish"):
            return self.status is not None and not self.finished
        if action in ("report", "correct"):
            return self.finished  # materials and 更正: of a finished campaign only
        if action == "start":
            return self.status is None or self.finished
        return True

    def action_decide(self, code: str) -> None:
        item = self.cursor_item()
        if item is None or self.finished:
            return
        decision = decision_of(code)
        if code == "keep":
            self._close_reason()
            self._save(item, decision, None, None)
        else:
            self.query_one(ReasonBar).open(item, decision, amends=code == "amend")

    def _close_reason(self) -> None:
        self.query_one(ReasonBar).close()
        self.query_one(Worklist).focus()

    @on(ReasonBar.Submitted)
    def _reason_submitted(self, message: ReasonBar.Submitted) -> None:
        item = next((i for i in self.items if i["doc_number"] == message.number), None)
        if item is None:
            self._close_reason()
            return
        self._save(item, message.decision, message.reason, message.amended)

    def _save(
        self, item: dict[str, Any], decision: str, reason: str | None, amended: str | None
    ) -> None:
        number = item["doc_number"]
        if number in self.saving.values():
            return  # one write per row at a time
        worker = self.save_decision(
            self.office, self.campaign_id, number, decision, reason, amended, item["version"]
        )
        self.saving[worker] = number
        self._redraw(number)

    @work(thread=True, group="campaign-decide", exit_on_error=False)
    def save_decision(
        self,
        office: Office,
        campaign: int,
        number: str,
        decision: str,
        reason: str | None,
        amended: str | None,
        version: int,
    ) -> None:
        from docfiler.services.cleanup import decide

        result = decide(
            office=office,
            campaign=campaign,
            number=number,
            decision=decision,
            reason=reason,
            amended_by=amended,
            expected_version=version,
        )
        self.post_message(DecisionSaved(number, result))

    @on(DecisionSaved)
    def _decision_saved(self, message: DecisionSaved) -> None:
        result = message.result
        index = next(
            (i for i, item in enumerate(self.items) if item["doc_number"] == message.number), None
        )
        if index is not None:
            self.items[index].update(
                decision=result.decision, reason=result.reason, version=result.version
            )
            worklist = self.query_one(Worklist)
            if worklist.cursor_row == index and index + 1 < len(self.items):
                worklist.move_cursor(index + 1)  # on to the next document
        if self.reason_for and self.reason_for[0] == message.number:
            self._close_reason()
        # Other screens reload when shown; this one has just refreshed its own row.
        self.docfiler.notify_data_changed()
        self.loaded_version = self.docfiler.data_version
        self.load_status(self.office, self.campaign_id, reload_page=False)

    def _redraw(self, number: str) -> None:
        saving = set(self.saving.values())
        worklist = self.query_one(Worklist)
        for index, item in enumerate(self.items):
            if item["doc_number"] == number:
                worklist.update_row(index, item_cells(item, self.city, saving=number in saving))
                if index == worklist.cursor_row:
                    self._show_item(index)
                return

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # DocfilerScreen's handler runs too: a failed worker becomes the app's error dialog.
        worker = event.worker
        if worker.group != "campaign-decide" or worker not in self.saving:
            return
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        number = self.saving.pop(worker)
        self._redraw(number)
        if event.state == WorkerState.ERROR:
            # The reason bar keeps what was typed. A conflict or a campaign finished meanwhile:
            # read the page and the progress again.
            from docfiler.errors import ConflictError, GateError

            if isinstance(worker.error, ConflictError | GateError):
                self.load_status(self.office, self.campaign_ref, reload_page=True)

    # ------------------------------------------------------------------ filters and pages

    @on(WorklistFilters.Changed)
    def _filters_changed(self, message: WorklistFilters.Changed) -> None:
        self.unit, self.undecided_only = message.unit, message.undecided_only
        self.request_page(0)
        if message.by_unit:
            self.query_one(Worklist).focus()

    def action_toggle_undecided(self) -> None:
        self.query_one("#undecided-only", Checkbox).toggle()

    def action_focus_unit(self) -> None:
        self.query_one("#unit-filter", Select).focus()

    @on(PageList.EdgeReached, "#worklist")
    def _edge(self, event: PageList.EdgeReached) -> None:
        if event.direction > 0:
            self.action_next_page()
        elif self.page_offset > 0:
            self.cursor_at_end = True
            self.action_previous_page()

    def action_next_page(self) -> None:
        if self.page is not None and self.page_offset + PAGE_SIZE < self.page["total"]:
            self.query_one(Worklist).move_cursor(0)
            self.request_page(self.page_offset + PAGE_SIZE)

    def action_previous_page(self) -> None:
        if self.page_offset > 0:
            self.request_page(self.page_offset - PAGE_SIZE)

    @on(PageList.Selected, "#worklist")
    def _open(self, event: PageList.Selected) -> None:
        self.docfiler.open_document(event.key)

    def action_refresh(self) -> None:
        self.reload()

    def action_back(self) -> None:
        if self.reason_for is not None:
            self._close_reason()
        elif not isinstance(self.focused, Worklist):
            self.query_one(Worklist).focus()
        elif len(self.app.screen_stack) > 1:  # opened on top of another screen (tests, links)
            self.dismiss()
        else:  # F4's own screen: back to the dashboard, as F2
            self.app.switch_mode("dashboard")
