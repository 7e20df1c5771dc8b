"""Is the database file itself sound? SQLite's own check, or PostgreSQL's amcheck.

The one place that calls a database's own checking functions by name: there is nothing portable
to say "check your pages and indexes". `docfiler check` runs the full form; the terminal UI runs
SQLite's quick form at start. Nothing here writes, and nothing here raises for a damaged
database: a failure to read is itself the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

MAX_MESSAGES = 100


@dataclass(frozen=True)
class StorageCheck:
    """What the database's own check found."""

    method: str
    """The check that ran (or would have), e.g. SQLite PRAGMA integrity_check."""
    ran: bool
    """False when the check is not available here (PostgreSQL without amcheck)."""
    messages: tuple[str, ...] = ()
    """What the database reported, in its own (English) words; empty when sound."""
    note: str | None = None
    """In Chinese: why the check did not run, and how to make it run."""
    foreign_keys: tuple[str, ...] = field(default=())
    """Rows that point at a missing row (SQLite PRAGMA foreign_key_check), as table(rowid)→parent."""

    @property
    def ok(self) -> bool:
        return not self.messages and not self.foreign_keys


def check_storage(engine: Engine, *, quick: bool = False) -> StorageCheck:
    """The database's own check: full, or (`quick`, SQLite only) the quick form."""
    if engine.dialect.name == "sqlite":
        return _sqlite(engine, quick=quick)
    if engine.dialect.name == "postgresql":
        if quick:
            return StorageCheck(method="PostgreSQL（启动时不检查）", ran=False)
        return _postgresql(engine)
    return StorageCheck(  # pragma: no cover - only SQLite and PostgreSQL are supported
        method=engine.dialect.name,
        ran=False,
        note=f"{engine.dialect.name} 数据库没有可用的完整性检查。",
    )


def _sqlite(engine: Engine, *, quick: bool) -> StorageCheck:
    pragma = "quick_check" if quick else "integrity_check"
    method = f"SQLite PRAGMA {pragma}"
    try:
        messages = _pragma_check(engine, pragma)
    except DBAPIError as exc:
        # The full check stops at a page it cannot read; the quick one says which.
        try:
            details = () if quick else _pragma_check(engine, "quick_check")
        except DBAPIError:
            details = ()
        return StorageCheck(method=method, ran=True, messages=(_reason(exc), *details))
    if quick or messages:
        return StorageCheck(method=method, ran=True, messages=messages)
    try:
        with engine.connect() as connection:
            found = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    except DBAPIError as exc:
        return StorageCheck(method=method, ran=True, messages=(_reason(exc),))
    dangling = tuple(f"{table}({rowid}) → {parent}" for table, rowid, parent, _ in found)
    return StorageCheck(method=method, ran=True, foreign_keys=dangling[:MAX_MESSAGES])


def _pragma_check(engine: Engine, pragma: str) -> tuple[str, ...]:
    """What PRAGMA integrity_check / quick_check reports, one problem a line; () when sound."""
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(f"PRAGMA {pragma}({MAX_MESSAGES})").all()
    return tuple(
        line.strip()
        for row in rows
        for line in str(row[0]).splitlines()
        if line.strip() and line.strip() != "ok" and not line.startswith("***")
    )


AMCHECK_INSTALLED = text("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")
AMCHECK_AVAILABLE = text("SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'")
BTREE_INDEXES = text(
    """
    SELECT c.oid, c.relname
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am am ON am.oid = c.relam
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE am.amname = 'btree' AND n.nspname = current_schema()
      AND c.relpersistence = 'p' AND i.indisvalid AND i.indisready
    ORDER BY c.relname
    """
)


def _postgresql(engine: Engine) -> StorageCheck:
    method = "PostgreSQL amcheck（bt_index_check）"
    try:
        with engine.connect() as connection:
            if connection.execute(AMCHECK_INSTALLED).first() is None:
                available = connection.execute(AMCHECK_AVAILABLE).first() is not None
                return StorageCheck(method=method, ran=False, note=_amcheck_missing(available))
            messages = []
            for oid, name in connection.execute(BTREE_INDEXES).all():
                try:
                    with connection.begin_nested():
                        connection.execute(text("SELECT bt_index_check(:oid)"), {"oid": oid})
                except DBAPIError as exc:
                    messages.append(f"{name}: {_reason(exc)}")
    except DBAPIError as exc:
        return StorageCheck(method=method, ran=True, messages=(_reason(exc),))
    return StorageCheck(method=method, ran=True, messages=tuple(messages[:MAX_MESSAGES]))


def _amcheck_missing(available: bool) -> str:
    if available:
        return (
            "未检查索引：本数据库没有启用 PostgreSQL 的 amcheck 扩展。"
            "如需检查，请数据库管理员在本库中执行 CREATE EXTENSION amcheck; 后再运行 docfiler check。"
        )
    return (
        "未检查索引：数据库服务器没有安装 PostgreSQL 的 amcheck 扩展（通常随 postgresql-contrib 提供）。"
        "如需检查，请数据库管理员安装后在本库中执行 CREATE EXTENSION amcheck;。"
    )


def _reason(exc: DBAPIError) -> str:
    """The database's own words for a failure, one line."""
    return " ".join(str(exc.orig).split()) or type(exc.orig).__name__
