"""Optimistic locking: a write succeeds only if nobody changed the row since it was read.

Two cases, told apart by `expected_version`:
- the caller names the version it read earlier (a TUI form, `update --version`): a different
  version is a real conflict with what the clerk saw, and `ConflictError` says so;
- the caller names none (a CLI command): the only read was this transaction's own, a moment
  ago, so a different version means another writer committed in between. `StaleRead` (a
  ConflictError) says so, and `docfiler.office.retried` runs the short transaction again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session

from docfiler.errors import ConflictError
from docfiler.store.tables import (
    Document,
    utcnow,
)


class StaleRead(ConflictError):
    """The row changed between this transaction's own read and its write: nothing the clerk
    saw is at stake, so the transaction may simply run again on the new data."""

    def __init__(self, subject: str):
        super().__init__(
            f"{subject}正被其他人同时修改，连续几次保存都赶上了他人的写入，本次保存未执行。"
            "请稍后再试。"
        )
        self.subject = subject


def bump_version(
    session: Session,
    row: Any,
    expected_version: int | None,
    conflict: str,
    *,
    subject: str = "该记录",
) -> None:
    """Optimistic lock: raise the row's version only if nobody changed it since it was read.

    The UPDATE also takes the row's write lock, so two clerks' writes are serialized. When
    `expected_version` is None the version read in this transaction is used, and a change
    since then raises `StaleRead` (run the transaction again) rather than a conflict.
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
        if expected_version is None:
            raise StaleRead(subject)
        raise ConflictError(conflict.format(expected=expected))
    session.refresh(row)


def lock_document(session: Session, document: Document, expected_version: int | None) -> None:
    bump_version(
        session,
        document,
        expected_version,
        f"文件“{document.doc_number}”已被其他人修改（您看到的是第 {{expected}} 版）。"
        "为避免覆盖他人的修改，本次保存未执行；请刷新后核对再保存。",
        subject=f"文件“{document.doc_number}”",
    )
