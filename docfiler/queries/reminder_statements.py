"""The reminders' and the dashboard's SQL, written once with SQLAlchemy and compiled ahead for
both databases.

`docfiler.queries.reminders` and `docfiler.queries.dashboard` run these statements as plain SQL
(`reminder_sql.py`, generated from this module by `scripts/compile_sql.py`; a test fails when the
two differ), so `docfiler remind` and the TUI's first dashboard can read a current database
without importing SQLAlchemy at all (docfiler.store.direct), and the office skips compiling them. Every value that changes from run to run is a named
parameter (`today`, `horizon`, …); the constants (the results that send a filing back) are
compiled in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Boolean, Date, and_, bindparam, exists, func, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import select

from docfiler.domain.vocabulary import RETURNED_RESULTS
from docfiler.queries.campaigns import flagged_select
from docfiler.store.status_sql import in_force_clause, not_ended_clause
from docfiler.store.tables import (
    Authority,
    CleanupCampaign,
    Countersign,
    Document,
    Filing,
    FollowUp,
    HigherLaw,
    IncomingFiling,
    IncomingReview,
    LegalityReview,
    ReviewSuggestion,
    ValidityEvaluation,
)

_GIVEN = dt.date(1, 1, 1)
"""The value a run gives each parameter stands in as while compiling (the constants are
compiled in; SQLAlchemy compiles an IN list only with every parameter valued)."""


def _day(name: str):
    return bindparam(name, value=_GIVEN, type_=Date)


def last_cleanup():
    """(finished on, as of) of the last finished cleanup campaign."""
    return (
        select(CleanupCampaign.finished_on, CleanupCampaign.as_of)
        .where(CleanupCampaign.finished_on.is_not(None))
        .order_by(CleanupCampaign.finished_on.desc())
        .limit(1)
    )


def running_cleanup():
    return select(CleanupCampaign.id).where(CleanupCampaign.finished_on.is_(None)).limit(1)


def pending_filings():
    """Filings not yet submitted, stored due by `latest`, of documents not ended by `today`."""
    return (
        select(
            Filing.body,
            Filing.due_on,
            Filing.due_provisional,
            Document.doc_number,
            Document.title,
            Document.published_on,
        )
        .join(Document, Document.id == Filing.document_id)
        .where(Filing.submitted_on.is_(None), Filing.due_on <= _day("latest"))
        .where(not_ended_clause(Document, _day("today")))  # an ended document is filed no more
    )


def returned_filings():
    """Filings sent back (暂缓办理备案登记 / 审查意见). Filings first: joined in one query,
    SQLite walks every document in force (its statistics cannot tell that most have no
    validity end) to find the few sent back; `returned_documents` then looks up those."""
    return _sent_back(Filing.document_id, Filing.body, Filing.result, Filing.result_on)


def _sent_back(*columns):
    """`columns` of the filings sent back, through `ix_filing_result` on SQLite: once a
    register is analyzed, its statistics (no histogram in this build) give each result half
    the filings, and it read the whole table instead (100k, cold: 86–96 ms against 1 ms)."""
    return (
        select(*columns)
        .with_hint(Filing, "INDEXED BY ix_filing_result", "sqlite")
        .where(Filing.result.in_(RETURNED_RESULTS))
    )


def returned_documents():
    """The documents of the filings sent back, not ended by `today`."""
    sent_back = _sent_back(Filing.document_id)
    return select(Document.id, Document.doc_number, Document.title).where(
        Document.id.in_(sent_back), not_ended_clause(Document, _day("today"))
    )


def publication():
    """Signed, not published, signed on or before `signed_by`."""
    return select(Document.doc_number, Document.title, Document.signed_on).where(
        Document.signed_on.is_not(None),
        Document.published_on.is_(None),
        Document.signed_on <= _day("signed_by"),
    )


def open_reviews():
    """Legality reviews still open, submitted on or before `submitted_by`."""
    return (
        select(
            LegalityReview.reviewer,
            LegalityReview.submitted_on,
            Document.doc_number,
            Document.title,
        )
        .join(Document, Document.id == LegalityReview.document_id)
        .where(
            LegalityReview.finished_on.is_(None),
            LegalityReview.submitted_on <= _day("submitted_by"),
        )
    )


def validity():
    """Validity ending from `since` to `window_end`, published by `today`, not evaluated, and
    not repealed or declared invalid first (nor by `today`)."""
    today = _day("today")
    ended_otherwise_first = and_(
        or_(Document.repealed_on.is_(None), Document.repealed_on > Document.valid_until),
        or_(
            Document.declared_invalid_on.is_(None),
            Document.declared_invalid_on > Document.valid_until,
        ),
    )
    still_standing = and_(
        or_(Document.repealed_on.is_(None), Document.repealed_on > today),
        or_(Document.declared_invalid_on.is_(None), Document.declared_invalid_on > today),
    )
    return select(Document.doc_number, Document.title, Document.valid_until).where(
        Document.published_on.is_not(None),
        Document.published_on <= today,
        Document.valid_until.is_not(None),
        Document.valid_until <= _day("window_end"),
        Document.valid_until >= _day("since"),
        ended_otherwise_first,
        still_standing,
        ~exists().where(ValidityEvaluation.document_id == Document.id),
    )


def countersign_replies():
    """Countersign requests not answered, due by `horizon`."""
    return select(
        Countersign.reference, Countersign.title, Countersign.from_body, Countersign.reply_due_on
    ).where(Countersign.replied_on.is_(None), Countersign.reply_due_on <= _day("horizon"))


def changed_laws():
    """Is any higher law amended or repealed? Most days none is: skip `flagged_for_cleanup`."""
    return (
        select(HigherLaw.id)
        .where(HigherLaw.status != "现行", HigherLaw.changed_on.is_not(None))
        .limit(1)
    )


def flagged_for_cleanup():
    """Documents in force on `today` whose legal basis changed since their last cleanup."""
    return flagged_select(_day("today"), Document.doc_number, Document.title)


def _unit_filings(*columns: Any):
    """A unit's filed documents (收文): 文号, title and the unit's name, then `columns`."""
    return select(IncomingFiling.doc_number, IncomingFiling.title, Authority.name, *columns).join(
        Authority, Authority.id == IncomingFiling.authority_id
    )


def incoming_supplements():
    """暂缓办理备案登记: 补正 due by `horizon`, not supplemented, registered or rejected."""
    return _unit_filings(
        IncomingFiling.supplement_due, IncomingFiling.deferred_on, IncomingFiling.deferral_reason
    ).where(
        IncomingFiling.supplement_due <= _day("horizon"),
        IncomingFiling.supplemented_on.is_(None),
        IncomingFiling.registered_on.is_(None),
        IncomingFiling.rejected_on.is_(None),
    )


def incoming_reviews():
    """备案审查 not finished, started on or before `started_by`."""
    return (
        _unit_filings(IncomingReview.started_on)
        .join(IncomingReview, IncomingReview.filing_id == IncomingFiling.id)
        .where(
            IncomingReview.finished_on.is_(None),
            IncomingReview.started_on <= _day("started_by"),
        )
    )


def followups():
    """审查意见 not closed, given on or before `opinion_by`."""
    return (
        _unit_filings(FollowUp.opinion_on, FollowUp.reported_on, IncomingReview.opinion_number)
        .join(FollowUp, FollowUp.filing_id == IncomingFiling.id)
        .join(IncomingReview, IncomingReview.id == FollowUp.review_id)
        .where(FollowUp.closed_on.is_(None), FollowUp.opinion_on <= _day("opinion_by"))
    )


def open_suggestions():
    """审查建议 not answered, received on or before `received_by`."""
    return select(
        ReviewSuggestion.id,
        ReviewSuggestion.doc_number,
        ReviewSuggestion.doc_title,
        ReviewSuggestion.proposer,
        ReviewSuggestion.received_on,
    ).where(
        ReviewSuggestion.replied_on.is_(None),
        ReviewSuggestion.received_on <= _day("received_by"),
    )


def in_force_count():
    """The dashboard's 现行有效: documents in force on `today`.

    SQLite reads the table itself (NOT INDEXED): nearly every document is published, so its
    planner's choice, the published_on index, only adds a look-up per row (100k: 94 → 51 ms)."""
    return (
        select(func.count())
        .select_from(Document)
        .with_hint(Document, "NOT INDEXED", "sqlite")
        .where(in_force_clause(Document, _day("today")))
    )


