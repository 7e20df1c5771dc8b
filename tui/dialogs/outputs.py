"""Word outputs from the TUI: the catalogue (with progress, cancellable), the list of repealed
and invalid documents, and a finished campaign's cleanup materials; the output paths they share.

Every dialog here is a `FormScreen`: the clerk's input is parsed the same way, the docfiler call
runs in its thread worker, and a refusal is shown inside the dialog in the service's own words.
The outputs go by default to ~/docfiler-输出/, a folder a clerk finds without help.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, ProgressBar
from textual.worker import Worker, WorkerState

from tui.forms.base import FormField, FormScreen, Values, date_field

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


class AskBeforeOverwrite:
    """The TUI asks before an output replaces files: the first ctrl+s onto existing files is
    refused inside the dialog with the question; a second ctrl+s onto the same files replaces
    them. Called from the dialog's save worker."""

    def __init__(self) -> None:
        self.confirmed: frozenset[Path] = frozenset()

    def check(self, paths: Sequence[Path]) -> None:
        from docfiler.outputs.overwrite import existing, refuse_overwrite

        found = frozenset(existing(paths))
        if not found or found <= self.confirmed:
            return
        self.confirmed = found
        refuse_overwrite(
            sorted(found),
            what_to_do="再按 ctrl+s 将覆盖它们；不想覆盖，请改一个名称后再按 ctrl+s。",
        )


def safe_name(text: str) -> str:
    """A file or folder name without the characters Windows refuses."""
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in text).strip() or "输出"


# ---------------------------------------------------------------------------- catalogue

OWN_GOVERNMENT = "本级人民政府及其办公室"
"""The catalogue's default scope, as the dialog shows it (CLI: no --authority)."""
ALL_AUTHORITIES = "全部制定机关（含政府部门）"
EVERYONE = "*all*"
"""The select's value for every authority (CLI: --all); no authority has this name."""


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
        self.overwrite = AskBeforeOverwrite()
        self.auto_output = self._default(today.isoformat())
        super().__init__(
            form_id="catalogue-dialog",
            title="生成现行有效行政规范性文件目录（Word）",
            note="列出截至该日有效的文件：已施行的，以及已公布、尚未施行的（备注写明施行日期）；"
            "修改决定不单列，写在被修改文件的备注中。默认为本级人民政府及其办公室的目录。"
            "过去的日期重现当时的目录。生成时按 Esc 可取消。",
            fields=[
                date_field("as_of", "截至日期", required=True, value=today.isoformat()),
                FormField(
                    "authority",
                    "制定机关",
                    "select",
                    options=[(ALL_AUTHORITIES, EVERYONE), *((name, name) for name in authorities)],
                    placeholder=OWN_GOVERNMENT,
                ),
                FormField(
                    "validity",
                    "有效期至",
                    "select",
                    options=[("加一列“有效期至”", "yes")],
                    placeholder="不列",
                ),
                FormField("output", "输出文件", required=True, value=self.auto_output),
            ],
            save=self.generate,
            success=lambda r: f"已生成《{r.title}》：{r.path}（{r.rows} 件）",
        )

    @staticmethod
    def _default(as_of: str) -> str:
        return default_output(f"现行有效行政规范性文件目录-{as_of}.docx")

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

        output = output_file(values["output"])
        self.overwrite.check([output])
        self.cancelled.clear()
        self.app.call_from_thread(self._show_running, True)
        chosen = values["authority"]
        return make_catalogue(
            office=office,
            output=output,
            as_of=values["as_of"],
            authorities=[chosen] if chosen and chosen != EVERYONE else (),
            everyone=chosen == EVERYONE,
            validity=values["validity"] == "yes",
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
        self.overwrite = AskBeforeOverwrite()
        super().__init__(
            form_id="repealed-list-dialog",
            title="生成废止和失效行政规范性文件目录（Word）",
            note="列出已废止、宣布失效和有效期届满的文件，写明废止/失效日期和理由。",
            fields=[
                date_field("since", "起始日期"),
                date_field("as_of", "截至日期", required=True, value=today.isoformat()),
                FormField(
                    "output",
                    "输出文件",
                    required=True,
                    value=default_output(f"废止和失效行政规范性文件目录-{today.isoformat()}.docx"),
                ),
            ],
            save=self.generate,
            success=lambda r: f"已生成《{r.title}》：{r.path}（{r.rows} 件）",
        )

    def generate(self, office: Office, values: Values) -> Any:
        from docfiler.outputs.catalogue import make_repealed_list

        output = output_file(values["output"])
        self.overwrite.check([output])
        return make_repealed_list(
            office=office,
            output=output,
            since=values["since"],
            as_of=values["as_of"],
            template_dir=template_dir(),
        )


# ---------------------------------------------------------------------------- cleanup report


class CleanupReportDialog(FormScreen):
    """生成清理材料: the lists of repealed, invalid and amended documents, the new catalogue and
    the appendix of changes, into one folder."""

    def __init__(self, campaign: str | int, name: str) -> None:
        self.campaign = campaign
        self.overwrite = AskBeforeOverwrite()
        super().__init__(
            form_id="cleanup-report-dialog",
            title=f"生成清理材料：{name}",
            note="生成废止、宣布失效、修改的文件目录，新的现行有效文件目录，以及目录变化情况。"
            "清理完成后才能生成。",
            fields=[
                FormField(
                    "folder", "输出文件夹", required=True, value=default_output(safe_name(name))
                )
            ],
            save=self.generate,
            success=lambda r: (
                f"已生成清理“{r.campaign}”的材料（{len(r.outputs)} 个文件）：{r.folder}"
            ),
        )

    def generate(self, office: Office, values: Values) -> Any:
        from docfiler.outputs.cleanup_report import make_cleanup_report
        from docfiler.outputs.overwrite import cleanup_report_files

        folder = output_folder(values["folder"])
        self.overwrite.check(cleanup_report_files(folder))
        return make_cleanup_report(
            office=office,
            campaign=self.campaign,
            folder=folder,
            template_dir=template_dir(),
        )
