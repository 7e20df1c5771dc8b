"""Setting up and looking after an installation: init, demo, config, remind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docfiler.cli.printing import echo_json, reminder_json, reminder_line
from docfiler.cli.state import office_of, safe_url, state_of
from docfiler.cli.zh import DATE, ChineseTyper
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


@commands.command(
    "demo",
    help="建立一个演示数据库，载入 sample_docs/ 中的示例登记簿。不加 --db 时使用单独的演示数据库"
    "（数据目录下的 demo.db），不会改动办公室的登记簿。",
)
def demo_cmd(
    ctx: typer.Context,
    force: Annotated[
        bool, typer.Option("--force", help="数据库中已有演示数据时，清空后重建。")
    ] = False,
    replace_real_data: Annotated[
        bool,
        typer.Option(
            "--replace-real-data",
            help="数据库中有不是演示数据的内容（如办公室的登记簿）时，仍然清空它换成演示数据。"
            "清空后无法恢复。",
        ),
    ] = False,
    source: Annotated[
        Path | None, typer.Option("--from", help="登记簿文件（默认 sample_docs/register.toml）。")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只输出一行结果。")] = False,
) -> None:
    from docfiler import services
    from docfiler.services.demo import (
        check_register_file,
        database_contents,
        load_register_file,
        mark_demo,
        replace_database,
        sample_register_path,
    )

    state = state_of(ctx)
    if state.db is None:
        from docfiler.config import demo_database_url

        state.db = demo_database_url()
        typer.echo("未用 --db 指定数据库：演示数据放在单独的演示数据库中，办公室的登记簿不受影响。")
    office = state.office()
    contents = database_contents(office=office)
    _refuse_to_replace(safe_url(office), contents, force=force, real=replace_real_data)
    path = source or sample_register_path()
    if source is not None:
        check_register_file(office=office, path=path)  # a faulty file stops before the wipe
    if contents.kind != "empty":
        replace_database(office=office, source=path, kind=contents.kind)
    services.sync_authorities(office=office)
    counts = load_register_file(office=office, path=path)
    mark_demo(office=office, source=path)
    typer.echo(
        f"演示数据库已就绪：{safe_url(office)}。载入文件 {counts['documents']} 件、"
        f"会签 {counts['countersigns']} 件、清理记录 {counts['cleanups']} 次。"
    )
    if not quiet:
        typer.echo(f"打开界面：docfiler --db {safe_url(office)}")


def _refuse_to_replace(where: str, contents, *, force: bool, real: bool) -> None:
    """demo empties a database only when told to: --force for demo data, and a differently
    named option for anything else (it may be the office's register)."""
    from docfiler.errors import DocfilerError

    if contents.kind == "real" and not real:
        raise DocfilerError(
            f"数据库 {where} 中有不是演示数据的内容（{contents.describe()}），"
            "可能是办公室正在使用的登记簿，demo 没有改动它。请用 --db 指定另一个数据库；"
            "确要清空它换成演示数据，请先备份，再加 --replace-real-data。"
        )
    if contents.kind == "demo" and not (force or real):
        raise DocfilerError(
            f"数据库 {where} 中已有文件。demo 会清空它；确认请加 --force，"
            "或用 --db 指定另一个数据库。"
        )


@commands.command("config", help="显示配置文件、规则文件、数据目录和数据库的位置。")
def config_cmd(ctx: typer.Context) -> None:
    from docfiler.config import config_dir, data_dir, exposed_secret, mask_secrets

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
        ("数据库", mask_secrets(settings.database_url)),
        ("操作人", settings.operator),
    ]
    for label, value in rows:
        typer.echo(f"{label}：{value}")
    if exposed_secret(settings.config_file):
        typer.echo(
            f"提示：配置文件 {settings.config_file} 写有数据库密码，而其他用户也能读取它。"
            f"请运行 chmod 600 {settings.config_file}，只让自己读写。"
        )


@commands.command("remind", help="列出到期和逾期事项；有逾期时退出码为 3，便于定时任务报警。")
def remind_cmd(
    ctx: typer.Context,
    today: Annotated[
        str | None,
        typer.Option("--today", metavar=DATE, help="以该日期为今天（默认系统日期）。"),
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
    from docfiler.queries import reminders

    if days is not None and days < 0:
        from docfiler.errors import ValidationError

        raise ValidationError("--days 不能为负数。")
    # A scheduled task runs this every day: read a current register without SQLAlchemy.
    direct = state_of(ctx).direct_register()
    if direct is not None:
        try:
            day = parse_optional_date(today, "日期") or direct.today()
            days = direct.rulebook.reminder_horizon_days if days is None else days
            rows = reminders.statement_rows(direct.dialect, direct.execute)
            items = reminders.collect(rows, direct.rulebook, day, days)
        finally:
            direct.close()
    else:
        office = office_of(ctx)
        day = parse_optional_date(today, "日期") or office.today()
        days = office.rulebook.reminder_horizon_days if days is None else days
        items = reminders.reminders(office=office, today=day, days=days)
    if as_json:
        echo_json([reminder_json(r) for r in items])
    elif items:
        for r in items:
            typer.echo(reminder_line(r, REMINDER_KINDS[r.kind]))
    else:
        typer.echo(f"{day.isoformat()}：{days} 日内没有到期事项。")
    if any(r.overdue for r in items):
        raise typer.Exit(EXIT_OVERDUE)


@commands.command(
    "recount",
    help="重新计算未报送备案的期限（录入新一年节假日安排、更新日历包或修改备案期限后）。"
    "打开数据库时发现这些依据有变也会自动重算；改变的期限记入操作日志。",
)
def recount_cmd(ctx: typer.Context) -> None:
    office = office_of(ctx)
    opened = office.recounted  # opening counts again by itself when the basis changed
    result = opened if opened is not None and opened.ran else office.recount_due_dates(force=True)
    checked = f"已核对 {result.checked} 项未报送的备案"
    if result.incoming_checked:
        checked += f"和 {result.incoming_checked} 件收文的报送期限"
    if not result.changes:
        typer.echo(f"{checked}，期限均无变化。")
        return
    typer.echo(f"{checked}，{len(result.changes)} 项期限改变：")
    for change in result.changes:
        whose = f"（{change['unit']}报送本机关）" if "unit" in change else f" 向{change['body']}"
        typer.echo(f"  {change['number']}{whose}：{change['from']} → {change['to']}")
