"""Lunar dates and 清明, checked two independent ways.

1. The official holidays 2008–2026 (chinese-calendar's data, transcribed from the
   State Council notices; it computes no lunar date itself).
2. Astronomy, for every year to 2099: a lunar month starts on the day (Beijing time)
   of a new moon, and 清明 is the day the sun reaches longitude 15°. The new moons use
   Meeus, *Astronomical Algorithms* (2nd ed.), ch. 49, accurate to about a minute. The
   sun uses ch. 25's low-accuracy formula, good to about 15 minutes. Instants too close
   to midnight for that accuracy are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from math import radians, sin

import pytest
from chinese_calendar import get_holiday_detail, is_workday

from deadlines.core.errors import CalendarRangeError, DateError
from deadlines.core.i18n import Text
from deadlines.core.lunar import chuxi, lunar_to_solar, qingming

OFFICIAL_YEARS = range(2008, 2027)
"""Years whose official calendars have 清明, 端午 and 中秋 as holidays (from the 2007 law on)."""
ALL_YEARS = range(2004, 2100)


# --- the astronomical oracle -------------------------------------------------------------


def _beijing(jde: float) -> datetime:
    """Beijing time of a Julian Ephemeris Day (TT), with NASA's polynomial ΔT (Espenak & Meeus)."""
    year = 2000 + (jde - 2451545.0) / 365.25
    t, u = year - 2000, (year - 1820) / 100
    delta_t = 62.92 + 0.32217 * t + 0.005589 * t * t if year < 2050 else -20 + 32 * u * u - 0.5628 * (2150 - year)
    return datetime(2000, 1, 1, 12) + timedelta(days=jde - 2451545.0, seconds=8 * 3600 - delta_t)


def _new_moon(k: int) -> datetime:
    """The k-th new moon after 2000-01-06 (Meeus ch. 49, all periodic and planetary terms)."""
    t = k / 1236.85
    jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t**2 - 0.00000015 * t**3 + 0.00000000073 * t**4
    e = 1 - 0.002516 * t - 0.0000074 * t**2
    m = radians(2.5534 + 29.1053567 * k - 0.0000014 * t**2 - 0.00000011 * t**3)
    mp = radians(201.5643 + 385.81693528 * k + 0.0107582 * t**2 + 0.00001238 * t**3 - 0.000000058 * t**4)
    f = radians(160.7108 + 390.67050284 * k - 0.0016118 * t**2 - 0.00000227 * t**3 + 0.000000011 * t**4)
    om = radians(124.7746 - 1.56375588 * k + 0.0020672 * t**2 + 0.00000215 * t**3)
    terms = [
        (-0.4072, mp),
        (0.17241 * e, m),
        (0.01608, 2 * mp),
        (0.01039, 2 * f),
        (0.00739 * e, mp - m),
        (-0.00514 * e, mp + m),
        (0.00208 * e * e, 2 * m),
        (-0.00111, mp - 2 * f),
        (-0.00057, mp + 2 * f),
        (0.00056 * e, 2 * mp + m),
        (-0.00042, 3 * mp),
        (0.00042 * e, m + 2 * f),
        (0.00038 * e, m - 2 * f),
        (-0.00024 * e, 2 * mp - m),
        (-0.00017, om),
        (-0.00007, mp + 2 * m),
        (0.00004, 2 * mp - 2 * f),
        (0.00004, 3 * m),
        (0.00003, mp + m - 2 * f),
        (0.00003, 2 * mp + 2 * f),
        (-0.00003, mp + m + 2 * f),
        (0.00003, mp - m + 2 * f),
        (-0.00002, mp - m - 2 * f),
        (-0.00002, 3 * mp + m),
        (0.00002, 4 * mp),
    ]
    planets = [
        (0.000325, 299.77 + 0.107408 * k - 0.009173 * t**2),
        (0.000165, 251.88 + 0.016321 * k),
        (0.000164, 251.83 + 26.651886 * k),
        (0.000126, 349.42 + 36.412478 * k),
        (0.00011, 84.66 + 18.206239 * k),
        (0.000062, 141.74 + 53.303771 * k),
        (0.00006, 207.14 + 2.453732 * k),
        (0.000056, 154.84 + 7.30686 * k),
        (0.000047, 34.52 + 27.261239 * k),
        (0.000042, 207.19 + 0.121824 * k),
        (0.00004, 291.34 + 1.844379 * k),
        (0.000037, 161.72 + 24.198154 * k),
        (0.000035, 239.56 + 25.513099 * k),
        (0.000023, 331.55 + 3.592518 * k),
    ]
    jde += sum(c * sin(a) for c, a in terms) + sum(c * sin(radians(a)) for c, a in planets)
    return _beijing(jde)


