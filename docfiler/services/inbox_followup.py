"""纠错 and 审查建议: the unit's 处理情况 after a 审查意见, tracked to closure; suggestions from
citizens and organizations (国办发〔2018〕37号) received, answered, and the reviews they start."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from docfiler.domain import deadlines
from docfiler.domain.gates import not_before, not_future, parse_number
from docfiler.domain.labels import date_label
from docfiler.domain.text_checks import check_text
from docfiler.domain.vocabulary import FOLLOWUP_OUTCOMES
from docfiler.errors import GateError, NotFoundError, ValidationError
from docfiler.office import Office
from docfiler.services.inbox import CONFLICT, load_incoming, open_review
from docfiler.services.inbox_results import (
    FollowUpRecorded,
    ReviewStarted,
    SuggestionReceived,
    SuggestionReplied,
)
from docfiler.store.audit import audit
from docfiler.store.locking import bump_version
from docfiler.store.tables import (
    FollowUp,
    IncomingFiling,
    IncomingReview,
    ReviewSuggestion,
)


def _open_followup(session: Session, row: IncomingFiling) -> tuple[FollowUp, IncomingReview]:
    found = session.exec(
        select(FollowUp, IncomingReview)
        .join(IncomingReview, IncomingReview.id == FollowUp.review_id)
        .where(FollowUp.filing_id == row.id, FollowUp.closed_on.is_(None))
    ).first()
    if found is None:
        raise GateError(f"“{row.doc_number}”没有待跟踪的审查意见。")
    return found[0], found[1]


def _result(row: IncomingFiling, followup: FollowUp, review: IncomingReview, corrected=None):
    return FollowUpRecorded(
        doc_number=row.doc_number,
        opinion_number=review.opinion_number,
        reported_on=followup.reported_on,
        outcome=followup.outcome,
        closed_on=followup.closed_on,
        corrected_by=corrected,
    )


def record_followup_report(
    *, office: Office, number: str, on: dt.date, report: str
) -> FollowUpRecorded:
    """处理情况: the unit's written report on how it handled the 审查意见."""
    report = (report or "").strip()
    if not report:
        raise ValidationError("请写明制定机关报告的处理情况。")
    check_text(report, "处理情况", multiline=True)
    not_future(on, office.today(), "处理情况收到日期")
    with office.transaction() as session:
        row = load_incoming(session, number)
        followup, review = _open_followup(session, row)
        not_before(on, followup.opinion_on, "处理情况收到日期", "审查意见日期")
        if followup.reported_on is not None:
            raise GateError(
                f"“{row.doc_number}”的处理情况已于{date_label(followup.reported_on)}收到。"
            )
        bump_version(session, followup, None, CONFLICT, subject="该审查意见的跟踪")
        followup.reported_on, followup.report = on, report
        session.add(followup)
        audit(
            session,
            office,
            action="inbox_followup_report",
            entity="followup",
            entity_id=followup.id,
            summary=f"收到{row.doc_number}对{review.opinion_number}的处理情况（{date_label(on)}）",
        )
        return _result(row, followup, review)


def close_followup(
    *,
    office: Office,
    number: str,
    on: dt.date,
    outcome: str,
    corrected_by: str | None = None,
    note: str | None = None,
) -> FollowUpRecorded:
    """Close a 审查意见: 已纠正 (the revised document, received, is linked), 已废止 (the unit
    repealed it) or 已提请撤销 (escalated to the government)."""
    if outcome not in FOLLOWUP_OUTCOMES:
        raise ValidationError(f"办结方式只能是 {'、'.join(FOLLOWUP_OUTCOMES)}。")
    if outcome == "已纠正" and not corrected_by:
        raise ValidationError("已纠正须写明纠正后的文件（先接收登记修改后的文件，再写其文号）。")
    check_text(note, "备注", multiline=True)
    not_future(on, office.today(), "办结日期")
    with office.transaction() as session:
        row = load_incoming(session, number)
        followup, review = _open_followup(session, row)
        not_before(on, followup.opinion_on, "办结日期", "审查意见日期")
        revised = None
        if corrected_by:
            revised = load_incoming(session, corrected_by)
            if revised.id == row.id or revised.received_on is None:
                raise GateError(f"纠正后的文件“{revised.doc_number}”须是另一件已接收登记的文件。")
        bump_version(session, followup, None, CONFLICT, subject="该审查意见的跟踪")
        followup.outcome, followup.closed_on, followup.note = outcome, on, note
        followup.corrected_by_id = revised.id if revised else None
        session.add(followup)
        audit(
            session,
            office,
            action="inbox_followup_close",
            entity="followup",
            entity_id=followup.id,
            summary=f"{review.opinion_number}办结：{row.doc_number}{outcome}"
            + (f"（纠正后文件 {revised.doc_number}）" if revised else ""),
        )
        return _result(row, followup, review, revised.doc_number if revised else None)


