"""The register's searches run once ahead (`warm`), for the clerk's first search of each kind."""

from __future__ import annotations

import logging

from docfiler.office import Office
from docfiler.queries.register import RegisterFilter, register_page

# One search of each kind the register's search box runs into: a title word, a doc number, a
# number's fragment. Chosen to be cheap at any size (each stops at its first match).
WARM_SEARCHES = ("救", "救助", "盖政发〔", "盖政发〔2016〕9", "〔2016〕9", "9号")


def warm(office: Office) -> None:
    """Run each kind of register search once, one row each, so the clerk's first search of each
    kind does not pay for SQLAlchemy compiling its statements (cached by shape) or for the
    connection's first look at the tables: 10–25 ms of a first keystroke (100k, PostgreSQL:
    the first 供 37 → 12 ms). Not the count: it reads every match (a whole-register scan for a
    common word) and runs only once the clerk pauses, off the keystroke's path. Reads only; a
    failure is logged, never shown."""
    try:
        for search in WARM_SEARCHES:
            register_page(office=office, filters=RegisterFilter(search=search), limit=0)
    except Exception:
        logging.getLogger("docfiler").exception("warming the register's searches")
