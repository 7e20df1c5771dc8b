"""The procedure of a document imported as already published: "历史导入".

A document published before the office used docfiler went through 听取意见, 合法性审核 and
集体讨论决定 on paper; the register the office kept rarely says when. docfiler does not invent
those events (it would put dates on record that nobody can vouch for). Instead each such
document gets one entry in its own audit trail, action `historical_import`, saying where it came
from (the file and row) and that its procedure was not recorded step by step — and, when the
sheet said it was filed without saying when, that the filing is recorded on its due date.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session

from docfiler.office import Office
from docfiler.store.audit import fit_summary
from docfiler.store.tables import AuditEntry, Document, utcnow

HISTORICAL = "历史导入"
HISTORICAL_ACTION = "historical_import"
BATCH = 5000


def historical_summary(source: str, row: int, undated_filing: str | None) -> str:
    """The audit entry of one historical document, in the clerk's words."""
    text = (
        f"{HISTORICAL}：使用本系统前已公布的文件，据{source}第 {row} 行登记；"
        "听取意见、合法性审核、集体讨论决定等办理程序未逐项登记。"
    )
    if undated_filing:
        text += f"备案情况为“{undated_filing}”，未写报送日期，按备案期限日登记为已报送。"
    return fit_summary(text)


def mark_historical(
    session: Session,
    office: Office,
    documents: Sequence[dict[str, Any]],
    rows: Sequence[int],
    *,
    undated: dict[str, str],
    source: str,
    after_id: int,
) -> int:
    """One `historical_import` audit entry per published document the import added (`documents`
    from sheet `rows`; their ids are above `after_id`, the newest document before the import);
    `undated`: number → what its row said about a filing without a date. How many marked."""
    rows_of = {
        document["doc_number"]: row
        for document, row in zip(documents, rows, strict=True)
        if document["published_on"] is not None
    }
    if not rows_of:
        return 0
    now = utcnow()
    entries: list[dict[str, Any]] = []
    added = session.execute(
        select(Document.id, Document.doc_number).where(Document.id > after_id)
    ).all()
    for ident, number in added:
        if number not in rows_of:
            continue  # registered by someone else meanwhile
        summary = historical_summary(source, rows_of[number], undated.get(number))
        entries.append(
            {
                "at": now,
                "operator": office.operator,
                "action": HISTORICAL_ACTION,
                "entity": "document",
                "entity_id": ident,
                "document_id": ident,
                "summary": summary,
                "details": None,
            }
        )
    for start in range(0, len(entries), BATCH):
        session.execute(insert(AuditEntry), entries[start : start + BATCH])
    return len(entries)
