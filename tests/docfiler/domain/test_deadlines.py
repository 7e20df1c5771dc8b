"""Every due date the office works to (docfiler.domain.deadlines), pinned by hand.

The rules are the defaults the rulebook cites: filing with 营口市人民政府 within 15 days of
publication, with 盖州市人大常委会 within 30; legality review at most 15 working days; countersign
reply 10 working days; cleanup every 2 years; validity 5 years, 2 for 暂行/试行; evaluation
6 months before expiry. 2016 National Day: rest 10-01..10-07, make-up Sat 10-08 and Sun 10-09.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from docfiler.domain import deadlines
from docfiler.domain.calendar import Deadline, WorkCalendar

D = dt.date
CITY = "营口市人民政府"
NPC = "盖州市人大常委会"


@dataclass
class Rules:
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    review_max_working_days: int = 15
    countersign_reply_working_days: int = 10
    cleanup_interval_years: int = 2
    default_validity_years: int = 5
    interim_validity_years: int = 2
    evaluate_months_before: int = 6
    refiling_days: int = 15
    correction_report_days: int = 30
    publication_working_days: int = 20

    def filing_days(self, body: str) -> int:
        return {CITY: 15, NPC: 30}[body]


RULES = Rules()


# ---------------------------------------------------------------------------- filing


@pytest.mark.parametrize(
    ("published", "body", "due"),
    [
        (D(2016, 3, 1), CITY, D(2016, 3, 16)),
        (D(2016, 3, 1), NPC, D(2016, 3, 31)),
        (D(2016, 9, 16), CITY, D(2016, 10, 8)),  # 10-01 is National Day: the make-up Saturday
        (D(2016, 9, 16), NPC, D(2016, 10, 17)),  # 10-16 is a Sunday
    ],
)
def test_filing_due(published, body, due):
    assert deadlines.filing_due(RULES, published, body) == Deadline(due)


def test_refiling_after_zanhuan_runs_its_own_period_from_the_answer():
    """暂缓办理备案登记 (法规规章备案审查条例, 国务院令第789号): 补正 within the rulebook's 15 days
    of the answer: 2016-09-16 + 15 → 10-01 is National Day → the make-up Saturday 10-08."""
    answer = D(2016, 9, 16)
    assert deadlines.resubmission_due(RULES, "暂缓办理备案登记", answer) == Deadline(D(2016, 10, 8))


def test_correction_after_a_review_opinion_is_reported_within_30_days():
    """审查意见 (纠正): 2016-09-16 + 30 → 10-16 is a Sunday → 10-17."""
    answer = D(2016, 9, 16)
    assert deadlines.resubmission_due(RULES, "审查意见", answer) == Deadline(D(2016, 10, 17))


def test_publication_within_20_working_days_of_signing():
    """政府信息公开条例 art. 26: signed Tue 2016-03-01, no holiday in March 2016 → 03-29."""
    assert deadlines.publication_due(RULES, D(2016, 3, 1)) == Deadline(D(2016, 3, 29))


def test_a_settled_filing_date_is_shown_as_stored():
    due = deadlines.current_filing_due(
        RULES, stored=D(2016, 3, 18), provisional=False, published_on=D(2016, 3, 1), body=CITY
    )
    assert due == Deadline(D(2016, 3, 18))


def test_a_provisional_filing_date_is_counted_again_once_the_schedule_is_entered():
    # Stored while 2035 was unknown: day 15 after 2035-08-17 is Saturday 09-01; the office is
    # told to act by that Saturday (it may become a make-up working day), Monday 09-03 likely.
    stored = deadlines.filing_due(RULES, D(2035, 8, 17), CITY)
    assert stored == Deadline(
        D(2035, 9, 1), provisional=True, unknown_years=(2035,), likely=D(2035, 9, 3)
    )
    # Then the office enters a (made-up) 2035 schedule in which 09-03 is a holiday.
    entered = Rules(
        calendar=WorkCalendar.from_config({"2035": {"holidays": ["2035-09-03"], "workdays": []}})
    )
    due = deadlines.current_filing_due(
        entered, stored=stored.date, provisional=True, published_on=D(2035, 8, 17), body=CITY
    )
    assert due == Deadline(D(2035, 9, 4))


def test_a_provisional_filing_date_without_publication_still_explains_itself():
    due = deadlines.current_filing_due(
        RULES, stored=D(2035, 9, 3), provisional=True, published_on=None, body=CITY
    )
    assert due.provisional
    assert due.hint == (
        "暂定：2035年的国务院节假日安排尚未公布（或尚未录入），工作日暂按双休日和已确定的法定节日"
        "推算。通知公布后，请在规则文件的 [holidays.2035] 中填写放假日期和调休上班日期。"
    )


# ---------------------------------------------------------------------------- working days


def test_legality_review_due_after_15_working_days():
    # Submitted Wednesday 2016-09-28: 09-29, 09-30, 10-08 .. 10-14, 10-17 .. 10-21, 10-24.
    assert deadlines.review_due(RULES, D(2016, 9, 28)) == Deadline(D(2016, 10, 24))


def test_countersign_reply_due_after_10_working_days():
    # Received 2016-09-28: the 10th working day is Monday 2016-10-17.
    assert deadlines.countersign_reply_due(RULES, D(2016, 9, 28)) == Deadline(D(2016, 10, 17))


# ---------------------------------------------------------------------------- validity


@pytest.mark.parametrize(("kind", "years"), [("regular", 5), ("interim", 2), ("trial", 2)])
def test_default_validity_years(kind, years):
    assert deadlines.validity_years(RULES, kind) == years


@pytest.mark.parametrize(
    ("kind", "years", "until"),
    [
        ("regular", None, D(2021, 2, 28)),
        ("interim", None, D(2018, 2, 28)),
        ("trial", None, D(2018, 2, 28)),
        ("regular", 3, D(2019, 2, 28)),  # a stated validity wins over the default
        ("interim", 1, D(2017, 2, 28)),
    ],
)
def test_valid_until(kind, years, until):
    assert deadlines.valid_until(RULES, effective_on=D(2016, 3, 1), kind=kind, years=years) == (
        until
    )


def test_evaluation_window_reaches_6_months_ahead():
    assert deadlines.evaluation_window_end(RULES, D(2016, 3, 31)) == D(2016, 9, 30)
    assert deadlines.evaluation_window_end(RULES, D(2016, 10, 18)) == D(2017, 4, 18)


# ---------------------------------------------------------------------------- cleanup


def test_next_cleanup_due_2_years_after_the_last():
    assert deadlines.next_cleanup_due(RULES, D(2016, 12, 20)) == D(2018, 12, 20)


def test_lapses_reviewed_since_the_last_cleanup_or_one_cycle_back():
    assert deadlines.lapses_reviewed_since(RULES, D(2016, 10, 18), D(2016, 6, 30)) == D(2016, 6, 30)
    assert deadlines.lapses_reviewed_since(RULES, D(2016, 10, 18), None) == D(2014, 10, 18)


@pytest.mark.parametrize(
    ("valid_until", "evaluate_by"),
    [
        (D(2021, 8, 31), D(2021, 2, 28)),  # the example: month-end to month-end
        (D(2021, 2, 28), D(2020, 8, 31)),
        (D(2024, 8, 31), D(2024, 2, 29)),  # leap year
        (D(2027, 2, 27), D(2026, 8, 27)),
        (D(2026, 12, 30), D(2026, 6, 30)),
    ],
)
def test_the_evaluation_is_due_six_months_before_validity_ends(valid_until, evaluate_by):
    assert deadlines.evaluation_due(RULES, valid_until) == evaluate_by
