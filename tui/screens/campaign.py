"""定期清理: one campaign's worklist, one key per decision, finishing behind a confirmation.

The worklist is read from SQL one page (100 rows) at a time, filtered by drafting unit and
“只看未决” in the query. Keys 1–4 record 继续有效 / 修改 / 废止 / 宣布失效 for the row under the
cursor; 修改, 废止 and 宣布失效 first open an inline reason (Enter saves, Esc cancels), pre-filled
with the row's flag (需清理, 有效期届满) when it has no reason yet. Each decision runs in a thread
worker guarded by the row's version; the row and the progress are then refreshed, and the cursor
moves on. The rules (reasons required, finished campaigns frozen, no finishing while anything is
undecided) are docfiler's; this screen shows its messages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)
from textual.worker import Worker, WorkerState

from tui.forms import FormField, FormScreen, Values, _names, date_field
from tui.screens.base import DocfilerScreen
from tui.widgets import Cell, Column, PageList, StatusLine, TextInput

if TYPE_CHECKING:
    from docfiler.office import Office

PAGE_SIZE = 100
DECISIONS = {"keep": "继续有效", "amend": "修改", "repeal": "废止", "invalid": "宣布失效"}
DECISION_STYLES = {
    "继续有效": "green",
    "修改": "cyan",
    "废止": "bold red",
    "宣布失效": "bold magenta",
}
DEFAULT_BASIS = "辽宁省规章规范性文件定期清理规定（省政府令第237号）"
NO_UNIT = "（未填起草单位）"  # how campaign_status names a missing drafting unit
COLUMNS = (
    Column("文号", 22),
    Column("标题", 0),
    Column("起草单位", 16),
    Column("提示", 6),
    Column("清理意见", 8),
    Column("理由", 0),
)


def current_campaign(office: Office) -> int | None:
    """The campaign still open, else the one started last (None when there is none yet).

    A read of one row; it belongs next to find_campaign in docfiler.services.cleanup (see the issue note).
    """
    from sqlmodel import select

    from docfiler.store.tables import CleanupCampaign

    with office.reading() as session:
        open_one = session.exec(
            select(CleanupCampaign.id).where(CleanupCampaign.finished_on.is_(None))
        ).first()
        if open_one is not None:
            return open_one
        return session.exec(
            select(CleanupCampaign.id).order_by(CleanupCampaign.id.desc()).limit(1)
        ).first()


def short_unit(unit: str | None, city: str) -> str:
    """盖州市住房和城乡建设局 → 住房和城乡建设局: the city is the same on every row."""
    if not unit:
        return "—"
    return unit.removeprefix(city) or unit


def flag_mark(flag: str | None) -> Cell:
    if not flag:
        return Cell("")
    if "有效期" in flag:
        return Cell("期满", "yellow")
    return Cell("需清理", "bold yellow")


def item_cells(item: dict[str, Any], city: str, *, saving: bool = False) -> list[Cell]:
    decision = item["decision"]
    if saving:
        verdict = Cell("保存中…", "italic")
    elif decision:
        verdict = Cell(decision, DECISION_STYLES.get(decision, ""))
    else:
        verdict = Cell("未决", "dim")
    reason = item["reason"] or (item["flag"] if not decision else "") or ""
    return [
        Cell(item["doc_number"]),
        Cell(item["title"]),
        Cell(short_unit(item["drafting_unit"], city)),
        flag_mark(item["flag"]),
        verdict,
        Cell(reason, "" if item["reason"] else "dim"),
    ]


# ---------------------------------------------------------------------------- messages


class CampaignLoaded(Message, bubble=False):
    """campaign_status of the campaign shown (None: there is no campaign yet)."""

    def __init__(self, sequence: int, status: dict[str, Any] | None, reload_page: bool) -> None:
        super().__init__()
        self.sequence = sequence
        self.status = status
        self.reload_page = reload_page


class WorklistLoaded(Message, bubble=False):
    def __init__(self, request: tuple, page: dict[str, Any]) -> None:
        super().__init__()
        self.request = request
        self.page = page


class DecisionSaved(Message, bubble=False):
    def __init__(self, number: str, result: dict[str, Any]) -> None:
        super().__init__()
        self.number = number
        self.result = result


class FinishChecked(Message, bubble=False):
    """What finishing would do (finish_consequences) and, if refused, what is undecided."""

    def __init__(self, consequences: Any, status: dict[str, Any] | None) -> None:
        super().__init__()
        self.consequences = consequences
        self.status = status


# ---------------------------------------------------------------------------- widgets


class Worklist(PageList):
    """The campaign's page of rows; says when the cursor moves and redraws one row in place."""

    class Highlighted(Message):
        def __init__(self, worklist: Worklist, row: int) -> None:
            super().__init__()
            self.worklist = worklist
            self.row = row

        @property
        def control(self) -> Worklist:
            return self.worklist

    def watch_cursor_row(self, row: int) -> None:
        super().watch_cursor_row(row)
        self.post_message(self.Highlighted(self, row))

    def update_row(self, index: int, cells: list[Cell]) -> None:
        """One row changed: no reset of the scroll position or the cursor."""
        self.rows[index] = cells
        self._line_cache.clear()
        self.refresh()


