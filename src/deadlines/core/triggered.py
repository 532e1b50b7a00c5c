"""Windows and periods counted from a trigger or from a date the text writes.

BeforeWindow 「期满前六个月内」: a window from (expiry − period) to the expiry.
Dated 「自2026年12月1日起30日内」: a period from the written date, not a trigger.
Minimum 「征求意见期限一般不少于三十日」: the earliest day a window may close.
NamedWindow 「公示期为7个工作日」: a window of that length from the trigger.
Effective 「自公布之日起30日后施行，有效期三年」「自发布之日起执行」: a policy in
force from its trigger (after a delay), until the end of its term if it has one.
ByExpiry 「在有效期届满前作出决定」: due by the expiry itself.
NextMonth 「代扣税款后的次月十五日内」: a day of the month after the trigger's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from deadlines.core.i18n import Text, day_label
from deadlines.core.periods import Period, compute, step
from deadlines.core.schedules import (
    Context,
    Occurrence,
    clamped,
    cutoff_line,
    explained,
    fixed_explanation,
    from_due,
    need_trigger,
    workday_bounds,
)


@dataclass(frozen=True)
class BeforeWindow:
    """「期满前六个月内」: open from `period` before the expiry (the trigger) until the expiry.

    The window opens on the day the count back lands on (民法典第二百零二条 for
    months); the duty is due by the last working day on or before the expiry —
    or, with `until` (「届满前12个月至6个月期间」), on or before that long before it.
    """

    period: Period
    word: str = "期满"
    until: Period | None = None

    def describe(self) -> Text:
        p = self.period.describe()
        if self.until is not None:
            u = self.until.describe()
            return Text(f"{self.word}前{p.zh}至{u.zh}期间", f"from {p.en} to {u.en} before expiry")
        return Text(f"{self.word}前{p.zh}内", f"within {p.en} before expiry")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        expiry = need_trigger(ctx, self, self.word)
        opens = step(ctx.cal, expiry, -self.period.amount, self.period.unit)
        closes = expiry if self.until is None else step(ctx.cal, expiry, -self.until.amount, self.until.unit)
        due = ctx.cal.prev_workday(closes)
        lines: tuple[Text, ...] = ()
        if ctx.explain:
            p = self.period.describe()
            lines = (
                Text(
                    f"规则：「{self.describe().zh}」：窗口自{self.word}日 {day_label(expiry).zh} 向前{p.zh}，"
                    f"即 {day_label(opens).zh} 起，至 {day_label(closes).zh} 止。",
                    f"Rule: {self.describe().en}: the window runs from {p.en} before the expiry "
                    f"{day_label(expiry).en}, i.e. from {day_label(opens).en}, to {day_label(closes).en}.",
                ),
                Text(
                    f"须在{self.word}前办理：最后一个工作日为 {day_label(due).zh}。",
                    f"Act before expiry: the last working day is {day_label(due).en}.",
                ),
                cutoff_line(ctx, due),
            )
        yield Occurrence("once", due, opens, "window", *workday_bounds(ctx, closes, due, opens), lines)


@dataclass(frozen=True)
class Dated:
    """「自2026年12月1日起30日内」: a period counted from the date the text writes."""

    start: date
    period: Period

    def describe(self) -> Text:
        p = self.period.describe()
        return Text(f"自{self.start.isoformat()}起{p.zh}内", f"within {p.en} from {self.start.isoformat()}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        d = compute(ctx.cal, self.period, self.start, cutoff=ctx.cutoff, explain=ctx.explain)
        head = explained(
            ctx,
            lambda: Text(
                f"规则：「{self.describe().zh}」，自文中写明的日期 {day_label(self.start).zh} 起算（不用触发日期）。",
                f"Rule: {self.describe().en}, counted from the date the text writes, "
                f"{day_label(self.start).en} (no trigger date is used).",
            ),
        )
        yield from_due("once", d, "deadline", None, head)


@dataclass(frozen=True)
class Minimum:
    """「征求意见期限一般不少于三十日」: a window that must stay open at least `period` from the trigger.

    Its date is the earliest day the window may close; it is never overdue.
    """

    period: Period
    name: str = ""

    def describe(self) -> Text:
        p = self.period.describe()
        return Text(f"{self.name}不少于{p.zh}", f"{self.name or 'open'} at least {p.en}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        start = need_trigger(ctx, self, f"{self.name}开始" if self.name else "")
        d = compute(ctx.cal, self.period, start, cutoff=ctx.cutoff, explain=ctx.explain)
        head = explained(
            ctx,
            lambda: Text(
                f"规则：「{self.describe().zh}」是最短期限：自 {day_label(start).zh} 起，最早于 {day_label(d.due).zh} 届满后方可结束。",
                f"Rule: {self.describe().en} is a minimum: from {day_label(start).en}, "
                f"it may end no earlier than {day_label(d.due).en}.",
            ),
        )
        yield from_due("once", d, "minimum", start, head)


@dataclass(frozen=True)
class NamedWindow:
    """「公示期为7个工作日」: a named period as a window from the trigger (the day it starts)."""

    name: str
    period: Period

    def describe(self) -> Text:
        p = self.period.describe()
        return Text(f"{self.name}为{p.zh}", f"{self.name}: {p.en}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        start = need_trigger(ctx, self, f"{self.name.removesuffix('期限').removesuffix('期')}开始")
        d = compute(ctx.cal, self.period, start, cutoff=ctx.cutoff, explain=ctx.explain)
        head = explained(
            ctx,
            lambda: Text(
                f"规则：「{self.describe().zh}」：自 {day_label(start).zh} 开始的窗口。",
                f"Rule: {self.describe().en}: a window starting {day_label(start).en}.",
            ),
        )
        yield from_due("once", d, "window", start, head)


@dataclass(frozen=True)
class Effective:
    """「自发布之日起执行」「自公布之日起30日后施行，有效期三年」: in force from the trigger.

    `delay` puts the start that long after the trigger; `term` (first day
    counted) gives the last day in force. Without a term it never ends (in_force).
    """

    event: str
    delay: Period | None = None
    term: Period | None = None
    verb: str = "施行"

    def describe(self) -> Text:
        zh = f"自{self.event}之日起"
        en = f"in force from {self.event}"
        if self.delay:
            zh += f"{self.delay.describe().zh}后"
            en += f" + {self.delay.describe().en}"
        zh += self.verb
        if self.term:
            zh += f"，有效期{self.term.describe().zh}"
            en += f", for {self.term.describe().en}"
        return Text(zh, en)

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        trigger = need_trigger(ctx, self, self.event)
        begin = trigger
        if self.delay:  # 「30日后施行」: in force the day after the 30 days end
            begin = step(ctx.cal, trigger, self.delay.amount, self.delay.unit) + timedelta(days=1)
        lines: tuple[Text, ...] = ()
        if self.term is None:
            if ctx.explain:
                lines = (
                    Text(
                        f"规则：「{self.describe().zh}」：自 {day_label(begin).zh} 起{self.verb}，未规定有效期。",
                        f"Rule: {self.describe().en}: from {day_label(begin).en}, no end date stated.",
                    ),
                )
            yield Occurrence("once", begin, None, "in_force", explanation=lines)
            return
        end = step(ctx.cal, begin, self.term.amount, self.term.unit) - timedelta(days=1)
        if ctx.explain:
            lines = (
                Text(
                    f"规则：「{self.describe().zh}」：{day_label(begin).zh} 起{self.verb}，"
                    f"有效期{self.term.describe().zh}（首日计入），至 {day_label(end).zh} 止。",
                    f"Rule: {self.describe().en}: in force from {day_label(begin).en} for "
                    f"{self.term.describe().en} (the first day counts), until {day_label(end).en}.",
                ),
            )
        yield Occurrence("once", end, begin, "sunset", explanation=lines)


@dataclass(frozen=True)
class ByExpiry:
    """「在该行政许可有效期届满前作出……决定」: due by the expiry (the trigger) itself."""

    word: str = "届满"

    def describe(self) -> Text:
        return Text(f"{'期限' if self.word == '届满' else ''}{self.word}前", "before expiry")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        expiry = need_trigger(ctx, self, f"期限{self.word}")
        due = ctx.cal.prev_workday(expiry)
        lines = explained(
            ctx,
            lambda: Text(
                f"规则：「{self.describe().zh}」：须在{self.word}日 {day_label(expiry).zh} 当日或之前办理，"
                f"最后一个工作日为 {day_label(due).zh}。",
                f"Rule: {self.describe().en}: by the expiry {day_label(expiry).en}; "
                f"the last working day is {day_label(due).en}.",
            ),
        )
        yield Occurrence("once", due, None, "deadline", *workday_bounds(ctx, expiry, due, due), lines)


@dataclass(frozen=True)
class NextMonth:
    """「代扣税款后的次月十五日内」「取得所得的次月十五日内」: a day of the month after the trigger's month."""

    day: int
    event: str = ""

    def describe(self) -> Text:
        return Text(f"{self.event}后的次月{self.day}日前", f"by day {self.day} of the month after {self.event}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        start = need_trigger(ctx, self, self.event)
        year, month = divmod(start.year * 12 + start.month, 12)
        due = clamped(year, month + 1, self.day)
        yield Occurrence(
            "once",
            due,
            None,
            "deadline",
            explanation=fixed_explanation(
                ctx,
                lambda: Text(
                    f"规则：「{self.describe().zh}」：{self.event}于 {day_label(start).zh}，次月为 {year}年{month + 1}月。",
                    f"Rule: {self.describe().en}: {self.event} on {day_label(start).en}; the next month is "
                    f"{year}-{month + 1:02d}.",
                ),
                due,
                None,
            ),
        )
