"""Bulk import of an existing register (documents published before docfiler was used).

All-or-nothing: every row is checked first; if any row is wrong, nothing is written and the
error lists the rows (with their numbers) and what to fix — unless the clerk chose to skip the
bad rows, which the import's audit entry then lists. Historic documents arrive already
published, so the publication gates do not apply; their filings and validity are derived by
the same rules as for a document published through docfiler, and (`historical`) each gets an
audit entry saying its procedure was "历史导入": done before docfiler, not recorded step by step
(no opinions, review or decision is invented).

A row whose number is already on the register (`existing="merge"`) is compared with it
(services.sheet_existing): the same document with nothing new is skipped; an end of force or a
dated filing the register lacks is recorded through the ordinary services; a different title or
publication date is a bad row. By default (`existing="refuse"`) such a row is a duplicate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from docfiler.domain import docnumber
from docfiler.errors import DocfilerError, ValidationError
from docfiler.office import Office
from docfiler.services.sheet_existing import Update, apply_updates, compare, on_record
from docfiler.services.sheet_history import mark_historical
from docfiler.services.sheet_rows import Context, Memo, load_context, prepare
from docfiler.store.audit import audit
from docfiler.store.bulk_insert import insert_documents
from docfiler.store.tables import Document

MAX_LISTED_ERRORS = 20
MAX_AUDITED_ROWS = 1000
"""Skipped bad rows listed in the import's audit entry (the count is always there)."""
Progress = Callable[[int, int], None] | None


@dataclass(frozen=True)
class RowProblem:
    row: int
    reason: str

    def line(self) -> str:
        return f"第 {self.row} 行：{self.reason}"


