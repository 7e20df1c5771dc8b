"""Engines, sessions and migrations. Nothing is created at import time."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlmodel import Session, create_engine

from docfiler.config import busy_timeout as config_busy_timeout
from docfiler.config import mask_secrets, private_file
from docfiler.errors import ConfigError, explain, newer_schema
from docfiler.store.direct import HEAD_REVISION

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
log = logging.getLogger("docfiler.store")


def normalize_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str, *, echo: bool = False, busy_timeout: float | None = None) -> Engine:
    """An engine on `url`. On SQLite every connection waits up to `busy_timeout` seconds
    (default: the configured one, see config.busy_timeout) for another writer's lock."""
    url = normalize_url(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise ConfigError(
            f"数据库地址“{mask_secrets(url)}”无法识别。请写成 sqlite:///路径/docfiler.db 或 "
            "postgresql://用户@主机:端口/库名。"
        ) from None  # the parser's own message repeats the address, password and all
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        in_file = bool(database) and database != ":memory:"
        if in_file:
            try:
                private_file(Path(database).expanduser())  # a new register: 0600, folder 0700
            except OSError as exc:
                reason = explain(exc)
                raise ConfigError(
                    f"无法建立数据库文件 {database}。"
                    + (reason.message if reason else "请检查文件夹是否可以写入。")
                    + "也可以用 --db 指定另一个位置。"
                ) from exc
        # LIFO: the connection used last, whose page cache holds what the last search read,
        # serves the next one (the TUI's page, count and warm-up workers each take one; handed
        # out in turn, a keystroke's page was read on a connection cold for it: at 300,000
        # documents its read took 7.3–8.8 ms (median) in the app, 6.6–7.8 ms last-in-first-out).
        # (A database in memory has one connection per thread and no such choice.)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False},
            **({"pool_use_lifo": True} if in_file else {}),
        )
        _set_pragmas(engine, config_busy_timeout() if busy_timeout is None else busy_timeout)
        return engine
    unsupported = ConfigError(
        f"数据库地址“{mask_secrets(url)}”不是 docfiler 能用的数据库（只支持 SQLite 和 "
        "PostgreSQL）。请写成 sqlite:///路径/docfiler.db 或 postgresql://用户@主机:端口/库名。"
    )
    if parsed.get_backend_name() != "postgresql":
        raise unsupported
    try:
        # LIFO as for SQLite: psycopg prepares a statement on a connection once it has run
        # there five times, so the connection used last has the register's statements ready.
        return create_engine(url, echo=echo, pool_pre_ping=True, pool_use_lifo=True)
    except NoSuchModuleError:
        raise unsupported from None
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"连接 {parsed.get_backend_name()} 需要的驱动未安装：{exc.name}。"
            "请运行 pip install 'docfiler[postgres]'。"
        ) from exc


def _set_pragmas(engine: Engine, busy_timeout: float) -> None:
    """Every new SQLite connection of `engine` gets docfiler's settings."""
    busy_ms = round(busy_timeout * 1000)

    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms:d}")  # an int, checked by config
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # No mmap (SQLite's default): each pooled connection would map the file on its own,
        # and the pages one maps count in the process's RSS once per connection (150 MB after
        # a few searches at 100,000 documents). Reading through the OS page cache is as fast.
        cursor.execute("PRAGMA mmap_size=0")
        cursor.close()

    engine.info_busy_timeout = busy_timeout  # type: ignore[attr-defined]
    event.listen(engine, "connect", on_connect)


def busy_timeout_of(engine: Engine) -> float | None:
    """The seconds a SQLite writer of `engine` waits for the lock; None for PostgreSQL."""
    return getattr(engine, "info_busy_timeout", None)


