"""The drafting procedure: opinions, legality review (合法性审核), collective decision, signing, publication."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func
from sqlmodel import Session, select

from docfiler.domain import deadlines
from docfiler.domain.gates import (
    not_before,
    not_before_year,
    not_future,
    refuse_after_publication,
    review_cleared_on,
    review_problem,
)
from docfiler.domain.labels import date_label
from docfiler.domain.vocabulary import (
    REVIEW_OUTCOMES,
    filing_body_order,
)
from docfiler.errors import GateError, ValidationError
from docfiler.office import Office, retried
from docfiler.services.documents import document_summary, refresh_validity
from docfiler.services.fair_competition import check_fair_competition
from docfiler.services.recorded import CORRECTION
from docfiler.services.results import DocumentRef, FilingDue, Published
from docfiler.store.audit import audit
from docfiler.store.locking import lock_document
from docfiler.store.lookups import latest_decision, latest_review, load_document
from docfiler.store.tables import (
    Authority,
    AuthorityFilingBody,
    CollectiveDecision,
    Document,
    Filing,
    LegalityReview,
    OpinionRecord,
)


@retried
def record_opinions(
    *,
    office: Office,
    number: str,
    on: dt.date,
    method: str | None = None,
    summary: str | None = None,
    expected_version: int | None = None,
) -> DocumentRef:
    """听取意见."""
    not_future(on, office.today(), "听取意见日期")
    with office.transaction() as session:
        document = load_document(session, number)
        refuse_after_publication(document, "听取意见")
        lock_document(session, document, expected_version)
        record = OpinionRecord(document_id=document.id, heard_on=on, method=method, summary=summary)
        session.add(record)
        session.flush()
        audit(
            session,
            office,
            action="opinions",
            entity="opinion",
            entity_id=record.id,
            document_id=document.id,
            summary=f"{document.doc_number} 听取意见（{date_label(on)}）",
            details={"method": method},
        )
        return document_summary(document)


@retried
def submit_review(
    *,
    office: Office,
    number: str,
    submitted: dt.date,
    reviewer: str | None = None,
    expected_version: int | None = None,
) -> DocumentRef:
    """报送合法性审核."""
    not_future(submitted, office.today(), "报送审核日期")
    with office.transaction() as session:
        document = load_document(session, number)
        refuse_after_publication(document, "合法性审核")
        review = latest_review(session, document.id)
        if review is not None and review.finished_on is None:
            raise GateError(
                f"文件“{document.doc_number}”的合法性审核（{date_label(review.submitted_on)}报送）尚未完成。"
                "请先登记审核结论",
                how={"cli": "（--finished 与 --outcome）。", "tui": "（按 f）。"},
            )
        if review is not None:
            not_before(submitted, review.finished_on, "重新报送审核日期", "上次审核完成日期")
        lock_document(session, document, expected_version)
        record = LegalityReview(document_id=document.id, submitted_on=submitted, reviewer=reviewer)
        session.add(record)
        session.flush()
        audit(
            session,
            office,
            action="review_submitted",
            entity="review",
            entity_id=record.id,
            document_id=document.id,
            summary=f"{document.doc_number} 报送合法性审核（{date_label(submitted)}）",
        )
        return document_summary(document)


@retried
def finish_review(
    *,
    office: Office,
    number: str,
    finished: dt.date,
    outcome: str,
    reviewer: str | None = None,
    opinion: str | None = None,
    expected_version: int | None = None,
) -> DocumentRef:
    """登记合法性审核结论: 合法 / 应当予以修改 / 不合法."""
    if outcome not in REVIEW_OUTCOMES:
        raise ValidationError(f"审核结论“{outcome}”无效，只能是：{'、'.join(REVIEW_OUTCOMES)}。")
    not_future(finished, office.today(), "审核完成日期")
    with office.transaction() as session:
        document = load_document(session, number)
        refuse_after_publication(document, "合法性审核结论")
        review = latest_review(session, document.id)
        if review is None or review.finished_on is not None:
            raise GateError(
                f"文件“{document.doc_number}”没有正在进行的合法性审核。请先报送审核",
                how={"cli": "（--submitted）。", "tui": "（按 r）。"},
            )
        not_before(finished, review.submitted_on, "审核完成日期", "报送审核日期")
        lock_document(session, document, expected_version)
        review.finished_on = finished
        review.outcome = outcome
        review.reviewer = reviewer or review.reviewer
        review.opinion = opinion
        session.add(review)
        audit(
            session,
            office,
            action="review_finished",
            entity="review",
            entity_id=review.id,
            document_id=document.id,
            summary=f"{document.doc_number} 合法性审核结论：{outcome}（{date_label(finished)}）",
            details={"reviewer": review.reviewer, "opinion": opinion},
        )
        return document_summary(document)


@retried
def record_review(
    *,
    office: Office,
    number: str,
    submitted: dt.date | None = None,
    finished: dt.date | None = None,
    outcome: str | None = None,
    reviewer: str | None = None,
    revised: dt.date | None = None,
) -> DocumentRef:
    """The review steps one command asks for (报送, 结论, 修改完毕), in one transaction: all are
    written or, when one is refused, none. A submission date that repeats the open review's is
    that review, not a second submission."""
    if (finished is None) != (outcome is None):
        raise ValidationError("登记审核结论须同时给出完成日期和结论。")
    if submitted is None and finished is None and revised is None:
        raise ValidationError("请给出报送审核日期，或审核完成日期与结论，或修改完毕日期。")
    result = None
    with office.transaction() as session:
        if submitted is not None and not _open_review_submitted_on(session, number, submitted):
            result = submit_review(
                office=office, number=number, submitted=submitted, reviewer=reviewer
            )
        if finished is not None and outcome is not None:
            result = finish_review(
                office=office, number=number, finished=finished, outcome=outcome, reviewer=reviewer
            )
        if revised is not None:
            result = record_revision(office=office, number=number, on=revised)
        if result is None:
            result = document_summary(load_document(session, number))
        return result


def _open_review_submitted_on(session: Session, number: str, submitted: dt.date) -> bool:
    review = latest_review(session, load_document(session, number).id)
    return review is not None and review.finished_on is None and review.submitted_on == submitted


@retried
def record_revision(
    *, office: Office, number: str, on: dt.date, expected_version: int | None = None
) -> DocumentRef:
    """登记按审核意见修改完毕 (after 应当予以修改)."""
    not_future(on, office.today(), "修改完成日期")
    with office.transaction() as session:
        document = load_document(session, number)
        refuse_after_publication(document, "修改")
        review = latest_review(session, document.id)
        if review is None or review.outcome != "应当予以修改":
            raise GateError(
                f"文件“{document.doc_number}”最近一次审核结论不是“应当予以修改”，无需登记修改。"
            )
        not_before(on, review.finished_on, "修改完成日期", "审核完成日期")
        lock_document(session, document, expected_version)
        review.revised_on = on
        session.add(review)
        audit(
            session,
            office,
            action="revision",
            entity="review",
            entity_id=review.id,
            document_id=document.id,
            summary=f"{document.doc_number} 已按审核意见修改（{date_label(on)}）",
        )
        return document_summary(document)


@retried
def record_decision(
    *,
    office: Office,
    number: str,
    meeting: str,
    on: dt.date,
    minutes: str | None = None,
    expected_version: int | None = None,
) -> DocumentRef:
    """集体讨论决定. Unreviewed or 不合法 documents may not go to collective discussion."""
    meeting = (meeting or "").strip()
    if not meeting:
        raise ValidationError("请填写会议名称，如“盖州市人民政府第25次常务会议”。")
    not_future(on, office.today(), "会议日期")
    with office.transaction() as session:
        document = load_document(session, number)
        refuse_after_publication(document, "集体讨论决定")
        review = latest_review(session, document.id)
        problem = review_problem(document, review)
        if problem:
            raise GateError(
                f"文件“{document.doc_number}”不能提交集体讨论：{problem}。"
                "（国办发〔2018〕115号：未经合法性审核或者经审核不合法的文件，不得提交集体审议。）",
                missing=[problem],
            )
        cleared = review_cleared_on(review)
        not_before(on, cleared, "会议日期", "合法性审核通过日期")
        check_fair_competition(session, document, on)
        lock_document(session, document, expected_version)
        record = CollectiveDecision(
            document_id=document.id, meeting=meeting, decided_on=on, minutes_number=minutes
        )
        session.add(record)
        session.flush()
        audit(
            session,
            office,
            action="decision",
            entity="decision",
            entity_id=record.id,
            document_id=document.id,
            summary=f"{document.doc_number} 经{meeting}集体讨论决定（{date_label(on)}）",
            details={"minutes": minutes},
        )
        return document_summary(document)


@retried
def record_signing(
    *,
    office: Office,
    number: str,
    on: dt.date,
    signed_by: str | None = None,
    expected_version: int | None = None,
) -> DocumentRef:
    """签发."""
    not_future(on, office.today(), "签发日期")
    with office.transaction() as session:
        document = load_document(session, number)
        refuse_after_publication(document, "签发")
        not_before_year(document, on, "签发日期")
        decision = latest_decision(session, document.id)
        if decision is None:
            raise GateError(f"文件“{document.doc_number}”尚未经集体讨论决定，不能签发。")
        not_before(on, decision.decided_on, "签发日期", "集体讨论决定日期")
        lock_document(session, document, expected_version)
        if document.signed_on is not None:
            signer = f"，签发人{document.signed_by}" if document.signed_by else ""
            raise GateError(
                f"文件“{document.doc_number}”已于{date_label(document.signed_on)}签发{signer}，"
                f"不能再次签发。{CORRECTION}"
            )
        document.signed_on = on
        document.signed_by = signed_by or document.signed_by
        session.add(document)
        audit(
            session,
            office,
            action="signing",
            entity="document",
            entity_id=document.id,
            document_id=document.id,
            summary=f"{document.doc_number} 签发（{date_label(on)}）",
            details={"signed_by": signed_by},
        )
        return document_summary(document)


def publication_gaps(session: Session, document: Document) -> list[str]:
    """What is missing before `document` may be published (empty when nothing is)."""
    missing: list[str] = []
    opinions = session.exec(
        select(func.count())
        .select_from(OpinionRecord)
        .where(OpinionRecord.document_id == document.id)
    ).one()
    if not opinions:
        missing.append("未听取意见")
    review = latest_review(session, document.id)
    problem = review_problem(document, review)
    if problem:
        missing.append(problem)
    decision = latest_decision(session, document.id)
    cleared = review_cleared_on(review)
    if decision is None:
        missing.append("未经集体讨论决定")
    elif cleared is not None and decision.decided_on < cleared:
        missing.append(
            f"集体讨论决定（{date_label(decision.decided_on)}）早于合法性审核通过（{date_label(cleared)}），"
            "须在审核通过后重新集体讨论"
        )
    return missing


@retried
def publish(
    *,
    office: Office,
    number: str,
    on: dt.date,
    channel: str | None = None,
    effective: dt.date | None = None,
    expected_version: int | None = None,
) -> Published:
    """公布. Refused unless opinions, a clearing legality review and a later decision are on record.

    Creates one filing per filing body of the issuing authority, each with its due date.
    """
    not_future(on, office.today(), "公布日期")
    with office.transaction() as session:
        document = load_document(session, number)
        _refuse_publication(session, document, on)
        effective_on = effective or document.effective_on or on
        not_before(effective_on, on, "施行日期", "公布日期")
        bodies = _filing_bodies(session, document)
        lock_document(session, document, expected_version)
        document.published_on = on
        document.publication_channel = channel or document.publication_channel
        document.effective_on = effective_on
        refresh_validity(document, office)
        session.add(document)
        filings = [_open_filing(session, office, document, body) for body in bodies]
        session.flush()
        audit(
            session,
            office,
            action="publish",
            entity="document",
            entity_id=document.id,
            document_id=document.id,
            summary=f"{document.doc_number} 公布（{date_label(on)}，{channel or '未注明载体'}），"
            f"生成备案 {len(filings)} 项",
            details={
                "effective": effective_on,
                "valid_until": document.valid_until,
                "filings": [f.as_json() for f in filings],
            },
        )
        return Published(document_summary(document), tuple(filings))


def _refuse_publication(session: Session, document: Document, on: dt.date) -> None:
    """The publication gates: not twice, every earlier step on record, dates in order."""
    if document.published_on is not None:
        raise GateError(f"文件“{document.doc_number}”已于{date_label(document.published_on)}公布。")
    missing = publication_gaps(session, document)
    if missing:
        raise GateError(
            f"文件“{document.doc_number}”不能公布：" + "；".join(missing) + "。"
            "（未经听取意见、合法性审核、集体讨论决定的行政规范性文件，不得发布施行。）",
            missing=missing,
        )
    not_before_year(document, on, "公布日期")
    decision = latest_decision(session, document.id)
    not_before(on, decision.decided_on if decision else None, "公布日期", "集体讨论决定日期")
    not_before(on, document.signed_on, "公布日期", "签发日期")


def _filing_bodies(session: Session, document: Document) -> list[str]:
    """Where the document must be filed, governments first; refused when none is set."""
    bodies = session.exec(
        select(AuthorityFilingBody.body).where(
            AuthorityFilingBody.authority_id == document.authority_id
        )
    ).all()
    if not bodies:
        authority = session.get(Authority, document.authority_id)
        raise GateError(
            f"制定机关“{authority.name}”没有设定备案机关，无法生成备案期限。请在规则文件",
            how={
                "cli": "或 `docfiler authority add` 中设定。",
                "tui": "中设定，或在工作台按 m 设定。",
            },
        )
    return sorted(bodies, key=filing_body_order)


def _open_filing(session: Session, office: Office, document: Document, body: str) -> FilingDue:
    """One filing to `body`, due per the rulebook from the publication date."""
    deadline = deadlines.filing_due(office.rulebook, document.published_on, body)
    session.add(
        Filing(
            document_id=document.id,
            body=body,
            due_on=deadline.date,
            due_provisional=deadline.provisional,
        )
    )
    return FilingDue(body, deadline.date, deadline.provisional, deadline.likely)
