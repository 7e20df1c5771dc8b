"""The register's 进度 column and its filter by a draft's stage (听取意见中, 审核中, 审核不合法,
待集体讨论, 待公布 …).

One definition: `queries.progress.next_step`, which the detail screen and `docfiler show` use.
The column asks it, from the facts it reads for the rows of one page only (a few small queries
by id). A filter cannot ask Python about every document, so `draft_stage` is next_step's SQL twin
for documents not yet published: the same questions in the same order, each an EXISTS over a
procedure table. tests/docfiler/queries/test_register_stage.py pins that the two agree, on both
databases. The filter is added to a query only when a stage is chosen, and it asks only drafts.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, case, exists, or_, select

from docfiler.domain import deadlines
from docfiler.domain.status import document_status
from docfiler.domain.vocabulary import DRAFT_STAGES, STAGE_DONE, STAGE_SHORT_LABELS, is_returned
from docfiler.errors import ValidationError
from docfiler.office import Office
from docfiler.queries.progress import ENDED, next_step
from docfiler.store.sqltext import one_of_ids
from docfiler.store.tables import (
    CollectiveDecision,
    Document,
    FairCompetitionReview,
    LegalityReview,
    OpinionRecord,
)

NOT_GOING = "—"
"""进度 of a document that has ended (废止, 宣布失效, 失效): nothing more to do."""


def stage_label(stage: str) -> str:
    """A stage as the register shows it (待按审核意见修改 → 待修改)."""
    return STAGE_SHORT_LABELS.get(stage, stage)


# ---------------------------------------------------------------------------- the filter


def _on_record(model) -> Any:
    return exists().where(model.document_id == Document.id)


def _latest_review(condition) -> Any:
    """EXISTS: the document's latest legality review (the last submitted; on the same day, the
    last recorded) meets `condition(review)`."""
    review = LegalityReview.__table__.alias("latest_review")
    later = LegalityReview.__table__.alias("later_review")
    newer = exists().where(
        later.c.document_id == review.c.document_id,
        or_(
            later.c.submitted_on > review.c.submitted_on,
            and_(later.c.submitted_on == review.c.submitted_on, later.c.id > review.c.id),
        ),
    )
    return exists().where(review.c.document_id == Document.id, ~newer, condition(review.c))


def draft_stage() -> Any:
    """SQL: the stage of a draft (a row of `document` with no publication date), as next_step
    names it. The order of the questions is next_step's (`progress._before_publication`)."""
    reviewed = _on_record(LegalityReview)
    return case(
        (and_(~_on_record(OpinionRecord), ~reviewed), "起草中"),
        (~reviewed, "听取意见中"),
        (_latest_review(lambda r: r.finished_on.is_(None)), "审核中"),
        (_latest_review(lambda r: r.outcome == "不合法"), "审核不合法"),
        (
            _latest_review(lambda r: and_(r.outcome == "应当予以修改", r.revised_on.is_(None))),
            "待按审核意见修改",
        ),
        (
            and_(Document.concerns_market.is_(True), ~_on_record(FairCompetitionReview)),
            "待公平竞争审查",
        ),
        (~_on_record(CollectiveDecision), "待集体讨论"),
        (Document.signed_on.is_(None), "待签发"),
        else_="待公布",
    )


def stage_clause(stage: str) -> Any:
    """SQL condition: the document is a draft at `stage` (one of vocabulary.DRAFT_STAGES)."""
    if stage not in DRAFT_STAGES:
        raise ValidationError(f"“{stage}”不是草案的办理阶段。可选：{'、'.join(DRAFT_STAGES)}。")
    return and_(Document.published_on.is_(None), draft_stage() == stage)


# ---------------------------------------------------------------------------- the column


