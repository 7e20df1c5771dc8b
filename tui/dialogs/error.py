"""The error dialog: a Chinese message; Enter or Esc closes it and the app goes on."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class ErrorDialog(ModalScreen[None]):
    """Shows a Chinese message; Enter or Esc closes it and the app goes on."""

    AUTO_FOCUS = "#ok"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "关闭", id="error.close"),
        Binding("enter", "close", "确定", show=False),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__(classes="dialog error-dialog")
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            # Not markup: a message may quote [database] or a file name with brackets.
            yield Static(self.message, id="error-message", classes="dialog-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("确定", id="ok", variant="error")

    @on(Button.Pressed, "#ok")
    def action_close(self) -> None:
        self.dismiss(None)
