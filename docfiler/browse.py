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
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Integer, func, or_
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BooleanClauseList
from sqlmodel import select

from docfiler import docnumber
from docfiler.models import Authority, Countersign, Document, Filing
from docfiler.office import Office
from docfiler.queries import SORTS, document_query, search_clause
from docfiler.status import STATUS_LABELS, document_status

PAGE_SIZE = 50

SORT_LABELS = {
    "year": "年份",
    "number": "文号",
    "published": "发布日期",
    "title": "标题",
}


@dataclass(frozen=True)
class RegisterFilter:
    """What the clerk asked to see: the same filters as `docfiler list`."""

    status: str | None = None
    year: int | None = None
    authority: str | None = None
    search: str | None = None
    sort: str = "year"
    descending: bool = True

    def query(self, as_of: dt.date, *, search_via_indexes: bool = False):
        search = (self.search or "").strip() or None
        query = document_query(
            status=self.status,
            year=self.year,
            authority=self.authority,
            search=None if search_via_indexes else search,
            as_of=as_of,
        )
        if search and search_via_indexes:
            query = query.where(via_indexes(search_clause(search)))
        return query


@dataclass(frozen=True)
class FilingSummary:
    """备案 column: one short text and a state the UI can colour."""

    text: str
    state: str  # none | done | pending | overdue | returned


@dataclass(frozen=True)
class RegisterRow:
    doc_number: str
    title: str
    authority: str
    published_on: dt.date | None
    status: str
    status_label: str
    filing: FilingSummary


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
# and stopping after one page. A rare one would make that walk visit the whole table through the
# index, which on SQLite is about twice as slow as a plain scan. So the walk gets a small time
# budget; if it runs out, the page is read by a scan that also counts the (few) matches.
WALK_BUDGET = 0.006  # seconds


