"""民法典 periods on the official 2024–2026 calendars: each case checked by hand,
with the reason in a comment."""

from __future__ import annotations

from datetime import date

import pytest

from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.i18n import set_language
from deadlines.core.parse import parse_period
from deadlines.core.periods import compute

CAL = WorkCalendar(CalendarSources())


@pytest.mark.parametrize(
    "start, expr, expected",
    [
        # Working days across 国庆 2026: 9/29, 9/30, (10/1–10/7 off), 10/8, 10/9, Sat 10/10 worked, 10/12–10/16.
        (date(2026, 9, 28), "10个工作日", date(2026, 10, 16)),
        # Working days across 春节 2026: Fri 2/13, Sat 2/14 worked, (2/15–2/23 off), Tue 2/24.
        (date(2026, 2, 12), "3个工作日", date(2026, 2, 24)),
        # One month from the 31st: February has no 31st, so its last day, Sat 2/28, a 调休 working day: no move.
        (date(2026, 1, 31), "1个月", date(2026, 2, 28)),
        # Two months landing on Sat 2025-10-11, a 调休 working day after 国庆: no move.
        (date(2025, 8, 11), "2个月", date(2025, 10, 11)),
        # 30 calendar days from 9/2 is 10/2, inside 国庆 (10/1–10/7): moves to Thu 10/8 (第二百零三条).
        (date(2026, 9, 2), "30日", date(2026, 10, 8)),
        # 30 days from 1/16 is Sun 2/15, first day of 春节 (2/15–2/23): moves to Tue 2/24.
        (date(2026, 1, 16), "30日", date(2026, 2, 24)),
        # Three months from 7/1 is 10/1, National Day: moves to 10/8.
        (date(2026, 7, 1), "3个月", date(2026, 10, 8)),
        # 2月29日 plus one year: 2025 has no 2/29, so 2/28 (Fri, working).
        (date(2024, 2, 29), "1年", date(2025, 2, 28)),
        # 2025-02-28 plus one year is Sat 2026-02-28, a 调休 working day: no move.
        (date(2025, 2, 28), "1年", date(2026, 2, 28)),
        # 11 months from 3/31 reaches February 2024, a leap year: 2/29 (Thu, working).
        (date(2023, 3, 31), "11个月", date(2024, 2, 29)),
        # One year from 2025-03-01 is Sun 2026-03-01: moves to Mon 3/2.
        (date(2025, 3, 1), "1年", date(2026, 3, 2)),
        # 60 days before 12/31 is Sun 11/1: moves back to the previous working day, Fri 10/30.
        (date(2026, 12, 31), "60日前", date(2026, 10, 30)),
        # 60 days before 12/5 is Tue 10/6, inside 国庆: moves back to Wed 9/30.
        (date(2026, 12, 5), "60日前", date(2026, 9, 30)),
        # English forms give the same answers.
        (date(2026, 9, 28), "10 working days", date(2026, 10, 16)),
        (date(2026, 12, 31), "-60 days", date(2026, 10, 30)),
        (date(2026, 1, 31), "1 month", date(2026, 2, 28)),
    ],
)
def test_due_dates(start: date, expr: str, expected: date) -> None:
    due = compute(CAL, parse_period(expr), start)
    assert due.due == expected
    assert not due.provisional
    assert due.earliest == due.latest == expected


@pytest.mark.parametrize(
    "start, expr, expected",
    [
        # 「自2019年11月15日起施行，有效期5年」: the first day counts, so it ends 2024-11-14 (Thu).
        (date(2019, 11, 15), "5年", date(2024, 11, 14)),
        # 10 days counting Mon 3/2 as day one: 3/11 (Wed).
        (date(2026, 3, 2), "10日", date(2026, 3, 11)),
        # 1 working day counting the start: Thu 10/8 itself, a working day.
        (date(2026, 10, 8), "1个工作日", date(2026, 10, 8)),
        # 1 working day counting the start when the start is a holiday: the first working day, 10/8.
        (date(2026, 10, 3), "1个工作日", date(2026, 10, 8)),
    ],
)
def test_start_day_counts(start: date, expr: str, expected: date) -> None:
    assert compute(CAL, parse_period(expr, start_counts=True), start).due == expected


