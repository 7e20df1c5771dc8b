"""The filing report (备案报告) to one filing body, and reading a published .docx.

Registered with the other Word commands by `cli/outputs.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docfiler.cli.printing import echo_json
from docfiler.cli.state import state_of
from docfiler.cli.word_files import docx_output
from docfiler.cli.zh import DATE, ChineseTyper
from docfiler.domain.dates import parse_optional_date

commands = ChineseTyper()


@commands.command("filing-report", help="生成向一个备案机关报送的备案报告（Word）。")
def filing_report_cmd(
    ctx: typer.Context,
    body: Annotated[str, typer.Option("--body", help="备案机关，如 营口市人民政府。")],
    number: Annotated[
        str, typer.Option("--number", help="备案报告的发文字号，如 盖政〔2026〕12号。")
    ],
    signer: Annotated[str, typer.Option("--signer", help="签发人姓名（上行文须标注）。")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出的 .docx 文件。")],
    documents: Annotated[
        list[str] | None,
        typer.Option("--documents", help="文号（可重复）；默认列出向该机关待报送的全部文件。"),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar=DATE,
            help="报告的成文日期。默认今天；重印已报送的文件时默认取当时的报送日期。",
        ),
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", help="联系人（默认取配置文件 report 节的 contact）。")
    ] = None,
    phone: Annotated[
        str | None, typer.Option("--phone", help="联系电话（默认取配置文件 report 节的 phone）。")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="输出文件已存在时覆盖它。")] = False,
) -> None:
    from docfiler.domain.labels import date_label
    from docfiler.outputs.filing_report import configured_contact, make_filing_report

    state = state_of(ctx)
    settings = state.settings()
    default_contact, default_phone = configured_contact(settings)
    result = make_filing_report(
        office=state.office(),
        output=docx_output(output, force, example="备案报告.docx"),
        body=body,
        documents=documents or None,
        report_number=number,
        signer=signer,
        on=parse_optional_date(date, "报告日期"),
        contact=contact or default_contact,
        phone=phone or default_phone,
        template_dir=settings.template_dir,
    )
    numbers = result.documents
    each = "（每件文件各登记一次）" if len(numbers) > 1 else ""
    typer.echo(f"已生成《{result.title}》：{result.path}")
    typer.echo(f"报告日期：{date_label(result.date)}（要改用 --date）")
    typer.echo(f'报送后登记：docfiler file "{numbers[0]}" --body {body} --submitted 日期{each}')


@commands.command(
    "read", help="从已公布的行政规范性文件 Word 文档中读出文号、标题、成文日期和正文。"
)
def read_cmd(
    path: Annotated[Path, typer.Argument(help="Word 文档（.docx）。", metavar="Word文档")],
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
    if len(data.get("authorities") or []) > 1:
        typer.echo(f"发文机关：{'、'.join(data['authorities'])}（联合发文）")
    typer.echo(f"成文日期：{data['written_on'] or '（未识别）'}")
    if data.get("printed_on"):
        typer.echo(f"印发日期：{data['printed_on']}")
    if data["valid_years"]:
        typer.echo(f"有效期：{data['valid_years']} 年（正文规定）")
    elif data["valid_until"]:
        typer.echo(f"有效期：至 {data['valid_until']}（正文规定）")
    else:
        typer.echo("有效期：正文未规定（废止、宣布失效前一直有效）")
    typer.echo(f"正文：{body[:200]}{'……' if len(body) > 200 else ''}")
    for line in data.get("attachments") or []:
        typer.echo(f"附件：{line}")
    for warning in data.get("warnings") or []:
        typer.echo(f"提示：{warning}")
