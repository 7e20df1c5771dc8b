"""Everything due or overdue on a day: filings, legality reviews, validity, countersigns,
publication, cleanup; and, as filing body, 补正 awaited, reviews, 处理情况 and 审查建议.

`reminders()` runs one small collector per kind of deadline over a shared `Window` and ranks
what they find, most urgent first. Every due date comes from `docfiler.domain.deadlines`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import and_, exists, or_
from sqlmodel import Session, select

from docfiler.domain import deadlines
from docfiler.domain.calendar import add_months
from docfiler.domain.vocabulary import REMINDER_KINDS, RETURNED_RESULTS
from docfiler.office import Office
from docfiler.queries.campaigns import flagged_documents
from docfiler.rules.rulebook import Rulebook
from docfiler.store.status_sql import not_ended_clause
from docfiler.store.tables import (
    Authority,
    CleanupCampaign,
    Countersign,
    Document,
    Filing,
    FollowUp,
    IncomingFiling,
    IncomingReview,
    LegalityReview,
    ReviewSuggestion,
    ValidityEvaluation,
)


@dataclass(frozen=True)
class Reminder:
    kind: str
    """A key of REMINDER_KINDS: filing / review / validity / countersign / publication /
    cleanup / incoming_supplement / incoming_review / followup / suggestion."""
    doc_number: str | None
    title: str
    party: str | None
    """Who the step is owed to: the filing body, the legality reviewer, or the government that
    asked for a countersign; None for validity and cleanup."""
    due: dt.date
    days_left: int
    provisional: bool = False
    detail: str = ""
    hint: str | None = None
    likely: dt.date | None = None
    """While provisional: the last day if no weekend becomes a make-up working day."""
    record_id: int | None = None
    """The record reminded of where no 文号 names it alone: a 审查建议's id (one person may have
    two open suggestions about one document)."""

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["due"] = self.due.isoformat()
        data["likely"] = (self.likely or self.due).isoformat()
        return data


@dataclass(frozen=True)
class Window:
    """What the collectors share: the day, how far ahead to look, the rules, the last cleanup."""

    session: Session
    rules: Rulebook
    today: dt.date
    horizon: dt.date
    last_cleanup: tuple[dt.date, dt.date] | None
    """(finished on, as of) of the last finished cleanup campaign, if any."""

    def reminder(self, kind: str, due: dt.date, **fields: Any) -> Reminder:
        return Reminder(kind=kind, due=due, days_left=(due - self.today).days, **fields)


def reminders(
    *, office: Office, today: dt.date | None = None, days: int | None = None
) -> list[Reminder]:
    """Everything due within `days` of `today` or already overdue, most urgent first."""
    today = today or office.today()
    rules = office.rulebook
    horizon = today + dt.timedelta(days=rules.reminder_horizon_days if days is None else days)
    with office.reading() as session:
        last = session.exec(
            select(CleanupCampaign.finished_on, CleanupCampaign.as_of)
            .where(CleanupCampaign.finished_on.is_not(None))
            .order_by(CleanupCampaign.finished_on.desc())
        ).first()
        window = Window(session, rules, today, horizon, tuple(last) if last else None)
        found = [item for collect in COLLECTORS for item in collect(window)]
    rank = {kind: index for index, kind in enumerate(REMINDER_KINDS)}
    found.sort(key=lambda r: (r.days_left, rank[r.kind], r.doc_number or "", r.party or ""))
    return found


def pending_filings(window: Window) -> Iterator[Reminder]:
    """Filings not yet submitted, due by the horizon (provisional dates counted again)."""
    latest_stored = window.horizon + dt.timedelta(days=deadlines.PROVISIONAL_SHIFT_DAYS)
    rows = window.session.exec(
        select(Filing, Document.doc_number, Document.title, Document.published_on)
        .join(Document, Document.id == Filing.document_id)
        .where(Filing.submitted_on.is_(None), Filing.due_on <= latest_stored)
        .where(not_ended_clause(Document, window.today))  # an ended document is filed no more
    ).all()
    for filing, number, title, published in rows:
        due = deadlines.current_filing_due(
            window.rules,
            stored=filing.due_on,
            provisional=filing.due_provisional,
            published_on=published,
            body=filing.body,
        )
        if due.date <= window.horizon:
            yield window.reminder(
                "filing",
                due.date,
                doc_number=number,
                title=title,
                party=filing.body,
                provisional=due.provisional,
                detail=f"向{filing.body}报送备案",
                hint=due.hint,
                likely=due.likely,
            )


def returned_filings(window: Window) -> Iterator[Reminder]:
    """Filings sent back: 暂缓办理备案登记 (补正, file again within the refiling period) or
    审查意见 (纠正, report within the report period), 法规规章备案审查条例 (国务院令第789号)."""
    # Two steps, filings first: joined in one query, SQLite walks every document still in force
    # (its statistics cannot tell that most have no validity end) to find the few sent back.
    returned = window.session.exec(select(Filing).where(Filing.result.in_(RETURNED_RESULTS))).all()
    documents: dict[int, tuple[str | None, str]] = {}
    ids = sorted({filing.document_id for filing in returned})
    for start in range(0, len(ids), 500):
        documents.update(
            (doc_id, (number, title))
            for doc_id, number, title in window.session.exec(
                select(Document.id, Document.doc_number, Document.title)
                .where(Document.id.in_(ids[start : start + 500]))
                .where(not_ended_clause(Document, window.today))
            )
        )
    rows = [(f, *documents[f.document_id]) for f in returned if f.document_id in documents]
    for filing, number, title in rows:
        answered = filing.result_on or window.today
        due = deadlines.resubmission_due(window.rules, filing.result, answered)
        todo = "补正后重新报送备案" if filing.result == "暂缓办理备案登记" else "纠正并报告处理情况"
        if due.date <= window.horizon:
            yield window.reminder(
                "filing",
                due.date,
                doc_number=number,
                title=title,
                party=filing.body,
                provisional=due.provisional,
                detail=f"{filing.body}{filing.result}（{answered.isoformat()}），须{todo}",
                hint=due.hint,
            )


def publication(window: Window) -> Iterator[Reminder]:
    """Signed documents not yet published: publish within 20 working days of signing
    (政府信息公开条例 art. 26; the rulebook's [publication] working_days)."""
    days = window.rules.publication_working_days
    # N working days span at least N calendar days: later signings cannot be due yet.
    rows = window.session.exec(
        select(Document.doc_number, Document.title, Document.signed_on).where(
            Document.signed_on.is_not(None),
            Document.published_on.is_(None),
            Document.signed_on <= window.horizon - dt.timedelta(days=days),
        )
    ).all()
    for number, title, signed in rows:
        due = deadlines.publication_due(window.rules, signed)
        if due.date <= window.horizon:
            yield window.reminder(
                "publication",
                due.date,
                doc_number=number,
                title=title,
                party=None,
                provisional=due.provisional,
                detail=f"{signed.isoformat()} 签发，应在 {days} 个工作日内公布（政府信息公开条例第二十六条）",
                hint=due.hint,
            )


def open_reviews(window: Window) -> Iterator[Reminder]:
    """Legality reviews still open, due within the maximum number of working days."""
    limit = window.rules.review_max_working_days
    # N working days span at least N calendar days: older submissions are the only candidates.
    rows = window.session.exec(
        select(LegalityReview, Document.doc_number, Document.title)
        .join(Document, Document.id == LegalityReview.document_id)
        .where(
            LegalityReview.finished_on.is_(None),
            LegalityReview.submitted_on <= window.horizon - dt.timedelta(days=limit),
        )
    ).all()
    for review, number, title in rows:
        due = deadlines.review_due(window.rules, review.submitted_on)
        if due.date <= window.horizon:
            yield window.reminder(
                "review",
                due.date,
                doc_number=number,
                title=title,
                party=review.reviewer,
                provisional=due.provisional,
                detail=f"合法性审核最长 {limit} 个工作日（{review.submitted_on.isoformat()} 报送）",
                hint=due.hint,
            )


def validity(window: Window) -> Iterator[Reminder]:
    """Validity ending within the evaluation window, or ended since the last cleanup took stock.

    A document drops out once an evaluation is recorded (re-publish or let it lapse), or when it
    was repealed or declared invalid before its validity ran out.
    """
    today = window.today
    # Evaluations due by the horizon: validity ending up to N months after it.
    window_end = add_months(window.horizon, window.rules.evaluate_months_before)
    since = deadlines.lapses_reviewed_since(
        window.rules, today, window.last_cleanup[1] if window.last_cleanup else None
    )
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
    rows = window.session.exec(
        select(Document.doc_number, Document.title, Document.valid_until).where(
            Document.published_on.is_not(None),
            Document.published_on <= today,
            Document.valid_until.is_not(None),
            Document.valid_until <= window_end,
            Document.valid_until >= since,
            ended_otherwise_first,
            still_standing,
            ~exists().where(ValidityEvaluation.document_id == Document.id),
        )
    ).all()
    for number, title, valid_until in rows:
        due = deadlines.evaluation_due(window.rules, valid_until)
        if due > window.horizon:
            continue
        ends = f"{valid_until.year}年{valid_until.month}月{valid_until.day}日"
        yield window.reminder(
            "validity",
            due,
            doc_number=number,
            title=title,
            party=None,
            detail=f"有效期已于{ends}届满，文件已失效，请在目录中调整或重新制发"
            if valid_until < today
            else f"有效期至{ends}，届满前须评估：重新制发或任其失效",
        )


def countersign_replies(window: Window) -> Iterator[Reminder]:
    """Countersign requests not yet answered."""
    rows = window.session.exec(
        select(Countersign).where(
            Countersign.replied_on.is_(None), Countersign.reply_due_on <= window.horizon
        )
    ).all()
    for request in rows:
        yield window.reminder(
            "countersign",
            request.reply_due_on,
            doc_number=request.reference,
            title=request.title,
            party=request.from_body,
            detail=f"答复{request.from_body}会签意见",
        )


def _next_cleanup(window: Window) -> dt.date:
    if window.last_cleanup is None:
        return window.today
    return deadlines.next_cleanup_due(window.rules, window.last_cleanup[0])


def cleanup_due(window: Window) -> Iterator[Reminder]:
    """The periodic cleanup itself: due an interval after the last one (now, if none); none
    while a campaign is running (the clerk is doing it: the 定期清理 screen shows how far)."""
    running = window.session.exec(
        select(CleanupCampaign.id).where(CleanupCampaign.finished_on.is_(None))
    ).first()
    if running is not None:
        return
    if window.last_cleanup is None:
        yield window.reminder(
            "cleanup",
            window.today,
            doc_number=None,
            title="尚无定期清理记录",
            party=None,
            detail="请开展行政规范性文件定期清理",
        )
        return
    due = _next_cleanup(window)
    if due <= window.horizon:
        years = window.rules.cleanup_interval_years
        yield window.reminder(
            "cleanup",
            due,
            doc_number=None,
            title="行政规范性文件定期清理",
            party=None,
            detail=f"上次清理完成于 {window.last_cleanup[0].isoformat()}，每 {years} 年清理一次",
        )


def flagged_for_cleanup(window: Window) -> Iterator[Reminder]:
    """Documents whose legal basis was amended or repealed: 需清理 at the next cleanup."""
    flags = flagged_documents(window.session, window.today)
    if not flags:
        return
    due = _next_cleanup(window)
    rows = window.session.exec(
        select(Document.doc_number, Document.title, Document.id)
        .where(Document.id.in_(list(flags)))
        .where(not_ended_clause(Document, window.today))  # nothing left to clean up
    ).all()
    for number, title, doc_id in rows:
        yield window.reminder(
            "cleanup",
            due,
            doc_number=number,
            title=title,
            party=None,
            detail=f"需清理：{flags[doc_id]}",
        )


# ------------------------------------------------------- the office as filing body (备案审查)


def _unit_filings(window: Window, *columns: Any):
    return select(IncomingFiling, Authority.name, *columns).join(
        Authority, Authority.id == IncomingFiling.authority_id
    )


def incoming_supplements(window: Window) -> Iterator[Reminder]:
    """暂缓办理备案登记: the unit's 补正 awaited by the date it was given."""
    rows = window.session.exec(
        _unit_filings(window).where(
            IncomingFiling.supplement_due <= window.horizon,
            IncomingFiling.supplemented_on.is_(None),
            IncomingFiling.registered_on.is_(None),
            IncomingFiling.rejected_on.is_(None),
        )
    ).all()
    for row, unit in rows:
        yield window.reminder(
            "incoming_supplement",
            row.supplement_due,
            doc_number=row.doc_number,
            title=row.title,
            party=unit,
            detail=f"暂缓办理备案登记（{row.deferred_on.isoformat()}），待{unit}补正："
            + (row.deferral_reason or ""),
        )


def incoming_reviews(window: Window) -> Iterator[Reminder]:
    """备案审查 not finished, due within the rulebook's period of its start."""
    days = window.rules.inbox_review_days
    rows = window.session.exec(
        _unit_filings(window, IncomingReview.started_on)
        .join(IncomingReview, IncomingReview.filing_id == IncomingFiling.id)
        .where(
            IncomingReview.finished_on.is_(None),
            IncomingReview.started_on <= window.horizon - dt.timedelta(days=days),
        )
    ).all()
    for row, unit, started in rows:
        due = deadlines.inbox_review_due(window.rules, started)
        if due.date <= window.horizon:
            yield window.reminder(
                "incoming_review",
                due.date,
                doc_number=row.doc_number,
                title=row.title,
                party=unit,
                provisional=due.provisional,
                detail=f"备案审查自 {started.isoformat()} 起 {days} 日内完成",
                hint=due.hint,
                likely=due.likely,
            )


def followups(window: Window) -> Iterator[Reminder]:
    """审查意见 not closed: the unit's 处理情况 due within the report period; once reported,
    the office closes it (linked correction, repeal or escalation)."""
    days = window.rules.correction_report_days
    rows = window.session.exec(
        _unit_filings(window, FollowUp, IncomingReview.opinion_number)
        .join(FollowUp, FollowUp.filing_id == IncomingFiling.id)
        .join(IncomingReview, IncomingReview.id == FollowUp.review_id)
        .where(
            FollowUp.closed_on.is_(None),
            FollowUp.opinion_on <= window.horizon - dt.timedelta(days=days),
        )
    ).all()
    for row, unit, followup, opinion in rows:
        due = deadlines.followup_due(window.rules, followup.opinion_on)
        if due.date > window.horizon:
            continue
        todo = (
            f"已收到处理情况（{followup.reported_on.isoformat()}），请核实后办结"
            if followup.reported_on
            else f"待{unit}报告处理情况"
        )
        yield window.reminder(
            "followup",
            due.date,
            doc_number=row.doc_number,
            title=row.title,
            party=unit,
            provisional=due.provisional,
            detail=f"{opinion}（{followup.opinion_on.isoformat()}）{todo}",
            hint=due.hint,
            likely=due.likely,
        )


def open_suggestions(window: Window) -> Iterator[Reminder]:
    """审查建议 not yet answered in writing."""
    days = window.rules.suggestion_reply_days
    rows = window.session.exec(
        select(ReviewSuggestion).where(
            ReviewSuggestion.replied_on.is_(None),
            ReviewSuggestion.received_on <= window.horizon - dt.timedelta(days=days),
        )
    ).all()
    for record in rows:
        due = deadlines.suggestion_reply_due(window.rules, record.received_on)
        if due.date <= window.horizon:
            yield window.reminder(
                "suggestion",
                due.date,
                doc_number=record.doc_number,
                title=record.doc_title or "审查建议",
                party=record.proposer,
                provisional=due.provisional,
                detail=f"答复{record.proposer}的审查建议（{record.received_on.isoformat()} 收到）",
                hint=due.hint,
                likely=due.likely,
                record_id=record.id,
            )


COLLECTORS: tuple[Callable[[Window], Iterator[Reminder]], ...] = (
    pending_filings,
    returned_filings,
    publication,
    open_reviews,
    validity,
    countersign_replies,
    cleanup_due,
    flagged_for_cleanup,
    incoming_supplements,
    incoming_reviews,
    followups,
    open_suggestions,
)
