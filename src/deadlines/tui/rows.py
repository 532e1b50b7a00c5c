"""The dashboard's data: one row per obligation, built once per load, filtered in memory.

`load_agenda` reads the store once and computes every item (in a worker
thread). A `Row` is little more than its item: the texts of its cells are
made when the row is first drawn (a screenful, not 10,000), and its
lower-cased haystack for the free-text filter when it is first searched. So
a load makes few objects, and a filter keystroke over 10,000 rows is a list
comprehension that never touches the store or the calendar.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rich.cells import cell_len

from deadlines.core.agenda import STATUS_ORDER, Item, chained
from deadlines.core.calendar import WorkCalendar, coverage
from deadlines.core.i18n import Lang, Text, language, weekday
from deadlines.core.urgency import action_order
from deadlines.store import VersionToken
from deadlines.store.ledger import Ledger
from deadlines.tui.pinyin import spelled
from deadlines.tui.text import cell_text, status_label

CELLS = ("status", "due", "days", "title", "owners")
"""The dashboard's columns."""

SORTS: dict[str, Text] = {
    "date": Text("日期", "date"),
    "title": Text("标题", "title"),
    "owner": Text("负责人", "owner"),
    "profile": Text("档案", "profile"),
}
"""The dashboard's sort orders; "date" is the urgency order (`core.urgency`), the others fall back to it."""


def due_label(due: date, provisional: bool) -> str:
    """「2026-11-30 周一」, with ~ when the date is provisional, in the interface language."""
    return _due_label(due, provisional, language())


@lru_cache(maxsize=4096)
def _due_label(due: date, provisional: bool, lang: Lang) -> str:
    """Cached per language too (many rows share a date; tests switch languages within one process)."""
    return f"{due.isoformat()} {weekday(due).render(lang)}{'~' if provisional else ''}"


def days_left(item: Item, today: date) -> str:
    """「+9」, 「-3」, or nothing for an item done or without a date."""
    occ = item.occurrence
    return f"{(occ.due - today).days:+d}" if occ and item.status != "done" else ""


@dataclass(slots=True)
class Row:
    """One obligation as the dashboard shows it."""

    item: Item
    today: date
    _cells: tuple[str, ...] | None = None
    _haystack: str | None = None

    @property
    def key(self) -> str:
        return self.item.obligation.key

    @property
    def status(self) -> str:
        return self.item.status

    @property
    def provisional(self) -> bool:
        return bool(self.item.occurrence and self.item.occurrence.provisional)

    @property
    def cells(self) -> tuple[str, ...]:
        """One text per column of CELLS, fit for a table cell (made when first drawn)."""
        if self._cells is None:
            ob, occ = self.item.obligation, self.item.occurrence
            due = due_label(occ.due, self.provisional) if occ else "-"
            owners = cell_text(", ".join(ob.owners))
            self._cells = (
                status_label(self.status),
                due,
                days_left(self.item, self.today),
                cell_text(ob.title),
                owners,
            )
        return self._cells

    @property
    def order(self) -> tuple[int, int, str, str]:
        """The urgency order (overdue by how late, then by the date the next action is due)."""
        return action_order(self.item, self.today)

    def sort_key(self, sort: str) -> tuple[object, ...]:
        """The key for one of SORTS: title by its pinyin, owner and profile (none last), each then by urgency."""
        ob = self.item.obligation
        if sort == "title":
            return (spelled(ob.title), self.order)
        if sort == "owner":
            return (not ob.owners, ob.owners[0] if ob.owners else "", self.order)
        if sort == "profile":
            return (ob.profile is None, ob.profile or "", self.order)
        return (self.order,)

    @property
    def haystack(self) -> str:
        """Title, key, tags and citation, case-folded, for the free-text filter (made when first searched)."""
        if self._haystack is None:
            ob = self.item.obligation
            self._haystack = "\n".join((ob.title, ob.key, " ".join(ob.tags), ob.source)).casefold()
        return self._haystack


@dataclass(frozen=True)
class Filter:
    """What the user narrowed the dashboard to; empty fields match everything."""

    text: str = ""
    status: str | None = None
    tag: str | None = None
    owner: str | None = None
    profile: str | None = None
    all_roles: bool = False
    """Off (the default): only the organisation's own duties; on: the issuing body's steps and policy
    information too (`v` on the dashboard)."""

    @property
    def active(self) -> bool:
        return bool(self.text.strip() or self.status or self.tag or self.owner or self.profile)

    def apply(self, rows: Sequence[Row]) -> list[Row]:
        out: Iterable[Row] = rows
        if not self.all_roles:
            out = [r for r in out if r.item.obligation.role == "duty"]
        if self.status:
            out = [r for r in out if r.status == self.status]
        if self.tag:
            out = [r for r in out if self.tag in r.item.obligation.tags]
        if self.owner:
            out = [r for r in out if self.owner in r.item.obligation.owners]
        if self.profile:
            out = [r for r in out if r.item.obligation.profile == self.profile]
        for word in self.text.casefold().split():
            out = [r for r in out if word in r.haystack]
        return list(out)


