"""`docfiler annual-report`: the 年度规范性文件备案审查工作报告 (Word), its tables (.xlsx), and
the figures with their definitions (--json)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docfiler.cli.printing import echo_json
from docfiler.cli.state import state_of
from docfiler.cli.word_files import Force, docx_output, xlsx_output
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_optional_date

commands = ChineseTyper()


@commands.command(
    "annual-report",
    help="生成年度规范性文件备案审查工作报告（Word），可同时输出表格（.xlsx）；--json 输出各项数据"
    "及其统计口径。数据按登记的日期统计，往年的报告随时重现。",
)
def annual_report_cmd(
    ctx: typer.Context,
    year: Annotated[int, typer.Option("--year", help="报告的年度，如 2025。")],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="输出的 Word 文件（.docx）。只看数据时可省略并加 --json。"
        ),
    ] = None,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="同时把报告中的表格输出为 Excel 文件（.xlsx）。")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar=DATE, help="报告的成文日期，默认今天。"),
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", help="联系人（默认取配置文件 report 节的 contact）。")
    ] = None,
    phone: Annotated[
        str | None, typer.Option("--phone", help="联系电话（默认取配置文件 report 节的 phone）。")
    ] = None,
    force: Force = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出各项数据和统计口径。")
    ] = False,
) -> None:
    from docfiler.errors import ValidationError

    if output is None and xlsx is not None:
        raise ValidationError("--xlsx 须与 -o 一起使用：请用 -o 给出 Word 报告的文件名。")
    if output is None and not as_json:
        raise ValidationError(
            "请用 -o 给出 Word 报告的文件名，如 -o 年度备案审查工作报告.docx；只看数据请加 --json。"
        )
    state = state_of(ctx)
    office = state.office()
    if output is None:
        from docfiler.queries.annual_report import annual_report

        echo_json(annual_report(office=office, year=year).as_json())
        return
    written = _write(state, office, year, output, xlsx, date, contact, phone, force)
    if as_json:
        from docfiler.queries.annual_report import annual_report

        echo_json({**annual_report(office=office, year=year).as_json(), "files": written.as_json()})
        return
    _print_written(written)


def _write(state, office, year, output, xlsx, date, contact, phone, force):
    from docfiler.outputs.annual_report import make_annual_report
    from docfiler.outputs.filing_report import configured_contact

    settings = state.settings()
    default_contact, default_phone = configured_contact(settings)
    return make_annual_report(
        office=office,
        year=year,
        output=docx_output(output, force, example="年度备案审查工作报告.docx"),
        xlsx=xlsx_output(xlsx, force) if xlsx is not None else None,
        on=parse_optional_date(date, "报告日期"),
        force=force,
        contact=contact or default_contact,
        phone=phone or default_phone,
        template_dir=settings.template_dir,
    )


def _print_written(written) -> None:
    from docfiler.domain.labels import date_label

    typer.echo(f"已生成《{written.title}》：{written.path}")
    typer.echo(f"统计截止日：{date_label(written.as_of)}；报告日期：{date_label(written.date)}")
    if written.xlsx is not None:
        typer.echo(f"表格：{written.xlsx}")
        for name, count in written.sheets.items():
            typer.echo(f"  {name}：{count} 行")
