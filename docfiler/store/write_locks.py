"""Pessimistic locks for writes that must not interleave (issue 14): a row, or a named lock.

Both work by writing, which every database serializes, with SQLAlchemy expressions only:
- PostgreSQL: the UPDATE takes the row's lock (as SELECT … FOR UPDATE would) until the
  transaction ends; a second transaction waits for it, then reads what the first committed.
- SQLite: the UPDATE is the transaction's first write, so the driver begins the transaction
  right there and SQLite gives it the database's write lock (BEGIN IMMEDIATE's effect): the
  reads that follow see the newest data, and no other writer runs until this one commits.
Take the lock before reading what the decision depends on.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from docfiler.store.tables import OfficeState, utcnow

LOCK_PREFIX = "lock:"


def lock_row(session: Session, row: Any) -> None:
    """Hold `row`'s write lock until the transaction ends, and re-read it (its version column
    is written back unchanged)."""
    model = type(row)
    session.execute(
        update(model)
        .where(model.id == row.id)
        .values(version=model.version)
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)


def hold_named_lock(session: Session, name: str) -> None:
    """Hold the lock called `name` until the transaction ends: one row of `officestate`
    (key lock:<name>), created the first time it is needed."""
    key = LOCK_PREFIX + name
    if _touch(session, key):
        return
    try:
        with session.begin_nested():
            session.execute(
                insert(OfficeState).values(key=key, value="写入锁", changed_at=utcnow())
            )
    except IntegrityError:  # created at the same instant by another writer: wait for its lock
        _touch(session, key)


def _touch(session: Session, key: str) -> bool:
    result = session.execute(
        update(OfficeState)
        .where(OfficeState.key == key)
        .values(changed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