def under_review_count():
    """合法性审核中: documents with a legality review not finished."""
    return select(func.count(func.distinct(LegalityReview.document_id))).where(
        LegalityReview.finished_on.is_(None)
    )


def unsubmitted_count():
    """待报送备案: filings not yet submitted."""
    return select(func.count()).select_from(Filing).where(Filing.submitted_on.is_(None))


def document_count():
    """登记簿共: every document registered."""
    return select(func.count()).select_from(Document)


STATEMENTS: dict[str, Callable[[], Any]] = {
    build.__name__: build
    for build in (
        last_cleanup,
        running_cleanup,
        pending_filings,
        returned_filings,
        returned_documents,
        publication,
        open_reviews,
        validity,
        countersign_replies,
        changed_laws,
        flagged_for_cleanup,
        incoming_supplements,
        incoming_reviews,
        followups,
        open_suggestions,
        in_force_count,
        under_review_count,
        unsubmitted_count,
        document_count,
    )
}


class _SQLiteCompiler(sqlite.base.SQLiteCompiler):
    """Renders a table's hint after its name (SQLite's INDEXED BY / NOT INDEXED), which
    SQLAlchemy's SQLite compiler leaves out."""

    def format_from_hint_text(self, sqltext, table, hint, iscrud):
        return f"{sqltext} {hint}"


