"""The Office: one database, one rulebook, one operator. Every service function takes one."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from docfiler.config import Settings
from docfiler.rules.rulebook import Rulebook
from docfiler.store.engine import make_engine, migrate, session_scope
from docfiler.store.input_guard import guard_writes


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

    @contextmanager
    def reading(self) -> Iterator[Session]:
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
