"""Status derived from dated events, for any date. The SQL twin is docfiler.store.status_sql."""

from __future__ import annotations

import datetime as dt
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
