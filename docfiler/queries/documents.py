"""Read-only views of the register, returned as plain dictionaries (JSON-ready, ISO dates)."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, select

from docfiler.domain import deadlines
from docfiler.domain.calendar import Deadline
from docfiler.domain.status import parse_status, status_of
from docfiler.domain.vocabulary import (
    DOCUMENT_KINDS,
    RELATION_KINDS,
    STATUS_LABELS,
    is_returned,
)
from docfiler.office import Office
from docfiler.queries.bulk import few_collections
from docfiler.queries.progress import next_step
from docfiler.queries.search import reads_as_fragment, search_clause
from docfiler.rules.rulebook import Rulebook
from docfiler.store import forked
from docfiler.store.lookups import load_document
from docfiler.store.sqltext import one_of_ids
from docfiler.store.status_sql import status_clause
from docfiler.store.tables import (
    AuditEntry,
    Authority,
    CollectiveDecision,
    Document,
    DocumentBody,
    DocumentRelation,
    FairCompetitionReview,
    Filing,
    FilingSubmission,
    LegalBasis,
    LegalityReview,
    OpinionRecord,
)


def iso(day: dt.date | dt.datetime | None) -> str | None:
    return day.isoformat() if day is not None else None


def _filing_view(
    filing: Filing,
    today: dt.date,
    rules: Rulebook,
    published: dt.date | None,
    history: list | None = None,
) -> dict[str, Any]:
    """One filing as it stands, with every submission and answer (the filing history).

    Its due date is what the next (or the awaited) submission answers: the 补正/纠正 period
    after a returned answer, else the period after publication."""
    history = history or []
    if is_returned(filing.result) and filing.result_on is not None:
        due = deadlines.resubmission_due(rules, filing.result, filing.result_on)
    elif filing.submitted_on is not None and history:
        due = Deadline(history[-1].due_on)
    else:
        due = deadlines.current_filing_due(
            rules,
            stored=filing.due_on,
            provisional=filing.due_provisional,
            published_on=published,
            body=filing.body,
        )
    waiting = filing.submitted_on is None or is_returned(filing.result)
    return {
        "body": filing.body,
        "due": iso(due.date),
        "due_provisional": due.provisional,
        "due_likely": iso(due.likely_date),
        "submitted": iso(filing.submitted_on),
        "receipt": filing.receipt_number,
        "result": filing.result,
        "result_date": iso(filing.result_on),
        "days_left": (due.date - today).days if waiting else None,
        "history": [_submission_view(s) for s in history],
        "version": filing.version,
    }


def _submission_view(submission) -> dict[str, Any]:
    late = (submission.submitted_on - submission.due_on).days
    return {
        "submitted": iso(submission.submitted_on),
        "receipt": submission.receipt_number,
        "due": iso(submission.due_on),
        "due_provisional": submission.due_provisional,
        "late_days": max(late, 0),
        "result": submission.result,
        "result_date": iso(submission.result_on),
        "review_result": submission.review_result,
        "review_date": iso(submission.review_on),
    }


def _ids(session: Session, column):
    """`column` among the ids bound as "ids", written as each database takes a list best: the
    statement is built and cached once, not coerced value by value for every chunk."""
    return one_of_ids(column, session.get_bind().dialect.name)


EVENT_TABLES = (
    (Filing, "filings", Filing.id),
    (FilingSubmission, "submissions", FilingSubmission.submitted_on),
    (OpinionRecord, "opinions", OpinionRecord.heard_on),
    (LegalityReview, "reviews", (LegalityReview.submitted_on, LegalityReview.id)),
    (CollectiveDecision, "decisions", CollectiveDecision.decided_on),
    (LegalBasis, "legal_bases", LegalBasis.id),
    (FairCompetitionReview, "fair_competition", FairCompetitionReview.reviewed_on),
)


def _events(session: Session, ids: list[int]) -> dict[str, dict[int, list]]:
    """Each document's filings, opinions, reviews, decisions and legal bases, in order.

    Read as plain rows (attribute access by column name, as on the models): views are built
    for whole registers, and ORM objects cost several times more per row.
    """
    grouped: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for model, key, order in EVENT_TABLES:
        table = model.__table__
        orders = order if isinstance(order, tuple) else (order,)
        query = select(table).where(_ids(session, table.c.document_id)).order_by(*orders)
        make = _record_type(key, tuple(table.c.keys()))._make
        for chunk in _chunks(ids):
            for row in session.execute(query, {"ids": chunk}).all():
                record = make(row)
                grouped[key][record.document_id].append(record)
    return grouped


@cache
def _record_type(name: str, columns: tuple[str, ...]) -> type:
    """A named tuple for rows read in bulk: its fields are read like a row's, at a tenth of the
    cost (a database row looks each name up in Python; a named tuple in C)."""
    return namedtuple(name, columns)


def _relations(
    session: Session, documents: list[Document]
) -> tuple[dict[int, list[DocumentRelation]], dict[int, str]]:
    """Relations touching each document, and the number of every document on either end."""
    ids = [d.id for d in documents]
    numbers: dict[int, str] = {d.id: d.doc_number for d in documents}
    relations: dict[int, list[DocumentRelation]] = defaultdict(list)
    table = DocumentRelation.__table__
    for chunk in _chunks(ids):
        rows = session.execute(
            select(table).where(
                or_(_ids(session, table.c.source_id), _ids(session, table.c.target_id))
            ),
            {"ids": chunk},
        ).all()
        for rel in rows:
            relations[rel.source_id].append(rel)
            if rel.target_id != rel.source_id:
                relations[rel.target_id].append(rel)
    missing = {
        i for rels in relations.values() for r in rels for i in (r.source_id, r.target_id)
    } - set(numbers)
    if missing:
        for doc_id, number in session.exec(
            select(Document.id, Document.doc_number).where(Document.id.in_(missing))
        ):
            numbers[doc_id] = number
    return relations, numbers


def _audit_trail(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    trail: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for entry in session.exec(
        select(AuditEntry)
        .where(AuditEntry.document_id.in_(ids))
        .order_by(AuditEntry.at, AuditEntry.id)
    ):
        trail[entry.document_id].append(
            {
                "at": entry.at.isoformat(timespec="seconds"),
                "operator": entry.operator,
                "action": entry.action,
                "summary": entry.summary,
            }
        )
    return trail


def _procedure_views(events: dict[str, dict[int, list]], doc_id: int) -> dict[str, Any]:
    return {
        "opinions": [
            {"date": iso(o.heard_on), "method": o.method, "summary": o.summary}
            for o in events["opinions"][doc_id]
        ],
        "reviews": [
            {
                "submitted": iso(r.submitted_on),
                "finished": iso(r.finished_on),
                "outcome": r.outcome,
                "reviewer": r.reviewer,
                "opinion": r.opinion,
                "revised": iso(r.revised_on),
            }
            for r in events["reviews"][doc_id]
        ],
        "decisions": [
            {"meeting": c.meeting, "date": iso(c.decided_on), "minutes": c.minutes_number}
            for c in events["decisions"][doc_id]
        ],
        "legal_bases": [
            {"title": b.title, "number": b.number, "status": b.status}
            for b in events["legal_bases"][doc_id]
        ],
        "fair_competition": [
            {"date": iso(f.reviewed_on), "conclusion": f.conclusion, "reviewer": f.reviewer}
            for f in events["fair_competition"][doc_id]
        ],
    }


def _document_fields(d: Document, authority: str | None, as_of: dt.date) -> dict[str, Any]:
    status = status_of(d, as_of)
    return {
        "doc_number": d.doc_number,
        "title": d.title,
        "authority": authority,
        "drafting_unit": d.drafting_unit,
        "registration_number": d.registration_number,
        "kind": DOCUMENT_KINDS.get(d.kind) or "常规",
        "status": status,
        "status_label": STATUS_LABELS[status],
        "as_of": iso(as_of),
        "written": iso(d.written_on),
        "signed": iso(d.signed_on),
        "signed_by": d.signed_by,
        "published": iso(d.published_on),
        "channel": d.publication_channel,
        "effective": iso(d.effective_on),
        "valid_until": iso(d.valid_until),
        "repealed": iso(d.repealed_on),
        "repeal_reason": d.repeal_reason,
        "declared_invalid": iso(d.declared_invalid_on),
        "invalid_reason": d.invalid_reason,
        "note": d.note,
        "concerns_market": d.concerns_market,
        "sample": d.is_sample,
        "version": d.version,
    }


def _views(
    session: Session,
    documents: list[Document],
    as_of: dt.date,
    today: dt.date,
    rules: Rulebook,
    with_audit: bool,
) -> list[dict[str, Any]]:
    """Each document with everything on record about it, as plain data for screens and JSON."""
    if not documents:
        return []
    ids = [d.id for d in documents]
    authorities = dict(session.execute(select(Authority.id, Authority.name)).all())
    events = _events(session, ids)
    relations, numbers = _relations(session, documents)
    trail = _audit_trail(session, ids) if with_audit else {}
    views = []
    for d in documents:
        view = _document_fields(d, authorities.get(d.authority_id), as_of)
        history = defaultdict(list)
        for submission in events["submissions"][d.id]:
            history[submission.filing_id].append(submission)
        view["filings"] = [
            _filing_view(f, today, rules, d.published_on, history[f.id])
            for f in events["filings"][d.id]
        ]
        view.update(_procedure_views(events, d.id))
        view["relations"] = [_relation_view(r, d.id, numbers) for r in relations[d.id]]
        step = next_step(view, rules)
        view["next_step"] = step.as_json(today) if step else None
        if with_audit:
            view["audit"] = trail.get(d.id, [])
        views.append(view)
    return views


def _relation_view(rel: DocumentRelation, doc_id: int, numbers: dict[int, str]) -> dict[str, Any]:
    outgoing = rel.source_id == doc_id
    label = RELATION_KINDS[rel.kind]
    return {
        "kind": rel.kind,
        "direction": "outgoing" if outgoing else "incoming",
        "label": label if outgoing else f"被{label}",
        "other": numbers.get(rel.target_id if outgoing else rel.source_id),
        "date": iso(rel.on_date),
    }


def _chunks(ids: list[int], size: int = 1000):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def show_document(*, office: Office, number: str, as_of: dt.date | None = None) -> dict[str, Any]:
    today = office.today()
    with office.reading() as session:
        document = load_document(session, number)
        view = _views(session, [document], as_of or today, today, office.rulebook, with_audit=True)[
            0
        ]
    step = next_step(view, office.rulebook)
    view["next_step"] = step.as_json(today) if step else None
    return view


def document_body(*, office: Office, number: str) -> str | None:
    """The document's full text (正文), None when none was recorded."""
    with office.reading() as session:
        document = load_document(session, number)
        body = session.get(DocumentBody, document.id)
        return body.text if body else None


