"""Issue 14, item 8 (the one mapping) and item 15 (the busy timeout setting).

`errors.explain` turns the exceptions the environment raises into the clerk's words. Every
exception here is a real one: raised by SQLite on a file put in that state, by the file system,
or by psycopg's own classes for a server's SQLSTATE.
"""

from __future__ import annotations

import errno
import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import text

from docfiler.config import DEFAULT_BUSY_TIMEOUT, busy_timeout
from docfiler.errors import ConfigError, EnvironmentFault, ValidationError, explain
from docfiler.store.engine import busy_timeout_of, make_engine


def _sqlite_error(path, *setup: str, statement: str = "INSERT INTO t VALUES (1)") -> Exception:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS t (x)")
        connection.commit()
        for pragma in setup:
            connection.execute(pragma)
        with pytest.raises(sqlite3.Error) as raised:
            connection.execute(statement)
            connection.commit()
    return raised.value


def test_a_lock_held_past_the_wait_says_who_and_what_to_do(tmp_path):
    path = tmp_path / "r.db"
    with closing(sqlite3.connect(path, isolation_level=None)) as holder:
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN EXCLUSIVE")
        with (
            closing(sqlite3.connect(path, timeout=0)) as writer,
            pytest.raises(sqlite3.OperationalError) as raised,
        ):
            writer.execute("INSERT INTO t VALUES (1)")
    fault = explain(raised.value, database="/srv/登记簿.db", busy_seconds=10)
    assert isinstance(fault, EnvironmentFault) and fault.kind == "busy"
    assert fault.message == (
        "数据库 /srv/登记簿.db 正由另一个程序写入（另一位同事的 docfiler，或一次批量导入），"
        "等了 10 秒仍未轮到，本次操作没有执行，数据库没有改动。请稍后重试；经常出现时，"
        "可在配置文件 config.toml 的 [database] 一节调大 busy_timeout（秒），"
        "几位同事同时使用时建议改用 PostgreSQL。"
    )


@pytest.mark.parametrize(
    ("pragma", "kind", "start"),
    [
        ("PRAGMA query_only=ON", "read_only", "数据库 r.db 只能读、不能写"),
        ("PRAGMA max_page_count=2", "disk_full", "数据库 r.db 所在的磁盘空间已满"),
    ],
)
def test_read_only_and_full_are_told_apart(tmp_path, pragma, kind, start):
    statement = "INSERT INTO t SELECT zeroblob(100000)"
    fault = explain(_sqlite_error(tmp_path / "r.db", pragma, statement=statement), database="r.db")
    assert fault.kind == kind and fault.message.startswith(start)
    assert "已写入的部分已全部撤销" in fault.message or "没有执行" in fault.message


