"""An obligation's next action date: the first day anything about it can ask for attention.

The store keeps this date per obligation as an index, so `due`, the remind
run and the TUI's first screen compute items only for the obligations whose
date is on or before the day they look up to. The date must never be late:
an item that `due --within N` lists on day T, or that has a reminder stage
begun on day T, must have its date on or before T + N (or T). That holds for
every day T on or after the day it was computed, with no write in between,
because:

* a duty's (and a ban's) current occurrence is the first one not done, which
  only a write (a completion, an edit) changes; its status on a later day is
  reached at a lead stage, its opening, its (earliest) due date or after it,
  and the date is the earliest of those;
* every other step's statuses (the issuing body's, policy information) are
  never listed as due nor reminded, whatever the day;
* an item that asks nothing now (done, ended, in force, an optional step not
  activated) only changes by a write or by never coming back, so it has none;
* a chained obligation (`@key`) moves with another one, and one whose dates
  cannot be computed must be seen: both have an unknown date (always looked at).

Beside it the index keeps the first day `due` can list the obligation: the
(earliest) due date of that same occurrence, never later than its next action
date, so `due` reads fewer obligations than the reminders do.

And it keeps, where it can, a resume point: a day from which a later reading
finds the current occurrence without scanning the cycles already done, and
without reading any completion. It holds for a duty counted from a fixed day
(`since`) whose rule recurs by the calendar alone (`RESUMABLE`): such a
schedule's occurrences from a later day are a suffix of those from an earlier
one (their dates rise with their order, whatever the completions, trigger or
today). If the current occurrence, the first one not done, is also the first
from the resume point, a scan from there finds it first, on any later day,
until a write (a completion, an edit) computes the point again.

The index stops being valid when the calendars change (a notice imported, a
new release): `Workspace` names that as the index's basis.
"""

from __future__ import annotations

from datetime import date

from deadlines.core.agenda import QUIET, Item, stage_dates
from deadlines.core.calendar import WorkCalendar
from deadlines.core.errors import DeadlinesError
from deadlines.core.lifecycle import bounded
from deadlines.core.recurring import AfterSpan, Annual, Monthly, Span
from deadlines.core.schedules import Context

NEVER = date.max
"""The next action date of an item that can only change by a write."""
RESUMABLE = (Annual, Span, Monthly, AfterSpan)
"""The schedules whose occurrences depend on the calendar and the day they are looked for from, nothing else."""


def next_action(item: Item, cal: WorkCalendar) -> date | None:
    """The first day the item can be due or reminded (see the module); None when unknown (always looked at)."""
    ob, occ = item.obligation, item.occurrence
    if (ob.trigger or "").startswith("@") or item.status == "invalid" or occ is None:
        return None
    if item.status in QUIET:
        return NEVER
    due = occ.earliest or occ.due
    try:
        days = [due, occ.due, *(start for _, start in stage_dates(due, ob.leads, cal))]
    except DeadlinesError:  # a lead stage before the calendar's first year: look at it every time
        return None
    if occ.opens is not None:
        days.append(occ.opens)
    return min(days)


def next_due(item: Item) -> date | None:
    """The first day `due` can list the item (`urgency.is_due`: it is overdue, or its earliest due day is within
    the horizon, so that day is on or before the horizon either way); NEVER and None as for `next_action`."""
    ob, occ = item.obligation, item.occurrence
    if (ob.trigger or "").startswith("@") or item.status == "invalid" or occ is None:
        return None
    return NEVER if item.status in QUIET else occ.earliest or occ.due


def resume_point(item: Item, cal: WorkCalendar) -> date | None:
    """A day a reading on the day of `item` or later may start the search for its current occurrence from,
    needing no completion; None when there is none (see the module)."""
    ob, occ = item.obligation, item.occurrence
    if occ is None or item.status in ("done", "invalid") or ob.role != "duty" or ob.since is None:
        return None
    schedule = ob.schedule
    if not isinstance(schedule, RESUMABLE):
        return None
    start = max(ob.since, occ.earliest or occ.due)
    ctx = Context(cal=cal, start_counts=ob.start_counts, cutoff=ob.cutoff, explain=False)
    first = next(bounded(ob, schedule.occurrences(ctx, start)), None)
    return start if first is not None and first.cycle == occ.cycle else None