def database_label(engine: Engine) -> str:
    """The register as the clerk knows it: the SQLite file, or the address without password."""
    from urllib.parse import unquote

    path = _sqlite_file(engine)
    return str(path) if path is not None else unquote(engine.url.render_as_string(True))


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision`. Safe to call on every start: when the database is
    already at the newest revision, one SELECT says so and nothing else runs.

    An upgrade is all or nothing (on SQLite too: `_transactional`), is announced (logger
    docfiler.store: on stderr from the CLI, in tui.log from the TUI), and an existing SQLite
    register is copied first. A database that a newer docfiler upgraded is refused untouched."""
    try:
        current = current_revision(engine)
        if revision == "head" and current == HEAD_REVISION:
            return
        if current is not None and current not in known_revisions():
            raise newer_schema(current, database=database_label(engine), head=HEAD_REVISION)
        _upgrade(engine, current, revision)
    except DBAPIError as exc:
        reason = explain(exc, database=database_label(engine), busy_seconds=busy_timeout_of(engine))
        if reason is not None:
            raise reason from exc
        raise ConfigError(
            f"无法打开数据库 {database_label(engine)}：{mask_secrets(str(exc.orig))}"
        ) from exc


def known_revisions() -> set[str]:
    """The revisions this program's migrations know (their files are named NNNN_….py)."""
    versions = MIGRATIONS_DIR / "versions"
    return {path.name.split("_")[0] for path in versions.glob("[0-9]*_*.py")}


def _upgrade(engine: Engine, current: str | None, revision: str) -> None:
    """Run Alembic in one transaction; an existing register is announced and copied first."""
    from alembic import command

    target = HEAD_REVISION if revision == "head" else revision
    copy = None
    if current is not None:
        copy = _copy_sqlite_file(engine, current)
        log.warning(_announcement(engine, current, target, copy))
    runner = _transactional(engine)
    try:
        command.upgrade(alembic_config(runner), revision)
    except Exception as exc:
        kept = f"升级前的副本在 {copy}。" if copy else ""
        reason = explain(exc, database=database_label(engine), busy_seconds=busy_timeout_of(engine))
        why = (
            reason.message
            if reason
            else f"原因：{mask_secrets(str(exc))}。请把这条信息转告维护人员。"
        )
        raise ConfigError(
            f"数据库结构从第 {current or 0} 版升级到第 {target} 版时出错，本次升级已全部撤销，"
            f"数据库保持原样。{kept}{why}"
        ) from exc
    finally:
        if runner is not engine:
            runner.dispose()


def _announcement(engine: Engine, current: str, target: str, copy: Path | None) -> str:
    where = engine.url.render_as_string(hide_password=True)
    if copy is not None:
        where, kept = engine.url.database, f"升级前的副本已保存为 {copy}。"
    else:
        kept = "（PostgreSQL 不自动留副本，需要时请用 pg_dump 备份。）"
    return (
        f"数据库 {where} 的结构是第 {current} 版，本程序需要第 {target} 版，现在升级。{kept}"
        "升级在一个事务中完成：中途中断或出错时，数据库保持原样。"
    )


def _sqlite_file(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database).expanduser()


def _copy_sqlite_file(engine: Engine, revision: str) -> Path | None:
    """A copy of the SQLite register as it is (SQLite's backup: consistent, WAL included)."""
    import datetime as dt
    import sqlite3
    from contextlib import closing

    source = _sqlite_file(engine)
    if source is None:
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    copy = source.with_name(f"{source.name}.升级前-第{revision}版-{stamp}")
    try:
        private_file(copy)
        with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(copy)) as kept:
            live.backup(kept)
            kept.execute("PRAGMA journal_mode=DELETE")  # one file, nothing beside it
    except (OSError, sqlite3.Error) as exc:
        with suppress(OSError):
            copy.unlink(missing_ok=True)  # never leave half a copy that looks like a backup
        reason = explain(exc, database=str(copy))
        raise ConfigError(
            f"数据库 {source} 需要升级结构，但升级前无法保存副本 {copy}，所以没有升级。"
            + (reason.message if reason else "请检查磁盘空间和文件夹权限后再打开。")
        ) from exc
    return copy


def _transactional(engine: Engine) -> Engine:
    """An engine on the same SQLite file whose transactions really enclose DDL: the driver
    starts none by itself (isolation_level=None) and each begins with BEGIN IMMEDIATE. A crash,
    kill or Ctrl-C in the middle of an upgrade then leaves the file as it was. PostgreSQL's
    DDL is transactional already."""
    if _sqlite_file(engine) is None:
        return engine
    from sqlalchemy.pool import NullPool

    runner = create_engine(
        engine.url,
        poolclass=NullPool,
        connect_args={"check_same_thread": False, "isolation_level": None},
    )
    _set_pragmas(runner, busy_timeout_of(engine) or config_busy_timeout())
    event.listen(runner, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    return runner


def current_revision(engine: Engine) -> str | None:
    """The revision recorded in the database (Alembic's table), None for a new database.

    Read with one SELECT, without importing Alembic."""
    with engine.connect() as connection:
        if not connection.dialect.has_table(connection, "alembic_version"):
            return None
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back everything on any error."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def reset_database(engine: Engine) -> None:
    """Drop every docfiler table (and Alembic's record), then migrate afresh. Used by `demo`."""
    from sqlalchemy import MetaData

    metadata = MetaData()
    metadata.reflect(bind=engine)
    with engine.begin() as connection:
        metadata.drop_all(bind=connection)
    migrate(engine)