# ---------------------------------------------------------------------------------- 审查建议


def receive_suggestion(
    *,
    office: Office,
    proposer: str,
    received: dt.date,
    request: str,
    contact: str | None = None,
    number: str | None = None,
    title: str | None = None,
) -> SuggestionReceived:
    """审查建议 received: who, how to reach them, which document, what they ask."""
    proposer, request = (proposer or "").strip(), (request or "").strip()
    if not proposer or not request:
        raise ValidationError("审查建议须写明提出人和建议内容。")
    for text, what in ((proposer, "提出人"), (contact, "联系方式"), (title, "文件标题")):
        check_text(text, what)
    check_text(request, "建议内容", multiline=True)
    not_future(received, office.today(), "收到日期")
    canonical = str(parse_number(number)) if number else None
    due = deadlines.suggestion_reply_due(office.rulebook, received)
    with office.transaction() as session:
        filing = None
        if canonical:
            filing = session.exec(
                select(IncomingFiling).where(IncomingFiling.doc_number == canonical)
            ).first()
        record = ReviewSuggestion(
            received_on=received,
            proposer=proposer,
            contact=(contact or "").strip() or None,
            doc_number=canonical,
            doc_title=(title or "").strip() or (filing.title if filing else None),
            filing_id=filing.id if filing else None,
            request=request,
        )
        session.add(record)
        session.flush()
        audit(
            session,
            office,
            action="inbox_suggestion",
            entity="reviewsuggestion",
            entity_id=record.id,
            summary=f"收到{proposer}的审查建议（{canonical or record.doc_title or '未指明文件'}），"
            f"{date_label(due.date)}前答复",
        )
        return SuggestionReceived(
            record.id, proposer, received, due.date, canonical, filing is not None
        )


def _load_suggestion(session: Session, suggestion_id: int) -> ReviewSuggestion:
    record = session.get(ReviewSuggestion, suggestion_id)
    if record is None:
        raise NotFoundError(f"没有编号为 {suggestion_id} 的审查建议。")
    return record


def review_from_suggestion(*, office: Office, suggestion_id: int, on: dt.date) -> ReviewStarted:
    """A 审查建议 starts a review of the registered document it names."""
    not_future(on, office.today(), "审查开始日期")
    with office.transaction() as session:
        record = _load_suggestion(session, suggestion_id)
        if record.review_id is not None:
            raise GateError(f"审查建议 {suggestion_id} 已启动过审查。")
        if record.filing_id is None:
            raise GateError(
                f"审查建议 {suggestion_id} 所指文件不在收文登记中，请先接收登记该文件。"
            )
        row = session.get(IncomingFiling, record.filing_id)
        if row is None or row.registered_on is None:
            raise GateError(f"“{record.doc_number}”尚未予以备案登记，不能开始审查。")
        not_before(on, max(record.received_on, row.registered_on), "审查开始日期", "收到建议日期")
        if open_review(session, row) is not None:
            raise GateError(f"“{row.doc_number}”已有一项尚未完成的审查。")
        review = IncomingReview(filing_id=row.id, started_on=on, origin="suggestion")
        session.add(review)
        session.flush()
        bump_version(session, record, None, CONFLICT, subject="该审查建议")
        record.review_id = review.id
        session.add(record)
        audit(
            session,
            office,
            action="inbox_review_start",
            entity="incomingfiling",
            entity_id=row.id,
            summary=f"依审查建议 {suggestion_id} 开始审查{row.doc_number}（{date_label(on)}）",
        )
        due = deadlines.inbox_review_due(office.rulebook, on)
        return ReviewStarted(row.doc_number, on, due.date, "suggestion")


def reply_suggestion(
    *, office: Office, suggestion_id: int, on: dt.date, reply: str
) -> SuggestionReplied:
    """The written reply to a 审查建议."""
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError("请写明答复内容。")
    check_text(reply, "答复内容", multiline=True)
    not_future(on, office.today(), "答复日期")
    with office.transaction() as session:
        record = _load_suggestion(session, suggestion_id)
        if record.replied_on is not None:
            raise GateError(
                f"审查建议 {suggestion_id} 已于{date_label(record.replied_on)}答复，不能再次答复。"
            )
        not_before(on, record.received_on, "答复日期", "收到日期")
        bump_version(session, record, None, CONFLICT, subject="该审查建议")
        record.replied_on, record.reply = on, reply
        session.add(record)
        due = deadlines.suggestion_reply_due(office.rulebook, record.received_on).date
        audit(
            session,
            office,
            action="inbox_suggestion_reply",
            entity="reviewsuggestion",
            entity_id=record.id,
            summary=f"答复{record.proposer}的审查建议（{date_label(on)}）",
        )
        return SuggestionReplied(record.id, on, due, max(0, (on - due).days))
