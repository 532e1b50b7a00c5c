"""Importing a holiday notice: read, merge with the stored notices, show what changes, write.

The one operation behind `deadlines calendar import-notice` (and the TUI's
import later): `plan_notice_import` reads the text and builds every year it
touches from all the notices stored for it plus this one, in issue order,
and lists the days that change against the data in use, naming the notice
that set each; `write_notice_import` stores the notice and the rebuilt
years. Nothing is written when the text is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from deadlines.core.caldata import DayEntry, Region, YearData, calendar_document
from deadlines.core.calendar import CalendarSources, WorkCalendar, check_year
from deadlines.core.notices import Notice, parse_notice
from deadlines.core.notices.years import build_year, notice_document
from deadlines.fsutil import atomic_write_text

if TYPE_CHECKING:
    from deadlines.store.ledger import Ledger


@dataclass(frozen=True)
class DayChange:
    """One day whose status or name changes, and the notices that now set it."""

    day: date
    before: DayEntry | None
    after: DayEntry | None
    """None: a plain day (Monday–Friday work, weekend rest)."""

    @property
    def notices(self) -> tuple[str, ...]:
        return self.after.notices if self.after is not None else ()

    @property
    def status_changed(self) -> bool:
        """Whether the day turns from working to rest or back (not just renamed)."""
        return _state(self.day, self.before)[0] != _state(self.day, self.after)[0]


@dataclass(frozen=True)
class YearChange:
    """A year rebuilt by the import: the data in use before, the new data, and the days that differ."""

    old: YearData
    new: YearData
    changes: tuple[DayChange, ...]

    @property
    def status_changes(self) -> int:
        return sum(c.status_changed for c in self.changes)


@dataclass(frozen=True)
class NoticeImport:
    """What importing a notice would do."""

    notice: Notice
    text: str
    replaces: Notice | None
    """A stored paste of the same notice that this one replaces."""
    years: tuple[YearChange, ...]
    legacy: tuple[Notice, ...] = ()
    """User calendars from before notices were kept, stored as notices so that they stay in the years."""

    @property
    def new_years(self) -> list[YearData]:
        return [y.new for y in self.years]


def plan_notice_import(
    text: str, sources: CalendarSources, *, year: int | None = None, partial: bool = False
) -> NoticeImport:
    """Read `text` and work out the rebuilt years; raises NoticeParseError if it is not read completely
    (unless `partial`)."""
    notice = parse_notice(text, year, partial=partial)
    stored = [n for n in sources.notices if n.key != notice.key]
    replaces = next((n for n in sources.notices if n.key == notice.key), None)
    legacy = [_legacy(sources, y) for y in notice.years if _is_legacy(sources, y)]
    notices = [*stored, *legacy, notice]
    years = []
    for y in notice.years:
        check_year(y)
        old = sources.year(y)
        new = build_year(y, notices, sources.base_year(y))
        years.append(YearChange(old, new, tuple(_changes(old, new))))
    return NoticeImport(notice, text, replaces, tuple(years), tuple(legacy))


def write_notice_import(plan: NoticeImport, user_dir: Path) -> list[Path]:
    """Store the notice and the rebuilt years (each file replaced atomically); the paths written."""
    notice_path = user_dir / "notices" / f"{_file_stem(plan.notice)}.json"
    doc = notice_document(plan.notice, plan.text)
    atomic_write_text(notice_path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    written = [notice_path]
    for old in plan.legacy:
        path = user_dir / "notices" / f"{_file_stem(old)}.json"
        atomic_write_text(path, json.dumps(notice_document(old, ""), ensure_ascii=False, indent=2) + "\n")
        written.append(path)
    for change in plan.years:
        path = user_dir / f"{change.new.year}.json"
        doc = calendar_document(change.new, change.new.origin)
        atomic_write_text(path, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        written.append(path)
    return written


@dataclass(frozen=True)
class MovedDeadline:
    """A stored obligation whose due date moves once the import is in use."""

    key: str
    title: str
    before: date | None
    after: date | None


def moved_deadlines(
    ledger: Ledger,
    today: date,
    calendar_for: Callable[[str | None], WorkCalendar],
    region_for: Callable[[str | None], Region | None],
    plan: NoticeImport,
) -> list[MovedDeadline]:
    """The stored obligations whose current due date differs with the plan's years in use.

    `calendar_for` gives the calendars in use now; `region_for` the region overlay of a key.
    """
    if not ledger.obligations:
        return []
    first = calendar_for(None)
    sources = first.sources.overriding(*plan.new_years)
    after: dict[str | None, WorkCalendar] = {}

    def after_for(region: str | None) -> WorkCalendar:
        if region not in after:
            after[region] = WorkCalendar(sources, region_for(region))
        return after[region]

    before = {i.obligation.key: i for i in ledger.agenda(calendar_for, today)}
    return [
        MovedDeadline(item.obligation.key, item.obligation.title, before[item.obligation.key].due, item.due)
        for item in ledger.agenda(after_for, today)
        if before[item.obligation.key].due != item.due
    ]


def _is_legacy(sources: CalendarSources, year: int) -> bool:
    """A user calendar for `year` that no stored notice built: written by hand or by an earlier version."""
    return year in sources.user_years() and not any(year in n.years for n in sources.notices)


def _legacy(sources: CalendarSources, year: int) -> Notice:
    data = sources.year(year)
    entries = tuple(replace(e, notices=()) for e in data.entries)
    return Notice(year, f"{data.origin}（导入通知前已有的用户日历）", "legacy", None, entries)


def _file_stem(notice: Notice) -> str:
    if notice.kind != "supplement":
        return notice.key
    return f"{notice.year}-supplement-{hashlib.sha256(notice.title.encode()).hexdigest()[:10]}"


def _changes(old: YearData, new: YearData) -> list[DayChange]:
    """Days whose working/rest status or holiday name differs between two versions of a year."""
    a = {e.day: e for e in old.entries}
    b = {e.day: e for e in new.entries}
    out = []
    for d in sorted(set(a) | set(b)):
        before, after = a.get(d), b.get(d)
        if _state(d, before) != _state(d, after):
            out.append(DayChange(d, before, after))
    return out


def _state(d: date, entry: DayEntry | None) -> tuple[bool, str]:
    return (d.weekday() < 5, "") if entry is None else (entry.workday, entry.name)
