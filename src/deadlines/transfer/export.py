"""Writing the stored obligations out as JSON, CSV or iCalendar text.

JSON holds each obligation's record and its current item (the same item
shape as `deadlines list --format json`); CSV has exactly the import columns,
so an export imports back unchanged; iCalendar has one all-day event per
occurrence with a stable UID, for calendar apps. No click here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Literal

from icalendar import Alarm, Calendar, Event

from deadlines import __version__
from deadlines.core.agenda import Item, stage_dates
from deadlines.core.calendar import WorkCalendar
from deadlines.core.errors import DeadlinesError
from deadlines.core.i18n import Text
from deadlines.core.models import Obligation
from deadlines.core.schedules import Occurrence
from deadlines.core.uncomputable import NO_OCCURRENCE, Uncomputable
from deadlines.store import Record
from deadlines.store.ledger import Ledger
from deadlines.transfer.columns import COLUMNS
from deadlines.transfer.formats import csv_text, item_json

ExportFormat = Literal["json", "csv", "ics"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "csv", "ics")
CalendarFor = Callable[[str | None], WorkCalendar]

ICS_HORIZON = timedelta(days=366)
"""How far ahead past the current occurrence a calendar export lists an obligation's later occurrences."""
ICS_MAX_PER_OBLIGATION = 24
"""At most this many events per obligation (a monthly window gives 12 or 13 a year)."""


@dataclass(frozen=True)
class Exported:
    """An export's text, and the obligations it had to leave out (every other one is in the text)."""

    text: str
    total: int
    """Obligations in the database; `total - len(skipped)` are in the text."""
    skipped: tuple[Uncomputable, ...] = ()

    @property
    def count(self) -> int:
        return self.total - len(self.skipped)


def render(fmt: ExportFormat, ledger: Ledger, calendar_for: CalendarFor, today: date, now: datetime) -> Exported:
    """The whole database in one format, obligations in key order, with what had to be left out (`now` stamps
    calendar events)."""
    total = len(ledger.obligations)
    if fmt == "csv":
        return Exported(to_csv(ledger.obligations.values()), total)
    if fmt == "ics":
        skipped: list[Uncomputable] = []
        return Exported(to_ics(ledger, calendar_for, today, now, skipped=skipped), total, tuple(skipped))
    return Exported(to_json(ledger.agenda(calendar_for, today), today), total)


def to_json(items: Iterable[Item], today: date) -> str:
    """A list of obligation records, each with its current `item`; keys in a fixed order, dates ISO."""
    docs = [{**i.obligation.to_record(), "item": item_json(i, today)} for i in _by_key(items)]
    return json.dumps(docs, ensure_ascii=False, indent=2) + "\n"


def to_csv(obligations: Iterable[Obligation]) -> str:
    """The import columns, one row per obligation; lists joined with ;, formula-like cells escaped."""
    records = (ob.to_record() for ob in sorted(obligations, key=lambda o: o.key))
    return csv_text([COLUMNS, *([record[name] for name in COLUMNS] for record in records)])


def to_ics(
    ledger: Ledger, calendar_for: CalendarFor, today: date, stamp: datetime, *, skipped: list[Uncomputable] | None = None
) -> str:
    """METHOD:PUBLISH calendar: each obligation's current occurrence and the later ones within ICS_HORIZON.

    An obligation whose dates cannot be computed (status invalid, or a lead
    time reaching before 2004) is left out and added to `skipped`.
    """
    left_out = skipped if skipped is not None else []
    calendar = Calendar.new(
        prodid=f"-//deadlines//deadlines {__version__}//ZH",
        method="PUBLISH",
        name="合规期限 deadlines",
        uid="obligations@deadlines",
    )
    stamp = stamp.astimezone(timezone.utc)
    edits = _edit_counts(ledger.snapshot.audit)
    for item in _by_key(ledger.agenda(calendar_for, today)):
        ob = item.obligation
        if item.status == "invalid":
            left_out.append(Uncomputable(ob.key, item.problem or NO_OCCURRENCE))
            continue
        try:
            cal = calendar_for(ob.region)
            events = [
                _event(ob, occ, cal, edits.get(ob.key, 0), stamp)
                for occ in _upcoming(ledger, item, calendar_for, today)
            ]
        except DeadlinesError as error:  # this obligation only; every other one is still exported
            left_out.append(Uncomputable(ob.key, error.text))
            continue
        for event in events:
            calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")


