"""Turning a form's groups into a schedule: the numbers, dates and periods a rule text names.

Each builder takes the groups of a `forms` match and the rule text (for
error messages) and returns the schedule, or raises an ExpressionError that
quotes the text (2月30日, a year written 一年, a period in years over 999).
"""

from __future__ import annotations

import calendar as _stdcal
from collections.abc import Mapping
from datetime import date, timedelta

from deadlines.core.cycles import Review, Validity
from deadlines.core.dates import make_date
from deadlines.core.errors import ExpressionError
from deadlines.core.kinds import Schedule
from deadlines.core.parse import parse_period
from deadlines.core.periods import Period, step
from deadlines.core.recurring import AfterSpan, Annual, Monthly, Span, SpanUnit
from deadlines.core.schedules import FixedDate, Sunset
from deadlines.core.textnorm import parse_number
from deadlines.core.triggered import Effective

Groups = Mapping[str, str | None]


def _num(g: Groups, key: str) -> int:
    return parse_number(g[key] or "")


def date_of(g: Groups, p: str, text: str) -> date:
    iso = g.get(f"{p}iso")
    if iso:
        y, m, d = (int(x) for x in iso.split("-"))
        return make_date(y, m, d, text)
    year = _num(g, f"{p}y")
    if year < 1000:  # 「下一年1月1日」: 一年 is not a year
        raise ExpressionError(
            f"规则「{text}」中的「{g[f'{p}y']}年」不是年份：请写四位年份。",
            f"the rule {text!r} has {g[f'{p}y']!r}年, which is not a year: write four digits.",
        )
    return make_date(year, _num(g, f"{p}m"), _num(g, f"{p}d"), text)


def _yearly(month: int, day: int, text: str) -> tuple[int, int]:
    """A month and day valid in some year (2月29日 is; 2月30日 is not)."""
    if not 1 <= month <= 12 or not 1 <= day <= _stdcal.monthrange(2024, month)[1]:
        raise ExpressionError(
            f"规则「{text}」中的 {month}月{day}日 不存在。请检查日期。",
            f"the rule {text!r} names {month:02d}-{day:02d}, which does not exist. Check the date.",
        )
    return month, day


def _month(g: Groups, key: str, text: str) -> int:
    month = _num(g, key)
    if not 1 <= month <= 12:
        raise ExpressionError(f"规则「{text}」中的 {month}月 不存在。", f"the rule {text!r} names month {month}.")
    return month


def period(g: Groups, key: str = "n") -> Period:
    p = parse_period(g[key] or "")
    if p.unit == "year" and p.amount >= 1000:
        raise ExpressionError(
            f"「{g[key]}」是年份，不是期间：请写完整日期（如 {p.amount}年12月31日前）。",
            f"{g[key]!r} is a year, not a period: write a whole date (e.g. {p.amount}年12月31日前).",
        )
    return p


def _offset(g: Groups) -> int:
    return 1 if (g.get("pre") or "") in ("次年", "第二年") else 0


def event_name(g: Groups) -> str:
    return (g.get("event") or "").strip()


# -- builders ---------------------------------------------------------------------


def sunset(g: Groups, text: str) -> Schedule:
    return Sunset(date_of(g, "e", text), date_of(g, "b", text) if g.get("by") or g.get("biso") else None)


def sunset_term(g: Groups, text: str) -> Schedule:
    begin = date_of(g, "b", text)
    term = period(g)
    return Sunset(step(None, begin, term.amount, term.unit) - timedelta(days=1), begin)


def effective(g: Groups, text: str) -> Schedule:
    delay = period(g, "delay") if g.get("delay") else None
    term = period(g, "term") if g.get("term") else None
    return Effective(event_name(g), delay, term, g.get("verb") or "施行")


def validity(g: Groups, text: str) -> Schedule:
    lead = period(g, "lead") if g.get("lead") else None
    return Validity(period(g), lead, bool(lead and g.get("win")))


