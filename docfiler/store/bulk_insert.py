"""Many documents into the register in one transaction, holding SQLite's write lock briefly.

SQLite lets one writer at a time hold the database's write lock; every other writer waits for
it up to the busy timeout (config.busy_timeout) and then fails. A bulk import that bound and
wrote its rows under that lock held it for 3.3–6.4 s for 30,000 documents with
2,000-character texts, longer than the other clerks' writes waited.

So on SQLite the rows are first written, unhurried, into TEMP tables of the import's own
connection (SQLite keeps those in a separate temporary database: writing them takes no lock
on the register), and only then, with the lock held, copied into the register by INSERT …
SELECT inside SQLite (the same 30,000 documents: 1.6–2.6 s, commit included; without texts
about 0.8 s). Everything is still one transaction: a failure or a kill at any point leaves the
register as it was — the all-or-nothing promise an import of an office's register needs, which
committing in batches would break. The price: the copy itself still holds the lock, so above
roughly 100,000 documents it outlasts the default 10 s wait; import registers that large when
nobody else is writing, or raise the busy timeout for the day.

On PostgreSQL writers do not lock each other out (only rows are locked), so the rows go
straight in, in batches, with ids reserved from the sequence.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import Column, MetaData, Table, case, func, insert, select, text
from sqlmodel import Session

from docfiler.domain.vocabulary import REVIEW_RESULTS
from docfiler.store.tables import Document, DocumentBody, Filing, FilingSubmission
from docfiler.store.title_sort import title_sort_key

Progress = Callable[[int, int], None] | None
STAGE_PREFIX = "docfiler_stage_"


def insert_documents(
    session: Session,
    documents: list[dict[str, Any]],
    pending_filings: list[list[dict[str, Any]]],
    *,
    take_lock: Callable[[], None],
    batch_size: int,
    progress: Progress = None,
) -> None:
    """Insert `documents` (dicts of document columns, `body_text` for documentbody) and each
    one's filings (dicts of filing columns) with their filing history.

    `take_lock` writes the import's first row (its audit entry): on SQLite that takes the
    write lock, so everything the caller must check against what others wrote meanwhile it
    checks in `take_lock`, after that write."""
    for document in documents:
        document["title_sort"] = title_sort_key(document.get("title"))
    if session.get_bind().dialect.name == "sqlite":
        _insert_staged(session, documents, pending_filings, take_lock, batch_size, progress)
    else:
        take_lock()
        _insert_direct(session, documents, pending_filings, batch_size, progress)


# ---------------------------------------------------------------------------- SQLite


def _stage_table(source: Table, metadata: MetaData) -> Table:
    """A TEMP table with `source`'s columns and types (hence the same stored values)."""
    columns = [Column(column.name, column.type) for column in source.columns]
    return Table(STAGE_PREFIX + source.name, metadata, *columns, prefixes=["TEMPORARY"])


def _insert_staged(
    session: Session,
    documents: list[dict[str, Any]],
    pending_filings: list[list[dict[str, Any]]],
    take_lock: Callable[[], None],
    batch_size: int,
    progress: Progress,
) -> None:
    connection = session.connection()
    metadata = MetaData()
    stages = {
        table.name: _stage_table(table, metadata)
        for table in (Document.__table__, DocumentBody.__table__, Filing.__table__)
    }
    _drop(connection, stages.values())
    metadata.create_all(connection)
    try:
        _fill_stages(connection, stages, documents, pending_filings, batch_size, progress)
        take_lock()  # the register's write lock, held from here to the commit
        offset = session.execute(select(func.max(Document.id))).scalar() or 0
        _copy_stages(connection, stages, offset)
        _copy_submissions(session, offset + 1, offset + len(documents))
    finally:
        with contextlib.suppress(Exception):  # the transaction is being given up anyway
            _drop(connection, stages.values())


def _fill_stages(
    connection: Any,
    stages: dict[str, Table],
    documents: list[dict[str, Any]],
    pending_filings: list[list[dict[str, Any]]],
    batch_size: int,
    progress: Progress,
) -> None:
    """The rows into the TEMP tables, documents numbered 1…N (moved up when copied)."""
    total = len(documents)
    for start in range(0, total, batch_size):
        chunk = documents[start : start + batch_size]
        numbers = range(start + 1, start + len(chunk) + 1)
        its_filings = pending_filings[start : start + batch_size]
        rows, bodies, filings = _split_chunk(chunk, numbers, its_filings)
        connection.execute(stages["document"].insert(), _complete(rows, Document.__table__))
        if bodies:
            connection.execute(stages["documentbody"].insert(), bodies)
        if filings:
            connection.execute(stages["filing"].insert(), _complete(filings, Filing.__table__))
        if progress:
            progress(min(start + batch_size, total), total)


