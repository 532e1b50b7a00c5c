"""民法典 periods: from a start day and a period to a due date, with its explanation.

第二百零一条: the start day is not counted (unless the obligation says it is).
第二百零二条: months and years end on the corresponding day, or the month's end.
第二百零三条: a last day that is a rest day moves to the next working day;
the last day ends at 24:00, or at the close of business where that applies.
Working-day periods end on the Nth working day after the start day.
Backward periods (「60日前」) count back and move to the previous working day.

`compute` is the one entry point. It resolves the due date under the calendar's
best scenario and, when a provisional year is involved, under the earliest and
latest scenarios too, so the answer says how far the official notice can move it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from deadlines.core.calendar import DayInfo, WorkCalendar
from deadlines.core.dates import add_months
from deadlines.core.i18n import Text, day_label
from deadlines.core.terms import SOURCE

Unit = Literal["day", "workday", "month", "year"]

_UNIT_TEXT = {
    "day": ("日", "day"),
    "workday": ("个工作日", "working day"),
    "month": ("个月", "month"),
    "year": ("年", "year"),
}


@dataclass(frozen=True)
class Period:
    """A length of time as the law counts it: N days, working days, months or years."""

    amount: int
    unit: Unit
    backward: bool = False
    """Counted back from the start (「届满60日前」): the duty falls at least N before."""
    start_counts: bool = False
    """The start day is day one (「自发布之日起」); by default it is not (第二百零一条)."""
    by_statute: bool = False
    """Written in 日 that the statute counts as working days (行政许可法第八十二条): 「二十日（工作日）」."""

    def describe(self) -> Text:
        zh_unit, en_unit = _UNIT_TEXT[self.unit]
        en = f"{self.amount} {en_unit}{'' if self.amount == 1 else 's'}"
        if self.by_statute:
            zh_unit, en = "日（工作日）", f"{self.amount} days (working days by statute)"
        if self.backward:
            return Text(f"{self.amount}{zh_unit}前", f"{en} before")
        return Text(f"{self.amount}{zh_unit}", en)


@dataclass(frozen=True)
class Due:
    """A computed due date, its bounds when provisional, and why it is what it is."""

    start: date
    period: Period
    due: date
    provisional: bool
    earliest: date
    latest: date
    explanation: tuple[Text, ...]
    cutoff: str


def step(cal: WorkCalendar | None, start: date, amount: int, unit: Unit) -> date:
    """The plain count: `amount` days, working days, months or years after `start` (before it when negative).

    The one stepper every schedule uses. No rest-day move and no start-day
    rule here: a month or year lands on the corresponding day, or the month's
    last day (第二百零二条); working days need the calendar, the others not.
    """
    if unit == "day":
        return start + timedelta(days=amount)
    if unit == "workday":
        if cal is None:
            raise ValueError("counting working days needs a calendar")
        return cal.add_workdays(start, amount)
    return add_months(start, amount * (12 if unit == "year" else 1))


def _nominal(cal: WorkCalendar, p: Period, start: date) -> tuple[date, date]:
    """(the day the count lands on, the due date after the rest-day move)."""
    sign = -1 if p.backward else 1
    if p.unit == "workday":
        origin = start - timedelta(days=sign) if p.start_counts else start
        landed = step(cal, origin, sign * p.amount, "workday")
        return landed, landed
    if p.unit == "day" and p.start_counts:
        landed = step(cal, start, sign * (p.amount - 1), "day")
    else:
        landed = step(cal, start, sign * p.amount, p.unit)
        if p.start_counts:
            landed -= timedelta(days=sign)
    moved = cal.prev_workday(landed) if p.backward else cal.next_workday(landed)
    return landed, moved


def due_date(cal: WorkCalendar, p: Period, start: date) -> date:
    """Only the due date, under the calendar's scenario: the fast path for batches."""
    return _nominal(cal, p, start)[1]


