"""`docfiler backup` and `docfiler restore` (issue 13, §3): the register into one portable file
and back, on SQLite or PostgreSQL alike (docfiler.services.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docfiler.cli.printing import echo_json
from docfiler.cli.state import state_of
from docfiler.cli.zh import ChineseTyper
from docfiler.errors import ConfigError

commands = ChineseTyper()

BACKUP_HELP = (
    "备份整个登记簿（全部表，含正文和操作记录）到一个 .zip 文件。备份时其他人可以照常使用，"
    "备份反映开始那一刻的登记簿。不加 -o 时放在数据目录的 backups 文件夹，按时间命名"
    "（docfiler-备份-年月日-时分秒.zip），只保留最近 10 份（config.toml 中 [backup] keep 可改）。"
    "备份文件可以恢复到 SQLite 或 PostgreSQL。"
)
RESTORE_HELP = (
    "从备份文件恢复登记簿：先核对备份的校验值和结构版本，再在一个事务中载入全部数据"
    "（中途出错或中断时，数据库保持原样）。较早版本的备份会自动升级到当前结构；"
    "更新版本的 docfiler 做的备份不能恢复。目标数据库须为空（或是一个新的 SQLite 文件）；"
    "已有登记簿数据时须加 --force，才用备份替换其全部内容。"
)


@commands.command("backup", help=BACKUP_HELP)
def backup_cmd(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="备份文件（或放备份的文件夹）。默认放在数据目录的 backups 中。"
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="备份文件已存在时覆盖它。")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
) -> None:
    from docfiler.services.backup import make_backup

    state = state_of(ctx)
    refuse_missing_file(state.settings().database_url)
    made = make_backup(office=state.office(), target=output, force=force)
    if as_json:
        echo_json(made.as_json())
        return
    typer.echo(f"已备份到 {made.path}（数据库结构第 {made.schema_revision} 版）。")
    typer.echo("\n".join(count_lines(made.counts)))
    if made.pruned:
        typer.echo(f"按保留份数删除了较早的备份 {len(made.pruned)} 份。")


@commands.command("restore", help=RESTORE_HELP)
def restore_cmd(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(help="备份文件（.zip）。", metavar="备份文件", show_default=False)
    ],
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="恢复到哪个数据库（默认为全局 --db 或配置的数据库），"
            "如 sqlite:///新登记簿.db 或 postgresql://用户@主机/库名。",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="目标数据库已有登记簿数据时，用备份替换其全部内容。"),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
) -> None:
    from docfiler.config import Settings
    from docfiler.office import Office
    from docfiler.queries.bulk import collector_back_on
    from docfiler.services.backup import check_backup, restore_backup
    from docfiler.store.engine import make_engine

    state = state_of(ctx)
    manifest = check_backup(source)  # a damaged or newer backup: no database is even opened
    settings = Settings.load(database_url=db or state.db, operator=state.operator)
    office = Office(
        engine=make_engine(settings.database_url),
        rulebook=settings.rulebook,
        operator=settings.operator,
    )
    collector_back_on()  # its own office, opened without state.office()
    try:
        restored = restore_backup(office=office, source=source, force=force, manifest=manifest)
    finally:
        office.close()
    if as_json:
        echo_json(restored.as_json())
        return
    typer.echo("\n".join(restore_lines(restored)))


def restore_lines(restored) -> list[str]:
    dialects = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    lines = [
        f"已从 {restored.source} 恢复到 {restored.database}。",
        f"备份时间：{restored.created_at.replace('T', ' ')[:19]}；来源数据库：{dialects.get(restored.source_dialect, restored.source_dialect)}；"
        f"数据库结构：第 {restored.backup_revision} 版"
        + (
            f"，已升级到第 {restored.schema_revision} 版。"
            if restored.backup_revision != restored.schema_revision
            else "。"
        ),
    ]
    if restored.replaced:
        total = sum(restored.replaced.values())
        lines.append(f"原有内容（共 {total} 行）已被替换。")
    lines.append("恢复的数据：")
    return lines + count_lines(restored.counts)


def count_lines(counts: dict[str, int]) -> list[str]:
    """Rows per table as the clerk reads them, one table to a line, in the backup's order."""
    from docfiler.store.backup_format import TABLE_LABELS, table_label

    labels = {name: table_label(name) for name in counts}
    width = max((_width(label) for label in labels.values()), default=0)
    order = list(TABLE_LABELS)
    lines = []
    for name, rows in sorted(
        counts.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)
    ):
        label = labels[name]
        lines.append(f"  {label}{' ' * (width - _width(label))}  {rows:>8} 行")
    lines.append(f"  {'合计'}{' ' * (width - 4)}  {sum(counts.values()):>8} 行")
    return lines


def _width(text: str) -> int:
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def refuse_missing_file(url: str) -> None:
    """An SQLite file that is not there: say so (opening it would create an empty one)."""
    from sqlalchemy.engine import make_url

    from docfiler.store.engine import normalize_url

    try:
        parsed = make_url(normalize_url(url))
    except Exception:  # opening the office reports a bad address in Chinese
        return
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if database and database != ":memory:" and not Path(database).expanduser().exists():
        raise ConfigError(f"找不到数据库文件 {database}，无可备份。请用 --db 指定登记簿的数据库。")
