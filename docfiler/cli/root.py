"""The `docfiler` command: global options, every area's commands, opening the UI, exit codes.

Each area registers its commands in its own module; this one puts them together in the order
`docfiler --help` lists them, and turns every error into a Chinese message and an exit code.
"""

from __future__ import annotations

import copy
import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from docfiler.cli import (
    admin,
    annual_report,
    authorities,
    backup,
    check,
    cleanup,
    coercion,
    compilation,
    countersigns,
    documents,
    export,
    filing_report,
    filings,
    imports,
    inbox,
    inbox_word,
    legal_bases,
    numbers,
    outputs,
    procedure,
    relations,
    resident,
    update,
)
from docfiler.cli.state import OpenUI, State, state_of
from docfiler.cli.zh import ChineseGroup, ChineseTyper, unreadable_argument, usage_message
from docfiler.errors import INTERRUPTED, INTERRUPTED_EXIT_CODE, DocfilerError, explain
from docfiler.resident import command_name

coercion.install()  # text, numbers and flags converted without importing pydantic

HELP_ORDER = (
    *("init", "demo", "config", "check", "backup", "restore", "import", "export"),
    *("add", "update", "opinions", "review", "fair-competition", "decide", "sign", "publish"),
    *("file", "filing-result", "repeal", "relate", "show", "list", "remind", "recount"),
    *("catalogue", "repealed-list", "compilation", "filing-report", "annual-report", "read"),
    *("evaluate", "number"),
    *("cleanup", "basis", "authority", "countersign", "inbox", "resident"),
)
"""How `docfiler --help` lists the commands (as the clerks' notes have them); others go last."""


class RootGroup(ChineseGroup):
    def list_commands(self, ctx) -> list[str]:
        names = super().list_commands(ctx)
        known = [name for name in HELP_ORDER if name in names]
        return known + [name for name in names if name not in HELP_ORDER]


app = ChineseTyper(
    name="docfiler",
    help="行政规范性文件备案与清理管理（盖州市）。不带子命令时打开终端界面。",
    no_args_is_help=False,
    add_completion=False,
    cls=RootGroup,
)
for area in (
    admin,
    check,
    backup,
    imports,
    export,
    documents,
    update,
    procedure,
    filings,
    relations,
    outputs,
    filing_report,
    compilation,
    legal_bases,
    numbers,
    annual_report,
):
    app.add_typer(area.commands)
app.add_typer(cleanup.app, name="cleanup")
inbox.app.add_typer(inbox_word.commands)  # opinion-letter, notice, reply-letter
app.add_typer(inbox.app, name="inbox")
app.add_typer(legal_bases.app, name="basis")
app.add_typer(authorities.app, name="authority")
app.add_typer(countersigns.app, name="countersign")
app.add_typer(resident.app, name="resident")


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="数据库地址，如 sqlite:///docfiler.db 或 postgresql://用户@主机/库名。"
            "也可用环境变量 DOCFILER_DATABASE_URL。",
            show_default=False,
        ),
    ] = None,
    operator: Annotated[
        str | None,
        typer.Option("--operator", help="操作人姓名（写入审计记录），默认取配置或系统用户名。"),
    ] = None,
) -> None:
    state = state_of(ctx)
    state.db, state.operator = db, operator
    if ctx.invoked_subcommand is None:
        _open_ui(state)


def _open_ui(state: State) -> None:
    """Open the terminal UI; without a terminal, print the register instead.

    The UI gets a callable, not an open office: it draws its first frame first and opens
    (and migrates) the database in a worker, so the window appears at once.
    """
    if sys.stdout.isatty() and sys.stdin.isatty():
        if state.open_ui is not None:
            state.open_ui(state.opener())
            return
        typer.echo(
            "终端界面（tui）没有安装，下面列出登记簿。请运行 pip install -e . 重新安装。", err=True
        )
    office = state.office()
    documents.print_listing(office, office.today())


def main(argv: list[str] | None = None, *, open_ui: OpenUI | None = None) -> int:
    """Run the CLI; errors become a Chinese message and an exit code, never a traceback.

    `open_ui` is what a bare `docfiler` opens in a terminal (the `docfiler` command passes the
    terminal UI); without one, the register is printed. Ctrl-C at any point, closing the
    database included, prints one Chinese line and gives 130.
    """
    state = State(open_ui=open_ui)
    try:
        try:
            return _run(argv, state)
        finally:
            state.close()
    except KeyboardInterrupt:
        return _interrupted()


