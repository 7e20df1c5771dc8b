"""The campaign screen's parts: the worklist and its cells, the heading with the progress by
drafting unit, the inline reason bar, the status line and the detail of the row under the cursor."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, ProgressBar, Select, Static

from tui.widgets.inputs import TextInput
from tui.widgets.page_list import Cell, Column, PageList

DECISION_KEYS = ("keep", "amend", "repeal", "invalid")
"""The decide('…') codes of keys 1–4, in the order of vocabulary.CLEANUP_DECISIONS."""


def decision_of(code: str) -> str:
    """keep → 继续有效 … invalid → 宣布失效 (the legal terms docfiler stores)."""
    from docfiler.domain.vocabulary import CLEANUP_DECISIONS

    return CLEANUP_DECISIONS[DECISION_KEYS.index(code)]


def decide_binding(key: str, code: str, decision: str, then: str = "") -> Binding:
    """Keys 1–4: one 清理意见 for the row under the cursor."""
    tooltip = f"清理意见：{decision}{then}"
    return Binding(key, f"decide('{code}')", decision, id=f"campaign.{code}", tooltip=tooltip)


DECISION_STYLES = {
    "继续有效": "green",
    "修改": "cyan",
    "废止": "bold red",
    "宣布失效": "bold magenta",
}
NO_UNIT = "（未填起草单位）"  # how campaign_status names a missing drafting unit
COLUMNS = (  # at 80 columns 起草单位 gives way (the unit filter and the detail line name it)
    Column("文号", 22),
    Column("标题", 0, least=16),
    Column("起草单位", 16, hide=1),
    Column("提示", 6),
    Column("清理意见", 8),
    Column("理由", 0, least=8),
)


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


def heading_text(status: dict[str, Any]) -> Text:
    heading = Text()
    if status["finished"]:
        heading.append(f" 已于 {status['finished']} 完成 ", style="bold black on green")
    else:
        heading.append(" 进行中 ", style="bold black on yellow")
    heading.append("　")
    heading.append(status["name"], style="bold")
    heading.append(f"　基准日：{status['as_of']}　依据：{status['basis'] or '—'}")
    return heading


def decisions_text(status: dict[str, Any]) -> str:
    counts = "　".join(f"{d} {n}" for d, n in status["decisions"].items())
    return f"{counts}　未决 {status['total'] - status['decided']}"


def units_text(status: dict[str, Any], city: str) -> Text:
    units = Text()
    for index, unit in enumerate(status["units"]):
        if index:
            units.append("　")
        done = unit["decided"] == unit["total"]
        units.append(
            f"{short_unit(unit['drafting_unit'], city)} {unit['decided']}/{unit['total']}",
            style="green" if done else "",
        )
    return units


def page_status_text(
    *,
    offset: int,
    shown: int,
    total: int,
    page_size: int,
    unit: str | None,
    city: str,
    filters: list[str],
    keys: str,
) -> str:
    """第 1–100 件　共 16 件　第 1/1 页, the filters in force, then what the keys do now."""
    parts = [f"第 {offset + 1}–{offset + shown} 件" if shown else "没有符合条件的文件"]
    pages = max((total + page_size - 1) // page_size, 1)
    parts.append(f"共 {total} 件　第 {offset // page_size + 1}/{pages} 页")
    if unit:
        parts.append(f"起草单位：{short_unit(unit, city)}")
    return "　".join([*parts, *filters, keys])


def item_detail_text(item: dict[str, Any]) -> Text:
    text = Text()
    text.append(f"{item['doc_number']}《{item['title']}》", style="bold")
    text.append(f"　{item['drafting_unit'] or NO_UNIT}　发布 {item['published'] or '—'}")
    if item["flag"]:
        text.append(f"\n提示：{item['flag']}", style="yellow")
    if item["reason"]:
        text.append(f"\n理由：{item['reason']}")
    return text


class CampaignProgress(Vertical):
    """The campaign's name and state, 已提出清理意见 n/N with a bar, and progress by unit."""

    DEFAULT_CSS = """
    CampaignProgress {
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("正在读取清理活动…", id="campaign-heading")
        with Horizontal(id="campaign-progress-row"):
            yield Label("", id="campaign-progress-label")
            yield ProgressBar(id="campaign-progress", show_eta=False)
            yield Label("", id="campaign-decisions")
        yield Static("", id="campaign-units")

    def show(self, status: dict[str, Any], city: str) -> None:
        self.query_one("#campaign-heading", Static).update(heading_text(status))
        total, decided = status["total"], status["decided"]
        self.query_one("#campaign-progress-label", Label).update(
            f"已提出清理意见 {decided}/{total} 件"
        )
        self.query_one(ProgressBar).update(total=max(total, 1), progress=decided)
        self.query_one("#campaign-decisions", Label).update(decisions_text(status))
        self.query_one("#campaign-units", Static).update(units_text(status, city))

    def show_none(self, text: str) -> None:
        """There is no campaign yet."""
        self.query_one("#campaign-heading", Static).update(Text(text, style="bold"))
        self.query_one("#campaign-units", Static).update("")


class ReasonBar(Horizontal):
    """The reason for 修改 / 废止 / 宣布失效, typed under the worklist (and for 修改 the number of
    the amending document). Enter posts Submitted; the screen saves and closes it."""

    class Submitted(Message):
        def __init__(self, number: str, decision: str, reason: str, amended: str | None) -> None:
            super().__init__()
            self.number = number
            self.decision = decision
            self.reason = reason
            self.amended = amended

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.subject: tuple[str, str] | None = None  # (doc number, decision) being typed

    def compose(self) -> ComposeResult:
        yield Label("", id="reason-label")
        yield TextInput(placeholder="理由（必填）", id="reason", compact=True)
        yield TextInput(placeholder="修改文件文号（可不填）", id="amended-by", compact=True)
        yield Label("Enter 保存　Esc 取消", id="reason-hint")

    def open(self, item: dict[str, Any], decision: str, *, amends: bool) -> None:
        """Ask for the reason, pre-filled with the row's reason or else its flag."""
        self.subject = (item["doc_number"], decision)
        self.query_one("#reason-label", Label).update(f"{item['doc_number']} {decision}理由：")
        reason = self.query_one("#reason", Input)
        reason.value = item["reason"] or item["flag"] or ""
        amended = self.query_one("#amended-by", Input)
        amended.value = ""
        amended.set_class(amends, "-shown")
        self.set_class(True, "-open")
        reason.focus()

    def close(self) -> None:
        self.subject = None
        self.set_class(False, "-open")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.subject is None:
            return
        amended = self.query_one("#amended-by", Input)
        by = amended.value.strip() if amended.has_class("-shown") else ""
        reason = self.query_one("#reason", Input).value
        self.post_message(self.Submitted(*self.subject, reason, by or None))


