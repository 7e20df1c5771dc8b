"""Setting up and looking after an installation: init, demo, config, remind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docfiler.cli.printing import echo_json, reminder_json, reminder_line
from docfiler.cli.state import office_of, safe_url, state_of
from docfiler.cli.zh import ChineseTyper
from docfiler.domain.dates import parse_optional_date

EXIT_OVERDUE = 3
"""`remind` exits with this code when anything is overdue, so a scheduled task can alert."""

commands = ChineseTyper()


@commands.command("init", help="初始化数据库（建表、升级到最新结构），并按规则文件登记制定机关。")
def init_cmd(ctx: typer.Context) -> None:
    from docfiler import services

    office = office_of(ctx)
    added = services.sync_authorities(office=office)
    typer.echo(f"数据库已就绪：{safe_url(office)}；新增制定机关 {added} 个。")


@commands.command("demo", help="建立一个全新的演示数据库，载入 sample_docs/ 中的示例登记簿。")
def demo_cmd(
    ctx: typer.Context,
    force: Annotated[
        bool, typer.Option("--force", help="数据库中已有文件时，清空后重建。")
    ] = False,
    source: Annotated[
        Path | None, typer.Option("--from", help="登记簿文件（默认 sample_docs/register.toml）。")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只输出一行结果。")] = False,
) -> None:
    from docfiler import services
    from docfiler.errors import DocfilerError
    from docfiler.queries.authorities import has_documents
    from docfiler.services.demo import load_register_file, sample_register_path
    from docfiler.store.engine import reset_database

    office = office_of(ctx)
    if has_documents(office=office):
        if not force:
            raise DocfilerError(
                f"数据库 {safe_url(office)} 中已有文件。demo 会清空它；确认请加 --force，"
                "或用 --db 指定另一个数据库。"
            )
        reset_database(office.engine)
    services.sync_authorities(office=office)
    counts = load_register_file(office=office, path=source or sample_register_path())
    typer.echo(
        f"演示数据库已就绪：{safe_url(office)}。载入文件 {counts['documents']} 件、"
        f"会签 {counts['countersigns']} 件、清理记录 {counts['cleanups']} 次。"
    )
    if not quiet:
        typer.echo(f"打开界面：docfiler --db {safe_url(office)}")


@commands.command("config", help="显示配置文件、规则文件、数据目录和数据库的位置。")
def config_cmd(ctx: typer.Context) -> None:
    from docfiler.config import config_dir, data_dir

    settings = state_of(ctx).settings()
    missing = "" if settings.config_file.exists() else "（不存在，使用默认值）"
    rows = [
        ("配置目录", str(config_dir())),
        ("配置文件", f"{settings.config_file}{missing}"),
        ("规则文件", "；".join(str(p) for p in settings.rulebook.sources)),
        (
            "办公室规则文件",
            str(config_dir() / "rulebook.toml") + "（放在这里的同名文件会覆盖默认规则）",
        ),
        ("数据目录", str(data_dir())),
        ("数据库", settings.database_url),
        ("操作人", settings.operator),
    ]
    for label, value in rows:
        typer.echo(f"{label}：{value}")


@commands.command("remind", help="列出到期和逾期事项；有逾期时退出码为 3，便于定时任务报警。")
def remind_cmd(
    ctx: typer.Context,
    today: Annotated[
        str | None, typer.Option("--today", help="以该日期为今天（默认系统日期）。")
    ] = None,
    days: Annotated[
        int | None,
        typer.Option(
            "--days",
            help="提前提醒的天数（默认按规则文件 reminders.horizon_days，出厂为 30 日）。",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
) -> None:
    from docfiler.domain.vocabulary import REMINDER_KINDS
    from docfiler.queries.reminders import reminders

    if days is not None and days < 0:
        from docfiler.errors import ValidationError

        raise ValidationError("--days 不能为负数。")
    office = office_of(ctx)
    day = parse_optional_date(today, "日期") or office.today()
    if days is None:
        days = office.rulebook.reminder_horizon_days
    items = reminders(office=office, today=day, days=days)
    if as_json:
        echo_json([reminder_json(r) for r in items])
    elif items:
        for r in items:
            typer.echo(reminder_line(r, REMINDER_KINDS[r.kind]))
    else:
        typer.echo(f"{day.isoformat()}：{days} 日内没有到期事项。")
    if any(r.overdue for r in items):
        raise typer.Exit(EXIT_OVERDUE)
