"""`docfiler import` (issue 13, §1): an office's existing register from an Excel/CSV sheet.

The preview comes first (docfiler.services.sheet_import.plan_import): which column is read as
what, how many documents would be added, updated and skipped, every bad row with its row number
in the sheet. Nothing is written until the clerk confirms (or gave --yes); then all rows go in
one transaction, or none.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from docfiler.cli.printing import echo_json, echo_lines
from docfiler.cli.state import state_of
from docfiler.cli.zh import ChineseTyper
from docfiler.errors import ValidationError

commands = ChineseTyper()

IMPORT_HELP = (
    "从 Excel（.xlsx、.xls）、WPS 表格（.et）、.ods 或 .csv 表格导入本机关已有的规范性文件登记簿，"
    "一行一件文件。表头可以不在第一行（上面的标题行会跳过），各种叫法（文件名称/标题、发文字号/文号、"
    "发文机关、印发日期/发布日期、施行日期、有效期、状态/是否有效、备案情况、备注……）自动对应；"
    "认不出的列用 --map 指明。先显示预览：各列的对应，将新增、更新、跳过的件数，每个有误的行"
    "（第几行、什么问题）；确认后在一个事务中全部导入，中途出错或中断则一件也不写入。"
    "登记簿中已有的文件不会重复登记：内容一致的跳过，表中多出的废止、失效日期或备案日期据表登记。"
    "已公布的文件按“历史导入”登记，不虚构听取意见、合法性审核、集体讨论决定等环节。"
    "有误的行会使整个导入不执行，除非加 --skip-bad（跳过的行记入操作记录）。"
    "docfiler export 导出的工作簿（文件、备案、程序、关系、清理决定五张表，新版另有制定机关表）"
    "会被识别并整体恢复：文件连同办理程序、备案（含补正后重新报送）、关系、制定依据和清理决定，"
    "逐项按与手工登记相同的规则登记；登记簿中没有的制定机关按制定机关表新增（与 authority add "
    "相同的规则），已有的以登记簿为准，不一致之处在预览中列出。"
    "退出码：导入完成或预览无误为 0，有误的行未跳过、取消或出错为 1。"
)
MAP_HELP = (
    "指明某一列的含义，可重复：字段=表头，如 --map 标题=文件名称、--map 文号=C（第 C 列）；"
    "字段=（等号后留空）表示不导入该字段。字段：文号、标题、制定机关、起草单位、公布日期、施行日期、"
    "有效期、有效期至、状态、废止失效日期、废止失效理由、备案情况、备案日期、备案号、登记号、备注。"
)
LISTED_SKIPS = 20


@commands.command("import", help=IMPORT_HELP)
def import_cmd(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="登记簿表格文件（.xlsx、.xls、.et、.ods、.csv）。",
            metavar="表格文件",
            show_default=False,
        ),
    ],
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="工作表名称；默认第一个（可见的）工作表。")
    ] = None,
    mapping: Annotated[list[str] | None, typer.Option("--map", help=MAP_HELP)] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只显示预览，不写入任何数据。")
    ] = False,
    skip_bad: Annotated[
        bool,
        typer.Option("--skip-bad", help="跳过有误的行，导入其余的行；跳过的行记入操作记录。"),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="不再询问，预览后直接导入。")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出预览和结果。")] = False,
) -> int:
    from docfiler.services.sheet_import import plan_import, run_import

    if as_json and not (yes or dry_run):
        raise ValidationError(
            "加 --json 时不能询问确认：请同时加 --yes（预览后直接导入）或 --dry-run（只预览）。"
        )
    office = state_of(ctx).office()
    plan = plan_import(
        office=office, path=file, sheet=sheet, mapping=mapping or [], progress=_progress()
    )
    refused = bool(plan.bad) and not skip_bad
    if as_json:
        return _as_json(
            office, plan, run_import, refused=refused, dry_run=dry_run, skip_bad=skip_bad
        )
    echo_lines(preview_lines(plan))
    if refused:
        return _refused(plan)
    if dry_run:
        typer.echo("试导入（--dry-run）：未写入任何数据。")
        return 0
    if nothing_to_import(plan):
        typer.echo("没有需要导入的内容：表中的文件都已在登记簿中，或没有文件行。")
        return 0
    if not yes and not typer.confirm(_question(plan, skip_bad), default=False):
        typer.echo("已取消，未写入任何数据。")
        return 1
    done = run_import(office=office, plan=plan, skip_bad=skip_bad, progress=_progress())
    typer.echo(done_line(done))
    return 0


def _refused(plan) -> int:
    """Say that bad rows (or what cannot be restored) stop the import; the exit code."""
    if plan.restore is not None:
        typer.echo(
            f"有无法恢复的内容：请改正工作簿或先登记所缺的制定机关后重新导入，或加 --skip-bad 跳过这"
            f" {len(plan.bad)} 处（跳过的记入操作记录）。未写入任何数据。",
            err=True,
        )
        return 1
    typer.echo(
        f"有误的行不能导入：请改正表格后重新导入，或加 --skip-bad 跳过这 {len(plan.bad)} 行"
        "（跳过的行记入操作记录）。未写入任何数据。",
        err=True,
    )
    return 1


def _as_json(office, plan, run_import, *, refused: bool, dry_run: bool, skip_bad: bool) -> int:
    if refused or dry_run:
        echo_json({"plan": plan.as_json(), "imported": None})
        if refused:
            typer.echo(f"错误：{len(plan.bad)} 行有误，未导入（可加 --skip-bad 跳过）。", err=True)
        return 1 if refused else 0
    done = run_import(office=office, plan=plan, skip_bad=skip_bad)
    echo_json({"plan": plan.as_json(), "imported": done.as_json()})
    return 0


def _question(plan, skip_bad: bool) -> str:
    if plan.restore is not None:
        skipped = f"，跳过无法恢复的 {len(plan.bad)} 处" if skip_bad and plan.bad else ""
        return f"确认恢复（{plan.restore.described()}{skipped}）？"
    skipped = f"，跳过有误的 {len(plan.bad)} 行" if skip_bad and plan.bad else ""
    return f"确认导入（新增 {plan.added} 件，更新 {len(plan.updated)} 件{skipped}）？"


def preview_lines(plan) -> list[str]:
    """The preview as the clerk reads it."""
    if plan.restore is not None:
        return restore_lines(plan)
    where = f"，工作表“{plan.sheet}”" if plan.sheet else ""
    lines = [f"文件：{plan.file}{where}（表头在第 {plan.header_row} 行）", "各列的对应："]
    lines += [f"  {m['field']} ← {m['column']} 列“{m['header']}”" for m in plan.mapping]
    if plan.unused:
        unused = "、".join(f"{u['column']} 列“{u['header']}”" for u in plan.unused)
        lines.append(f"  不导入的列：{unused}")
    ignored = f"（另有 {plan.ignored} 个空行或分类标题行，不导入）" if plan.ignored else ""
    lines.append(f"共 {plan.rows} 行文件{ignored}：")
    lines.append(
        f"  新增 {plan.added} 件，更新 {len(plan.updated)} 件，"
        f"跳过 {len(plan.skipped)} 件（已在登记簿中、内容一致），有误 {len(plan.bad)} 行"
    )
    if plan.updated:
        lines.append("将更新：")
        lines += [f"  第 {u.row} 行：{u.described()}" for u in plan.updated]
    if plan.skipped:
        lines.append("将跳过：")
        lines += [f"  {p.line()}" for p in plan.skipped[:LISTED_SKIPS]]
        if len(plan.skipped) > LISTED_SKIPS:
            lines.append(f"  ……另有 {len(plan.skipped) - LISTED_SKIPS} 行")
    if plan.bad:
        lines.append(f"有误的行（{len(plan.bad)} 行）：")
        lines += [f"  {p.line()}" for p in plan.bad]
    return lines


def restore_lines(plan) -> list[str]:
    """The preview of docfiler's own workbook: what each sheet brings back, the authorities
    added and those kept as the database has them, what cannot be restored."""
    return [f"文件：{plan.file}", *plan.restore.lines()]


def nothing_to_import(plan) -> bool:
    if plan.restore is not None:
        return not any(plan.restore.counts.values())
    return plan.added == 0 and not plan.updated


def done_line(done) -> str:
    if done.restored is not None:
        from docfiler.services.sheet_restorer import done_text

        return done_text(done.restored, done.bad_skipped)
    text = f"已导入：新增 {done.added} 件，更新 {done.updated} 件，跳过 {done.skipped} 件（已在登记簿中）"
    if done.bad_skipped:
        text += f"，跳过有误的 {done.bad_skipped} 行（已记入操作记录）"
    return text + "。"


def _progress():
    """Progress on the terminal (stderr), when there is one."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str, done: int, total: int) -> None:
        typer.echo(f"\r{stage} {done}/{total}……", err=True, nl=False)
        if done >= total:
            typer.echo("\r" + " " * 40 + "\r", err=True, nl=False)

    return show
