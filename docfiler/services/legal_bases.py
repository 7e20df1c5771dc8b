"""Legal bases (制定依据): the laws and superior documents a document rests on, and the record
that one of them was amended or repealed (which flags every document based on it)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, update
from sqlmodel import Session, select

from docfiler.domain.docnumber import normalize_basis_number
from docfiler.domain.labels import date_label as fmt
from docfiler.errors import ValidationError
from docfiler.office import Office
from docfiler.services.results import HigherLawMarked, LegalBasisAdded
from docfiler.store.audit import audit
from docfiler.store.lookups import load_document
from docfiler.store.tables import (
    HigherLaw,
    LegalBasis,
)


def get_or_create_higher_law(session: Session, title: str, number: str | None) -> HigherLaw:
    """One row per law or superior document, shared by every document based on it."""
    query = select(HigherLaw).where(HigherLaw.title == title)
    query = query.where(
        HigherLaw.number == number if number is not None else HigherLaw.number.is_(None)
    )
    law = session.exec(query).first()
    if law is None:
        law = HigherLaw(title=title, number=number)
        session.add(law)
        session.flush()
    return law


def add_legal_basis(
    *, office: Office, number: str, title: str, basis_number: str | None = None
) -> LegalBasisAdded:
    """制定依据: link a document to a law, regulation, rule or superior document."""
    title = (title or "").strip().strip("《》")
    if not title:
        raise ValidationError("依据的名称不能为空。")
    basis_number = normalize_basis_number(basis_number, office.rulebook.number_aliases)
    with office.transaction() as session:
        document = load_document(session, number)
        law = get_or_create_higher_law(session, title, basis_number)
        existing = session.exec(
            select(LegalBasis).where(
                LegalBasis.document_id == document.id, LegalBasis.higher_law_id == law.id
            )
        ).first()
        if existing is not None:
            raise ValidationError(f"{document.doc_number} 已登记过制定依据《{title}》。")
        basis = LegalBasis(
            document_id=document.id,
            higher_law_id=law.id,
            title=title,
            number=basis_number,
            status=law.status,
            changed_on=law.changed_on,
        )
        session.add(basis)
        session.flush()
        audit(
            session,
            office,
            action="legal_basis",
            entity="legal_basis",
            entity_id=basis.id,
            document_id=document.id,
            summary=f"{document.doc_number} 添加制定依据《{title}》",
        )
        return LegalBasisAdded(id=basis.id, title=title, number=basis_number, higher_law_id=law.id)


def mark_higher_law(
    *,
    office: Office,
    title: str,
    status: str,
    on: dt.date,
    number: str | None = None,
    note: str | None = None,
) -> HigherLawMarked:
    """Record that a law or superior document was amended or repealed; flags its dependants."""
    if status not in ("已修改", "已废止", "现行"):
        raise ValidationError("状态只能是：已修改、已废止 或 现行。")
    title = (title or "").strip().strip("《》")
    if not title:
        raise ValidationError("请填写上位法或上级文件的名称。")
    with office.transaction() as session:
        number = normalize_basis_number(number, office.rulebook.number_aliases)
        law = _find_higher_law(session, title, number)
        law.status, law.changed_on, law.change_note = status, on, note
        session.add(law)
        session.execute(
            update(LegalBasis)
            .where(LegalBasis.higher_law_id == law.id)
            .values(status=status, changed_on=on)
            .execution_options(synchronize_session=False)
        )
        dependants = session.exec(
            select(func.count()).select_from(LegalBasis).where(LegalBasis.higher_law_id == law.id)
        ).one()
        audit(
            session,
            office,
            action="higher_law",
            entity="higher_law",
            entity_id=law.id,
            summary=f"上位法《{title}》{status}（{fmt(on)}），涉及文件 {dependants} 件",
            details={"note": note},
        )
        return HigherLawMarked(title=title, status=status, documents=dependants)


def _find_higher_law(session: Session, title: str, number: str | None) -> HigherLaw:
    """The law by title and number; failing that, by title alone (the change was reported without
    the number, or with another); failing that, a new row."""
    law = session.exec(
        select(HigherLaw).where(
            HigherLaw.title == title,
            HigherLaw.number == number if number else HigherLaw.number.is_(None),
        )
    ).first()
    if law is None:
        law = session.exec(select(HigherLaw).where(HigherLaw.title == title)).first()
    if law is None:
        law = get_or_create_higher_law(session, title, number)
    return law
