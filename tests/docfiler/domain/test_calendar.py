"""WorkCalendar and date arithmetic: the due dates a clerk sees (民法典 arts. 201-203).

Every expected date is pinned by hand from the State Council's schedules:
- 2016 Spring Festival: rest 02-07..02-13, make-up working days Sat 02-06 and Sun 02-14.
- 2016 National Day: rest 10-01..10-07, make-up working days Sat 10-08 and Sun 10-09.
2035 stands for a year whose schedule nobody has entered yet (chinese-calendar covers 2004-2026).
"""

from __future__ import annotations

import datetime as dt

import pytest

from docfiler.domain.calendar import (
    Deadline,
    WorkCalendar,
    add_months,
    add_years,
    validity_end,
)

D = dt.date
HINT_2035 = (
    "暂按双休日推算：2035年的国务院节假日安排尚未录入。"
    "通知公布后，请在规则文件的 [holidays.2035] 中填写放假日期和调休上班日期。"
)


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar()


# ---------------------------------------------------------------------------- which days work


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2016, 2, 5), (True, False)),  # Friday before Spring Festival
        (D(2016, 2, 6), (True, False)),  # make-up working Saturday
        (D(2016, 2, 8), (False, False)),  # Monday in Spring Festival
        (D(2016, 2, 14), (True, False)),  # make-up working Sunday
        (D(2016, 10, 3), (False, False)),  # Monday in the National Day holiday
        (D(2016, 10, 8), (True, False)),  # make-up working Saturday
        (D(2016, 10, 15), (False, False)),  # ordinary Saturday
        (D(2035, 9, 1), (False, True)),  # Saturday of an unknown year: rest, provisional
        (D(2035, 9, 2), (False, True)),  # Sunday of an unknown year
        (D(2035, 9, 3), (True, True)),  # Monday of an unknown year: working, provisional
    ],
)
def test_is_working_day(calendar, day, expected):
    assert calendar.is_working_day(day) == expected


def test_years_known_from_the_package_or_the_rulebook(calendar):
    assert calendar.year_known(2016)
    assert calendar.year_known(2026)
    assert not calendar.year_known(2035)
    assert WorkCalendar.from_config({"2035": {"holidays": [D(2035, 10, 1)]}}).year_known(2035)


def test_a_rulebook_year_with_holidays_only():
    calendar = WorkCalendar.from_config({"2035": {"holidays": ["2035-10-01", "2035-10-02"]}})
    assert calendar.is_working_day(D(2035, 10, 1)) == (False, False)
    assert calendar.is_working_day(D(2035, 10, 2)) == (False, False)
    assert calendar.is_working_day(D(2035, 10, 3)) == (True, False)  # Wednesday
    assert calendar.is_working_day(D(2035, 9, 29)) == (False, False)  # Saturday


def test_a_rulebook_year_with_make_up_days_only():
    calendar = WorkCalendar.from_config({"2035": {"workdays": ["2035-09-29"]}})
    assert calendar.is_working_day(D(2035, 9, 29)) == (True, False)  # a make-up Saturday
    assert calendar.is_working_day(D(2035, 9, 30)) == (False, False)  # Sunday


def test_rulebook_dates_may_be_dates_datetimes_or_iso_text():
    calendar = WorkCalendar.from_config(
        {
            2035: {
                "holidays": [D(2035, 10, 1), dt.datetime(2035, 10, 2, 0, 0), "2035-10-03"],
                "workdays": ["2035-09-29"],
            }
        }
    )
    for day in (D(2035, 10, 1), D(2035, 10, 2), D(2035, 10, 3)):
        assert calendar.is_working_day(day) == (False, False)
    assert calendar.is_working_day(D(2035, 9, 29)) == (True, False)


# ---------------------------------------------------------------------------- "within N days"


def test_last_day_in_spring_festival_moves_to_the_make_up_sunday(calendar):
    # Published 2016-01-23; day 15 is 2016-02-07, the first day of the Spring Festival rest.
    assert calendar.deadline_in_days(D(2016, 1, 23), 15) == Deadline(D(2016, 2, 14))


