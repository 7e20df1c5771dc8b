"""Relations between documents and the end of force: amend, repeal, replace, declare invalid."""

from __future__ import annotations

import datetime as dt

from docfiler.domain.gates import not_before
from docfiler.domain.labels import date_label
from docfiler.domain.vocabulary import (
    RELATION_KINDS,
)
from docfiler.errors import GateError, ValidationError
from docfiler.office import Office, retried
from docfiler.services.documents import document_summary
from docfiler.services.recorded import refuse_second_end
from docfiler.services.results import DocumentRef, RelationAdded
from docfiler.store.audit import audit
from docfiler.store.locking import lock_document
from docfiler.store.lookups import load_document
from docfiler.store.tables import (
    DocumentRelation,
)


@retried
def add_relation(
    *,
    office: Office,
    source: str,
    target: str,
    kind: str,
    on: dt.date | None = None,
    note: str | None = None,
    expected_version: int | None = None,
    again_ok: bool = True,
) -> RelationAdded:
    """Record that `source` amends / repeals / replaces / is based on `target`.

    repeals and replaces put `target` out of force from `on` (default: source's effective date).
    A target already out of force keeps its recorded date: a later repeal is recorded as a
    relation only, an earlier one is refused (it would rewrite the past), and with
    `again_ok=False` (the `repeal` command) any second repeal is refused.
    """
    if kind not in RELATION_KINDS:
        raise ValidationError(f"关系“{kind}”无效，只能是：{'、'.join(RELATION_KINDS)}。")
    with office.transaction() as session:
        src = load_document(session, source)
        dst = load_document(session, target)
        if src.id == dst.id:
            raise ValidationError("文件不能与自身建立关系。")
        day = on or src.effective_on or src.published_on
        _check_relation(session, src, dst, kind, day)
        lock_document(session, dst, expected_version)
        if kind in ("repeals", "replaces") and (
            not again_ok or (dst.repealed_on is not None and day < dst.repealed_on)
        ):
            refuse_second_end(dst, RELATION_KINDS[kind])
        relation = DocumentRelation(
            source_id=src.id, target_id=dst.id, kind=kind, on_date=day, note=note
        )
        session.add(relation)
        if kind in ("repeals", "replaces") and (dst.repealed_on is None or day < dst.repealed_on):
            dst.repealed_on = day
            dst.repeal_reason = note or f"被{src.doc_number}{RELATION_KINDS[kind]}"
            session.add(dst)
        session.flush()
        audit(
            session,
            office,
            action=f"relation_{kind}",
            entity="relation",
            entity_id=relation.id,
            document_id=dst.id,
            summary=f"{src.doc_number} {RELATION_KINDS[kind]} {dst.doc_number}"
            + (f"（{date_label(day)}）" if day else ""),
        )
        return RelationAdded(source=src.doc_number, target=dst.doc_number, kind=kind, on=day)


def _check_relation(session, src, dst, kind: str, day: dt.date | None) -> None:
    """A repeal, replacement or amendment comes from a published document, dated on or after
    its publication; the same relation is recorded once (issue 14, item 7)."""
    from sqlmodel import select

    if kind in ("repeals", "replaces", "amends"):
        if src.published_on is None or day is None:
            raise GateError(
                f"文件“{src.doc_number}”尚未公布，不能{RELATION_KINDS[kind]}其他文件。"
                "请先登记它的公布，再登记这一关系。"
            )
        if dst.published_on is None:
            raise GateError(f"被{RELATION_KINDS[kind]}的文件“{dst.doc_number}”从未公布。")
        what = f"{RELATION_KINDS[kind]}日期"
        not_before(day, dst.published_on, what, "原文件公布日期")
        not_before(day, src.published_on, what, f"“{src.doc_number}”的公布日期")
    same = select(DocumentRelation.id).where(
        DocumentRelation.source_id == src.id,
        DocumentRelation.target_id == dst.id,
        DocumentRelation.kind == kind,
    )
    if session.exec(same).first() is not None:
        raise ValidationError(
            f"已登记过“{src.doc_number}”{RELATION_KINDS[kind]}“{dst.doc_number}”，不能重复登记。"
        )


@retried
def repeal_document(
    *,
    office: Office,
    number: str,
    on: dt.date,
    reason: str,
    by: str | None = None,
    expected_version: int | None = None,
) -> DocumentRef:
    """废止, by the government itself or (`by`) by another document that repeals it."""
    if not (by or "").strip():
        return _end_force(office, number, on, reason, "repealed", expected_version)
    if not (reason or "").strip():
        raise ValidationError("废止须写明理由。")
    add_relation(
        office=office,
        source=by,
        target=number,
        kind="repeals",
        on=on,
        note=reason.strip(),
        expected_version=expected_version,
        again_ok=False,
    )
    with office.reading() as session:
        return document_summary(load_document(session, number))


@retried
def declare_invalid(
    *,
    office: Office,
    number: str,
    on: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> DocumentRef:
    """宣布失效."""
    return _end_force(office, number, on, reason, "declared_invalid", expected_version)


def _end_force(
    office: Office, number: str, on: dt.date, reason: str, how: str, expected_version: int | None
) -> DocumentRef:
    label = "废止" if how == "repealed" else "宣布失效"
    if not (reason or "").strip():
        raise ValidationError(f"{label}须写明理由。")
    with office.transaction() as session:
        document = load_document(session, number)
        if document.published_on is None:
            raise GateError(f"文件“{document.doc_number}”从未公布，无需{label}。")
        not_before(on, document.published_on, f"{label}日期", "公布日期")
        lock_document(session, document, expected_version)
        refuse_second_end(document, label, how)
        if how == "repealed":
            document.repealed_on, document.repeal_reason = on, reason.strip()
        else:
            document.declared_invalid_on, document.invalid_reason = on, reason.strip()
        session.add(document)
        audit(
            session,
            office,
            action=how,
            entity="document",
            entity_id=document.id,
            document_id=document.id,
            summary=f"{document.doc_number} {label}（{date_label(on)}）：{reason}",
        )
        return document_summary(document)
