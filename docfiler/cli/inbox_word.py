"""The reviewer's letters as Word (`docfiler inbox opinion-letter | notice | reply-letter`):
the 审查意见书, the 通报 of units that filed late or not at all, the 审查建议答复书.

Registered in the `inbox` group by `cli/inbox.py`. Like every Word output: -o names a .docx,
an existing file is replaced only with --force, and a refusal writes nothing.
"""

from __future__ import annotations

from typing import Annotated

import typer

from docfiler.cli.state import state_of
from docfiler.cli.word_files import Force, Output, docx_output
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_optional_date

commands = ChineseTyper()

Sender = Annotated[
    str | None,
    typer.Option(
        "--sender", help="发文机关（版头和落款），如 盖州市司法局；默认为规则文件中的本机关名称。"
    ),
]
LetterNumber = Annotated[
    str | None,
    typer.Option("--number", help="发文字号，如 盖司函〔2026〕3号；不写则留空（草稿）。"),
]


def _contact(state) -> str | None:
    """The 附注 (联系人、电话) from config.toml's [report] section, as the filing report has it."""
    from docfiler.outputs.filing_report import configured_contact
    from docfiler.outputs.filing_report_text import contact_note

    return contact_note(*configured_contact(state.settings()))


def _echo_written(result) -> None:
    typer.echo(f"已生成《{result.title}》：{result.path}")


@commands.command(
    "opinion-letter",
    help="生成审查意见书（Word）：写审查意见书编号（如 盖司备审〔2026〕1号）或报备文件的文号。",
)
def opinion_letter_cmd(
    ctx: typer.Context,
    number: Annotated[
        str,
        typer.Argument(
            help="审查意见书编号，或提出审查意见的报备文件的文号。", metavar="编号或文号"
        ),
    ],
    output: Output,
    sender: Sender = None,
    force: Force = False,
) -> None:
    from docfiler.outputs.review_letters import make_opinion_letter

    state = state_of(ctx)
    result = make_opinion_letter(
        office=state.office(),
        output=docx_output(output, force, example="审查意见书.docx"),
        number=number,
        sender=sender,
        contact=_contact(state),
        template_dir=state.template_dir(),
    )
    _echo_written(result)


@commands.command(
    "notice", help="生成一年中逾期报送、未报送备案情况的通报稿（Word），按报送单位列表。"
)
def notice_cmd(
    ctx: typer.Context,
    year: Annotated[int, typer.Option("--year", help="年份（报送期限在该年内的文件），如 2026。")],
    output: Output,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar=DATE,
            help="通报的成文日期，默认今天；未报送的逾期天数算到这一天。",
        ),
    ] = None,
    number: LetterNumber = None,
    sender: Sender = None,
    force: Force = False,
) -> None:
    from docfiler.outputs.review_notice import make_notice

    state = state_of(ctx)
    result = make_notice(
        office=state.office(),
        output=docx_output(output, force, example="通报.docx"),
        year=year,
        on=parse_optional_date(date, "通报日期"),
        number=number,
        sender=sender,
        contact=_contact(state),
        template_dir=state.template_dir(),
    )
    typer.echo(f"已生成《{result.title}》：{result.path}（{result.rows} 件）")


@commands.command("reply-letter", help="生成审查建议答复书（Word），须已登记答复。")
def reply_letter_cmd(
    ctx: typer.Context,
    suggestion_id: Annotated[int, typer.Argument(help="审查建议编号。", metavar="审查建议编号")],
    output: Output,
    number: LetterNumber = None,
    sender: Sender = None,
    force: Force = False,
) -> None:
    from docfiler.outputs.review_letters import make_reply_letter

    state = state_of(ctx)
    result = make_reply_letter(
        office=state.office(),
        output=docx_output(output, force, example="答复书.docx"),
        suggestion_id=suggestion_id,
        number=number,
        sender=sender,
        contact=_contact(state),
        template_dir=state.template_dir(),
    )
    _echo_written(result)
