"""Issue 14, item 8 through the CLI: what the machine does to a command is told in Chinese.

A lock held by another process, a read-only database or folder, a full disk, a database a newer
docfiler upgraded, a damaged file, a missing template, odd arguments: each gives one Chinese
message saying what happened and what to do, exit code 1 (2 for a usage error), no English
exception text, no SQL, no traceback, and nothing written.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

import docfiler.store.engine as engine_module
from tests.docfiler.cli.conftest import Cli

NUMBER = "盖政发〔2026〕300号"
ENGLISH = re.compile(r"[A-Za-z]{3,}[ :_][A-Za-z]{3,}|Error|SELECT|INSERT|sqlite3|Traceback")


def quiet_english(text: str, *paths: Path) -> None:
    """No English sentence, exception name or SQL in what the clerk reads (`paths`, option
    names and config keys may be Latin)."""
    for allowed in (*map(str, paths), "busy_timeout", "config.toml", "docfiler check", "--db"):
        text = text.replace(allowed, "")
    assert not ENGLISH.search(text), text


@pytest.fixture
def register(tmp_path, capsys) -> Cli:
    """An empty SQLite register, initialised."""
    cli = Cli(f"sqlite:///{tmp_path / 'register.db'}", capsys)
    cli.ok("init")
    return cli


def db_path(cli: Cli) -> Path:
    return Path(cli.url.removeprefix("sqlite:///"))


def numbers(cli: Cli) -> list[str]:
    return [row["doc_number"] for row in cli.json("list")]


def with_pragma(monkeypatch, pragma: str) -> None:
    """Every SQLite connection the CLI opens runs `pragma` after docfiler's own settings."""
    real = engine_module._set_pragmas

    def also(engine, seconds):
        real(engine, seconds)
        event.listen(engine, "connect", lambda connection, _record: connection.execute(pragma))

    monkeypatch.setattr(engine_module, "_set_pragmas", also)


# ---------------------------------------------------------------------------- another writer

HOLDER = r"""
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("held", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""


@contextlib.contextmanager
def lock_held_by_another_process(path: Path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_a_lock_held_longer_than_the_busy_timeout(register, monkeypatch):
    monkeypatch.setenv("DOCFILER_BUSY_TIMEOUT", "0.5")
    with lock_held_by_another_process(db_path(register)):
        result = register("add", "--number", NUMBER, "--title", "盖州市测试办法")
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"错误：数据库 {db_path(register)} 正由另一个程序写入（另一位同事的 docfiler，或一次批量导入），"
        "等了 0.5 秒仍未轮到，本次操作没有执行，数据库没有改动。请稍后重试；经常出现时，可在配置文件 "
        "config.toml 的 [database] 一节调大 busy_timeout（秒），几位同事同时使用时建议改用 PostgreSQL。\n"
    )
    assert numbers(register) == []
    register.ok("add", "--number", NUMBER, "--title", "盖州市测试办法")  # free again: it works


# ---------------------------------------------------------------------------- read-only, full


def test_a_read_only_database(register, monkeypatch):
    with_pragma(monkeypatch, "PRAGMA query_only=ON")  # SQLite's own read-only refusal
    result = register("add", "--number", NUMBER, "--title", "盖州市测试办法")
    assert result.code == 1
    assert result.err == (
        f"错误：数据库 {db_path(register)} 只能读、不能写（数据库文件或它所在的文件夹不允许当前用户写入，"
        "或磁盘是只读的），本次操作没有执行。请让管理员给该文件和所在文件夹开放写权限，或用 --db "
        "指定可以写入的位置。\n"
    )
    monkeypatch.undo()
    assert numbers(register) == []


@contextlib.contextmanager
def read_only(folder: Path):
    """`folder` made read-only: by its mode, or (as root, who ignores modes) by mounting it
    read-only on itself."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(
        f"mount --bind '{folder}' '{folder}' && mount -o remount,ro,bind '{folder}'",
        shell=True,
        capture_output=True,
    )
    if mounted.returncode != 0:
        subprocess.run(["umount", str(folder)], capture_output=True)
        pytest.skip("cannot make a read-only folder here (root without mount)")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_database_in_a_read_only_folder(tmp_path, capsys):
    folder = tmp_path / "只读"
    folder.mkdir()
    cli = Cli(f"sqlite:///{folder / 'register.db'}", capsys)
    cli.ok("init")
    with read_only(folder):
        result = cli("add", "--number", NUMBER, "--title", "盖州市测试办法")
        new = Cli(f"sqlite:///{folder / 'new.db'}", capsys)("init")
    assert result.code == 1 and result.err.startswith(
        (
            f"错误：无法打开数据库 {folder / 'register.db'}：",
            f"错误：数据库 {folder / 'register.db'} 只能读",
        )
    ), result.err
    assert "所在文件夹" in result.err and "--db" in result.err
    quiet_english(result.err, tmp_path)
    assert new.code == 1 and new.err.startswith(f"错误：无法建立数据库文件 {folder / 'new.db'}。")
    quiet_english(new.err, tmp_path)
    assert numbers(cli) == []


