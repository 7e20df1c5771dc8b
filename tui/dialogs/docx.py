"""Reading a published document's .docx: a folder picker, and the fields it yields for the
register form (文号, 标题, 成文日期, 正文).

The picker opens in the folder a document was last read from (remembered across runs by
tui.memory), else the documents folder (文档), else the home folder; its path field starts with
that folder, so typing a file name and Enter reads it. A typed folder is listed, a typed file
read (a name without a folder is taken in the folder shown).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.worker import Worker, WorkerState

from tui.messages import DocxRead, FolderListed
from tui.protocol import host
from tui.widgets.inputs import TextInput


def prefill_from_docx(path: str | Path) -> dict[str, Any]:
    """The register form's fields read from a published document in Word.

    Raises docfiler's ValidationError (in Chinese) for a file that is not a .docx or has no
    recognisable 发文字号; doubts (no title, no date) come back in `warnings`.
    """
    from docfiler.outputs.reader import read_document

    result = read_document(Path(str(path).strip()).expanduser())
    return {
        "number": result.doc_number,
        "title": result.title or "",
        "written_on": result.written_on.isoformat() if result.written_on else None,
        "body": result.body,
        "warnings": list(result.warnings),
        "source": result.source,
    }


def docx_entries(folder: Path) -> list[Path]:
    """What the picker lists in a folder: its folders, then its Word documents (no hidden files)."""
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    folders = sorted((p for p in entries if p.is_dir()), key=lambda p: p.name)
    files = sorted(
        (p for p in entries if p.is_file() and p.suffix.lower() == ".docx"), key=lambda p: p.name
    )
    return folders + files


class OpenDocxDialog(ModalScreen[dict[str, Any] | None]):
    """从 Word 读取: a path typed, or picked from a folder's list (Enter opens a folder or reads
    a document); returns prefill_from_docx's fields.

    The list is read in a short thread worker per folder (Textual's DirectoryTree keeps a loader
    worker running for as long as it is shown, which no test could wait for).
    """

    DEFAULT_CSS = """
    OpenDocxDialog #docx-folder {
        margin-top: 1;
        color: $text-muted;
    }
    OpenDocxDialog #docx-files {
        height: 12;
        border: round $primary 50%;
    }
    OpenDocxDialog #docx-error {
        color: $error;
        height: auto;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消", id="open_docx.cancel"),
    ]

    def __init__(self, start: Path | None = None) -> None:
        super().__init__(classes="dialog")
        self.start = start
        """The folder to open in; None: the remembered one (found in the listing worker)."""
        self.folder = start or Path.home()
        self.entries: list[Path] = []
        self.shown_folder = ""
        """The path field's text while it only names the folder listed (replaced as the clerk
        moves to another folder; typed text never is)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label("从 Word 文档读取文号、标题、成文日期和正文", classes="dialog-title")
            yield TextInput(
                placeholder="Word 文档路径，如 ~/下载/通知.docx（Enter 读取）", id="docx-path"
            )
            yield Static("", id="docx-error")
            yield Static("", id="docx-folder")
            yield OptionList(id="docx-files")
            with Horizontal(classes="dialog-buttons"):
                yield Button("读取", id="read", variant="primary")
                yield Button("取消（Esc）", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#docx-path").focus()
        self.list_folder(self.start)

    @work(thread=True, exclusive=True, group="list-folder", exit_on_error=False)
    def list_folder(self, folder: Path | None) -> None:
        if folder is None:
            from tui.memory import docx_start_folder

            folder = docx_start_folder()
        self._post_listing(folder)

    def _post_listing(self, folder: Path) -> None:
        """List `folder` (on a worker's thread) and post what was found, or why not."""
        try:
            entries = docx_entries(folder)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            self.post_message(FolderListed(folder, None, f"无法打开文件夹“{folder}”（{reason}）。"))
            return
        self.post_message(FolderListed(folder, entries))

    @on(FolderListed)
    def _listed(self, message: FolderListed) -> None:
        if message.entries is None:
            self._error(message.error)
            return
        folder = message.folder
        typed = self.query_one("#docx-path", Input).value.strip()
        typed_this = bool(typed) and self.folder / Path(typed).expanduser() == folder
        up = [folder.parent] if folder.parent != folder else []
        self.folder = folder
        self._error("")
        self.entries = up + message.entries
        files = self.query_one("#docx-files", OptionList)
        files.clear_options()
        files.add_options(
            ["⬆ 上一级文件夹"] * len(up)
            + [f"▸ {p.name}/" if p.is_dir() else p.name for p in message.entries]
        )
        self.query_one("#docx-folder", Static).update(f"文件夹：{folder}")
        path = self.query_one("#docx-path", Input)
        if typed_this or path.value in ("", self.shown_folder):
            self.shown_folder = path.value = os.path.join(folder, "")
            path.cursor_position = len(path.value)

    @on(OptionList.OptionSelected, "#docx-files")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        path = self.entries[event.option_index]
        if path.is_dir():
            self.list_folder(path)
            return
        self.query_one("#docx-path", Input).value = str(path)
        self._read()

    @on(Input.Submitted, "#docx-path")
    @on(Button.Pressed, "#read")
    def _read(self) -> None:
        text = self.query_one("#docx-path", Input).value.strip()
        if not text:
            self._error("请填写 Word 文档的路径，或在下面的文件夹中选择。")
            return
        path = Path(text).expanduser()
        self._error("正在读取…")
        self.read(path if path.is_absolute() else self.folder / path)

    def _error(self, text: str) -> None:
        self.query_one("#docx-error", Static).update(text)

    @work(thread=True, exclusive=True, group="read-docx", exit_on_error=False)
    def read(self, path: Path) -> None:
        """Read a document (and remember its folder for next time), or list a typed folder."""
        if path.is_dir():
            self._post_listing(path)
            return
        fields = prefill_from_docx(path)
        from tui.memory import remember_docx_folder

        remember_docx_folder(path.resolve().parent)
        self.post_message(DocxRead(fields))

    @on(DocxRead)
    def _done(self, message: DocxRead) -> None:
        self.dismiss(message.fields)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "read-docx" or event.state != WorkerState.ERROR:
            return
        from docfiler.errors import DocfilerError

        if isinstance(event.worker.error, DocfilerError):
            self._error(event.worker.error.for_surface("tui"))
        else:
            self._error("读取失败：发生了意外错误（详见错误对话框）。")
            host(self.app).report_worker_state(event)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
