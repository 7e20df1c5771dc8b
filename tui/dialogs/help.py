"""帮助: every key, read from the Binding objects themselves (the ones the footer draws).

The sections are the app's keys (全局), then each kind of screen, each from its class's bindings:
the screens open now first (the one the clerk came from marked 当前), then the others, and the
list keys they share. No key is written down here: a binding added to a screen shows up in the
help by itself, with its description and tooltip.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.keys import declared_bindings, key_label

if TYPE_CHECKING:
    from rich.table import Table
    from textual.app import App
    from textual.screen import Screen

Row = tuple[str, str]


def rows(bindings: Iterable[Binding]) -> list[Row]:
    """One row per action (its keys joined: ? / F1); only the office's own bindings, those with an
    id (a screen's hidden copies of the app's keys have none)."""
    by_action: dict[str, tuple[list[str], Binding]] = {}
    for binding in bindings:
        if not binding.id:
            continue
        keys, _first = by_action.setdefault(binding.action, ([], binding))
        if key_label(binding) not in keys:
            keys.append(key_label(binding))
    found = []
    for keys, binding in by_action.values():
        text = binding.description
        if binding.tooltip and binding.tooltip != text:
            text = f"{text}：{binding.tooltip}"
        found.append((" / ".join(keys), text))
    return found


def _screen_kinds() -> list[type]:
    from tui.forms.documents import DocxPrefillForm
    from tui.screens.campaign import CampaignScreen
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.detail import DocumentScreen
    from tui.screens.inbox import InboxScreen
    from tui.screens.register import RegisterScreen

    return [
        *(DashboardScreen, RegisterScreen, DocumentScreen, CampaignScreen, InboxScreen),
        DocxPrefillForm,
    ]


def help_sections(app: App, under: Screen | None) -> list[tuple[str, list[Row]]]:
    """(title, rows) for the help: 全局, the screens open now (top first), the others, 列表."""
    from tui.widgets.page_list import PageList

    sections = [("全局", rows(declared_bindings(type(app))))]
    shown: set[str] = set()
    open_screens = [s for s in reversed(app.screen_stack) if not isinstance(s, HelpScreen)]
    for screen in open_screens:
        title = getattr(screen, "HELP_TITLE", "")
        if title and title not in shown:
            shown.add(title)
            current = "（当前）" if screen is under else ""
            sections.append((title + current, _screen_rows(type(screen))))
    for kind in _screen_kinds():
        if kind.HELP_TITLE not in shown:
            shown.add(kind.HELP_TITLE)
            sections.append((kind.HELP_TITLE, _screen_rows(kind)))
    sections.append(("列表（工作台、登记簿、定期清理）", rows(declared_bindings(PageList))))
    return sections


def _screen_rows(kind: type) -> list[Row]:
    return rows(declared_bindings(kind)) + list(getattr(kind, "HELP_NOTES", ()))


def section_table(title: str, section: list[Row]) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("键", style="bold", width=18)
    table.add_column("作用", overflow="fold")
    for key, what in section:
        table.add_row(key, what)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "关闭", id="help.close"),
        Binding("question_mark", "close", "关闭", show=False, key_display="?"),
        Binding("f1", "close", "关闭", show=False),
    ]

    def __init__(self, under: Screen | None = None) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box help-box"):
            yield Label("帮助：快捷键", classes="dialog-title")
            with VerticalScroll():
                for title, section in help_sections(self.app, self.under):
                    yield Static(section_table(title, section), classes="help-section")
            yield Static("按 Esc 关闭", classes="field-hint")

    def action_close(self) -> None:
        self.dismiss(None)
