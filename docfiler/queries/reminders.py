"""Everything due or overdue on a day: filings, legality reviews, validity, countersigns, cleanup.

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
from docfiler.domain.vocabulary import REMINDER_KINDS, RETURNED_RESULTS
from docfiler.office import Office
from docfiler.queries.campaigns import flagged_documents
from docfiler.rules.rulebook import Rulebook
from docfiler.store.tables import (
    CleanupCampaign,
    Countersign,
    Document,
    Filing,
    LegalityReview,
    ValidityEvaluation,
)


@dataclass(frozen=True)
class Reminder:
    kind: str
    """A key of REMINDER_KINDS: filing / review / validity / countersign / cleanup."""
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

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["due"] = self.due.isoformat()
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
            )


def returned_filings(window: Window) -> Iterator[Reminder]:
    """Filings sent back (要求补正 / 要求纠正): to be corrected and submitted again."""
    rows = window.session.exec(
        select(Filing, Document.doc_number, Document.title)
        .join(Document, Document.id == Filing.document_id)
        .where(Filing.result.in_(RETURNED_RESULTS))
    ).all()
    for filing, number, title in rows:
        due = deadlines.resubmission_due(
            window.rules, filing.result_on or window.today, filing.body
        )
        if due.date <= window.horizon:
            yield window.reminder(
                "filing",
                due.date,
                doc_number=number,
                title=title,
                party=filing.body,
                provisional=due.provisional,
                detail=f"{filing.body}{filing.result}（{filing.result_on}），须补正后重新报送",
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
                detail=f"合法性审查最长 {limit} 个工作日（{review.submitted_on.isoformat()} 报送）",
                hint=due.hint,
            )


def validity(window: Window) -> Iterator[Reminder]:
    """Validity ending within the evaluation window, or ended since the last cleanup took stock.

    A document drops out once an evaluation is recorded (re-publish or let it lapse), or when it
    was repealed or declared invalid before its validity ran out.
    """
    today = window.today
    window_end = max(deadlines.evaluation_window_end(window.rules, today), window.horizon)
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
        yield window.reminder(
            "validity",
            valid_until,
            doc_number=number,
            title=title,
            party=None,
            detail="有效期已届满，文件已失效，请在目录中调整或重新制发"
            if valid_until < today
            else "有效期即将届满，需评估：重新制发或任其失效",
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
    """The periodic cleanup itself: due an interval after the last one (now, if none)."""
    if window.last_cleanup is None:
        yield window.reminder(
            "cleanup",
            window.today,
            doc_number=None,
            title="尚无定期清理记录",
            party=None,
            detail="请开展规范性文件定期清理",
        )
        return
    due = _next_cleanup(window)
    if due <= window.horizon:
        years = window.rules.cleanup_interval_years
        yield window.reminder(
            "cleanup",
            due,
            doc_number=None,
            title="规范性文件定期清理",
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
        select(Document.doc_number, Document.title, Document.id).where(Document.id.in_(list(flags)))
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


COLLECTORS: tuple[Callable[[Window], Iterator[Reminder]], ...] = (
    pending_filings,
    returned_filings,
    open_reviews,
    validity,
    countersign_replies,
    cleanup_due,
    flagged_for_cleanup,
)
