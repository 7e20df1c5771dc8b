"""Everything due or overdue on a day: filings, legality reviews, validity, countersigns, cleanup."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import and_, exists, or_
from sqlmodel import select

from docfiler.domain.calendar import add_months, add_years
from docfiler.office import Office
from docfiler.store.tables import (
    CleanupCampaign,
    Countersign,
    Document,
    Filing,
    LegalityReview,
    ValidityEvaluation,
)

KIND_LABELS = {
    "filing": "备案",
    "review": "合法性审查",
    "validity": "有效期",
    "countersign": "会签答复",
    "cleanup": "定期清理",
}


@dataclass(frozen=True)
class Reminder:
    kind: str
    doc_number: str | None
    title: str
    body: str | None
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


def reminders(
    *, office: Office, today: dt.date | None = None, days: int | None = None
) -> list[Reminder]:
    """Everything due within `days` of `today` or already overdue, most urgent first."""
    today = today or office.today()
    horizon = today + dt.timedelta(
        days=office.rulebook.reminder_horizon_days if days is None else days
    )
    rulebook = office.rulebook
    calendar = rulebook.calendar
    found: list[Reminder] = []
    with office.reading() as session:
        # Filings not submitted (or sent back for supplement/correction).
        rows = session.exec(
            select(Filing, Document.doc_number, Document.title, Document.published_on)
            .join(Document, Document.id == Filing.document_id)
            .where(Filing.submitted_on.is_(None), Filing.due_on <= horizon + dt.timedelta(days=10))
        ).all()
        for filing, number, title, published in rows:
            due, provisional, hint = filing.due_on, filing.due_provisional, None
            if provisional:
                # The holiday schedule may have been added since: count again.
                deadline = calendar.deadline_in_days(published, rulebook.filing_days(filing.body))
                due, provisional, hint = deadline.date, deadline.provisional, deadline.hint
            if due <= horizon:
                found.append(
                    Reminder(
                        "filing",
                        number,
                        title,
                        filing.body,
                        due,
                        (due - today).days,
                        provisional,
                        f"向{filing.body}报送备案",
                        hint,
                    )
                )
        returned = session.exec(
            select(Filing, Document.doc_number, Document.title)
            .join(Document, Document.id == Filing.document_id)
            .where(Filing.result.in_(("要求补正", "要求纠正")))
        ).all()
        for filing, number, title in returned:
            # Resubmission is due within the body's filing period of the review result.
            deadline = calendar.deadline_in_days(
                filing.result_on or today, rulebook.filing_days(filing.body)
            )
            if deadline.date <= horizon:
                found.append(
                    Reminder(
                        "filing",
                        number,
                        title,
                        filing.body,
                        deadline.date,
                        (deadline.date - today).days,
                        deadline.provisional,
                        f"{filing.body}{filing.result}（{filing.result_on}），须补正后重新报送",
                        deadline.hint,
                    )
                )

        # Legality reviews open longer than the maximum (15 working days).
        limit = rulebook.review_max_working_days
        rows = session.exec(
            select(LegalityReview, Document.doc_number, Document.title)
            .join(Document, Document.id == LegalityReview.document_id)
            .where(
                LegalityReview.finished_on.is_(None),
                LegalityReview.submitted_on <= horizon - dt.timedelta(days=limit),
            )
        ).all()
        for review, number, title in rows:
            deadline = calendar.add_working_days(review.submitted_on, limit)
            if deadline.date <= horizon:
                found.append(
                    Reminder(
                        "review",
                        number,
                        title,
                        review.reviewer,
                        deadline.date,
                        (deadline.date - today).days,
                        deadline.provisional,
                        f"合法性审查最长 {limit} 个工作日（{review.submitted_on.isoformat()} 报送）",
                        deadline.hint,
                    )
                )

        # Validity: ends within the evaluation window, or ended since the last cleanup.
        last_cleanup = session.exec(
            select(CleanupCampaign.finished_on, CleanupCampaign.as_of)
            .where(CleanupCampaign.finished_on.is_not(None))
            .order_by(CleanupCampaign.finished_on.desc())
        ).first()
        window_end = max(add_months(today, rulebook.evaluate_months_before), horizon)
        conditions = [
            Document.published_on.is_not(None),
            Document.published_on <= today,
            Document.valid_until.is_not(None),
            Document.valid_until <= window_end,
            or_(Document.repealed_on.is_(None), Document.repealed_on > Document.valid_until),
            or_(
                Document.declared_invalid_on.is_(None),
                Document.declared_invalid_on > Document.valid_until,
            ),
            or_(Document.repealed_on.is_(None), Document.repealed_on > today),
            or_(Document.declared_invalid_on.is_(None), Document.declared_invalid_on > today),
        ]
        # "Ended" reminders cover what lapsed since the last cleanup took stock (or, before any
        # cleanup is on record, within one cleanup interval); older lapses were dealt with.
        since = (
            last_cleanup[1]
            if last_cleanup is not None
            else add_years(today, -rulebook.cleanup_interval_years)
        )
        conditions.append(Document.valid_until >= since)
        # Once the clerk has recorded an evaluation (re-publish or let lapse) it is handled.
        conditions.append(~exists().where(ValidityEvaluation.document_id == Document.id))
        rows = session.exec(
            select(Document.doc_number, Document.title, Document.valid_until).where(
                and_(*conditions)
            )
        ).all()
        for number, title, valid_until in rows:
            ended = valid_until < today
            found.append(
                Reminder(
                    "validity",
                    number,
                    title,
                    None,
                    valid_until,
                    (valid_until - today).days,
                    False,
                    "有效期已届满，文件已失效，请在目录中调整或重新制发"
                    if ended
                    else "有效期即将届满，需评估：重新制发或任其失效",
                )
            )

        # Countersign replies.
        rows = session.exec(
            select(Countersign).where(
                Countersign.replied_on.is_(None), Countersign.reply_due_on <= horizon
            )
        ).all()
        for request in rows:
            found.append(
                Reminder(
                    "countersign",
                    request.reference,
                    request.title,
                    request.from_body,
                    request.reply_due_on,
                    (request.reply_due_on - today).days,
                    False,
                    f"答复{request.from_body}会签意见",
                )
            )

        # Cleanup interval.
        if last_cleanup is None:
            found.append(
                Reminder(
                    "cleanup",
                    None,
                    "尚无定期清理记录",
                    None,
                    today,
                    0,
                    False,
                    "请开展规范性文件定期清理",
                )
            )
        else:
            due = add_years(last_cleanup[0], rulebook.cleanup_interval_years)
            if due <= horizon:
                found.append(
                    Reminder(
                        "cleanup",
                        None,
                        "规范性文件定期清理",
                        None,
                        due,
                        (due - today).days,
                        False,
                        f"上次清理完成于 {last_cleanup[0].isoformat()}，每 {rulebook.cleanup_interval_years} 年清理一次",
                    )
                )
        # Documents whose legal basis was amended or repealed: 需清理 at the next cleanup.
        from docfiler.queries.campaigns import flagged_documents

        flags = flagged_documents(session, today)
        if flags:
            next_cleanup = (
                add_years(last_cleanup[0], rulebook.cleanup_interval_years)
                if last_cleanup is not None
                else today
            )
            due = next_cleanup
            for number, title, doc_id in session.exec(
                select(Document.doc_number, Document.title, Document.id).where(
                    Document.id.in_(list(flags))
                )
            ).all():
                found.append(
                    Reminder(
                        "cleanup",
                        number,
                        title,
                        None,
                        due,
                        (due - today).days,
                        False,
                        f"需清理：{flags[doc_id]}",
                    )
                )
    rank = {kind: index for index, kind in enumerate(KIND_LABELS)}
    found.sort(key=lambda r: (r.days_left, rank[r.kind], r.doc_number or "", r.body or ""))
    return found
