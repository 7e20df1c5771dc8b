"""The Office: one database, one rulebook, one operator. Every service function takes one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session

from docfiler.config import Settings
from docfiler.rules.rulebook import Rulebook
from docfiler.store.engine import make_engine, migrate, session_scope


@dataclass
class Office:
    engine: Engine
    rulebook: Rulebook
    operator: str
    today: Callable[[], dt.date] = field(default=dt.date.today)

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
        return office

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with session_scope(self.engine) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
