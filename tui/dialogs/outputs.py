"""Word outputs from the TUI: the catalogue (with progress, cancellable), the list of repealed
and invalid documents, and a finished campaign's cleanup materials.

Every dialog here is an `OutputDialog` (tui.dialogs.output_dialog): Enter generates with the
defaults, an existing file is replaced only after asking, and the result stays on screen with
the full path and buttons to open the file or its folder. The docfiler call runs in the form's
thread worker, and a refusal is shown inside the dialog in the service's own words. The outputs
go by default to ~/docfiler-输出/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.widgets import Input

from tui.dialogs.output_dialog import OutputDialog, Shown
from tui.dialogs.output_paths import (
    default_output,
    output_file,
    output_folder,
    safe_name,
    template_dir,
)
from tui.forms.base import FormField, Values, date_field

if TYPE_CHECKING:
    from docfiler.office import Office


def listing_shown(result: Any) -> Shown:
    """A generated list (目录, 废止失效目录, 汇编): its title, count and full path."""
    path = Path(result.path).resolve()
    return Shown(f"已生成《{result.title}》（{result.rows} 件）\n{path}", path, path.parent)


# ---------------------------------------------------------------------------- catalogue

OWN_GOVERNMENT = "本级人民政府及其办公室"
"""The catalogue's default scope, as the dialog shows it (CLI: no --authority)."""
ALL_AUTHORITIES = "全部制定机关（含政府部门）"
EVERYONE = "*all*"
"""The select's value for every authority (CLI: --all); no authority has this name."""


def authority_field(authorities: Sequence[str]) -> FormField:
    """制定机关: the government's own by default, every authority, or one (CLI: --authority)."""
    return FormField(
        "authority",
        "制定机关",
        "select",
        options=[(ALL_AUTHORITIES, EVERYONE), *((name, name) for name in authorities)],
        placeholder=OWN_GOVERNMENT,
    )


def chosen_authorities(values: Values) -> dict[str, Any]:
    """The generator's `authorities` and `everyone` from the 制定机关 field."""
    chosen = values["authority"]
    return {
        "authorities": [chosen] if chosen and chosen != EVERYONE else (),
        "everyone": chosen == EVERYONE,
    }


class DatedOutputDialog(OutputDialog):
    """An output as of a date whose default file name carries the date: the name follows the
    截至日期 field, until the clerk types a name of their own."""

    FILE_NAME = "{as_of}.docx"

    def __init__(self, *, today: dt.date, **kwargs: Any) -> None:
        self.auto_output = self.default_name(today.isoformat())
        super().__init__(**kwargs)

    def default_name(self, as_of: str) -> str:
        return default_output(self.FILE_NAME.format(as_of=as_of))

    @on(Input.Changed, "#f-as_of")
    def _as_of_changed(self, event: Input.Changed) -> None:
        output = self.query_one("#f-output", Input)
        if output.value != self.auto_output:
            return
        from docfiler.domain.dates import parse_date
        from docfiler.errors import ValidationError

        try:
            day = parse_date(event.value, "截至日期")
        except ValidationError:
            return
        self.auto_output = self.default_name(day.isoformat())
        output.value = self.auto_output

    def targets(self, values: Values) -> list[Path]:
        return [output_file(values["output"])]

    def describe(self, result: Any) -> Shown:
        return listing_shown(result)


class CatalogueDialog(DatedOutputDialog):
    """现行有效规范性文件目录: generated in a thread worker with a progress bar; Esc cancels."""

    PROGRESS = True
    FILE_NAME = "现行有效行政规范性文件目录-{as_of}.docx"

    def __init__(self, today: dt.date, authorities: Sequence[str] = ()) -> None:
        super().__init__(
            today=today,
            form_id="catalogue-dialog",
            title="生成现行有效行政规范性文件目录（Word）",
            note="列出截至该日有效的文件：已施行的，以及已公布、尚未施行的（备注写明施行日期）；"
            "修改决定不单列，写在被修改文件的备注中。默认为本级人民政府及其办公室的目录。"
            "过去的日期重现当时的目录。按 Enter 生成；生成时按 Esc 可取消。",
            fields=[
                date_field("as_of", "截至日期", required=True, value=today.isoformat()),
                authority_field(authorities),
                FormField(
                    "validity",
                    "有效期至",
                    "select",
                    options=[("加一列“有效期至”", "yes")],
                    placeholder="不列",
                ),
                FormField(
                    "output", "输出文件", required=True, value=self.default_name(today.isoformat())
                ),
            ],
        )

    def generate(self, office: Office, values: Values) -> Any:
        """Runs in FormScreen's thread worker; the progress bar is fed through call_from_thread."""
        from docfiler.outputs.catalogue import make_catalogue

        return make_catalogue(
            office=office,
            output=output_file(values["output"]),
            as_of=values["as_of"],
            **chosen_authorities(values),
            validity=values["validity"] == "yes",
            template_dir=template_dir(),
            progress=self.report_progress,
            cancelled=self.cancelled.is_set,
        )


# ---------------------------------------------------------------------------- repealed list


class RepealedListDialog(DatedOutputDialog):
    """废止和失效规范性文件目录, optionally only those that ended since a date."""

    FILE_NAME = "废止和失效行政规范性文件目录-{as_of}.docx"

    def __init__(self, today: dt.date) -> None:
        super().__init__(
            today=today,
            form_id="repealed-list-dialog",
            title="生成废止和失效行政规范性文件目录（Word）",
            note="列出已废止、宣布失效和有效期届满的文件，写明废止/失效日期和理由。按 Enter 生成。",
            fields=[
                date_field("since", "起始日期"),
                date_field("as_of", "截至日期", required=True, value=today.isoformat()),
                FormField(
                    "output", "输出文件", required=True, value=self.default_name(today.isoformat())
                ),
            ],
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


# ---------------------------------------------------------------------------- cleanup report


class CleanupReportDialog(OutputDialog):
    """生成清理材料: the lists of repealed, invalid and amended documents, the new catalogue and
    the appendix of changes, into one folder."""

    OUTPUT_FIELD = "folder"

    def __init__(self, campaign: str | int, name: str) -> None:
        self.campaign = campaign
        super().__init__(
            form_id="cleanup-report-dialog",
            title=f"生成清理材料：{name}",
            note="生成废止、宣布失效、修改的文件目录，新的现行有效文件目录，以及目录变化情况。"
            "清理完成后才能生成。按 Enter 生成。",
            fields=[
                FormField(
                    "folder", "输出文件夹", required=True, value=default_output(safe_name(name))
                )
            ],
        )

    def targets(self, values: Values) -> list[Path]:
        from docfiler.outputs.overwrite import cleanup_report_files

        return cleanup_report_files(output_folder(values["folder"]))

    def generate(self, office: Office, values: Values) -> Any:
        from docfiler.outputs.cleanup_report import make_cleanup_report

        return make_cleanup_report(
            office=office,
            campaign=self.campaign,
            folder=output_folder(values["folder"]),
            template_dir=template_dir(),
        )

    def describe(self, result: Any) -> Shown:
        folder = Path(result.folder).resolve()
        text = f"已生成清理“{result.campaign}”的材料（{len(result.outputs)} 个文件）\n{folder}"
        return Shown(text, None, folder)
