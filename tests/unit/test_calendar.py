"""The working-day engine against the official 2025–2026 calendars, and against a
plain day-by-day walk over chinese-calendar for every year it covers."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.errors import CalendarRangeError

CAL = WorkCalendar(CalendarSources())


@pytest.mark.parametrize(
    "day, workday, name",
    [
        (date(2026, 10, 10), True, "国庆节"),  # Saturday made a working day by the 2026 notice (调休)
        (date(2026, 10, 5), False, "国庆节"),  # Monday inside the 10/1–10/7 break
        (date(2026, 2, 14), True, "春节"),  # Saturday worked before the 9-day Spring Festival
        (date(2026, 2, 23), False, "春节"),  # Monday, last day of the 2/15–2/23 break
        (date(2026, 1, 4), True, "元旦"),  # Sunday worked after 元旦 1/1–1/3
        (date(2025, 10, 8), False, "国庆节"),  # 2025: 中秋 and 国庆 merged, 10/1–10/8
        (date(2025, 1, 26), True, "春节"),  # 2025: Sunday worked before 除夕 1/28
        (date(2026, 3, 14), False, ""),  # an ordinary Saturday
        (date(2026, 3, 16), True, ""),  # an ordinary Monday
    ],
)
def test_official_days(day: date, workday: bool, name: str) -> None:
    info = CAL.day(day)
    assert (info.workday, info.name, info.source) == (workday, name, "official")


@pytest.mark.parametrize(
    "start, n, expected",
    [
        # 9/29, 9/30 count; 10/1–10/7 are skipped; Saturday 10/10 (调休) counts: 10/8, 10/9, 10/10, 10/12…10/16.
        (date(2026, 9, 28), 10, date(2026, 10, 16)),
        # 2025: Sunday 9/28 is a make-up working day (1), 9/29, 9/30, then 10/1–10/8 off, 10/9 (4), 10/10 (5).
        (date(2025, 9, 26), 5, date(2025, 10, 10)),
        # Friday 2/13 (1), Saturday 2/14 worked (2), 2/15–2/23 Spring Festival, Tuesday 2/24 (3).
        (date(2026, 2, 12), 3, date(2026, 2, 24)),
        # 2025: Saturday 1/25 rest, Sunday 1/26 worked (1), Monday 1/27 (2).
        (date(2025, 1, 24), 2, date(2025, 1, 27)),
        # Start on a holiday: 10/3 itself is not counted, first working day is 10/8.
        (date(2026, 10, 3), 1, date(2026, 10, 8)),
        # Backward: the working day before Thursday 10/8 is Wednesday 9/30 (10/1–10/7 off).
        (date(2026, 10, 8), -1, date(2026, 9, 30)),
        # Backward over Saturday 10/10 (worked): 10/12 back 1 is 10/10.
        (date(2026, 10, 12), -1, date(2026, 10, 10)),
    ],
)
def test_add_workdays(start: date, n: int, expected: date) -> None:
    assert CAL.add_workdays(start, n) == expected


def test_workdays_between_counts_after_start_through_end() -> None:
    # (2026-09-28, 2026-10-16]: 9/29, 9/30, 10/8, 10/9, 10/10, 10/12–10/16 = 10 working days.
    assert CAL.workdays_between(date(2026, 9, 28), date(2026, 10, 16)) == 10
    assert CAL.workdays_between(date(2026, 10, 16), date(2026, 9, 28)) == -10


def test_years_before_2004_are_refused() -> None:
    with pytest.raises(CalendarRangeError, match="2003"):
        CAL.day(date(2003, 12, 31))
    with pytest.raises(CalendarRangeError):
        CAL.add_workdays(date(2004, 1, 2), -5)


def test_years_after_2099_are_refused() -> None:
    with pytest.raises(CalendarRangeError, match="2100"):
        CAL.day(date(2100, 1, 4))


def _slow_add(start: date, n: int) -> date:
    """The obvious twin: walk day by day asking chinese-calendar."""
    step = timedelta(days=1 if n > 0 else -1)
    d, left = start, abs(n)
    while left:
        d += step
        if chinese_calendar.is_workday(d):
            left -= 1
    return d


@settings(max_examples=400, deadline=None)
@given(
    start=st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31)),
    n=st.integers(min_value=1, max_value=250),
    backward=st.booleans(),
)
def test_fast_engine_agrees_with_day_by_day_loop(start: date, n: int, backward: bool) -> None:
    signed = -n if backward else n
    try:
        expected = _slow_add(start, signed)
    except NotImplementedError:
        assume(False)  # the walk left 2004–2026, where chinese-calendar has no data
    assert CAL.add_workdays(start, signed) == expected
    if backward:
        # n working days in [expected, start); workdays_between counts (expected, start].
        assert CAL.workdays_between(expected, start) == n - 1 + CAL.is_workday(start)
    else:
        assert CAL.workdays_between(start, expected) == n


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31)))
def test_every_official_day_matches_chinese_calendar(day: date) -> None:
    assert CAL.is_workday(day) == chinese_calendar.is_workday(day)
