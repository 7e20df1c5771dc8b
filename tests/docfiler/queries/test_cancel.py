"""A read the clerk has typed past, stopped on the PostgreSQL server (queries.cancel)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from docfiler.queries import register as browse
from docfiler.queries.cancel import CANCEL_POLL


class Dropped:
    """What the register hands a read as `cancelled`: asked, and telling when it turns true."""

    def __init__(self) -> None:
        self.dropped = False
        self.asked = 0
        self.waiting: list[threading.Event] = []

    def __call__(self) -> bool:
        self.asked += 1
        return self.dropped

    def drop(self) -> None:
        self.dropped = True
        for event in self.waiting:
            event.set()

    def notify_on_drop(self, event: threading.Event) -> None:
        self.waiting.append(event)


def postgresql_only(office) -> None:
    if office.engine.dialect.name != "postgresql":
        pytest.skip("SQLite statements are interrupted by the progress handler")


def test_a_read_told_of_its_drop_is_cancelled_without_being_polled(sample_office):
    postgresql_only(sample_office)
    ticket = Dropped()
    started, outcome = threading.Event(), []

    def read() -> None:
        try:
            with sample_office.reading() as session, browse._interruptible(session, ticket):
                started.set()
                session.execute(text("SELECT pg_sleep(30)")).all()  # would outlast the test
            outcome.append("finished")
        except browse.Cancelled:
            outcome.append("cancelled")

    reader = threading.Thread(target=read)
    reader.start()
    assert started.wait(10)
    threading.Event().wait(CANCEL_POLL * 10)  # ten polls' time: a polling watcher would ask
    asked_before_drop = ticket.asked
    ticket.drop()
    reader.join(20)
    assert outcome == ["cancelled"]
    assert asked_before_drop == 1, "asked once on entry, then only woken by the drop"
    with sample_office.reading() as session:  # the connection is usable afterwards
        assert session.execute(text("SELECT 1")).scalar() == 1


def test_a_read_that_ends_first_is_not_cancelled_afterwards(sample_office):
    postgresql_only(sample_office)
    ticket = Dropped()
    with sample_office.reading() as session, browse._interruptible(session, ticket):
        assert session.execute(text("SELECT 1")).scalar() == 1
    ticket.drop()  # too late to matter: the watcher has ended with the read
    with sample_office.reading() as session:
        assert session.execute(text("SELECT 2")).scalar() == 2
    assert ticket.asked == 1
