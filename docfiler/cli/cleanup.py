"""The `cleanup` sub-app: periodic cleanup (定期清理) from start to the published results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from docfiler.cli.printing import echo_json
from docfiler.cli.state import office_of, state_of
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_date

app = ChineseTyper(help="定期清理：开始、逐件提出清理意见、查看进度、完成、生成公布材料。")

Campaign = Annotated[str, typer.Argument(help="清理活动的编号或名称。", metavar="清理活动")]
Number = Annotated[str, typer.Argument(help="文号。", metavar="文号")]


@app.command("start", help="开始一次定期清理，纳入基准日现行有效的文件和上次清理以来到期的文件。")
def cleanup_start_cmd(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Option("--name", help="清理活动名称，如 2026年行政规范性文件清理。")
    ],
    as_of: Annotated[str, typer.Option("--as-of", metavar=DATE, help="清理基准日。")],
    basis: Annotated[str | None, typer.Option("--basis", help="清理依据（规定或通知）。")] = None,
    authority: Annotated[
        list[str] | None, typer.Option("--authority", help="只清理这些制定机关的文件（可重复）。")
    ] = None,
) -> None:
    from docfiler.services.cleanup import start_campaign

    result = start_campaign(
        office=office_of(ctx),
        name=name,
        as_of=parse_date(as_of, "清理基准日"),
        basis=basis,
        authorities=authority or None,
    )
    flagged = f"，其中 {result.flagged} 件已预填需清理的理由" if result.flagged else ""
    typer.echo(
        f"已开始清理“{result.name}”，编号 {result.id}：纳入文件 {result.total} 件{flagged}。"
    )


@app.command("decide", help="为一件文件提出清理意见。")
def cleanup_decide_cmd(
    ctx: typer.Context,
    campaign: Campaign,
    number: Number,
    decision: Annotated[str, typer.Option("--decision", help="继续有效、修改、废止 或 宣布失效。")],
    reason: Annotated[
        str | None, typer.Option("--reason", help="理由（继续有效以外必填）。")
    ] = None,
    amended_by: Annotated[
        str | None, typer.Option("--amended-by", help="修改文件的文号（如已制发）。")
    ] = None,
) -> None:
    from docfiler.services.cleanup import decide

    result = decide(
        office=office_of(ctx),
        campaign=campaign,
        number=number,
        decision=decision,
        reason=reason,
        amended_by=amended_by,
    )
    typer.echo(f"已登记：{result.doc_number} {result.decision}")


@app.command("status", help="查看清理进度（按起草单位）和尚未提出意见的文件。")
def cleanup_status_cmd(
    ctx: typer.Context,
    campaign: Campaign,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
) -> None:
    from docfiler.queries.campaigns import campaign_status

    status = campaign_status(office=office_of(ctx), campaign=campaign)
    if as_json:
        echo_json(status)
    else:
        typer.echo("\n".join(_status_lines(status)))


def _status_lines(status: dict[str, Any]) -> list[str]:
    state = f"已于 {status['finished']} 完成" if status["finished"] else "进行中"
    decisions = "  ".join(f"{k} {v}" for k, v in status["decisions"].items())
    lines = [
        f"清理“{status['name']}”（编号 {status['id']}，基准日 {status['as_of']}，{state}）",
        f"进度：{status['decided']}/{status['total']}  {decisions}",
    ]
    lines += [f"  {u['drafting_unit']}：{u['decided']}/{u['total']}" for u in status["units"]]
    if status["undecided"]:
        lines.append("尚未提出意见：")
        lines += [
            f"  {item['doc_number']}《{item['title']}》（{item['drafting_unit']}）"
            for item in status["undecided"]
        ]
    return lines


@app.command("finish", help="完成清理：在同一事务中执行全部清理意见。")
def cleanup_finish_cmd(
    ctx: typer.Context,
    campaign: Campaign,
    date: Annotated[
        str,
        typer.Option(
            "--date",
            metavar=DATE,
            help="清理决定的日期（废止、宣布失效自该日起生效）。",
        ),
    ],
) -> None:
    from docfiler.services.cleanup import finish_campaign

    result = finish_campaign(
        office=office_of(ctx), campaign=campaign, on=parse_date(date, "完成日期")
    )
    totals = result.totals
    typer.echo(
        f"已完成清理“{result.name}”（{result.finished}）：继续有效 {totals.kept} 件，"
        f"修改 {totals.amended} 件，废止 {totals.repealed} 件，宣布失效 {totals.declared_invalid} 件。"
    )


@app.command("correct", help="更正已完成清理中一件文件的清理意见（留有记录）。")
def cleanup_correct_cmd(
    ctx: typer.Context,
    campaign: Campaign,
    number: Number,
    decision: Annotated[str, typer.Option("--decision", help="更正后的清理意见。")],
    reason: Annotated[str, typer.Option("--reason", help="更正理由。")],
    date: Annotated[str, typer.Option("--date", metavar=DATE, help="更正日期。")],
) -> None:
    from docfiler.services.cleanup import correct_decision

    result = correct_decision(
        office=office_of(ctx),
        campaign=campaign,
        number=number,
        decision=decision,
        reason=reason,
        on=parse_date(date, "更正日期"),
    )
    typer.echo(f"已更正：{result.doc_number} 由“{result.before}”改为“{result.after}”")


@app.command(
    "report",
    help="生成清理结果的全部 Word 材料到一个文件夹：公布清理结果的决定及其附件（现行有效目录，"
    "决定修改、决定废止、宣布失效的文件目录），修改决定，清理情况的报告，目录变化情况。",
)
def cleanup_report_cmd(
    ctx: typer.Context,
    campaign: Campaign,
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件夹。")],
    force: Annotated[
        bool, typer.Option("--force", help="文件夹中已有同名文件时覆盖它们。")
    ] = False,
) -> None:
    from docfiler.outputs.cleanup_report import LISTED, make_cleanup_report
    from docfiler.outputs.filing_report import configured_contact
    from docfiler.outputs.overwrite import cleanup_report_files, refuse_overwrite

    if not force:
        refuse_overwrite(
            cleanup_report_files(output),
            what_to_do="要覆盖请加 --force，或用 -o 换一个文件夹。",
        )
    state = state_of(ctx)
    contact, phone = configured_contact(state.settings())
    result = make_cleanup_report(
        office=state.office(),
        campaign=campaign,
        folder=output,
        template_dir=state.template_dir(),
        contact=contact,
        phone=phone,
    )
    typer.echo(f"已生成清理“{result.campaign}”的材料：{result.folder}")
    for written in result.outputs:
        name = Path(written.path).name
        typer.echo(f"  {name}（{written.rows} 项）" if name in LISTED else f"  {name}")