def compute(cal: WorkCalendar, p: Period, start: date, *, cutoff: str | None = None, explain: bool = True) -> Due:
    """The due date of period `p` from `start`, with bounds and explanation."""
    best = cal.under("best")
    landed, due = _nominal(best, p, start)
    lo, hi = min(start, landed, due), max(start, landed, due)
    provisional = best.provisional_between(lo, hi)
    earliest = latest = due
    if provisional:
        a = _nominal(best.under("earliest"), p, start)[1]
        b = _nominal(best.under("latest"), p, start)[1]
        earliest, latest = min(a, b, due), max(a, b, due)
        hi = max(hi, latest)
        lo = min(lo, earliest)
    lines = _explain(best, p, start, landed, due, lo, hi, provisional, earliest, latest, cutoff) if explain else ()
    return Due(start, p, due, provisional, earliest, latest, tuple(lines), cutoff or "24:00")


# -- explanation ----------------------------------------------------------

_MAX_RUNS = 12


def _runs(days: list[DayInfo]) -> list[tuple[DayInfo, DayInfo, Text]]:
    """Consecutive days with the same reason, as (first, last, reason)."""
    runs: list[tuple[DayInfo, DayInfo, Text]] = []
    for info in days:
        reason = info.reason()
        if runs and runs[-1][2] == reason and (info.day - runs[-1][1].day).days == 1:
            runs[-1] = (runs[-1][0], info, reason)
        else:
            runs.append((info, info, reason))
    return runs


def _span(first: DayInfo, last: DayInfo) -> Text:
    if first.day == last.day:
        return day_label(first.day)
    a, b = day_label(first.day), day_label(last.day)
    return Text(f"{a.zh}至{b.zh}", f"{a.en} to {b.en}")


def _list_runs(title: Text, days: list[DayInfo]) -> list[Text]:
    runs = _runs(days)
    shown = [Text(f"  {_span(a, b).zh} {r.zh}", f"  {_span(a, b).en} {r.en}") for a, b, r in runs[:_MAX_RUNS]]
    if len(runs) > _MAX_RUNS:
        rest = sum((b.day - a.day).days + 1 for a, b, _ in runs[_MAX_RUNS:])
        shown.append(Text(f"  ……另有 {rest} 天", f"  … and {rest} more days"))
    return [title, *shown] if shown else []


