"""The working-day engine: is a day a working day, and counting working days fast.

`CalendarSources` decides which source answers for each year (user, then
official, then provisional). `WorkCalendar` precomputes, year by year, a flag
per day and a running count of working days, so "the Nth working day after D"
is one binary search and "working days between A and B" is one subtraction —
never a day-by-day walk through chinese-calendar (about 20 µs a day).

A provisional year has days of uncertain status (补假 placement, forecast
调休). A `WorkCalendar` resolves them by scenario: `best` (the forecast),
`earliest` (every uncertain day a working day) and `latest` (every uncertain
day a rest day). Periods computed under the last two bound what the official
notice can change.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from deadlines.core.caldata import (
    FIRST_YEAR,
    LAST_YEAR,
    Certainty,
    DayEntry,
    Region,
    Source,
    YearData,
    calendar_files,
    holiday_name_en,
    load_calendar_file,
    official_from_package,
)
from deadlines.core.errors import CalendarRangeError
from deadlines.core.i18n import Text

if TYPE_CHECKING:
    from deadlines.core.notices import Notice

Scenario = Literal["best", "earliest", "latest"]

_BASE = date(FIRST_YEAR, 1, 1).toordinal()


def check_year(year: int) -> None:
    """Refuse a year we have no data for and will not guess."""
    if year < FIRST_YEAR:
        raise CalendarRangeError(
            f"{year} 年早于 {FIRST_YEAR} 年，没有官方节假日数据，本工具不做推测。请使用 {FIRST_YEAR} 年及以后的日期。",
            f"{year} is before {FIRST_YEAR}: there is no official holiday data and the tool does not guess. "
            f"Use dates from {FIRST_YEAR} on.",
        )
    if year > LAST_YEAR:
        raise CalendarRangeError(
            f"{year} 年晚于 {LAST_YEAR} 年，超出农历表的范围，无法推算节假日。请使用 {LAST_YEAR} 年及以前的日期。",
            f"{year} is after {LAST_YEAR}, beyond the lunar tables: holidays cannot be forecast. "
            f"Use dates up to {LAST_YEAR}.",
        )


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one day, and on whose authority."""

    day: date
    workday: bool
    name: str
    """The holiday's Chinese name ('' for an ordinary day)."""
    source: Source
    certainty: Certainty
    region: str | None = None
    """The region key when a regional overlay made this a rest day."""
    notices: tuple[str, ...] = ()
    """The notices this day comes from (user calendars built from imported notices), in issue order."""

    @property
    def weekend(self) -> bool:
        return self.day.weekday() >= 5

    @property
    def makeup(self) -> bool:
        """A weekend day the notice makes a working day (调休上班)."""
        return self.workday and self.weekend

    def reason(self) -> Text:
        """Why the day is what it is: 周末, 国庆节, 国庆节调休上班, …"""
        if self.makeup:
            return Text(f"{self.name}调休上班", f"{holiday_name_en(self.name)} make-up working day")
        if not self.workday and self.name:
            return Text(self.name, holiday_name_en(self.name))
        if not self.workday:
            return Text("周末", "weekend")
        return Text("工作日", "working day")


class CalendarSources:
    """Resolves each year's data: user files, then official, then provisional."""

    def __init__(self, official_dir: Path | None = None, user_dir: Path | None = None) -> None:
        self.official_dir = official_dir
        self.user_dir = user_dir
        self._cache: dict[int, YearData] = {}

    @cached_property
    def _official_files(self) -> dict[int, Path]:
        return calendar_files(self.official_dir)

    @cached_property
    def _user_files(self) -> dict[int, Path]:
        return calendar_files(self.user_dir)

    def year(self, year: int) -> YearData:
        """The data in use for `year` (cached; files are read once per process)."""
        check_year(year)
        if year not in self._cache:
            self._cache[year] = self._resolve(year)
        return self._cache[year]

    def _resolve(self, year: int) -> YearData:
        if year in self._user_files:
            return load_calendar_file(self._user_files[year], "user")
        return self.base_year(year)

    def base_year(self, year: int) -> YearData:
        """The data for `year` without the user's calendars: official, else provisional.

        Imported notices are laid over this to build a user year.
        """
        check_year(year)
        if year in self._official_files:
            return load_calendar_file(self._official_files[year], "official")
        data = official_from_package(year)
        if data is not None:
            return data
        from deadlines.core.provisional import provisional_year

        return provisional_year(year)

    def overriding(self, *years: YearData) -> CalendarSources:
        """A copy of these sources in which `years` replace the data in use (to preview an import)."""
        other = CalendarSources(self.official_dir, self.user_dir)
        other._cache.update({y.year: y for y in years})
        return other

    def official_years(self) -> list[int]:
        """Years with official data (files or package), in order."""
        return [y for y in range(FIRST_YEAR, LAST_YEAR + 1) if y in self._official_files or official_from_package(y)]

    def user_years(self) -> list[int]:
        return sorted(self._user_files)

    def notices_dir(self) -> Path | None:
        """Where imported notices are kept (`notices/` in the user calendar dir)."""
        return self.user_dir / "notices" if self.user_dir is not None else None

    @cached_property
    def notices(self) -> list[Notice]:
        """The imported notices, as stored (read once per process)."""
        from deadlines.core.notices.years import load_notices

        return load_notices(self.notices_dir())