def _copy_stages(connection: Any, stages: dict[str, Table], offset: int) -> None:
    """INSERT … SELECT from each TEMP table, the document numbers moved up by `offset`."""
    for table, moved in (
        (Document.__table__, "id"),
        (DocumentBody.__table__, "document_id"),
        (Filing.__table__, "document_id"),
    ):
        stage = stages[table.name]
        names = [
            c.name for c in table.columns if not (table is Filing.__table__ and c.name == "id")
        ]
        values = [stage.c[name] + offset if name == moved else stage.c[name] for name in names]
        connection.execute(insert(table).from_select(names, select(*values)))


def _drop(connection: Any, stages: Any) -> None:
    for stage in stages:
        stage.drop(connection, checkfirst=True)


# ---------------------------------------------------------------------------- PostgreSQL


def _insert_direct(
    session: Session,
    documents: list[dict[str, Any]],
    pending_filings: list[list[dict[str, Any]]],
    batch_size: int,
    progress: Progress,
) -> None:
    """Documents and their filings by executemany, `batch_size` documents at a time."""
    total = len(documents)
    all_ids = _reserve_ids(session, total)
    connection = session.connection()
    for start in range(0, total, batch_size):
        ids = all_ids[start : start + batch_size]
        rows, bodies, filings = _split_chunk(
            documents[start : start + batch_size], ids, pending_filings[start : start + batch_size]
        )
        connection.execute(Document.__table__.insert(), rows)
        if bodies:
            connection.execute(DocumentBody.__table__.insert(), bodies)
        if filings:
            connection.execute(Filing.__table__.insert(), filings)
            _copy_submissions(session, ids[0], ids[-1], ids=ids)
        if progress:
            progress(min(start + batch_size, total), total)


def _reserve_ids(session: Session, count: int) -> list[int]:
    """Ids for `count` new documents from PostgreSQL's sequence."""
    if count == 0:
        return []
    return list(
        session.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence('document', 'id')) "
                "FROM generate_series(1, :n)"
            ),
            {"n": count},
        ).scalars()
    )


# ---------------------------------------------------------------------------- both


def _split_chunk(
    chunk: list[dict[str, Any]], ids: Any, pending_filings: list[list[dict[str, Any]]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Document rows with their ids, body rows, filing rows for one chunk of documents."""
    rows, bodies, filings = [], [], []
    for doc_id, row, its_filings in zip(ids, chunk, pending_filings, strict=True):
        row = dict(row, id=doc_id)
        body = row.pop("body_text", None)
        if body:
            bodies.append({"document_id": doc_id, "text": body})
        rows.append(row)
        filings.extend(dict(filing, document_id=doc_id) for filing in its_filings)
    return rows, bodies, filings


def _complete(rows: list[dict[str, Any]], table: Table) -> list[dict[str, Any]]:
    """Rows with every column that has a plain default filled in (a TEMP table has none)."""
    defaults = {
        c.name: c.default.arg
        for c in table.columns
        if c.default is not None and not callable(c.default.arg)
    }
    return [{**defaults, **row} for row in rows] if defaults else rows


def _copy_submissions(
    session: Session, first_id: int, last_id: int, *, ids: list[int] | None = None
) -> None:
    """The filing history of imported filings: one submission per submitted filing, with its
    answer (as migration 0006 does for filings kept before the history existed)."""
    is_review = Filing.result.in_(REVIEW_RESULTS)
    imported = (
        Filing.document_id.in_(ids)
        if ids is not None
        else Filing.document_id.between(first_id, last_id)
    )
    rows = select(
        Filing.id,
        Filing.document_id,
        Filing.due_on,
        Filing.due_provisional,
        Filing.submitted_on,
        Filing.receipt_number,
        case((is_review, None), else_=Filing.result),
        case((is_review, None), else_=Filing.result_on),
        case((is_review, Filing.result), else_=None),
        case((is_review, Filing.result_on), else_=None),
    ).where(imported, Filing.submitted_on.is_not(None))
    columns = [
        "filing_id",
        "document_id",
        "due_on",
        "due_provisional",
        "submitted_on",
        "receipt_number",
        "result",
        "result_on",
        "review_result",
        "review_on",
    ]
    session.connection().execute(insert(FilingSubmission).from_select(columns, rows))