def document_query(
    *,
    status: str | None = None,
    year: int | None = None,
    authority: str | None = None,
    search: str | None = None,
    as_of: dt.date,
    fragments: bool = False,
):
    """The filtered SELECT behind every list of documents (register, CLI, TUI); `fragments`
    as in `search.search_clause`."""
    query = select(Document)
    if status:
        query = query.where(status_clause(Document, parse_status(status), as_of))
    if year is not None:
        query = query.where(Document.year == year)
    if authority:
        query = query.join(Authority, Authority.id == Document.authority_id).where(
            Authority.name == authority
        )
    if search:
        query = query.where(search_clause(search, fragments=fragments))
    return query


SORTS = {
    "number": (Document.agency_code, Document.year, Document.serial),
    "published": (Document.published_on, Document.id),
    "title": (Document.title_sort, Document.title, Document.doc_number),  # pinyin order
    "year": (Document.year, Document.serial),
}


def list_documents(
    *, office: Office, as_of: dt.date | None = None, **filters: Any
) -> list[dict[str, Any]]:
    """The views of the documents `document_ids` finds with `filters`, all at once
    (`iter_views` streams them)."""
    as_of = as_of or office.today()
    ids = document_ids(office=office, as_of=as_of, **filters)
    return list(iter_views(office=office, ids=ids, as_of=as_of))