def _sun_longitude(jde: float) -> float:
    """Apparent solar longitude in degrees (Meeus ch. 25, low accuracy)."""
    t = (jde - 2451545.0) / 36525
    m = radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    c = (1.914602 - 0.004817 * t) * sin(m) + (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000289 * sin(3 * m)
    return (
        280.46646 + 36000.76983 * t + 0.0003032 * t * t + c - 0.00569 - 0.00478 * sin(radians(125.04 - 1934.136 * t))
    ) % 360


def _sun_reaches(longitude: float, around: date) -> datetime:
    """When the sun reaches `longitude` (a solar term), near the day `around`."""
    jde = 2451545.0 + (around - date(2000, 1, 1)).days - 0.5
    for _ in range(5):
        jde += ((longitude - _sun_longitude(jde) + 180) % 360 - 180) / 0.98564736
    return _beijing(jde)


def _near_midnight(t: datetime, minutes: int) -> bool:
    return min(t.hour * 60 + t.minute, 24 * 60 - (t.hour * 60 + t.minute)) < minutes


# --- against the official calendars -----------------------------------------------------


@pytest.mark.parametrize("year", OFFICIAL_YEARS)
def test_official_spring_festival_contains_zhengyue_chuyi(year: int) -> None:
    assert get_holiday_detail(lunar_to_solar(year, 1, 1)) == (True, "Spring Festival")


@pytest.mark.parametrize("year", OFFICIAL_YEARS)
def test_duanwu_zhongqiu_and_qingming_are_official_rest_days(year: int) -> None:
    duanwu, zhongqiu, tomb = lunar_to_solar(year, 5, 5), lunar_to_solar(year, 8, 15), qingming(year)
    assert not is_workday(duanwu) and not is_workday(zhongqiu) and not is_workday(tomb)
    # The data names weekday holidays; some weekend ones (2012-06-23) carry no name.
    assert get_holiday_detail(duanwu)[1] in ("Dragon Boat Festival", None)
    # 2020-10-01 was both 中秋 and 国庆; the notice names it 国庆.
    assert get_holiday_detail(zhongqiu)[1] in ("Mid-autumn Festival", "National Day", None)
    assert get_holiday_detail(tomb)[1] in ("Tomb-sweeping Day", None)


@pytest.mark.parametrize("year", [*range(2008, 2014), 2025, 2026])
def test_chuxi_is_an_official_rest_day_when_the_law_makes_it_one(year: int) -> None:
    # 2014–2024 除夕 was not statutory: 2014-01-30 and 2024-02-09 were worked.
    assert get_holiday_detail(chuxi(year)) == (True, "Spring Festival")


# --- against astronomy, 2004–2099 -------------------------------------------------------


TERMLESS_MONTHS = {
    # The "2033 problem": 秋分 falls on 2033-09-23, the day 九月 starts, so 八月 holds no
    # principal term. Months are numbered from the 冬至 month, so the leap month is
    # 闰十一月 (from 2033-12-22) instead.
    (2033, 8),
    # That 闰十一月 puts 正月 2034 at 2/19, after 雨水 (2034-02-18 about 22:20).
    (2034, 1),
    # 雨水 falls on 2053-02-18, the last day of 十二月, and 春分 on 2053-03-20, the first day
    # of 二月. So 正月 holds no principal term, yet it is no leap month: the year from 冬至
    # to 冬至 has only 12 months.
    (2053, 1),
}
"""Months that do not hold their usual principal term (verified with the oracle above)."""


@pytest.mark.parametrize("year", ALL_YEARS)
def test_lunar_months_start_on_new_moon_days_and_hold_their_principal_term(year: int) -> None:
    k0 = round((year - 2000) * 12.3685) - 2
    new_moons = [_new_moon(k) for k in range(k0, k0 + 15)]
    # 正月 holds 雨水 (330°), 五月 holds 夏至 (90°), 八月 holds 秋分 (180°).
    for month, day, longitude, around in [(1, 1, 330, (2, 19)), (5, 5, 90, (6, 21)), (8, 15, 180, (9, 23))]:
        first = lunar_to_solar(year, month, day) - timedelta(days=day - 1)
        start = min(new_moons, key=lambda t: abs(t - datetime(first.year, first.month, first.day)))
        end = min(t for t in new_moons if t > start)
        if not _near_midnight(start, 3):
            assert start.date() == first, (month, start)
        term = _sun_reaches(longitude, date(year, *around))
        if not (_near_midnight(term, 30) or _near_midnight(end, 3) or (year, month) in TERMLESS_MONTHS):
            assert first <= term.date() < end.date(), (month, term)


@pytest.mark.parametrize("year", ALL_YEARS)
def test_qingming_is_when_the_sun_reaches_15_degrees(year: int) -> None:
    instant = _sun_reaches(15, date(year, 4, 5))
    if not _near_midnight(instant, 30):
        assert qingming(year) == instant.date()


@pytest.mark.parametrize("year", ALL_YEARS)
def test_chuxi_is_the_day_before_zhengyue_chuyi(year: int) -> None:
    assert chuxi(year) == lunar_to_solar(year, 1, 1) - timedelta(days=1)


# --- hand-checked cases -----------------------------------------------------------------
# Each date was worked out from the new moons (Beijing time) and principal terms of the
# astronomical oracle above, month by month from the 11th month (which holds the winter
# solstice), and for past years also read in the official data.

HAND_CHECKED = [
    # 2025: 除夕 is 腊月三十 (new moons 2024-12-30 and 2025-01-29); official holiday 2025-01-28.
    (chuxi, 2025, date(2025, 1, 28)),
    # 2027: new moons 2027-01-08 04:24 and 2027-02-06 23:56, so 腊月 has 29 days: 除夕 is 廿九, Fri 2/5.
    (chuxi, 2027, date(2027, 2, 5)),
    # 2027: 五月 (holding 夏至) starts at the new moon 2027-06-05 03:40, so 初五 is Wed 6/9.
    (lambda y: lunar_to_solar(y, 5, 5), 2027, date(2027, 6, 9)),
    # 2027: 八月 (holding 秋分) starts at the new moon 2027-09-01 01:40, so 十五 is Wed 9/15.
    (lambda y: lunar_to_solar(y, 8, 15), 2027, date(2027, 9, 15)),
    # 2027: the sun reaches 15° on 2027-04-05 about 08:14 Beijing time (Mon).
    (qingming, 2027, date(2027, 4, 5)),
    # 2030: 正月 starts at the new moon 2030-02-03 00:07, so 除夕 is Sat 2/2.
    (chuxi, 2030, date(2030, 2, 2)),
    # 2030: 八月 starts at the new moon 2030-08-29 07:07, so 中秋 is Thu 9/12.
    (lambda y: lunar_to_solar(y, 8, 15), 2030, date(2030, 9, 12)),
    # 2099, the last year: 正月 starts at the new moon 2099-01-21 17:07, so 除夕 is 1/20.
    (chuxi, 2099, date(2099, 1, 20)),
    # 2099 has a leap month (the one starting 3/22 holds no principal term; 谷雨 falls on
    # 4/20, the first day of the next month). 八月 starts at the new moon 2099-09-15 00:50.
    (lambda y: lunar_to_solar(y, 8, 15), 2099, date(2099, 9, 29)),
    # 2099: the sun reaches 15° on 2099-04-04 about 18:52.
    (qingming, 2099, date(2099, 4, 4)),
]


@pytest.mark.parametrize(("function", "year", "expected"), HAND_CHECKED)
def test_hand_checked_dates(function: Callable[[int], date], year: int, expected: date) -> None:
    assert function(year) == expected


def test_a_day_the_lunar_month_does_not_have_is_a_date_error() -> None:
    # Lunar 2027's 十二月 runs from the new moon 2027-12-28 to 2028-01-25: 29 days.
    with pytest.raises(DateError) as raised:
        lunar_to_solar(2027, 12, 30)
    assert "30" in raised.value.text.zh and "30" in raised.value.text.en


@pytest.mark.parametrize("year", [2003, 2100])
@pytest.mark.parametrize("function", [chuxi, qingming, lambda y: lunar_to_solar(y, 8, 15)])
def test_years_outside_the_tables_are_refused(function: Callable[[int], date], year: int) -> None:
    with pytest.raises(CalendarRangeError) as raised:
        function(year)
    text: Text = raised.value.text
    assert str(year) in text.zh and str(year) in text.en
    assert "2004" in text.en and "2099" in text.en
