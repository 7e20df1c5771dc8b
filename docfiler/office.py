"""The Office: one database, one rulebook, one operator. Every service function takes one."""

from __future__ import annotations

import datetime as dt
import functools
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from docfiler.config import Settings
from docfiler.rules.rulebook import Rulebook
from docfiler.store.engine import make_engine, migrate, session_scope
from docfiler.store.input_guard import guard_writes
from docfiler.store.locking import StaleRead

RETRY_ATTEMPTS = 5
"""How many times a write that read its own rows runs, when other writers keep changing them."""
RETRY_PAUSE = 0.02
"""Seconds: the longest first pause between attempts; it doubles each time, jittered."""
TRANSIENT_SQLSTATES = {"40001", "40P01"}
"""PostgreSQL: serialization failure, deadlock detected — the transaction may simply run again."""

Write = TypeVar("Write", bound=Callable[..., Any])


@dataclass
class Office:
    engine: Engine
    rulebook: Rulebook
    operator: str
    today: Callable[[], dt.date] = field(default=dt.date.today)
    recounted: Any = None
    """What opening counted again (a docfiler.store.recount.Recounted), if anything changed."""
    _open: threading.local = field(
        default_factory=threading.local, init=False, repr=False, compare=False
    )

    @classmethod
    def open(
        cls,
        database_url: str | None = None,
        *,
        operator: str | None = None,
        upgrade: bool = True,
        settings: Settings | None = None,
    ) -> Office:
        """Open (and, by default, migrate) the configured database."""
        settings = settings or Settings.load(database_url=database_url, operator=operator)
        engine = make_engine(settings.database_url)
        if upgrade:
            migrate(engine)
        office = cls(engine=engine, rulebook=settings.rulebook, operator=settings.operator)
        if upgrade:
            office.recounted = office.recount_due_dates()
        return office

    def recount_due_dates(self, *, force: bool = False):
        """Count open filings' due dates again when the holiday data or filing periods they were
        counted from changed (one SELECT when nothing did). See docfiler.store.recount."""
        from sqlalchemy.exc import IntegrityError

        from docfiler.store.recount import Recounted, basis_changed, recount_due_dates

        if not force:
            with self.reading() as session:
                if not basis_changed(session, self.rulebook):
                    return Recounted(0, ran=False)
        for attempt in (1, 2):
            try:
                with self.transaction() as session:
                    return recount_due_dates(session, self.rulebook, self, force=force)
            except IntegrityError:
                if attempt == 2:  # pragma: no cover - a third writer at the same instant
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction: commit at the end, nothing written if anything in it fails.

        Opened inside another transaction of this office (in the same thread), it is that
        transaction: a command that takes several steps writes them all or none of them.
        """
        session = getattr(self._open, "session", None)
        if session is not None:
            yield session
            return
        with session_scope(self.engine) as session:
            guard_writes(session, self.today)
            self._open.session = session
            try:
                yield session
            finally:
                self._open.session = None

    @property
    def in_transaction(self) -> bool:
        """Whether this thread is inside one of this office's transactions."""
        return getattr(self._open, "session", None) is not None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def retried(write: Write) -> Write:
    """Run a one-transaction write again when another writer got in between its own read and
    its write (issue 14, item 14): a command that names no `expected_version` read nothing
    earlier, so that is no conflict with anything a clerk saw.

    Up to RETRY_ATTEMPTS attempts with short jittered pauses; then the StaleRead (a
    ConflictError, in Chinese) is reported. A write given an `expected_version` (a form that
    showed the clerk the row) is never repeated: its conflict is reported at once. Inside an
    enclosing transaction the enclosing write decides, since only it can run everything again.
    """

    @functools.wraps(write)
    def run(*args: Any, **kwargs: Any) -> Any:
        office = kwargs.get("office")
        if (
            kwargs.get("expected_version") is not None
            or not isinstance(office, Office)
            or office.in_transaction
        ):
            return write(*args, **kwargs)
        for attempt in range(1, RETRY_ATTEMPTS + 1):
            try:
                return write(*args, **kwargs)
            except Exception as error:
                if attempt == RETRY_ATTEMPTS or not _transient(error):
                    raise
            time.sleep(random.uniform(RETRY_PAUSE / 4, RETRY_PAUSE * 2 ** (attempt - 1)))
        raise AssertionError("unreachable")  # pragma: no cover

    return run  # type: ignore[return-value]


def _transient(error: BaseException) -> bool:
    """A failure that running the same short transaction again may not meet."""
    if isinstance(error, StaleRead):
        return True
    return getattr(getattr(error, "orig", None), "sqlstate", None) in TRANSIENT_SQLSTATES
