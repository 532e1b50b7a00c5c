"""The provisional calendar against the official calendars 2008–2026, and hand-checked future years."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from chinese_calendar import is_workday

from deadlines.core.caldata import HOLIDAY_NAMES_ZH, Certainty, DayEntry
from deadlines.core.errors import CalendarRangeError
from deadlines.core.provisional import provisional_year

OFFICIAL_YEARS = range(2008, 2027)

LIKELY_BUT_WORKED = {
    # 2012 元旦 fell on a Sunday. The notice gave Mon–Tue 1/2–1/3 and worked Sat 12/31.
    # So that Saturday, named 元旦 as part of the Sat–Mon break, was worked.
    date(2011, 12, 31),
    # 端午 2012 fell on Sat 6/23. The notice put its 补休 on Fri 6/22, before it, not on Mon 6/25.
    date(2012, 6, 25),
    # 中秋 2015 fell on Sun 9/27. Its 补休 was folded into 国庆 (10/1–10/7 with only Sat 10/10
    # worked), so Mon 9/28 was worked.
    date(2015, 9, 28),
}


@pytest.fixture(scope="module", params=OFFICIAL_YEARS)
def past(request: pytest.FixtureRequest) -> tuple[DayEntry, ...]:
    return provisional_year(request.param).entries


def test_statutory_days_are_official_rest_days(past: tuple[DayEntry, ...]) -> None:
    certain = [e for e in past if e.certainty == "certain"]
    assert certain
    assert [e for e in certain if e.workday or is_workday(e.day)] == []


def test_in_lieu_days_are_official_rest_days_but_three(past: tuple[DayEntry, ...]) -> None:
    likely = [e.day for e in past if e.certainty == "likely" and e.day not in LIKELY_BUT_WORKED]
    assert [d for d in likely if is_workday(d)] == []


KNOWN_MISSES = {
    # 春节: the notice worked both days of the weekend before (2/2–2/3). The forecast
    # alternates before and after (2/3, 2/16). 国庆: the notice took the two days before
    # 10/1 (9/29–10/5, working 9/27–9/28). The forecast extends forward (10/1–10/7,
    # working 9/28 and 10/11).
    2008: "02-02 02-16 09-27 09-29 09-30 10-06 10-07 10-11",
    # 中秋 on Wed 9/22: the notice joined the Thu–Fri after it and worked 9/19 and 9/25. Before
    # 2014 a Wednesday festival was usually joined to the Mon–Tue before it (端午 2010 and 2013,
    # 清明 2012, 劳动节 2013), and so is the forecast, working 9/18–9/19.
    2010: "09-18 09-20 09-21 09-23 09-24 09-25",
    # 2012 元旦 on a Sunday: see LIKELY_BUT_WORKED.
    2011: "12-31",
    # 2012 元旦 (Tue 1/3 given too); 端午 (see LIKELY_BUT_WORKED). 2013 元旦 on a Tuesday: the
    # notice gave Tue–Thu 1/1–1/3 and worked 1/5–1/6. The forecast gives Sun–Tue and works Sat 12/29.
    2012: "01-03 06-22 06-25 12-29 12-31",
    2013: "01-02 01-03 01-05 01-06",
    # 春节 2014 started on 初一 (1/31), not on 除夕 (1/30) as in 2015–2023.
    2014: "01-30 02-06",
    # 9/3–9/4 (9/6 worked): the one-off 抗战胜利70周年纪念日. 中秋 (see LIKELY_BUT_WORKED): the
    # forecast gives 补假 9/28, and so needs a second 国庆 make-up day, 9/20.
    2015: "09-03 09-04 09-06 09-20 09-28",
    # 劳动节 2019 was lengthened to 5/1–5/4 by a second notice in March 2019 (4/28 and 5/5
    # worked). By the usual rule a Wednesday festival is one day off.
    2019: "04-28 05-02 05-03 05-05",
    # The 春节 break was extended to 2/2 against COVID-19 (notice of 2020-01-27).
    2020: "01-31 02-01",
    # 除夕 2/9 was worked. The break ran 初一–初八 (2/10–2/17), working 2/4 and 2/18.
    2024: "02-09 02-16 02-17 02-18",
    # 春节 ran 9 days (2/15–2/23), working 2/14 and 2/28. The forecast gives the usual 8 days
    # (2/15–2/22) and works 2/14.
    2026: "02-23 02-28",
}


@pytest.mark.parametrize("year", OFFICIAL_YEARS)
def test_forecast_misses_only_the_known_days(year: int) -> None:
    forecast = {e.day: e.workday for e in provisional_year(year).entries}
    days = [date(year, 1, 1) + timedelta(days=i) for i in range(date(year, 12, 31).timetuple().tm_yday)]
    wrong = [d for d in days if forecast.get(d, d.weekday() < 5) != is_workday(d)]
    assert " ".join(f"{d:%m-%d}" for d in wrong) == KNOWN_MISSES.get(year, "")


@pytest.mark.parametrize("year", [2008, 2013, 2014, 2024, 2025, 2027, 2063, 2099])
def test_entries_are_well_formed(year: int) -> None:
    data = provisional_year(year)
    assert data.year == year and data.source == "provisional"
    days = [e.day for e in data.entries]
    assert days == sorted(set(days)) and all(d.year == year for d in days)
    assert {e.name for e in data.entries} <= set(HOLIDAY_NAMES_ZH.values())
    assert all(e.day.weekday() >= 5 for e in data.entries if e.workday)
    # One make-up working day for each weekday off that is neither statutory nor 补假.
    make_up = Counter(e.name for e in data.entries if e.workday)
    extra = Counter(e.name for e in data.entries if not e.workday and e.day.weekday() < 5 and e.certainty == "forecast")
    assert make_up == extra


@pytest.mark.parametrize(
    ("year", "law"),
    [
        (2008, "2007年修订"),
        (2013, "2007年修订"),
        (2014, "2013年修订"),
        (2024, "2013年修订"),
        (2025, "2024年修订"),
        (2099, "2024年修订"),
    ],
)
def test_origin_names_the_law_in_force(year: int, law: str) -> None:
    assert provisional_year(year).origin == f"《全国年节及纪念日放假办法》（{law}）推算"


def _entry(year: int, day: date) -> DayEntry | None:
    return next((e for e in provisional_year(year).entries if e.day == day), None)


def test_statutory_days_follow_the_law_of_each_era() -> None:
    # 除夕 is statutory under the 2007 text and from 2025, not under the 2013 text.
    assert _entry(2013, date(2013, 2, 9)) == DayEntry(date(2013, 2, 9), False, "春节", "certain")
    assert _entry(2015, date(2015, 2, 18)) == DayEntry(date(2015, 2, 18), False, "春节", "forecast")
    assert _entry(2025, date(2025, 1, 28)) == DayEntry(date(2025, 1, 28), False, "春节", "certain")
    # 春节 was 除夕–初二 under the 2007 text: 初三 2013 (Tue 2/12) was 补假, not statutory.
    assert _entry(2013, date(2013, 2, 12)) == DayEntry(date(2013, 2, 12), False, "春节", "likely")
    # 劳动节 5/2 is statutory from 2025 only.
    assert _entry(2025, date(2025, 5, 2)) == DayEntry(date(2025, 5, 2), False, "劳动节", "certain")
    assert _entry(2024, date(2024, 5, 2)) == DayEntry(date(2024, 5, 2), False, "劳动节", "forecast")


def test_a_festival_on_another_statutory_day_owes_a_day() -> None:
    # 2020: 中秋 fell on 10/1 (Thu) and 10/3 was a Saturday, so two weekdays were owed: 10/5 and 10/6.
    assert _entry(2020, date(2020, 10, 1)) == DayEntry(date(2020, 10, 1), False, "国庆节", "certain")
    assert _entry(2020, date(2020, 10, 5)) == DayEntry(date(2020, 10, 5), False, "中秋节", "likely")
    assert _entry(2020, date(2020, 10, 6)) == DayEntry(date(2020, 10, 6), False, "国庆节", "likely")


R, W = False, True
HAND_CHECKED_2027: list[tuple[date, bool, str, Certainty]] = [
    # 元旦 Fri 1/1 joins the weekend: Fri–Sun, as in 2021 (same weekday layout). No make-up day.
    (date(2027, 1, 1), R, "元旦", "certain"),
    (date(2027, 1, 2), R, "元旦", "certain"),
    (date(2027, 1, 3), R, "元旦", "certain"),
    # 春节: 除夕 Fri 2/5 (new moon 2027-02-06 23:56 Beijing time makes 2/6 正月初一). Statutory:
    # 除夕 + 初一–初三 = 2/5–2/8. 初一 and 初二 fall on Sat/Sun, so 补假 is 2/9–2/10 (likely).
    # The usual 8 days from 除夕 add Thu 2/11 and Fri 2/12 (forecast), which touch the weekend
    # 2/13–2/14. The surplus Sunday 2/14 is worked (Sun + Mon–Fri = 6 days in a row). Working
    # Sat 2/13 too would make 7, so the second make-up day is the nearest free weekend day,
    # Sun 1/31 (5 days before the break; Sat 2/20 would be 6 after).
    (date(2027, 1, 31), W, "春节", "forecast"),
    (date(2027, 2, 5), R, "春节", "certain"),
    (date(2027, 2, 6), R, "春节", "certain"),
    (date(2027, 2, 7), R, "春节", "certain"),
    (date(2027, 2, 8), R, "春节", "certain"),
    (date(2027, 2, 9), R, "春节", "likely"),
    (date(2027, 2, 10), R, "春节", "likely"),
    (date(2027, 2, 11), R, "春节", "forecast"),
    (date(2027, 2, 12), R, "春节", "forecast"),
    (date(2027, 2, 13), R, "春节", "forecast"),
    (date(2027, 2, 14), W, "春节", "forecast"),
    # 清明 Mon 4/5 (the sun reaches 15° on 4/5 about 08:14) joins the weekend: Sat–Mon, as in 2021.
    (date(2027, 4, 3), R, "清明节", "certain"),
    (date(2027, 4, 4), R, "清明节", "certain"),
    (date(2027, 4, 5), R, "清明节", "certain"),
    # 劳动节 Sat 5/1 + Sun 5/2 (statutory) → 补假 Mon 5/3 and Tue 5/4. The usual 5 days add
    # Wed 5/5, paid for by the nearer weekend day: Sat 5/8 (3 days after) rather than Sun 4/25 (6 before).
    (date(2027, 5, 1), R, "劳动节", "certain"),
    (date(2027, 5, 2), R, "劳动节", "certain"),
    (date(2027, 5, 3), R, "劳动节", "likely"),
    (date(2027, 5, 4), R, "劳动节", "likely"),
    (date(2027, 5, 5), R, "劳动节", "forecast"),
    (date(2027, 5, 8), W, "劳动节", "forecast"),
    # 端午 Wed 6/9 (五月 starts at the new moon of 6/5): a Wednesday festival is one day off.
    (date(2027, 6, 9), R, "端午节", "certain"),
    # 中秋 Wed 9/15 (八月 starts at the new moon of 9/1): one day. It is not next to 国庆.
    (date(2027, 9, 15), R, "中秋节", "certain"),
    # 国庆 Fri 10/1–Sun 10/3 → 补假 Mon 10/4 and Tue 10/5. The usual 7 days add Wed 10/6 and
    # Thu 10/7, paid for by Sun 9/26 and Sat 10/9: exactly 2021's arrangement.
    (date(2027, 9, 26), W, "国庆节", "forecast"),
    (date(2027, 10, 1), R, "国庆节", "certain"),
    (date(2027, 10, 2), R, "国庆节", "certain"),
    (date(2027, 10, 3), R, "国庆节", "certain"),
    (date(2027, 10, 4), R, "国庆节", "likely"),
    (date(2027, 10, 5), R, "国庆节", "likely"),
    (date(2027, 10, 6), R, "国庆节", "forecast"),
    (date(2027, 10, 7), R, "国庆节", "forecast"),
    (date(2027, 10, 9), W, "国庆节", "forecast"),
    # 元旦 2028 falls on a Saturday: its 补假 is Mon 2028-01-03, so nothing in December 2027.
]


def test_2027_is_the_hand_checked_forecast() -> None:
    assert provisional_year(2027).entries == tuple(DayEntry(*case) for case in HAND_CHECKED_2027)


HAND_CHECKED_LATER = [
    # 2030 春节: 除夕 Sat 2/2 (正月 starts at the new moon 2030-02-03 00:07), so statutory Sat–Tue
    # 2/2–2/5. 除夕 and 初一 on the weekend give 补假 Wed 2/6 and Thu 2/7. The 8 days add Fri 2/8,
    # which touches the weekend 2/9–2/10; its surplus Sunday 2/10 is the make-up day.
    (2030, date(2030, 2, 2), R, "春节", "certain"),
    (2030, date(2030, 2, 7), R, "春节", "likely"),
    (2030, date(2030, 2, 8), R, "春节", "forecast"),
    (2030, date(2030, 2, 9), R, "春节", "forecast"),
    (2030, date(2030, 2, 10), W, "春节", "forecast"),
    # 2030 中秋 Thu 9/12 (八月 starts at the new moon 2030-08-29): bridged to Thu–Sun with Fri
    # 9/13 off and Sun 9/15 worked, the Thursday pattern of 2016, 2020 and 2023.
    (2030, date(2030, 9, 13), R, "中秋节", "forecast"),
    (2030, date(2030, 9, 15), W, "中秋节", "forecast"),
    # 2030 国庆 Tue 10/1: 10/1–10/7 with Sun 9/29 and Sat 10/12 worked, as in 2019 and 2024.
    (2030, date(2030, 9, 29), W, "国庆节", "forecast"),
    (2030, date(2030, 10, 7), R, "国庆节", "forecast"),
    (2030, date(2030, 10, 12), W, "国庆节", "forecast"),
    # 2099, the last year: 除夕 Tue 1/20 (正月 starts at the new moon 2099-01-21 17:07).
    (2099, date(2099, 1, 20), R, "春节", "certain"),
    # 中秋 Tue 9/29 (八月 starts at the new moon 2099-09-15 00:50, after a leap 二月). Wed 9/30
    # separates it from 国庆, so it is its own Sun–Tue break: Mon 9/28 bridged, Sat 9/26 worked.
    (2099, date(2099, 9, 28), R, "中秋节", "forecast"),
    (2099, date(2099, 9, 29), R, "中秋节", "certain"),
    (2099, date(2099, 9, 26), W, "中秋节", "forecast"),
    # 清明 Sat 4/4 (the sun reaches 15° about 18:52) → 补假 Mon 4/6.
    (2099, date(2099, 4, 4), R, "清明节", "certain"),
    (2099, date(2099, 4, 6), R, "清明节", "likely"),
]


@pytest.mark.parametrize(("year", "day", "workday", "name", "certainty"), HAND_CHECKED_LATER)
def test_hand_checked_later_years(year: int, day: date, workday: bool, name: str, certainty: Certainty) -> None:
    assert _entry(year, day) == DayEntry(day, workday, name, certainty)


def test_2099_reaches_no_further() -> None:
    # 2100-01-01 is a Friday, so the next 元旦 puts nothing in December 2099.
    assert max(e.day for e in provisional_year(2099).entries) < date(2099, 12, 1)


@pytest.mark.parametrize("year", range(2025, 2100))
def test_make_up_days_never_make_more_than_six_working_days_in_a_row(year: int) -> None:
    status = {e.day: e.workday for e in provisional_year(year).entries}

    def works(d: date) -> bool:
        return status.get(d, d.weekday() < 5)

    for make_up in (e.day for e in provisional_year(year).entries if e.workday):
        first, last = make_up, make_up
        while works(first - timedelta(days=1)) and (first - timedelta(days=1)).year == year:
            first -= timedelta(days=1)
        while works(last + timedelta(days=1)) and (last + timedelta(days=1)).year == year:
            last += timedelta(days=1)
        assert (last - first).days + 1 <= 6, make_up


@pytest.mark.parametrize("year", [2007, 2100])
def test_years_outside_the_law_and_tables_are_refused(year: int) -> None:
    with pytest.raises(CalendarRangeError) as raised:
        provisional_year(year)
    assert str(year) in raised.value.text.zh and str(year) in raised.value.text.en
    assert "2008" in raised.value.text.en and "2099" in raised.value.text.en