class WorklistFilters(Horizontal):
    """起草单位 and 只看未决, the worklist's two filters (both applied in SQL)."""

    class Changed(Message):
        def __init__(self, unit: str | None, undecided_only: bool, *, by_unit: bool) -> None:
            super().__init__()
            self.unit = unit
            self.undecided_only = undecided_only
            self.by_unit = by_unit

    def __init__(self, undecided_label: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.undecided_label = undecided_label
        self.units_shown: list[str] | None = None

    def compose(self) -> ComposeResult:
        yield Select((), prompt="全部起草单位", id="unit-filter", compact=True)
        yield Checkbox(self.undecided_label, id="undecided-only", compact=True)

    @property
    def unit(self) -> str | None:
        value = self.query_one("#unit-filter", Select).value
        return None if value is Select.NULL else value

    def fill_units(self, units: list[str], city: str) -> None:
        """The campaign's drafting units (a missing one cannot be filtered on)."""
        options = [u for u in units if u != NO_UNIT]
        if self.units_shown == options:
            return
        self.units_shown = options
        select = self.query_one("#unit-filter", Select)
        selected = self.unit
        with self.prevent(Select.Changed):
            select.set_options((short_unit(u, city), u) for u in options)
            if selected in options:
                select.value = selected

    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Select.Changed | Checkbox.Changed) -> None:
        event.stop()
        undecided = self.query_one("#undecided-only", Checkbox).value
        by_unit = isinstance(event, Select.Changed)
        self.post_message(self.Changed(self.unit, undecided, by_unit=by_unit))
