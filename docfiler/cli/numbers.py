"""`docfiler number`: read document numbers as they are really written, for clerks cleaning up
a list of numbers and for checking one. Needs the rulebook only, never the database."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from docfiler.cli.printing import echo_json, echo_lines
from docfiler.cli.state import state_of
from docfiler.cli.zh import ChineseTyper
from docfiler.domain.docnumber import DocNumberError, apply_aliases, parse

commands = ChineseTyper()

KIND_LABELS = {"ordinary": "普通文件", "decree": "政府令", "announcement": "公告"}

NUMBER_HELP = (
    "识别文号：对每个文号给出规范写法、种类（普通文件、政府令或公告）、机关代字、年份和序号，"
    "不能识别的说明原因（年份和序号连写的，给出可能的写法）。"
    "繁体字按简体识别（原写法另行列出）；“省政府令”“市政府令”等简称按规则文件中 number_aliases 一节"
    "换成全称；机关代字属于规则文件中的本级或其他机关时，一并列出。"
    "文号写成“-”时从标准输入逐行读取（空行跳过）。不打开数据库。"
    "退出码：全部能识别时为 0；只要有一个不能识别即为 1（其余照常列出），便于在脚本中检查整张清单。"
)


@commands.command("number", help=NUMBER_HELP)
def number_cmd(
    ctx: typer.Context,
    texts: Annotated[
        list[str],
        typer.Argument(
            help="文号，可写多个，如 盤政辦發〔2017〕77號 国办发200966号；写“-”从标准输入读取。",
            show_default=False,
            metavar="文号…",
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="以 JSON 数组输出，每个文号一项。")
    ] = False,
) -> None:
    rulebook = state_of(ctx).settings().rulebook
    owners = {code: rule.name for rule in rulebook.authorities for code in rule.codes}
    owners = {**rulebook.other_governments, **owners}
    results = [
        describe(text, aliases=rulebook.number_aliases, owners=owners) for text in _read(texts)
    ]
    if as_json:
        echo_json(results)
    else:
        echo_lines([_line(result) for result in results])
    if not all(result["ok"] for result in results):
        raise typer.Exit(1)


def _read(texts: list[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        if text == "-":
            stream = typer.get_text_stream("stdin")
            out.extend(line.strip() for line in stream if line.strip())
        else:
            out.append(text)
    return out


def describe(
    text: str, *, aliases: dict[str, str] | None = None, owners: dict[str, str] | None = None
) -> dict[str, Any]:
    """What `number` reports for one text: the parse, or the reason it failed."""
    try:
        parsed = parse(text)
    except DocNumberError as exc:
        return {
            "text": text,
            "ok": False,
            "error": str(exc),
            "reason": exc.reason,
            "suggestion": exc.suggestion,
        }
    number = apply_aliases(parsed, aliases)
    kind = number.kind
    return {
        "text": text,
        "ok": True,
        "canonical": str(number),
        "written": parsed.display if parsed.display != str(parsed) else None,
        "alias_of": parsed.agency_code if number is not parsed else None,
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "agency_code": number.agency_code,
        "year": number.year,
        "serial": number.serial,
        "owner": (owners or {}).get(number.agency_code),
    }


def _line(result: dict[str, Any]) -> str:
    if not result["ok"]:
        line = f"{result['text']}  ✗ {result['error']}"
        return line
    parts = [result["kind_label"], f"机关代字 {result['agency_code']}"]
    if result["year"] is not None:
        parts.append(f"{result['year']}年")
    parts.append(f"序号 {result['serial']}")
    if result["owner"]:
        parts.append(f"代字属于{result['owner']}")
    if result["alias_of"]:
        parts.append(f"“{result['alias_of']}”按规则文件换为全称")
    if result["written"]:
        parts.append(f"原写法 {result['written']}")
    return f"{result['text']}  → {result['canonical']}（{'，'.join(parts)}）"