def test_a_full_disk_while_writing(tmp_path, capsys, monkeypatch):
    path = tmp_path / "register.db"
    cli = Cli(f"sqlite:///{path}", capsys)
    with_pragma(monkeypatch, "PRAGMA max_page_count=4")  # the disk holds 4 pages: SQLITE_FULL
    result = cli("init")
    assert result.code == 1
    assert result.err == (
        "错误：数据库结构从第 0 版升级到第 0012 版时出错，本次升级已全部撤销，数据库保持原样。"
        f"数据库 {path} 所在的磁盘空间已满，本次操作没有完成，已写入的部分已全部撤销，"
        "数据库没有改动。请清理磁盘空间后重试。\n"
    )
    with sqlite3.connect(path) as connection:  # as it was: empty
        assert connection.execute("SELECT name FROM sqlite_master").fetchall() == []


@pytest.fixture
def full_disk(tmp_path) -> Path:
    """A real 2 MB file system, filled up (root only: mount)."""
    folder = tmp_path / "满"
    folder.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True
        ).returncode
    ):
        pytest.skip("a full disk needs root (mount -t tmpfs)")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_word_output_onto_a_full_disk(register, full_disk):
    with contextlib.suppress(OSError), (full_disk / "占满").open("wb") as filler:
        while True:
            filler.write(b"\0" * 65536)
    result = register("catalogue", "-o", str(full_disk / "目录.docx"))
    assert (result.code, result.out) == (1, "")
    assert result.err == "错误：磁盘空间已满，本次操作没有完成，请清理磁盘空间后重试。\n" or (
        result.err
        == f"错误：文件夹 {full_disk} 所在的磁盘空间已满，本次操作没有完成，请清理磁盘空间后重试。\n"
    )
    assert sorted(p.name for p in full_disk.iterdir()) == ["占满"]  # no half-written file


# ---------------------------------------------------------------------------- newer, damaged


def test_a_database_a_newer_docfiler_upgraded(register):
    path = db_path(register)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    before = path.read_bytes()
    result = register("list")
    assert result.code == 1
    assert result.err == (
        f"错误：数据库 {path} 的结构是第 0099 版，比本程序认识的最新结构（第 0012 版）新："
        "它已被更新版本的 docfiler 升级过。本程序没有改动它。请把 docfiler 升级到最新版本后再打开；"
        "不能升级时，请用 --db 打开另一个数据库。\n"
    )
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if "升级前" in p.name] == []


def test_a_file_that_is_not_a_database(tmp_path, capsys):
    path = tmp_path / "登记簿.db"
    path.write_bytes(os.urandom(64 * 1024))
    result = Cli(f"sqlite:///{path}", capsys)("list")
    assert result.code == 1
    assert result.err == (
        f"错误：数据库 {path} 不是 SQLite 数据库文件（--db 可能指错了文件，或文件已严重损坏），无法打开，"
        "程序没有改动它。请核对数据库地址；如果它原本是登记簿，请用最近的备份替换它。\n"
    )


def test_a_damaged_database(sample_sqlite, tmp_path, capsys):
    path = tmp_path / "register.db"
    with sqlite3.connect(sample_sqlite) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        root = copy.execute("SELECT rootpage FROM sqlite_master WHERE name = 'document'").fetchone()
        page_size = copy.execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as handle:  # the document table's root page: header overwritten
        handle.seek((root[0] - 1) * page_size)
        handle.write(b"\xff" * 64)
    cli = Cli(f"sqlite:///{path}", capsys)
    result = cli("add", "--number", NUMBER, "--title", "盖州市测试办法")
    assert result.code == 1
    assert result.err == (
        f"错误：数据库 {path} 已损坏，本次操作没有完成。请立即停止使用登记簿，关闭所有打开它的 docfiler；"
        "先把损坏的文件复制一份留存，再用最近的备份替换它；运行 docfiler check 可查看损坏情况。\n"
    )


def test_a_missing_template(sample, tmp_path, monkeypatch):
    import docfiler.outputs.word as word

    empty = tmp_path / "空模板目录"
    empty.mkdir()
    monkeypatch.setattr(word, "packaged_template_dir", lambda: empty)
    result = sample("catalogue", "-o", str(tmp_path / "目录.docx"))
    assert (result.code, result.out) == (1, "")
    assert result.err.startswith("错误：找不到") and "catalogue.docx" in result.err, result.err
    assert "请把模板放到" in result.err
    assert not (tmp_path / "目录.docx").exists()


