"""Stopping a read the caller no longer wants, on PostgreSQL (SQLite: `register._interruptible`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError


class Cancelled(Exception):
    """The caller no longer wanted the result (see `cancelled=`): the query was interrupted."""


CANCEL_POLL = 0.01  # seconds between looks at `cancelled()` while a PostgreSQL query runs


@contextmanager
def cancel_on_server(dbapi, cancelled: Callable[[], bool] | None) -> Iterator[None]:
    """PostgreSQL: a thread looks at `cancelled()` while the block's queries run and, once it
    turns true, asks the server to cancel the running statement; `Cancelled` is raised."""
    if cancelled is None:
        yield
        return
    if cancelled():
        raise Cancelled
    done = threading.Event()

    def watch() -> None:
        while not done.wait(CANCEL_POLL):
            if cancelled():
                dbapi.cancel_safe()
                return

    watcher = threading.Thread(target=watch, name="docfiler-cancel", daemon=True)
    watcher.start()
    try:
        yield
    except OperationalError as exc:
        if cancelled():
            raise Cancelled from exc
        raise
    finally:
        done.set()
        watcher.join()