@dataclass
class Checked:
    """What an import does with each row; nothing written yet."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    pending_filings: list[list[dict[str, Any]]] = field(default_factory=list)
    added_rows: list[int] = field(default_factory=list)
    undated_filings: dict[str, str] = field(default_factory=dict)
    """Numbers whose row says filed without a date → what it says (their filings are recorded
    as submitted on the due date, and their 历史导入 entry says so)."""
    updates: list[Update] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    bad: list[RowProblem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.documents),
            "updated": len(self.updates),
            "skipped": len(self.skipped),
            "bad": len(self.bad),
        }


def import_documents(
    *,
    office: Office,
    records: Sequence[dict[str, Any]],
    batch_size: int = 5000,
    progress: Progress = None,
    source: str = "批量导入",
) -> int:
    """Insert `records` (dicts: number, title, authority?, drafting_unit?, published?, effective?,
    valid_years?, valid_until?, filings? = [{body, submitted?, receipt?, result?, result_date?}];
    what a register sheet adds: row? (its row number, for the messages), status? (in_force /
    repealed / declared_invalid / lapsed) with ended? and end_reason?, filed? = {text,
    submitted?, receipt?} (备案情况 in words), error? (a cell that could not be read)).
    Dates in any form `domain.written_dates` reads. All or nothing; the number imported."""
    return len(
        import_rows(
            office=office, records=records, batch_size=batch_size, progress=progress, source=source
        ).documents
    )


def check_rows(
    *,
    office: Office,
    records: Sequence[dict[str, Any]],
    existing: str = "refuse",
    memo: Memo | None = None,
) -> Checked:
    """What importing `records` would do, row by row, read from the register as it is now.
    `memo` keeps what the rows alone give (for `import_rows` of the same rows)."""
    with office.reading() as session:
        context = load_context(session, office.rulebook, office.today(), memo, preview=True)
        return _check_all(session, records, context, existing)


def import_rows(
    *,
    office: Office,
    records: Sequence[dict[str, Any]],
    batch_size: int = 5000,
    progress: Progress = None,
    source: str = "批量导入",
    existing: str = "refuse",
    skip_bad: bool = False,
    historical: bool = False,
    memo: Memo | None = None,
) -> Checked:
    """Import `records` in one transaction: every row checked again against the register as
    it is when the transaction runs. `progress(done, total)` is called as documents are written;
    raising in it cancels the import (nothing is written)."""
    with office.transaction() as session:
        context = load_context(session, office.rulebook, office.today(), memo)
        checked = _check_all(session, records, context, existing)
        if checked.bad and not skip_bad:
            raise _refusal(checked.bad)
        if not checked.documents and not checked.updates:
            return checked

        def take_lock() -> None:
            # The audit row is the import's first write to the register: on SQLite it takes
            # the write lock. Then what others registered while the rows were prepared.
            _audit_import(session, office, source, checked)
            session.flush()
            _refuse_taken_meanwhile(session, context)

        insert_documents(
            session,
            checked.documents,
            checked.pending_filings,
            take_lock=take_lock,
            batch_size=batch_size,
            progress=progress,
        )
        if historical:
            mark_historical(
                session,
                office,
                checked.documents,
                checked.added_rows,
                undated=checked.undated_filings,
                source=source,
                after_id=context.last_id,
            )
        apply_updates(office, checked.updates)
    return checked


def _refusal(bad: list[RowProblem]) -> ValidationError:
    shown = [problem.line() for problem in bad[:MAX_LISTED_ERRORS]]
    more = f"……另有 {len(bad) - len(shown)} 行有误" if len(bad) > len(shown) else ""
    return ValidationError(
        f"导入未执行：{len(bad)} 行有误，请改正后重新导入（未写入任何数据）。\n"
        + "\n".join(shown)
        + (f"\n{more}" if more else "")
    )


def _audit_import(session: Session, office: Office, source: str, checked: Checked) -> None:
    counts = checked.counts()
    parts = [f"导入文件 {counts['added']} 件"]
    details: dict[str, Any] = {"count": counts["added"]}
    if checked.updates:
        parts.append(f"更新 {counts['updated']} 件")
        details["updated"] = [update.number for update in checked.updates]
    if checked.skipped:
        parts.append(f"已在登记簿中、跳过 {counts['skipped']} 行")
        details["skipped"] = counts["skipped"]
    if checked.bad:
        parts.append(f"跳过有误的 {counts['bad']} 行")
        details["skipped_bad"] = counts["bad"]
        details["skipped_bad_rows"] = [
            {"row": p.row, "reason": p.reason} for p in checked.bad[:MAX_AUDITED_ROWS]
        ]
    audit(
        session,
        office,
        action="bulk_import",
        entity="document",
        summary=f"{source}：{'，'.join(parts)}",
        details=details,
    )


def _refuse_taken_meanwhile(session: Session, ctx: Context) -> None:
    """Numbers the import brings that someone registered after its rows were checked."""
    taken = session.execute(
        select(Document.doc_number, Document.registration_number).where(Document.id > ctx.last_id)
    ).all()
    clashes = sorted(
        {number for number, _ in taken if number in ctx.added}
        | {reg for _, reg in taken if reg and reg in ctx.seen_registrations}
    )
    if clashes:
        shown = "、".join(clashes[:MAX_LISTED_ERRORS])
        raise ValidationError(
            f"导入未执行：检查期间有人登记了 {shown}，与导入的文件重复（未写入任何数据）。"
            "请核对后重新导入。"
        )


def _check_all(
    session: Session, records: Sequence[dict[str, Any]], ctx: Context, existing: str
) -> Checked:
    """Every row checked: a document row and its filing rows to add, an update of a document on
    the register, a row to skip, or a bad row with its reason."""
    checked = Checked()
    known = on_record(session, _numbers_on_register(records, ctx)) if existing == "merge" else {}
    for index, record in enumerate(records, start=1):
        row = record.get("row", index)
        filed = record.get("filed")
        undated = bool(filed) and not filed.get("submitted")
        try:
            document, filings = prepare(record, ctx, known)
            if document["doc_number"] in known:
                on_file = known[document["doc_number"]]
                update = compare(on_file, document, filings, row=row, undated=undated)
                if update is None:
                    checked.skipped.append(
                        RowProblem(row, f"{on_file.number} 已在登记簿中，内容一致")
                    )
                else:
                    checked.updates.append(update)
                continue
        except (DocfilerError, docnumber.DocNumberError, KeyError, TypeError, ValueError) as exc:
            message = exc.message if isinstance(exc, DocfilerError) else str(exc)
            if isinstance(exc, KeyError):
                message = f"缺少字段 {exc}"
            checked.bad.append(RowProblem(row, message))
            continue
        ctx.added.add(document["doc_number"])
        if undated:
            checked.undated_filings[document["doc_number"]] = filed["text"]
        checked.documents.append(document)
        checked.pending_filings.append(filings)
        checked.added_rows.append(row)
    return checked


def _numbers_on_register(records: Sequence[dict[str, Any]], ctx: Context) -> set[str]:
    """The numbers of the rows that are already on the register."""
    found: set[str] = set()
    if not ctx.existing:
        return found
    for record in records:
        try:
            number = str(ctx.number(str(record.get("number"))))
        except docnumber.DocNumberError:
            continue
        if number in ctx.existing:
            found.add(number)
    return found
