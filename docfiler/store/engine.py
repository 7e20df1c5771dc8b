"""Engines, sessions and migrations. Nothing is created at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlmodel import Session, create_engine

from docfiler.errors import ConfigError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def normalize_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str, *, echo: bool = False) -> Engine:
    url = normalize_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(
            f"数据库地址“{url}”无法识别。请写成 sqlite:///路径/docfiler.db 或 "
            "postgresql://用户@主机:端口/库名。"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, echo=echo, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"连接 {parsed.get_backend_name()} 需要的驱动未安装：{exc.name}。"
            "请运行 pip install 'docfiler[postgres]'。"
        ) from exc


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # No mmap (SQLite's default): each pooled connection would map the file on its own, and
    # the pages one maps count in the process's RSS once per connection (150 MB after a few
    # searches at 100,000 documents). Reading through the OS page cache is as fast here.
    cursor.execute("PRAGMA mmap_size=0")
    cursor.close()


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


# The newest migration under migrations/versions (tests/docfiler/test_storage.py checks it
# against Alembic's own answer). A database already there is opened without importing Alembic,
# which alone costs a CLI command about 0.15 s.
HEAD_REVISION = "0005"


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision`. Safe to call on every start: when the database is
    already at the newest revision, one SELECT says so and nothing else runs."""
    try:
        if revision == "head" and current_revision(engine) == HEAD_REVISION:
            return
        from alembic import command

        command.upgrade(alembic_config(engine), revision)
    except OperationalError as exc:
        raise ConfigError(f"无法打开数据库 {engine.url!r}：{exc.orig}") from exc


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
