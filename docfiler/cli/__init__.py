"""The `docfiler` command line. Every command calls the same service functions as the TUI."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from docfiler.domain.dates import parse_date, parse_optional_date
from docfiler.errors import DocfilerError

try:  # Chinese panel titles in --help
    from typer import rich_utils

    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
except (ImportError, AttributeError):  # pragma: no cover - older Typer
    pass

from typer.core import TyperCommand, TyperGroup


class _ChineseHelpOption:
    """The built-in --help option, described in Chinese."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本帮助并退出。"
        return option


class ChineseGroup(_ChineseHelpOption, TyperGroup):
    pass


class ChineseCommand(_ChineseHelpOption, TyperCommand):
    pass


class ChineseTyper(typer.Typer):
    def __init__(self, **kwargs):
        kwargs.setdefault("cls", ChineseGroup)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(**kwargs)

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", ChineseCommand)
        return super().command(*args, **kwargs)


EXIT_OVERDUE = 3
HELP_OPTION = {"help_option_names": ["-h", "--help"]}

app = ChineseTyper(
    name="docfiler",
    help="规范性文件备案与清理管理（盖州市）。不带子命令时打开终端界面。",
    no_args_is_help=False,
    add_completion=False,
    context_settings=HELP_OPTION,
)
authority_app = ChineseTyper(help="制定机关：查看、添加。", context_settings=HELP_OPTION)
countersign_app = ChineseTyper(
    help="会签：登记上级政府的会签请求与答复。", context_settings=HELP_OPTION
)
cleanup_app = ChineseTyper(
    help="定期清理：开始、逐件提出清理意见、查看进度、完成、生成公布材料。",
    context_settings=HELP_OPTION,
)
basis_app = ChineseTyper(
    help="制定依据与上位法：登记依据，标记上位法已修改或废止。", context_settings=HELP_OPTION
)
app.add_typer(cleanup_app, name="cleanup")
app.add_typer(basis_app, name="basis")
app.add_typer(authority_app, name="authority")
app.add_typer(countersign_app, name="countersign")


class State:
    def __init__(self, db: str | None, operator: str | None):
        self.db = db
        self.operator = operator
        self._office = None

    def office(self, *, upgrade: bool = True):
        if self._office is None:
            from docfiler.office import Office

            self._office = Office.open(self.db, operator=self.operator, upgrade=upgrade)
        return self._office


def _state(ctx: typer.Context) -> State:
    return ctx.ensure_object(State) if ctx.obj is None else ctx.obj


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="数据库地址，如 sqlite:///docfiler.store.engine 或 postgresql://用户@主机/库名。"
            "也可用环境变量 DOCFILER_DATABASE_URL。",
            show_default=False,
        ),
    ] = None,
    operator: Annotated[
        str | None,
        typer.Option("--operator", help="操作人姓名（写入审计记录），默认取配置或系统用户名。"),
    ] = None,
) -> None:
    ctx.obj = State(db, operator)
    if ctx.invoked_subcommand is None:
        _open_ui(ctx.obj)


def _open_ui(state: State) -> None:
    """Open the terminal UI; without a terminal, print the register instead.

    The UI gets a callable, not an open office: it draws its first frame first and opens
    (and migrates) the database in a worker, so the window appears at once.
    """
    if sys.stdout.isatty() and sys.stdin.isatty():
        run_ui = _installed_ui()
        if run_ui is not None:
            run_ui(state.office)
            return
    office = state.office()
    _print_register(office, office.today(), status=None, year=None, authority=None)


