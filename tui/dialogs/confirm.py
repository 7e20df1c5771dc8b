"""A yes/no question before something is lost: typed input (放弃 / 继续填写) or a file
(覆盖 / 取消). y or Enter on the first button answers yes; n or Esc answers no. The screen
underneath gets its focus back as it was."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

DISCARD_QUESTION = "放弃已填写的内容？"


class ConfirmDialog(ModalScreen[bool]):
    """A question with two answers; dismissed with True for the first (yes), False otherwise."""

    AUTO_FOCUS = "#confirm-yes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "是", show=False),
        Binding("n", "answer(False)", "否", show=False),
        Binding("escape", "answer(False)", "否", show=False),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str, no: str) -> None:
        super().__init__(classes="dialog confirm-dialog")
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.question, classes="dialog-title", id="confirm-question")
            if self.detail:
                yield Static(
                    self.detail, classes="dialog-message", id="confirm-detail", markup=False
                )
            yield Static(
                f"按 y 或 Enter：{self.yes}；按 n 或 Esc：{self.no}。",
                classes="field-hint",
                id="confirm-keys",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes}（y）", id="confirm-yes", variant="warning")
                yield Button(f"{self.no}（n）", id="confirm-no", variant="primary")

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def discard_dialog(titles: Sequence[str] = ()) -> ConfirmDialog:
    """放弃已填写的内容？ naming the forms whose input would be lost."""
    named = "、".join(f"“{title}”" for title in titles)
    detail = f"{named}中填写的内容还没有保存。" if named else "填写的内容还没有保存。"
    return ConfirmDialog(DISCARD_QUESTION, detail, yes="放弃", no="继续填写")


def overwrite_dialog(paths: Sequence[object], limit: int = 5) -> ConfirmDialog:
    """覆盖已有文件？ naming the files (the first few, then how many)."""
    named = "\n".join(str(path) for path in paths[:limit])
    more = f"\n等 {len(paths)} 个文件" if len(paths) > limit else ""
    return ConfirmDialog(
        "覆盖已有的文件？",
        f"这些文件已经存在：\n{named}{more}\n覆盖后原文件的内容不能恢复；不想覆盖，请改一个名称。",
        yes="覆盖",
        no="取消",
    )
