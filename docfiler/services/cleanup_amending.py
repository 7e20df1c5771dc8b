"""Which document amends a cleanup item decided 修改 (辽宁省人民政府令第237号 art. 20)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from docfiler.domain.labels import date_label
from docfiler.domain.status import ending
from docfiler.errors import ValidationError
from docfiler.store.lookups import load_document
from docfiler.store.tables import Document


def amending_id(
    session: Session, document: Document, amended_by: str | None, today: dt.date
) -> int | None:
    """The id of the document that amends `document`, if one is named: not the document itself,
    and not one that has itself ended (a repealed, invalid or lapsed document amends nothing)."""
    if not amended_by:
        return None
    amending = load_document(session, amended_by)
    if amending.id == document.id:
        raise ValidationError("修改文件不能是被清理的文件本身。")
    ended = ending(amending, today)
    if ended is not None:
        raise ValidationError(
            f"“{amending.doc_number}”已于{date_label(ended.on)}{ended.label}，不能作为修改文件。"
            "请填写现行有效或尚未公布的修改决定的文号。"
        )
    return amending.id