def document_ids(
    *,
    office: Office,
    status: str | None = None,
    year: int | None = None,
    authority: str | None = None,
    search: str | None = None,
    as_of: dt.date | None = None,
    limit: int | None = None,
    offset: int = 0,
    sort: str = "year",
    descending: bool = False,
) -> list[int]:
    """The ids of the matching documents, in order: one statement, a few bytes a document."""
    as_of = as_of or office.today()
    columns = SORTS.get(sort, SORTS["year"])
    with office.reading() as session:
        fragments = bool(search) and reads_as_fragment(session, search)
        query = document_query(
            status=status,
            year=year,
            authority=authority,
            search=search,
            as_of=as_of,
            fragments=fragments,
        ).with_only_columns(Document.id)
        query = query.order_by(*[(c.desc() if descending else c) for c in columns], Document.id)
        if limit is not None:
            query = query.limit(limit).offset(offset)
        return list(session.exec(query).all())


VIEW_CHUNK = 1000
# What a view shows of the document row (`_document_fields`): the bookkeeping times, costly to
# parse on SQLite, are left out.
_VIEW_COLUMNS = (
    "id",
    "doc_number",
    "title",
    "authority_id",
    "drafting_unit",
    "registration_number",
    "kind",
    "written_on",
    "signed_on",
    "signed_by",
    "published_on",
    "publication_channel",
    "effective_on",
    "valid_until",
    "repealed_on",
    "repeal_reason",
    "declared_invalid_on",
    "invalid_reason",
    "note",
    "concerns_market",
    "is_sample",
    "version",
)