def _explain(
    cal: WorkCalendar,
    p: Period,
    start: date,
    landed: date,
    due: date,
    lo: date,
    hi: date,
    provisional: bool,
    earliest: date,
    latest: date,
    cutoff: str | None,
) -> list[Text]:
    desc = p.describe()
    lines = [
        Text(f"期间：「{desc.zh}」，自 {day_label(start).zh} 起算。", f"Period: {desc.en}, from {day_label(start).en}.")
    ]
    if p.by_statute:
        lines.append(
            Text(
                "本规则的「日」依法按工作日计算，不含法定节假日（行政许可法第八十二条）。",
                "This rule's days are working days by statute, holidays excluded (Administrative Licensing Law art. 82).",
            )
        )
    if p.start_counts:
        lines.append(
            Text(
                "起算日计入期间（该义务约定「自……之日起」计算，依民法典第二百零四条从其约定）。",
                "The start day counts as day one (the obligation counts 'from the day of …'; Civil Code art. 204).",
            )
        )
    else:
        lines.append(
            Text(
                "起算日不计入，自下一日开始计算（民法典第二百零一条）。",
                "The start day is not counted; counting begins the next day (Civil Code art. 201).",
            )
        )
    sign = -1 if p.backward else 1
    first, last = (start + timedelta(days=sign), landed) if not p.backward else (landed, start - timedelta(days=1))
    if p.unit == "workday":
        lines.append(
            Text(
                f"按工作日计算：第 {p.amount} 个工作日为 {day_label(due).zh}。",
                f"Counted in working days: working day {p.amount} is {day_label(due).en}.",
            )
        )
        span = cal.days(min(first, last), max(first, last))
        lines += _list_runs(Text("跳过的休息日：", "Rest days skipped:"), [d for d in span if not d.workday])
        lines += _list_runs(
            Text("计入的调休上班日：", "Weekend make-up working days counted:"), [d for d in span if d.makeup]
        )
    else:
        if p.unit in ("month", "year"):
            lines.append(
                Text(
                    f"按{'年' if p.unit == 'year' else '月'}计算，到期月的对应日为最后一日（民法典第二百零二条）：{day_label(landed).zh}"
                    + ("；到期月没有对应日，取月末日。" if landed.day != start.day and not p.start_counts else "。"),
                    f"Counted in {p.unit}s, ending on the corresponding day of the due month (Civil Code art. 202): "
                    f"{day_label(landed).en}"
                    + (
                        "; that month has no such day, so its last day."
                        if landed.day != start.day and not p.start_counts
                        else "."
                    ),
                )
            )
        else:
            n = p.amount
            lines.append(
                Text(
                    f"按日计算：{'向前倒数' if p.backward else ''}第 {n} 日为 {day_label(landed).zh}。",
                    f"Counted in calendar days: day {n}{' counting back' if p.backward else ''} is {day_label(landed).en}.",
                )
            )
        if due != landed:
            why = cal.day(landed).reason()
            moved = cal.days(min(landed, due), max(landed, due))
            if p.backward:
                lines.append(
                    Text(
                        f"该日为休息日（{why.zh}）；义务须至少提前履行，故提前至前一个工作日 {day_label(due).zh}。",
                        f"That day is a rest day ({why.en}); the duty must be done at least that early, "
                        f"so it moves back to the previous working day, {day_label(due).en}.",
                    )
                )
            else:
                lines.append(
                    Text(
                        f"该日为休息日（{why.zh}）；期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日"
                        f"（民法典第二百零三条），顺延至 {day_label(due).zh}。",
                        f"That day is a rest day ({why.en}); a period whose last day is a rest day ends on the day after "
                        f"the rest days end (Civil Code art. 203): {day_label(due).en}.",
                    )
                )
            lines += _list_runs(
                Text("顺延跳过的休息日：", "Rest days moved over:"), [d for d in moved if not d.workday]
            )
        else:
            lines.append(Text("该日为工作日，无需顺延。", "That day is a working day; nothing moves."))
    if cutoff:
        lines.append(
            Text(
                f"截止时间：{due.isoformat()} {cutoff}（业务时间截止，民法典第二百零三条）。",
                f"Cut-off: {due.isoformat()} {cutoff} (close of business, Civil Code art. 203).",
            )
        )
    else:
        lines.append(
            Text(
                f"截止时间：{due.isoformat()} 24:00（民法典第二百零三条）。",
                f"Cut-off: {due.isoformat()} 24:00 (Civil Code art. 203).",
            )
        )
    lines.append(_sources(cal, lo, hi))
    if provisional and earliest == latest:
        lines.append(
            Text(
                f"本期限涉及尚未公布官方安排的年份（推算日历），但按可能的各种安排计算都是 {earliest.isoformat()}。",
                f"This date involves a year whose official arrangement is not yet published (provisional calendar), "
                f"but every likely arrangement gives the same day, {earliest.isoformat()}.",
            )
        )
    elif provisional:
        lines.append(
            Text(
                f"本期限依赖尚未公布官方安排的年份（推算日历）：官方通知发布后可能变动，最早 {earliest.isoformat()}，最晚 {latest.isoformat()}；提醒按最早日期发送。",
                f"This date depends on a year whose official arrangement is not yet published (provisional calendar): "
                f"it may move once the notice is out, earliest {earliest.isoformat()}, latest {latest.isoformat()}; "
                "reminders use the earliest.",
            )
        )
    return lines


def _sources(cal: WorkCalendar, lo: date, hi: date) -> Text:
    parts = [(y.year, SOURCE[y.source], y.origin) for y in cal.years(lo, hi)]
    zh = "；".join(f"{y} 年：{s.zh}（{o}）" for y, s, o in parts)
    en = "; ".join(f"{y}: {s.en} ({o})" for y, s, o in parts)
    region = cal.region
    if region is not None:
        zh += f"；地区：{region.name}（{region.basis}）"
        en += f"; region: {region.key} ({region.basis})"
    return Text(f"日历来源：{zh}。", f"Calendar sources: {en}.")
