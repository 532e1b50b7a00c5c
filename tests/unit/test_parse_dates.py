"""Reading dates, numbers and period expressions the way documents write them."""

from __future__ import annotations

from datetime import date

import pytest

from deadlines.core.dates import add_months, parse_date
from deadlines.core.errors import DateError, ExpressionError
from deadlines.core.parse import parse_period
from deadlines.core.periods import Period
from deadlines.core.textnorm import normalize, parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-10-08", date(2026, 10, 8)),
        ("2026/1/5", date(2026, 1, 5)),
        ("2026.02.28", date(2026, 2, 28)),
        ("2026年10月8日", date(2026, 10, 8)),
        ("2026年10月8号", date(2026, 10, 8)),  # 号 for 日
        ("２０２６年１０月８日", date(2026, 10, 8)),  # full-width digits
        ("2022 年 4 月 20 日", date(2022, 4, 20)),  # spaces inside, as PDFs extract them
        ("二〇二二年十一月七日", date(2022, 11, 7)),  # Chinese numerals, 〇
        ("二○二三年六月六日", date(2023, 6, 6)),  # the 002 notice writes ○ (U+25CB)
        ("二〇二六年十二月三十一日", date(2026, 12, 31)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("2026-02-30", "只有 28 天"),  # February 2026 has 28 days
        ("2024年2月30日", "只有 29 天"),  # a leap year still has no 2/30
        ("2026-13-01", "没有 13 月"),
        ("10月8日", "无法识别日期"),  # no year: refused, never guessed (dateparser reads it as 2010)
        ("tomorrow", "无法识别日期"),
    ],
)
def test_bad_dates_say_why(text: str, fragment: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert fragment in str(info.value)
    assert text in str(info.value)


@pytest.mark.parametrize(
    "text, n",
    [
        ("12", 12),
        ("十", 10),
        ("十二", 12),
        ("二十五", 25),
        ("一百零五", 105),
        ("两", 2),
        ("二〇二六", 2026),
        ("三十一", 31),
    ],
)
def test_numbers(text: str, n: int) -> None:
    assert parse_number(text) == n


def test_normalize_keeps_english_word_spaces() -> None:
    assert normalize("２０２２ 年 ４ 月（周一）複審週期 10 working days") == "2022年4月(周一)复审周期10 working days"


@pytest.mark.parametrize(
    "text, period",
    [
        ("10个工作日", Period(10, "workday")),
        ("十个工作日内", Period(10, "workday")),
        ("30日", Period(30, "day")),
        ("30天", Period(30, "day")),
        ("3个月", Period(3, "month")),
        ("三个月", Period(3, "month")),
        ("1年", Period(1, "year")),
        ("半年", Period(6, "month")),
        ("两周", Period(14, "day")),
        ("60日前", Period(60, "day", backward=True)),
        ("期限届满60日前", Period(60, "day", backward=True)),
        ("10 working days", Period(10, "workday")),
        ("10 business days", Period(10, "workday")),
        ("30 days", Period(30, "day")),
        ("3 months", Period(3, "month")),
        ("1 year", Period(1, "year")),
        ("-60 days", Period(60, "day", backward=True)),
        ("60 days before", Period(60, "day", backward=True)),
    ],
)
def test_periods(text: str, period: Period) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["3月", "abc", "10 fortnights", "半日", ""])
def test_unknown_period_is_quoted(text: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_period(text)
    assert f"「{text}」" in str(info.value)


def test_zero_period_is_refused() -> None:
    with pytest.raises(ExpressionError, match="1 到 100000"):
        parse_period("0日")


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # no 2/31: month end
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2026, 3, 31), -1, date(2026, 2, 28)),  # backward also clamps
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # across a year end
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected
