"""Lunar dates and the 清明 solar term, as solar dates, for the years the calendar covers.

Lunar dates come from the `lunardate` package (its tables reach lunar year 2099);
清明 comes from chinese-calendar's solar-term formula. Both are checked against
the official holidays 2008–2026 and an astronomical computation for 2004–2099
(see tests/unit/test_lunar.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from chinese_calendar import get_solar_terms
from lunardate import LunarDate

from deadlines.core.caldata import FIRST_YEAR, LAST_YEAR
from deadlines.core.errors import CalendarRangeError, DateError


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarRangeError(
            f"农历和节气只能推算 {FIRST_YEAR}–{LAST_YEAR} 年，无法推算 {year} 年。请换一个在此范围内的年份。",
            f"lunar dates and solar terms are known only for {FIRST_YEAR}-{LAST_YEAR}, not {year}. "
            "Use a year in that range.",
        )


def lunar_to_solar(year: int, month: int, day: int) -> date:
    """The solar date of lunar `year`-`month`-`day` (never a leap month)."""
    _check_year(year)
    try:
        solar: date = LunarDate(year, month, day).to_solar_date()
    except ValueError:
        raise DateError(
            f"农历 {year} 年 {month} 月没有 {day} 日。请检查月份（1–12）和日子（1–29 或 30）。",
            f"lunar year {year} has no day {day} in month {month}. Check the month (1-12) and the day (1-29 or 30).",
        ) from None
    return solar


def chuxi(year: int) -> date:
    """除夕: the last day of the lunar year before 正月初一 of lunar `year`."""
    return lunar_to_solar(year, 1, 1) - timedelta(days=1)


def qingming(year: int) -> date:
    """The day of the 清明 solar term (4 or 5 April in these years)."""
    _check_year(year)
    day: date = next(d for d, name in get_solar_terms(date(year, 4, 1), date(year, 4, 10)) if name == "清明")
    return day
