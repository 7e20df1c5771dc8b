"""备案报告: the Word report of the filings one filing body is owed, then recording with one
more key (s) that every document it lists was submitted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.widgets import Button, Input, Select
from textual.worker import Worker, WorkerState

from tui.dialogs.output_dialog import OutputDialog, Shown
from tui.dialogs.output_paths import default_output, output_file, safe_name, template_dir
from tui.forms.base import FormField, Values, date_field
from tui.forms.filings import filings_to_submit, nothing_to_submit
from tui.keys import key_for
from tui.messages import SubmissionsRecorded
from tui.protocol import Host, host

if TYPE_CHECKING:
    from docfiler.office import Office


@dataclass(frozen=True)
class Report:
    """A generated report and the filing body it was made for."""

    body: str
    output: Any  # docfiler.outputs.word.WordOutput


class FilingReportDialog(OutputDialog):
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
        self.report: Report | None = None
        self.submit_key = key_for(self.BINDINGS, "submit_all")
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
        contact, phone = _configured_contact()
        fields += [
            FormField(
                "report_number",
                "发文字号",
                required=True,
                placeholder="备案报告本身的文号，如 盖政〔2026〕12号",
            ),
            FormField("signer", "签发人", required=True, placeholder="上行文须标注签发人"),
            date_field("report_date", "报告日期", required=True, value=today.isoformat()),
            FormField("contact", "联系人", value=contact),
            FormField("phone", "联系电话", value=phone),
            FormField("output", "输出文件", required=True, value=self.auto_output),
            date_field("submitted", "报送日期", required=True, value=today.isoformat()),
        ]
        listed = "、".join(self.documents) if self.documents else "向该机关待报送的全部文件"
        super().__init__(
            form_id="filing-report-dialog",
            title=f"生成备案报告：向{body}报送" if body else "生成备案报告",
            note=f"列出：{listed}。报告生成后按 {self.submit_key}，"
            "把列出的每件文件登记为在“报送日期”已报送备案。",
            fields=fields,
        )

    def _default(self, body: str) -> str:
        return default_output(f"备案报告-{safe_name(body)}-{self.today.isoformat()}.docx")

    def on_mount(self) -> None:
        # OutputDialog.on_mount and FormScreen.on_mount run too.
        self.query_one("#form-buttons").mount(
            Button(f"登记报送（{self.submit_key}）", id="submit-all", variant="success"),
            before="#save",
        )

    @on(Select.Changed, "#f-body")
    def _body_changed(self, event: Select.Changed) -> None:
        """The default file name names the body, until the clerk types a name of their own."""
        output = self.query_one("#f-output", Input)
        if output.value == self.auto_output and isinstance(event.value, str):
            self.auto_output = self._default(event.value)
            output.value = self.auto_output

    def targets(self, values: Values) -> list[Path]:
        return [output_file(values["output"])]

    def generate(self, office: Office, values: Values) -> Report:
        from docfiler.outputs.filing_report import make_filing_report

        body = self.body or values["body"]
        output = make_filing_report(
            office=office,
            output=output_file(values["output"]),
            body=body,
            documents=self.documents,
            report_number=values["report_number"],
            signer=values["signer"],
            on=values["report_date"],
            contact=values.get("contact"),
            phone=values.get("phone"),
            template_dir=template_dir(),
        )
        return Report(body, output)

    def describe(self, result: Report) -> Shown:
        output = result.output
        path = Path(output.path).resolve()
        numbers = output.documents
        text = (
            f"已生成《{output.title}》\n{path}\n"
            f"列出 {len(numbers)} 件：{'、'.join(numbers)}\n"
            f"报送后按 {self.submit_key} 登记报送（每件文件各登记一次，报送日期取上面的“报送日期”）。"
        )
        return Shown(text, path, path.parent)

    def show_result(self, result: Report) -> None:
        """Stay open: the next step is recording the submission of what the report lists (even
        if the clerk changes the fields afterwards, `s` records exactly those documents)."""
        self.report = result
        super().show_result(result)
        button = self.query_one("#submit-all", Button)
        button.set_class(True, "-ready")
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
        report = self.report
        self.submit_all(host(self.app).office, report.body, list(report.output.documents), values)

    @work(thread=True, exclusive=True, group="filing-submit", exit_on_error=False)
    def submit_all(self, office: Office, body: str, numbers: list[str], values: Values) -> None:
        """Each document is its own transaction: one refused filing does not undo the others."""
        from docfiler import services

        result = services.submit_filings(
            office=office, numbers=numbers, body=body, submitted=values["submitted"]
        )
        self.post_message(SubmissionsRecorded(list(result.done), list(result.refused)))

    @on(SubmissionsRecorded)
    def _submitted(self, message: SubmissionsRecorded) -> None:
        self.submitting = False
        app = self.app
        if message.done:
            host(app).notify_data_changed()
        late = [r for r in message.done if r.late_days]
        text = f"已登记报送 {len(message.done)} 件" + (
            "（其中超期：" + "、".join(f"{r.doc_number} {r.late_days} 日" for r in late) + "）"
            if late
            else ""
        )
        if not message.refused:
            self.dismiss({"report": self.report, "submitted": message.done})
            app.notify(text, title="已保存")
            return
        self.query_one("#submit-all", Button).disabled = False
        self.refresh_bindings()
        failures = "；".join(f"{number}：{reason}" for number, reason in message.refused)
        self.show_error(f"{text}；未登记 {len(message.refused)} 件：{failures}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # FormScreen's handler runs too (it handles the report's own worker).
        if event.worker.group == "filing-submit" and event.state == WorkerState.ERROR:
            self.submitting = False
            self.query_one("#submit-all", Button).disabled = False
            self.show_error("登记报送时发生了意外错误（详见错误对话框），请核对备案记录后重试。")
            host(self.app).report_worker_state(event)


def _configured_contact() -> tuple[str | None, str | None]:
    """联系人 and 电话 as config.toml gives them ([report] contact, phone)."""
    from docfiler.config import Settings
    from docfiler.outputs.filing_report import configured_contact

    return configured_contact(Settings.load())


def filing_report_for_document(app: Host, view: dict[str, Any]) -> FilingReportDialog | None:
    """备案报告 for one document (from its detail view): the body is asked for if it has several
    filings still to submit."""
    pending = [f["body"] for f in filings_to_submit(view)]
    if not pending:
        app.notify(nothing_to_submit(view), severity="warning")
        return None
    today = app.office.today()
    body = pending[0] if len(pending) == 1 else None
    return FilingReportDialog(body, [view["doc_number"]], today=today, bodies=pending)


def filing_report_for_body(app: Host) -> FilingReportDialog:
    """备案报告 of every filing still pending at one body (chosen in the dialog)."""
    bodies = list(app.office.rulebook.filing_bodies)
    return FilingReportDialog(None, today=app.office.today(), bodies=bodies)
