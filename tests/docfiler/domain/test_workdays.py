"""Day counting as domain.md prescribes (民法典 arts. 201, 203; State Council holiday schedules)."""

import datetime as dt

import pytest

from docfiler.domain.calendar import WorkCalendar, validity_end
from docfiler.rules.rulebook import Rulebook

D = dt.date


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar()


def test_filing_period_starts_the_day_after_publication(calendar):
    assert calendar.deadline_in_days(D(2016, 3, 1), 15).date == D(2016, 3, 16)


def test_last_day_on_national_day_moves_to_the_make_up_saturday(calendar):
    deadline = calendar.deadline_in_days(D(2016, 9, 16), 15)
    assert deadline.date == D(2016, 10, 8)  # a make-up working Saturday (调休)
    assert not deadline.provisional


def test_last_day_on_a_weekend_moves_to_monday(calendar):
    # 2016-10-16 is a Sunday.
    assert calendar.deadline_in_days(D(2016, 9, 16), 30).date == D(2016, 10, 17)


def test_working_days_skip_spring_festival_and_count_make_up_days(calendar):
    assert calendar.add_working_days(D(2026, 2, 10), 5).date == D(2026, 2, 24)


def test_unknown_year_is_counted_from_weekends_and_marked_provisional(calendar):
    deadline = calendar.deadline_in_days(D(2027, 9, 20), 15)
    assert deadline.provisional
    assert deadline.unknown_years == (2027,)
    assert "2027" in deadline.hint and "[holidays.2027]" in deadline.hint
    assert deadline.date.weekday() < 5


def test_schedule_added_in_config_makes_the_year_known():
    calendar = WorkCalendar.from_config(
        {
            "2027": {
                "holidays": [D(2027, 10, 1), D(2027, 10, 4), D(2027, 10, 5)],
                "workdays": [D(2027, 10, 9)],
            }
        }
    )
    # 2027-09-15 + 15 days = 2027-09-30 (Thursday), a working day.
    assert calendar.deadline_in_days(D(2027, 9, 15), 15) == calendar.deadline_in_days(
        D(2027, 9, 15), 15
    )
    deadline = calendar.deadline_in_days(D(2027, 9, 16), 15)  # 2027-10-01 holiday
    assert deadline.date == D(2027, 10, 6)
    assert not deadline.provisional
    assert calendar.is_working_day(D(2027, 10, 9)) == (True, False)


def test_rulebook_holidays_reach_the_calendar(tmp_path):
    override = tmp_path / "rulebook.toml"
    override.write_text(
        "[holidays.2027]\nholidays = [2027-01-01]\nworkdays = []\n", encoding="utf-8"
    )
    rulebook = Rulebook.load(override)
    assert rulebook.calendar.is_working_day(D(2027, 1, 1)) == (False, False)
    assert len(rulebook.sources) == 2


@pytest.mark.parametrize(
    ("effective", "years", "end"),
    [
        (D(2016, 3, 1), 5, D(2021, 2, 28)),
        (D(2020, 2, 29), 2, D(2022, 2, 28)),  # 民法典 202: month end
        (D(2024, 1, 1), 2, D(2025, 12, 31)),
    ],
)
def test_validity_ends_the_day_before_the_anniversary(effective, years, end):
    assert validity_end(effective, years) == end
