"""Rows of an imported register whose document is already on docfiler's register.

Importing the same sheet twice, or a sheet that overlaps what was registered by hand, must not
duplicate anything. A row is compared with the document on record:
- the same document and nothing new → skipped;
- it adds an end of force (废止 / 宣布失效, with a reason) or a dated filing the register does
  not have → updated, through the ordinary services (`repeal_document`, `declare_invalid`,
  `submit_filing`): the same gates, the same audit entries as by hand;
- a different title, publication date or end → a bad row: one of the two is wrong, and only
  the clerk can tell which.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from docfiler.domain.labels import date_label
from docfiler.errors import ValidationError
from docfiler.office import Office
from docfiler.store.tables import Document, Filing

CHUNK = 1000
END_LABELS = {"repealed": "废止", "declared_invalid": "宣布失效"}


@dataclass(frozen=True)
class OnRecord:
    """What the register holds about a document a row names."""

    number: str
    title: str
    published_on: dt.date | None
    ends: dict[str, dt.date | None]
    filings: dict[str, dt.date | None] = field(default_factory=dict)
    """Filing body → the day the filing was submitted (None: not yet)."""


@dataclass(frozen=True)
class Update:
    """What a row adds to a document on the register."""

    row: int
    number: str
    end: tuple[str, dt.date, str] | None = None
    """(repealed / declared_invalid, day, reason)."""
    filings: tuple[tuple[str, dt.date, str | None], ...] = ()
    """(body, submitted on, receipt)."""

    def described(self) -> str:
        parts = []
        if self.end:
            how, day, _ = self.end
            parts.append(f"{END_LABELS[how]}（{date_label(day)}）")
        parts += [f"向{body}报送备案（{date_label(day)}）" for body, day, _ in self.filings]
        return f"{self.number}：登记" + "，".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "number": self.number, "change": self.described()}


def on_record(session: Session, numbers: Iterable[str]) -> dict[str, OnRecord]:
    """The documents with these numbers, with their filings, read a thousand at a time."""
    wanted = sorted(numbers)
    found: dict[str, OnRecord] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        ids: dict[int, str] = {}
        for document in session.exec(select(Document).where(Document.doc_number.in_(chunk))):
            ids[document.id] = document.doc_number
            found[document.doc_number] = OnRecord(
                number=document.doc_number,
                title=document.title,
                published_on=document.published_on,
                ends={
                    "repealed": document.repealed_on,
                    "declared_invalid": document.declared_invalid_on,
                },
            )
        for filing in session.exec(select(Filing).where(Filing.document_id.in_(list(ids)))):
            found[ids[filing.document_id]].filings[filing.body] = filing.submitted_on
    return found


def compare(
    record: OnRecord,
    document: dict[str, Any],
    filings: list[dict[str, Any]],
    *,
    row: int,
    undated: bool = False,
) -> Update | None:
    """What the row (`document` and `filings` as the import prepared them) adds to `record`;
    None when nothing. A row that contradicts the register is refused (ValidationError)."""
    number = record.number
    if _same_title(record.title) != _same_title(document["title"]):
        raise ValidationError(
            f"文号“{number}”已登记为《{record.title}》，与本行的《{document['title']}》不同："
            "请核对文号或标题。"
        )
    _same_publication(record, document["published_on"])
    end = _new_end(record, document)
    submitted = () if undated else _new_filings(record, filings)
    if end is None and not submitted:
        return None
    return Update(row=row, number=number, end=end, filings=submitted)


def _same_title(title: str) -> str:
    return "".join(unicodedata.normalize("NFKC", title).split()).strip("《》")


def _same_publication(record: OnRecord, published: dt.date | None) -> None:
    if published is None or published == record.published_on:
        return
    if record.published_on is None:
        raise ValidationError(
            f"{record.number} 在登记簿中尚未公布，本行写有公布日期（{date_label(published)}）："
            "公布须先登记听取意见、合法性审核和集体讨论决定，请在登记簿中办理后再导入。"
        )
    raise ValidationError(
        f"{record.number} 在登记簿中的公布日期为{date_label(record.published_on)}，"
        f"本行为{date_label(published)}，请核对。"
    )


def _new_end(record: OnRecord, document: dict[str, Any]) -> tuple[str, dt.date, str] | None:
    """The end of force the row gives and the register does not have yet."""
    reasons = {
        "repealed": document["repeal_reason"],
        "declared_invalid": document["invalid_reason"],
    }
    for how, label in END_LABELS.items():
        day = document[f"{how}_on"]
        if day is None or record.ends[how] == day:
            continue
        on_file = [(h, d) for h, d in record.ends.items() if d is not None]
        if on_file:
            other, when = on_file[0]
            raise ValidationError(
                f"{record.number} 在登记簿中已于{date_label(when)}{END_LABELS[other]}，"
                f"与本行的{label}（{date_label(day)}）不同，请核对。"
            )
        if not (reasons[how] or "").strip():
            raise ValidationError(
                f"{record.number} 在登记簿中尚未{label}；据本表登记{label}须写明理由："
                "请加一列“废止失效理由”，或在登记簿中逐件办理。"
            )
        return how, day, reasons[how].strip()
    return None


def _new_filings(
    record: OnRecord, filings: list[dict[str, Any]]
) -> tuple[tuple[str, dt.date, str | None], ...]:
    """Filings the row gives a submission date for and the register has not submitted yet."""
    return tuple(
        (f["body"], f["submitted_on"], f["receipt_number"])
        for f in filings
        if f["submitted_on"] is not None
        and f["body"] in record.filings
        and record.filings[f["body"]] is None
    )


def apply_updates(office: Office, updates: list[Update]) -> None:
    """Each update through the service a clerk would use, inside the import's transaction."""
    from docfiler.services.filings import submit_filing
    from docfiler.services.relations import declare_invalid, repeal_document

    for update in updates:
        if update.end is not None:
            how, day, reason = update.end
            end = repeal_document if how == "repealed" else declare_invalid
            end(office=office, number=update.number, on=day, reason=reason)
        for body, day, receipt in update.filings:
            submit_filing(
                office=office, number=update.number, body=body, submitted=day, receipt=receipt
            )
