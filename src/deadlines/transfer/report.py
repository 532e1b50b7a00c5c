"""The status report for management: where do we stand — figures and lists built from one reading of the store.

`build` reads the ledger's agenda on `today` (each obligation's current
occurrence) and its completions: totals by status and role, and by owner,
tag or profile (`--by`); the overdue items with days late; the items due in
the next 30 and 90 days; the completions in the period with their evidence
and the on-time rate. Days are counted from the earliest possible due date
(as the alerts and reminders do), and provisional dates are marked. The
formats (`report_formats`) only lay these figures out. Roles are the
obligations' own: 本单位义务, 主管部门环节, 政策信息.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from deadlines.core.agenda import QUIET, STATUS_ORDER, Item
from deadlines.core.calendar import WorkCalendar
from deadlines.core.i18n import Text
from deadlines.core.models import Completion, Obligation
from deadlines.core.terms import ROLE
from deadlines.store.ledger import Ledger

By = Literal["owner", "tag", "profile"]
BY_CHOICES: tuple[By, ...] = ("owner", "tag", "profile")
BY_TEXT: dict[str, Text] = {
    "owner": Text("负责人", "Owner"),
    "tag": Text("标签", "Tag"),
    "profile": Text("模板", "Profile"),
}
NONE = Text("（无）", "(none)")
HORIZONS = (30, 90)
"""The upcoming lists: due within 30 days, and within 90."""


@dataclass(frozen=True)
class Done:
    """One completion in the period, with its obligation."""

    obligation: Obligation
    completion: Completion

    @property
    def on_time(self) -> bool:
        return not self.completion.late


@dataclass(frozen=True)
class Report:
    """Everything the report shows, computed once; the formats only lay it out."""

    today: date
    start: date
    end: date
    by: By
    items: tuple[Item, ...]
    completions: tuple[Done, ...]

    @property
    def statuses(self) -> list[str]:
        """The statuses that occur, in the alerts' order."""
        found = {i.status for i in self.items}
        return [s for s in STATUS_ORDER if s in found]

    def by_role(self) -> dict[str, Counter[str]]:
        """Role -> status -> how many items."""
        out: dict[str, Counter[str]] = {role: Counter() for role in ROLE}
        for item in self.items:
            out[item.obligation.role][item.status] += 1
        return out

    def by_group(self) -> dict[str, Counter[str]]:
        """Owner, tag or profile -> status -> how many items (an item with two owners counts for each)."""
        out: dict[str, Counter[str]] = {}
        for item in self.items:
            for group in groups_of(item.obligation, self.by):
                out.setdefault(group, Counter())[item.status] += 1
        return dict(sorted(out.items(), key=lambda kv: (kv[0] == "", kv[0])))

    @property
    def overdue(self) -> list[Item]:
        """Overdue items, the longest late first."""
        return sorted(
            (i for i in self.items if i.status == "overdue"), key=lambda i: (-days_late(i, self.today), key_of(i))
        )

    def upcoming(self, days: int) -> list[Item]:
        """Items not done, not overdue, whose (earliest) due date is within `days` of today; soonest first."""
        last = self.today + timedelta(days=days)
        found = [
            i
            for i in self.items
            if i.status != "overdue"
            and i.status not in QUIET
            and i.occurrence is not None
            and self.today <= earliest(i) <= last
        ]
        return sorted(found, key=lambda i: (earliest(i), key_of(i)))

    @property
    def on_time_rate(self) -> float | None:
        """Share of the period's completions done by their due date; None when there were none."""
        if not self.completions:
            return None
        return sum(d.on_time for d in self.completions) / len(self.completions)


def build(
    ledger: Ledger, calendar_for: Callable[[str | None], WorkCalendar], today: date, start: date, end: date, by: By
) -> Report:
    """The report on `today` (lists) over the period `start`..`end` (completions)."""
    items = tuple(i for i in ledger.agenda(calendar_for, today))
    done = tuple(
        Done(ledger.obligations[c.key], c)
        for c in sorted(ledger.completions, key=lambda c: (c.done_on, c.key))
        if start <= c.done_on <= end and c.key in ledger.obligations
    )
    return Report(today, start, end, by, items, done)


def groups_of(ob: Obligation, by: By) -> list[str]:
    """The groups an obligation counts in; "" for none."""
    if by == "owner":
        return list(dict.fromkeys(ob.owners)) or [""]
    if by == "tag":
        return list(dict.fromkeys(ob.tags)) or [""]
    return [ob.profile or ""]


def earliest(item: Item) -> date:
    occ = item.occurrence
    assert occ is not None
    return occ.earliest or occ.due


def days_late(item: Item, today: date) -> int:
    return (today - earliest(item)).days


def key_of(item: Item) -> str:
    return item.obligation.key
