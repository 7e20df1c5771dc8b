"""The procedure before publication: opinions, legality review, decision, signing, publishing."""

from __future__ import annotations

from typing import Annotated

import typer

from docfiler.cli.printing import filing_due_line
from docfiler.cli.state import office_of
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_date, parse_optional_date

commands = ChineseTyper()

Number = Annotated[str, typer.Argument(help="文号。", metavar="文号")]


@commands.command("opinions", help="登记听取意见。")
def opinions_cmd(
    ctx: typer.Context,
    number: Number,
    date: Annotated[str, typer.Option("--date", metavar=DATE, help="听取意见日期。")],
    method: Annotated[
        str | None, typer.Option("--method", help="方式，如 网上公开征求意见、座谈会。")
    ] = None,
) -> None:
    from docfiler import services

    result = services.record_opinions(
        office=office_of(ctx), number=number, on=parse_date(date, "听取意见日期"), method=method
    )
    typer.echo(f"已登记听取意见：{result.doc_number}")


@commands.command(
    "review",
    help="报送合法性审核、登记审核结论（--finished 与 --outcome）或修改完毕（--revised）；"
    "一次给出几项时作为一次操作保存，其中一项被拒绝则都不保存。",
)
def review_cmd(
    ctx: typer.Context,
    number: Number,
    submitted: Annotated[
        str | None, typer.Option("--submitted", metavar=DATE, help="报送审核日期。")
    ] = None,
    finished: Annotated[
        str | None, typer.Option("--finished", metavar=DATE, help="审核完成日期。")
    ] = None,
    outcome: Annotated[
        str | None, typer.Option("--outcome", help="审核结论：合法、应当予以修改 或 不合法。")
    ] = None,
    reviewer: Annotated[str | None, typer.Option("--reviewer", help="审核机构或审核人。")] = None,
    revised: Annotated[
        str | None,
        typer.Option("--revised", metavar=DATE, help="按“应当予以修改”意见修改完毕的日期。"),
    ] = None,
) -> None:
    from docfiler import services

    _check_review_options(submitted=submitted, finished=finished, outcome=outcome, revised=revised)
    # One transaction: when a later step is refused, the earlier ones are not written either.
    services.record_review(
        office=office_of(ctx),
        number=number,
        submitted=parse_optional_date(submitted, "报送审核日期"),
        finished=parse_optional_date(finished, "审核完成日期"),
        outcome=outcome.strip() if outcome is not None else None,
        reviewer=reviewer,
        revised=parse_optional_date(revised, "修改完成日期"),
    )
    if submitted is not None:
        typer.echo(f"已报送合法性审核：{number}")
    if finished is not None and outcome is not None:
        typer.echo(f"已登记审核结论：{outcome}")
    if revised is not None:
        typer.echo("已登记按审核意见修改完毕。")


def _check_review_options(
    *, submitted: str | None, finished: str | None, outcome: str | None, revised: str | None
) -> None:
    """Which of the three review steps the options ask for must be clear before anything is saved."""
    from docfiler.errors import ValidationError

    if (finished is None) != (outcome is None):
        raise ValidationError("登记审核结论须同时给出 --finished（完成日期）和 --outcome（结论）。")
    if submitted is None and finished is None and revised is None:
        raise ValidationError(
            "请给出 --submitted（报送日期），或 --finished 与 --outcome（审核结论）。"
        )


@commands.command(
    "fair-competition",
    help="登记公平竞争审查结论（涉及市场主体经济活动的文件，集体讨论决定前须有此结论；"
    "优化营商环境条例第六十三条）；或用 --concerns / --not-concerns 标明文件是否涉及。",
)
def fair_competition_cmd(
    ctx: typer.Context,
    number: Number,
    on: Annotated[str | None, typer.Option("--on", metavar=DATE, help="审查日期。")] = None,
    conclusion: Annotated[
        str | None, typer.Option("--conclusion", help="审查结论，如 未发现排除、限制竞争的内容。")
    ] = None,
    reviewer: Annotated[str | None, typer.Option("--reviewer", help="审查机构。")] = None,
    concerns: Annotated[
        bool | None,
        typer.Option(
            "--concerns/--not-concerns", help="文件是否涉及市场主体经济活动（只改标记）。"
        ),
    ] = None,
) -> None:
    from docfiler import services
    from docfiler.errors import ValidationError

    office = office_of(ctx)
    if (on is None) != (conclusion is None):
        raise ValidationError(
            "登记公平竞争审查须同时给出 --on（审查日期）和 --conclusion（结论）。"
        )
    if on is None and concerns is None:
        raise ValidationError(
            "请给出 --on 与 --conclusion（审查结论），或 --concerns / --not-concerns（是否涉及）。"
        )
    with office.transaction():
        if concerns is not None:
            services.mark_market_activity(office=office, number=number, concerns=concerns)
        if on is not None and conclusion is not None:
            services.record_fair_competition(
                office=office,
                number=number,
                on=parse_date(on, "公平竞争审查日期"),
                conclusion=conclusion,
                reviewer=reviewer,
            )
    if concerns is not None:
        typer.echo(f"已标明：{number} {'涉及' if concerns else '不涉及'}市场主体经济活动")
    if conclusion is not None:
        typer.echo(f"已登记公平竞争审查结论：{conclusion.strip()}")


@commands.command("decide", help="登记集体讨论决定（常务会议或全体会议）。")
def decide_cmd(
    ctx: typer.Context,
    number: Number,
    meeting: Annotated[str, typer.Option("--meeting", help="会议名称，如 市政府第25次常务会议。")],
    date: Annotated[str, typer.Option("--date", metavar=DATE, help="会议日期。")],
    minutes: Annotated[str | None, typer.Option("--minutes", help="会议纪要号。")] = None,
) -> None:
    from docfiler import services

    services.record_decision(
        office=office_of(ctx),
        number=number,
        meeting=meeting,
        on=parse_date(date, "会议日期"),
        minutes=minutes,
    )
    typer.echo(f"已登记集体讨论决定：{number}")


@commands.command("sign", help="登记签发。")
def sign_cmd(
    ctx: typer.Context,
    number: Number,
    date: Annotated[str, typer.Option("--date", metavar=DATE, help="签发日期。")],
    by: Annotated[str | None, typer.Option("--by", help="签发人。")] = None,
) -> None:
    from docfiler import services

    services.record_signing(
        office=office_of(ctx), number=number, on=parse_date(date, "签发日期"), signed_by=by
    )
    typer.echo(f"已登记签发：{number}")


@commands.command("publish", help="公布文件，并按规则生成各备案机关的备案期限。")
def publish_cmd(
    ctx: typer.Context,
    number: Number,
    date: Annotated[str, typer.Option("--date", metavar=DATE, help="公布日期。")],
    channel: Annotated[
        str | None, typer.Option("--channel", help="公布载体，如 盖州市人民政府门户网站。")
    ] = None,
    effective: Annotated[
        str | None,
        typer.Option("--effective", metavar=DATE, help="施行日期（默认同公布日期）。"),
    ] = None,
) -> None:
    from docfiler import services

    result = services.publish(
        office=office_of(ctx),
        number=number,
        on=parse_date(date, "公布日期"),
        channel=channel,
        effective=parse_optional_date(effective, "施行日期"),
    )
    typer.echo(f"已公布：{result.document.doc_number}")
    for filing in result.filings:
        typer.echo(filing_due_line(filing))
