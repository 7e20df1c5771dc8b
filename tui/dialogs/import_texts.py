"""What the import dialog (tui.dialogs.import_sheet) shows and where it starts: the folder a
sheet was last read from, a folder typed refused with the sheets in it, the preview's texts —
for an office's register (counts, bad rows, columns) and for docfiler's own workbook (what the
restore brings back, the authorities it adds or keeps, what cannot be restored: the same words
as `docfiler import`, from services.sheet_restorer) — and why 导入 cannot run."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docfiler.services.sheet_import import ImportDone, ImportPlan

SHEET_SUFFIXES = (".xlsx", ".xls", ".et", ".ods", ".csv")
SHEET_FOLDER = "sheet_folder"
"""The key under which tui.memory keeps the folder a sheet was last read from."""
NO_COLUMN = ""
"""A mapping Select's value for 不导入."""
LISTED_FILES = 8


def sheet_start_folder() -> Path:
    """Where the path field starts: the folder a sheet was last read from, else the Word
    picker's (the folder last read from, 文档, home)."""
    from tui.memory import docx_start_folder, load

    last = load().get(SHEET_FOLDER)
    if isinstance(last, str) and last:
        with contextlib.suppress(OSError):
            if Path(last).is_dir():
                return Path(last)
    return docx_start_folder()


def remember_sheet_folder(folder: Path) -> None:
    from tui.memory import remember

    remember(**{SHEET_FOLDER: str(folder)})


def refuse_folder(path: Path) -> None:
    """A folder typed (or the prefilled one left as it is): say which sheets it holds."""
    from docfiler.errors import ValidationError

    if not path.is_dir():
        return
    try:
        names = sorted(
            p.name
            for p in path.iterdir()
            if p.suffix.lower() in SHEET_SUFFIXES and not p.name.startswith((".", "~$"))
        )
    except OSError:
        names = []
    found = "、".join(names[:LISTED_FILES]) + ("等" if len(names) > LISTED_FILES else "")
    listed = f"该文件夹中的表格：{found}。" if names else "该文件夹中没有表格文件。"
    raise ValidationError(
        f"“{path}”是文件夹：请在路径后面接着输入表格的文件名（如 登记簿.xlsx），再按 Enter 预览。"
        + listed
    )


def summary_text(plan: ImportPlan) -> str:
    """The preview's head: where the rows come from and what importing them would do; for
    docfiler's own workbook, what restoring it brings back."""
    if plan.restore is not None:
        return "\n".join([f"文件：{plan.file}", *plan.restore.summary_lines()])
    where = f"，工作表“{plan.sheet}”" if plan.sheet else ""
    lines = [f"文件：{plan.file}{where}（表头在第 {plan.header_row} 行）"]
    if len(plan.sheets) > 1:
        lines.append(f"本文件的工作表：{'、'.join(plan.sheets)}（在“工作表”中可另选）")
    ignored = f"（另有 {plan.ignored} 个空行或分类标题行，不导入）" if plan.ignored else ""
    lines.append(f"共 {plan.rows} 行文件{ignored}：")
    lines.append(
        f"新增 {plan.added} 件　更新 {len(plan.updated)} 件　"
        f"跳过 {len(plan.skipped)} 件（已在登记簿中、内容一致）　有误 {len(plan.bad)} 行"
    )
    if plan.unused:
        unused = "、".join(f"{u['column']} 列“{u['header']}”" for u in plan.unused)
        lines.append(f"不导入的列：{unused}")
    return "\n".join(lines)


def row_lines(plan: ImportPlan) -> list[str]:
    """Every bad row, then every row that updates a document, one to a line; for docfiler's
    own workbook, the authorities kept as the database has them and what cannot be restored."""
    if plan.restore is not None:
        return plan.restore.listed_lines() or ["没有无法恢复的内容。"]
    lines = []
    if plan.bad:
        lines.append(f"有误的行（{len(plan.bad)} 行）：")
        lines += [f"  {problem.line()}" for problem in plan.bad]
    if plan.updated:
        lines.append(f"将更新（{len(plan.updated)} 件）：")
        lines += [f"  第 {update.row} 行：{update.described()}" for update in plan.updated]
    return lines or ["没有有误的行。"]


def column_options(plan: ImportPlan) -> list[tuple[str, str]]:
    """The sheet's columns with a header, as a mapping Select lists them, then 不导入."""
    columns = {m["column"]: m["header"] for m in plan.mapping}
    columns |= {u["column"]: u["header"] for u in plan.unused}
    ordered = sorted(columns, key=lambda letter: (len(letter), letter))
    return [(f"{letter} 列“{columns[letter]}”", letter) for letter in ordered] + [
        ("不导入", NO_COLUMN)
    ]


def done_text(done: ImportDone) -> str:
    if done.restored is not None:
        from docfiler.services.sheet_restorer import done_text as restored_text

        return restored_text(done.restored, done.bad_skipped)
    text = f"已导入：新增 {done.added} 件，更新 {done.updated} 件，跳过 {done.skipped} 件（已在登记簿中）"
    if done.bad_skipped:
        text += f"，跳过有误的 {done.bad_skipped} 行（已记入操作记录）"
    return text + "。"


def blocked_by_plan(plan: ImportPlan, skip_bad: bool) -> str | None:
    """Why the plan cannot be imported as it stands (bad rows not skipped, nothing to import)."""
    restore = plan.restore
    if plan.bad and not skip_bad:
        if restore is not None:
            return (
                f"有 {len(plan.bad)} 处无法恢复，不能导入：请改正工作簿或先登记所缺的制定机关后"
                f"重新预览，或勾选“{SKIP_LABELS[True]}”（跳过的记入操作记录）。"
            )
        return (
            f"有 {len(plan.bad)} 行有误，不能导入：请改正表格后重新预览，"
            "或勾选“跳过有误的行”（跳过的行记入操作记录）。"
        )
    if restore is not None and not any(restore.counts.values()):
        return "没有需要恢复的内容：工作簿中没有文件、清理活动或需新增的制定机关。"
    if restore is None and plan.added == 0 and not plan.updated:
        return "没有需要导入的内容：表中的文件都已在登记簿中，或没有文件行。"
    return None


SKIP_LABELS = {
    False: "跳过有误的行，导入其余的行（跳过的行记入操作记录）",
    True: "跳过无法恢复的内容，恢复其余的（跳过的记入操作记录）",
}
"""The 跳过 checkbox: for an office's sheet (False) or docfiler's own workbook (True)."""
