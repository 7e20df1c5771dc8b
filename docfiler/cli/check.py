"""`docfiler check`: the database's own integrity check and the register's rules
(docfiler.queries.integrity), each problem with what it means and what to do."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docfiler.cli.printing import echo_json
from docfiler.cli.state import state_of
from docfiler.cli.zh import ChineseTyper
from docfiler.errors import ConfigError

commands = ChineseTyper()

CHECK_HELP = (
    "检查登记簿是否完好：先做数据库自身的完整性检查（SQLite 用 PRAGMA integrity_check；"
    "PostgreSQL 在启用了 amcheck 扩展时检查索引，未启用时说明原因，不算错误），"
    "再核对登记簿的规则：已公布的文件有应有的备案、废止关系与废止日期一致、"
    "程序日期顺序正确、每件文件都有审计记录、清理活动完整等。"
    "每个问题说明含义和处理办法。只读，不修改数据库，也不升级数据库结构。"
    "退出码：未发现问题为 0，发现问题为 1。"
)


@commands.command("check", help=CHECK_HELP)
def check_cmd(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=1000, help="每类问题最多列出几处。")
    ] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
) -> None:
    from docfiler.queries.integrity import check_register

    state = state_of(ctx)
    _refuse_missing_file(state.settings().database_url)
    report = check_register(state.office(upgrade=False), examples=limit)
    if as_json:
        echo_json(report.as_json())
    else:
        typer.echo("\n".join(report_lines(report)))
    if not report.ok:
        raise typer.Exit(1)


def _refuse_missing_file(url: str) -> None:
    """An SQLite file that is not there: say so (connecting would create an empty one)."""
    from sqlalchemy.engine import make_url

    from docfiler.store.engine import normalize_url

    try:
        parsed = make_url(normalize_url(url))
    except Exception:  # the office, opening, reports a bad address in Chinese
        return
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if database and database != ":memory:" and not Path(database).expanduser().exists():
        raise ConfigError(f"找不到数据库文件 {database}，无可检查。请用 --db 指定登记簿的数据库。")


def report_lines(report) -> list[str]:
    """The report as the clerk reads it."""
    storage = report.storage
    verdict = "未运行" if not storage.ran else "通过" if storage.ok else "未通过"
    lines = [f"数据库检查（{storage.method}）：{verdict}"]
    if storage.note:
        lines.append(f"  {storage.note}")
    if report.skipped:
        lines.append(f"登记簿规则：未检查。{report.skipped}")
    else:
        lines.append(f"登记簿规则：共检查 {report.rules_checked} 项。")
    if report.ok:
        lines.append("检查完毕：未发现问题。")
        return lines
    lines.append(f"检查完毕：发现 {len(report.problems)} 类问题。")
    for index, problem in enumerate(report.problems, start=1):
        lines += ["", f"{index}. {problem.title}（{problem.count} 处）"]
        lines.append(f"   含义：{problem.meaning}")
        lines.append(f"   处理：{problem.action}")
        lines += [f"   · {example}" for example in problem.examples]
        hidden = problem.count - len(problem.examples)
        if hidden > 0:
            lines.append(f"   ……另有 {hidden} 处未列出（可用 --limit 或 --json 查看更多）。")
    return lines
