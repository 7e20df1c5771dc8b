"""年度备案审查数据: `queries.inbox.year_figures` for a chosen year as a horizontal bar chart
drawn with Unicode block characters, each figure with its stated definition."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.protocol import host
from tui.widgets.footer import Footer

GROUPS = (
    (
        "报备文件",
        (
            ("received", "收到报备文件"),
            ("on_time", "其中按期"),
            ("late", "其中逾期"),
            ("deferred", "暂缓办理备案登记"),
            ("rejected", "不予备案登记"),
            ("registered", "予以备案登记"),
            ("unfiled", "未报备"),
        ),
    ),
    (
        "审查与纠错",
        (
            ("reviewed", "审查完毕"),
            ("problems", "提出审查意见"),
            ("corrected", "已纠正（含废止）"),
        ),
    ),
    (
        "审查建议",
        (
            ("suggestions_received", "收到审查建议"),
            ("suggestions_answered", "其中已答复"),
            ("suggestions_on_time", "其中按期答复"),
        ),
    ),
)
PARTS = " ▏▎▍▌▋▊▉"
"""Eighths of a cell: a bar's last cell shows how far it reaches."""
BAR_STYLES = {"late": "red", "unfiled": "red", "rejected": "magenta", "problems": "magenta"}


def bar_text(value: int, maximum: int, width: int) -> str:
    """`value` as a bar of block characters, `maximum` filling `width` cells; at least ▏ when
    above zero, nothing at zero."""
    if value <= 0 or maximum <= 0 or width <= 0:
        return ""
    eighths = max(round(value / maximum * width * 8), 1)
    full, part = divmod(eighths, 8)
    return "█" * full + (PARTS[part] if part else "")


class Bar:
    """A bar as wide as the column Rich gives it."""

    def __init__(self, value: int, maximum: int, style: str) -> None:
        self.value, self.maximum, self.style = value, maximum, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(bar_text(self.value, self.maximum, options.max_width), style=self.style)


def chart(figures: dict[str, Any]) -> Table:
    """One row per figure: its label, its number, its bar (every bar on one scale)."""
    counted = [figures[key] for _, rows in GROUPS for key, _ in rows]
    maximum = max(counted, default=0)
    table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
    table.add_column("项目", width=18, no_wrap=True)
    table.add_column("件数", width=4, justify="right", no_wrap=True)
    table.add_column("图", ratio=1, no_wrap=True)
    for title, rows in GROUPS:
        table.add_row(Text(title, style="bold"), "", "")
        for key, label in rows:
            style = BAR_STYLES.get(key, "cyan")
            table.add_row(f"  {label}", str(figures[key]), Bar(figures[key], maximum, style))
    rate = figures["correction_rate"]
    table.add_row(Text("纠错率", style="bold"), "", "—" if rate is None else f"{rate:.0%}")
    return table


def definitions(data: dict[str, Any]) -> Table:
    labels = {key: label for _, rows in GROUPS for key, label in rows}
    labels["correction_rate"] = "纠错率"
    table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
    table.add_column("项目", width=18, no_wrap=True, style="dim")
    table.add_column("口径", ratio=1, overflow="fold", style="dim")
    for key, text in data["definitions"].items():
        table.add_row(labels.get(key, key).strip(), text)
    return table


class FiguresLoaded(Message, bubble=False):
    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self.data = data


class FiguresScreen(ModalScreen[None]):
    HELP_TITLE = "年度备案审查数据"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "关闭", id="figures.close"),
        # Priority: the scrolling body would otherwise take ← → for itself.
        Binding("left", "year(-1)", "上一年", priority=True, id="figures.previous"),
        Binding("right", "year(1)", "下一年", priority=True, id="figures.next"),
    ]

    def __init__(self, year: int) -> None:
        super().__init__(classes="dialog")
        self.year = year
        self.data: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box figures-box"):
            yield Label("", id="figures-title", classes="dialog-title")
            with VerticalScroll(id="figures-body"):
                yield Static("正在统计…", id="figures-chart")
                yield Label("统计口径（按登记的日期统计，任一往年可重现）", classes="section-title")
                yield Static("", id="figures-definitions")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show_title()
        self.query_one("#figures-body").focus()
        self.load(host(self.app).office, self.year)

    def _show_title(self) -> None:
        self.query_one("#figures-title", Label).update(
            f"{self.year}年备案审查数据　（← → 换年份，Esc 关闭）"
        )

    @work(thread=True, exclusive=True, group="inbox-figures", exit_on_error=False)
    def load(self, office: Any, year: int) -> None:
        from docfiler.queries.inbox import year_figures

        self.post_message(FiguresLoaded(year_figures(office=office, year=year)))

    @on(FiguresLoaded)
    def show(self, message: FiguresLoaded) -> None:
        if message.data["year"] != self.year:
            return
        self.data = message.data
        self.query_one("#figures-chart", Static).update(chart(message.data["figures"]))
        self.query_one("#figures-definitions", Static).update(definitions(message.data))

    def action_year(self, step: int) -> None:
        self.year += step
        self._show_title()
        self.load(host(self.app).office, self.year)

    def action_close(self) -> None:
        self.dismiss(None)

    def on_worker_state_changed(self, event: Any) -> None:
        host(self.app).report_worker_state(event)