def page_progress(
    session, office: Office, found: list, as_of: dt.date, filings: list[tuple]
) -> dict[int, str]:
    """The 进度 of each row of a register page (rows as `register._PAGE_COLUMNS` reads them;
    their filings as `filing_column.page_filings` reads them): next_step's stage in the
    register's words, 已办结 when nothing is left, — once ended."""
    views = {}
    for doc_id, _n, _t, _a, published, effective, valid, repealed, invalid in found:
        status = document_status(
            published_on=published,
            effective_on=effective,
            valid_until=valid,
            repealed_on=repealed,
            declared_invalid_on=invalid,
            as_of=as_of,
        )
        views[doc_id] = {"status": status, "published": _iso(published), "filings": []}
    going = {row[0]: row[4] for row in found if views[row[0]]["status"] not in ENDED}
    drafts = [doc_id for doc_id, published in going.items() if published is None]
    published = {doc_id: day for doc_id, day in going.items() if day is not None}
    add_procedure(session, views, drafts)
    _add_filings(office, views, published, filings)
    progress = {}
    for doc_id, view in views.items():
        step = next_step(view, office.rulebook)
        if step is not None:
            progress[doc_id] = stage_label(step.stage)
        else:
            progress[doc_id] = NOT_GOING if view["status"] in ENDED else STAGE_DONE
    return progress


def add_procedure(session, views: dict[int, dict], drafts: list[int]) -> None:
    """What next_step asks of a draft: opinions, reviews, fair competition, decision, signing."""
    for view in (views[i] for i in drafts):
        view.update(opinions=[], reviews=[], fair_competition=[], decisions=[])
    if not drafts:
        return
    facts, reviews = _procedure_queries(session.get_bind().dialect.name)
    for doc_id, signed, market, opinions, fair, decided in session.execute(facts, {"ids": drafts}):
        views[doc_id].update(
            signed=_iso(signed),
            concerns_market=bool(market),
            opinions=[True] if opinions else [],
            fair_competition=[True] if fair else [],
            decisions=[True] if decided else [],
        )
    for doc_id, submitted, finished, outcome, revised in session.execute(reviews, {"ids": drafts}):
        views[doc_id]["reviews"].append(
            {
                "submitted": _iso(submitted),
                "finished": _iso(finished),
                "outcome": outcome,
                "revised": _iso(revised),
            }
        )


@functools.cache
def _procedure_queries(dialect: str) -> tuple[Any, Any]:
    """The two statements `add_procedure` runs, built once per database kind (their one
    parameter is the page's draft ids): building them each page cost more than running them."""
    facts = select(
        Document.id,
        Document.signed_on,
        Document.concerns_market,
        _on_record(OpinionRecord),
        _on_record(FairCompetitionReview),
        _on_record(CollectiveDecision),
    ).where(one_of_ids(Document.id, dialect))
    reviews = (
        select(
            LegalityReview.document_id,
            LegalityReview.submitted_on,
            LegalityReview.finished_on,
            LegalityReview.outcome,
            LegalityReview.revised_on,
        )
        .where(one_of_ids(LegalityReview.document_id, dialect))
        .order_by(LegalityReview.submitted_on, LegalityReview.id)
    )
    return facts, reviews


def _add_filings(
    office: Office, views: dict[int, dict], published: dict[int, dt.date], rows: list[tuple]
) -> None:
    """Each published document's filings (`rows`, as `filing_column.page_filings` reads them),
    with the due date of the next submission where one is awaited, as the document's view has
    it: the 补正/纠正 period after a returned answer, else the period after publication. (A
    returned answer without its date, which only an old import may hold, counts from
    publication here; the view takes the last submission's due date. The due date only orders
    several awaited filings of one document.)"""
    if not published:
        return
    filings: dict[int, list] = defaultdict(list)
    for doc_id, body, due, provisional, submitted, result, result_on in rows:
        if doc_id not in published:
            continue
        waiting = submitted is None or is_returned(result)
        due_date = None
        if waiting and is_returned(result) and result_on is not None:
            due_date = deadlines.resubmission_due(office.rulebook, result, result_on).date
        elif waiting:
            due_date = deadlines.current_filing_due(
                office.rulebook,
                stored=due,
                provisional=provisional,
                published_on=published[doc_id],
                body=body,
            ).date
        filings[doc_id].append(
            {"body": body, "due": _iso(due_date), "submitted": _iso(submitted), "result": result}
        )
    for doc_id, kept in filings.items():
        views[doc_id]["filings"] = kept


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
