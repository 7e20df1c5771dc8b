"""Searches lately found rare, by the register's page reader (`queries.register`).

A search that only narrows one found rare (each of its words contains one of that search's
words, the other filters the same) is rare too: its page is read by a scan of the narrowest
index at once (about 12 ms) rather than after a walk of the sort index to the end. Typing a
word, every character after the first few narrows the search before it. A plan choice only: the
rows are read afresh either way.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from docfiler.office import Office

RegisterFilter = Any  # queries.register.RegisterFilter, which imports this module

RARE = 200  # matches at most: a search this rare is remembered
RARE_FOR = 120  # seconds: the register may have changed since
_rare: dict[tuple, dict[tuple[str, ...], float]] = {}  # by database and other filters
_rare_lock = threading.Lock()


def _rare_key(office: Office, filters: RegisterFilter, as_of: dt.date) -> tuple:
    as_of = as_of if filters.status else None
    status = (filters.status, filters.stage)
    return (str(office.engine.url), status, filters.year, filters.authority, as_of)


def _words(filters: RegisterFilter) -> tuple[str, ...]:
    return tuple(w for w in (filters.search or "").split() if w)


def remember_rare(office: Office, filters: RegisterFilter, as_of: dt.date) -> None:
    words = _words(filters)
    if not words:
        return
    with _rare_lock:
        found = _rare.setdefault(_rare_key(office, filters, as_of), {})
        found.pop(words, None)
        found[words] = time.monotonic()
        while len(found) > 16:
            del found[next(iter(found))]


def narrows_rare(office: Office, filters: RegisterFilter, as_of: dt.date) -> bool:
    """Whether the search's matches are among those of a search lately found rare (RARE)."""
    words = _words(filters)
    if not words or filters.number_prefix is not None:
        return False
    since = time.monotonic() - RARE_FOR
    with _rare_lock:
        found = _rare.get(_rare_key(office, filters, as_of), {})
        rare = [old for old, when in found.items() if when > since]
    return any(all(any(w in new for new in words) for w in old) for old in rare)
