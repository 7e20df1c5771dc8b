"""The `authority` sub-app: issuing authorities (制定机关), their codes and filing bodies."""

from __future__ import annotations

from typing import Annotated

import typer

from docfiler.cli.state import office_of
from docfiler.cli.zh import ChineseTyper

app = ChineseTyper(help="制定机关：查看、添加。")


@app.command("list", help="列出制定机关、机关代字和备案机关。")
def authority_list_cmd(ctx: typer.Context) -> None:
    from docfiler.queries.authorities import list_authorities

    for item in list_authorities(office=office_of(ctx)):
        typer.echo(
            f"{item['name']}  代字：{'、'.join(item['codes']) or '—'}  "
            f"备案机关：{'、'.join(item['filing_bodies']) or '—'}"
        )


@app.command("add", help="添加制定机关（或为已有机关添加代字）。")
def authority_add_cmd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="机关名称，如 盖州市民政局。", metavar="机关名称")],
    code: Annotated[
        list[str] | None, typer.Option("--code", help="机关代字，可重复，如 --code 盖民发。")
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="government（本级政府）、general_office（政府办公室）、department（政府部门）"
            "或 township（乡镇人民政府、街道办事处，向盖州市人民政府备案）。",
        ),
    ] = "department",
    body: Annotated[
        list[str] | None, typer.Option("--body", help="备案机关，可重复；默认按规则文件。")
    ] = None,
) -> None:
    from docfiler import services

    result = services.add_authority(
        office=office_of(ctx),
        name=name,
        codes=code or [],
        kind=kind,
        filing_bodies=body or None,
    )
    typer.echo(f"已登记制定机关：{result.name}（备案机关：{'、'.join(result.filing_bodies)}）")