def iter_views(
    *, office: Office, ids: list[int], as_of: dt.date | None = None
) -> Iterator[dict[str, Any]]:
    """The view of each document in `ids` (as `show_document` gives, without the audit trail
    and the body), in that order, read VIEW_CHUNK documents at a time: memory stays flat
    however large the register."""
    today = office.today()
    for views in _chunked_views(office, list(_chunks(ids, VIEW_CHUNK)), as_of or today, today):
        yield from views


def encoded_views(
    *,
    office: Office,
    ids: list[int],
    encode: Callable[[list[dict[str, Any]]], bytes],
    as_of: dt.date | None = None,
) -> Iterator[bytes]:
    """`iter_views`, VIEW_CHUNK documents at a time made bytes by `encode` (`list --json`).
    From PARALLEL_FROM documents on, the chunks are built on every core the command may use,
    by forked processes (docfiler.store.forked): the bytes and their order are the same."""
    today = office.today()
    as_of = as_of or today
    chunks = list(_chunks(ids, VIEW_CHUNK))

    def run(share: Sequence[list[int]]) -> Iterator[bytes]:
        return map(encode, _chunked_views(office, share, as_of, today))

    workers = forked.worker_count(len(chunks))
    if len(ids) < PARALLEL_FROM and forked.WORKERS_VARIABLE not in os.environ:
        workers = 1  # a fork and a connection per worker cost more than a few chunks take
    return forked.ordered(chunks, run, engine=office.engine, workers=workers)


PARALLEL_FROM = 4 * VIEW_CHUNK


def _chunked_views(
    office: Office, chunks: Sequence[list[int]], as_of: dt.date, today: dt.date
) -> Iterator[list[dict[str, Any]]]:
    """The views of each chunk of ids in turn, read on one session (the documents missing by
    now left out)."""
    table = Document.__table__
    columns = [table.c[name] for name in _VIEW_COLUMNS]
    make = _record_type("document", _VIEW_COLUMNS)._make
    with office.reading() as session, few_collections():
        query = select(*columns).where(_ids(session, table.c.id))
        for chunk in chunks:
            found = {row.id: make(row) for row in session.execute(query, {"ids": chunk})}
            documents = [found[i] for i in chunk if i in found]
            yield _views(session, documents, as_of, today, office.rulebook, with_audit=False)


def register_counts(*, office: Office, as_of: dt.date | None = None) -> dict[str, int]:
    """Counts for the dashboard: documents in force, under review, filings pending, in all."""
    from docfiler.queries.dashboard import counts
    from docfiler.queries.reminders import office_rows

    with office_rows(office) as rows:
        return counts(rows, as_of or office.today())
