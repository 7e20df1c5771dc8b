"""How documents touch each other: amends, repeals, replaces, based on; and repeal itself."""

from __future__ import annotations

from typing import Annotated

import typer

from docfiler.cli.state import office_of
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_date, parse_optional_date

commands = ChineseTyper()


@commands.command("repeal", help="废止文件。")
def repeal_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。", metavar="文号")],
    date: Annotated[str, typer.Option("--date", metavar=DATE, help="废止日期。")],
    reason: Annotated[str, typer.Option("--reason", help="理由。")],
    by: Annotated[str | None, typer.Option("--by", help="作出废止的文件文号（如有）。")] = None,
) -> None:
    from docfiler import services

    result = services.repeal_document(
        office=office_of(ctx),
        number=number,
        on=parse_date(date, "废止日期"),
        reason=reason,
        by=by,
    )
    typer.echo(f"已废止：{result.doc_number}")


@commands.command(
    "relate",
    help="登记文件之间的关系：amends（修改）、repeals（废止）、replaces（替代）、based_on（依据）。",
)
def relate_cmd(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="作出修改/废止/替代的文件文号。", metavar="文号")],
    kind: Annotated[
        str, typer.Argument(help="amends、repeals、replaces 或 based_on。", metavar="关系")
    ],
    target: Annotated[
        str, typer.Argument(help="被修改/废止/替代/依据的文件文号。", metavar="被关联文号")
    ],
    date: Annotated[
        str | None,
        typer.Option("--date", metavar=DATE, help="日期（默认取前者的施行日期）。"),
    ] = None,
) -> None:
    from docfiler import services

    result = services.add_relation(
        office=office_of(ctx),
        source=source,
        target=target,
        kind=kind,
        on=parse_optional_date(date, "日期"),
    )
    typer.echo(f"已登记：{result.source} {kind} {result.target}")
