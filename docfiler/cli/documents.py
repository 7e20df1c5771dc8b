"""Documents in the register: add, show, list."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from docfiler.cli.printing import (
    document_lines,
    echo_json,
    echo_json_pieces,
    echo_lines,
    encode_lines,
    print_register,
)
from docfiler.cli.state import office_of
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_optional_date

commands = ChineseTyper()

WrittenOption = Annotated[
    str | None,
    typer.Option(
        "--written",
        metavar=DATE,
        help="成文日期（YYYY-MM-DD），文件落款处的日期；docfiler read 可读出。",
    ),
]
EffectiveOption = Annotated[
    str | None,
    typer.Option("--effective", metavar=DATE, help="施行日期（YYYY-MM-DD）。"),
]


@commands.command("add", help="登记一件行政规范性文件（草案）。")
def add_cmd(
    ctx: typer.Context,
    number: Annotated[
        str, typer.Option("--number", help="发文字号，如 盖政发〔2016〕9号（各种括号写法均可）。")
    ],
    title: Annotated[str, typer.Option("--title", help="文件标题。")],
    authority: Annotated[
        str | None, typer.Option("--authority", help="制定机关；默认按文号中的机关代字确定。")
    ] = None,
    drafting_unit: Annotated[str | None, typer.Option("--drafting-unit", help="起草单位。")] = None,
    effective: EffectiveOption = None,
    valid_years: Annotated[
        int | None,
        typer.Option(
            "--valid-years",
            help="文件规定的有效期（年），自施行之日起算；文件未规定有效期的不填（一直有效，"
            "直至废止或宣布失效）。",
        ),
    ] = None,
    valid_until: Annotated[
        str | None,
        typer.Option(
            "--valid-until",
            metavar=DATE,
            help="文件规定的有效期截止日（YYYY-MM-DD），如“有效期至……”。",
        ),
    ] = None,
    registration: Annotated[
        str | None, typer.Option("--registration", help="统一登记号，如 GZGS-2016-001。")
    ] = None,
    written: WrittenOption = None,
    market: Annotated[
        bool,
        typer.Option(
            "--market",
            help="涉及市场主体经济活动：集体讨论决定前须登记公平竞争审查结论（docfiler fair-competition）。",
        ),
    ] = False,
) -> None:
    from docfiler import services

    office = office_of(ctx)
    with office.transaction():  # one transaction: registered and marked, or neither
        result = services.register_document(
            office=office,
            number=number,
            title=title,
            authority=authority,
            drafting_unit=drafting_unit,
            effective=parse_optional_date(effective, "施行日期"),
            valid_years=valid_years,
            valid_until=parse_optional_date(valid_until, "有效期截止日"),
            registration_number=registration,
            written_on=parse_optional_date(written, "成文日期"),
        )
        if market:
            services.mark_market_activity(office=office, number=result.doc_number, concerns=True)
    typer.echo(f"已登记：{result.doc_number}《{result.title}》")


@commands.command("show", help="显示一件文件的全部信息。")
def show_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号（各种写法均可）。", metavar="文号")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar=DATE, help="按该日期计算状态（默认今天）。"),
    ] = None,
) -> None:
    from docfiler.queries.documents import show_document

    view = show_document(
        office=office_of(ctx), number=number, as_of=parse_optional_date(as_of, "日期")
    )
    if as_json:
        echo_json(view)
    else:
        echo_lines(document_lines(view))


@commands.command("list", help="列出登记簿中的文件。")
def list_cmd(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="draft、published、in_force、lapsed、repealed、declared_invalid 或中文状态名。",
        ),
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="文号年份。")] = None,
    authority: Annotated[str | None, typer.Option("--authority", help="制定机关。")] = None,
    search: Annotated[str | None, typer.Option("--search", help="按标题字词或文号查找。")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出（与 show --json 相同的字段）。")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar=DATE, help="按该日期计算状态（默认今天）。"),
    ] = None,
) -> None:
    office = office_of(ctx)
    day = parse_optional_date(as_of, "日期") or office.today()
    print_listing(
        office, day, as_json=as_json, status=status, year=year, authority=authority, search=search
    )


def print_listing(office, day: dt.date, *, as_json: bool = False, **filters) -> None:
    """The documents matching `filters` on `day`, streamed: as the register table, or as JSON."""
    from docfiler.queries.documents import document_ids, encoded_views, iter_views

    ids = document_ids(office=office, as_of=day, **filters)
    if as_json:
        echo_json_pieces(encoded_views(office=office, ids=ids, as_of=day, encode=encode_lines))
    else:
        print_register(iter_views(office=office, ids=ids, as_of=day), day, len(ids))
