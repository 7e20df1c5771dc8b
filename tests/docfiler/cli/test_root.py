"""`docfiler` itself: opening the UI, the global options, and exit codes for every failure."""

import os
import subprocess
import sys

import pytest
import typer

import docfiler.cli.root as root
from docfiler.cli import State, main, run
from tests.docfiler.cli.conftest import Cli


def test_without_a_terminal_docfiler_prints_the_register(sample: Cli):
    result = sample.ok()
    assert result.lines[0].strip() == "行政规范性文件登记簿（2026-11-26，共 44 件）"
    assert "盖政办发〔2026〕73号" in result.out


def pretend_terminal(monkeypatch) -> None:
    """As if run in a terminal; called in the test itself, where sys.stdout is capsys's."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)


def test_in_a_terminal_docfiler_opens_the_ui_it_was_given_with_a_way_to_open_the_office(
    sample: Cli, monkeypatch, capsys
):
    pretend_terminal(monkeypatch)
    opened = []

    def open_ui(open_office):
        opened.append(open_office().today())

    assert main(["--db", sample.url, "--operator", "李四"], open_ui=open_ui) == 0
    assert [str(day) for day in opened] == ["2026-11-26"]
    assert capsys.readouterr().out == ""


def test_the_docfiler_command_hands_in_the_terminal_ui(monkeypatch):
    """The console script is tui.entry:main, which gives the CLI the Textual app to open."""
    import tomllib
    from pathlib import Path

    import tui.entry

    config = tomllib.loads(
        (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text(encoding="utf-8")
    )
    assert config["project"]["scripts"]["docfiler"] == "tui.entry:main"
    handed = {}
    monkeypatch.setattr(sys, "argv", ["docfiler", "remind"])
    monkeypatch.setattr("docfiler.cli.main", lambda **kwargs: handed.update(kwargs) or 0)
    with pytest.raises(SystemExit) as done:
        tui.entry.main()
    assert done.value.code == 0
    assert handed == {"open_ui": tui.entry.open_terminal_ui}


def test_without_the_ui_docfiler_says_so_and_prints_the_register(sample: Cli, monkeypatch):
    pretend_terminal(monkeypatch)
    result = sample()
    assert result.code == 0
    assert (
        result.err
        == "终端界面（tui）没有安装，下面列出登记簿。请运行 pip install -e . 重新安装。\n"
    )
    assert "行政规范性文件登记簿（2026-11-26，共 44 件）" in result.out


def test_the_operator_option_is_recorded_in_the_audit_trail(cli: Cli):
    cli.ok("init")
    cli.ok("--operator", "李四", "add", "--number", "盖政发〔2026〕1号", "--title", "某办法")
    assert [entry["operator"] for entry in cli.json("show", "盖政发〔2026〕1号")["audit"]] == [
        "李四"
    ]


def test_the_office_is_opened_once_and_closed_at_the_end():
    state = State("sqlite://")
    office = state.office()
    assert state.office() is office
    state.close()
    state.close()
    assert state.office() is not office


def failing_app(error: BaseException):
    def app(**_):
        raise error

    return app


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (typer.Abort(), 1, "已取消。\n"),
        (typer.Exit(4), 4, ""),
        (
            KeyboardInterrupt(),
            130,
            "已中断（Ctrl-C）：正在进行的写入已全部撤销，数据库中没有写了一半的内容。\n",
        ),
        (typer.TyperException("文件打不开"), 1, "错误：文件打不开\n"),
    ],
)
def test_every_way_out_has_an_exit_code(monkeypatch, capsys, error, code, message):
    monkeypatch.setattr(root, "_app_for", lambda args: failing_app(error))
    assert main(["show", "x"]) == code
    assert capsys.readouterr() == ("", message)


def test_an_unexpected_fault_is_logged_not_shown_as_a_traceback(sample: Cli, monkeypatch, tmp_path):
    import docfiler.queries.documents as documents

    def broken(**_):
        raise RuntimeError("数据不一致")

    monkeypatch.setattr(documents, "show_document", broken)
    monkeypatch.setenv("DOCFILER_DATA_DIR", str(tmp_path / "data"))
    log = tmp_path / "data" / "docfiler.log"
    result = sample("show", "盖政发〔2016〕9号")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"错误：程序内部出错，本次操作没有完成。详情已写入日志 {log}，请把它转告维护人员。\n"
    )
    text = log.read_text(encoding="utf-8")
    assert text.startswith("--- ") and "Traceback" in text and "RuntimeError: 数据不一致" in text


def test_a_log_that_cannot_be_written_still_gives_the_message(sample: Cli, monkeypatch, tmp_path):
    import docfiler.queries.documents as documents

    monkeypatch.setattr(documents, "show_document", lambda **_: 1 / 0)
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DOCFILER_DATA_DIR", str(blocker / "data"))
    result = sample("show", "盖政发〔2016〕9号")
    assert result.code == 1
    assert result.err.startswith("错误：程序内部出错，本次操作没有完成。")


def test_run_exits_with_the_code(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["docfiler", "remind", "--days", "-1"])
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == 1


def test_help_does_not_load_the_database_or_word_libraries():
    code = (
        "import sys; from docfiler.cli import main; code = main(['--help']); "
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'docx', 'alembic', 'textual', 'tui') "
        "if m in sys.modules]; print(code, heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.splitlines()[-1] == "0 []"


@pytest.mark.parametrize(
    ("args", "commands"),
    [
        (["--db", "sqlite:///x.db", "remind"], {"init", "demo", "config", "remind", "recount"}),
        (["--operator=张三", "cleanup", "start"], {"cleanup"}),
        (["add", "--number", "盖政发〔2016〕9号"], {"add", "show", "list"}),
    ],
)
def test_a_command_builds_its_own_area_only(args, commands):
    """Typer builds Click commands for what the command line names, not for all seventy."""
    import typer.main

    built = typer.main.get_command(root._app_for(args))
    assert set(built.commands) == commands


@pytest.mark.parametrize("args", [["--help"], [], ["remnd"], ["-h", "remind"]])
def test_help_and_mistakes_see_every_command(args):
    import typer.main

    built = typer.main.get_command(root._app_for(args))
    assert {"remind", "add", "cleanup", "inbox", "catalogue"} <= set(built.commands)


def test_a_commands_process_has_the_collector_back_once_the_office_is_open(sqlite_url):
    """`python -m docfiler` and the `docfiler` command start with the cyclic collector off
    (importing SQLAlchemy, SQLModel and the tables made ~190 collections, 75–90 ms of a 0.8 s
    `add`); opening the office turns it back on, with what was loaded kept out of its passes."""
    import gc

    from docfiler.cli.state import State

    state = State(db=sqlite_url)
    gc.disable()
    try:
        state.office()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 10_000
    finally:
        state.close()
        gc.enable()
        gc.unfreeze()


@pytest.mark.parametrize(
    "entry",
    [
        "import runpy, sys; sys.argv[0] = 'docfiler'; runpy.run_module('docfiler', run_name='__main__')",
        "from tui.entry import main; import sys; sys.exit(main())",
    ],
    ids=["python -m docfiler", "the docfiler command"],
)
def test_both_entries_start_with_the_collector_off(tmp_path, entry):
    """What each entry leaves the collector as when the command begins (before the office is
    opened): seen by a command that opens none, `docfiler number`, through a hook at exit."""
    hook = (
        "import atexit, gc, sys; "
        "atexit.register(lambda: sys.stderr.write(f'collector on: {gc.isenabled()}\\n')); "
    )
    done = subprocess.run(
        [sys.executable, "-c", hook + entry, "number", "盖政发〔2016〕9号"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DOCFILER_RESIDENT": "0"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "collector on: False"
