"""Schedules that recur by the calendar: yearly dates and windows, spans, monthly and period-end filings.

Annual (「每年4月30日前」「次年1月3日至1月8日」), Span (a quarter, month,
half-year or 上旬/中旬/下旬 as a window), Monthly (「每月15日前」「次月15日前」
「次月第5个工作日结束前」) and AfterSpan (「每季度结束后15日内」「年度终了之日起
五个月内」). Dates the document writes never move; periods counted from a
span's end go through `periods.compute` (民法典 rules).
"""

from __future__ import annotations

import calendar as _stdcal
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from deadlines.core.i18n import Text, day_label
from deadlines.core.periods import Period, compute
from deadlines.core.schedules import Context, Occurrence, clamped, fixed_explanation, from_due


@dataclass(frozen=True)
class Annual:
    """A yearly deadline (「每年4月30日前」) or window (「每年12月1日至12月15日」, 「次年1月3日至1月8日」).

    `year_offset` 1 means the dates fall in the year after the cycle (次年): the
    2026 cycle's publicity window is 2027-01-03 to 2027-01-08.
    """

    end: tuple[int, int]
    start: tuple[int, int] | None = None
    year_offset: int = 0

    def describe(self) -> Text:
        pre_zh, pre_en = ("次年", "the next year, ") if self.year_offset else ("每年", "every year ")
        (em, ed) = self.end
        if self.start is None:
            return Text(f"{pre_zh}{em}月{ed}日前", f"{pre_en}by {em:02d}-{ed:02d}")
        (sm, sd) = self.start
        return Text(f"{pre_zh}{sm}月{sd}日至{em}月{ed}日", f"{pre_en}{sm:02d}-{sd:02d} to {em:02d}-{ed:02d}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        cycle = since.year - 1 - self.year_offset
        while True:
            year = cycle + self.year_offset
            opens = None
            if self.start is not None:
                opens = clamped(year, *self.start)
            due = clamped(year + (1 if self.start and self.end < self.start else 0), *self.end)
            if due >= since:

                def rule(c: int = cycle) -> Text:
                    return Text(
                        f"规则：「{self.describe().zh}」（{c} 年度）。", f"Rule: {self.describe().en} (cycle {c})."
                    )

                yield Occurrence(
                    str(cycle),
                    due,
                    opens,
                    "window" if opens else "deadline",
                    explanation=fixed_explanation(ctx, rule, due, opens),
                )
            cycle += 1


_PART_NAMES = {1: ("上旬", "early"), 2: ("中旬", "mid"), 3: ("下旬", "late")}
_QUARTER_ZH = "一二三四"


@dataclass(frozen=True)
class Span:
    """A calendar span as a window: a quarter, a month, a half-year, or 上旬/中旬/下旬.

    `unit` is quarter | month | half | part; `index` picks which (None: every one);
    for `part`, `month` picks the month (None: every month) and `index` the part.
    """

    unit: Literal["quarter", "month", "half", "part"]
    index: int | None = None
    month: int | None = None
    year_offset: int = 0

    def describe(self) -> Text:
        pre = "次年" if self.year_offset else "每年"
        if self.unit == "quarter":
            if self.index is None:
                return Text("每季度", "every quarter")
            return Text(f"{pre}第{_QUARTER_ZH[self.index - 1]}季度", f"every year Q{self.index}")
        if self.unit == "half":
            if self.index is None:
                return Text("每半年", "every half-year")
            return Text(f"{pre}{'上' if self.index == 1 else '下'}半年", f"every year H{self.index}")
        if self.unit == "month":
            if self.index is None:
                return Text("每月", "every month")
            return Text(f"{pre}{self.index}月份", f"every year in month {self.index}")
        zh, en = _PART_NAMES[self.index or 1]
        if self.month is None:
            return Text(f"每月{zh}", f"{en} every month")
        return Text(f"{pre}{self.month}月{zh}", f"{en} {_stdcal.month_name[self.month]} every year")

    def _bounds(self, year: int, k: int) -> tuple[date, date, str]:
        """The k-th span of `year` (1-based) and its cycle label."""
        if self.unit == "quarter":
            first = date(year, 3 * k - 2, 1)
            return first, clamped(year, 3 * k, 31), f"{year}-Q{k}"
        if self.unit == "half":
            first = date(year, 6 * k - 5, 1)
            return first, clamped(year, 6 * k, 31), f"{year}-H{k}"
        if self.unit == "month":
            return date(year, k, 1), clamped(year, k, 31), f"{year}-{k:02d}"
        part = self.index or 1
        lo, hi = (1, 10) if part == 1 else (11, 20) if part == 2 else (21, 31)
        return (
            date(year, k, lo),
            clamped(year, k, hi),
            f"{year - self.year_offset}-{k:02d}" if self.month is None else str(year - self.year_offset),
        )

    def _rule(self) -> Text:
        return Text(f"规则：「{self.describe().zh}」。", f"Rule: {self.describe().en}.")

    def _which(self) -> list[int]:
        if self.unit == "part":
            return [self.month] if self.month else list(range(1, 13))
        count = {"quarter": 4, "half": 2, "month": 12}[self.unit]
        return [self.index] if self.index else list(range(1, count + 1))

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        year = since.year - 1 + self.year_offset
        while True:
            for k in self._which():
                opens, due, cycle = self._bounds(year, k)
                if due >= since:
                    yield Occurrence(
                        cycle, due, opens, "window", explanation=fixed_explanation(ctx, self._rule, due, opens)
                    )
            year += 1


@dataclass(frozen=True)
class Monthly:
    """A monthly filing date: 「每月15日前」, 「次月15日前」 (`month_offset` 1), or a working day of the month.

    With `workday` the day is the Nth working day of the month (「次月第5个工作日结束前」).
    The cycle is the month reported on (「次月15日前」: the 2026-03 cycle is due 2026-04-15).
    """

    day: int
    month_offset: int = 0
    workday: bool = False

    def describe(self) -> Text:
        pre_zh, pre_en = ("次月", "of the next month") if self.month_offset else ("每月", "of every month")
        if self.workday:
            return Text(f"{pre_zh}第{self.day}个工作日结束前", f"by working day {self.day} {pre_en}")
        return Text(f"{pre_zh}{self.day}日前", f"by day {self.day} {pre_en}")

    def _due(self, ctx: Context, year: int, month: int) -> date:
        if self.workday:
            return ctx.cal.add_workdays(date(year, month, 1) - timedelta(days=1), self.day)
        return clamped(year, month, self.day)

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        index = since.year * 12 + since.month - 1 - 1 - self.month_offset
        while True:
            cy, cm = divmod(index, 12)
            dy, dm = divmod(index + self.month_offset, 12)
            due = self._due(ctx, dy, dm + 1)
            if due >= since:
                cycle = f"{cy}-{cm + 1:02d}"

                def rule(c: str = cycle) -> Text:
                    return Text(
                        f"规则：「{self.describe().zh}」（{c} 期）。", f"Rule: {self.describe().en} (cycle {c})."
                    )

                if self.workday:
                    lines = (
                        (
                            rule(),
                            Text(
                                f"{dy}年{dm + 1}月第 {self.day} 个工作日为 {day_label(due).zh}，当日结束前办理。",
                                f"Working day {self.day} of {dy}-{dm + 1:02d} is {day_label(due).en}; due by its end.",
                            ),
                        )
                        if ctx.explain
                        else ()
                    )
                    yield Occurrence(cycle, due, None, "deadline", explanation=lines)
                else:
                    yield Occurrence(cycle, due, None, "deadline", explanation=fixed_explanation(ctx, rule, due, None))
            index += 1


SpanUnit = Literal["month", "quarter", "half", "year"]
_SPAN_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_SPAN_ZH = {"month": "月", "quarter": "季度", "half": "半年", "year": "年度"}
_SPAN_EN = {"month": "month", "quarter": "quarter", "half": "half-year", "year": "year"}


@dataclass(frozen=True)
class AfterSpan:
    """A filing window after each month, quarter, half-year or year ends: 「每季度结束后15日内」.

    The period counts from the span's last day (「季度终了之日起15日内」: the
    2026-Q1 filing runs 2026-04-01 to 04-15, moved if the 15th is a rest day);
    it recurs for every span, as tax, statistics and social-insurance filings do.
    """

    unit: SpanUnit
    period: Period

    def describe(self) -> Text:
        p = self.period.describe()
        return Text(f"每{_SPAN_ZH[self.unit]}结束后{p.zh}内", f"within {p.en} after each {_SPAN_EN[self.unit]} ends")

    def _span(self, index: int) -> tuple[date, str]:
        """The last day of span `index` (counted in spans since year 0) and its cycle label."""
        months = _SPAN_MONTHS[self.unit]
        year, k = divmod(index, 12 // months)
        last_month = (k + 1) * months
        end = date(year, last_month, _stdcal.monthrange(year, last_month)[1])
        label = {
            "month": f"{year}-{last_month:02d}",
            "quarter": f"{year}-Q{k + 1}",
            "half": f"{year}-H{k + 1}",
            "year": str(year),
        }[self.unit]
        return end, label

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        per_year = 12 // _SPAN_MONTHS[self.unit]
        index = (since.year - 2) * per_year
        while True:
            end, cycle = self._span(index)
            d = compute(ctx.cal, self.period, end, cutoff=ctx.cutoff, explain=ctx.explain)
            if d.latest >= since:
                head: tuple[Text, ...] = ()
                if ctx.explain:
                    head = (
                        Text(
                            f"规则：「{self.describe().zh}」（{cycle} 期）：自该{_SPAN_ZH[self.unit]}最后一日 {day_label(end).zh} 起算，每{_SPAN_ZH[self.unit]}一次。",
                            f"Rule: {self.describe().en} (cycle {cycle}): counted from the last day, "
                            f"{day_label(end).en}; it recurs every {_SPAN_EN[self.unit]}.",
                        ),
                    )
                yield from_due(cycle, d, "window", end + timedelta(days=1), head)
            index += 1
