"""Word in and out from the TUI: the catalogue, the list of repealed and invalid documents, the
filing report (then recording the submission with one more key), the cleanup materials, and
reading a .docx to prefill the register form.

Every dialog here is a `FormScreen`: the clerk's input is parsed the same way, the docfiler call
runs in its thread worker, and a refusal is shown inside the dialog in the service's own words.
The outputs go by default to ~/docfiler-输出/, a folder a clerk finds without help.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState

from tui.forms import FormField, FormScreen, Values, date_field
from tui.messages import Saved
from tui.widgets import TextInput

if TYPE_CHECKING:
    from docfiler.office import Office

OUTPUT_FOLDER = "docfiler-输出"


# ---------------------------------------------------------------------------- paths


def default_output(name: str) -> str:
    """How a default output path is shown in a field: ~/docfiler-输出/<name>."""
    return f"~/{OUTPUT_FOLDER}/{name}"


def output_file(text: str) -> Path:
    """The .docx file the clerk typed (~ expanded), refused in Chinese if it cannot be one."""
    from docfiler.errors import ValidationError

    path = Path(text.strip()).expanduser()
    if path.suffix.lower() != ".docx":
        raise ValidationError(f"输出文件“{text}”应以 .docx 结尾，如 目录.docx。")
    if path.is_dir():
        raise ValidationError(f"“{text}”是一个文件夹，请给出文件名，如 目录.docx。")
    return path


def output_folder(text: str) -> Path:
    return Path(text.strip()).expanduser()


def template_dir() -> Path | None:
    """The office's own template folder from config.toml (or DOCFILER_TEMPLATE_DIR), if any."""
    from docfiler.config import Settings

    return Settings.load().template_dir


def _safe_name(text: str) -> str:
    """A file or folder name without the characters Windows refuses."""
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in text).strip() or "输出"


# ---------------------------------------------------------------------------- catalogue


class CatalogueDialog(FormScreen):
    """现行有效规范性文件目录: generated in a thread worker with a progress bar; Esc cancels."""

    DEFAULT_CSS = """
    .output-progress {
        height: 1;
        margin-top: 1;
        display: none;
    }
    .output-progress.-running {
        display: block;
    }
    .output-progress Label {
        width: auto;
        padding-right: 2;
    }
    """

    def __init__(self, today: dt.date, authorities: Sequence[str] = ()) -> None:
        self.cancelled = threading.Event()
        self.auto_output = self._default(today.isoformat())
        super().__init__(
            form_id="catalogue-dialog",
            title="生成现行有效规范性文件目录（Word）",
            note="列出截至该日现行有效的文件（已公布、已施行、未失效、未废止），按制定机关分组。"
            "过去的日期重现当时的目录。生成时按 Esc 可取消。",
            fields=[
                date_field("as_of", "截至日期", required=True, value=today.isoformat()),
                FormField(
                    "authority",
                    "制定机关",
                    "select",
                    options=[(name, name) for name in authorities],
                    placeholder="全部制定机关",
                ),
                FormField("output", "输出文件", required=True, value=self.auto_output),
            ],
            save=self.generate,
            success=lambda r: f"已生成《{r['title']}》：{r['path']}（{r['rows']} 件）",
        )

    @staticmethod
    def _default(as_of: str) -> str:
        return default_output(f"现行有效规范性文件目录-{as_of}.docx")

    def on_mount(self) -> None:
        # FormScreen.on_mount runs too (Textual calls each class's handler along the MRO).
        row = Horizontal(
            Label("正在生成…", id="progress-label"),
            ProgressBar(id="output-progress-bar", show_eta=False),
            classes="output-progress",
            id="output-progress",
        )
        self.query_one(".form-box").mount(row, before="#form-error")

    @on(Input.Changed, "#f-as_of")
    def _as_of_changed(self, event: Input.Changed) -> None:
        """The default file name follows the date, until the clerk types a name of their own."""
        output = self.query_one("#f-output", Input)
        if output.value != self.auto_output:
            return
        from docfiler.domain.dates import parse_date
        from docfiler.errors import ValidationError

        try:
            day = parse_date(event.value, "截至日期")
        except ValidationError:
            return
        self.auto_output = self._default(day.isoformat())
        output.value = self.auto_output

    # ------------------------------------------------------------------ running

    def generate(self, office: Office, values: Values) -> Any:
        """Runs in FormScreen's thread worker; the progress bar is fed through call_from_thread."""
        from docfiler.outputs.catalogue import make_catalogue

        self.cancelled.clear()
        self.app.call_from_thread(self._show_running, True)
        return make_catalogue(
            office=office,
            output=output_file(values["output"]),
            as_of=values["as_of"],
            authority=values["authority"],
            template_dir=template_dir(),
            progress=lambda done, total: self.app.call_from_thread(self._progress, done, total),
            cancelled=self.cancelled.is_set,
        )

    def _show_running(self, running: bool) -> None:
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
        event.prevent_default()  # not FormScreen's: it would close the dialog mid-run
        self.action_cancel()

    def action_cancel(self) -> None:
        if self.saving:
            self.cancelled.set()
            self.query_one("#progress-label", Label).update("正在取消…")
            return
        self.dismiss(None)


