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
    turns true, asks the server to cancel the running statement; `Cancelled` is raised.

    A `cancelled` that also offers `notify_on_drop(event)` (the register's tickets) sets that
    event the moment it turns true: the thread waits on it rather than looking every
    CANCEL_POLL, so a read the clerk has typed past stops at once instead of ~5 ms later, when
    the next keystroke's read is already running beside it on the server."""
    if cancelled is None:
        yield
        return
    if cancelled():
        raise Cancelled
    finished = threading.Event()
    wake = threading.Event()  # set when `cancelled` turns true (if it says so), or at the end
    notify = getattr(cancelled, "notify_on_drop", None)
    if notify is not None:
        notify(wake)
    poll = None if notify is not None else CANCEL_POLL

    def watch() -> None:
        while True:
            wake.wait(poll)
            if finished.is_set():
                return
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
        finished.set()
        wake.set()
        watcher.join()
