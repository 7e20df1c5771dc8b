"""Filing (备案): submitting a published document to each filing body and recording its answer."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from docfiler.domain import deadlines
from docfiler.domain.calendar import Deadline
from docfiler.domain.gates import not_before, not_future
from docfiler.domain.labels import date_label
from docfiler.domain.vocabulary import (
    FILING_RESULT_ALIASES,
    FILING_RESULTS,
    REVIEW_RESULTS,
    filing_result,
    is_returned,
)
from docfiler.errors import DocfilerError, GateError, ValidationError
from docfiler.office import Office, retried
from docfiler.services.recorded import refuse_overwrite
from docfiler.services.results import FilingAnswered, FilingsSubmitted, FilingSubmitted
from docfiler.store.audit import audit
from docfiler.store.locking import bump_version
from docfiler.store.lookups import load_document, load_filing
from docfiler.store.tables import Document, Filing, FilingSubmission


def due_now(office: Office, filing: Filing, document: Document) -> Deadline:
    """What the next submission of `filing` answers: the 补正/纠正 period after a returned
    answer (法规规章备案审查条例, 国务院令第789号), otherwise the period after publication."""
    if is_returned(filing.result) and filing.result_on is not None:
        return deadlines.resubmission_due(office.rulebook, filing.result, filing.result_on)
    return deadlines.current_filing_due(
        office.rulebook,
        stored=filing.due_on,
        provisional=filing.due_provisional,
        published_on=document.published_on,
        body=filing.body,
    )


def latest_submission(session: Session, filing: Filing) -> FilingSubmission:
    """The filing's latest submission; one is made from the filing itself if none is on record."""
    found = session.exec(
        select(FilingSubmission)
        .where(FilingSubmission.filing_id == filing.id)
        .order_by(FilingSubmission.submitted_on.desc(), FilingSubmission.id.desc())
    ).first()
    if found is None:
        found = FilingSubmission(
            filing_id=filing.id,
            document_id=filing.document_id,
            due_on=filing.due_on,
            due_provisional=filing.due_provisional,
            submitted_on=filing.submitted_on,
            receipt_number=filing.receipt_number,
        )
    return found


@retried
def submit_filing(
    *,
    office: Office,
    number: str,
    body: str,
    submitted: dt.date,
    receipt: str | None = None,
    expected_version: int | None = None,
) -> FilingSubmitted:
    """报送备案."""
    not_future(submitted, office.today(), "报送备案日期")
    with office.transaction() as session:
        document = load_document(session, number)
        filing = load_filing(session, document, body)
        not_before(submitted, document.published_on, "报送备案日期", "公布日期")
        if filing.submitted_on is not None and not is_returned(filing.result):
            raise GateError(
                f"文件“{document.doc_number}”已于{date_label(filing.submitted_on)}向“{filing.body}”报送备案。"
            )
        if is_returned(filing.result):
            not_before(
                submitted, filing.result_on, "重新报送备案日期", f"“{filing.result}”意见日期"
            )
        _bump_filing(session, filing, expected_version)
        due = due_now(office, filing, document)
        late = (submitted - due.date).days
        previous = {"submitted": filing.submitted_on, "result": filing.result}
        _add_submission(session, filing, due, submitted, receipt)
        again = "重新" if previous["submitted"] is not None else ""
        filing.submitted_on = submitted
        filing.receipt_number = receipt or (None if again else filing.receipt_number)
        if is_returned(filing.result):
            filing.result = None
            filing.result_on = None
        session.add(filing)
        audit(
            session,
            office,
            action="filing_submitted",
            entity="filing",
            entity_id=filing.id,
            document_id=document.id,
            summary=f"{document.doc_number} 向{filing.body}{again}报送备案（{date_label(submitted)}）"
            + (f"，超期 {late} 日" if late > 0 else ""),
            details={"receipt": receipt, "due": due.date, "previous": previous},
        )
        return FilingSubmitted(
            doc_number=document.doc_number,
            body=filing.body,
            due=due.date,
            submitted=submitted,
            late_days=max(late, 0),
        )


def _add_submission(
    session: Session, filing: Filing, due: Deadline, submitted: dt.date, receipt: str | None
) -> None:
    """One more row of the filing history: this submission and the due date it answers."""
    session.add(
        FilingSubmission(
            filing_id=filing.id,
            document_id=filing.document_id,
            due_on=due.date,
            due_provisional=due.provisional,
            submitted_on=submitted,
            receipt_number=receipt,
        )
    )


