"""Status derived from dated events, for any date. The SQL twin is docfiler.store.status_sql."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from docfiler.domain.vocabulary import STATUS_BY_LABEL, STATUS_LABELS


def parse_status(text: str) -> str:
    """Accept a status code (in_force) or its Chinese label (现行有效)."""
    from docfiler.errors import ValidationError

    value = text.strip()
    if value in STATUS_LABELS:
        return value
    if value in STATUS_BY_LABEL:
        return STATUS_BY_LABEL[value]
    choices = "、".join(f"{code}（{label}）" for code, label in STATUS_LABELS.items())
    raise ValidationError(f"状态“{text}”无法识别，可选：{choices}。")


def document_status(
    *,
    published_on: dt.date | None,
    effective_on: dt.date | None,
    valid_until: dt.date | None,
    repealed_on: dt.date | None,
    declared_invalid_on: dt.date | None,
    as_of: dt.date,
) -> str:
    """The status of a document on `as_of`. The earliest end event wins."""
    if published_on is None or published_on > as_of:
        return "draft"
    if effective_on is not None and effective_on > as_of:
        return "published"
    # (day, order, status): lapsing happens after the whole last valid day, so an act on
    # valid_until itself comes first (order 0 < 1); on a tie, declared_invalid < repealed.
    ends: list[tuple[dt.date, int, str]] = []
    if declared_invalid_on is not None and declared_invalid_on <= as_of:
        ends.append((declared_invalid_on, 0, "declared_invalid"))
    if repealed_on is not None and repealed_on <= as_of:
        ends.append((repealed_on, 0, "repealed"))
    if valid_until is not None and valid_until < as_of:
        # Validity ends on valid_until inclusive; the document lapses the day after.
        ends.append((valid_until, 1, "lapsed"))
    if ends:
        return min(ends)[2]
    return "in_force"


def status_of(document: Any, as_of: dt.date) -> str:
    return document_status(
        published_on=document.published_on,
        effective_on=document.effective_on,
        valid_until=document.valid_until,
        repealed_on=document.repealed_on,
        declared_invalid_on=document.declared_invalid_on,
        as_of=as_of,
    )


@dataclass(frozen=True)
class Ending:
    """How and when a document stopped being in force, as the official lists write it."""

    status: str
    """repealed / declared_invalid / lapsed."""
    on: dt.date
    """The first day the document no longer applies."""
    label: str
    """废止 / 宣布失效 / 失效."""
    reason: str
    """The recorded reason; 有效期届满 for a lapse; empty when none was recorded (never invented)."""


def ending(document: Any, as_of: dt.date) -> Ending | None:
    """How `document` ended by `as_of`, or None while it is a draft, awaiting effect or in force."""
    status = status_of(document, as_of)
    if status == "repealed":
        return Ending(status, document.repealed_on, "废止", document.repeal_reason or "")
    if status == "declared_invalid":
        return Ending(
            status, document.declared_invalid_on, "宣布失效", document.invalid_reason or ""
        )
    if status == "lapsed":
        return Ending(status, document.valid_until + dt.timedelta(days=1), "失效", "有效期届满")
    return None
