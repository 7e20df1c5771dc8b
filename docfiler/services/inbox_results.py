"""What the reviewer's writes (`services.inbox`) return: frozen dataclasses with `as_json()`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docfiler.services.results import _Result


@dataclass(frozen=True)
class IncomingReceived(_Result):
    """A unit's document received (接收登记), or a document known to exist entered unfiled."""

    id: int
    doc_number: str
    title: str
    unit: str
    due: dt.date | None
    """Filing due: publication + the office's filing period (None: publication date unknown)."""
    due_provisional: bool
    received: dt.date | None
    late_days: int | None
    """Days past the due date (0: on time); None while not received."""
    missing: tuple[str, ...]
    """Materials of the rulebook's checklist that did not come with it."""
    unfiled_found: tuple[str, ...] = ()
    """Documents it cites that were never filed, now on record as 未报备."""
    version: int = 1


@dataclass(frozen=True)
class IncomingRegistered(_Result):
    """The formal check's outcome (备案登记)."""

    doc_number: str
    outcome: str
    on: dt.date
    supplement_due: dt.date | None = None
    """暂缓办理备案登记: 补正 by this day."""
    review_due: dt.date | None = None
    """予以备案登记: the review is due by this day."""
    reason: str | None = None


@dataclass(frozen=True)
class SupplementReceived(_Result):
    doc_number: str
    on: dt.date
    late_days: int
    missing: tuple[str, ...]


@dataclass(frozen=True)
class ReviewStarted(_Result):
    doc_number: str
    started: dt.date
    due: dt.date
    origin: str


@dataclass(frozen=True)
class IncomingReviewed(_Result):
    doc_number: str
    result: str
    on: dt.date
    opinion_kind: str | None = None
    opinion_number: str | None = None
    """审查意见书 number from the rulebook's sequence."""
    followup_due: dt.date | None = None
    """审查意见: the unit's 处理情况 is due by this day."""


@dataclass(frozen=True)
class FollowUpRecorded(_Result):
    doc_number: str
    opinion_number: str | None
    reported_on: dt.date | None
    outcome: str | None
    closed_on: dt.date | None
    corrected_by: str | None = None


@dataclass(frozen=True)
class SuggestionReceived(_Result):
    id: int
    proposer: str
    received: dt.date
    reply_due: dt.date
    doc_number: str | None
    linked: bool
    """Whether the document named is one filed with the office."""


@dataclass(frozen=True)
class SuggestionReplied(_Result):
    id: int
    replied: dt.date
    reply_due: dt.date
    late_days: int
