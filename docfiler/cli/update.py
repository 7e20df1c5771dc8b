"""update: correct a document's descriptive fields (a mistyped title, the drafting unit, a stated
validity period …). Dated procedure events have their own commands and are never rewritten here."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from docfiler.cli.state import office_of
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_optional_date

commands = ChineseTyper()


@commands.command(
    "update",
    help="修改文件的描述信息（标题、起草单位、施行日期、有效期、备注等）；听取意见、审核、公布等"
    "办理环节不在这里修改。只改给出的项，每次修改记入操作日志。",
)
def update_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号（各种写法均可）。", metavar="文号")],
    title: Annotated[str | None, typer.Option("--title", help="标题。")] = None,
    drafting_unit: Annotated[str | None, typer.Option("--drafting-unit", help="起草单位。")] = None,
    effective: Annotated[
        str | None,
        typer.Option("--effective", metavar=DATE, help="施行日期（YYYY-MM-DD）。"),
    ] = None,
    valid_years: Annotated[
        int | None, typer.Option("--valid-years", help="文件规定的有效期（年）。")
    ] = None,
    valid_until: Annotated[
        str | None,
        typer.Option(
            "--valid-until",
            metavar=DATE,
            help="文件规定的有效期截止日（YYYY-MM-DD）。",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="备注。")] = None,
    written: Annotated[
        str | None,
        typer.Option("--written", metavar=DATE, help="成文日期（YYYY-MM-DD）。"),
    ] = None,
    market: Annotated[
        bool | None,
        typer.Option("--market/--not-market", help="是否涉及市场主体经济活动（须公平竞争审查）。"),
    ] = None,
    version: Annotated[
        int | None,
        typer.Option(
            "--version", help="读取时的版本号（show --json 的 version）：他人已改过则拒绝。"
        ),
    ] = None,
) -> None:
    from docfiler import services
    from docfiler.errors import ValidationError

    changes: dict[str, Any] = {
        "title": title,
        "drafting_unit": drafting_unit,
        "effective_on": parse_optional_date(effective, "施行日期"),
        "valid_years": valid_years,
        "valid_until": parse_optional_date(valid_until, "有效期截止日"),
        "note": note,
        "written_on": parse_optional_date(written, "成文日期"),
        "concerns_market": market,
    }
    changes = {key: value for key, value in changes.items() if value is not None}
    if not changes:
        raise ValidationError("请至少给出一项要修改的内容，如 --title 新标题。")
    result = services.update_document(
        office=office_of(ctx), number=number, changes=changes, expected_version=version
    )
    typer.echo(f"已修改：{result.doc_number}《{result.title}》（版本 {result.version}）")
