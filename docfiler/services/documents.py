"""Writes that put a document on the register (登记) and edit its descriptive fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, select

from docfiler.domain import deadlines
from docfiler.domain.gates import (
    check_register_fields,
    check_valid_years,
    clean_title,
    parse_number,
)
from docfiler.domain.vocabulary import (
    detect_kind,
)
from docfiler.errors import ValidationError
from docfiler.office import Office, retried
from docfiler.services.results import DocumentRef
from docfiler.store.audit import audit
from docfiler.store.locking import lock_document
from docfiler.store.lookups import load_document, resolve_authority
from docfiler.store.tables import Document, DocumentBody


def document_summary(document: Document) -> DocumentRef:
    return DocumentRef(
        id=document.id,
        doc_number=document.doc_number,
        title=document.title,
        version=document.version,
    )


def register_document(
    *,
    office: Office,
    number: str,
    title: str,
    authority: str | None = None,
    drafting_unit: str | None = None,
    registration_number: str | None = None,
    effective: dt.date | None = None,
    valid_years: int | None = None,
    valid_until: dt.date | None = None,
    body_text: str | None = None,
    note: str | None = None,
    is_sample: bool = False,
    written_on: dt.date | None = None,
) -> DocumentRef:
    """登记: put a document on the register (as a draft). `written_on`: the 成文日期 its text
    states, when it was read from a Word file."""
    parsed = parse_number(number)
    title = check_register_fields(
        parsed, title=title, effective=effective, valid_years=valid_years, valid_until=valid_until
    )
    with office.transaction() as session:
        _refuse_duplicates(session, str(parsed), registration_number)
        owner = resolve_authority(
            session,
            authority,
            parsed.agency_code,
            other_governments=office.rulebook.other_governments,
        )
        document = Document(
            doc_number=str(parsed),
            agency_code=parsed.agency_code,
            year=parsed.year,
            serial=parsed.serial,
            registration_number=registration_number or None,
            title=title,
            authority_id=owner.id,
            drafting_unit=(drafting_unit or "").strip() or None,
            kind=detect_kind(title),
            effective_on=effective,
            valid_years=valid_years,
            valid_until=valid_until,
            note=note,
            is_sample=is_sample,
            written_on=_written(written_on, office),
        )
        refresh_validity(document, office)
        session.add(document)
        session.flush()
        if body_text:
            session.add(DocumentBody(document_id=document.id, text=body_text))
        _audit_registration(session, office, document, owner.name)
        return document_summary(document)


def _audit_registration(session: Session, office: Office, document: Document, owner: str) -> None:
    audit(
        session,
        office,
        action="register",
        entity="document",
        entity_id=document.id,
        document_id=document.id,
        summary=f"登记文件 {document.doc_number}《{document.title}》",
        details={"authority": owner, "drafting_unit": document.drafting_unit},
    )


def _written(day: dt.date | None, office: Office) -> dt.date | None:
    """A 成文日期 is a day that has come: never later than today."""
    if day is not None and day > office.today():
        raise ValidationError(
            f"成文日期（{day.isoformat()}）晚于今天，请核对 Word 文件中的日期或手工改正。"
        )
    return day


def _refuse_duplicates(session: Session, number: str, registration_number: str | None) -> None:
    if session.exec(select(Document.id).where(Document.doc_number == number)).first():
        raise ValidationError(f"文号“{number}”已经登记过，不能重复登记。要修改请用编辑功能。")
    if (
        registration_number
        and session.exec(
            select(Document.id).where(Document.registration_number == registration_number)
        ).first()
    ):
        raise ValidationError(f"登记号“{registration_number}”已被其他文件使用。")


EDITABLE_FIELDS = {
    "title": "标题",
    "drafting_unit": "起草单位",
    "registration_number": "登记号",
    "effective_on": "施行日期",
    "valid_years": "有效期（年）",
    "valid_until": "有效期截止日",
    "body_text": "正文",
    "written_on": "成文日期",
    "note": "备注",
    "signed_by": "签发人",
    "publication_channel": "公布载体",
    "concerns_market": "涉及市场主体经济活动",
}


@retried
def update_document(
    *, office: Office, number: str, changes: dict[str, Any], expected_version: int | None = None
) -> DocumentRef:
    """Edit a document's descriptive fields. Dated procedure events have their own functions."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"这些字段不能直接修改：{'、'.join(sorted(unknown))}。")
    with office.transaction() as session:
        document = load_document(session, number)
        lock_document(session, document, expected_version)
        body = session.get(DocumentBody, document.id) if "body_text" in changes else None
        before = {
            key: (body.text if body else None) if key == "body_text" else getattr(document, key)
            for key in changes
        }
        if "title" in changes:
            changes["title"] = clean_title(changes["title"])
            document.kind = detect_kind(changes["title"])
        check_valid_years(changes.get("valid_years"))
        if changes.get("written_on"):
            _written(changes["written_on"], office)
        if changes.get("registration_number"):
            clash = session.exec(
                select(Document.id).where(
                    Document.registration_number == changes["registration_number"],
                    Document.id != document.id,
                )
            ).first()
            if clash:
                raise ValidationError(f"登记号“{changes['registration_number']}”已被其他文件使用。")
        for key, value in changes.items():
            if key != "body_text":
                setattr(document, key, value if value != "" else None)
        if "body_text" in changes:
            _store_body(session, document, body, changes["body_text"])
        refresh_validity(document, office)
        changed = {k: (before[k], v) for k, v in changes.items() if before[k] != v}
        audit(
            session,
            office,
            action="update",
            entity="document",
            entity_id=document.id,
            document_id=document.id,
            summary=f"修改文件 {document.doc_number}："
            + ("、".join(EDITABLE_FIELDS[k] for k in changed) or "无变化"),
            details={k: {"from": a, "to": b} for k, (a, b) in changed.items()},
        )
        session.flush()
        return document_summary(document)


def _store_body(session: Session, document: Document, body: DocumentBody | None, text) -> None:
    """Replace the body (the old one stays in the audit entry); empty text removes it."""
    if not text:
        if body is not None:
            session.delete(body)
    elif body is None:
        session.add(DocumentBody(document_id=document.id, text=text))
    else:
        body.text = text


def refresh_validity(document: Document, office: Office) -> None:
    """Derive valid_until from the effective date unless it was stated."""
    if document.effective_on is None:
        return
    if document.valid_years is not None or document.valid_until is None:
        document.valid_until = deadlines.valid_until(
            office.rulebook,
            effective_on=document.effective_on,
            kind=document.kind,
            years=document.valid_years,
        )