def _app_for(args: list[str]) -> typer.Typer:
    """The commands Typer builds for `args`: the named command's area only, else all of them.

    Typer turns every registered command into a Click command on each run (about 50 ms for
    seventy); a command needs only its own. Help, no command and a mistyped name get the whole
    tree, so `docfiler --help` lists everything and a typo is answered with what exists.
    """
    name = command_name(args)
    area = _area_of(name) if name else None
    if area is None:
        return app
    narrow = copy.copy(app)
    narrow.registered_groups = [area]
    return narrow


def _area_of(name: str) -> Any:
    """The registered group that provides command `name`: a named group (cleanup, inbox, …)
    or an area whose commands sit at the top level."""
    for info in app.registered_groups:
        group = _group_name(info)
        commands = info.typer_instance.registered_commands
        if group == name or (group is None and any(c.name == name for c in commands)):
            return info
    return None


def _group_name(info: Any) -> str | None:
    for candidate in (info.name, info.typer_instance.info.name):  # unset: a placeholder
        if isinstance(candidate, str):
            return candidate
    return None


def _interrupted() -> int:
    typer.echo(INTERRUPTED, err=True)
    return INTERRUPTED_EXIT_CODE


def _run(argv: list[str] | None, state: State) -> int:
    try:
        unreadable = unreadable_argument(sys.argv[1:] if argv is None else argv)
        if unreadable is not None:
            typer.echo(unreadable, err=True)
            return 2
        args = sys.argv[1:] if argv is None else argv
        result = _app_for(args)(args=args, standalone_mode=False, prog_name="docfiler", obj=state)
        if result == INTERRUPTED_EXIT_CODE:  # Typer turns Ctrl-C into a silent 130
            return _interrupted()
        if isinstance(result, int) and not isinstance(result, bool):
            return result  # typer.Exit(code) in non-standalone mode
    except DocfilerError as exc:
        typer.echo(f"错误：{exc}", err=True)
        return exc.exit_code
    except typer.Exit as exc:
        if exc.exit_code == INTERRUPTED_EXIT_CODE:
            return _interrupted()
        return exc.exit_code
    except typer.Abort:
        typer.echo("已取消。", err=True)
        return 1
    except typer.TyperException as exc:
        if exc.exit_code == 2 or hasattr(exc, "ctx"):
            typer.echo(usage_message(exc), err=True)
            return 2
        typer.echo(f"错误：{exc.format_message()}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return _interrupted()
    except Exception as exc:  # the environment, or an unexpected fault: no traceback
        return _report_failure(exc, state)
    return 0


def _report_failure(exc: Exception, state: State) -> int:
    """A fault from the environment in the clerk's words (errors.explain); anything else as a
    short message, with the traceback in the log."""
    from docfiler.config import mask_secrets

    _log_unexpected(exc)
    database, busy_seconds = state.database_facts()
    reason = explain(exc, database=database, busy_seconds=busy_seconds)
    if reason is not None:
        typer.echo(f"错误：{reason}", err=True)
        return reason.exit_code
    typer.echo(
        mask_secrets(
            f"错误：程序内部出错，本次操作没有完成。详情已写入日志 {_log_path()}，"
            "请把它转告维护人员。"
        ),
        err=True,
    )
    return 1


def _log_path() -> Path:
    from docfiler.config import data_dir

    return data_dir() / "docfiler.log"


def _log_unexpected(exc: BaseException) -> None:
    import traceback

    from docfiler.config import mask_secrets, private_file

    try:
        path = private_file(_log_path())  # 0600 in a 0700 folder: it may name the database
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {dt.datetime.now().isoformat()}\n")
            handle.write(mask_secrets("".join(traceback.format_exception(exc))))
    except OSError:
        pass


def run() -> None:
    """`python -m docfiler`: the CLI, and nothing printed by a Ctrl-C that comes as it exits."""
    try:
        code = main()
    except KeyboardInterrupt:  # between main's handlers, or before them
        code = _interrupted()
    exit_process(code)


def exit_process(code: int) -> None:
    """End the process with `code`. A second Ctrl-C during the interpreter's shutdown is
    ignored; after a Ctrl-C the process ends at once (everything is closed and flushed), since
    the interpreter would otherwise report the interrupt it saw as a death by SIGINT."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if code == INTERRUPTED_EXIT_CODE:
        import os

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