@dataclass(frozen=True)
class Agenda:
    """One reading of the database, computed for one day."""

    ledger: Ledger
    items: dict[str, Item]
    """By obligation key, in urgency order."""
    rows: tuple[Row, ...]
    token: VersionToken | None
    counts: Counter[str]
    widths: tuple[int, ...]
    """Each column's widest cell, in terminal cells, over all rows (so columns stay put while filtering)."""
    warning: str | None
    """The October-on warning that next year's official calendar is missing, when it applies."""
    choices: tuple[list[str], list[str], list[str]]
    """The tags, owners and profiles in use, sorted, for the filter menus."""

    @property
    def complete(self) -> bool:
        """Every obligation is here (False: the first screen's, the rest being read)."""
        return self.ledger.snapshot.complete

    @property
    def empty(self) -> bool:
        return self.complete and not self.ledger.obligations and not self.ledger.snapshot.deleted

    def key_taken(self, key: str) -> bool:
        """Whether a new obligation cannot have this key (a deleted one still holds it)."""
        return key in self.ledger.obligations or key in self.ledger.snapshot.deleted

    def chain_date(self, key: str) -> date | None:
        """The trigger date another obligation chained to `key` counts from."""
        return chained(key, self.items.get)


FIRST_SCREEN_DAYS = 30
"""The first screen reads through the next-action index what is due or reminded within this many days (the
rest follows in the same worker): in urgency order these are the rows on top."""
FIRST_SCREEN_WAIT = 5.0
"""Seconds the reading of the rest waits at most for the first screen to show its first row's detail."""
READING_THE_REST = Text(
    f"先显示 {FIRST_SCREEN_DAYS} 天内需处理的事项，其余义务正在读取……",
    f"Showing what needs action within {FIRST_SCREEN_DAYS} days first; reading the rest…",
)


def load_agenda(ledger: Ledger, calendar_for: Callable[[str | None], WorkCalendar], today: date) -> Agenda:
    """Compute every current item of one reading (slow: run it in a worker); a partial reading (the first
    screen's) says so in the warning line."""
    items = ledger.agenda(calendar_for, today)
    rows = tuple(sorted((Row(item, today) for item in items), key=lambda row: row.order))
    counts: Counter[str] = Counter(item.status for item in items)
    notes = [] if ledger.snapshot.complete else [str(READING_THE_REST)]
    calendar_note = coverage(calendar_for(None).sources, today).warning()
    notes += [str(calendar_note)] if calendar_note else []
    warning = "\n".join(notes) or None
    return Agenda(
        ledger=ledger,
        items={row.key: row.item for row in rows},
        rows=rows,
        token=ledger.snapshot.token,
        counts=counts,
        widths=cell_widths(items, today),
        warning=warning,
        choices=filter_choices(items),
    )


def filter_choices(items: Iterable[Item]) -> tuple[list[str], list[str], list[str]]:
    """The tags, owners and profiles in use, each sorted."""
    tags: set[str] = set()
    owners: set[str] = set()
    profiles: set[str] = set()
    for item in items:
        ob = item.obligation
        tags.update(ob.tags)
        owners.update(ob.owners)
        if ob.profile:
            profiles.add(ob.profile)
    return sorted(tags), sorted(owners), sorted(profiles)


def cell_widths(items: Sequence[Item], today: date) -> tuple[int, ...]:
    """Each column's widest cell in terminal cells (CJK characters count two), without making the cells.

    Status labels and dates have known widths; days left and owners are
    measured; the title's is left at 0, since that column takes whatever
    width the others leave.
    """
    statuses = {item.status for item in items}
    occurrences = [item.occurrence for item in items if item.occurrence is not None]
    provisional = any(occ.provisional for occ in occurrences)
    due = cell_len(due_label(occurrences[0].due, provisional)) if occurrences else 1
    days = max((len(days_left(item, today)) for item in items), default=0)
    owners = max((cell_len(cell_text(", ".join(i.obligation.owners))) for i in items if i.obligation.owners), default=0)
    return (max((cell_len(status_label(s)) for s in statuses), default=0), due, days, 0, owners)


def sort_rows(rows: Sequence[Row], sort: str, *, reverse: bool = False) -> tuple[Row, ...]:
    """The rows in one of the SORTS orders (rows arrive in the date order, so that one costs nothing)."""
    if sort == "date" and not reverse:
        return tuple(rows)
    return tuple(sorted(rows, key=lambda row: row.sort_key(sort), reverse=reverse))


def ordered_counts(counts: Counter[str]) -> list[tuple[str, int]]:
    """The non-zero counts per status, most urgent first."""
    return [(status, counts[status]) for status in STATUS_ORDER if counts[status]]
