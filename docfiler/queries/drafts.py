"""Documents not yet published, where each one stands and how long it has waited there: the
dashboard's 尚未公布 group (issue 11: "a group of documents stuck before publication").

A draft's next step comes from `progress.next_step` (through register_stage, the register's
进度 column: one definition); how long it has waited is counted from its latest recorded step's date
(from its registration when it has none), so a draft left for weeks comes first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, union_all

from docfiler.domain.dates import local_day
from docfiler.office import Office
from docfiler.queries.progress import next_step
from docfiler.queries.register_stage import add_procedure, stage_label
from docfiler.store.sqltext import one_of_ids
from docfiler.store.status_sql import status_clause
from docfiler.store.tables import (
    CollectiveDecision,
    Document,
    FairCompetitionReview,
    LegalityReview,
    OpinionRecord,
)

SHOWN = 100
"""Drafts listed at most; the count says how many there are (the register filters them all)."""


@dataclass(frozen=True)
class Draft:
    doc_number: str
    title: str
    stage: str
    """Where it stands, in the register's 进度 words (起草中, 审核中, 待集体讨论 …)."""
    step: str
    """The next step in words (登记集体讨论决定 …)."""
    due: dt.date | None
    """When that step is due, where a rule sets a period (审核, 公布)."""
    idle_days: int | None
    """Days since its latest recorded step (or its registration)."""


@dataclass(frozen=True)
class Drafts:
    total: int
    shown: list[Draft]


def drafts_in_progress(*, office: Office, limit: int = SHOWN) -> Drafts:
    """The drafts, longest waiting first (then by number), at most `limit` of them."""
    today = office.today()
    with office.reading() as session:
        drafts = session.execute(
            select(Document.id, Document.doc_number, Document.title, Document.created_at).where(
                status_clause(Document, "draft", today)
            )
        ).all()
        since = _last_steps(session, [row[0] for row in drafts])
        waiting = sorted(
            (
                (since.get(doc_id) or local_day(created) or dt.date.min, number, doc_id, title)
                for doc_id, number, title, created in drafts
            ),
            key=lambda row: (row[0], row[1]),
        )[:limit]
        views = {row[2]: {"status": "draft", "published": None} for row in waiting}
        add_procedure(session, views, list(views))
    shown = []
    for last, number, doc_id, title in waiting:
        step = next_step(views[doc_id], office.rulebook)
        if step is None:  # a draft always has a next step; guard a view built elsewhere
            continue
        shown.append(
            Draft(
                doc_number=number,
                title=title,
                stage=stage_label(step.stage),
                step=step.label,
                due=step.due,
                idle_days=max((today - last).days, 0),
            )
        )
    return Drafts(total=len(drafts), shown=shown)


def _last_steps(session, ids: list[int]) -> dict[int, dt.date]:
    """The date of each draft's latest recorded step (意见, 送审, 审核结论, 修改, 公平竞争审查,
    集体讨论, 签发)."""
    if not ids:
        return {}
    dated = union_all(
        select(OpinionRecord.document_id.label("doc"), OpinionRecord.heard_on.label("on")),
        select(LegalityReview.document_id, LegalityReview.submitted_on),
        select(LegalityReview.document_id, LegalityReview.finished_on),
        select(LegalityReview.document_id, LegalityReview.revised_on),
        select(FairCompetitionReview.document_id, FairCompetitionReview.reviewed_on),
        select(CollectiveDecision.document_id, CollectiveDecision.decided_on),
        select(Document.id, Document.signed_on),
    ).subquery()
    dialect = session.get_bind().dialect.name
    query = (
        select(dated.c.doc, func.max(dated.c.on))
        .where(one_of_ids(dated.c.doc, dialect), dated.c.on.is_not(None))
        .group_by(dated.c.doc)
    )
    return {doc: _as_date(on) for doc, on in session.execute(query, {"ids": ids})}


def _as_date(value) -> dt.date:
    """A date from the union (SQLite hands back its text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
