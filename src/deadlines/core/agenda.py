"""Alerts: each obligation's current occurrence and its status on a given day.

Status, most urgent first: overdue, due_today, window_open, due_soon,
upcoming, done; and for the informational kinds, blocked (inside a ban
period), ended (a policy or ban that is over, or a minimum period that has
run: 「征求意见期限不少于三十日」 may close from then) and in_force (a policy that
took effect with no end date). Only a duty can be overdue: the statuses of
the issuing body's steps and of policy information (expected, not_yet,
past), of optional steps not yet activated (optional) and of rules past
their policy's `until` come from `core/lifecycle.py`. "Due soon" starts at the
longest lead time (default 30, 7 and 1 days; a lead time may be in working
days, 「5个工作日」); the lead-time stage reached is what reminders send.
Provisional dates are judged by their earliest possible day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import Literal, cast

from deadlines.core.calendar import WorkCalendar
from deadlines.core.errors import DeadlinesError, InputError
from deadlines.core.i18n import Text
from deadlines.core.lifecycle import bounded, ended_occurrence, lifecycle_status
from deadlines.core.models import Completion, Obligation
from deadlines.core.parse import parse_period
from deadlines.core.periods import Period, step
from deadlines.core.schedules import Context, Occurrence

Status = Literal[
    "overdue",
    "due_today",
    "window_open",
    "due_soon",
    "upcoming",
    "done",
    "blocked",
    "ended",
    "in_force",
    "invalid",
    "expected",
    "not_yet",
    "past",
    "optional",
]
STATUS_ORDER: tuple[Status, ...] = (
    "overdue",
    "due_today",
    "window_open",
    "due_soon",
    "blocked",
    "upcoming",
    "invalid",
    "expected",
    "not_yet",
    "optional",
    "done",
    "in_force",
    "past",
    "ended",
)
QUIET: frozenset[Status] = frozenset(
    ("done", "ended", "invalid", "in_force", "expected", "not_yet", "past", "optional")
)
"""Statuses that ask nothing of the user now: never listed as due."""

MAX_SCAN = 500
"""How many past occurrences to skip over at most when looking for the current one."""


@dataclass(frozen=True)
class Item:
    """An obligation with its current occurrence, status and lead-time stage on `today`."""

    obligation: Obligation
    occurrence: Occurrence | None
    status: Status
    stage: str | None = None
    """The shortest lead time already reached ("7日"), or None."""
    done: Completion | None = None
    """The completion of this occurrence, when status is done."""
    problem: Text | None = None
    """Why nothing could be computed (status invalid)."""

    @property
    def due(self) -> date | None:
        return self.occurrence.due if self.occurrence else None

    def urgency(self) -> tuple[int, date]:
        """A sort key: status order, then the (earliest) due date."""
        occ = self.occurrence
        return (STATUS_ORDER.index(self.status), occ.earliest if occ and occ.earliest else date.max)


@lru_cache(maxsize=256)
def lead_periods(leads: tuple[str, ...]) -> tuple[tuple[str, Period], ...]:
    """The lead times as periods, longest first; a bad one is an InputError quoting it."""
    out = []
    for text in leads:
        p = parse_period(text)
        if p.backward:
            raise InputError(f"提醒提前量「{text}」不应带「前」。", f"the lead time {text!r} must not say 'before'.")
        out.append((text, p))
    return tuple(sorted(out, key=lambda tp: tp[1].amount * (1.4 if tp[1].unit == "workday" else 1), reverse=True))


def stage_dates(due: date, leads: tuple[str, ...], cal: WorkCalendar) -> list[tuple[str, date]]:
    """For each lead time, the day its reminder stage begins (longest lead first)."""
    return [(text, step(cal, due, -p.amount, p.unit)) for text, p in lead_periods(leads)]


def status_on(occ: Occurrence, today: date, leads: tuple[str, ...], cal: WorkCalendar) -> tuple[Status, str | None]:
    """The status of a not-done occurrence on `today`, and the lead stage reached."""
    due = occ.earliest or occ.due
    if occ.kind == "ban":
        if occ.opens and occ.opens <= today <= occ.due:
            return "blocked", None
        return ("ended", None) if today > occ.due else ("upcoming", None)
    if occ.kind == "minimum":
        if today > occ.due:
            return "ended", None
        return ("window_open", None) if occ.opens is not None and occ.opens <= today else ("upcoming", None)
    if occ.kind == "in_force" and today >= due:
        return "in_force", None
    if today > due:
        return ("ended", None) if occ.kind == "sunset" else ("overdue", None)
    if today == due:
        return "due_today", None
    stage = None
    for text, start in stage_dates(due, leads, cal):
        if today >= start:
            stage = text
    if occ.opens is not None and occ.opens <= today and occ.kind == "window":
        return "window_open", stage
    return ("due_soon" if stage else "upcoming"), stage


TriggerResolver = Callable[[str], date | None]
"""Gives the date a chain `@spec` counts from (see `chained`)."""


def _status(ob: Obligation, occ: Occurrence, today: date, cal: WorkCalendar) -> tuple[Status, str | None]:
    other = lifecycle_status(ob, occ, today)
    if other is not None:
        return cast(Status, other), None
    if ob.minimum and occ.kind == "ban" and occ.opens is not None and today >= occ.opens:
        return "blocked", None  # a minimum stays in force until the user ends it
    return status_on(occ, today, ob.leads, cal)


def current_item(
    ob: Obligation,
    completions: Mapping[str, Completion],
    cal: WorkCalendar,
    today: date,
    *,
    trigger: date | None = None,
    explain: bool = False,
    resume: date | None = None,
) -> Item:
    """The obligation's current occurrence: the first one not done (or the last done one-off).

    A step that is not the user's own (authority, info) never waits to be done:
    its current occurrence is the first not yet past. `resume` is a day the scan
    may start from instead of the obligation's `since` (`core.next_action.resume_point`
    says when one holds, and that the completions before it are then not needed).
    """
    ctx = Context(
        cal=cal,
        trigger=trigger,
        trigger_label=ob.trigger or "",
        completions={c: comp.done_on for c, comp in completions.items()},
        start_counts=ob.start_counts,
        cutoff=ob.cutoff,
        explain=explain,
    )
    since = ob.since or today
    if resume is not None:
        since = max(since, resume)
    try:
        last: Occurrence | None = None
        for occ in islice(bounded(ob, ob.schedule.occurrences(ctx, since)), MAX_SCAN):
            last = occ
            if occ.cycle in completions:
                continue
            if ob.role != "duty" and occ.kind not in ("ban", "in_force") and today > occ.due:
                continue
            status, stage = _status(ob, occ, today, cal)
            return Item(ob, occ, status, stage)
        if last is not None and last.cycle in completions:
            return Item(ob, last, "done", done=completions[last.cycle])
        if last is not None:
            return Item(ob, last, _status(ob, last, today, cal)[0])
        if ob.until is not None:
            return Item(ob, ended_occurrence(ob.until), "optional" if ob.optional and not ob.active else "ended")
        return Item(ob, last, "invalid", problem=Text("没有可计算的期次", "no occurrence could be computed"))
    except DeadlinesError as e:
        status = "optional" if ob.optional and not ob.active else "invalid"
        return Item(ob, None, status, problem=e.text)


def occurrences_of(
    ob: Obligation,
    cal: WorkCalendar,
    since: date,
    count: int,
    *,
    trigger: date | None,
    completions: Mapping[str, date] | None = None,
) -> list[Occurrence]:
    """The next `count` occurrences from `since`, with explanations (for show/rule)."""
    ctx = Context(
        cal=cal,
        trigger=trigger,
        trigger_label=ob.trigger or "",
        completions=completions or {},
        start_counts=ob.start_counts,
        cutoff=ob.cutoff,
        explain=True,
    )
    return list(islice(bounded(ob, ob.schedule.occurrences(ctx, since)), count))


def split_chain(spec: str) -> tuple[str, str]:
    """`key.due` → (key, "due"); `key.done` or `key` → (key, "done")."""
    for anchor in ("due", "done"):
        if spec.endswith("." + anchor):
            return spec[: -len(anchor) - 1], anchor
    return spec, "done"


def chained(spec: str, item_of: Callable[[str], Item | None]) -> date | None:
    """The date a chain `@spec` counts from: `@key.due` the other obligation's due date;
    `@key.done` (or `@key`) its completion date once done, its due date before."""
    key, anchor = split_chain(spec)
    dep = item_of(key)
    if dep is None:
        return None
    if anchor == "done" and dep.done is not None:
        return dep.done.done_on
    return dep.due


def param_date(trigger: str, params: Mapping[str, str]) -> date | None:
    """A parameter's date; `name.year_end` is the last day of that date's year
    (「此后连续三个年度」 counts whole years after the year of the event)."""
    name, _, anchor = trigger.partition(".")
    if name not in params or anchor not in ("", "year_end"):
        return None
    day = date.fromisoformat(params[name])
    return date(day.year, 12, 31) if anchor else day


def trigger_date(ob: Obligation, resolve_chain: TriggerResolver) -> date | None:
    """The trigger date of an obligation: `start`, a parameter, or another obligation (a chain)."""
    if ob.trigger and ob.trigger.startswith("@"):
        return resolve_chain(ob.trigger[1:])
    if ob.trigger and param_date(ob.trigger, ob.params) is not None:
        return param_date(ob.trigger, ob.params)
    return ob.start


def build_agenda(
    obligations: Iterable[Obligation],
    completions: Iterable[Completion],
    calendar_for: Callable[[str | None], WorkCalendar],
    today: date,
    resume: Mapping[str, date] | None = None,
) -> list[Item]:
    """Every obligation's current item, chains resolved, sorted by urgency; `resume` gives, by key, a day the
    scan for an obligation's current occurrence may start from (see `current_item`)."""
    by_key = {ob.key: ob for ob in obligations}
    done: dict[str, dict[str, Completion]] = {}
    for c in completions:
        done.setdefault(c.key, {})[c.cycle] = c
    items: dict[str, Item] = {}
    resolving: set[str] = set()

    def item(key: str) -> Item:
        if key in items:
            return items[key]
        ob = by_key[key]
        if key in resolving:
            problem = Text(f"触发链循环：{key}", f"trigger chain loops back to {key}")
            items[key] = Item(ob, None, "invalid", problem=problem)
            return items[key]
        resolving.add(key)
        try:
            start = trigger_date(ob, chain)
        except ValueError:
            start = None
        try:
            cal = calendar_for(ob.region)
        except DeadlinesError as e:
            result = Item(ob, None, "invalid", problem=e.text)
        else:
            result = current_item(ob, done.get(key, {}), cal, today, trigger=start, resume=(resume or {}).get(key))
        resolving.discard(key)
        items[key] = result
        return result

    def chain(spec: str) -> date | None:
        return chained(spec, lambda other: item(other) if other in by_key else None)

    for key in by_key:
        item(key)
    return sorted(items.values(), key=Item.urgency)