def submit_filings(
    *, office: Office, numbers: list[str], body: str, submitted: dt.date
) -> FilingsSubmitted:
    """报送备案 for several documents at once (one filing report, one day).

    Each document is its own transaction: one refused filing does not undo the others, and the
    refused ones come back with their reasons.
    """
    done: list[FilingSubmitted] = []
    refused: list[tuple[str, str]] = []
    for number in numbers:
        try:
            done.append(submit_filing(office=office, number=number, body=body, submitted=submitted))
        except DocfilerError as error:
            refused.append((number, error.message))
    return FilingsSubmitted(tuple(done), tuple(refused))


def _bump_filing(session: Session, filing: Filing, expected_version: int | None) -> None:
    bump_version(
        session,
        filing,
        expected_version,
        f"向“{filing.body}”的备案记录已被其他人修改。本次保存未执行；请刷新后核对再保存。",
    )


@retried
def record_filing_result(
    *,
    office: Office,
    number: str,
    body: str,
    result: str,
    on: dt.date,
    expected_version: int | None = None,
) -> FilingAnswered:
    """登记备案机关的意见: 备案登记 (予以备案登记 / 暂缓办理备案登记 / 不予备案登记) or the
    review's end (未发现问题 / 审查意见), 法规规章备案审查条例 (国务院令第789号, 2024). The old
    words 准予备案 / 要求补正 / 要求纠正 are accepted and stored in the new ones."""
    typed = result
    result = filing_result(typed)
    if result is None:
        aliases = "、".join(f"{old}（即{new}）" for old, new in FILING_RESULT_ALIASES.items())
        raise ValidationError(
            f"备案意见“{typed}”无效，只能是：{'、'.join(FILING_RESULTS)}；旧用语{aliases}也可使用。"
        )
    not_future(on, office.today(), "备案意见日期")
    with office.transaction() as session:
        document = load_document(session, number)
        filing = load_filing(session, document, body)
        if filing.submitted_on is None:
            raise GateError(
                f"文件“{document.doc_number}”尚未向“{filing.body}”报送备案，不能登记备案意见。"
            )
        not_before(on, filing.submitted_on, "备案意见日期", "报送备案日期")
        _bump_filing(session, filing, expected_version)
        submission = latest_submission(session, filing)
        _refuse_second_result(document, filing, submission, result)
        if result in REVIEW_RESULTS:
            submission.review_result, submission.review_on = result, on
        else:
            submission.result, submission.result_on = result, on
        session.add(submission)
        filing.result = result
        filing.result_on = on
        session.add(filing)
        audit(
            session,
            office,
            action="filing_result",
            entity="filing",
            entity_id=filing.id,
            document_id=document.id,
            summary=f"{document.doc_number} {filing.body}备案意见：{result}（{date_label(on)}）"
            + (f"（登记为“{typed.strip()}”的新用语）" if typed.strip() != result else ""),
        )
        return FilingAnswered(
            doc_number=document.doc_number, body=filing.body, result=result, result_on=on
        )


def _refuse_second_result(
    document: Document, filing: Filing, submission: FilingSubmission, result: str
) -> None:
    """One 备案登记 answer and one 审查 answer per submission: a second one would overwrite the
    first. After 暂缓办理备案登记 or 审查意见 the next answer belongs to the next submission."""
    review = result in REVIEW_RESULTS
    recorded, on = (
        (submission.review_result, submission.review_on)
        if review
        else (submission.result, submission.result_on)
    )
    legacy = submission.id is None and filing.result is not None
    if legacy and (filing.result in REVIEW_RESULTS) == review:
        # A filing kept from before the submission history: its one answer is on the filing.
        recorded, on = filing.result, filing.result_on
    if recorded is None:
        return
    when = date_label(on) if on else "日期不详"
    refuse_overwrite(
        f"文件“{document.doc_number}”{date_label(submission.submitted_on)}向“{filing.body}”"
        f"报送备案的{'审查意见' if review else '备案登记意见'}",
        f"“{recorded}”（{when}）",
        "补正或纠正后重新报送的，请先登记重新报送备案，再登记新的意见。"
        if is_returned(recorded)
        else "",
    )
