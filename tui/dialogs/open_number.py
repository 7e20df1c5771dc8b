"""按文号打开文件: a document number in any accepted form, checked as typed."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.forms.base import check_number
from tui.widgets.inputs import TextInput


class OpenByNumberDialog(ModalScreen[str | None]):
    """按文号打开文件: the number in any accepted form, checked as typed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "取消", id="open.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label("按文号打开文件", classes="dialog-title")
            yield TextInput(placeholder="如 盖政发〔2016〕9号、盖政发[2016]9", id="number")
            yield Static("", id="number-hint", classes="field-hint")

    @on(Input.Changed, "#number")
    def _check(self, event: Input.Changed) -> None:
        hint = self.query_one("#number-hint", Static)
        if not event.value.strip():
            hint.update("")
            return
        ok, text = check_number(event.value)
        hint.update(text)
        hint.set_class(not ok, "-invalid")

    @on(Input.Submitted, "#number")
    def _submit(self, event: Input.Submitted) -> None:
        from docfiler.domain import docnumber

        number = docnumber.try_parse(event.value)
        if number is None:
            self._check(Input.Changed(event.input, event.value))
            return
        self.dismiss(str(number))

    def action_cancel(self) -> None:
        self.dismiss(None)
