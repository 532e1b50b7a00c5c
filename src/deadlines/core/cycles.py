"""Schedules that recur from the last completion: validity periods and review cycles.

「有效期3年」 runs from the issue date (the first day counts) and is renewed
before it ends; 「复审周期不超过5年」「评估周期为三年」「每12个月一次」 fall a
period after the last completion. The first cycle counts from the trigger.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from deadlines.core.i18n import Text, day_label
from deadlines.core.periods import Period, compute, step
from deadlines.core.schedules import Context, Occurrence, cutoff_line, from_due, need_trigger, workday_bounds


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
    lead_window: bool = False
    """The lead is a window (「届满前6个月内申请」): renewal opens then, and is due by the end of validity."""

    def describe(self) -> Text:
        p = self.period.describe()
        if self.lead:
            lp = replace(self.lead, backward=False).describe()
            if self.lead_window:
                return Text(f"有效期{p.zh}，届满前{lp.zh}内申请", f"valid {p.en}, apply within {lp.en} before expiry")
            return Text(f"有效期{p.zh}，届满前{lp.zh}申请", f"valid {p.en}, apply {lp.en} before expiry")
        return Text(f"有效期{p.zh}", f"valid {p.en}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        done, last = _last_completion(ctx)
        start = last if last is not None else need_trigger(ctx, self, "发证")
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
        if self.lead is not None and not self.lead_window:
            d = compute(ctx.cal, replace(self.lead, backward=True), expires, cutoff=ctx.cutoff, explain=ctx.explain)
            return replace(from_due(cycle, d, "validity", head=head), expires=expires)
        due = ctx.cal.prev_workday(expires)
        lines = head
        if ctx.explain:
            lines += (
                Text(
                    f"须在有效期届满前办理：最后一个工作日为 {day_label(due).zh}。",
                    f"Renew before validity ends: the last working day is {day_label(due).en}.",
                ),
                cutoff_line(ctx, due),
            )
        opens = None
        if self.lead is not None:
            opens = step(ctx.cal, expires, -self.lead.amount, self.lead.unit)
            if ctx.explain:
                lines += (
                    Text(
                        f"申请窗口：届满前{replace(self.lead, backward=False).describe().zh}内，自 {day_label(opens).zh} 起。",
                        f"Application window: within {replace(self.lead, backward=False).describe().en} before expiry, "
                        f"from {day_label(opens).en}.",
                    ),
                )
        return Occurrence(cycle, due, opens, "validity", *workday_bounds(ctx, expires, due, start), lines, expires)


@dataclass(frozen=True)
class Review:
    """「复审周期不超过5年」「评估周期为三年」「每届任期为4年」「每12个月一次」: a cycle.

    Due a period after the last completion (or the trigger). `name` is the
    document's word for the cycle: 复审周期, 评估周期, 每届任期, or "" (每…一次).
    """

    period: Period
    name: str = "复审周期"

    def describe(self) -> Text:
        p = self.period.describe()
        if not self.name:
            return Text(f"每{p.zh}一次", f"once every {p.en}")
        if self.name == "复审周期":
            return Text(f"复审周期不超过{p.zh}", f"review at least every {p.en}")
        if self.name.endswith("周期"):
            return Text(f"{self.name}不超过{p.zh}", f"{self.name}: at least every {p.en}")
        return Text(f"{self.name}为{p.zh}", f"{self.name}: {p.en}")

    def occurrences(self, ctx: Context, since: date) -> Iterator[Occurrence]:
        done, last = _last_completion(ctx)
        start = last if last is not None else need_trigger(ctx, self, "上次完成")
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
            yield from_due(str(cycle), d, "review", head=head)
            start = d.due
            cycle += 1