def test_a_file_that_is_no_database_and_a_damaged_one(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all " * 500)
    with closing(sqlite3.connect(garbage)) as connection, pytest.raises(sqlite3.Error) as raised:
        connection.execute("SELECT * FROM sqlite_master")
    fault = explain(raised.value, database=str(garbage))
    assert fault.kind == "not_a_database"
    assert fault.message.startswith(f"数据库 {garbage} 不是 SQLite 数据库文件")

    damaged = tmp_path / "damaged.db"
    with closing(sqlite3.connect(damaged)) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
        connection.commit()
    with damaged.open("r+b") as handle:  # the table's root page: its header overwritten
        handle.seek(4096)
        handle.write(b"\xff" * 64)
    with closing(sqlite3.connect(damaged)) as connection, pytest.raises(sqlite3.Error) as raised:
        connection.execute("SELECT count(*), max(length(x)) FROM t").fetchall()
    assert explain(raised.value).kind == "corrupt"


def test_a_folder_that_cannot_hold_the_database(tmp_path):
    with pytest.raises(sqlite3.Error) as raised:
        sqlite3.connect(tmp_path / "没有这个文件夹" / "r.db")
    fault = explain(raised.value, database="x.db")
    assert fault.kind == "cannot_open" and fault.message.startswith("无法打开数据库 x.db：")


@pytest.mark.parametrize(
    ("code", "kind", "message"),
    [
        (
            errno.ENOSPC,
            "disk_full",
            "文件夹 /srv/out 所在的磁盘空间已满，本次操作没有完成，请清理磁盘空间后重试。",
        ),
        (
            errno.EROFS,
            "read_only",
            "文件夹 /srv/out 所在的磁盘是只读的，不能写入，本次操作没有完成。请换一个可以写入的位置。",
        ),
        (
            errno.EACCES,
            "permission",
            "没有权限读写 /srv/out/目录.docx，本次操作没有完成。请检查该文件和所在文件夹的权限，"
            "或换一个位置。",
        ),
        (errno.ENAMETOOLONG, "too_long", "文件名或路径太长，请换一个短一些的名称。"),
    ],
)
def test_file_system_errors_by_errno(code, kind, message):
    fault = explain(OSError(code, "English text", "/srv/out/目录.docx"))
    assert (fault.kind, fault.message) == (kind, message)


def test_sqlalchemy_wrapping_and_explicit_causes_are_followed(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    with engine.connect() as connection:
        connection.execute(text("PRAGMA query_only=ON"))
        with pytest.raises(Exception) as raised:
            connection.execute(text("CREATE TABLE t (x)"))
    engine.dispose()
    assert type(raised.value).__module__.startswith("sqlalchemy")
    assert explain(raised.value).kind == "read_only"
    try:
        raise RuntimeError("wrapped") from OSError(errno.ENOSPC, "No space left on device")
    except RuntimeError as outer:
        assert explain(outer).kind == "disk_full"


def test_a_schema_newer_than_the_program_and_numbers_too_large():
    alembic_says = Exception("Can't locate revision identified by '0099'")
    fault = explain(alembic_says, database="r.db")
    assert fault.kind == "newer_schema"
    assert fault.message.startswith("数据库 r.db 的结构是第 0099 版，比本程序认识的最新结构新")
    too_big = explain(OverflowError("Python int too large to convert to C int"))
    assert isinstance(too_big, ValidationError) and "太大" in too_big.message


def test_postgresql_faults_by_sqlstate():
    psycopg = pytest.importorskip("psycopg")
    errors = psycopg.errors
    assert explain(errors.SerializationFailure()).kind == "busy"
    assert explain(errors.LockNotAvailable()).kind == "busy"
    assert explain(errors.DiskFull()).kind == "disk_full"
    assert explain(errors.InvalidPassword()).kind == "login"
    assert explain(errors.InvalidCatalogName()).kind == "no_database"
    assert explain(errors.InsufficientPrivilege()).kind == "permission"
    assert explain(errors.ReadOnlySqlTransaction()).kind == "read_only"
    assert explain(errors.DataCorrupted()).kind == "corrupt"
    assert explain(errors.AdminShutdown()).kind == "connection"
    refused = psycopg.OperationalError("connection failed: Connection refused")
    fault = explain(refused, database="postgresql://u:***@db/reg")
    assert fault.kind == "connection"
    assert fault.message.startswith("无法连接数据库服务器（postgresql://u:***@db/reg）")
    # A refused connection has no SQLSTATE: libpq reports the server's words only.
    server = 'connection failed: connection to server at "db", port 5432 failed: FATAL:  '
    no_database = psycopg.OperationalError(server + 'database "reg" does not exist')
    assert explain(no_database).kind == "no_database"
    no_login = psycopg.OperationalError(server + 'password authentication failed for user "u"')
    assert explain(no_login).kind == "login"
    assert explain(errors.UniqueViolation()) is None  # a fault of the program, not the machine


def test_anything_else_is_not_the_environment():
    assert explain(RuntimeError("数据不一致")) is None
    assert explain(KeyError("x")) is None


# ---------------------------------------------------------------------------- item 15


def _connection_busy_ms(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    finally:
        engine.dispose()


def test_the_busy_timeout_comes_from_the_environment_or_the_config_file(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    assert DEFAULT_BUSY_TIMEOUT == 10.0
    assert _connection_busy_ms(url) == 10_000
    config = tmp_path / "cfg"
    monkeypatch.setenv("DOCFILER_CONFIG_DIR", str(config))
    config.mkdir()
    (config / "config.toml").write_text("[database]\nbusy_timeout = 30\n", encoding="utf-8")
    assert busy_timeout() == 30.0 and _connection_busy_ms(url) == 30_000
    monkeypatch.setenv("DOCFILER_BUSY_TIMEOUT", "2.5")  # the environment wins
    assert _connection_busy_ms(url) == 2_500
    engine = make_engine(url, busy_timeout=0.25)  # and an explicit value wins over both
    assert busy_timeout_of(engine) == 0.25
    engine.dispose()


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "3601", "true"])
def test_a_busy_timeout_that_is_no_number_of_seconds_is_refused(monkeypatch, value):
    monkeypatch.setenv("DOCFILER_BUSY_TIMEOUT", value)
    with pytest.raises(ConfigError) as refused:
        busy_timeout()
    assert refused.value.message == (
        f"环境变量 DOCFILER_BUSY_TIMEOUT 应为等待的秒数（0 到 3600 之间，如 10），现在是“{value}”。"
        "请改正后再试。"
    )


def test_a_busy_timeout_in_the_config_file_is_checked_too(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCFILER_CONFIG_DIR", str(tmp_path))
    (tmp_path / "config.toml").write_text('[database]\nbusy_timeout = "十秒"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        busy_timeout()
    assert refused.value.message.startswith(
        f"配置文件 {tmp_path / 'config.toml'} 中 [database] 的 busy_timeout 应为等待的秒数"
    )
