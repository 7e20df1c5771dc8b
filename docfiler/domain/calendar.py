"""Day counting: calendar-day deadlines and working days under China's holiday schedule.

Rules (domain.md, "Counting days"):
- "within N days of X" starts the day after X; if the last day is a rest day it moves to the
  next working day (民法典 arts. 201, 203).
- "N working days" counts only working days after the start day.
- Working days skip weekends and public holidays and include the make-up working days (调休).
A year whose schedule the State Council has not yet announced is counted provisionally (暂定),
never silently. Only the fixed statutory holidays of 《全国年节及纪念日放假办法》 are certain rest
days in such a year (art. 2, 2024 revision: 元旦 1/1, 春节 除夕–初三, 清明, 劳动节 5/1–5/2, 端午, 中秋,
国庆 10/1–10/3): any weekend may become a make-up working day (调休). So a deadline there has two
dates: the act-by date (the earliest the legal last day can turn out to be: moved only off the
fixed holidays, never off a weekend), which the office is told, and the likely date (also moved
off weekends), shown beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

PROVISIONAL_HINT = (
    "暂定：{years}年的国务院节假日安排尚未公布（或尚未录入）。期限只避开已确定的法定节日，"
    "不避开周末（周末可能调休上班），请按此日期办理；周末不调休时法定期限为{likely}。"
    "通知公布后，请在规则文件的 [holidays.{first}] 中填写放假日期和调休上班日期，"
    "程序会重新计算（docfiler recount）。"
)
PROVISIONAL_WORKDAYS_HINT = (
    "暂定：{years}年的国务院节假日安排尚未公布（或尚未录入），工作日暂按双休日和已确定的法定节日"
    "推算。通知公布后，请在规则文件的 [holidays.{first}] 中填写放假日期和调休上班日期。"
)


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed date and whether it rests on an unknown year's holiday schedule."""

    date: dt.date
    """The date to act by: while provisional, the earliest the legal last day can turn out to be."""
    provisional: bool = False
    unknown_years: tuple[int, ...] = ()
    likely: dt.date | None = None
    """While provisional: the last day if no weekend becomes a working day (None = `date`)."""

    @property
    def likely_date(self) -> dt.date:
        return self.likely or self.date

    @property
    def hint(self) -> str | None:
        if not self.provisional:
            return None
        years = "、".join(str(y) for y in self.unknown_years)
        if self.likely is None:  # a count of working days
            return PROVISIONAL_WORKDAYS_HINT.format(years=years, first=self.unknown_years[0])
        likely = self.likely
        label = f"{likely.year}年{likely.month}月{likely.day}日"
        return PROVISIONAL_HINT.format(years=years, first=self.unknown_years[0], likely=label)


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
        """(is working day, provisional). In a year not yet announced: a weekday that is not a
        fixed statutory holiday, provisionally."""
        known = self._lookup(day)
        if known is None:
            return day.weekday() < 5 and day not in fixed_holidays(day.year), True
        return known, False

    def certainly_rest(self, day: dt.date) -> bool:
        """A rest day whatever the year's schedule turns out to be: an announced rest day, or a
        fixed statutory holiday of a year not yet announced (weekends there may become 调休)."""
        known = self._lookup(day)
        if known is None:
            return day in fixed_holidays(day.year)
        return not known

    def deadline_in_days(self, start: dt.date, days: int) -> Deadline:
        """Last day of "within `days` days of `start`", moved off rest days (民法典 201, 203).

        In a year not yet announced, `date` is moved only off certain rest days, `likely` also
        off weekends; both are provisional."""
        act_by = start + dt.timedelta(days=days)
        unknown: set[int] = set()
        while self.certainly_rest(act_by):
            act_by += dt.timedelta(days=1)
        likely = act_by
        while True:
            working, provisional = self.is_working_day(likely)
            if provisional:
                unknown.add(likely.year)
            if working:
                break
            likely += dt.timedelta(days=1)
        for day in _days(start + dt.timedelta(days=days), act_by):
            if self._lookup(day) is None:
                unknown.add(day.year)
        if not unknown:
            return Deadline(act_by)
        return Deadline(act_by, True, tuple(sorted(unknown)), likely)

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


def _days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


# 《全国年节及纪念日放假办法》第二条 as revised by 国务院令第798号 (2024-11-10, in force
# 2025-01-01): 13 days. 2008-2024 (国务院令第513号, 2007; 第644号, 2013): 11 days, without 除夕
# and 5/2. Before 2008 (国务院令第270号, 1999): 元旦, 春节 初一-初三, 5/1-5/3, 10/1-10/3.
_NEW_RULES_FROM = 2025
_TRADITIONAL_FESTIVALS_FROM = 2008


@cache
def fixed_holidays(year: int) -> frozenset[dt.date]:
    """The statutory holidays of `year` fixed by law, known before the State Council's yearly
    notice: the days no make-up working day can fall on."""
    from lunar_python import Lunar

    def lunar(month: int, day: int) -> dt.date:
        solar = Lunar.fromYmd(year, month, day).getSolar()
        return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())

    new_year = lunar(1, 1)  # 正月初一
    spring = [new_year + dt.timedelta(days=n) for n in range(3)]
    days = {dt.date(year, 1, 1), dt.date(year, 5, 1), *spring}
    days |= {dt.date(year, 10, d) for d in (1, 2, 3)}
    if year < _TRADITIONAL_FESTIVALS_FROM:
        return frozenset(days | {dt.date(year, 5, 2), dt.date(year, 5, 3)})
    days |= {_qingming(year), lunar(5, 5), lunar(8, 15)}
    if year >= _NEW_RULES_FROM:
        days |= {new_year - dt.timedelta(days=1), dt.date(year, 5, 2)}  # 除夕, 劳动节第二天
    return frozenset(days)


def _qingming(year: int) -> dt.date:
    """清明: the day of the solar term (农历清明当日)."""
    import chinese_calendar

    terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10))
    return next(day for day, name in terms if name == "清明")


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