# ---------------------------------------------------------------------------- repealed list


class RepealedListDialog(FormScreen):
    """废止和失效规范性文件目录, optionally only those that ended since a date."""

    def __init__(self, today: dt.date) -> None:
        super().__init__(
            form_id="repealed-list-dialog",
            title="生成废止和失效规范性文件目录（Word）",
            note="列出已废止、宣布失效和有效期届满的文件，写明废止/失效日期和理由。",
            fields=[
                date_field("since", "起始日期"),
                date_field("as_of", "截至日期", required=True, value=today.isoformat()),
                FormField(
                    "output",
                    "输出文件",
                    required=True,
                    value=default_output(f"废止和失效规范性文件目录-{today.isoformat()}.docx"),
                ),
            ],
            save=self.generate,
            success=lambda r: f"已生成《{r['title']}》：{r['path']}（{r['rows']} 件）",
        )

    def generate(self, office: Office, values: Values) -> Any:
        from docfiler.outputs.catalogue import make_repealed_list

        return make_repealed_list(
            office=office,
            output=output_file(values["output"]),
            since=values["since"],
            as_of=values["as_of"],
            template_dir=template_dir(),
        )


# ---------------------------------------------------------------------------- filing report


class FilingsSubmitted(Message, bubble=False):
    def __init__(self, done: list[dict[str, Any]], failed: list[tuple[str, str]]) -> None:
        super().__init__()
        self.done = done
        self.failed = failed