def uid(key: str, cycle: str) -> str:
    """The event UID of one occurrence: the same obligation and cycle always give the same UID."""
    return hashlib.sha1(f"{key}\n{cycle}".encode()).hexdigest() + "@deadlines"


def _by_key(items: Iterable[Item]) -> list[Item]:
    return sorted(items, key=lambda i: i.obligation.key)


def _edit_counts(audit: Iterable[Record]) -> dict[str, int]:
    """How many times each obligation was changed after it was added: its events' SEQUENCE."""
    counts: dict[str, int] = {}
    for row in audit:
        if row.get("key") and row.get("before") is not None and row.get("after") is not None:
            counts[row["key"]] = counts.get(row["key"], 0) + 1
    return counts


def _upcoming(ledger: Ledger, item: Item, calendar_for: CalendarFor, today: date) -> list[Occurrence]:
    """The current occurrence (with its explanation) and the later ones within the horizon."""
    if item.occurrence is None:
        return []
    try:
        occs = ledger.upcoming(item, calendar_for, today, ICS_MAX_PER_OBLIGATION)
    except DeadlinesError:
        return [item.occurrence]
    horizon = max(today, item.occurrence.due) + ICS_HORIZON
    return [occ for i, occ in enumerate(occs) if i == 0 or occ.due <= horizon] or [item.occurrence]


def _event(ob: Obligation, occ: Occurrence, cal: WorkCalendar, sequence: int, stamp: datetime) -> Event:
    """An all-day event: the due day, or the window from its opening day to the due day (DTEND exclusive)."""
    end = occ.due + timedelta(days=1)
    event = Event.new(
        uid=uid(ob.key, occ.cycle),
        summary=ob.title,
        start=occ.opens or occ.due,
        end=end,
        stamp=stamp,
        sequence=sequence,
        description=_description(ob, occ),
        categories=list(ob.tags),
    )
    if occ.kind != "ban":
        for alarm in _alarms(ob, occ, cal, end):
            event.add_component(alarm)
    return event


def _alarms(ob: Obligation, occ: Occurrence, cal: WorkCalendar, end: date) -> list[Alarm]:
    """One alarm per lead time, counted back from the earliest possible due date by the working-day calendar.

    A one-day event's alarms are relative to its start (TRIGGER:-P7D); a
    window's to its end, since its start is the opening day.
    """
    anchor = occ.earliest or occ.due
    alarms = []
    for lead, begins in stage_dates(anchor, ob.leads, cal):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{ob.title}（{lead}）")
        if occ.opens is None:
            alarm.add("trigger", begins - occ.due)
        else:
            alarm.add("trigger", begins - end, parameters={"RELATED": "END"})
        alarms.append(alarm)
    return alarms


def _description(ob: Obligation, occ: Occurrence) -> str:
    lines: list[Text] = []
    if occ.provisional:
        lines.append(
            Text(
                f"【推算日期】依据尚未公布的节假日安排推算，可能在 {occ.earliest}～{occ.latest} 之间变动；提醒按最早日期。",
                f"[Provisional] computed from a holiday calendar not yet published; it may move between "
                f"{occ.earliest} and {occ.latest}. Reminders use the earliest date.",
            )
        )
    lines.append(Text(f"规则：{ob.rule}", f"Rule: {ob.rule}"))
    if ob.source:
        lines.append(Text(f"出处：{ob.source}", f"Source: {ob.source}"))
    lines.append(Text(f"键：{ob.key}（期次 {occ.cycle}）", f"Key: {ob.key} (cycle {occ.cycle})"))
    return "\n".join(str(line) for line in (*lines, *occ.explanation))