def annual_window(g: Groups, text: str) -> Schedule:
    start = _yearly(_num(g, "sm"), _num(g, "sd"), text)
    end_month = _num(g, "em") if g.get("em") else start[0]
    end = _yearly(end_month, _num(g, "ed"), text)
    if g.get("ey2") and g.get("pre") == "每年" and end >= start:
        raise ExpressionError(
            f"规则「{text}」的窗口超过一年（至次年同一时段之后）：请检查起止日期。",
            f"the rule {text!r} describes a window longer than a year: check its dates.",
        )
    return Annual(end, start, _offset(g))


def annual(g: Groups, text: str) -> Schedule:
    return Annual(_yearly(_num(g, "em"), _num(g, "ed"), text), None, _offset(g))


def annual_month_end(g: Groups, text: str) -> Schedule:
    month = _month(g, "em", text) if g.get("em") else 12
    return Annual((month, _stdcal.monthrange(2024, month)[1]), None, _offset(g))


def quarter(g: Groups, text: str) -> Schedule:
    q = g.get("q")
    index = None if q is None else "一二三四".index(q) + 1 if q in "一二三四" else int(q)
    return Span("quarter", index, year_offset=_offset(g))


def month_span(g: Groups, text: str) -> Schedule:
    return Span("month", _month(g, "m", text) if g.get("m") else None, year_offset=_offset(g))


def half(g: Groups, text: str) -> Schedule:
    h = g.get("h")
    return Span("half", None if h is None else 1 if h == "上" else 2, year_offset=_offset(g))


def part(g: Groups, text: str) -> Schedule:
    month = _month(g, "m", text) if g.get("m") else None
    return Span("part", "上中下".index(g["p"] or "上") + 1, month, _offset(g))


def day_of_month(g: Groups, text: str) -> int:
    day = _num(g, "d")
    if not 1 <= day <= 31:
        raise ExpressionError(f"规则「{text}」中的 {day}日 不存在。", f"the rule {text!r} names day {day}.")
    return day


def monthly(g: Groups, text: str) -> Schedule:
    day = _num(g, "d")
    workday = bool(g.get("wd"))
    if not 1 <= day <= (23 if workday else 31):
        raise ExpressionError(f"规则「{text}」中的 {day}日 不存在。", f"the rule {text!r} names day {day}.")
    return Monthly(day, 0 if g.get("pre") == "每月" else 1, workday)


_SPAN_WORDS: dict[str, SpanUnit] = {"月": "month", "季": "quarter", "半年": "half", "年": "year"}


def after_span(g: Groups, text: str) -> Schedule:
    word = (g.get("u") or "").removesuffix("度").removesuffix("份")
    return AfterSpan(_SPAN_WORDS[word], period(g))


def fixed_year_end(g: Groups, text: str) -> Schedule:
    return FixedDate(make_date(_num(g, "y"), 12, 31, text))


def fixed_month(g: Groups, text: str) -> Schedule:
    y, m = _num(g, "y"), _month(g, "m", text)
    last = make_date(y, m, _stdcal.monthrange(y, m)[1], text)
    return FixedDate(last) if g.get("end") else FixedDate(last, last.replace(day=1))


def fixed_window(g: Groups, text: str) -> Schedule:
    opens = date_of(g, "s", text)
    if g.get("fiso") or g.get("fy"):
        due = date_of(g, "f", text)
    else:
        year = _num(g, "ey") if g.get("ey") else opens.year
        month = _num(g, "em") if g.get("em") else opens.month
        due = make_date(year, month, _num(g, "ed"), text)
    if due < opens:
        raise ExpressionError(f"规则「{text}」的结束日早于开始日。", f"the rule {text!r} ends before it starts.")
    return FixedDate(due, opens)


def fixed(g: Groups, text: str) -> Schedule:
    return FixedDate(date_of(g, "e", text))


def review(g: Groups, text: str) -> Schedule:
    return Review(period(g), g.get("name") or "")


_ONE = {"年": "1年", "季度": "3个月", "半年": "6个月", "月": "1个月"}


def every_one(g: Groups, text: str) -> Schedule:
    """「每年一次」「每季度检查一次」: a cycle of one year, quarter, half-year or month."""
    return Review(parse_period(_ONE[g["unit"] or "年"]), "")
