"""Obligation schedules: every kind in DESIGN.md, and the occurrences each produces.

A schedule is a frozen dataclass. `occurrences(ctx, since)` yields its
occurrences in date order from the one that is current at `since`: finite
for one-off kinds, endless for recurring ones (take what you need). Calendar
windows recur by the calendar; validity periods and review cycles recur from
the last completion, as DESIGN.md says.

Fixed dates (「每年4月30日前」, 「2023年7月7日前」) are the document's dates:
they never move, and the explanation says when one falls on a rest day.
Periods (「培训结束后10个工作日内」, 「有效期3年」, 「期限届满60日前」) go
through `periods.compute`, which applies the 民法典 rules.
"""

from __future__ import annotations

import calendar as _stdcal
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from deadlines.core.calendar import WorkCalendar
from deadlines.core.errors import InputError
from deadlines.core.i18n import Text, day_label
from deadlines.core.periods import Due, Period, compute, step

Kind = Literal["deadline", "window", "validity", "review", "sunset", "in_force", "ban"]


@dataclass(frozen=True)
class Occurrence:
    """One instance of an obligation: when its window opens, when it is due, and why."""

    cycle: str
    """A stable label (2026, 2026-Q1, 2026-03, once, 1, 2, …) that completions refer to."""
    due: date
    opens: date | None = None
    kind: Kind = "deadline"
    provisional: bool = False
    earliest: date | None = None
    latest: date | None = None
    explanation: tuple[Text, ...] = ()
    expires: date | None = None
    """For validity periods: the last day of validity (the due date is the renewal deadline)."""

    def __post_init__(self) -> None:
        if self.earliest is None:
            object.__setattr__(self, "earliest", self.due)
        if self.latest is None:
            object.__setattr__(self, "latest", self.due)


@dataclass(frozen=True)
class Context:
    """What a schedule needs besides itself: the calendar and the obligation's facts."""

    cal: WorkCalendar
    trigger: date | None = None
    """The start date of a relative rule (training end, issue date, expiry, decision)."""
    trigger_label: str = ""
    completions: Mapping[str, date] = field(default_factory=dict)
    """Completion date by occurrence cycle."""
    start_counts: bool | None = None
    """Override whether the start day counts (None: the schedule's default)."""
    cutoff: str | None = None
    explain: bool = True


class MissingTrigger(InputError):
    """A relative schedule asked for occurrences without its start date."""


def _need_trigger(ctx: Context, schedule: Schedule) -> date:
    if ctx.trigger is None:
        what = schedule.describe()
        label = ctx.trigger_label or "起算日"
        raise MissingTrigger(
            f"规则「{what.zh}」需要起算日期（{label}）：请用 --from 或 --set 给出。",
            f"the rule {what.en!r} needs its start date ({label}): give it with --from or --set.",
        )
    return ctx.trigger


def _cutoff_line(ctx: Context, due: date) -> Text:
    time = ctx.cutoff or "24:00"
    return Text(f"截止时间：{due.isoformat()} {time}。", f"Cut-off: {due.isoformat()} {time}.")


def _fixed_explanation(ctx: Context, rule: Callable[[], Text], due: date, opens: date | None) -> tuple[Text, ...]:
    """Why a date the document fixes is what it is (`rule` is only called when explaining)."""
    if not ctx.explain:
        return ()
    lines = [rule()]
    if opens is not None:
        lines.append(
            Text(
                f"窗口：{day_label(opens).zh}至{day_label(due).zh}，截止日为窗口最后一天。",
                f"Window: {day_label(opens).en} to {day_label(due).en}; due on its last day.",
            )
        )
    else:
        lines.append(
            Text(
                f"「……前」按通知惯例包含当日：须在 {day_label(due).zh} 当日或之前完成。",
                f"'Before' in filing notices includes the day itself: due on or before {day_label(due).en}.",
            )
        )
    info = ctx.cal.day(due)
    if not info.workday:
        last = ctx.cal.prev_workday(due)
        lines.append(
            Text(
                f"该日为休息日（{info.reason().zh}）：文件所定日期不顺延；此前最后一个工作日为 {day_label(last).zh}，如需到窗口办理请提前。",
                f"That day is a rest day ({info.reason().en}): a date the document fixes does not move; "
                f"the last working day before it is {day_label(last).en} — act by then if an office must be visited.",
            )
        )
    lines.append(_cutoff_line(ctx, due))
    return tuple(lines)


