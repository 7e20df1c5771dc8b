"""Reading the register in bulk (views of every document for `list --json` and exports)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

_bulk = {"readers": 0, "threshold": gc.get_threshold()}
_bulk_lock = threading.Lock()


@contextmanager
def few_collections(allocations: int = 100_000) -> Iterator[None]:
    """Run the cyclic garbage collector less often while views are built in bulk.

    A view is a few dozen dicts, lists and strings with no cycles; at Python's default (a
    collection every 700 new containers) building 100k views triggered thousands of young-
    generation passes, a quarter of `list --json`'s time. Memory stays flat: reference counting
    frees each chunk's views as before; only cycle detection waits for more allocations. The
    threshold is process-wide: the first bulk reader raises it, the last one puts it back."""
    with _bulk_lock:
        if _bulk["readers"] == 0:
            _bulk["threshold"] = gc.get_threshold()
            gc.set_threshold(allocations, *_bulk["threshold"][1:])
        _bulk["readers"] += 1
    try:
        yield
    finally:
        with _bulk_lock:
            _bulk["readers"] -= 1
            if _bulk["readers"] == 0:
                gc.set_threshold(*_bulk["threshold"])


def collector_back_on() -> None:
    """The entries (`tui.entry`, `python -m docfiler`) start with the cyclic collector off: the
    imports make few cycles but enough objects for ~140 collections before the terminal UI's
    first frame (~80 ms) and ~190 before a command's office is open (75–90 ms of a 0.8 s
    `add`). Once that is over (the first frame drawn, the office open) it is turned back on,
    with everything loaded so far kept out of its passes; nothing happens if it is on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


_UNREAD = object()


class Aligned:
    """Rows sorted like another query's: `take(key)` drops those before `key`, returns those at it.
    Nothing is read before the first `take` (the rows may come from another process, still
    starting: the other query's first rows are read meanwhile)."""

    def __init__(self, rows: Iterable[Any], key: Callable[[Any], tuple]) -> None:
        self.rows, self.key = iter(rows), key
        self.head: Any = _UNREAD

    def take(self, key: tuple) -> list:
        if self.head is _UNREAD:
            self.head = next(self.rows, None)
        found = []
        while self.head is not None and self.key(self.head) <= key:
            if self.key(self.head) == key:
                found.append(self.head)
            self.head = next(self.rows, None)
        return found
