"""The filings in the Excel export (issue 13, §2; `export_rows` reads them): each filing as it
stood on a day, the 备案 sheet's rows, the 文件 sheet's 备案情况 cell, and the spool that lets
one reading of the filings serve both sheets.
"""

from __future__ import annotations

import datetime as dt
import pickle
import tempfile
from collections import namedtuple
from collections.abc import Iterator
from typing import Any

from docfiler.domain import deadlines
from docfiler.domain.vocabulary import REVIEW_RESULTS, is_returned
from docfiler.rules.rulebook import Rulebook

FILING_HEADERS = (
    *("文号", "备案机关", "报送次序", "报送期限", "期限暂定", "报送日期", "逾期天数", "回执号"),
    *("备案登记意见", "登记意见日期", "备案审查意见", "审查意见日期"),
)
SPOOL_BATCH = 1000

Round = namedtuple(
    "Round",
    "body number due provisional submitted late_days receipt result result_on review review_on",
)
"""One submission of a filing (an awaited one: `submitted` None) and the answers to it."""


def recorded_by(value: Any, on: dt.date | None, as_of: dt.date) -> tuple[Any, dt.date | None]:
    """(value, its date) if it was recorded by `as_of` (or is undated), else (None, None)."""
    return (value, on) if on is None or on <= as_of else (None, None)


def filing_rounds(filing: Any, history: list, as_of: dt.date, rules: Rulebook) -> list[Round]:
    """A filing as it stood on `as_of`: each submission made by then with the answers given by
    then, and, when a (re)submission was owed that day, a last round with the due date of the
    next submission (as `queries.documents` counts it) and no submission date.

    `filing` needs the filing's columns and its document's `published_on`; `history`, its
    submissions in order."""
    body = filing.body
    rounds = [
        _round(body, n, s, as_of) for n, s in enumerate(history, 1) if s.submitted_on <= as_of
    ]
    if not history and filing.submitted_on is not None and filing.submitted_on <= as_of:
        rounds = [_kept_round(filing, as_of)]  # a filing kept from before the history was recorded
    if not rounds:
        due = deadlines.current_filing_due(
            rules,
            stored=filing.due_on,
            provisional=filing.due_provisional,
            published_on=filing.published_on,
            body=body,
        )
    else:
        last = rounds[-1]
        answer, on = (last.review, last.review_on) if last.review else (last.result, last.result_on)
        if not is_returned(answer) or on is None:
            return rounds
        due = deadlines.resubmission_due(rules, answer, on)
    late = max((as_of - due.date).days, 0)
    owed = Round(body, len(rounds) + 1, due.date, due.provisional, None, late, *(None,) * 5)
    return [*rounds, owed]


def _round(body: str, number: int, s: Any, as_of: dt.date) -> Round:
    late = max((s.submitted_on - s.due_on).days, 0)
    answers = (
        *recorded_by(s.result, s.result_on, as_of),
        *recorded_by(s.review_result, s.review_on, as_of),
    )
    made = (s.due_on, s.due_provisional, s.submitted_on, late, s.receipt_number)
    return Round(body, number, *made, *answers)


def _kept_round(filing: Any, as_of: dt.date) -> Round:
    """The one submission of a filing without history; its answer is on the filing itself."""
    answer, none = recorded_by(filing.result, filing.result_on, as_of), (None, None)
    answers = (*none, *answer) if filing.result in REVIEW_RESULTS else (*answer, *none)
    late = max((filing.submitted_on - filing.due_on).days, 0)
    made = (filing.due_on, filing.due_provisional, filing.submitted_on, late)
    return Round(filing.body, 1, *made, filing.receipt_number, *answers)


def filing_summary(rounds_per_body: list[list[Round]]) -> str | None:
    """备案情况: each filing body with its last submission and answers, or what is owed:
    ``营口市人民政府：2016-03-10报送，予以备案登记；盖州市人大常委会：未报送（期限 2016-03-31）``."""
    parts = []
    for rounds in rounds_per_body:
        made = [r for r in rounds if r.submitted is not None]
        owed = rounds[-1] if rounds[-1].submitted is None else None
        words = []
        if made:
            last = made[-1]
            words.append(f"{last.submitted.isoformat()}报送")
            words += [answer for answer in (last.result, last.review) if answer]
        if owed is not None:
            verb = "待重新报送" if made else "未报送"
            late = f"，逾期 {owed.late_days} 日" if owed.late_days else ""
            words.append(f"{verb}（期限 {owed.due.isoformat()}{late}）")
        parts.append(f"{rounds[0].body}：{'，'.join(words)}")
    return "；".join(parts) or None


def filing_cells(number: str, rounds_per_body: list[list[Round]]) -> Iterator[tuple]:
    """The 备案 sheet's rows of one document: a row per submission, and one per submission owed."""
    for rounds in rounds_per_body:
        for r in rounds:
            yield (
                *(number, r.body, r.number, r.due, "是" if r.provisional else "否", r.submitted),
                *(r.late_days or None, r.receipt, r.result, r.result_on, r.review, r.review_on),
            )


class Spool:
    """Tuples kept in a temporary file (pickled, a batch at a time) until they are read back,
    once, in the order they came: the 备案情况 of each document, noted while the 备案 sheet is
    written, for the 文件 sheet written next. The filings are read and counted once, and memory
    stays flat."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - written now, read (and closed) later
        self.batch: list[tuple] = []
        self.complete = False

    def add(self, item: tuple) -> None:
        self.batch.append(item)
        if len(self.batch) >= SPOOL_BATCH:
            self._dump()

    def finish(self) -> None:
        self._dump()
        self.complete = True

    def _dump(self) -> None:
        if self.batch:
            pickle.dump(self.batch, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.batch = []

    def __iter__(self) -> Iterator[tuple]:
        """The tuples, once; the file is closed afterwards."""
        with self.file:
            self.file.seek(0)
            while True:
                try:
                    batch = pickle.load(self.file)  # our own file, written just now
                except EOFError:
                    return
                yield from batch
