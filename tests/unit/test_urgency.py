"""The urgency order: overdue by how late, then by the date the next action is due, status only a column."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from deadlines.core.agenda import Item, Status
from deadlines.core.models import Obligation
from deadlines.core.schedules import Occurrence
from deadlines.core.urgency import action_order

TODAY = date(2026, 12, 1)


def item(key: str, status: Status, due: date | None, *, earliest: date | None = None) -> Item:
    ob = Obligation(key=key, title=key, rule="每年12月31日前", since=date(2026, 1, 1))
    occ = None if due is None else Occurrence("2026", due, None, "deadline", earliest=earliest)
    return Item(ob, occ, status)


def order(*items: Item) -> list[str]:
    return [i.obligation.key for i in sorted(items, key=lambda i: action_order(i, TODAY))]


def test_a_deadline_in_3_days_comes_before_windows_due_in_14_to_30_days() -> None:
    # The case: grouped by status, the item due 12-04 sat 5th under 窗口开放 rows due 12-15..12-31.
    windows = [item(f"window-{d}", "window_open", date(2026, 12, d)) for d in (15, 30, 31)]
    soon = item("due-12-04", "due_soon", date(2026, 12, 4))
    assert order(*windows, soon) == ["due-12-04", "window-15", "window-30", "window-31"]


def test_overdue_first_and_the_latest_of_them_first() -> None:
    late_2 = item("late-2-days", "overdue", date(2026, 11, 29))
    late_20 = item("late-20-days", "overdue", date(2026, 11, 11))
    today = item("today", "due_today", TODAY)
    assert order(today, late_2, late_20) == ["late-20-days", "late-2-days", "today"]


def test_a_provisional_date_counts_from_its_earliest_day() -> None:
    # 2027-02-14 at the latest, 2027-02-09 at the earliest: reminders use the earliest, so does the order.
    provisional = item("spring", "upcoming", date(2027, 2, 14), earliest=date(2027, 2, 9))
    fixed = item("fixed", "upcoming", date(2027, 2, 11))
    assert order(fixed, provisional) == ["spring", "fixed"]


def test_nothing_to_act_on_comes_last_and_done_after_needs_input() -> None:
    done = item("done", "done", date(2026, 11, 1))
    invalid = item("invalid", "invalid", None)
    far = item("far", "upcoming", date(2027, 6, 30))
    assert order(done, invalid, far) == ["far", "invalid", "done"]


ACTIONABLE: list[Status] = ["due_today", "window_open", "due_soon", "upcoming"]


@given(st.lists(st.tuples(st.sampled_from(ACTIONABLE), st.integers(0, 400)), min_size=2, max_size=30))
def test_actionable_items_are_by_date_whatever_their_status(rows: list[tuple[Status, int]]) -> None:
    """The slow obvious twin: among not-overdue actionable items, the order is the order of their dates."""
    items = [item(f"k{i}", status, date.fromordinal(TODAY.toordinal() + days)) for i, (status, days) in enumerate(rows)]
    ordered = sorted(items, key=lambda i: action_order(i, TODAY))
    dues = [i.due for i in ordered]
    assert dues == sorted(dues)
