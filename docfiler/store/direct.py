"""Reading a current register without SQLAlchemy, for `docfiler remind` (issue 15).

Importing SQLAlchemy, SQLModel and the table classes costs a command about 0.35 s before it reads
anything, more than the whole budget of a scheduled `docfiler remind --json`. A register that
needs nothing done on opening (its schema at `HEAD_REVISION`, its due dates counted on the
rulebook's basis) can be read through the database driver itself: `open_current` opens it with
sqlite3 or psycopg and checks both with one SELECT each. Anything else (an older schema, a changed
basis, an address this module does not parse, any error) gives None, and the command opens the
office as every other command does, which upgrades, recounts and explains errors.

The SQL such a reader runs is compiled ahead by SQLAlchemy (docfiler/queries/reminder_sql.py).
This module imports neither SQLAlchemy nor the tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docfiler.rules.rulebook import Rulebook

# The newest migration under migrations/versions (tests/docfiler/test_storage.py checks it
# against Alembic's own answer). A database already there is opened without importing Alembic,
# which alone costs a CLI command about 0.15 s.
HEAD_REVISION = "0012"

BASIS_KEY = "deadline_basis"
"""The OfficeState row holding the rulebook basis the stored due dates were counted on."""


@dataclass
class DirectRegister:
    """A read-only connection to a current register, with what reading it needs."""

    dialect: str
    """"sqlite" or "postgresql", as SQLAlchemy names them (the keys of reminder_sql.py)."""
    connection: Any
    rulebook: Rulebook
    today: Callable[[], dt.date] = field(default=dt.date.today)

    def execute(self, sql: str, params: dict[str, Any]) -> Sequence[Sequence[Any]]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, params)
            return cursor.fetchall()
        finally:
            cursor.close()

    def close(self) -> None:
        try:
            self.connection.rollback()  # it only read
        finally:
            self.connection.close()

    @classmethod
    def open(cls, url: str, rulebook: Rulebook) -> DirectRegister | None:
        """The register at `url` if it is current, else None (open the office instead)."""
        try:
            register = _connect(url, rulebook)
        except Exception:  # any driver error: the office's own opening explains it
            return None
        if register is None:
            return None
        try:
            current = register._is_current()
        except Exception:  # no such table, a broken file …: the office's opening handles it
            current = False
        if not current:
            register.close()
            return None
        return register

    def _is_current(self) -> bool:
        (revision,) = self.execute("SELECT version_num FROM alembic_version", {})[0]
        if revision != HEAD_REVISION:
            return False
        marker = "?" if self.dialect == "sqlite" else "%s"
        cursor = self.connection.cursor()
        try:
            cursor.execute(f"SELECT value FROM officestate WHERE key = {marker}", (BASIS_KEY,))
            row = cursor.fetchone()
        finally:
            cursor.close()
        return row is not None and row[0] == self.rulebook.deadline_basis


def _connect(url: str, rulebook: Rulebook) -> DirectRegister | None:
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if not path or path == ":memory:" or "?" in path or "%" in path:
            return None
        file = Path(path).expanduser()
        if not file.is_file():
            return None  # the office creates it (or says why it cannot)
        import sqlite3

        connection = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        connection.execute("PRAGMA busy_timeout=10000")
        return DirectRegister("sqlite", connection, rulebook)
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            import psycopg

            conninfo = "postgresql://" + url[len(prefix) :]
            connection = psycopg.connect(conninfo, connect_timeout=10)
            return DirectRegister("postgresql", connection, rulebook)
    return None
