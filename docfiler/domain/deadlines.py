"""Every due date the office works to, computed in one place.

Each function takes the rules it needs as a `DeadlineRules` (the Rulebook is one) and returns a
`Deadline` (its date, and whether it rests on a year whose holiday schedule is not yet known).
Sources (rulebook.toml cites each number): filing within N days of publication — 辽宁省政府令第
149号 art. 3 (营口市人民政府 15 days) and the 人大常委会 filing rules (30 days); counting per 民法典
arts. 201/203; legality review at most 15 working days — 国办发〔2018〕115号; cleanup every
2 years — 辽宁省政府令第237号; validity only as a document states it (no Liaoning default).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from docfiler.domain.calendar import Deadline, WorkCalendar, add_months, add_years, validity_end


class DeadlineRules(Protocol):
    """The numbers deadlines are computed from (docfiler.rules.rulebook.Rulebook provides them)."""

    @property
    def calendar(self) -> WorkCalendar: ...

    def filing_days(self, body: str) -> int: ...

    @property
    def review_max_working_days(self) -> int: ...

    @property
    def refiling_days(self) -> int: ...

    @property
    def correction_report_days(self) -> int: ...

    @property
    def publication_working_days(self) -> int: ...

    @property
    def countersign_reply_working_days(self) -> int: ...

    @property
    def cleanup_interval_years(self) -> int: ...

    @property
    def default_validity_years(self) -> int | None: ...

    @property
    def interim_validity_years(self) -> int | None: ...

    @property
    def evaluate_months_before(self) -> int: ...


# A provisional due date (its year's holiday schedule unknown when it was stored) can move when
# the schedule is entered: later when the day becomes a holiday, earlier by at most a few days
# when a make-up working day (调休) is added before it. Readers looking for dates up to a horizon
# therefore look this far past it in the stored dates and then keep what the recount puts inside.
PROVISIONAL_SHIFT_DAYS = 10


def filing_due(rules: DeadlineRules, published_on: dt.date, body: str) -> Deadline:
    """报送备案: within the body's period (15 or 30 days) after publication."""
    return rules.calendar.deadline_in_days(published_on, rules.filing_days(body))


def current_filing_due(
    rules: DeadlineRules,
    *,
    stored: dt.date,
    provisional: bool,
    published_on: dt.date | None,
    body: str,
) -> Deadline:
    """The filing's due date as it stands today.

    A date stored while its year's holidays were unknown is counted again, so every screen shows
    the same date once the schedule has been entered; a settled date is the stored one.
    """
    if not provisional:
        return Deadline(stored)
    if published_on is not None:
        return filing_due(rules, published_on, body)
    return Deadline(stored, True, (stored.year,))


def resubmission_due(rules: DeadlineRules, result: str, returned_on: dt.date) -> Deadline:
    """After 暂缓办理备案登记: file again (补正) within the rulebook's refiling period of the
    answer; after 审查意见: report how it was corrected (纠正) within the report period. Counted
    like every calendar-day period (民法典 arts. 201/203)."""
    days = rules.correction_report_days if result == "审查意见" else rules.refiling_days
    return rules.calendar.deadline_in_days(returned_on, days)


def publication_due(rules: DeadlineRules, signed_on: dt.date) -> Deadline:
    """公开: within 20 working days of being made (signed), 政府信息公开条例 art. 26."""
    return rules.calendar.add_working_days(signed_on, rules.publication_working_days)


def review_due(rules: DeadlineRules, submitted_on: dt.date) -> Deadline:
    """合法性审核: at most N working days after the draft was submitted for review."""
    return rules.calendar.add_working_days(submitted_on, rules.review_max_working_days)


def countersign_reply_due(rules: DeadlineRules, received_on: dt.date) -> Deadline:
    """会签: reply within the office's default number of working days of receipt."""
    return rules.calendar.add_working_days(received_on, rules.countersign_reply_working_days)


