"""OutputDialog: what every Word output dialog shares (目录, 废止失效目录, 备案报告, 汇编, 清理材料).

- The button says 生成, and Enter in a field generates once every required field is filled: an
  output with its defaults is one key after the key that opened it.
- Before a file is replaced, a question names it (覆盖 / 取消); nothing is overwritten silently.
- A long output shows a progress bar, and Esc cancels it while it runs.
- The result stays on screen with the full path, and 打开文件 / 打开文件夹 open it with the
  desktop's program (the app's `opener`, which a test replaces).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState

from tui.forms.base import FormField, FormScreen, Values
from tui.messages import Saved

if TYPE_CHECKING:
    from docfiler.office import Office


@dataclass(frozen=True)
class Shown:
    """A generated output as the dialog shows it: what it says, the file (None for a folder of
    files) and the folder."""

    text: str
    file: Path | None
    folder: Path


class OutputDialog(FormScreen):
    """A FormScreen that generates Word output and stays open on the result."""

    HELP_TITLE: ClassVar[str] = "生成 Word 文件"
    HELP_NOTES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("Enter", "生成（必填项都已填写时；否则到第一个未填的必填项）"),
        ("Tab", "下一项"),
        ("Esc", "生成时：取消生成；否则关闭"),
    )
    SAVE_LABEL: ClassVar[str] = "生成"
    ENTER_SAVES: ClassVar[bool] = True
    PROGRESS: ClassVar[bool] = False
    """A progress bar while generating, and Esc cancels (the generator takes `progress` and
    `cancelled`)."""
    OUTPUT_FIELD: ClassVar[str] = "output"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "生成", priority=True, id="output.generate"),
    ]

    def __init__(self, *, form_id: str, title: str, note: str, fields: list[FormField]) -> None:
        self.cancelled = threading.Event()
        self.confirmed: frozenset[Path] = frozenset()
        """Existing files the clerk agreed to replace (覆盖)."""
        self.shown: Shown | None = None
        super().__init__(
            form_id=form_id, title=title, note=note, fields=fields, save=self._run, success=""
        )

    # ------------------------------------------------------------------ for each output

    def targets(self, values: Values) -> Sequence[Path]:
        """The files the output would write (refused in Chinese if the typed name is wrong)."""
        raise NotImplementedError

    def generate(self, office: Office, values: Values) -> Any:
        """Write the output (in the save worker) and return what the generator returned."""
        raise NotImplementedError

    def describe(self, result: Any) -> Shown:
        """What the dialog shows of a generated output."""
        raise NotImplementedError

    # ------------------------------------------------------------------ layout

    def on_mount(self) -> None:
        # FormScreen.on_mount runs too (Textual calls each class's handler along the MRO).
        box = self.query_one(".form-box")
        if self.PROGRESS:
            box.mount(
                Horizontal(
                    Label("正在生成…", id="progress-label"),
                    ProgressBar(id="output-progress-bar", show_eta=False),
                    classes="output-progress",
                    id="output-progress",
                ),
                before="#form-error",
            )
        # The result scrolls with the fields: a long one never pushes the buttons off screen.
        self.query_one(".form-fields").mount(
            Vertical(
                Static("", id="output-result", markup=False),
                Static("", id="output-note", markup=False),
                Horizontal(
                    Button("打开文件", id="open-file", compact=True),
                    Button("打开文件夹", id="open-folder", compact=True),
                    classes="dialog-buttons",
                ),
                id="output-done",
            )
        )

    # ------------------------------------------------------------------ before and while running

    def before_save(self, values: Values, go: Callable[[], None]) -> None:
        """Ask before replacing files that exist (覆盖 / 取消); then generate."""
        from docfiler.errors import DocfilerError
        from docfiler.outputs.overwrite import existing
        from tui.dialogs.confirm import overwrite_dialog

        try:
            found = existing(self.targets(values))
        except DocfilerError as error:
            self.show_error(error.for_surface("tui"))
            return
        if not found:
            go()
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self.confirmed = frozenset(found)
                go()
            else:
                self.query_one(f"#f-{self.OUTPUT_FIELD}", Input).focus()

        self.app.push_screen(overwrite_dialog(found), answered)

    def _run(self, office: Office, values: Values) -> Any:
        """FormScreen's save worker: refuse a file that appeared since the question, then
        generate (with the progress bar if this output has one)."""
        from docfiler.outputs.overwrite import refuse_overwrite

        paths = [path for path in self.targets(values) if path not in self.confirmed]
        refuse_overwrite(paths, what_to_do="请再按 ctrl+s，确认覆盖后生成。")
        if self.PROGRESS:
            self.cancelled.clear()
            self.app.call_from_thread(self._show_running, True)
        return self.generate(office, values)

    def report_progress(self, done: int, total: int) -> None:
        """The generator's progress callback (called on the worker's thread)."""
        self.app.call_from_thread(self._progress, done, total)

    def _show_running(self, running: bool) -> None:
        if not self.PROGRESS:
            return
        self.query_one("#output-progress").set_class(running, "-running")
        if running:
            self.query_one("#progress-label", Label).update("正在生成…")
            self.query_one(ProgressBar).update(total=None, progress=0)

    def _progress(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#progress-label", Label).update(f"正在生成… {done}/{total} 件")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # FormScreen's handler runs too: it shows a refusal (or 已取消) inside the dialog.
        if event.worker.group == "form-save" and event.state in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            self._show_running(False)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.prevent_default()  # not FormScreen's: this one cancels a run first
        self.action_cancel()

    def action_cancel(self) -> None:
        if self.saving and self.PROGRESS:
            self.cancelled.set()
            self.query_one("#progress-label", Label).update("正在取消…")
            return
        self.leave()

    # ------------------------------------------------------------------ the result

    @on(Saved)
    def _generated(self, message: Saved) -> None:
        """Stay open on the result (FormScreen's handler would close the dialog)."""
        message.prevent_default()
        self._show_running(False)
        self.keep_input()  # generated: Esc now closes without asking
        self.show_result(message.result)

    def show_result(self, result: Any) -> None:
        self.shown = shown = self.describe(result)
        self.query_one("#output-result", Static).update(shown.text)
        self._note("")
        panel = self.query_one("#output-done")
        panel.set_class(True, "-ready")
        self.query_one("#open-file").display = shown.file is not None
        button = self.query_one("#open-file" if shown.file is not None else "#open-folder")
        button.focus(scroll_visible=False)
        # Once laid out: the result from its first line (the path), however little room.
        self.call_after_refresh(panel.scroll_visible, animate=False, top=True)

    @on(Button.Pressed, "#open-file")
    def open_file(self) -> None:
        if self.shown is not None and self.shown.file is not None:
            self._open(self.shown.file)

    @on(Button.Pressed, "#open-folder")
    def open_folder(self) -> None:
        if self.shown is not None:
            self._open(self.shown.folder)

    def _open(self, path: Path) -> None:
        from tui.dialogs.opener import open_with_desktop

        opener = getattr(self.app, "opener", None) or open_with_desktop
        problem = opener(path)
        self._note(problem or f"已打开：{path}")

    def _note(self, text: str) -> None:
        note = self.query_one("#output-note", Static)
        note.update(text)
        note.display = bool(text)