# ---------------------------------------------------------------------------- dialogs


class StartCampaignDialog(FormScreen):
    """开始清理: name, as-of date and basis; dismisses with the new campaign's id."""

    def __init__(self, today: dt.date) -> None:
        super().__init__(
            form_id="start-campaign-form",
            title="开始定期清理",
            note="纳入基准日现行有效的全部文件，以及上次清理以来有效期届满的文件；"
            "制定依据已修改或废止的文件标为“需清理”。",
            fields=[
                FormField("name", "清理名称", required=True, value=f"{today.year}年规范性文件清理"),
                date_field("as_of", "清理基准日", required=True, value=today.isoformat()),
                FormField("basis", "清理依据", value=DEFAULT_BASIS),
                FormField("authorities", "制定机关", placeholder="不填为全部；多个用顿号分隔"),
            ],
            save=self.start,
            success=lambda r: (
                f"已开始清理“{r.name}”：纳入文件 {r.total} 件，"
                f"其中需特别关注 {r.flagged} 件"
            ),
        )

    def start(self, office: Office, values: Values) -> Any:
        from docfiler.services.cleanup import start_campaign

        return start_campaign(
            office=office,
            name=values["name"],
            as_of=values["as_of"],
            basis=values["basis"],
            authorities=_names(values["authorities"]) or None,
        )

    def dismiss(self, result: Any = None):
        """The caller gets the campaign's id (FormScreen passes start_campaign's whole result)."""
        return super().dismiss(getattr(result, "id", result))


def consequences_text(consequences: Any) -> str:
    totals = consequences.totals
    return (
        f"将废止 {totals.repealed} 件、宣布失效 {totals.declared_invalid} 件、"
        f"修改 {totals.amended} 件，继续有效 {totals.kept} 件"
    )


class FinishCampaignDialog(FormScreen):
    """完成清理: the consequences, a decision date (default today); Enter or ctrl+s confirms."""

    def __init__(
        self, campaign: int, name: str, consequences: Any, today: dt.date
    ) -> None:
        self.campaign = campaign
        self.consequences = consequences
        super().__init__(
            form_id="finish-campaign-form",
            title=f"完成清理：{name}",
            note="完成后，废止和宣布失效的文件自完成日期起不再有效，继续有效和修改的文件仍然有效；"
            "清理活动不能再修改，如有错误只能登记更正。",
            fields=[date_field("on", "完成日期", required=True, value=today.isoformat())],
            save=self.finish,
            success=lambda r: (
                f"已完成清理“{r.name}”（{r.finished}）：废止 {r.totals.repealed} 件，"
                f"宣布失效 {r.totals.declared_invalid} 件，修改 {r.totals.amended} 件，"
                f"继续有效 {r.totals.kept} 件"
            ),
        )

    def on_mount(self) -> None:
        # FormScreen.on_mount runs too.
        self.query_one(".form-box").mount(
            Static(consequences_text(self.consequences), id="finish-consequences"),
            after=".dialog-title",
        )
        self.query_one("#save", Button).label = "确认完成（Enter）"

    def finish(self, office: Office, values: Values) -> Any:
        from docfiler.services.cleanup import finish_campaign

        return finish_campaign(office=office, campaign=self.campaign, on=values["on"])


