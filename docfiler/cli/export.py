"""`docfiler export` (issue 13, §2): the register as an .xlsx workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docfiler.cli.state import office_of
from docfiler.cli.word_files import Force, xlsx_output
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_optional_date

commands = ChineseTyper()

Output = Annotated[Path, typer.Option("-o", "--output", help="输出的 Excel 文件（.xlsx）。")]
UNITS = {"文件": "件", "制定机关": "个"}
"""How each sheet's rows are counted in the summary (others: 条)."""


@commands.command(
    "export",
    help="把登记簿导出为 Excel 工作簿（.xlsx）：文件、备案、程序、关系、清理决定各一张表，"
    "另有制定机关表（导入另一个数据库时，其中没有的制定机关据此新增）。"
    "加 --year 只导出该年发布的文件（每年一月报送的上一年度制定目录）。",
)
def export_cmd(
    ctx: typer.Context,
    output: Output,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar=DATE,
            help="截至日期（默认今天）；过去的日期重现当时的登记簿和状态。",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="只导出该年发布的文件（一张表），如 --year 2025。"),
    ] = None,
    force: Force = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果。")] = False,
) -> None:
    from docfiler.outputs.workbook import export_register

    target = xlsx_output(output, force)
    day = parse_optional_date(as_of, "截至日期")
    written = export_register(
        office=office_of(ctx), output=target, as_of=day, year=year, force=force
    )
    if as_json:
        from docfiler.cli.printing import echo_json

        echo_json(written.as_json())
        return
    from docfiler.domain.labels import date_label

    typer.echo(f"已导出《{written.title}》（截至{date_label(written.as_of)}）：{written.path}")
    for name, count in written.counts.items():
        typer.echo(f"  {name}：{count} {UNITS.get(name, '条')}")
