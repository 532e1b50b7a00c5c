"""The one urgency order: what the officer must act on first, whatever its status.

Status is a column, not a grouping. Overdue items come first, the latest
first (most days late); then every item that still has something to do
(due today, window open, due soon, upcoming), by the date its next action is
due: its deadline, or for a provisional date the earliest day it may fall
on (reminders use the same day). An item in a window is ordered by the
window's deadline, so a year-long accumulation window due 12-31 comes after
a 12-15 deadline. Items with nothing to act on by a date follow in the
agenda's status order: bans, needs-input, the issuing body's steps, optional
steps, information, then done, in force, past and ended. Ties go by title, then key,
so the order is total and stable.
"""

from __future__ import annotations

from datetime import date

from deadlines.core.agenda import QUIET, STATUS_ORDER, Item

ACTIONABLE = frozenset({"due_today", "window_open", "due_soon", "upcoming"})
"""Statuses with a date by which something must be done (overdue is ranked before them)."""
INFORMATIONAL = tuple(s for s in STATUS_ORDER if s != "overdue" and s not in ACTIONABLE)
"""Statuses with no action due by a date (needs input, bans, the issuing body's steps, optional steps,
information, done…), in the agenda's order, after the actionable ones."""


def action_date(item: Item) -> date | None:
    """The day the item's next action is due: its deadline (the earliest possible day when provisional)."""
    occ = item.occurrence
    if occ is None:
        return None
    return occ.earliest or occ.due


def is_due(item: Item, horizon: date) -> bool:
    """Whether `due` lists the item when looking up to `horizon`: it asks something of the user, and is overdue
    or has its action date (the earliest possible day) on or before the horizon."""
    when = action_date(item)
    return when is not None and item.status not in QUIET and (item.status == "overdue" or when <= horizon)


def action_order(item: Item, today: date) -> tuple[int, int, str, str]:
    """A sort key: (rank, days, title, key); sort ascending for the most urgent first.

    Rank 0 is overdue, with days = minus the days late (so the latest comes
    first); rank 1 is actionable, with days = days until the action date;
    ranks 2… are the informational statuses in `INFORMATIONAL` order, by
    days until their date (undated last).
    """
    when = action_date(item)
    days = (when - today).days if when is not None else 10**9
    ob = item.obligation
    if item.status == "overdue":
        return (0, days, ob.title, ob.key)
    if item.status in ACTIONABLE:
        return (1, days, ob.title, ob.key)
    return (2 + INFORMATIONAL.index(item.status), days, ob.title, ob.key)
