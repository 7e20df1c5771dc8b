"""Filing (备案): submitting a published document to each filing body and recording its answer."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from docfiler.domain.gates import not_before, not_future
from docfiler.domain.labels import date_label
from docfiler.domain.vocabulary import (
    FILING_RESULTS,
    is_returned,
)
from docfiler.errors import DocfilerError, GateError, ValidationError
from docfiler.office import Office
from docfiler.services.results import FilingAnswered, FilingsSubmitted, FilingSubmitted
from docfiler.store.audit import audit
from docfiler.store.locking import bump_version
from docfiler.store.lookups import load_document, load_filing
from docfiler.store.tables import (
    Filing,
)


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
        _bump_filing(session, filing, expected_version)
        late = (submitted - filing.due_on).days
        previous = {"submitted": filing.submitted_on, "result": filing.result}
        filing.submitted_on = submitted
        filing.receipt_number = receipt or filing.receipt_number
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
            summary=f"{document.doc_number} 向{filing.body}报送备案（{date_label(submitted)}）"
            + (f"，超期 {late} 日" if late > 0 else ""),
            details={"receipt": receipt, "due": filing.due_on, "previous": previous},
        )
        return FilingSubmitted(
            doc_number=document.doc_number,
            body=filing.body,
            due=filing.due_on,
            submitted=submitted,
            late_days=max(late, 0),
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


def record_filing_result(
    *,
    office: Office,
    number: str,
    body: str,
    result: str,
    on: dt.date,
    expected_version: int | None = None,
) -> FilingAnswered:
    """登记备案审查意见: 准予备案 / 要求补正 / 要求纠正."""
    if result not in FILING_RESULTS:
        raise ValidationError(f"备案审查意见“{result}”无效，只能是：{'、'.join(FILING_RESULTS)}。")
    not_future(on, office.today(), "备案审查意见日期")
    with office.transaction() as session:
        document = load_document(session, number)
        filing = load_filing(session, document, body)
        if filing.submitted_on is None:
            raise GateError(
                f"文件“{document.doc_number}”尚未向“{filing.body}”报送备案，不能登记审查意见。"
            )
        not_before(on, filing.submitted_on, "备案审查意见日期", "报送备案日期")
        _bump_filing(session, filing, expected_version)
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
            summary=f"{document.doc_number} {filing.body}备案审查意见：{result}（{date_label(on)}）",
        )
        return FilingAnswered(
            doc_number=document.doc_number, body=filing.body, result=result, result_on=on
        )