# ---------------------------------------------------------------------------- odd arguments


def test_odd_arguments_get_chinese_answers(sample, tmp_path):
    cases = [
        (
            ("list", "--search", "救助\udcff"),
            2,
            "错误：第 5 个参数“救助?”中有无法识别的字符（终端送来的不是 UTF-8 编码）。"
            "请把终端的字符编码设为 UTF-8 后重新输入。\n",
        ),
        (
            ("read", "a\x00b.docx"),
            2,
            "错误：Word文档的值中有空字符（NUL），请删去后重新输入\n查看用法：docfiler read --help\n",
        ),
        (
            ("catalogue", "-o", "a\x00b.docx"),
            2,
            "错误：-o 的值中有空字符（NUL），请删去后重新输入\n查看用法：docfiler catalogue --help\n",
        ),
        (
            ("remind", "--days", "99999999999999999999"),
            1,
            "错误：输入的数字或日期太大，超出了程序能处理的范围，本次操作没有执行。请改小后重试。\n",
        ),
        (
            ("read", "长" * 300 + ".docx"),
            1,
            "错误：文件名或路径太长，请换一个短一些的名称。\n",
        ),
    ]
    if sample.url.startswith("sqlite"):  # SQLite's LIKE takes at most 50,000 bytes
        too_long = "错误：输入的文字太长，数据库无法处理，本次操作没有执行。请缩短后重试。\n"
        cases.append((("list", "--search", "x" * 60000), 1, too_long))
    for args, code, message in cases:
        result = sample(*args)
        assert (result.code, result.err) == (code, message), args


@pytest.mark.parametrize("url", ["http://x", "mysql://u@host/reg"])
def test_a_database_address_docfiler_cannot_use(url, capsys):
    from docfiler.cli import main

    assert main(["--db", url, "list"]) == 1
    assert capsys.readouterr().err == (
        f"错误：数据库地址“{url}”不是 docfiler 能用的数据库（只支持 SQLite 和 PostgreSQL）。"
        "请写成 sqlite:///路径/docfiler.db 或 postgresql://用户@主机:端口/库名。\n"
    )


def test_a_postgresql_server_that_does_not_answer(capsys):
    pytest.importorskip("psycopg")
    from docfiler.cli import main

    assert main(["--db", "postgresql://clerk:secret@127.0.0.1:1/reg", "list"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "错误：无法连接数据库服务器（postgresql+psycopg://clerk:***@127.0.0.1:1/reg），或连接中途断开："
        "服务器没有运行或正在重启、主机名或端口不对，或网络不通。未完成的操作已全部撤销。"
        "请确认 PostgreSQL 已启动、数据库地址正确后重试。\n"
    )


def test_a_postgresql_database_that_does_not_exist(capsys):
    from sqlalchemy.engine import make_url

    from tests.conftest import PG_URL, _require_pg

    _require_pg()
    from docfiler.cli import main

    url = make_url(PG_URL).set(database="docfiler_no_such_register")
    shown = url.set(drivername="postgresql+psycopg").render_as_string(hide_password=True)
    assert main(["--db", url.render_as_string(hide_password=False), "list"]) == 1
    assert capsys.readouterr().err.startswith(f"错误：数据库服务器上没有这个数据库（{shown}）。")


# ---------------------------------------------------------------------------- Ctrl-C

INTERRUPTED = "已中断（Ctrl-C）：正在进行的写入已全部撤销，数据库中没有写了一半的内容。\n"


def test_ctrl_c_at_any_moment_gives_one_chinese_line_and_130(sample_sqlite, tmp_path):
    """`python -m docfiler` interrupted while importing, opening the database, writing and
    closing: every run either finished (0) or printed the one line and exited 130."""
    import signal
    import time

    path = tmp_path / "register.db"
    shutil.copy(sample_sqlite, path)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[3]))
    command = [sys.executable, "-m", "docfiler", "--db", f"sqlite:///{path}"]
    outcomes = []
    for n, delay in enumerate((0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1.05, 1.2)):
        run = subprocess.Popen(
            [
                *command,
                "add",
                "--number",
                f"盖政发〔2026〕{400 + n}号",
                "--title",
                "盖州市测试办法",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            # A job started in the background inherits SIGINT ignored; a clerk's terminal not.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        time.sleep(delay)
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=60)
        assert (run.returncode, err) in ((0, ""), (130, INTERRUPTED)), (delay, run.returncode, err)
        outcomes.append(run.returncode)
    assert 130 in outcomes
    check = subprocess.run([*command, "check"], env=env, capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout  # every add all or nothing, audit included
