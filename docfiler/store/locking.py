"""Optimistic locking: a write succeeds only if nobody changed the row since it was read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session

from docfiler.errors import ConflictError
from docfiler.store.tables import (
    Document,
    utcnow,
)


def bump_version(session: Session, row: Any, expected_version: int | None, conflict: str) -> None:
    """Optimistic lock: raise the row's version only if nobody changed it since it was read.

    The UPDATE also takes the row's write lock, so two clerks' writes are serialized. When
    `expected_version` is None the version read in this transaction is used.
    """
    model = type(row)
    expected = row.version if expected_version is None else expected_version
    values: dict[str, Any] = {"version": expected + 1}
    if hasattr(model, "updated_at"):
        values["updated_at"] = utcnow()
    result = session.execute(
        update(model)
        .where(model.id == row.id, model.version == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError(conflict.format(expected=expected))
    session.refresh(row)


def lock_document(session: Session, document: Document, expected_version: int | None) -> None:
    bump_version(
        session,
        document,
        expected_version,
        f"文件“{document.doc_number}”已被其他人修改（您看到的是第 {{expected}} 版）。"
        "为避免覆盖他人的修改，本次保存未执行；请刷新后核对再保存。",
    )
