"""规范性文件汇编 from the TUI: the same generator the CLI's `compilation` calls (a cover, a table
of contents with page numbers, each valid document's full text), with progress; Esc cancels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tui.dialogs.output_dialog import Shown
from tui.dialogs.output_paths import output_file, template_dir
from tui.dialogs.outputs import (
    DatedOutputDialog,
    authority_field,
    chosen_authorities,
    listing_shown,
)
from tui.forms.base import FormField, Values, date_field

if TYPE_CHECKING:
    from docfiler.office import Office

MAX_LISTED = 20
"""文号 named in the warning about documents with no text; the rest are counted."""


class CompilationDialog(DatedOutputDialog):
    """现行有效行政规范性文件汇编 (Word), in the catalogue's order and scope."""

    PROGRESS = True
    FILE_NAME = "现行有效行政规范性文件汇编-{as_of}.docx"

    def __init__(self, today: dt.date, authorities: Sequence[str] = (), editor: str = "") -> None:
        super().__init__(
            today=today,
            form_id="compilation-dialog",
            title="生成现行有效行政规范性文件汇编（Word）",
            note="封面、带页码的目录和每件文件的全文，收录的文件与同日的现行有效文件目录相同。"
            "没有录入正文的文件写“（正文未录入）”。排页码要用 LibreOffice，文件多时需要几分钟。"
            "按 Enter 生成；生成时按 Esc 可取消。",
            fields=[
                date_field("as_of", "截至日期", required=True, value=today.isoformat()),
                authority_field(authorities),
                FormField("editor", "编印单位", placeholder=editor or "本级人民政府"),
                FormField(
                    "pages",
                    "目录页码",
                    "select",
                    options=[("不排页码（快；在 Word 中“更新域”填写）", "no")],
                    placeholder="用 LibreOffice 排好页码",
                ),
                FormField(
                    "output",
                    "输出文件",
                    required=True,
                    value=self.default_name(today.isoformat()),
                ),
            ],
        )

    def generate(self, office: Office, values: Values) -> Any:
        from docfiler.outputs.compilation import make_compilation

        return make_compilation(
            office=office,
            output=output_file(values["output"]),
            as_of=values["as_of"],
            **chosen_authorities(values),
            editor=values["editor"],
            template_dir=template_dir(),
            paginate=values["pages"] != "no",
            progress=self.report_progress,
            cancelled=self.cancelled.is_set,
        )

    def describe(self, result: Any) -> Shown:
        shown = listing_shown(result)
        warnings = compilation_warnings(result, paginate=self.query_one("#f-pages").value != "no")
        return Shown("\n".join([shown.text, *warnings]), shown.file, shown.folder)


def compilation_warnings(result: Any, *, paginate: bool) -> list[str]:
    """What the clerk should know about a generated compilation (as the CLI warns)."""
    warnings = []
    if result.missing_text:
        listed = "、".join(result.missing_text[:MAX_LISTED])
        more = f"等 {len(result.missing_text)} 件" if len(result.missing_text) > MAX_LISTED else ""
        warnings.append(
            f"注意：{listed}{more}没有录入正文，汇编中写“（正文未录入）”。"
            "打开这些文件录入正文后，重新生成即可。"
        )
    if result.rows and not result.paged and paginate:
        warnings.append(
            f"注意：目录未填页码（{result.paging_problem}）。在 Word 中右键单击目录、选“更新域”即可填上。"
        )
    elif result.paging_problem:
        warnings.append(f"注意：{result.paging_problem}，这些文件的目录页码未填。")
    return warnings
