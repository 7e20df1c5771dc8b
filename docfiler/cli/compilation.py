"""Word out: the compilation of the valid documents' full texts (规范性文件汇编)."""

from __future__ import annotations

from typing import Annotated

import typer

from docfiler.cli.state import state_of
from docfiler.cli.word_files import Force, Output, docx_output
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_optional_date

commands = ChineseTyper()

MAX_LISTED = 20
"""文号 listed in the warning about documents with no text; the rest are counted."""


@commands.command(
    "compilation",
    help="生成现行有效行政规范性文件汇编（Word）：封面、带页码的目录、每件文件的全文。",
)
def compilation_cmd(
    ctx: typer.Context,
    output: Output,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar=DATE,
            help="汇编截至日期（默认今天）；收录的文件与同日的目录相同。",
        ),
    ] = None,
    authority: Annotated[
        list[str] | None,
        typer.Option(
            "--authority",
            help="只收录这个制定机关的文件（可重复）；默认收录本级人民政府及其办公室的文件。",
        ),
    ] = None,
    everyone: Annotated[
        bool, typer.Option("--all", help="收录全部制定机关（含政府部门）的文件。")
    ] = False,
    editor: Annotated[
        str | None,
        typer.Option("--editor", help="封面上的编印单位（默认取规则文件中本级人民政府的名称）。"),
    ] = None,
    no_page_numbers: Annotated[
        bool,
        typer.Option(
            "--no-page-numbers",
            help="不用 LibreOffice 排页码（快）：目录页码留给 Word“更新域”填写。",
        ),
    ] = False,
    force: Force = False,
) -> None:
    from docfiler.outputs.compilation import make_compilation

    state = state_of(ctx)
    result = make_compilation(
        office=state.office(),
        output=docx_output(output, force, example="规范性文件汇编.docx"),
        as_of=parse_optional_date(as_of, "截至日期"),
        authorities=authority or (),
        everyone=everyone,
        editor=editor,
        template_dir=state.template_dir(),
        paginate=not no_page_numbers,
    )
    typer.echo(f"已生成《{result.title}》：{result.path}（{result.rows} 件）")
    _warn(result, no_page_numbers)


def _warn(result, no_page_numbers: bool) -> None:
    if result.missing_text:
        listed = "、".join(result.missing_text[:MAX_LISTED])
        more = f"等 {len(result.missing_text)} 件" if len(result.missing_text) > MAX_LISTED else ""
        typer.echo(
            f"警告：{listed}{more}没有录入正文，汇编中写“（正文未录入）”。"
            "在界面中打开这些文件录入正文后，重新生成即可。",
            err=True,
        )
    if result.rows and not result.paged and not no_page_numbers:
        typer.echo(
            f"警告：目录未填页码（{result.paging_problem}）。"
            "在 Word 中右键单击目录、选“更新域”即可填上。",
            err=True,
        )
    elif result.paging_problem:
        typer.echo(f"警告：{result.paging_problem}，这些文件的目录页码未填。", err=True)