def validity_years(rules: DeadlineRules, kind: str) -> int | None:
    """The validity a document has when it states none: none at all (in force until repealed,
    amended away or declared invalid) unless the office's rulebook switches on a default
    (`default_years`, and `interim_years` for 暂行 / 试行) that its province prescribes."""
    if kind in ("interim", "trial") and rules.interim_validity_years is not None:
        return rules.interim_validity_years
    return rules.default_validity_years


def valid_until(
    rules: DeadlineRules, *, effective_on: dt.date, kind: str, years: int | None = None
) -> dt.date | None:
    """Last day of validity: N years from the effective date, less one day; None without a
    stated period (or a default from the rulebook)."""
    years = years if years is not None else validity_years(rules, kind)
    return None if years is None else validity_end(effective_on, years)


def evaluation_window_end(rules: DeadlineRules, today: dt.date) -> dt.date:
    """Validity ending on or before this day must be evaluated now (re-publish or let lapse)."""
    return add_months(today, rules.evaluate_months_before)


def evaluation_due(rules: DeadlineRules, valid_until: dt.date) -> dt.date:
    """有效期届满前评估: due N months (the rulebook's, 6 by default) before validity ends.

    Counted back by calendar months; a month-end stays a month-end (valid until 2021-08-31 →
    evaluate by 2021-02-28; valid until 2021-02-28 → by 2020-08-31), and a day the shorter
    month lacks becomes its last day."""
    back = add_months(valid_until, -rules.evaluate_months_before)
    if (valid_until + dt.timedelta(days=1)).day == 1:
        return add_months(back.replace(day=1), 1) - dt.timedelta(days=1)
    return back


def next_cleanup_due(rules: DeadlineRules, last_finished: dt.date) -> dt.date:
    """定期清理: the next cleanup is due this long after the last one finished."""
    return add_years(last_finished, rules.cleanup_interval_years)


def lapses_reviewed_since(
    rules: DeadlineRules, today: dt.date, last_cleanup_as_of: dt.date | None
) -> dt.date:
    """Lapses before this day were taken stock of by the last cleanup (or lie beyond one cycle)."""
    if last_cleanup_as_of is not None:
        return last_cleanup_as_of
    return add_years(today, -rules.cleanup_interval_years)


# ------------------------------------------------------------ the office as filing body (备案审查)


class InboxRules(Protocol):
    """The numbers of the reviewer's side (docfiler.rules.rulebook.Rulebook provides them)."""

    @property
    def calendar(self) -> WorkCalendar: ...

    @property
    def inbox_filing_days(self) -> int: ...

    @property
    def refiling_days(self) -> int: ...

    @property
    def inbox_review_days(self) -> int: ...

    @property
    def correction_report_days(self) -> int: ...

    @property
    def suggestion_reply_days(self) -> int: ...


def inbox_filing_due(rules: InboxRules, published_on: dt.date) -> Deadline:
    """A unit's document is due with this office within N days of publication (备案办法 art. 3;
    the office's own filing-body period), counted per 民法典 arts. 201/203."""
    return rules.calendar.deadline_in_days(published_on, rules.inbox_filing_days)


def inbox_supplement_due(rules: InboxRules, deferred_on: dt.date) -> Deadline:
    """暂缓办理备案登记: the unit completes its materials (补正) within the refiling period."""
    return rules.calendar.deadline_in_days(deferred_on, rules.refiling_days)


def inbox_review_due(rules: InboxRules, started_on: dt.date) -> Deadline:
    """备案审查: finished within the rulebook's period (calendar days) of registration, or of the
    day a 审查建议 started it."""
    return rules.calendar.deadline_in_days(started_on, rules.inbox_review_days)


def followup_due(rules: InboxRules, opinion_on: dt.date) -> Deadline:
    """审查意见: the unit reports its 处理情况 within the report period (30 days by default)."""
    return rules.calendar.deadline_in_days(opinion_on, rules.correction_report_days)


def suggestion_reply_due(rules: InboxRules, received_on: dt.date) -> Deadline:
    """审查建议 (国办发〔2018〕37号): handled and answered in writing within the rulebook's period."""
    return rules.calendar.deadline_in_days(received_on, rules.suggestion_reply_days)
