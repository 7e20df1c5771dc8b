"""Word in and out: the catalogue, the repealed list, the filing report, and reading a .docx."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docfiler.cli.printing import echo_json
from docfiler.cli.state import state_of
from docfiler.cli.zh import ChineseTyper
from docfiler.domain.dates import parse_optional_date

commands = ChineseTyper()

Output = Annotated[Path, typer.Option("-o", "--output", help="输出的 .docx 文件。")]
Force = Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖它。")]


def _check_output(path: Path, force: bool = False) -> Path:
    from docfiler.errors import ValidationError

    if path.suffix.lower() != ".docx":
        raise ValidationError(f"输出文件“{path}”应以 .docx 结尾。")
    if path.is_dir():
        raise ValidationError(f"“{path}”是一个文件夹，请给出文件名，如 目录.docx。")
    if not force:
        from docfiler.outputs.overwrite import refuse_overwrite

        refuse_overwrite([path], what_to_do="要覆盖它请加 --force，或用 -o 换一个文件名。")
    return path


def _echo_written(result) -> None:
    typer.echo(f"已生成《{result.title}》：{result.path}（{result.rows} 件）")


@commands.command("catalogue", help="生成现行有效行政规范性文件目录（Word）。")
def catalogue_cmd(
    ctx: typer.Context,
    output: Output,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="目录截至日期（默认今天）；过去的日期重现当时的目录。"),
    ] = None,
    authority: Annotated[
        str | None, typer.Option("--authority", help="只列这个制定机关的文件。")
    ] = None,
    force: Force = False,
) -> None:
    from docfiler.outputs.catalogue import make_catalogue

    state = state_of(ctx)
    result = make_catalogue(
        office=state.office(),
        output=_check_output(output, force),
        as_of=parse_optional_date(as_of, "截至日期"),
        authority=authority,
        template_dir=state.template_dir(),
    )
    _echo_written(result)


@commands.command("repealed-list", help="生成废止和失效行政规范性文件目录（Word）。")
def repealed_list_cmd(
    ctx: typer.Context,
    output: Output,
    since: Annotated[
        str | None, typer.Option("--since", help="只列该日期以后废止或失效的文件。")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="截至日期（默认今天）。")] = None,
    force: Force = False,
) -> None:
    from docfiler.outputs.catalogue import make_repealed_list

    state = state_of(ctx)
    result = make_repealed_list(
        office=state.office(),
        output=_check_output(output, force),
        since=parse_optional_date(since, "起始日期"),
        as_of=parse_optional_date(as_of, "截至日期"),
        template_dir=state.template_dir(),
    )
    _echo_written(result)


@commands.command("filing-report", help="生成向一个备案机关报送的备案报告（Word）。")
def filing_report_cmd(
    ctx: typer.Context,
    body: Annotated[str, typer.Option("--body", help="备案机关，如 营口市人民政府。")],
    output: Output,
    documents: Annotated[
        list[str] | None,
        typer.Option("--documents", help="文号（可重复）；默认列出向该机关待报送的全部文件。"),
    ] = None,
    force: Force = False,
) -> None:
    from docfiler.outputs.filing_report import make_filing_report

    state = state_of(ctx)
    result = make_filing_report(
        office=state.office(),
        output=_check_output(output, force),
        body=body,
        documents=documents or None,
        template_dir=state.template_dir(),
    )
    numbers = result.documents
    each = "（每件文件各登记一次）" if len(numbers) > 1 else ""
    typer.echo(f"已生成《{result.title}》：{result.path}")
    typer.echo(f'报送后登记：docfiler file "{numbers[0]}" --body {body} --submitted 日期{each}')


@commands.command(
    "read", help="从已公布的行政规范性文件 Word 文档中读出文号、标题、成文日期和正文。"
)
def read_cmd(
    path: Annotated[Path, typer.Argument(help="Word 文档（.docx）。")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
) -> None:
    from docfiler.outputs.reader import read_document

    data = read_document(path).as_dict()
    if as_json:
        echo_json(data)
        return
    body = data.get("body") or ""
    typer.echo(f"文号：{data['doc_number']}")
    typer.echo(f"标题：{data['title'] or '（未识别）'}")
    typer.echo(f"成文日期：{data['written_on'] or '（未识别）'}")
    if data["valid_years"]:
        typer.echo(f"有效期：{data['valid_years']} 年（正文规定）")
    elif data["valid_until"]:
        typer.echo(f"有效期：至 {data['valid_until']}（正文规定）")
    else:
        typer.echo("有效期：正文未规定（废止、宣布失效前一直有效）")
    typer.echo(f"正文：{body[:200]}{'……' if len(body) > 200 else ''}")
    for warning in data.get("warnings") or []:
        typer.echo(f"提示：{warning}")