class FilingReportDialog(FormScreen):
    """备案报告 to one filing body, for the documents named or all pending there; then `s`
    records that every listed document was submitted on the date in the form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "submit_all",
            "登记报送",
            id="filing_report.submit",
            tooltip="把报告中列出的每件文件登记为已向该机关报送备案",
        ),
    ]
    DEFAULT_CSS = """
    #report-result {
        display: none;
        margin-top: 1;
        border: round $success;
        padding: 0 1;
        height: auto;
    }
    #report-result.-ready {
        display: block;
    }
    #submit-all {
        display: none;
    }
    #submit-all.-ready {
        display: block;
    }
    """

    def __init__(
        self,
        body: str | None,
        documents: Sequence[str] | None = None,
        *,
        today: dt.date,
        bodies: Sequence[str] = (),
    ) -> None:
        self.body = body
        self.documents = list(documents) if documents else None
        self.today = today
        self.report: dict[str, Any] | None = None
        self.submitting = False
        fields = []
        if body is None:
            fields.append(
                FormField(
                    "body",
                    "备案机关",
                    "select",
                    required=True,
                    options=[(name, name) for name in bodies],
                    value=bodies[0] if len(bodies) == 1 else None,
                )
            )
        self.auto_output = self._default(body or (bodies[0] if len(bodies) == 1 else "备案机关"))
        fields += [
            FormField("output", "输出文件", required=True, value=self.auto_output),
            date_field("submitted", "报送日期", required=True, value=today.isoformat()),
        ]
        listed = "、".join(self.documents) if self.documents else "向该机关待报送的全部文件"
        super().__init__(
            form_id="filing-report-dialog",
            title=f"生成备案报告：向{body}报送" if body else "生成备案报告",
            note=f"列出：{listed}。报告生成后按 s，把列出的每件文件登记为在“报送日期”已报送备案。",
            fields=fields,
            save=self.generate,
            success="",
        )

    def _default(self, body: str) -> str:
        return default_output(f"备案报告-{_safe_name(body)}-{self.today.isoformat()}.docx")

    def on_mount(self) -> None:
        # FormScreen.on_mount runs too.
        self.query_one(".form-box").mount(Static("", id="report-result"), before="#form-error")
        self.query_one(".dialog-buttons").mount(
            Button("登记报送（s）", id="submit-all", variant="success"), before="#save"
        )

    @on(Select.Changed, "#f-body")
    def _body_changed(self, event: Select.Changed) -> None:
        """The default file name names the body, until the clerk types a name of their own."""
        output = self.query_one("#f-output", Input)
        if output.value == self.auto_output and isinstance(event.value, str):
            self.auto_output = self._default(event.value)
            output.value = self.auto_output

    def generate(self, office: Office, values: Values) -> Any:
        from docfiler.outputs.catalogue import make_filing_report

        body = self.body or values["body"]
        result = make_filing_report(
            office=office,
            output=output_file(values["output"]),
            body=body,
            documents=self.documents,
            template_dir=template_dir(),
        )
        return {**result, "body": body}

    @on(Saved)
    def _generated(self, message: Saved) -> None:
        """Stay open: the next step is recording the submission of what the report lists (even
        if the clerk changes the fields afterwards, `s` records exactly those documents)."""
        message.prevent_default()  # not FormScreen's handler, which would close the dialog
        self.report = message.result
        numbers = message.result["documents"]
        self.query_one("#report-result", Static).update(
            f"已生成《{message.result['title']}》\n{message.result['path']}\n"
            f"列出 {len(numbers)} 件：{'、'.join(numbers)}\n"
            "报送后按 s 登记报送（每件文件各登记一次，报送日期取上面的“报送日期”）。"
        )
        self.query_one("#report-result").set_class(True, "-ready")
        button = self.query_one("#submit-all", Button)
        button.set_class(True, "-ready")
        self.query_one("#save", Button).label = "重新生成（ctrl+s）"
        button.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "submit_all":
            return self.report is not None and not self.submitting
        return True

    @on(Button.Pressed, "#submit-all")
    def action_submit_all(self) -> None:
        if self.report is None or self.submitting:
            return
        values = self.collect()
        if values is None:
            return
        self.submitting = True
        self.show_error("")
        self.query_one("#submit-all", Button).disabled = True
        self.submit_all(self.app.office, self.report["body"], self.report["documents"], values)

    @work(thread=True, exclusive=True, group="filing-submit", exit_on_error=False)
    def submit_all(self, office: Office, body: str, numbers: list[str], values: Values) -> None:
        """Each document is its own transaction: one refused filing does not undo the others."""
        from docfiler import services

        result = services.submit_filings(
            office=office, numbers=numbers, body=body, submitted=values["submitted"]
        )
        self.post_message(FilingsSubmitted(list(result.done), list(result.refused)))

    @on(FilingsSubmitted)
    def _submitted(self, message: FilingsSubmitted) -> None:
        self.submitting = False
        app = self.app
        if message.done:
            app.notify_data_changed()  # type: ignore[attr-defined]
        late = [r for r in message.done if r.late_days]
        text = f"已登记报送 {len(message.done)} 件" + (
            "（其中超期："
            + "、".join(f"{r.doc_number} {r.late_days} 日" for r in late)
            + "）"
            if late
            else ""
        )
        if not message.failed:
            self.dismiss({"report": self.report, "submitted": message.done})
            app.notify(text, title="已保存")
            return
        self.query_one("#submit-all", Button).disabled = False
        self.refresh_bindings()
        failures = "；".join(f"{number}：{reason}" for number, reason in message.failed)
        self.show_error(f"{text}；未登记 {len(message.failed)} 件：{failures}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # FormScreen's handler runs too (it handles the report's own worker).
        if event.worker.group == "filing-submit" and event.state == WorkerState.ERROR:
            self.submitting = False
            self.query_one("#submit-all", Button).disabled = False
            self.show_error("登记报送时发生了意外错误（详见错误对话框），请核对备案记录后重试。")
            self.app.report_worker_state(event)  # type: ignore[attr-defined]


def filing_report_for_document(app: Any, view: dict[str, Any]) -> FilingReportDialog | None:
    """备案报告 for one document (from its detail view): the body is asked for if it has several
    filings still to submit."""
    pending = [
        f["body"]
        for f in view["filings"]
        if f["submitted"] is None or f["result"] in ("要求补正", "要求纠正")
    ]
    if not pending:
        app.notify(
            "没有待报送的备案事项。" if view["filings"] else "文件尚未公布，没有备案事项。",
            severity="warning",
        )
        return None
    today = app.office.today()
    body = pending[0] if len(pending) == 1 else None
    return FilingReportDialog(body, [view["doc_number"]], today=today, bodies=pending)


def filing_report_for_body(app: Any) -> FilingReportDialog:
    """备案报告 of every filing still pending at one body (chosen in the dialog)."""
    bodies = list(app.office.rulebook.filing_bodies)
    return FilingReportDialog(None, today=app.office.today(), bodies=bodies)


# ---------------------------------------------------------------------------- cleanup report


class CleanupReportDialog(FormScreen):
    """生成清理材料: the lists of repealed, invalid and amended documents, the new catalogue and
    the appendix of changes, into one folder."""

    def __init__(self, campaign: str | int, name: str) -> None:
        self.campaign = campaign
        super().__init__(
            form_id="cleanup-report-dialog",
            title=f"生成清理材料：{name}",
            note="生成废止、宣布失效、修改的文件目录，新的现行有效文件目录，以及目录变化情况。"
            "清理完成后才能生成。",
            fields=[
                FormField(
                    "folder", "输出文件夹", required=True, value=default_output(_safe_name(name))
                )
            ],
            save=self.generate,
            success=lambda r: (
                f"已生成清理“{r['campaign']}”的材料（{len(r['outputs'])} 个文件）：{r['folder']}"
            ),
        )

    def generate(self, office: Office, values: Values) -> Any:
        from docfiler.outputs.cleanup_report import make_cleanup_report

        return make_cleanup_report(
            office=office,
            campaign=self.campaign,
            folder=output_folder(values["folder"]),
            template_dir=template_dir(),
        )


# ---------------------------------------------------------------------------- reading a .docx


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


class DocxRead(Message, bubble=False):
    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__()
        self.fields = fields


def docx_entries(folder: Path) -> list[Path]:
    """What the picker lists in a folder: its folders, then its Word documents (no hidden files)."""
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    folders = sorted((p for p in entries if p.is_dir()), key=lambda p: p.name)
    files = sorted(
        (p for p in entries if p.is_file() and p.suffix.lower() == ".docx"), key=lambda p: p.name
    )
    return folders + files


class FolderListed(Message, bubble=False):
    def __init__(self, folder: Path, entries: list[Path] | None, error: str = "") -> None:
        super().__init__()
        self.folder = folder
        self.entries = entries
        self.error = error


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
        self.folder = start or Path.home()
        self.entries: list[Path] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label("从 Word 文档读取文号、标题和成文日期", classes="dialog-title")
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
        self.list_folder(self.folder)

    @work(thread=True, exclusive=True, group="list-folder", exit_on_error=False)
    def list_folder(self, folder: Path) -> None:
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
        up = [folder.parent] if folder.parent != folder else []
        self.folder = folder
        self.entries = up + message.entries
        files = self.query_one("#docx-files", OptionList)
        files.clear_options()
        files.add_options(
            ["⬆ 上一级文件夹"] * len(up)
            + [f"▸ {p.name}/" if p.is_dir() else p.name for p in message.entries]
        )
        self.query_one("#docx-folder", Static).update(f"文件夹：{folder}")

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
        path = self.query_one("#docx-path", Input).value.strip()
        if not path:
            self._error("请填写 Word 文档的路径，或在下面的文件夹中选择。")
            return
        self._error("正在读取…")
        self.read(path)

    def _error(self, text: str) -> None:
        self.query_one("#docx-error", Static).update(text)

    @work(thread=True, exclusive=True, group="read-docx", exit_on_error=False)
    def read(self, path: str) -> None:
        self.post_message(DocxRead(prefill_from_docx(path)))

    @on(DocxRead)
    def _done(self, message: DocxRead) -> None:
        self.dismiss(message.fields)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "read-docx" or event.state != WorkerState.ERROR:
            return
        from docfiler.errors import DocfilerError

        if isinstance(event.worker.error, DocfilerError):
            self._error(event.worker.error.message)
        else:
            self._error("读取失败：发生了意外错误（详见错误对话框）。")
            self.app.report_worker_state(event)  # type: ignore[attr-defined]

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def apply_prefill(form: FormScreen, fields: dict[str, Any] | None) -> None:
    """Put what was read into the form's 文号 and 标题 (checked as if typed) and say what else."""
    if not fields:
        return
    for name in ("number", "title"):
        found = form.query(f"#f-{name}")
        if found and fields.get(name):
            found.first(Input).value = fields[name]
    extra = [f"成文日期 {fields['written_on']}"] if fields.get("written_on") else []
    if fields.get("body"):
        extra.append(f"正文 {len(fields['body'])} 字")
    text = f"已从 Word 读取：{fields['number']}" + (f"（{'，'.join(extra)}）" if extra else "")
    warnings = "；".join(fields.get("warnings") or [])
    form.app.notify(
        text + (f"。请核对：{warnings}" if warnings else "。请核对后保存。"),
        severity="warning" if warnings else "information",
    )


class DocxPrefillForm(FormScreen):
    """A FormScreen with ctrl+o = 从 Word 读取 (the register form uses it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+o",
            "open_docx",
            "从 Word 读取",
            priority=True,
            id="form.open_docx",
            tooltip="从已公布文件的 Word 文档读取文号和标题",
        ),
    ]

    def action_open_docx(self) -> None:
        self.app.push_screen(OpenDocxDialog(), lambda fields: apply_prefill(self, fields))
