"""Day counting: calendar-day deadlines and working days under China's holiday schedule.

Rules (domain.md, "Counting days"):
- "within N days of X" starts the day after X; if the last day is a rest day it moves to the
  next working day (民法典 arts. 201, 203).
- "N working days" counts only working days after the start day.
- Working days skip weekends and public holidays and include the make-up working days (调休).
A year whose schedule is unknown is counted from weekends alone and the result is marked
provisional, never silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

PROVISIONAL_HINT = (
    "暂按双休日推算：{years}年的国务院节假日安排尚未录入。"
    "通知公布后，请在规则文件的 [holidays.{first}] 中填写放假日期和调休上班日期。"
)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed date and whether it rests on an unknown year's holiday schedule."""

    date: dt.date
    provisional: bool = False
    unknown_years: tuple[int, ...] = ()

    @property
    def hint(self) -> str | None:
        if not self.provisional:
            return None
        years = "、".join(str(y) for y in self.unknown_years)
        return PROVISIONAL_HINT.format(years=years, first=self.unknown_years[0])


@dataclass(frozen=True, slots=True)
class YearSchedule:
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()


def _packaged_day(day: dt.date) -> bool | None:
    """True for a working day per the packaged calendar, None if the year is not covered."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


@dataclass
class WorkCalendar:
    """Knows which days are working days; extra years come from the rulebook."""

    extra: Mapping[int, YearSchedule] = field(default_factory=dict)
    _cache: dict[dt.date, bool | None] = field(default_factory=dict, repr=False)

    @classmethod
    def from_config(cls, holidays: Mapping[str, Mapping[str, Iterable]]) -> WorkCalendar:
        extra = {}
        for year, entry in holidays.items():
            extra[int(year)] = YearSchedule(
                holidays=frozenset(_as_date(d) for d in entry.get("holidays", [])),
                workdays=frozenset(_as_date(d) for d in entry.get("workdays", [])),
            )
        return cls(extra=extra)

    def year_known(self, year: int) -> bool:
        if year in self.extra:
            return True
        return _packaged_day(dt.date(year, 6, 1)) is not None

    def _lookup(self, day: dt.date) -> bool | None:
        if day in self._cache:
            return self._cache[day]
        schedule = self.extra.get(day.year)
        if schedule is not None:
            if day in schedule.workdays:
                result: bool | None = True
            elif day in schedule.holidays:
                result = False
            else:
                result = day.weekday() < 5
        else:
            result = _packaged_day(day)
        self._cache[day] = result
        return result

    def is_working_day(self, day: dt.date) -> tuple[bool, bool]:
        """(is working day, provisional)."""
        known = self._lookup(day)
        if known is None:
            return day.weekday() < 5, True
        return known, False

    def deadline_in_days(self, start: dt.date, days: int) -> Deadline:
        """Last day of "within `days` days of `start`", moved off rest days."""
        last = start + dt.timedelta(days=days)
        unknown: set[int] = set()
        while True:
            working, provisional = self.is_working_day(last)
            if provisional:
                unknown.add(last.year)
            if working:
                break
            last += dt.timedelta(days=1)
        return Deadline(last, bool(unknown), tuple(sorted(unknown)))

    def add_working_days(self, start: dt.date, days: int) -> Deadline:
        """The day on which `days` working days after `start` have passed."""
        current = start
        counted = 0
        unknown: set[int] = set()
        while counted < days:
            current += dt.timedelta(days=1)
            working, provisional = self.is_working_day(current)
            if provisional:
                unknown.add(current.year)
            if working:
                counted += 1
        return Deadline(current, bool(unknown), tuple(sorted(unknown)))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count = 0
        current = start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_working_day(current)[0]:
                count += 1
        return count


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def add_years(day: dt.date, years: int) -> dt.date:
    """Same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def validity_end(effective: dt.date, years: int) -> dt.date:
    """Validity of N years from E ends on E + N years − 1 day, inclusive.

    From 29 February into a year without one, the period ends on 28 February: the month's last
    day stands in for the missing day (民法典 art. 202).
    """
    anniversary = add_years(effective, years)
    if (effective.month, effective.day) == (2, 29) and anniversary.day == 28:
        return anniversary
    return anniversary - dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    import calendar

    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))
