"""`periods.step`, the one stepper every schedule uses, against plain twins on the official calendar."""

from __future__ import annotations

import calendar as stdcal
from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.periods import step

CAL = WorkCalendar(CalendarSources())


@pytest.mark.parametrize(
    "start, amount, unit, expected",
    [
        (date(2026, 3, 2), 30, "day", date(2026, 4, 1)),
        (date(2026, 3, 2), -30, "day", date(2026, 1, 31)),
        # 10 working days after Wed 9/30: 10/1–10/7 off, Sat 10/10 worked → Tue 10/20.
        (date(2026, 9, 30), 10, "workday", date(2026, 10, 20)),
        # 7 working days before Thu 12/31: 12/30, 29, 28, 25, 24, 23, 22.
        (date(2026, 12, 31), -7, "workday", date(2026, 12, 22)),
        # 第二百零二条: no corresponding day → the month's last day.
        (date(2026, 1, 31), 1, "month", date(2026, 2, 28)),
        (date(2024, 2, 29), 1, "year", date(2025, 2, 28)),
        (date(2026, 12, 31), -6, "month", date(2026, 6, 30)),
    ],
)
def test_step(start: date, amount: int, unit: str, expected: date) -> None:
    assert step(CAL, start, amount, unit) == expected  # type: ignore[arg-type]


def test_working_days_need_a_calendar() -> None:
    with pytest.raises(ValueError):
        step(None, date(2026, 3, 2), 5, "workday")
    assert step(None, date(2026, 3, 2), 1, "year") == date(2027, 3, 2)


def _months_later(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, min(d.day, stdcal.monthrange(y, m + 1)[1]))


def _workdays_later(d: date, n: int) -> date:
    sign = 1 if n > 0 else -1
    for _ in range(abs(n)):
        d += timedelta(days=sign)
        while not chinese_calendar.is_workday(d):
            d += timedelta(days=sign)
    return d


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2005, 1, 1), max_value=date(2025, 12, 31)),
    amount=st.integers(min_value=-40, max_value=40).filter(bool),
    unit=st.sampled_from(["day", "workday", "month", "year"]),
)
def test_step_matches_the_plain_twins(start: date, amount: int, unit: str) -> None:
    if unit == "year":
        amount = amount % 3 + 1 if amount > 0 else -(-amount % 3 + 1)
    twin = {
        "day": lambda: start + timedelta(days=amount),
        "workday": lambda: _workdays_later(start, amount),
        "month": lambda: _months_later(start, amount),
        "year": lambda: _months_later(start, 12 * amount),
    }[unit]()
    assert step(CAL, start, amount, unit) == twin  # type: ignore[arg-type]