def test_explanation_names_skipped_and_makeup_days_and_sources() -> None:
    set_language("zh")
    lines = [str(t) for t in compute(CAL, parse_period("10个工作日"), date(2026, 9, 28)).explanation]
    text = "\n".join(lines)
    assert "第二百零一条" in text
    assert "2026-10-01（周四）至2026-10-07（周三） 国庆节" in text
    assert "2026-10-10（周六） 国庆节调休上班" in text
    assert "2026-10-11（周日） 周末" in text
    assert "2026 年：官方（chinese-calendar" in text
    assert "24:00" in text


def test_explanation_of_a_move_cites_article_203_in_english() -> None:
    set_language("en")
    try:
        lines = [str(t) for t in compute(CAL, parse_period("30日"), date(2026, 9, 2)).explanation]
    finally:
        set_language("zh")
    text = "\n".join(lines)
    assert "day 30 is 2026-10-02 (Fri)" in text
    assert "art. 203" in text and "2026-10-08 (Thu)" in text


def test_month_end_explanation_says_there_is_no_corresponding_day() -> None:
    text = "\n".join(str(t) for t in compute(CAL, parse_period("1个月"), date(2026, 1, 31)).explanation)
    assert "第二百零二条" in text and "取月末日" in text


def test_business_hours_cutoff_is_reported() -> None:
    due = compute(CAL, parse_period("5个工作日"), date(2026, 3, 2), cutoff="17:00")
    assert due.cutoff == "17:00"
    assert any("17:00" in str(t) for t in due.explanation)


def test_fast_path_matches_full_compute() -> None:
    from deadlines.core.periods import due_date

    p = parse_period("10个工作日")
    assert due_date(CAL, p, date(2026, 9, 28)) == compute(CAL, p, date(2026, 9, 28)).due


@pytest.mark.parametrize(
    "start, expr, due, earliest, latest",
    [
        # 2027 has no official data yet. 元旦 2027 is Fri 1/1, joined to the weekend (certain):
        # 12/28–12/31 (4), 1/4–1/8 (9), Mon 1/11 (10). Nothing uncertain in between.
        (date(2026, 12, 25), "10个工作日", date(2027, 1, 11), date(2027, 1, 11), date(2027, 1, 11)),
        # 春节 2027: 除夕 Fri 2/5, 初一–初三 2/6–2/8 (certain); 补假 2/9–2/10 (likely);
        # forecast 2/11–2/13 off with Sun 1/31 and Sun 2/14 worked.
        # Forecast: 1/31, 2/1–2/4 (5), 2/14 (6), 2/15–2/18 (10) → 2/18.
        # Earliest, every uncertain day worked: 1/31–2/4 (5), 2/9–2/13 (10) → Sat 2/13.
        # Latest, every uncertain day off: 2/1–2/4 (4), 2/15–2/19 (9), Mon 2/22 (10).
        (date(2027, 1, 29), "10个工作日", date(2027, 2, 18), date(2027, 2, 13), date(2027, 2, 22)),
        # 30 days from 1/12 is Thu 2/11, a forecast rest day: forecast moves to Sun 2/14 (make-up day);
        # if 2/11 is a working day it stays (earliest); if all uncertain days are off, Mon 2/15.
        (date(2027, 1, 12), "30日", date(2027, 2, 14), date(2027, 2, 11), date(2027, 2, 15)),
    ],
)
def test_provisional_periods_give_bounds(start: date, expr: str, due: date, earliest: date, latest: date) -> None:
    result = compute(CAL, parse_period(expr), start)
    assert result.provisional
    assert (result.due, result.earliest, result.latest) == (due, earliest, latest)
    if earliest == latest:  # issue 15: a one-day range is not "may move"
        assert any("都是" in str(t) for t in result.explanation)
        assert not any("可能变动" in str(t) for t in result.explanation)
    else:
        assert any("最早" in str(t) and "最晚" in str(t) for t in result.explanation)