class _SQLiteDialect(sqlite.dialect):
    statement_compiler = _SQLiteCompiler


DIALECTS = {
    "sqlite": _SQLiteDialect(paramstyle="named"),  # :name
    "postgresql": postgresql.psycopg.dialect(),  # %(name)s
}


def compiled(name: str) -> dict[str, Any]:
    """One statement as `reminder_sql.py` keeps it: its SQL on each database, its parameters
    (those given at each run, and the constants compiled in), and which columns hold dates
    and flags (SQLite returns them as text and integers)."""
    statement = STATEMENTS[name]()
    entry: dict[str, Any] = {}
    fixed: dict[str, Any] = {}
    given: set[str] = set()
    for dialect_name, dialect in DIALECTS.items():
        sql = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
        entry[dialect_name] = "\n".join(line.rstrip() for line in str(sql).splitlines())
        for key, value in sql.params.items():
            if value == _GIVEN:
                given.add(key)
            else:
                fixed[key] = value
    types = [column.type for column in statement.selected_columns]
    entry["params"] = tuple(sorted(given))
    entry["fixed"] = fixed
    entry["dates"] = tuple(i for i, t in enumerate(types) if isinstance(t, Date))
    entry["bools"] = tuple(i for i, t in enumerate(types) if isinstance(t, Boolean))
    return entry


def render_module() -> str:
    """The text of docfiler/queries/reminder_sql.py."""
    lines = [
        '"""The reminders\' SQL for SQLite and PostgreSQL. GENERATED by scripts/compile_sql.py from',
        "docfiler/queries/reminder_statements.py: do not edit (tests/docfiler/test_reminder_sql.py",
        'fails when it is out of date)."""',
        "",
        "# fmt: off",
        "STATEMENTS = {",
    ]
    for name in STATEMENTS:
        entry = compiled(name)
        lines.append(f"    {name!r}: {{")
        for key, value in entry.items():
            if key in DIALECTS:
                assert '"""' not in value and "\\" not in value
                lines.append(f'        {key!r}: """{value}""",')
            else:
                lines.append(f"        {key!r}: {value!r},")
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"
