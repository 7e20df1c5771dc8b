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
    "暂定：2035年的国务院节假日安排尚未公布（或尚未录入）。期限只避开已确定的法定节日，"
    "不避开周末（周末可能调休上班），请按此日期办理；周末不调休时法定期限为2035年9月3日。"
    "通知公布后，请在规则文件的 [holidays.2035] 中填写放假日期和调休上班日期，"
    "程序会重新计算（docfiler recount）。"
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


def test_last_day_on_an_unknown_weekend_stays_and_monday_is_only_likely(calendar):
    # The weekend may become a make-up working day (调休) once 2035's notice is out: the office
    # is told Saturday 2035-09-01 (the earliest the legal last day can be), Monday as likely.
    deadline = calendar.deadline_in_days(D(2035, 8, 17), 15)  # day 15: Saturday 2035-09-01
    assert deadline == Deadline(
        D(2035, 9, 1), provisional=True, unknown_years=(2035,), likely=D(2035, 9, 3)
    )
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
    assert deadline.hint == (
        "暂定：2035年的国务院节假日安排尚未公布（或尚未录入），工作日暂按双休日和已确定的法定节日"
        "推算。通知公布后，请在规则文件的 [holidays.2035] 中填写放假日期和调休上班日期。"
    )


def test_working_days_in_an_unknown_year_skip_its_fixed_holidays(calendar):
    # Wednesday 2027-09-29: 09-30 (Thu), then 10-01..10-03 are fixed statutory holidays
    # (放假办法 art. 2), 10-02/10-03 a weekend anyway; 10-04 (Mon), 10-05 (Tue).
    deadline = calendar.add_working_days(D(2027, 9, 29), 3)
    assert deadline == Deadline(D(2027, 10, 5), provisional=True, unknown_years=(2027,))


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


# ------------------------------------------------------- years whose notice is not out yet


class _Unannounced(WorkCalendar):
    """The packaged calendar, except that `hidden` years are treated as not yet announced."""

    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.hidden = hidden

    def _lookup(self, day):
        return None if day.year == self.hidden else super()._lookup(day)


@pytest.mark.parametrize("year", range(2016, 2027))
def test_the_act_by_date_is_never_later_than_the_real_last_day(year):
    # Replaying each announced year as if its notice were not out yet: for every publication
    # day, the date the office is told to act by is on or before the legal last day that the
    # notice then gave (民法典 arts. 201, 203). (The likely date is only likely: a notice that
    # lengthens a holiday beyond its fixed days puts the real last day after it.)
    known, unknown = WorkCalendar(), _Unannounced(year)
    published = D(year - 1, 12, 17)
    while published < D(year, 12, 17):
        for days in (15, 30):
            real = known.deadline_in_days(published, days).date
            guess = unknown.deadline_in_days(published, days)
            assert guess.date <= real, (published, days)
        published += dt.timedelta(days=1)


@pytest.mark.parametrize("year", range(2008, 2027))
def test_the_fixed_statutory_holidays_are_rest_days_in_every_announced_year(year):
    # 放假办法 art. 2 (2013 text before 2025, 2024 text from 2025): no notice ever made one a
    # working day, so they are the only certain rest days of a year not yet announced.
    from docfiler.domain.calendar import fixed_holidays

    calendar = WorkCalendar()
    assert [d for d in sorted(fixed_holidays(year)) if calendar.is_working_day(d)[0]] == []


def test_the_fixed_holidays_of_2027_by_statute():
    from docfiler.domain.calendar import fixed_holidays

    # 元旦; 除夕 02-05 and 正月初一..初三 02-06..02-08; 清明 04-05; 劳动节 05-01..02;
    # 端午 06-09; 中秋 09-15; 国庆 10-01..03 (lunar dates checked against the 2027 almanac).
    assert sorted(fixed_holidays(2027)) == [
        D(2027, 1, 1),
        D(2027, 2, 5),
        D(2027, 2, 6),
        D(2027, 2, 7),
        D(2027, 2, 8),
        D(2027, 4, 5),
        D(2027, 5, 1),
        D(2027, 5, 2),
        D(2027, 6, 9),
        D(2027, 9, 15),
        D(2027, 10, 1),
        D(2027, 10, 2),
        D(2027, 10, 3),
    ]