def register_page(
    *,
    office: Office,
    filters: RegisterFilter = RegisterFilter(),
    offset: int = 0,
    limit: int = PAGE_SIZE,
    as_of: dt.date | None = None,
) -> RegisterPage:
    """One page of the register: at most `limit` rows from `offset`, plus whether more follow.

    `total` is filled in when it came for free; otherwise call `register_count`.
    """
    today = office.today()
    as_of = as_of or today
    offset = max(offset, 0)
    columns = SORTS.get(filters.sort, SORTS["year"])
    order = [(c.desc() if filters.descending else c) for c in columns]
    order.append(Document.id.desc() if filters.descending else Document.id)
    selected = (
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
    base = filters.query(as_of).with_only_columns(*selected)
    walk = base.order_by(*order).limit(limit + 1).offset(offset)
    selective = bool((filters.search or "").strip() or filters.status or filters.authority)
    total = None
    with office.reading() as session:
        found = _walk_within_budget(session, walk) if selective else session.execute(walk).all()
        if found is None:
            # The sort index cannot serve the first ORDER BY term once it is an expression.
            rest = order[1:]
            scan = (
                filters.query(as_of, search_via_indexes=True)
                .with_only_columns(*selected)
                .add_columns(func.count().over().label("total"))
                .order_by(_unindexed(columns[0], filters.descending), *rest)
                .limit(limit + 1)
                .offset(offset)
            )
            rows = session.execute(scan).all()
            total = rows[0][-1] if rows else None
            found = [row[:-1] for row in rows]
        has_more = len(found) > limit
        found = found[:limit]
        if total is None and not has_more and (found or offset == 0):
            total = offset + len(found)
        authorities = dict(session.execute(select(Authority.id, Authority.name)).all())
        filings: dict[int, list[tuple]] = defaultdict(list)
        ids = [row[0] for row in found]
        if ids:
            for document_id, due, submitted, result in session.execute(
                select(Filing.document_id, Filing.due_on, Filing.submitted_on, Filing.result).where(
                    Filing.document_id.in_(ids)
                )
            ):
                filings[document_id].append((due, submitted, result))
    rows = []
    for (
        doc_id,
        number,
        title,
        authority_id,
        published,
        effective,
        valid,
        repealed,
        invalid,
    ) in found:
        status = document_status(
            published_on=published,
            effective_on=effective,
            valid_until=valid,
            repealed_on=repealed,
            declared_invalid_on=invalid,
            as_of=as_of,
        )
        rows.append(
            RegisterRow(
                doc_number=number,
                title=title,
                authority=authorities.get(authority_id, ""),
                published_on=published,
                status=status,
                status_label=STATUS_LABELS[status],
                filing=summarize_filings(filings.get(doc_id, []), today),
            )
        )
    return RegisterPage(
        rows=rows, offset=offset, limit=limit, has_more=has_more, filters=filters, total=total
    )


def _walk_within_budget(session, query) -> list | None:
    """Run `query`; on SQLite give up (None) once it has run longer than WALK_BUDGET."""
    dbapi = session.connection().connection.driver_connection
    if not isinstance(dbapi, sqlite3.Connection):
        return session.execute(query).all()
    deadline = time.perf_counter() + WALK_BUDGET
    dbapi.set_progress_handler(lambda: time.perf_counter() > deadline, 20000)
    try:
        return session.execute(query).all()
    except OperationalError as exc:
        if "interrupted" not in str(exc.orig):
            raise
        session.rollback()
        return None
    finally:
        dbapi.set_progress_handler(None, 0)


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


def _unindexed(column, descending: bool):
    """`column` as an expression with the same order, which no index can serve."""
    expression = column + 0 if isinstance(column.type, Integer) else func.coalesce(column, None)
    return expression.desc() if descending else expression


def summarize_filings(
    filings: list[tuple[dt.date, dt.date | None, str | None]], today: dt.date
) -> FilingSummary:
    """(due, submitted, result) of each filing body → one cell of the register."""
    if not filings:
        return FilingSummary("—", "none")
    returned = [f for f in filings if f[2] in ("要求补正", "要求纠正")]
    if returned:
        return FilingSummary(returned[0][2], "returned")
    pending = [f for f in filings if f[1] is None]
    if not pending:
        if all(f[2] == "准予备案" for f in filings):
            return FilingSummary("准予备案", "done")
        return FilingSummary("已报送", "done")
    first_due = min(f[0] for f in pending)
    days = (first_due - today).days
    if days < 0:
        return FilingSummary(f"逾期 {-days} 日", "overdue")
    return FilingSummary(f"待报送 {len(pending)} 项", "pending")


def register_count(
    *, office: Office, filters: RegisterFilter = RegisterFilter(), as_of: dt.date | None = None
) -> int:
    """How many documents match `filters` (a full scan when searching: call it after the page)."""
    as_of = as_of or office.today()
    query = (
        filters.query(as_of, search_via_indexes=True)
        .with_only_columns(func.count(Document.id))
        .order_by(None)
    )
    with office.reading() as session:
        return session.exec(query).one()


@dataclass(frozen=True)
class FilterChoices:
    years: list[int]
    authorities: list[str]


def filter_choices(*, office: Office) -> FilterChoices:
    """The years and issuing authorities the register's filters offer (both small lists)."""
    with office.reading() as session:
        years = session.exec(
            select(Document.year)
            .where(Document.year.is_not(None))
            .distinct()
            .order_by(Document.year.desc())
        ).all()
        authorities = session.exec(select(Authority.name).order_by(Authority.id)).all()
    return FilterChoices(years=list(years), authorities=list(authorities))


def numbers_matching(*, office: Office, text: str, limit: int = 8) -> list[tuple[str, str]]:
    """(doc number, title) of documents whose number starts like `text` (any accepted form).

    For "open by number" in the command palette: an index-friendly prefix LIKE.
    """
    prefix = docnumber.search_variants(text)
    if prefix is None:
        parsed = docnumber.try_parse(text)
        if parsed is None:
            return []
        prefix = str(parsed)
    query = (
        select(Document.doc_number, Document.title)
        .where(Document.doc_number.startswith(prefix, autoescape=True))
        .order_by(Document.year.desc(), Document.serial)
        .limit(limit)
    )
    with office.reading() as session:
        return [(number, title) for number, title in session.exec(query).all()]


@dataclass(frozen=True)
class CountersignRow:
    id: int
    title: str
    from_body: str
    reference: str | None
    received_on: dt.date
    reply_due_on: dt.date
    replied_on: dt.date | None
    version: int


def countersigns(*, office: Office, open_only: bool = True) -> list[CountersignRow]:
    """会签 requests, the unanswered ones first by reply date."""
    query = select(Countersign).order_by(Countersign.reply_due_on, Countersign.id)
    if open_only:
        query = query.where(Countersign.replied_on.is_(None))
    with office.reading() as session:
        return [
            CountersignRow(
                id=c.id,
                title=c.title,
                from_body=c.from_body,
                reference=c.reference,
                received_on=c.received_on,
                reply_due_on=c.reply_due_on,
                replied_on=c.replied_on,
                version=c.version,
            )
            for c in session.exec(query).all()
        ]