def _from_due(cycle: str, d: Due, kind: Kind, opens: date | None = None, head: tuple[Text, ...] = ()) -> Occurrence:
    return Occurrence(cycle, d.due, opens, kind, d.provisional, d.earliest, d.latest, head + d.explanation)


def _clamped(year: int, month: int, day: int) -> date:
    """date(year, month, day), or the month's last day (2月29日 in a common year)."""
    return date(year, month, min(day, _stdcal.monthrange(year, month)[1]))


# -- one-off kinds ----------------------------------------------------------------


@dataclass(frozen=True)
class FixedDate:
    """「2023年7月7日前」, or a fixed window 「2023年7月20日至22日」."""

    due: date
    opens: date | None = None

    def describe(self) -> Text:
        if self.opens:
            return Text(
                f"{self.opens.isoformat()}至{self.due.isoformat()}",
                f"{self.opens.isoformat()} to {self.due.isoformat()}",
            )
        return Text(f"{self.due.isoformat()}前", f"by {self.due.isoformat()}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        kind: Kind = "window" if self.opens else "deadline"
        yield Occurrence(
            "once", self.due, self.opens, kind, explanation=_fixed_explanation(ctx, self._rule, self.due, self.opens)
        )

    def _rule(self) -> Text:
        d = self.describe()
        return Text(f"规则：固定日期「{d.zh}」。", f"Rule: fixed date, {d.en}.")


@dataclass(frozen=True)
class Relative:
    """「培训结束后10个工作日内」: a period after a trigger event."""

    period: Period
    event: str = ""

    def describe(self) -> Text:
        p = self.period.describe()
        if self.event:
            return Text(f"{self.event}后{p.zh}内", f"{p.en} after {self.event}")
        return Text(f"{p.zh}内", f"within {p.en}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        start = _need_trigger(ctx, self)
        period = self.period if ctx.start_counts is None else replace(self.period, start_counts=ctx.start_counts)
        yield _from_due("once", compute(ctx.cal, period, start, cutoff=ctx.cutoff, explain=ctx.explain), "deadline")


@dataclass(frozen=True)
class BeforeExpiry:
    """「期限届满60日前」: due a period before the trigger date (an expiry or deadline)."""

    period: Period

    def describe(self) -> Text:
        p = replace(self.period, backward=False).describe()
        return Text(f"期限届满{p.zh}前", f"{p.en} before expiry")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        expiry = _need_trigger(ctx, self)
        period = replace(self.period, backward=True)
        yield _from_due("once", compute(ctx.cal, period, expiry, cutoff=ctx.cutoff, explain=ctx.explain), "deadline")


@dataclass(frozen=True)
class Sunset:
    """「有效期至2026年7月31日」: a policy in force until a date (and maybe from one)."""

    end: date
    begin: date | None = None

    def describe(self) -> Text:
        if self.begin:
            return Text(
                f"{self.begin.isoformat()}起施行，有效期至{self.end.isoformat()}",
                f"in force {self.begin.isoformat()} to {self.end.isoformat()}",
            )
        return Text(f"有效期至{self.end.isoformat()}", f"in force until {self.end.isoformat()}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        lines: tuple[Text, ...] = ()
        if ctx.explain:
            d = self.describe()
            lines = (
                Text(f"规则：政策「{d.zh}」。", f"Rule: policy {d.en}."),
                Text(
                    f"{day_label(self.end).zh}后政策失效：依该政策的申报、补贴须在此前办理。",
                    f"After {day_label(self.end).en} the policy lapses: applications under it must be made before then.",
                ),
            )
        yield Occurrence("once", self.end, self.begin, "sunset", explanation=lines)


@dataclass(frozen=True)
class InForce:
    """「自2022年8月1日起施行」: a policy in force from a date, with no end stated.

    Not a deadline: once the day has come the policy is simply in force, so it
    never becomes overdue.
    """

    begin: date

    def describe(self) -> Text:
        return Text(f"自{self.begin.isoformat()}起施行", f"in force from {self.begin.isoformat()}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        lines: tuple[Text, ...] = ()
        if ctx.explain:
            d = self.describe()
            lines = (
                Text(f"规则：政策「{d.zh}」，未规定有效期。", f"Rule: policy {d.en}, no end date stated."),
                Text(
                    f"{day_label(self.begin).zh}起施行：此后依该政策办理。",
                    f"In force from {day_label(self.begin).en}: act under it from then on.",
                ),
            )
        yield Occurrence("once", self.begin, None, "in_force", explanation=lines)


@dataclass(frozen=True)
class Ban:
    """「3年内不得申报」: a window after a trigger in which something is blocked."""

    period: Period
    what: str = ""

    def describe(self) -> Text:
        p = self.period.describe()
        return Text(f"{p.zh}内不得{self.what}", f"no {self.what or 'application'} for {p.en}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        start = _need_trigger(ctx, self)
        last = step(ctx.cal, start, self.period.amount, self.period.unit)
        lines: tuple[Text, ...] = ()
        if ctx.explain:
            d = self.describe()
            lines = (
                Text(f"规则：「{d.zh}」，自 {day_label(start).zh} 起。", f"Rule: {d.en}, from {day_label(start).en}."),
                Text(
                    f"起算日不计入（民法典第二百零一条）：禁止期为 {(start + timedelta(days=1)).isoformat()} 至 {last.isoformat()}，{(last + timedelta(days=1)).isoformat()} 起方可再次申报。",
                    f"The start day is not counted (Civil Code art. 201): blocked from {(start + timedelta(days=1)).isoformat()} "
                    f"to {last.isoformat()}; allowed again from {(last + timedelta(days=1)).isoformat()}.",
                ),
            )
        yield Occurrence("once", last, start + timedelta(days=1), "ban", explanation=lines)


# -- recurring by the calendar ----------------------------------------------------


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
                opens = _clamped(year, *self.start)
            due = _clamped(year + (1 if self.start and self.end < self.start else 0), *self.end)
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
                    explanation=_fixed_explanation(ctx, rule, due, opens),
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
            return first, _clamped(year, 3 * k, 31), f"{year}-Q{k}"
        if self.unit == "half":
            first = date(year, 6 * k - 5, 1)
            return first, _clamped(year, 6 * k, 31), f"{year}-H{k}"
        if self.unit == "month":
            return date(year, k, 1), _clamped(year, k, 31), f"{year}-{k:02d}"
        part = self.index or 1
        lo, hi = (1, 10) if part == 1 else (11, 20) if part == 2 else (21, 31)
        return (
            date(year, k, lo),
            _clamped(year, k, hi),
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
                        cycle, due, opens, "window", explanation=_fixed_explanation(ctx, self._rule, due, opens)
                    )
            year += 1


# -- recurring from the last completion --------------------------------------------


def _last_completion(ctx: Context) -> tuple[int, date | None]:
    """(how many cycles are done, the date of the last one)."""
    done = sorted(ctx.completions.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0)
    numbered = [(int(c), d) for c, d in done if c.isdigit()]
    if not numbered:
        return 0, None
    n, d = max(numbered)
    return n, d


@dataclass(frozen=True)
class Validity:
    """「有效期3年」: valid for a period from the trigger (issue date); renew before it ends.

    By convention the issue date is the first day of validity (有效期自发证之日起),
    so three years from 2019-11-15 run to 2022-11-14. The due date is the renewal
    deadline: `lead` before expiry when the rule gives one (「届满前3个月申请」),
    else the last working day of validity. Renewal starts the next cycle from
    its completion date.
    """

    period: Period
    lead: Period | None = None

    def describe(self) -> Text:
        p = self.period.describe()
        if self.lead:
            lp = replace(self.lead, backward=False).describe()
            return Text(f"有效期{p.zh}，届满前{lp.zh}申请", f"valid {p.en}, apply {lp.en} before expiry")
        return Text(f"有效期{p.zh}", f"valid {p.en}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        done, last = _last_completion(ctx)
        start = last if last is not None else _need_trigger(ctx, self)
        cycle = done + 1
        while True:
            occ = self._one(ctx, start, str(cycle))
            yield occ
            start = occ.expires + timedelta(days=1) if occ.expires else occ.due
            cycle += 1

    def _one(self, ctx: Context, start: date, cycle: str) -> Occurrence:
        counts = True if ctx.start_counts is None else ctx.start_counts
        expires = step(ctx.cal, start, self.period.amount, self.period.unit)
        if counts:
            expires -= timedelta(days=1)
        head: tuple[Text, ...] = ()
        if ctx.explain:
            p = self.period.describe()
            head = (
                Text(
                    f"有效期{p.zh}，自 {day_label(start).zh} 起{'（首日计入，有效期自发证之日起）' if counts else '（首日不计入）'}，至 {day_label(expires).zh} 届满。",
                    f"Valid {p.en} from {day_label(start).en}{' (the first day counts)' if counts else ''}, until {day_label(expires).en}.",
                ),
            )
        if self.lead is not None:
            d = compute(ctx.cal, replace(self.lead, backward=True), expires, cutoff=ctx.cutoff, explain=ctx.explain)
            return replace(_from_due(cycle, d, "validity", head=head), expires=expires)
        due = ctx.cal.prev_workday(expires)
        lines = head
        if ctx.explain:
            lines += (
                Text(
                    f"须在有效期届满前办理：最后一个工作日为 {day_label(due).zh}。",
                    f"Renew before validity ends: the last working day is {day_label(due).en}.",
                ),
                _cutoff_line(ctx, due),
            )
        prov = ctx.cal.provisional_between(min(start, due), expires)
        early = ctx.cal.under("earliest").prev_workday(expires) if prov else due
        late = ctx.cal.under("latest").prev_workday(expires) if prov else due
        return Occurrence(cycle, due, None, "validity", prov, min(early, late), max(early, late), lines, expires)


@dataclass(frozen=True)
class Review:
    """「复审周期不超过5年」: due a period after the last completion (or the trigger)."""

    period: Period

    def describe(self) -> Text:
        p = self.period.describe()
        return Text(f"复审周期不超过{p.zh}", f"review at least every {p.en}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        done, last = _last_completion(ctx)
        start = last if last is not None else _need_trigger(ctx, self)
        cycle = done + 1
        while True:
            d = compute(ctx.cal, self.period, start, cutoff=ctx.cutoff, explain=ctx.explain)
            head: tuple[Text, ...] = ()
            if ctx.explain:
                head = (
                    Text(
                        f"规则：「{self.describe().zh}」，自上次完成（或起算日）{day_label(start).zh} 起算。",
                        f"Rule: {self.describe().en}, counted from the last completion (or start) {day_label(start).en}.",
                    ),
                )
            yield _from_due(str(cycle), d, "review", head=head)
            start = d.due
            cycle += 1


Schedule = FixedDate | Relative | BeforeExpiry | Sunset | InForce | Ban | Annual | Span | Validity | Review
NEEDS_TRIGGER = (Relative, BeforeExpiry, Ban, Validity, Review)
"""Schedules whose dates count from a trigger date (validity and review: until the first completion)."""
