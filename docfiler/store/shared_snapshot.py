"""One consistent state of the database read by two processes (`docfiler export` on two cores).

`backup.snapshot` gives one connection one state. A forked helper reading part of the same
output needs the very same state, or a filing committed between the two could appear on one
sheet and not on the other:

- PostgreSQL exports the command's snapshot (`pg_export_snapshot()`); the helper's
  REPEATABLE READ transaction takes it (`SET TRANSACTION SNAPSHOT`) before its first read.
  The command keeps its transaction open until the helper has joined.
- SQLite (WAL) gives a reader the state at its first read. The command takes the write lock
  (BEGIN IMMEDIATE) on a connection of its own, then both begin reading, then the lock is let
  go (`release`): no writer can commit in between. It is held for the moment of a fork and a
  connection, not for the export; a clerk's write at that moment waits (busy_timeout).

When the state cannot be shared — a SQLite register that cannot be written (a read-only file),
or whose write lock another writer keeps beyond the busy timeout — the ticket is None and the
caller reads everything on its own connection, as one process.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from docfiler.store.backup import snapshot

_SNAPSHOT_ID = re.compile(r"[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+")
"""What pg_export_snapshot() returns (e.g. 00000003-0000001B-1): checked before it is written
into SET TRANSACTION SNAPSHOT, which takes no parameter."""


@dataclass(frozen=True)
class Ticket:
    """What a forked process needs to read the command's state: PostgreSQL's snapshot id
    (None on SQLite, where holding the write lock is the whole arrangement)."""

    snapshot_id: str | None = None


@contextmanager
def shared_snapshot(
    engine: Engine,
) -> Iterator[tuple[Connection, Ticket | None, Callable[[], None]]]:
    """A read-only connection on one consistent state (as `backup.snapshot`), the ticket with
    which one forked process reads the same state (`joined`; None when it cannot be shared),
    and `release`, to call once that process has joined (before: nothing is committed)."""
    if engine.dialect.name == "postgresql":
        with snapshot(engine) as connection:
            found = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            yield connection, Ticket(found), _nothing
        return
    with engine.connect() as lock:
        try:
            lock.exec_driver_sql("BEGIN IMMEDIATE")
        except DBAPIError:  # read-only, or the lock kept by a long write: one process reads
            lock.rollback()
            with snapshot(engine) as connection:
                yield connection, None, _nothing
            return

        def release() -> None:
            if lock.in_transaction():  # once only: the lock goes with its transaction
                lock.rollback()

        try:
            with snapshot(engine) as connection:
                _begin_reading(connection)
                yield connection, Ticket(), release
        finally:
            release()


@contextmanager
def joined(engine: Engine, ticket: Ticket) -> Iterator[Connection]:
    """In the forked process: a read-only connection on the state `ticket` names (the
    command's `release` must not have run yet on SQLite)."""
    with snapshot(engine) as connection:
        if ticket.snapshot_id is not None:
            if not _SNAPSHOT_ID.fullmatch(ticket.snapshot_id):
                raise ValueError(f"快照标识无效：{ticket.snapshot_id!r}")
            connection.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{ticket.snapshot_id}'")
        else:
            _begin_reading(connection)
        yield connection


def _begin_reading(connection: Connection) -> None:
    """Start the read transaction `snapshot` began (SQLite takes its state at the first read)."""
    connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar_one()


def _nothing() -> None:
    pass
