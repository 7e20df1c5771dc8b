"""Word out: the catalogue and the repealed list. The filing report and reading a .docx are in
cli/filing_report.py."""

from __future__ import annotations

from typing import Annotated

import typer

from docfiler.cli.state import state_of
from docfiler.cli.word_files import Force, Output, docx_output
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_optional_date

commands = ChineseTyper()


def _echo_written(result) -> None:
    typer.echo(f"已生成《{result.title}》：{result.path}（{result.rows} 件）")


@commands.command("catalogue", help="生成现行有效行政规范性文件目录（Word）。")
def catalogue_cmd(
    ctx: typer.Context,
    output: Output,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar=DATE, help="目录截至日期（默认今天）；过去的日期重现当时的目录。"
        ),
    ] = None,
    authority: Annotated[
        list[str] | None,
        typer.Option(
            "--authority",
            help="只列这个制定机关的文件（可重复）；默认列本级人民政府及其办公室的文件。",
        ),
    ] = None,
    everyone: Annotated[
        bool, typer.Option("--all", help="列出全部制定机关（含政府部门）的文件。")
    ] = False,
    validity: Annotated[
        bool,
        typer.Option(
            "--valid-until", metavar=DATE, help="加一列“有效期至”（文件本身规定了有效期的才填）。"
        ),
    ] = False,
    force: Force = False,
) -> None:
    from docfiler.outputs.catalogue import make_catalogue

    state = state_of(ctx)
    result = make_catalogue(
        office=state.office(),
        output=docx_output(output, force),
        as_of=parse_optional_date(as_of, "截至日期"),
        authorities=authority or (),
        everyone=everyone,
        validity=validity,
        template_dir=state.template_dir(),
    )
    _echo_written(result)


@commands.command("repealed-list", help="生成废止和失效行政规范性文件目录（Word）。")
def repealed_list_cmd(
    ctx: typer.Context,
    output: Output,
    since: Annotated[
        str | None, typer.Option("--since", metavar=DATE, help="只列该日期以后废止或失效的文件。")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar=DATE, help="截至日期（默认今天）。")
    ] = None,
    force: Force = False,
) -> None:
    from docfiler.outputs.catalogue import make_repealed_list

    state = state_of(ctx)
    result = make_repealed_list(
        office=state.office(),
        output=docx_output(output, force),
        since=parse_optional_date(since, "起始日期"),
        as_of=parse_optional_date(as_of, "截至日期"),
        template_dir=state.template_dir(),
    )
    _echo_written(result)
