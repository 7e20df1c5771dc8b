"""What the writes return: small typed records, never dicts with Chinese keys.

Every record is a frozen dataclass; `as_json()` gives a JSON-ready dict (dates as ISO text) for
`--json` output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from docfiler.queries.campaigns import DecisionTotals


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class _Result:
    def as_json(self) -> dict[str, Any]:
        return _plain(dataclasses.asdict(self))  # type: ignore[call-overload]


@dataclass(frozen=True)
class DocumentRef(_Result):
    """A document after a write: enough to open it again and to edit it without a conflict."""

    id: int
    doc_number: str
    title: str
    version: int


@dataclass(frozen=True)
class FilingDue(_Result):
    body: str
    due: dt.date
    """The date to act by (while provisional, the earliest the legal last day can be)."""
    provisional: bool
    likely: dt.date | None = None
    """While provisional: the last day if no weekend becomes a make-up working day."""


@dataclass(frozen=True)
class Published(_Result):
    document: DocumentRef
    filings: tuple[FilingDue, ...]


@dataclass(frozen=True)
class FilingSubmitted(_Result):
    doc_number: str
    body: str
    due: dt.date
    submitted: dt.date
    late_days: int


@dataclass(frozen=True)
class FilingsSubmitted(_Result):
    """Several documents filed with one body on one day: each saved or refused on its own."""

    done: tuple[FilingSubmitted, ...]
    refused: tuple[tuple[str, str], ...]
    """(文号, the Chinese reason) for each document that was not recorded."""


@dataclass(frozen=True)
class FilingAnswered(_Result):
    doc_number: str
    body: str
    result: str
    result_on: dt.date


@dataclass(frozen=True)
class RelationAdded(_Result):
    source: str
    target: str
    kind: str
    on: dt.date | None


@dataclass(frozen=True)
class LegalBasisAdded(_Result):
    id: int
    title: str
    number: str | None
    higher_law_id: int


@dataclass(frozen=True)
class CountersignAdded(_Result):
    id: int
    title: str
    reply_due: dt.date


@dataclass(frozen=True)
class CountersignReplied(_Result):
    id: int
    replied: dt.date


@dataclass(frozen=True)
class AuthorityAdded(_Result):
    id: int
    name: str
    codes: tuple[str, ...]
    filing_bodies: tuple[str, ...]


@dataclass(frozen=True)
class CampaignRef(_Result):
    id: int
    name: str


@dataclass(frozen=True)
class CampaignStarted(_Result):
    id: int
    name: str
    as_of: dt.date
    total: int
    flagged: int


@dataclass(frozen=True)
class CleanupDecided(_Result):
    doc_number: str
    decision: str
    reason: str | None
    version: int


@dataclass(frozen=True)
class CampaignFinished(_Result):
    id: int
    name: str
    finished: dt.date
    totals: DecisionTotals


@dataclass(frozen=True)
class DecisionCorrected(_Result):
    doc_number: str
    before: str | None
    after: str


@dataclass(frozen=True)
class EvaluationRecorded(_Result):
    doc_number: str
    outcome: str


@dataclass(frozen=True)
class HigherLawMarked(_Result):
    title: str
    status: str
    documents: int
    """How many registered documents rest on this law."""