@dataclass(frozen=True)
class Coverage:
    """Which years each source answers for, seen from `today`."""

    today: date
    official: tuple[int, ...]
    official_origin: str
    user: tuple[int, ...]
    provisional_from: int

    @property
    def next_year_missing(self) -> bool:
        """From October on, next year has neither official nor user data (DESIGN.md)."""
        return self.today.month >= 10 and self.today.year + 1 not in set(self.official) | set(self.user)

    def warning(self) -> Text | None:
        """The warning every screen, command and mail shows while next year is missing."""
        if not self.next_year_missing:
            return None
        y = self.today.year + 1
        return Text(
            f"警告：{y} 年的官方节假日安排尚未导入，涉及 {y} 年的期限均为推算（可能变动）。"
            "国务院办公厅通知发布后，请运行 deadlines calendar import-notice 导入。",
            f"warning: the official holiday arrangement for {y} is not loaded; deadlines in {y} are provisional "
            "and may move. When the State Council notice is out, run deadlines calendar import-notice.",
        )


def coverage(sources: CalendarSources, today: date) -> Coverage:
    official = tuple(sources.official_years())
    user = tuple(sources.user_years())
    return Coverage(today, official, sources.year(max(official)).origin, user, max(set(official) | set(user)) + 1)


class WorkCalendar:
    """Fast working-day queries over the resolved calendar, one scenario at a time."""

    def __init__(self, sources: CalendarSources, region: Region | None = None, scenario: Scenario = "best") -> None:
        self.sources = sources
        self.region = region
        self.scenario = scenario
        self._workday = bytearray()
        self._cum: list[int] = [0]
        """_cum[i] = working days among the first i days from 2004-01-01."""
        self._named: dict[int, DayInfo] = {}
        """Named or non-plain days by ordinal."""
        self._year_end = FIRST_YEAR - 1
        self._provisional: dict[int, bool] = {}
        self._siblings: dict[Scenario, WorkCalendar] = {scenario: self}

    def under(self, scenario: Scenario) -> WorkCalendar:
        """The same calendar resolved under another scenario (built once, shared)."""
        if scenario not in self._siblings:
            other = WorkCalendar(self.sources, self.region, scenario)
            other._siblings = self._siblings
            self._share_settled_years(other)
            self._siblings[scenario] = other
        return self._siblings[scenario]

    def _share_settled_years(self, other: WorkCalendar) -> None:
        """Give a new sibling the years already built that no scenario can change (not provisional)."""
        year = FIRST_YEAR - 1
        while year < self._year_end and self.sources.year(year + 1).source != "provisional":
            year += 1
        if year < FIRST_YEAR:
            return
        n = date(year + 1, 1, 1).toordinal() - _BASE
        other._workday = self._workday[:n]
        other._cum = self._cum[: n + 1]
        other._named = {o: info for o, info in self._named.items() if o < _BASE + n}
        other._year_end = year

    # -- building ---------------------------------------------------------

    def _extend_to(self, year: int) -> None:
        check_year(year)
        while self._year_end < year:
            self._build_year(self._year_end + 1)

    def _region_entries(self, year: int) -> dict[date, DayEntry]:
        if self.region is None:
            return {}
        explicit = {e.day: e for e in self.region.entries if e.day.year == year}
        if explicit:
            return explicit
        from deadlines.core.lunar import lunar_to_solar

        days: dict[date, DayEntry] = {}
        for rule in self.region.rules:
            if year < rule.since:
                continue
            first = lunar_to_solar(year, rule.lunar_month, rule.lunar_day)
            for i in range(rule.days):
                d = first + timedelta(days=i)
                days[d] = DayEntry(d, False, rule.name)
        return days

    def _build_year(self, year: int) -> None:
        data = self.sources.year(year)
        entries = {e.day: e for e in data.entries}
        regional = self._region_entries(year)
        d = date(year, 1, 1)
        flags = self._workday
        cum = self._cum
        count = cum[-1]
        while d.year == year:
            entry = entries.get(d)
            workday = d.weekday() < 5
            certainty: Certainty = "certain"
            if entry is not None:
                certainty = entry.certainty
                if certainty == "certain" or self.scenario == "best":
                    workday = entry.workday
                else:
                    workday = self.scenario == "earliest"
            region_entry = regional.get(d)
            if region_entry is not None and (workday or entry is None):
                workday = False
                info = DayInfo(
                    d, False, region_entry.name, data.source, certainty, self.region.key if self.region else None
                )
                self._named[d.toordinal()] = info
            elif entry is not None:
                self._named[d.toordinal()] = DayInfo(
                    d, workday, entry.name, data.source, certainty, notices=entry.notices
                )
            flags.append(workday)
            count += workday
            cum.append(count)
            d += timedelta(days=1)
        self._year_end = year

    def _index(self, d: date) -> int:
        """Index of `d` in the arrays, building its year (and those before) if needed."""
        if d.year > self._year_end:
            self._extend_to(d.year)
        i = d.toordinal() - _BASE
        if i < 0:
            check_year(d.year)
        return i

    # -- queries ----------------------------------------------------------

    def day(self, d: date) -> DayInfo:
        """Everything about one day: working or rest, name, source, certainty."""
        i = self._index(d)
        named = self._named.get(d.toordinal())
        if named is not None:
            return named
        source = self.sources.year(d.year).source
        return DayInfo(d, bool(self._workday[i]), "", source, "certain")

    def is_workday(self, d: date) -> bool:
        return bool(self._workday[self._index(d)])

    def add_workdays(self, d: date, n: int) -> date:
        """The n-th working day after `d` (n > 0) or before it (n < 0); `d` itself never counts."""
        if n == 0:
            raise ValueError("n must not be 0")
        i = self._index(d)
        cum = self._cum
        if n > 0:
            target = cum[i + 1] + n
            while True:
                k = bisect.bisect_left(cum, target)
                if k < len(cum):
                    return date.fromordinal(_BASE + k - 1)
                self._extend_to(self._year_end + 1)
        target = cum[i] + n + 1
        if target <= 0:
            check_year(FIRST_YEAR - 1)
        k = bisect.bisect_left(cum, target)
        return date.fromordinal(_BASE + k - 1)

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: after `a`, up to and including `b` (negative if b < a)."""
        i, j = self._index(a), self._index(b)
        return self._cum[j + 1] - self._cum[i + 1]

    def next_workday(self, d: date) -> date:
        """`d` if it is a working day, else the first working day after it."""
        return d if self.is_workday(d) else self.add_workdays(d, 1)

    def prev_workday(self, d: date) -> date:
        """`d` if it is a working day, else the last working day before it."""
        return d if self.is_workday(d) else self.add_workdays(d, -1)

    def days(self, a: date, b: date) -> list[DayInfo]:
        """Every day in [a, b], for explanations and calendar views (not for counting)."""
        self._index(b)
        return [self.day(a + timedelta(days=k)) for k in range((b - a).days + 1)]

    def years(self, a: date, b: date) -> list[YearData]:
        """The data of every year that [a, b] touches."""
        lo, hi = min(a, b), max(a, b)
        return [self.sources.year(y) for y in range(lo.year, hi.year + 1)]

    def provisional_between(self, a: date, b: date) -> bool:
        """Whether any day in [a, b] comes from a provisional year."""
        lo, hi = (a.year, b.year) if a <= b else (b.year, a.year)
        return any(self._provisional_year(y) for y in range(lo, hi + 1))

    def _provisional_year(self, year: int) -> bool:
        known = self._provisional.get(year)
        if known is None:
            known = self._provisional[year] = self.sources.year(year).source == "provisional"
        return known