def _installed_ui():
    """The terminal UI, found through the `docfiler.ui` entry point (the core never imports it)."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="docfiler.ui"):
        return entry.load()
    typer.echo("终端界面（tui）没有安装，下面列出登记簿。请运行 pip install -e . 重新安装。", err=True)
    return None


def _emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _date_opt(value: str | None, what: str) -> dt.date | None:
    return parse_optional_date(value, what)


# ---------------------------------------------------------------------------- set-up


@app.command("init", help="初始化数据库（建表、升级到最新结构），并按规则文件登记制定机关。")
def init_cmd(ctx: typer.Context) -> None:
    from docfiler import services

    office = _state(ctx).office()
    added = services.sync_authorities(office=office)
    typer.echo(f"数据库已就绪：{_safe_url(office)}；新增制定机关 {added} 个。")


@app.command("demo", help="建立一个全新的演示数据库，载入 sample_docs/ 中的示例登记簿。")
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
    from docfiler.services.demo import load_register_file, sample_register_path
    from docfiler.store.engine import reset_database

    state = _state(ctx)
    office = state.office()
    from docfiler.queries.authorities import has_documents

    if has_documents(office=office):
        if not force:
            raise DocfilerError(
                f"数据库 {_safe_url(office)} 中已有文件。demo 会清空它；确认请加 --force，"
                "或用 --db 指定另一个数据库。"
            )
        reset_database(office.engine)
    services.sync_authorities(office=office)
    path = source or sample_register_path()
    counts = load_register_file(office=office, path=path)
    message = (
        f"演示数据库已就绪：{_safe_url(office)}。载入文件 {counts['documents']} 件、"
        f"会签 {counts['countersigns']} 件、清理记录 {counts['cleanups']} 次。"
    )
    typer.echo(message)
    if not quiet:
        typer.echo(
            "打开界面：docfiler --db " + str(office.engine.url.render_as_string(hide_password=True))
        )


@app.command("config", help="显示配置文件、规则文件、数据目录和数据库的位置。")
def config_cmd(ctx: typer.Context) -> None:
    from docfiler.config import Settings, config_dir, data_dir

    settings = Settings.load(database_url=_state(ctx).db, operator=_state(ctx).operator)
    rows = [
        ("配置目录", str(config_dir())),
        (
            "配置文件",
            f"{settings.config_file}{'' if settings.config_file.exists() else '（不存在，使用默认值）'}",
        ),
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


def _safe_url(office) -> str:
    return office.engine.url.render_as_string(hide_password=True)


# ---------------------------------------------------------------------------- documents


@app.command("add", help="登记一件规范性文件（草案）。")
def add_cmd(
    ctx: typer.Context,
    number: Annotated[
        str, typer.Option("--number", help="发文字号，如 盖政发〔2016〕9号（各种括号写法均可）。")
    ],
    title: Annotated[str, typer.Option("--title", help="文件标题。")],
    authority: Annotated[
        str | None, typer.Option("--authority", help="制定机关；默认按文号中的机关代字确定。")
    ] = None,
    drafting_unit: Annotated[str | None, typer.Option("--drafting-unit", help="起草单位。")] = None,
    effective: Annotated[
        str | None, typer.Option("--effective", help="施行日期（YYYY-MM-DD）。")
    ] = None,
    valid_years: Annotated[
        int | None, typer.Option("--valid-years", help="有效期（年），默认 5 年，暂行/试行 2 年。")
    ] = None,
    registration: Annotated[
        str | None, typer.Option("--registration", help="统一登记号，如 GZGS-2016-001。")
    ] = None,
) -> None:
    from docfiler import services

    result = services.register_document(
        office=_state(ctx).office(),
        number=number,
        title=title,
        authority=authority,
        drafting_unit=drafting_unit,
        effective=_date_opt(effective, "施行日期"),
        valid_years=valid_years,
        registration_number=registration,
    )
    typer.echo(f"已登记：{result.doc_number}《{result.title}》")


@app.command("opinions", help="登记听取意见。")
def opinions_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。")],
    date: Annotated[str, typer.Option("--date", help="听取意见日期。")],
    method: Annotated[
        str | None, typer.Option("--method", help="方式，如 网上公开征求意见、座谈会。")
    ] = None,
) -> None:
    from docfiler import services

    result = services.record_opinions(
        office=_state(ctx).office(),
        number=number,
        on=parse_date(date, "听取意见日期"),
        method=method,
    )
    typer.echo(f"已登记听取意见：{result.doc_number}")


@app.command(
    "review", help="报送合法性审查；再次调用并给出 --finished 与 --outcome 即登记审查结论。"
)
def review_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。")],
    submitted: Annotated[str | None, typer.Option("--submitted", help="报送审查日期。")] = None,
    finished: Annotated[str | None, typer.Option("--finished", help="审查完成日期。")] = None,
    outcome: Annotated[
        str | None, typer.Option("--outcome", help="审查结论：合法、应当予以修改 或 不合法。")
    ] = None,
    reviewer: Annotated[str | None, typer.Option("--reviewer", help="审查机构或审查人。")] = None,
    revised: Annotated[
        str | None, typer.Option("--revised", help="按“应当予以修改”意见修改完毕的日期。")
    ] = None,
) -> None:
    from docfiler import services
    from docfiler.errors import ValidationError

    office = _state(ctx).office()
    if (finished is None) != (outcome is None):
        raise ValidationError("登记审查结论须同时给出 --finished（完成日期）和 --outcome（结论）。")
    if submitted is None and finished is None and revised is None:
        raise ValidationError(
            "请给出 --submitted（报送日期），或 --finished 与 --outcome（审查结论）。"
        )
    if submitted is not None:
        services.submit_review(
            office=office,
            number=number,
            submitted=parse_date(submitted, "报送审查日期"),
            reviewer=reviewer,
        )
        typer.echo(f"已报送合法性审查：{number}")
    if finished is not None:
        services.finish_review(
            office=office,
            number=number,
            finished=parse_date(finished, "审查完成日期"),
            outcome=outcome.strip(),
            reviewer=reviewer,
        )
        typer.echo(f"已登记审查结论：{outcome}")
    if revised is not None:
        services.record_revision(
            office=office, number=number, on=parse_date(revised, "修改完成日期")
        )
        typer.echo("已登记按审查意见修改完毕。")


@app.command("decide", help="登记集体讨论决定（常务会议或全体会议）。")
def decide_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。")],
    meeting: Annotated[str, typer.Option("--meeting", help="会议名称，如 市政府第25次常务会议。")],
    date: Annotated[str, typer.Option("--date", help="会议日期。")],
    minutes: Annotated[str | None, typer.Option("--minutes", help="会议纪要号。")] = None,
) -> None:
    from docfiler import services

    services.record_decision(
        office=_state(ctx).office(),
        number=number,
        meeting=meeting,
        on=parse_date(date, "会议日期"),
        minutes=minutes,
    )
    typer.echo(f"已登记集体讨论决定：{number}")


@app.command("sign", help="登记签发。")
def sign_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。")],
    date: Annotated[str, typer.Option("--date", help="签发日期。")],
    by: Annotated[str | None, typer.Option("--by", help="签发人。")] = None,
) -> None:
    from docfiler import services

    services.record_signing(
        office=_state(ctx).office(), number=number, on=parse_date(date, "签发日期"), signed_by=by
    )
    typer.echo(f"已登记签发：{number}")


@app.command("publish", help="公布文件，并按规则生成各备案机关的备案期限。")
def publish_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。")],
    date: Annotated[str, typer.Option("--date", help="公布日期。")],
    channel: Annotated[
        str | None, typer.Option("--channel", help="公布载体，如 盖州市人民政府门户网站。")
    ] = None,
    effective: Annotated[
        str | None, typer.Option("--effective", help="施行日期（默认同公布日期）。")
    ] = None,
) -> None:
    from docfiler import services

    result = services.publish(
        office=_state(ctx).office(),
        number=number,
        on=parse_date(date, "公布日期"),
        channel=channel,
        effective=_date_opt(effective, "施行日期"),
    )
    typer.echo(f"已公布：{result.document.doc_number}")
    for filing in result.filings:
        mark = "（暂按双休日推算）" if filing.provisional else ""
        typer.echo(f"  应于 {filing.due}{mark} 前向 {filing.body} 报送备案")


@app.command("file", help="登记报送备案。")
def file_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。")],
    body: Annotated[str, typer.Option("--body", help="备案机关，如 营口市人民政府。")],
    submitted: Annotated[str, typer.Option("--submitted", help="报送日期。")],
    receipt: Annotated[str | None, typer.Option("--receipt", help="备案回执号。")] = None,
) -> None:
    from docfiler import services

    result = services.submit_filing(
        office=_state(ctx).office(),
        number=number,
        body=body,
        submitted=parse_date(submitted, "报送日期"),
        receipt=receipt,
    )
    late = f"（超期 {result.late_days} 日）" if result.late_days else ""
    typer.echo(f"已登记向 {result.body} 报送备案{late}")


@app.command("filing-result", help="登记备案审查意见。")
def filing_result_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。")],
    body: Annotated[str, typer.Option("--body", help="备案机关。")],
    result: Annotated[str, typer.Option("--result", help="准予备案、要求补正 或 要求纠正。")],
    date: Annotated[str, typer.Option("--date", help="审查意见日期。")],
) -> None:
    from docfiler import services

    services.record_filing_result(
        office=_state(ctx).office(),
        number=number,
        body=body,
        result=result.strip(),
        on=parse_date(date, "审查意见日期"),
    )
    typer.echo(f"已登记 {body} 的备案审查意见：{result}")


@app.command("repeal", help="废止文件。")
def repeal_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。")],
    date: Annotated[str, typer.Option("--date", help="废止日期。")],
    reason: Annotated[str, typer.Option("--reason", help="理由。")],
    by: Annotated[str | None, typer.Option("--by", help="作出废止的文件文号（如有）。")] = None,
) -> None:
    from docfiler import services

    result = services.repeal_document(
        office=_state(ctx).office(),
        number=number,
        on=parse_date(date, "废止日期"),
        reason=reason,
        by=by,
    )
    typer.echo(f"已废止：{result.doc_number}")


@app.command(
    "relate",
    help="登记文件之间的关系：amends（修改）、repeals（废止）、replaces（替代）、based_on（依据）。",
)
def relate_cmd(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="作出修改/废止/替代的文件文号。")],
    kind: Annotated[str, typer.Argument(help="amends、repeals、replaces 或 based_on。")],
    target: Annotated[str, typer.Argument(help="被修改/废止/替代/依据的文件文号。")],
    date: Annotated[
        str | None, typer.Option("--date", help="日期（默认取前者的施行日期）。")
    ] = None,
) -> None:
    from docfiler import services

    result = services.add_relation(
        office=_state(ctx).office(),
        source=source,
        target=target,
        kind=kind,
        on=_date_opt(date, "日期"),
    )
    typer.echo(f"已登记：{result.source} {kind} {result.target}")


@app.command("show", help="显示一件文件的全部信息。")
def show_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号（各种写法均可）。")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="按该日期计算状态（默认今天）。")
    ] = None,
) -> None:
    from docfiler.queries.documents import show_document

    view = show_document(office=_state(ctx).office(), number=number, as_of=_date_opt(as_of, "日期"))
    if as_json:
        _emit_json(view)
        return
    _print_document(view)


def _print_document(view: dict[str, Any]) -> None:
    lines = [
        f"{view['doc_number']}《{view['title']}》",
        f"  状态：{view['status_label']}（{view['as_of']}）",
        f"  制定机关：{view['authority']}    起草单位：{view['drafting_unit'] or '—'}",
        f"  登记号：{view['registration_number'] or '—'}    类别：{view['kind']}",
        f"  公布：{view['published'] or '—'}    施行：{view['effective'] or '—'}    "
        f"有效期至：{view['valid_until'] or '—'}",
    ]
    if view["repealed"]:
        lines.append(f"  废止：{view['repealed']}（{view['repeal_reason'] or ''}）")
    if view["declared_invalid"]:
        lines.append(f"  宣布失效：{view['declared_invalid']}（{view['invalid_reason'] or ''}）")
    lines.append("  程序：")
    for item in view["opinions"]:
        lines.append(f"    {item['date']} 听取意见 {item['method'] or ''}")
    for item in view["reviews"]:
        lines.append(f"    {item['submitted']} 报送合法性审查")
        if item["finished"]:
            lines.append(f"    {item['finished']} 审查结论：{item['outcome']}")
        if item["revised"]:
            lines.append(f"    {item['revised']} 按审查意见修改完毕")
    for item in view["decisions"]:
        lines.append(f"    {item['date']} {item['meeting']}集体讨论决定")
    if view["signed"]:
        lines.append(f"    {view['signed']} 签发")
    if view["published"]:
        lines.append(f"    {view['published']} 公布（{view['channel'] or '未注明载体'}）")
    if view["filings"]:
        lines.append("  备案：")
        for f in view["filings"]:
            state = (
                f"已报送 {f['submitted']}"
                if f["submitted"]
                else (
                    f"逾期 {-f['days_left']} 日"
                    if f["days_left"] < 0
                    else f"剩 {f['days_left']} 日"
                )
            )
            lines.append(
                f"    {f['body']}：期限 {f['due']}{'（暂定）' if f['due_provisional'] else ''}，"
                f"{state}{'，' + f['result'] if f['result'] else ''}"
            )
    for rel in view["relations"]:
        lines.append(f"  {rel['label']}：{rel['other']}（{rel['date'] or ''}）")
    for basis in view["legal_bases"]:
        lines.append(f"  依据：《{basis['title']}》{basis['number'] or ''}")
    typer.echo("\n".join(lines))


@app.command("list", help="列出登记簿中的文件。")
def list_cmd(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="draft、published、in_force、lapsed、repealed、declared_invalid 或中文状态名。",
        ),
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="文号年份。")] = None,
    authority: Annotated[str | None, typer.Option("--authority", help="制定机关。")] = None,
    search: Annotated[str | None, typer.Option("--search", help="按标题字词或文号查找。")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出（与 show --json 相同的字段）。")
    ] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="按该日期计算状态（默认今天）。")
    ] = None,
) -> None:
    from docfiler.queries.documents import list_documents

    office = _state(ctx).office()
    day = _date_opt(as_of, "日期") or office.today()
    if as_json:
        _emit_json(
            list_documents(
                office=office,
                status=status,
                year=year,
                authority=authority,
                search=search,
                as_of=day,
            )
        )
        return
    _print_register(office, day, status=status, year=year, authority=authority, search=search)


def _print_register(office, day, *, status, year, authority, search=None) -> None:
    from rich.console import Console
    from rich.table import Table

    from docfiler.queries.documents import list_documents

    rows = list_documents(
        office=office, status=status, year=year, authority=authority, search=search, as_of=day
    )
    table = Table(title=f"规范性文件登记簿（{day.isoformat()}，共 {len(rows)} 件）")
    for header in ("文号", "标题", "制定机关", "发布日期", "状态", "备案"):
        table.add_column(header)
    for row in rows:
        pending = [f for f in row["filings"] if not f["submitted"]]
        filing = "—" if not row["filings"] else ("待报 " + str(len(pending)) if pending else "已报")
        table.add_row(
            row["doc_number"],
            row["title"],
            row["authority"] or "",
            row["published"] or "—",
            row["status_label"],
            filing,
        )
    console = Console() if sys.stdout.isatty() else Console(width=200)
    console.print(table)


# ---------------------------------------------------------------------------- reminders


@app.command("remind", help="列出到期和逾期事项；有逾期时退出码为 3，便于定时任务报警。")
def remind_cmd(
    ctx: typer.Context,
    today: Annotated[
        str | None, typer.Option("--today", help="以该日期为今天（默认系统日期）。")
    ] = None,
    days: Annotated[int, typer.Option("--days", help="提前提醒的天数。")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
) -> None:
    from docfiler.queries.reminders import KIND_LABELS, reminders

    if days < 0:
        from docfiler.errors import ValidationError

        raise ValidationError("--days 不能为负数。")
    office = _state(ctx).office()
    day = _date_opt(today, "日期") or office.today()
    items = reminders(office=office, today=day, days=days)
    if as_json:
        _emit_json(
            [
                {
                    "kind": r.kind,
                    "doc_number": r.doc_number,
                    "title": r.title,
                    "body": r.body,
                    "due": r.due.isoformat(),
                    "days_left": r.days_left,
                    "provisional": r.provisional,
                }
                for r in items
            ]
        )
    else:
        if not items:
            typer.echo(f"{day.isoformat()}：{days} 日内没有到期事项。")
        for r in items:
            when = (
                f"逾期 {-r.days_left} 日"
                if r.days_left < 0
                else ("今天到期" if r.days_left == 0 else f"剩 {r.days_left} 日")
            )
            mark = "（暂按双休日推算）" if r.provisional else ""
            subject = f"{r.doc_number or ''}《{r.title}》" if r.doc_number else r.title
            typer.echo(
                f"[{KIND_LABELS[r.kind]}] {when}  {r.due.isoformat()}{mark}  {subject}  {r.detail}"
            )
    if any(r.overdue for r in items):
        raise typer.Exit(EXIT_OVERDUE)


# ---------------------------------------------------------------------------- Word in and out


def _template_dir(ctx: typer.Context) -> Path | None:
    from docfiler.config import Settings

    state = _state(ctx)
    return Settings.load(database_url=state.db, operator=state.operator).template_dir


def _check_output(path: Path) -> Path:
    from docfiler.errors import ValidationError

    if path.suffix.lower() != ".docx":
        raise ValidationError(f"输出文件“{path}”应以 .docx 结尾。")
    if path.is_dir():
        raise ValidationError(f"“{path}”是一个文件夹，请给出文件名，如 目录.docx。")
    return path


@app.command("catalogue", help="生成现行有效规范性文件目录（Word）。")
def catalogue_cmd(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="输出的 .docx 文件。")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="目录截至日期（默认今天）；过去的日期重现当时的目录。"),
    ] = None,
    authority: Annotated[
        str | None, typer.Option("--authority", help="只列这个制定机关的文件。")
    ] = None,
) -> None:
    from docfiler.outputs.catalogue import make_catalogue

    result = make_catalogue(
        office=_state(ctx).office(),
        output=_check_output(output),
        as_of=_date_opt(as_of, "截至日期"),
        authority=authority,
        template_dir=_template_dir(ctx),
    )
    typer.echo(f"已生成《{result['title']}》：{result['path']}（{result['rows']} 件）")


@app.command("repealed-list", help="生成废止和失效规范性文件目录（Word）。")
def repealed_list_cmd(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="输出的 .docx 文件。")],
    since: Annotated[
        str | None, typer.Option("--since", help="只列该日期以后废止或失效的文件。")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="截至日期（默认今天）。")] = None,
) -> None:
    from docfiler.outputs.catalogue import make_repealed_list

    result = make_repealed_list(
        office=_state(ctx).office(),
        output=_check_output(output),
        since=_date_opt(since, "起始日期"),
        as_of=_date_opt(as_of, "截至日期"),
        template_dir=_template_dir(ctx),
    )
    typer.echo(f"已生成《{result['title']}》：{result['path']}（{result['rows']} 件）")


@app.command("filing-report", help="生成向一个备案机关报送的备案报告（Word）。")
def filing_report_cmd(
    ctx: typer.Context,
    body: Annotated[str, typer.Option("--body", help="备案机关，如 营口市人民政府。")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出的 .docx 文件。")],
    documents: Annotated[
        list[str] | None,
        typer.Option("--documents", help="文号（可重复）；默认列出向该机关待报送的全部文件。"),
    ] = None,
) -> None:
    from docfiler.outputs.catalogue import make_filing_report

    result = make_filing_report(
        office=_state(ctx).office(),
        output=_check_output(output),
        body=body,
        documents=documents or None,
        template_dir=_template_dir(ctx),
    )
    typer.echo(f"已生成《{result['title']}》：{result['path']}")
    numbers = " ".join(f'"{n}"' for n in result["documents"])
    typer.echo(
        f"报送后登记：docfiler file {numbers.split()[0]} --body {body} --submitted 日期"
        + ("（每件文件各登记一次）" if len(result["documents"]) > 1 else "")
    )


@app.command("read", help="从已公布的规范性文件 Word 文档中读出文号、标题、成文日期和正文。")
def read_cmd(
    path: Annotated[Path, typer.Argument(help="Word 文档（.docx）。")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
) -> None:
    from docfiler.outputs.reader import read_document

    result = read_document(path)
    data = result.as_dict()
    if as_json:
        _emit_json(data)
        return
    typer.echo(f"文号：{data['doc_number']}")
    typer.echo(f"标题：{data['title'] or '（未识别）'}")
    typer.echo(f"成文日期：{data['written_on'] or '（未识别）'}")
    body = data.get("body") or ""
    typer.echo(f"正文：{body[:200]}{'……' if len(body) > 200 else ''}")
    for warning in data.get("warnings") or []:
        typer.echo(f"提示：{warning}")


# ---------------------------------------------------------------------------- authorities, countersign


@authority_app.command("list", help="列出制定机关、机关代字和备案机关。")
def authority_list_cmd(ctx: typer.Context) -> None:
    from docfiler.queries.authorities import list_authorities

    for item in list_authorities(office=_state(ctx).office()):
        typer.echo(
            f"{item['name']}  代字：{'、'.join(item['codes']) or '—'}  "
            f"备案机关：{'、'.join(item['filing_bodies']) or '—'}"
        )


@authority_app.command("add", help="添加制定机关（或为已有机关添加代字）。")
def authority_add_cmd(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="机关名称，如 盖州市民政局。")],
    code: Annotated[
        list[str] | None, typer.Option("--code", help="机关代字，可重复，如 --code 盖民发。")
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="government、general_office 或 department。")
    ] = "department",
    body: Annotated[
        list[str] | None, typer.Option("--body", help="备案机关，可重复；默认按规则文件。")
    ] = None,
) -> None:
    from docfiler import services

    result = services.add_authority(
        office=_state(ctx).office(),
        name=name,
        codes=code or [],
        kind=kind,
        filing_bodies=body or None,
    )
    typer.echo(
        f"已登记制定机关：{result.name}（备案机关：{'、'.join(result.filing_bodies)}）"
    )


@countersign_app.command("add", help="登记收到的会签请求。")
def countersign_add_cmd(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", help="会签文件标题。")],
    received: Annotated[str, typer.Option("--received", help="收到日期。")],
    reply_due: Annotated[
        str | None, typer.Option("--reply-due", help="答复期限（默认按规则文件计算）。")
    ] = None,
    from_body: Annotated[str, typer.Option("--from", help="来文机关。")] = "营口市人民政府",
    reference: Annotated[str | None, typer.Option("--reference", help="来文文号。")] = None,
) -> None:
    from docfiler import services

    result = services.add_countersign(
        office=_state(ctx).office(),
        title=title,
        received=parse_date(received, "收到日期"),
        reply_due=_date_opt(reply_due, "答复期限"),
        from_body=from_body,
        reference=reference,
    )
    typer.echo(f"已登记会签（编号 {result.id}），{result.reply_due} 前答复。")


@countersign_app.command("reply", help="登记会签答复。")
def countersign_reply_cmd(
    ctx: typer.Context,
    countersign_id: Annotated[int, typer.Argument(help="会签编号。")],
    date: Annotated[str, typer.Option("--date", help="答复日期。")],
    summary: Annotated[str | None, typer.Option("--summary", help="答复意见摘要。")] = None,
) -> None:
    from docfiler import services

    services.reply_countersign(
        office=_state(ctx).office(),
        countersign_id=countersign_id,
        replied=parse_date(date, "答复日期"),
        summary=summary,
    )
    typer.echo("已登记会签答复。")


# ---------------------------------------------------------------------------- cleanup


@cleanup_app.command(
    "start", help="开始一次定期清理，纳入基准日现行有效的文件和上次清理以来到期的文件。"
)
def cleanup_start_cmd(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="清理活动名称，如 2026年规范性文件清理。")],
    as_of: Annotated[str, typer.Option("--as-of", help="清理基准日。")],
    basis: Annotated[str | None, typer.Option("--basis", help="清理依据（规定或通知）。")] = None,
    authority: Annotated[
        list[str] | None, typer.Option("--authority", help="只清理这些制定机关的文件（可重复）。")
    ] = None,
) -> None:
    from docfiler.services.cleanup import start_campaign

    result = start_campaign(
        office=_state(ctx).office(),
        name=name,
        as_of=parse_date(as_of, "清理基准日"),
        basis=basis,
        authorities=authority or None,
    )
    typer.echo(
        f"已开始清理“{result.name}”，编号 {result.id}：纳入文件 {result.total} 件"
        + (f"，其中 {result.flagged} 件已预填需清理的理由" if result.flagged else "")
        + "。"
    )


@cleanup_app.command("decide", help="为一件文件提出清理意见。")
def cleanup_decide_cmd(
    ctx: typer.Context,
    campaign: Annotated[str, typer.Argument(help="清理活动的编号或名称。")],
    number: Annotated[str, typer.Argument(help="文号。")],
    decision: Annotated[str, typer.Option("--decision", help="继续有效、修改、废止 或 宣布失效。")],
    reason: Annotated[
        str | None, typer.Option("--reason", help="理由（继续有效以外必填）。")
    ] = None,
    amended_by: Annotated[
        str | None, typer.Option("--amended-by", help="修改文件的文号（如已制发）。")
    ] = None,
) -> None:
    from docfiler.services.cleanup import decide

    result = decide(
        office=_state(ctx).office(),
        campaign=campaign,
        number=number,
        decision=decision,
        reason=reason,
        amended_by=amended_by,
    )
    typer.echo(f"已登记：{result.doc_number} {result.decision}")


@cleanup_app.command("status", help="查看清理进度（按起草单位）和尚未提出意见的文件。")
def cleanup_status_cmd(
    ctx: typer.Context,
    campaign: Annotated[str, typer.Argument(help="清理活动的编号或名称。")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
) -> None:
    from docfiler.queries.campaigns import campaign_status

    status = campaign_status(office=_state(ctx).office(), campaign=campaign)
    if as_json:
        _emit_json(status)
        return
    state = f"已于 {status['finished']} 完成" if status["finished"] else "进行中"
    typer.echo(f"清理“{status['name']}”（编号 {status['id']}，基准日 {status['as_of']}，{state}）")
    typer.echo(
        f"进度：{status['decided']}/{status['total']}  "
        + "  ".join(f"{k} {v}" for k, v in status["decisions"].items())
    )
    for unit in status["units"]:
        typer.echo(f"  {unit['drafting_unit']}：{unit['decided']}/{unit['total']}")
    if status["undecided"]:
        typer.echo("尚未提出意见：")
        for item in status["undecided"]:
            typer.echo(f"  {item['doc_number']}《{item['title']}》（{item['drafting_unit']}）")


@cleanup_app.command("finish", help="完成清理：在同一事务中执行全部清理意见。")
def cleanup_finish_cmd(
    ctx: typer.Context,
    campaign: Annotated[str, typer.Argument(help="清理活动的编号或名称。")],
    date: Annotated[
        str, typer.Option("--date", help="清理决定的日期（废止、宣布失效自该日起生效）。")
    ],
) -> None:
    from docfiler.services.cleanup import finish_campaign

    result = finish_campaign(
        office=_state(ctx).office(), campaign=campaign, on=parse_date(date, "完成日期")
    )
    typer.echo(
        f"已完成清理“{result.name}”（{result.finished}）：继续有效 {result.totals.kept} 件，"
        f"修改 {result.totals.amended} 件，废止 {result.totals.repealed} 件，宣布失效 {result.totals.declared_invalid} 件。"
    )


@cleanup_app.command("correct", help="更正已完成清理中一件文件的清理意见（留有记录）。")
def cleanup_correct_cmd(
    ctx: typer.Context,
    campaign: Annotated[str, typer.Argument(help="清理活动的编号或名称。")],
    number: Annotated[str, typer.Argument(help="文号。")],
    decision: Annotated[str, typer.Option("--decision", help="更正后的清理意见。")],
    reason: Annotated[str, typer.Option("--reason", help="更正理由。")],
    date: Annotated[str, typer.Option("--date", help="更正日期。")],
) -> None:
    from docfiler.services.cleanup import correct_decision

    result = correct_decision(
        office=_state(ctx).office(),
        campaign=campaign,
        number=number,
        decision=decision,
        reason=reason,
        on=parse_date(date, "更正日期"),
    )
    typer.echo(f"已更正：{result.doc_number} 由“{result.before}”改为“{result.after}”")


@cleanup_app.command("report", help="生成清理结果的全部 Word 材料到一个文件夹。")
def cleanup_report_cmd(
    ctx: typer.Context,
    campaign: Annotated[str, typer.Argument(help="清理活动的编号或名称。")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件夹。")],
) -> None:
    from docfiler.outputs.cleanup_report import make_cleanup_report

    result = make_cleanup_report(
        office=_state(ctx).office(),
        campaign=campaign,
        folder=output,
        template_dir=_template_dir(ctx),
    )
    typer.echo(f"已生成清理“{result['campaign']}”的材料：{result['folder']}")
    for item in result["outputs"]:
        typer.echo(f"  {Path(item['path']).name}（{item['rows']} 项）")


@app.command(
    "evaluate", help="登记有效期届满前的评估结论：republish（重新制发）或 lapse（到期失效）。"
)
def evaluate_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文号。")],
    date: Annotated[str, typer.Option("--date", help="评估日期。")],
    outcome: Annotated[str, typer.Option("--outcome", help="republish 或 lapse。")],
    replacement: Annotated[
        str | None, typer.Option("--replacement", help="重新制发的新文件文号。")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="说明。")] = None,
) -> None:
    from docfiler.services.cleanup import record_evaluation

    record_evaluation(
        office=_state(ctx).office(),
        number=number,
        on=parse_date(date, "评估日期"),
        outcome=outcome,
        replacement=replacement,
        note=note,
    )
    typer.echo(f"已登记 {number} 的有效期评估。")


@basis_app.command("add", help="为文件登记一项制定依据（法律、法规、规章或上级文件）。")
def basis_add_cmd(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="文件的文号。")],
    title: Annotated[str, typer.Option("--title", help="依据的名称，如 社会救助暂行办法。")],
    basis_number: Annotated[
        str | None, typer.Option("--number", help="依据的文号，如 国务院令第649号。")
    ] = None,
) -> None:
    from docfiler import services

    services.add_legal_basis(
        office=_state(ctx).office(), number=number, title=title, basis_number=basis_number
    )
    typer.echo(f"已登记制定依据《{title.strip('《》')}》")


@basis_app.command("mark", help="标记上位法或上级文件已修改或已废止；依据它的文件将标为“需清理”。")
def basis_mark_cmd(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", help="上位法或上级文件的名称。")],
    status: Annotated[str, typer.Option("--status", help="已修改、已废止 或 现行。")],
    date: Annotated[str, typer.Option("--date", help="修改或废止的日期。")],
    basis_number: Annotated[str | None, typer.Option("--number", help="其文号。")] = None,
    note: Annotated[str | None, typer.Option("--note", help="说明。")] = None,
) -> None:
    from docfiler.services.cleanup import mark_higher_law

    result = mark_higher_law(
        office=_state(ctx).office(),
        title=title,
        status=status,
        on=parse_date(date, "日期"),
        number=basis_number,
        note=note,
    )
    typer.echo(
        f"已标记《{result.title}》{result.status}，涉及文件 {result.documents} 件。"
    )


# ---------------------------------------------------------------------------- entry point

_USAGE_LABELS = {
    "NoSuchOption": "没有这个选项",
    "MissingParameter": "缺少必填参数",
    "BadParameter": "参数值无效",
    "BadOptionUsage": "选项用法有误",
    "BadArgumentUsage": "参数用法有误",
}


_DETAIL_PATTERNS = (
    (r"Missing argument '([^']+)'\.?", "缺少参数 {0}"),
    (r"Missing option '([^']+)'\.?", "缺少选项 {0}"),
    (r"Missing parameter: (\S+)", "缺少参数 {0}"),
    (r"No such option: (\S+)", "没有选项 {0}"),
    (r"No such command '([^']+)'\.?", "没有命令 {0}"),
    (r"Got unexpected extra arguments? \((.+)\)", "多余的参数 {0}"),
    (r"Invalid value for '([^']+)': '([^']*)' is not a valid integer\.?", "{0} 的值“{1}”不是整数"),
    (r"Invalid value for '([^']+)': Input should be a valid integer.*", "{0} 的值应为整数"),
    (r"Invalid value for '([^']+)': (.+)", "{0} 的值无效：{1}"),
    (r"Option '([^']+)' requires an argument\.?", "选项 {0} 后面需要一个值"),
)


def _translate_detail(text: str) -> str:
    import re

    for pattern, template in _DETAIL_PATTERNS:
        match = re.fullmatch(pattern, text.strip())
        if match:
            return template.format(*match.groups())
    return text


def _usage_message(exc: typer.TyperException) -> str:
    label = _USAGE_LABELS.get(type(exc).__name__, "用法有误")
    ctx = getattr(exc, "ctx", None)
    hint = f"\n查看用法：{ctx.command_path} --help" if ctx is not None else ""
    detail = exc.format_message()
    translated = _translate_detail(detail)
    text = translated if translated != detail else f"{label}：{detail}"
    return f"错误：{text}{hint}"


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors become a Chinese message and an exit code, never a traceback."""
    try:
        result = app(args=argv, standalone_mode=False, prog_name="docfiler")
        if isinstance(result, int) and not isinstance(result, bool):
            return result  # typer.Exit(code) in non-standalone mode
    except DocfilerError as exc:
        typer.echo(f"错误：{exc}", err=True)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        typer.echo("已取消。", err=True)
        return 1
    except typer.TyperException as exc:
        if exc.exit_code == 2 or hasattr(exc, "ctx"):
            typer.echo(_usage_message(exc), err=True)
            return 2
        typer.echo(f"错误：{exc.format_message()}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        typer.echo("已中断。", err=True)
        return 130
    except Exception as exc:  # an unexpected fault: a short message and a log, no traceback
        _log_unexpected(exc)
        typer.echo(
            f"错误：程序内部出错（{type(exc).__name__}: {exc}）。详情已写入日志 {_log_path()}。",
            err=True,
        )
        return 1
    return 0


def _log_path() -> Path:
    from docfiler.config import data_dir

    return data_dir() / "docfiler.log"


def _log_unexpected(exc: BaseException) -> None:
    import traceback

    try:
        path = _log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {dt.datetime.now().isoformat()}\n")
            handle.write("".join(traceback.format_exception(exc)))
    except OSError:
        pass


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