# ---------------------------------------------------------------------------- the screen


class CampaignScreen(DocfilerScreen):
    """清理活动: the worklist of one campaign (the current one when `campaign` is None)."""

    CSS_PATH = str(Path(__file__).resolve().parent.parent / "campaign.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1", "decide('keep')", "继续有效", id="campaign.keep", tooltip="清理意见：继续有效"
        ),
        Binding(
            "2",
            "decide('amend')",
            "修改",
            id="campaign.amend",
            tooltip="清理意见：修改（写明理由）",
        ),
        Binding(
            "3",
            "decide('repeal')",
            "废止",
            id="campaign.repeal",
            tooltip="清理意见：废止（写明理由）",
        ),
        Binding(
            "4",
            "decide('invalid')",
            "宣布失效",
            id="campaign.invalid",
            tooltip="清理意见：宣布失效（写明理由）",
        ),
        Binding("u", "toggle_undecided", "只看未决", id="campaign.undecided"),
        Binding("d", "focus_unit", "起草单位", id="campaign.unit", tooltip="按起草单位筛选"),
        Binding("f", "finish", "完成清理", id="campaign.finish", tooltip="在一个日期统一生效"),
        Binding(
            "r", "report", "清理材料", id="campaign.report", tooltip="生成清理结果的 Word 材料"
        ),
        Binding("c", "start", "开始清理", id="campaign.start", tooltip="开始新的定期清理"),
        Binding("n", "next_page", "下一页", show=False, id="campaign.next"),
        Binding("p", "previous_page", "上一页", show=False, id="campaign.previous"),
        Binding("g", "refresh", "刷新", show=False, id="campaign.refresh"),
        Binding("escape", "back", "返回", show=False, id="campaign.back"),
        # The footer has room for this screen's own actions only (as on the document screen).
        Binding("f2", "app.show_dashboard", "工作台", show=False),
        Binding("f3", "app.show_register", "登记簿", show=False),
        Binding("f4", "refresh", "定期清理", show=False),  # the app's key for this screen
        Binding("a", "app.register_document", "登记文件", show=False),
        Binding("question_mark", "app.help", "帮助", show=False),
        Binding("q", "app.quit", "退出", show=False),
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
        self.reason_for: tuple[str, str] | None = None  # (doc number, decision) being typed
        self.status_sequence = 0
        self.status_shown = -1
        self.units_shown: list[str] | None = None
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
    def city(self) -> str:
        return self.office.rulebook.city_name

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取清理活动…", id="campaign-heading")
        with Horizontal(id="campaign-progress-row"):
            yield Label("", id="campaign-progress-label")
            yield ProgressBar(id="campaign-progress", show_eta=False)
            yield Label("", id="campaign-decisions")
        yield Static("", id="campaign-units")
        with Horizontal(id="campaign-filters"):
            yield Select((), prompt="全部起草单位", id="unit-filter", compact=True)
            yield Checkbox("只看未决（u）", id="undecided-only", compact=True)
        yield Worklist(COLUMNS, id="worklist")
        yield Static("", id="item-detail")
        with Horizontal(id="reason-bar"):
            yield Label("", id="reason-label")
            yield TextInput(placeholder="理由（必填）", id="reason", compact=True)
            yield TextInput(placeholder="修改文件文号（可不填）", id="amended-by", compact=True)
            yield Label("Enter 保存　Esc 取消", id="reason-hint")
        yield StatusLine("", id="worklist-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "定期清理"
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
        from docfiler.queries.campaigns import campaign_status

        if ref is None:
            ref = current_campaign(office)
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
        self.query_one("#campaign-heading", Static).update(
            Text("尚无清理活动。按 c 开始新的定期清理。", style="bold")
        )
        self.query_one(Worklist).set_rows([], [])
        self.query_one("#campaign-units", Static).update("")
        self.query_one("#worklist-status", StatusLine).text = ""

    def _show_status(self, status: dict[str, Any]) -> None:
        heading = Text()
        if status["finished"]:
            heading.append(f" 已于 {status['finished']} 完成 ", style="bold black on green")
        else:
            heading.append(" 进行中 ", style="bold black on yellow")
        heading.append("　")
        heading.append(status["name"], style="bold")
        heading.append(f"　基准日：{status['as_of']}　依据：{status['basis'] or '—'}")
        self.query_one("#campaign-heading", Static).update(heading)

        total, decided = status["total"], status["decided"]
        self.query_one("#campaign-progress-label", Label).update(
            f"已提出清理意见 {decided}/{total} 件"
        )
        self.query_one(ProgressBar).update(total=max(total, 1), progress=decided)
        counts = "　".join(f"{d} {n}" for d, n in status["decisions"].items())
        self.query_one("#campaign-decisions", Label).update(f"{counts}　未决 {total - decided}")
        units = Text()
        for index, unit in enumerate(status["units"]):
            if index:
                units.append("　")
            done = unit["decided"] == unit["total"]
            units.append(
                f"{short_unit(unit['drafting_unit'], self.city)} {unit['decided']}/{unit['total']}",
                style="green" if done else "",
            )
        self.query_one("#campaign-units", Static).update(units)
        self._fill_units([u["drafting_unit"] for u in status["units"]])

    def _fill_units(self, units: list[str]) -> None:
        select = self.query_one("#unit-filter", Select)
        options = [u for u in units if u != NO_UNIT]  # a missing unit cannot be filtered on
        if self.units_shown == options:
            return
        self.units_shown = options
        with self.prevent(Select.Changed):
            select.set_options((short_unit(u, self.city), u) for u in options)
            if self.unit in options:
                select.value = self.unit

    def _show_page_status(self) -> None:
        page = self.page
        if page is None:
            return
        total = page["total"]
        parts = []
        if self.items:
            parts.append(f"第 {self.page_offset + 1}–{self.page_offset + len(self.items)} 件")
        else:
            parts.append("没有符合条件的文件")
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        parts.append(f"共 {total} 件　第 {self.page_offset // PAGE_SIZE + 1}/{pages} 页")
        if self.unit:
            parts.append(f"起草单位：{short_unit(self.unit, self.city)}")
        if self.undecided_only:
            parts.append("只看未决")
        if self.finished:
            parts.append("清理已完成，不能再修改（如有错误请登记更正）　r 生成清理材料")
        else:
            parts.append("1 继续有效　2 修改　3 废止　4 宣布失效")
        self.query_one("#worklist-status", StatusLine).text = "　".join(parts)

    @on(Worklist.Highlighted)
    def _highlighted(self, event: Worklist.Highlighted) -> None:
        self._show_item(event.row)

    def _show_item(self, row: int) -> None:
        detail = self.query_one("#item-detail", Static)
        if not 0 <= row < len(self.items):
            detail.update("")
            return
        item = self.items[row]
        text = Text()
        text.append(f"{item['doc_number']}《{item['title']}》", style="bold")
        text.append(f"　{item['drafting_unit'] or NO_UNIT}　发布 {item['published'] or '—'}")
        if item["flag"]:
            text.append(f"\n提示：{item['flag']}", style="yellow")
        if item["reason"]:
            text.append(f"\n理由：{item['reason']}")
        detail.update(text)

    def cursor_item(self) -> dict[str, Any] | None:
        row = self.query_one(Worklist).cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    # ------------------------------------------------------------------ deciding

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("decide", "finish"):
            return self.status is not None and not self.finished
        if action == "report":
            return self.finished  # docfiler makes the materials of a finished campaign only
        if action == "start":
            return self.status is None or self.finished
        return True

    def action_decide(self, code: str) -> None:
        item = self.cursor_item()
        if item is None or self.finished:
            return
        decision = DECISIONS[code]
        if decision == "继续有效":
            self._close_reason()
            self._save(item, decision, None, None)
        else:
            self._open_reason(item, decision)

    def _open_reason(self, item: dict[str, Any], decision: str) -> None:
        self.reason_for = (item["doc_number"], decision)
        self.query_one("#reason-label", Label).update(f"{item['doc_number']} {decision}理由：")
        reason = self.query_one("#reason", Input)
        reason.value = item["reason"] or item["flag"] or ""
        amended = self.query_one("#amended-by", Input)
        amended.value = ""
        amended.set_class(decision == "修改", "-shown")
        self.query_one("#reason-bar").set_class(True, "-open")
        reason.focus()

    def _close_reason(self) -> None:
        self.reason_for = None
        self.query_one("#reason-bar").set_class(False, "-open")
        self.query_one(Worklist).focus()

    @on(Input.Submitted, "#reason, #amended-by")
    def _reason_submitted(self) -> None:
        if self.reason_for is None:
            return
        number, decision = self.reason_for
        item = next((i for i in self.items if i["doc_number"] == number), None)
        if item is None:
            self._close_reason()
            return
        reason = self.query_one("#reason", Input).value
        amended = self.query_one("#amended-by", Input).value.strip() if decision == "修改" else ""
        self._save(item, decision, reason, amended or None)

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
        for index, item in enumerate(self.items):
            if item["doc_number"] == number:
                self.query_one(Worklist).update_row(
                    index, item_cells(item, self.city, saving=number in saving)
                )
                if index == self.query_one(Worklist).cursor_row:
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

    @on(Select.Changed, "#unit-filter")
    def _unit_changed(self, event: Select.Changed) -> None:
        self.unit = None if event.value is Select.NULL else event.value
        self.request_page(0)
        self.query_one(Worklist).focus()

    @on(Checkbox.Changed, "#undecided-only")
    def _undecided_changed(self, event: Checkbox.Changed) -> None:
        self.undecided_only = event.value
        self.request_page(0)

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
        else:
            self.dismiss()

    # ------------------------------------------------------------------ finishing, outputs

    def action_finish(self) -> None:
        if self.campaign_id is not None and not self.finished:
            self.check_finish(self.office, self.campaign_id)

    @work(thread=True, exclusive=True, group="campaign-finish", exit_on_error=False)
    def check_finish(self, office: Office, campaign: int) -> None:
        from docfiler.queries.campaigns import campaign_status, finish_consequences

        consequences = finish_consequences(office=office, campaign=campaign)
        status = campaign_status(office=office, campaign=campaign)
        self.post_message(FinishChecked(consequences, status))

    @on(FinishChecked)
    def _finish_checked(self, message: FinishChecked) -> None:
        status = message.status
        undecided = message.consequences.undecided
        if undecided:
            # docfiler refuses this too (finish_campaign raises GateError with the list); saying
            # so before the confirmation spares the clerk a dialog that could only fail.
            from docfiler.errors import GateError

            shown = "；".join(
                f"{u['doc_number']}《{u['title']}》" for u in status["undecided"][:20]
            )
            more = f"……共 {undecided} 件" if undecided > 20 else ""
            self.docfiler.show_error(
                GateError(
                    f"清理活动“{status['name']}”还有 {undecided} 件文件没有清理意见，不能完成："
                    f"{shown}{more}\n\n按 u 只看未决的文件。",
                    missing=[u["doc_number"] for u in status["undecided"]],
                ),
                title="不能完成清理",
            )
            return

        def finished(result: Any) -> None:
            if result:
                self.load_status(self.office, self.campaign_id, reload_page=True)

        self.app.push_screen(
            FinishCampaignDialog(
                status["id"], status["name"], message.consequences, self.office.today()
            ),
            finished,
        )

    def action_report(self) -> None:
        if not self.finished:
            return
        from tui.outputs import CleanupReportDialog

        self.app.push_screen(CleanupReportDialog(self.status["id"], self.status["name"]))

    def action_start(self) -> None:
        def started(campaign: int | None) -> None:
            if campaign is not None:
                self.campaign_ref = campaign
                self.unit, self.page_offset = None, 0
                self.load_status(self.office, campaign, reload_page=True)

        self.app.push_screen(StartCampaignDialog(self.office.today()), started)