def test_last_day_on_a_make_up_saturday_stays(calendar):
    assert calendar.deadline_in_days(D(2016, 1, 22), 15) == Deadline(D(2016, 2, 6))


def test_last_day_on_an_unknown_weekend_moves_to_monday_and_is_provisional(calendar):
    deadline = calendar.deadline_in_days(D(2035, 8, 17), 15)  # day 15: Saturday 2035-09-01
    assert deadline == Deadline(D(2035, 9, 3), provisional=True, unknown_years=(2035,))
    assert deadline.hint == HINT_2035


def test_a_known_deadline_has_no_hint(calendar):
    assert calendar.deadline_in_days(D(2016, 3, 1), 15).hint is None


# ---------------------------------------------------------------------------- working days


def test_working_days_skip_national_day_and_count_its_make_up_weekend(calendar):
    # Submitted Wednesday 2016-09-28: 09-29, 09-30, 10-08 (Sat), 10-09 (Sun), 10-10.
    assert calendar.add_working_days(D(2016, 9, 28), 5) == Deadline(D(2016, 10, 10))


def test_working_days_count_both_spring_festival_make_up_days(calendar):
    # Submitted Thursday 2016-02-04: 02-05, 02-06 (Sat), then 02-14 (Sun) after the rest.
    assert calendar.add_working_days(D(2016, 2, 4), 3) == Deadline(D(2016, 2, 14))


def test_zero_working_days_is_the_start_day(calendar):
    assert calendar.add_working_days(D(2016, 10, 1), 0) == Deadline(D(2016, 10, 1))


def test_working_days_in_an_unknown_year_are_provisional(calendar):
    # Thursday 2035-08-30: 08-31 (Fri), 09-03 (Mon), 09-04 (Tue).
    deadline = calendar.add_working_days(D(2035, 8, 30), 3)
    assert deadline == Deadline(D(2035, 9, 4), provisional=True, unknown_years=(2035,))
    assert deadline.hint == HINT_2035


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2016, 9, 30), D(2016, 10, 10), 3),  # 10-08, 10-09, 10-10
        (D(2016, 2, 5), D(2016, 2, 15), 3),  # 02-06, 02-14, 02-15
        (D(2016, 10, 10), D(2016, 10, 11), 1),
        (D(2016, 10, 10), D(2016, 10, 10), 0),
        (D(2016, 10, 11), D(2016, 10, 10), 0),
    ],
)
def test_working_days_between(calendar, start, end, count):
    assert calendar.working_days_between(start, end) == count


# ---------------------------------------------------------------------------- years and months


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (D(2016, 3, 1), 5, D(2021, 3, 1)),
        (D(2016, 2, 29), 1, D(2017, 2, 28)),
        (D(2016, 2, 29), 4, D(2020, 2, 29)),
        (D(2016, 12, 31), -2, D(2014, 12, 31)),
    ],
)
def test_add_years(day, years, expected):
    assert add_years(day, years) == expected


def test_validity_from_29_february_ends_on_28_february():
    assert validity_end(D(2020, 2, 29), 2) == D(2022, 2, 28)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2016, 3, 15), 6, D(2016, 9, 15)),
        (D(2016, 3, 31), 6, D(2016, 9, 30)),  # September has 30 days
        (D(2015, 8, 31), 6, D(2016, 2, 29)),  # leap February
        (D(2016, 8, 31), 6, D(2017, 2, 28)),
        (D(2016, 7, 15), 6, D(2017, 1, 15)),  # into January of the next year
        (D(2016, 6, 15), 6, D(2016, 12, 15)),  # December stays in the year
        (D(2016, 1, 15), 12, D(2017, 1, 15)),
        (D(2016, 3, 15), -3, D(2015, 12, 15)),
        (D(2016, 12, 31), -6, D(2016, 6, 30)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected
