"""Paged, lightweight reads for the terminal UI.

The register screen shows one page of the register at a time. Every function here pushes
filtering, sorting and paging into SQL (LIMIT/OFFSET on `queries.document_query`), selects only
the columns a list row needs (never `body_text`), and returns plain frozen dataclasses, so a
thread worker can hand them to the UI safely. Counting the whole filtered register is a separate
call, so the UI can show a page first and the total when it is known.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from sqlalchemy import Integer, and_, func, or_
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BooleanClauseList
from sqlmodel import select

from docfiler.domain import docnumber
from docfiler.domain.status import document_status
from docfiler.domain.vocabulary import STATUS_LABELS
from docfiler.office import Office
from docfiler.queries.cancel import Cancelled, cancel_on_server
from docfiler.queries.documents import SORTS, document_query
from docfiler.queries.filing_column import (
    FilingSummary,
    filing_states,
    page_filings,
    summarize_filings,
)
from docfiler.queries.register_rare import RARE, narrows_rare, remember_rare
from docfiler.queries.register_stage import page_progress, stage_clause
from docfiler.queries.search import Marker, marker, reads_as_fragment, search_clause
from docfiler.store.sqltext import contains_folded, has_substring
from docfiler.store.tables import Authority, Document

PAGE_SIZE = 50


@dataclass(frozen=True)
class RegisterFilter:
    """What the clerk asked to see: the same filters as `docfiler list`."""

    status: str | None = None
    stage: str | None = None  # a draft's stage (vocabulary.DRAFT_STAGES), with status "draft"
    year: int | None = None
    authority: str | None = None
    search: str | None = None
    sort: str = "year"
    descending: bool = True
    fragments: bool = False  # the search is read as pieces of numbers (`search.reads_as_fragment`)

    @property
    def number_prefix(self) -> str | None:
        """The canonical prefix when the search reads as a doc number (a range on doc_number)."""
        search = (self.search or "").strip()
        return docnumber.search_variants(search) if search and not self.fragments else None

    def settled(self, session) -> RegisterFilter:
        """These filters, the search read as pieces of numbers when it starts no number."""
        if self.number_prefix is None or not reads_as_fragment(session, self.search or ""):
            return self
        return replace(self, fragments=True)

    @property
    def narrowed(self) -> bool:
        """Whether a filter other than the search applies."""
        return bool(self.status or self.year is not None or self.authority)

    def query(self, as_of: dt.date, *, search_as: str = "plain"):
        """The filtered SELECT; `search_as` says how the search condition is written for SQLite.

        "plain": as one condition (`_search_clause`). "indexes": each part of it as
        `id IN (SELECT id … WHERE part)` (see `via_indexes`). "walk": a doc-number range written
        so that the doc_number index cannot serve it, which leaves the sort order's index to walk.
        "ranged", PostgreSQL's walk: the plain range, tested on the sort index as it walks (the
        opaque one made it scan the table). Same rows every way, as `document_query` gives."""
        search = (self.search or "").strip() or None
        query = document_query(
            status=self.status,
            year=self.year,
            authority=self.authority,
            search=None,
            as_of=as_of,
        )
        query = query.where(stage_clause(self.stage)) if self.stage else query
        if search is None:
            return query
        prefix = self.number_prefix
        if search_as == "indexes":
            return query.where(via_indexes(_search_clause(search, self.fragments)))
        if search_as in ("walk", "ranged") and prefix is not None:
            column = _opaque(Document.doc_number) if search_as == "walk" else Document.doc_number
            query = query.where(and_(column >= prefix, column < prefix + "\U0010ffff"))
            years = docnumber.prefix_years(prefix)
            if years is not None:  # the walk starts at the years the prefix names
                query = query.where(Document.year.between(*years))
            return query
        return query.where(_search_clause(search, self.fragments))


def _search_clause(search: str, fragments: bool = False):
    """`queries.search.search_clause(search)`, each title word without letter case tested by
    `has_substring` (instr / strpos).

    LIKE differs from a plain substring test only in folding letter case; for a word that has
    none (Chinese, digits, punctuation) the substring test is the same, and a quarter
    faster: a rare word is looked for in every title.
    """
    return search_clause(search, title_test=_title_test, fragments=fragments)


def _title_test(column, word: str):
    return contains_folded(column, word) if _has_case(word) else has_substring(column, word)


def _has_case(word: str) -> bool:
    return word.lower() != word or word.upper() != word or word.casefold() != word


@dataclass(frozen=True)
class RegisterRow:
    doc_number: str
    title: str
    authority: str
    published_on: dt.date | None
    status: str
    status_label: str
    filing: FilingSummary
    progress: str = ""  # 进度: where the procedure stands (register_stage.page_progress)
    number_marks: tuple[tuple[int, int], ...] = ()  # where the search matched: to highlight
    title_marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterRow]
    offset: int
    limit: int
    has_more: bool
    filters: RegisterFilter = field(default_factory=RegisterFilter)
    total: int | None = None  # when known without a separate count

    @property
    def first(self) -> int:
        """1-based position of the first row (0 when the page is empty)."""
        return self.offset + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.offset + len(self.rows)


# A search the register's order can serve early (many matches) is read by walking the sort index
# and stopping after one page. A rare one makes that walk visit the whole index. Where every
# condition can be tested on the index itself (see `_covered`) that is one pass over a narrow
# index, as cheap as any other plan, so the walk runs to the end if it must (a word in no title:
# about 17 ms over 100,000 documents). Otherwise the walk would look up every row it visits in
# the table, about twice as slow as a plain scan, so it gets a small time budget; if that runs
# out, the page is read by a scan of the narrowest index that also counts the (few) matches.
WALK_BUDGET = 0.006  # seconds

# A search that only narrows one found rare is read by that scan at once (register_rare).

# A doc-number search is a range of the doc_number index, and counting it there reads nothing
# else (about 0.03 µs a row), so it is counted first, up to PROBE_CAP rows. A narrow range is read
# whole and sorted (about 1.3 µs a row: each row is looked up in the table): at most
# NARROW_RANGE rows, a few milliseconds. A broad one is read by walking the sort index instead,
# where matches come early (budgeted as above unless covered; past the budget the range is read
# whole, as it is when the sort has no index). Searching by number alone, the count is the
# total: the UI then needs no COUNT of its own. On PostgreSQL (300k: 12 ms per 50,000 entries) the
# probe only tells narrow from broad; a broad range is counted when the clerk pauses.
NARROW_RANGE = 4_000
PROBE_CAP = 50_000

# How often (SQLite virtual-machine steps) a running query checks its budget or whether the
# clerk has moved on: each check takes the GIL, so not too often.
CHECK_EVERY = 20_000


def register_page(
    *,
    office: Office,
    filters: RegisterFilter = RegisterFilter(),
    offset: int = 0,
    limit: int = PAGE_SIZE,
    as_of: dt.date | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RegisterPage:
    """One page of the register: at most `limit` rows from `offset`, plus whether more follow.

    `total` is filled in when it came for free; otherwise call `register_count`. When
    `cancelled()` turns true (polled from another thread's point of view: it is called while the
    SQL runs), the query is interrupted and `Cancelled` raised.
    """
    today = office.today()
    as_of = as_of or today
    offset = max(offset, 0)
    asked = filters
    with office.reading() as session, _interruptible(session, cancelled):
        filters = filters.settled(session)
        found, total = _fetch_page(session, office, filters, as_of, offset, limit)
        has_more = len(found) > limit
        found = found[:limit]
        if total is None and not has_more and (found or offset == 0):
            total = offset + len(found)
        if filters.number_prefix is None and total is not None and total <= RARE:
            remember_rare(office, filters, as_of)
        authorities = dict(session.execute(select(Authority.id, Authority.name)).all())
        filing_rows = page_filings(session, [row[0] for row in found])
        filings = filing_states(office, found, filing_rows)
        progress = page_progress(session, office, found, as_of, filing_rows)
    rows = [_register_row(row, authorities, filings, progress, as_of, today) for row in found]
    if (asked.search or "").strip():
        marks = marker(asked.search)
        rows = [_marked(row, marks) for row in rows]
    return RegisterPage(
        rows=rows, offset=offset, limit=limit, has_more=has_more, filters=asked, total=total
    )


_PAGE_COLUMNS = (
    Document.id,
    Document.doc_number,
    Document.title,
    Document.authority_id,
    Document.published_on,
    Document.effective_on,
    Document.valid_until,
    Document.repealed_on,
    Document.declared_invalid_on,
)


def _fetch_page(
    session, office: Office, filters: RegisterFilter, as_of: dt.date, offset: int, limit: int
) -> tuple[list, int | None]:
    """The page's rows (one more than `limit`, to tell whether more follow) and, when it came
    for free, the total. Picks the plan: walk the sort index, or scan and sort the matches."""
    columns = SORTS.get(filters.sort, SORTS["year"])
    order = [(c.desc() if filters.descending else c) for c in columns]
    order.append(Document.id.desc() if filters.descending else Document.id)

    def walk(search_as: str):
        query = filters.query(as_of, search_as=search_as).with_only_columns(*_PAGE_COLUMNS)
        return query.order_by(*order).limit(limit + 1).offset(offset)

    def scan(search_as: str):
        # The sort index cannot serve the first ORDER BY term once it is an expression.
        query = filters.query(as_of, search_as=search_as).with_only_columns(*_PAGE_COLUMNS)
        unindexed = _unindexed(columns[0], filters.descending)
        return query.order_by(unindexed, *order[1:]).limit(limit + 1).offset(offset)

    covered = _covered(filters)
    sqlite = session.get_bind().dialect.name == "sqlite"
    if filters.number_prefix is not None:
        cap = PROBE_CAP if sqlite else min(PROBE_CAP, NARROW_RANGE + 1)
        size = session.execute(_range_probe(filters, cap)).scalar_one()
        total = size if size < cap and not filters.narrowed else None
        found = None
        if size > NARROW_RANGE and filters.sort in _INDEXED_SORTS:
            walked = walk("walk" if sqlite else "ranged")
            found = (
                session.execute(walked).all() if covered else _walk_within_budget(session, walked)
            )
        if found is None:
            found = session.execute(scan("plain")).all()
        return found, total
    if bool((filters.search or "").strip() or filters.status or filters.authority):
        if not narrows_rare(office, filters, as_of):
            walked = walk("plain")
            found = (
                session.execute(walked).all() if covered else _walk_within_budget(session, walked)
            )
            if found is not None:
                return found, None
        # `via_indexes` is SQLite's way to a narrow index; PostgreSQL plans the plain condition.
        narrow = "indexes" if sqlite else "plain"
        counted = scan(narrow).add_columns(func.count().over().label("total"))
        rows = session.execute(counted).all()
        return [row[:-1] for row in rows], (rows[0][-1] if rows else None)
    return session.execute(walk("plain")).all(), None


def _marked(row: RegisterRow, marks: Marker) -> RegisterRow:
    in_number, in_title = marks.spans(row.doc_number, row.title)
    return replace(row, number_marks=tuple(in_number), title_marks=tuple(in_title))


def _register_row(row, authorities: dict, filings: dict, progress: dict, as_of, today):
    doc_id, number, title, authority_id, published, effective, valid, repealed, invalid = row
    status = document_status(
        published_on=published,
        effective_on=effective,
        valid_until=valid,
        repealed_on=repealed,
        declared_invalid_on=invalid,
        as_of=as_of,
    )
    return RegisterRow(
        doc_number=number,
        title=title,
        authority=authorities.get(authority_id, ""),
        published_on=published,
        status=status,
        status_label=STATUS_LABELS[status],
        filing=summarize_filings(filings.get(doc_id, []), today),
        progress=progress.get(doc_id, ""),
    )


_INDEXED_SORTS = ("year", "title", "published")  # "number" (agency_code first) has no index


def _covered(filters: RegisterFilter) -> bool:
    """Whether walking the sort order's index tests every condition on the index itself (so a
    walk to the end is one pass over a narrow index, and no row is looked up in vain).

    ix_document_year_serial holds year, serial, title and doc_number; ix_document_title holds the
    title. Status and authority need the table (dates, a join) for every row visited.
    """
    if filters.status or filters.authority:
        return False
    sort = filters.sort if filters.sort in SORTS else "year"
    if sort == "year":
        return True
    if sort == "title":
        return filters.year is None and filters.number_prefix is None
    return False


def _range_probe(filters: RegisterFilter, cap: int):
    """How many documents the doc-number range holds, counted up to `cap` on its index."""
    inner = select(Document.id).where(search_clause(filters.search or "")).limit(cap)
    return select(func.count()).select_from(inner.subquery())


class _Watch:
    """What `_interruptible` yields: run a query within a time budget (`within`)."""

    def __init__(self, session, cancelled: Callable[[], bool] | None) -> None:
        self.session = session
        self.cancelled = cancelled
        self.deadline: float | None = None

    def stop(self) -> bool:
        """The progress handler: true interrupts the running statement."""
        if self.cancelled is not None and self.cancelled():
            return True
        return self.deadline is not None and time.perf_counter() > self.deadline

    def within(self, budget: float, run: Callable[[], list]) -> list | None:
        """`run()`, or None when it ran longer than `budget` seconds (SQLite only)."""
        self.deadline = time.perf_counter() + budget
        try:
            return run()
        except OperationalError as exc:
            if "interrupted" not in str(exc.orig) or (self.cancelled and self.cancelled()):
                raise
            # No rollback: the session stays on this connection, whose progress handler this is
            # (a rollback would hand the connection back to the pool, handler and all).
            return None
        finally:
            self.deadline = None


@contextmanager
def _interruptible(session, cancelled: Callable[[], bool] | None = None) -> Iterator[_Watch | None]:
    """Let queries in `session` be interrupted: by `_Watch.within`'s budget, or `cancelled()`.

    A query interrupted because `cancelled()` turned true raises `Cancelled`. Yields None where
    queries cannot be interrupted (not SQLite): they then run to the end.
    """
    dbapi = session.connection().connection.driver_connection
    if not isinstance(dbapi, sqlite3.Connection):
        with cancel_on_server(dbapi, cancelled):
            yield None
        return
    watch = _Watch(session, cancelled)
    dbapi.set_progress_handler(watch.stop, CHECK_EVERY)
    session.info[_WATCH] = watch
    try:
        yield watch
    except OperationalError as exc:
        if cancelled is not None and cancelled() and "interrupted" in str(exc.orig):
            raise Cancelled from exc
        raise
    finally:
        session.info.pop(_WATCH, None)
        dbapi.set_progress_handler(None, 0)


_WATCH = "docfiler.queries.register.watch"


def _walk_within_budget(session, query) -> list | None:
    """Run `query`; on SQLite give up (None) once it has run longer than WALK_BUDGET.

    PostgreSQL runs it to the end: measured at 100,000 documents, stopping its walk by
    statement_timeout and scanning instead was no faster (its scan costs as much as the walk).
    """
    budget = WALK_BUDGET
    watch = session.info.get(_WATCH)
    if watch is not None:
        return watch.within(budget, lambda: session.execute(query).all())
    with _interruptible(session) as watch:
        if watch is not None:
            return watch.within(budget, lambda: session.execute(query).all())
        return session.execute(query).all()


def via_indexes(clause):
    """The same condition, each OR-ed part as `id IN (SELECT id … WHERE part)`.

    A part of `search_clause` tests one column (the title words, or the doc number), so SQLite
    can answer it by scanning that column's narrow index instead of the table, whose rows carry
    the full text of each document. Same rows; several times faster when few rows match.
    """
    parts = (
        clause.clauses
        if isinstance(clause, BooleanClauseList) and clause.operator is operators.or_
        else [clause]
    )
    return or_(*[Document.id.in_(select(Document.id).where(part)) for part in parts])


def _opaque(column):
    """`column` as an expression of the same value, which no index can serve."""
    return column + 0 if isinstance(column.type, Integer) else func.coalesce(column, None)


def _unindexed(column, descending: bool):
    """`column` as an expression with the same order, which no index can serve."""
    expression = _opaque(column)
    return expression.desc() if descending else expression


def register_count(
    *,
    office: Office,
    filters: RegisterFilter = RegisterFilter(),
    as_of: dt.date | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """How many documents match `filters` (a full scan when searching: call it after the page).

    A doc-number range is counted on its index; title words on the covering indexes when no
    filter needs the table (status, authority), else through `via_indexes`. When `cancelled()`
    turns true the count is interrupted and `Cancelled` raised.
    """
    as_of = as_of or office.today()
    with office.reading() as session, _interruptible(session, cancelled):
        filters = filters.settled(session)
        plain = filters.number_prefix is not None or not (filters.status or filters.authority)
        query = (
            filters.query(as_of, search_as="plain" if plain else "indexes")
            .with_only_columns(func.count(Document.id))
            .order_by(None)
        )
        return session.exec(query).one()
