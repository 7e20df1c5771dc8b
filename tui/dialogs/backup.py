"""备份登记簿 (issue 13, §3): the whole register into one .zip in the data folder's backups, from
the TUI, as `docfiler backup` makes it (docfiler.services.backup.make_backup).

The backup runs in a thread worker as soon as the dialog opens ("正在备份…" with the tables
done so far); then the dialog shows the file's full path, what it holds and the older backups
removed by the keep count, with 打开文件夹. The dashboard's 上次备份 line follows (data-changed).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState

from tui.protocol import host

if TYPE_CHECKING:
    from docfiler.office import Office


class BackupMadeMessage(Message, bubble=False):
    """make_backup finished: the BackupMade it returned."""

    def __init__(self, made: Any) -> None:
        super().__init__()
        self.made = made


def backup_text(made: Any) -> str:
    """What the dialog says of a backup made."""
    from docfiler.services.backup import describe_counts

    lines = [
        "已备份到：",
        str(Path(made.path).resolve()),
        f"备份的数据：{describe_counts(made.counts)}（共 {sum(made.counts.values())} 行）。",
    ]
    if made.pruned:
        lines.append(f"按保留份数删除了较早的备份 {len(made.pruned)} 份。")
    return "\n".join(lines)


class BackupDialog(ModalScreen[None]):
    """备份登记簿: makes the backup at once; Esc closes once it is made."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "关闭", id="backup.close"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog", id="backup-dialog")
        self.running = False
        self.tables = 0
        self.made: Any = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label("备份登记簿", classes="dialog-title")
            with Horizontal(classes="output-progress -running", id="backup-progress"):
                yield Label("正在备份…", id="backup-label")
                yield ProgressBar(total=None, show_eta=False, id="backup-progress-bar")
            yield Static("", id="backup-result", markup=False)
            note = Static("", id="backup-note", markup=False)
            note.display = False
            yield note
            with Horizontal(classes="dialog-buttons"):
                yield Button("打开文件夹", id="backup-open-folder", disabled=True)
                yield Button("关闭（Esc）", id="backup-close", variant="primary")

    def on_mount(self) -> None:
        office = host(self.app).office
        if office is None:
            self._finish()
            self._result("数据库尚未打开，未备份。请稍候再试。", error=True)
            return
        self.running = True
        self.backup(office)

    @work(thread=True, exclusive=True, group="backup", exit_on_error=False)
    def backup(self, office: Office) -> None:
        from docfiler.services.backup import make_backup

        made = make_backup(office=office, after_table=self._table_done)
        self.post_message(BackupMadeMessage(made))

    def _table_done(self, _table: str) -> None:
        """make_backup's callback (on the worker's thread) after each table."""
        self.app.call_from_thread(self._tick)

    def _tick(self) -> None:
        self.tables += 1
        self.query_one("#backup-label", Label).update(f"正在备份…（已备份 {self.tables} 张表）")

    @on(BackupMadeMessage)
    def _made(self, message: BackupMadeMessage) -> None:
        self.made = message.made
        self._finish()
        self._result(backup_text(message.made))
        button = self.query_one("#backup-open-folder", Button)
        button.disabled = False
        button.focus()
        docfiler = host(self.app)
        docfiler.notify_data_changed()  # the dashboard's 上次备份 line
        docfiler.notify("已备份登记簿。", title="备份")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "backup" or event.state not in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        self._finish()
        from docfiler.errors import DocfilerError, explain

        error = event.worker.error
        if error is not None and not isinstance(error, DocfilerError):
            error = explain(error) or error
        if isinstance(error, DocfilerError):
            self._result(f"未备份：{error.for_surface('tui')}", error=True)
        else:
            self._result("未备份：发生了意外错误（详见错误对话框）。", error=True)
            host(self.app).report_worker_state(event)

    def _finish(self) -> None:
        self.running = False
        self.query_one("#backup-progress").set_class(False, "-running")
        self.query_one("#backup-close", Button).focus()

    def _result(self, text: str, *, error: bool = False) -> None:
        result = self.query_one("#backup-result", Static)
        result.update(text)
        result.set_class(error, "-error")

    def _note(self, text: str) -> None:
        note = self.query_one("#backup-note", Static)
        note.update(text)
        note.display = bool(text)

    @on(Button.Pressed, "#backup-open-folder")
    def open_folder(self) -> None:
        if self.made is None:
            return
        from tui.dialogs.opener import open_with_desktop

        folder = Path(self.made.path).resolve().parent
        opener = getattr(self.app, "opener", None) or open_with_desktop
        self._note(opener(folder) or f"已打开：{folder}")

    @on(Button.Pressed, "#backup-close")
    def action_close(self) -> None:
        if self.running:
            self._note("正在备份，请稍候：备份完成后再关闭。")
            return
        self.dismiss(None)
