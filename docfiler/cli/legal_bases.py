"""Legal bases and higher law: the `basis` sub-app, and `evaluate` before validity runs out."""

from __future__ import annotations

from typing import Annotated

import typer

from docfiler.cli.state import office_of
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_date

app = ChineseTyper(help="制定依据与上位法：登记依据，标记上位法已修改或废止。")
commands = ChineseTyper()


@app.command("add", help="为文件登记一项制定依据（法律、法规、规章或上级文件）。")
def basis_add_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文件的文号。", metavar="文号")],
    title: Annotated[str, typer.Option("--title", help="依据的名称，如 社会救助暂行办法。")],
    basis_number: Annotated[
        str | None, typer.Option("--number", help="依据的文号，如 国务院令第649号。")
    ] = None,
) -> None:
    from docfiler import services

    result = services.add_legal_basis(
        office=office_of(ctx), number=number, title=title, basis_number=basis_number
    )
    typer.echo(f"已登记制定依据《{result.title}》")


@app.command("mark", help="标记上位法或上级文件已修改或已废止；依据它的文件将标为“需清理”。")
def basis_mark_cmd(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", help="上位法或上级文件的名称。")],
    status: Annotated[str, typer.Option("--status", help="已修改、已废止 或 现行。")],
    date: Annotated[str, typer.Option("--date", metavar=DATE, help="修改或废止的日期。")],
    basis_number: Annotated[str | None, typer.Option("--number", help="其文号。")] = None,
    note: Annotated[str | None, typer.Option("--note", help="说明。")] = None,
) -> None:
    from docfiler import services

    result = services.mark_higher_law(
        office=office_of(ctx),
        title=title,
        status=status,
        on=parse_date(date, "日期"),
        number=basis_number,
        note=note,
    )
    typer.echo(f"已标记《{result.title}》{result.status}，涉及文件 {result.documents} 件。")


@commands.command(
    "evaluate", help="登记有效期届满前的评估结论：republish（重新制发）或 lapse（到期失效）。"
)
def evaluate_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。", metavar="文号")],
    date: Annotated[str, typer.Option("--date", metavar=DATE, help="评估日期。")],
    outcome: Annotated[str, typer.Option("--outcome", help="republish 或 lapse。")],
    replacement: Annotated[
        str | None, typer.Option("--replacement", help="重新制发的新文件文号。")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="说明。")] = None,
) -> None:
    from docfiler import services

    services.record_evaluation(
        office=office_of(ctx),
        number=number,
        on=parse_date(date, "评估日期"),
        outcome=outcome,
        replacement=replacement,
        note=note,
    )
    typer.echo(f"已登记 {number} 的有效期评估。")
