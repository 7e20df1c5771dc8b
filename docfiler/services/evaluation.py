"""有效期评估: when a document's validity runs out, it is either re-published or left to lapse."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from docfiler.domain.labels import date_label as fmt
from docfiler.errors import GateError, ValidationError
from docfiler.office import Office
from docfiler.services.recorded import refuse_second_end
from docfiler.services.results import EvaluationRecorded
from docfiler.store.audit import audit
from docfiler.store.lookups import load_document
from docfiler.store.tables import Document, DocumentRelation, ValidityEvaluation

EVALUATION_OUTCOMES = {"republish": "重新制发", "lapse": "到期失效"}


def record_evaluation(
    *,
    office: Office,
    number: str,
    on: dt.date,
    outcome: str,
    replacement: str | None = None,
    note: str | None = None,
) -> EvaluationRecorded:
    """有效期评估: re-publish (a new document replaces it) or let it lapse."""
    if outcome not in EVALUATION_OUTCOMES:
        labels = "、".join(f"{k}（{v}）" for k, v in EVALUATION_OUTCOMES.items())
        raise ValidationError(f"评估结论“{outcome}”无效，只能是：{labels}。")
    if on > office.today():
        raise ValidationError(f"评估日期（{fmt(on)}）晚于今天。")
    with office.transaction() as session:
        document = load_document(session, number)
        if document.valid_until is None or document.published_on is None:
            raise GateError(f"文件“{document.doc_number}”尚未公布或没有有效期，无需评估。")
        replacement_id = None
        if outcome == "republish" and replacement:
            replacement_id = _replace(session, document, replacement)
        evaluation = ValidityEvaluation(
            document_id=document.id,
            evaluated_on=on,
            outcome=outcome,
            replacement_id=replacement_id,
            note=note,
        )
        session.add(evaluation)
        session.flush()
        audit(
            session,
            office,
            action="validity_evaluation",
            entity="evaluation",
            entity_id=evaluation.id,
            document_id=document.id,
            summary=f"{document.doc_number} 有效期评估：{EVALUATION_OUTCOMES[outcome]}"
            + (f"，由{replacement}替代" if replacement else ""),
        )
        return EvaluationRecorded(doc_number=document.doc_number, outcome=outcome)


def _replace(session: Session, document: Document, replacement: str) -> int:
    """The re-published document replaces `document`; once it is published, the old one ends the
    day the new one takes effect (or earlier, if already repealed earlier). Returns its id."""
    new = load_document(session, replacement)
    if new.id == document.id:
        raise ValidationError("重新制发的文件不能是原文件本身。")
    if new.published_on is not None:
        day = new.effective_on or new.published_on
        session.add(
            DocumentRelation(
                source_id=new.id,
                target_id=document.id,
                kind="replaces",
                on_date=day,
                note="有效期届满重新制发",
            )
        )
        if document.repealed_on is not None and day < document.repealed_on:
            refuse_second_end(document, "替代")  # an earlier date would rewrite the record
        if document.repealed_on is None:
            document.repealed_on = day
            document.repeal_reason = f"被{new.doc_number}替代（有效期届满重新制发）"
            document.version += 1
            session.add(document)
    return new.id
