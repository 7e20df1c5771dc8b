"""Filing (备案) with the bodies that review published documents: submit, record the answer."""

from __future__ import annotations

from typing import Annotated

import typer

from docfiler.cli.state import office_of
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_date

commands = ChineseTyper()


@commands.command("file", help="登记报送备案。")
def file_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。", metavar="文号")],
    body: Annotated[str, typer.Option("--body", help="备案机关，如 营口市人民政府。")],
    submitted: Annotated[str, typer.Option("--submitted", metavar=DATE, help="报送日期。")],
    receipt: Annotated[str | None, typer.Option("--receipt", help="备案回执号。")] = None,
) -> None:
    from docfiler import services

    result = services.submit_filing(
        office=office_of(ctx),
        number=number,
        body=body,
        submitted=parse_date(submitted, "报送日期"),
        receipt=receipt,
    )
    late = f"（超期 {result.late_days} 日）" if result.late_days else ""
    typer.echo(f"已登记向 {result.body} 报送备案{late}")


@commands.command(
    "filing-result",
    help="登记备案机关的意见：备案登记（予以备案登记、暂缓办理备案登记、不予备案登记），"
    "审查后（未发现问题、审查意见）。法规规章备案审查条例（国务院令第789号）的用语。",
)
def filing_result_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。", metavar="文号")],
    body: Annotated[str, typer.Option("--body", help="备案机关。")],
    result: Annotated[
        str,
        typer.Option(
            "--result",
            help="予以备案登记、暂缓办理备案登记、不予备案登记、未发现问题 或 审查意见；"
            "旧用语 准予备案、要求补正、要求纠正 也可使用。",
        ),
    ],
    date: Annotated[str, typer.Option("--date", metavar=DATE, help="意见日期。")],
) -> None:
    from docfiler import services

    answered = services.record_filing_result(
        office=office_of(ctx),
        number=number,
        body=body,
        result=result.strip(),
        on=parse_date(date, "意见日期"),
    )
    typer.echo(f"已登记 {answered.body} 的备案意见：{answered.result}")
