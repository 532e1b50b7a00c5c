"""Obligation schedules: the occurrence they produce, and the one-off kinds.

Every kind in DESIGN.md is a frozen dataclass; this module holds what they
share (Occurrence, Context, the trigger check, the fixed-date explanation)
and the one-off kinds. Calendar-recurring kinds are in `recurring`, kinds
that recur from the last completion in `cycles`, windows counted from a
trigger or a written date in `triggered`; `kinds.Schedule` is their union.

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
from typing import Literal, Protocol

from deadlines.core.calendar import WorkCalendar
from deadlines.core.errors import InputError
from deadlines.core.i18n import Text, day_label
from deadlines.core.periods import Due, Period, compute, step

Kind = Literal["deadline", "window", "validity", "review", "sunset", "in_force", "ban", "minimum"]


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


class Described(Protocol):
    def describe(self) -> Text: ...


def need_trigger(ctx: Context, schedule: Described, event: str = "") -> date:
    """The trigger date, or a MissingTrigger naming the event the rule counts from (「受理之日」)."""
    if ctx.trigger is None:
        what = schedule.describe()
        label = ctx.trigger_label or (f"{event}之日" if event else "起算日")
        raise MissingTrigger(
            f"规则「{what.zh}」从「{label}」起算，但没有给出这一日期：请用 --from 或 --set 给出。",
            f"the rule {what.en!r} counts from {label!r}, which is not given: give it with --from or --set.",
        )
    return ctx.trigger


def explained(ctx: Context, line: Callable[[], Text]) -> tuple[Text, ...]:
    """The rule's first explanation line, built only when explaining."""
    return (line(),) if ctx.explain else ()


def workday_bounds(ctx: Context, day: date, due: date, lo: date) -> tuple[bool, date, date]:
    """(provisional?, earliest, latest) of `due`, the last working day on or before `day`, counted from `lo`."""
    if not ctx.cal.provisional_between(min(lo, due), day):
        return False, due, due
    early = ctx.cal.under("earliest").prev_workday(day)
    late = ctx.cal.under("latest").prev_workday(day)
    return True, min(early, late), max(early, late)


def cutoff_line(ctx: Context, due: date) -> Text:
    time = ctx.cutoff or "24:00"
    return Text(f"截止时间：{due.isoformat()} {time}。", f"Cut-off: {due.isoformat()} {time}.")


def fixed_explanation(ctx: Context, rule: Callable[[], Text], due: date, opens: date | None) -> tuple[Text, ...]:
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
    lines.append(cutoff_line(ctx, due))
    return tuple(lines)


def from_due(cycle: str, d: Due, kind: Kind, opens: date | None = None, head: tuple[Text, ...] = ()) -> Occurrence:
    return Occurrence(cycle, d.due, opens, kind, d.provisional, d.earliest, d.latest, head + d.explanation)


def clamped(year: int, month: int, day: int) -> date:
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
            "once", self.due, self.opens, kind, explanation=fixed_explanation(ctx, self._rule, self.due, self.opens)
        )

    def _rule(self) -> Text:
        d = self.describe()
        return Text(f"规则：固定日期「{d.zh}」。", f"Rule: fixed date, {d.en}.")


@dataclass(frozen=True)
class Relative:
    """「培训结束后10个工作日内」: a period after a trigger event.

    `limit` "max" is a maximum the document sets (「期限一般不得超过二十四个月」):
    the same deadline, said as an upper bound.
    """

    period: Period
    event: str = ""
    limit: Literal["within", "max"] = "within"

    def describe(self) -> Text:
        p = self.period.describe()
        after_zh, after_en = (f"{self.event}后", f" after {self.event}") if self.event else ("", "")
        if self.limit == "max":
            since = f"自{self.event}之日起" if self.event else ""
            return Text(f"{since}不得超过{p.zh}", f"at most {p.en}{after_en}")
        if self.event:
            return Text(f"{after_zh}{p.zh}内", f"{p.en}{after_en}")
        return Text(f"{p.zh}内", f"within {p.en}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        start = need_trigger(ctx, self, self.event)
        period = self.period if ctx.start_counts is None else replace(self.period, start_counts=ctx.start_counts)
        yield from_due("once", compute(ctx.cal, period, start, cutoff=ctx.cutoff, explain=ctx.explain), "deadline")


@dataclass(frozen=True)
class BeforeExpiry:
    """「期限届满60日前」「提前90日」: due a period before the trigger date (an expiry, a meeting).

    `said` keeps how the document says it: "" for 届满…前, or 提前 / 至少提前
    (the duty falls at least that long before the trigger; the same count).
    """

    period: Period
    said: Literal["", "提前", "至少提前"] = ""
    anchor: Literal["", "届满", "期满", "到期", "截止"] = "届满"
    """What the count goes back from, as written: the expiry (届满…), or "" for the trigger (「七日前」)."""

    def describe(self) -> Text:
        p = replace(self.period, backward=False).describe()
        if self.said:
            return Text(f"{self.said}{p.zh}", f"{'at least ' if self.said == '至少提前' else ''}{p.en} ahead")
        if not self.anchor:
            return Text(f"{p.zh}前", f"{p.en} before")
        return Text(f"{'期限' if self.anchor == '届满' else ''}{self.anchor}{p.zh}前", f"{p.en} before expiry")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        expiry = need_trigger(ctx, self, f"期限{self.anchor}" if self.anchor and not self.said else "")
        period = replace(self.period, backward=True)
        yield from_due("once", compute(ctx.cal, period, expiry, cutoff=ctx.cutoff, explain=ctx.explain), "deadline")


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
    event: str = ""
    """The event the ban counts from, when the text names it (「自发现上述违法行为之日起」)."""

    def describe(self) -> Text:
        p = self.period.describe()
        since_zh, since_en = (f"自{self.event}之日起", f" from {self.event}") if self.event else ("", "")
        return Text(f"{since_zh}{p.zh}内不得{self.what}", f"no {self.what or 'application'} for {p.en}{since_en}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        start = need_trigger(ctx, self, self.event)
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
