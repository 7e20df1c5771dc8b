"""The `countersign` sub-app: requests for opinions from the superior government, and replies."""

from __future__ import annotations

from typing import Annotated

import typer

from docfiler.cli.state import office_of
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_date, parse_optional_date

app = ChineseTyper(help="会签：登记上级政府的会签请求与答复。")


@app.command("add", help="登记收到的会签请求。")
def countersign_add_cmd(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", help="会签文件标题。")],
    received: Annotated[str, typer.Option("--received", metavar=DATE, help="收到日期。")],
    reply_due: Annotated[
        str | None,
        typer.Option("--reply-due", metavar=DATE, help="答复期限（默认按规则文件计算）。"),
    ] = None,
    from_body: Annotated[
        str | None,
        typer.Option(
            "--from", help="来文机关（默认按规则文件 office.superior，出厂为 营口市人民政府）。"
        ),
    ] = None,
    reference: Annotated[str | None, typer.Option("--reference", help="来文文号。")] = None,
) -> None:
    from docfiler import services

    result = services.add_countersign(
        office=office_of(ctx),
        title=title,
        received=parse_date(received, "收到日期"),
        reply_due=parse_optional_date(reply_due, "答复期限"),
        from_body=from_body,
        reference=reference,
    )
    typer.echo(f"已登记会签（编号 {result.id}），{result.reply_due} 前答复。")


@app.command("reply", help="登记会签答复。")
def countersign_reply_cmd(
    ctx: typer.Context,
    countersign_id: Annotated[int, typer.Argument(help="会签编号。", metavar="会签编号")],
    date: Annotated[str, typer.Option("--date", metavar=DATE, help="答复日期。")],
    summary: Annotated[str | None, typer.Option("--summary", help="答复意见摘要。")] = None,
) -> None:
    from docfiler import services

    services.reply_countersign(
        office=office_of(ctx),
        countersign_id=countersign_id,
        replied=parse_date(date, "答复日期"),
        summary=summary,
    )
    typer.echo("已登记会签答复。")
