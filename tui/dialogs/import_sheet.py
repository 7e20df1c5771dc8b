"""从 Excel 导入登记簿 (issue 13, §1): an office's Excel/WPS/CSV register in, from the TUI.

Step 1: the file (the path field starts in the folder a sheet was last read from, else where the
Word picker starts) and, optionally, the sheet and columns named as `docfiler import --map` names
them. 预览 (ctrl+s, or Enter in a field) runs `plan_import` in the form's thread worker.
Step 2 shows what importing would do: the counts (新增/更新/跳过/有误), every bad row as
"第 N 行：原因", 跳过有误的行 (offered only when there are bad rows), and each field with the
column it is read from — a Select per field lists the sheet's columns and 不导入, and changing
one previews again. A workbook `docfiler export` wrote is shown as what it is: "docfiler 导出的
登记簿：将恢复 …", the authorities it adds, those kept as the database has them and what cannot
be restored, in `docfiler import`'s words (tui.dialogs.import_texts), with no columns to map. 导入 (disabled while bad rows block it) runs `run_import` in a worker with a
progress bar; Esc cancels it and nothing is written. The result stays on screen, and the screens
under the dialog reload (data-changed).
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState

from tui.dialogs.import_texts import (
    NO_COLUMN,
    SKIP_LABELS,
    blocked_by_plan,
    column_options,
    done_text,
    refuse_folder,
    remember_sheet_folder,
    row_lines,
    sheet_start_folder,
    summary_text,
)
from tui.forms.base import FormField, FormScreen, Values, split_names
from tui.messages import Saved
from tui.protocol import host

if TYPE_CHECKING:
    from docfiler.office import Office
    from docfiler.services.sheet_import import ImportDone, ImportPlan

CANCELLED = "已取消，未写入任何数据。"
STAGES = {"读取": "正在读取表格…", "检查": "正在检查各行…", "写入": "正在导入…"}


class SheetImported(Message, bubble=False):
    """run_import finished: what it wrote."""

    def __init__(self, done: Any) -> None:
        super().__init__()
        self.done = done


# ---------------------------------------------------------------------------- the dialog


class ImportSheetDialog(FormScreen):
    """从 Excel 导入登记簿: preview (the form's save), then 导入 (a worker of its own)."""

    HELP_TITLE: ClassVar[str] = "导入登记簿"
    HELP_NOTES: ClassVar[tuple[tuple[str, str], ...]] = (
        ("Enter / ctrl+s", "预览：各列的对应、将新增/更新/跳过的件数、有误的行"),
        ("Tab", "下一项（跳过有误的行、各列的对应、导入）"),
        ("Esc", "预览或导入时：取消（不写入任何数据）；否则关闭"),
    )
    SAVE_LABEL: ClassVar[str] = "预览"
    ENTER_SAVES: ClassVar[bool] = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "预览", priority=True, id="import_sheet.preview"),
    ]

    def __init__(self, start: Path | None = None) -> None:
        folder = start if start is not None else sheet_start_folder()
        self.cancelled = threading.Event()
        self.plan: ImportPlan | None = None
        self.plan_inputs: tuple[str, str, str] | None = None
        """The path, sheet and columns typed when the plan shown was read."""
        self.previewing: tuple[str, str, str] | None = None
        self.overrides: dict[str, str] = {}
        """Field label → column letter ("" 不导入), as chosen in the mapping Selects."""
        self.map_fields: dict[str, str] = {}
        """A mapping Select's id → its field label."""
        self.reading = False
        """A preview is being read (the form's save worker runs)."""
        self.importing = False
        self.done: ImportDone | None = None
        super().__init__(
            form_id="import-sheet-dialog",
            title="从 Excel 导入登记簿",
            note="先预览：各列的对应，将新增、更新、跳过的件数和有误的行；确认无误后按“导入”，"
            "在一个事务中全部写入（取消或出错则一件也不写入）。",
            fields=[
                FormField(
                    "path",
                    "表格文件",
                    required=True,
                    value=os.path.join(folder, ""),
                    placeholder="如 ~/文档/规范性文件目录.xlsx",
                    hint=".xlsx、.xls、.et（WPS 表格）、.ods 或 .csv；按 Enter 预览",
                ),
                FormField("sheet", "工作表", placeholder="默认第一个工作表"),
                FormField(
                    "columns",
                    "列对应",
                    placeholder="认不出的列在此指明，如 文号=C 标题=文件名称",
                ),
            ],
            save=self._preview,
            success="",
        )

    # ------------------------------------------------------------------ layout

    def on_mount(self) -> None:
        # FormScreen.on_mount runs too (focus on the path field).
        self.query_one("#form-buttons").mount(
            Button("导入", id="import", variant="success", disabled=True), before="#cancel"
        )
        self.query_one(".form-box").mount(
            Horizontal(
                Label("正在读取表格…", id="progress-label"),
                ProgressBar(id="import-progress-bar", show_eta=False),
                classes="output-progress",
                id="import-progress",
            ),
            before="#form-error",
        )
        self.query_one(".form-fields").mount(
            Vertical(
                Static("", id="import-done", markup=False),
                Static("", id="plan-summary", markup=False),
                Checkbox(
                    "跳过有误的行，导入其余的行（跳过的行记入操作记录）",
                    id="skip-bad",
                    compact=True,
                ),
                Static("", id="import-hint", markup=False),
                VerticalScroll(Static("", id="plan-rows-text", markup=False), id="plan-rows"),
                Label("各列的对应（改一项即重新预览）：", classes="plan-heading"),
                Vertical(id="plan-mapping"),
                id="plan",
            )
        )

    def on_resize(self) -> None:
        # FormScreen's handler runs too; the 导入 button follows its other buttons.
        with contextlib.suppress(Exception):
            self.query_one("#import", Button).compact = self.has_class("-short")

    def has_unsaved_input(self) -> bool:
        """A path and a sheet name are nothing to ask about before closing."""
        return False

    # ------------------------------------------------------------------ preview

    def before_save(self, values: Values, go: Any) -> None:
        if self.importing:
            return
        inputs = (values["path"] or "", values["sheet"] or "", values["columns"] or "")
        if self.plan_inputs is not None and inputs[:2] != self.plan_inputs[:2]:
            self.overrides.clear()  # another file or sheet: its own columns
        self.previewing = inputs
        self.reading = True
        self.cancelled.clear()
        self._show_running("正在读取表格…")
        self._update_import()
        go()

    def _preview(self, office: Office, values: Values) -> ImportPlan:
        """FormScreen's save worker: read and check the sheet; nothing is written."""
        from docfiler.services.sheet_import import plan_import

        path = Path(values["path"]).expanduser()
        refuse_folder(path)
        mapping = split_names(values["columns"])
        mapping += [f"{label}={column}" for label, column in self.overrides.items()]
        plan = plan_import(
            office=office,
            path=path,
            sheet=values["sheet"],
            mapping=mapping,
            progress=self._report,
        )
        remember_sheet_folder(path.resolve().parent)
        return plan

    def _report(self, stage: str, done: int, total: int) -> None:
        """plan_import's and run_import's progress (on the worker's thread); raising cancels."""
        from docfiler.errors import ValidationError

        if self.cancelled.is_set():
            raise ValidationError(CANCELLED)
        self.app.call_from_thread(self._progress, stage, done, total)

    def _progress(self, stage: str, done: int, total: int) -> None:
        self.query_one("#import-progress-bar", ProgressBar).update(
            total=max(total, 1), progress=done
        )
        unit = "件" if stage == "写入" else "行"
        label = STAGES.get(stage, "正在处理…")
        self.query_one("#progress-label", Label).update(f"{label} {done}/{total} {unit}")

    def _show_running(self, text: str | None) -> None:
        self.query_one("#import-progress").set_class(text is not None, "-running")
        if text is not None:
            self.query_one("#progress-label", Label).update(text)
            self.query_one("#import-progress-bar", ProgressBar).update(total=None, progress=0)

    @on(Saved)
    async def _previewed(self, message: Saved) -> None:
        """Show the plan (FormScreen's handler would close the dialog)."""
        message.prevent_default()
        self.reading = False
        self._show_running(None)
        self.plan = plan = message.result
        self.plan_inputs = self.previewing
        self.done = None
        self.query_one("#import-done").display = False
        self.query_one("#plan").set_class(True, "-ready")
        self.query_one("#plan-summary", Static).update(summary_text(plan))
        self.query_one("#plan-rows-text", Static).update("\n".join(row_lines(plan)))
        skip = self.query_one("#skip-bad", Checkbox)
        skip.label = SKIP_LABELS[plan.restore is not None]
        skip.display = bool(plan.bad)
        if not plan.bad:
            skip.value = False
        await self._show_mapping(plan)
        self._update_import()
        button = self.query_one("#import", Button)
        target = button if not button.disabled else skip if plan.bad else None
        if target is not None and not isinstance(self.focused, Select):
            target.focus()
        self.call_after_refresh(self._scroll_to_plan)

    def _scroll_to_plan(self) -> None:
        self.query_one("#plan").scroll_visible(animate=False, top=True)

    async def _show_mapping(self, plan: ImportPlan) -> None:
        """A Select per field, on the column it is read from now (rebuilt for every plan)."""
        from docfiler.services.sheet_import import field_labels

        box = self.query_one("#plan-mapping", Vertical)
        focused = self.map_fields.get(getattr(self.focused, "id", None) or "")
        options = column_options(plan)
        current = {m["field"]: m["column"] for m in plan.mapping}
        await box.remove_children()
        self.map_fields = {}
        restoring = plan.restore is not None  # docfiler's own workbook: no columns to map
        box.display = not restoring
        self.query_one(".plan-heading").display = not restoring
        if restoring:
            return
        rows = []
        for index, label in enumerate(field_labels()):
            select_id = f"map-{index}"
            self.map_fields[select_id] = label
            select = Select(
                options,
                value=current.get(label, NO_COLUMN),
                allow_blank=False,
                id=select_id,
                classes="map-select",
                compact=True,
            )
            rows.append(Horizontal(Label(label, classes="form-label"), select, classes="form-row"))
        await box.mount_all(rows)
        if focused is not None:
            select_id = next(i for i, label in self.map_fields.items() if label == focused)
            self.query_one(f"#{select_id}", Select).focus()

    @on(Select.Changed, ".map-select")
    def _mapping_changed(self, event: Select.Changed) -> None:
        label = self.map_fields.get(event.select.id or "")
        if label is None or self.plan is None or self.importing or self.reading:
            return  # (while a preview is read, the Selects are about to be rebuilt)
        chosen = NO_COLUMN if event.value is Select.NULL else str(event.value)
        current = {m["field"]: m["column"] for m in self.plan.mapping}
        if self.plan_inputs is not None and chosen == current.get(label, NO_COLUMN):
            return  # the plan's own mapping (a Select just built)
        self.overrides[label] = chosen
        self.action_save()

    # ------------------------------------------------------------------ import

    @on(Input.Changed, "#f-path, #f-sheet, #f-columns")
    @on(Checkbox.Changed, "#skip-bad")
    def _inputs_changed(self) -> None:
        if self.is_mounted:
            self._update_import()

    def _typed_inputs(self) -> tuple[str, str, str]:
        typed = self.typed()
        return (typed["path"].strip(), typed["sheet"].strip(), typed["columns"].strip())

    def blocked(self) -> str | None:
        """Why 导入 cannot run now (what the clerk reads under the counts), None if it can."""
        plan = self.plan
        if plan is None or self.reading or self.importing or self.done is not None:
            return ""
        if self.plan_inputs is None:
            return "预览未完成：请按上面的提示改正，再按 Enter 或 ctrl+s 重新预览。"
        if self.plan_inputs != self._typed_inputs():
            return "文件、工作表或列对应已改动：请按 Enter 或 ctrl+s 重新预览。"
        return blocked_by_plan(plan, self.query_one("#skip-bad", Checkbox).value)

    def _update_import(self) -> None:
        why = self.blocked()
        self.query_one("#import", Button).disabled = why is not None
        hint = self.query_one("#import-hint", Static)
        text = "按“导入”在一个事务中写入；导入时按 Esc 可取消（一件也不写入）。"
        hint.update(text if why is None else why)
        hint.set_class(bool(why), "-blocked")
        hint.display = why != ""

    @on(Button.Pressed, "#import")
    def action_import(self) -> None:
        office = host(self.app).office
        if self.blocked() is not None or office is None or self.plan is None:
            return
        skip_bad = self.query_one("#skip-bad", Checkbox).value
        self.importing = True
        self.cancelled.clear()
        self.show_error("")
        self._show_running("正在导入…")
        self._update_import()
        self.query_one("#save", Button).disabled = True
        self.run_import(office, self.plan, skip_bad)

    @work(thread=True, exclusive=True, group="sheet-import", exit_on_error=False)
    def run_import(self, office: Office, plan: ImportPlan, skip_bad: bool) -> None:
        from docfiler.services.sheet_import import run_import

        done = run_import(office=office, plan=plan, skip_bad=skip_bad, progress=self._report)
        self.post_message(SheetImported(done))

    @on(SheetImported)
    def _imported(self, message: SheetImported) -> None:
        self.importing = False
        self.done = message.done
        self._show_running(None)
        text = done_text(message.done)
        result = self.query_one("#import-done", Static)
        result.update(text)
        result.display = True
        self.query_one("#save", Button).disabled = False
        self.query_one("#cancel", Button).label = "关闭（Esc）"
        self._update_import()
        self.query_one("#cancel", Button).focus()
        self.call_after_refresh(self._scroll_to_plan)
        docfiler = host(self.app)
        docfiler.notify_data_changed()
        docfiler.refresh_choices()
        self.app.notify(text, title="已恢复" if message.done.restored is not None else "已导入")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # FormScreen's handler runs too: it shows a refused preview inside the dialog.
        if event.worker.group == "form-save" and event.state in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            self.reading = False
            self.plan_inputs = None  # the plan shown is not what the fields say now
            self._show_running(None)
            self._update_import()
        if event.worker.group != "sheet-import" or event.state not in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        self.importing = False
        self._show_running(None)
        self.query_one("#save", Button).disabled = False
        self._update_import()
        from docfiler.errors import DocfilerError, explain

        error = event.worker.error
        if error is not None and not isinstance(error, DocfilerError):
            error = explain(error) or error
        if isinstance(error, DocfilerError):
            self.show_error(error.for_surface("tui"))
        elif event.state == WorkerState.CANCELLED:
            self.show_error(CANCELLED)
        else:
            self.show_error("导入未完成，未写入任何数据：发生了意外错误（详见错误对话框）。")
            host(self.app).report_worker_state(event)

    # ------------------------------------------------------------------ closing

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.prevent_default()  # not FormScreen's: this one cancels a run first
        self.action_cancel()

    def action_cancel(self) -> None:
        if self.importing or self.saving:
            self.cancelled.set()
            self.query_one("#progress-label", Label).update("正在取消…")
            return
        self.dismiss(self.done)
