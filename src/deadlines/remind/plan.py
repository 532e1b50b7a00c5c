"""Which reminders each recipient gets on a day, given the send log: pure logic, no I/O.

A reminder is one *stage* of one occurrence for one recipient, and the send
log (the store's `sends` table) holds one row per stage: sent, failed, or
covered. The stages of an occurrence, in the order they begin:

* each lead time (default 30日, 7日, 1日; 「5个工作日」 counts working days),
  named by its text, counted back from the earliest possible due date;
* `opens`: the day a window opens;
* `due`: the due date itself (the earliest one, for a provisional date);
* `overdue` from the day after, repeated every 7 days while the item stays
  overdue (`overdue+7`, `overdue+14`, …): a weekly nag, not a daily one;
* `escalation` to the escalation address once the item is overdue by more
  than N days, repeated weekly the same way (`escalation+7`, …).

Each run sends, per item and recipient, only the stage that is current (the
latest one begun); if that is already in the log as sent, nothing goes. So
two runs on one day send nothing new, and after days without a run only the
most urgent missed stage goes, marked late, and its row lists the earlier
stages it stands for (`covers`); a covered stage that had a row (a failed
attempt) is set to `covered`. Stages that began before the obligation was
added were never missed and are not covered; weekly repeats passed over are
repeats, not new reminders. A failed stage is simply still unsent, so the
next run tries it again.

Log rows are keyed by the store's `send_id(key, occurrence, stage, recipient)`
where a weekly series is one stage (`overdue`, `escalation`) and the row's
`stage` field names the repeat last sent (`overdue+14`): one row per lead
time, opening, due date and series, however long an item stays overdue.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal

from deadlines.config import parse_address
from deadlines.core.agenda import Item, stage_dates
from deadlines.core.calendar import WorkCalendar
from deadlines.core.errors import DeadlinesError, InputError
from deadlines.core.i18n import Text
from deadlines.core.rules import parse_rule
from deadlines.core.uncomputable import NO_OCCURRENCE, Uncomputable
from deadlines.store import send_id

_DAY = timedelta(days=1)
REPEAT_DAYS = 7
"""Overdue and escalation reminders repeat this often while the item stays overdue."""
SENDING = "sending"
"""The send-log state of a reminder claimed by a run that is sending it (never claimed by a second run that
day; a run on a later day takes over what a dead run left in this state)."""
UNCONFIRMED = "not confirmed: the run stopped while sending this digest"
"""The error an attempt row carries until the digest is known to be accepted (or refused)."""
CALENDAR_KEY = "@calendar"
"""The send-log key of the weekly "next year's official calendar is missing" note (no obligation has an @)."""

StageKind = Literal["lead", "opens", "due", "overdue", "escalation"]
_RANK: dict[StageKind, int] = {"lead": 0, "opens": 1, "due": 2, "overdue": 3, "escalation": 3}
"""Among stages beginning on the same day, the higher rank is the more urgent."""
_REMINDED = ("overdue", "due_today", "window_open", "due_soon")
"""Statuses that can have a stage begun; the rest (upcoming, done, blocked, ended, invalid) get no mail."""
_SETTLED = ("sent", "covered")
_WEEKLY = ("overdue", "escalation")

Row = dict[str, Any]


@dataclass(frozen=True)
class Stage:
    """One reminder of an occurrence: its send-log name, its kind and the day it begins."""

    name: str
    kind: StageKind
    begins: date

    @property
    def repeat(self) -> bool:
        """A weekly repeat (`overdue+7`), not the first of its series."""
        return self.kind in _WEEKLY and self.name != self.kind

    @property
    def series(self) -> str:
        """The send-log stage: a weekly series (`overdue`, `escalation`) keeps one row, whose `stage` says which."""
        return self.kind if self.kind in _WEEKLY else self.name


def _series(stage: str) -> str:
    return stage.partition("+")[0]


@dataclass(frozen=True)
class Entry:
    """One item in one recipient's digest: the stage being sent and what the mail says about it."""

    item: Item
    stage: Stage
    late: bool
    """The stage began before today: the runs that should have sent it did not (or failed)."""
    covers: tuple[Stage, ...]
    """Earlier stages never sent that this one stands for; recorded as covered when it goes."""
    days: int
    """Days past the (earliest) due date: positive overdue, 0 due today, negative days left."""
    workdays: int
    """The same in working days."""
    explanation: Text
    """The short form of the explanation: the rule the date comes from (`deadlines show KEY` has it all)."""


@dataclass(frozen=True)
class Digest:
    """Everything one recipient gets in one mail on `day`."""

    recipient: str
    day: date
    entries: tuple[Entry, ...]
    calendar_note: int | None = None
    """The year whose official calendar is missing, when this mail should say so (at most weekly)."""

    @property
    def fingerprint(self) -> str:
        """The same recipient, day and reminders always give the same value (for a deterministic Message-ID)."""
        ids = sorted(send_id(*_parts(e), self.recipient) for e in self.entries)
        raw = "\n".join([self.recipient, self.day.isoformat(), *ids])
        return hashlib.sha1(raw.encode()).hexdigest()[:20]

    @property
    def late(self) -> int:
        return sum(e.late for e in self.entries)


@dataclass(frozen=True)
class BadAddress:
    """An owner address that cannot be mailed, with the obligation that names it."""

    key: str
    address: str
    problem: Text


@dataclass(frozen=True)
class Plan:
    digests: tuple[Digest, ...]
    bad_addresses: tuple[BadAddress, ...]
    unowned: tuple[str, ...] = ()
    """Keys of obligations with a reminder due today but no owner and no default address."""
    unplanned: tuple[Uncomputable, ...] = ()
    """Obligations left out because their dates cannot be computed; every other reminder still goes."""


def _parts(entry: Entry) -> tuple[str, str, str]:
    occ = entry.item.occurrence
    assert occ is not None
    return entry.item.obligation.key, occ.cycle, entry.stage.name


def _weekly(name: str, kind: StageKind, first: date, today: date) -> list[Stage]:
    """The first stage of a weekly series and, if later, the repeat current on `today`."""
    if today < first:
        return []
    weeks = (today - first).days // REPEAT_DAYS
    stages = [Stage(name, kind, first)]
    if weeks:
        stages.append(Stage(f"{name}+{weeks * REPEAT_DAYS}", kind, first + timedelta(days=weeks * REPEAT_DAYS)))
    return stages


def _owner_stages(item: Item, cal: WorkCalendar, today: date) -> list[Stage]:
    """The owner's stages of the item's occurrence begun by `today`, oldest first (the last is current)."""
    occ = item.occurrence
    if occ is None:
        return []
    due = occ.earliest or occ.due
    stages = [
        Stage(text, "lead", begins) for text, begins in stage_dates(due, item.obligation.leads, cal) if begins < due
    ]
    if occ.kind == "window" and occ.opens is not None and occ.opens < due:
        stages.append(Stage("opens", "opens", occ.opens))
    stages.append(Stage("due", "due", due))
    if occ.kind != "sunset":
        stages += _weekly("overdue", "overdue", due + timedelta(days=1), today)
    return sorted((s for s in stages if s.begins <= today), key=lambda s: (s.begins, _RANK[s.kind]))


def _escalation_stages(item: Item, today: date, after_days: int) -> list[Stage]:
    """The escalation address's stages: from the day the item is overdue by more than `after_days`."""
    occ = item.occurrence
    if occ is None or item.status != "overdue":
        return []
    return _weekly("escalation", "escalation", (occ.earliest or occ.due) + timedelta(days=after_days + 1), today)


def plan(
    items: Iterable[Item],
    sends: Mapping[str, Row],
    calendar_for: Callable[[str | None], WorkCalendar],
    today: date,
    *,
    escalation: str = "",
    escalate_after: int = 7,
    default_to: str = "",
    missing_year: int | None = None,
) -> Plan:
    """The digests to send on `today`: per recipient, each item's current stage not yet in the log as sent.

    `escalation` and `default_to` (for obligations with no owner) are plain
    addresses (already checked) or empty; `missing_year` is next year when its
    official calendar is missing (from October on).
    """
    chosen: dict[str, list[Entry]] = {}
    bad: list[BadAddress] = []
    unowned: list[str] = []
    unplanned: list[Uncomputable] = []
    addresses: dict[str, str | Text] = {}
    for item in items:
        ob = item.obligation
        if item.status == "invalid":
            unplanned.append(Uncomputable(ob.key, item.problem or NO_OCCURRENCE))
            continue
        if item.status not in _REMINDED:
            continue
        try:
            cal = calendar_for(ob.region)
            stages = _owner_stages(item, cal, today)
            recipients: list[tuple[str, list[Stage]]] = []
            nobody = not ob.owners and bool(stages) and not default_to
            if not ob.owners and stages and default_to:
                recipients.append((default_to, stages))
            its_bad: list[BadAddress] = []
            for owner in dict.fromkeys(ob.owners):
                if owner not in addresses:
                    addresses[owner] = _address(owner)
                address = addresses[owner]
                if isinstance(address, Text):
                    its_bad.append(BadAddress(ob.key, owner, address))
                else:
                    recipients.append((address, stages))
            if escalation and all(escalation != r for r, _ in recipients):
                recipients.append((escalation, _escalation_stages(item, today, escalate_after)))
            picks = [
                (recipient, _entry(item, *pick, cal, today))
                for recipient, its_stages in recipients
                if (pick := _due_stage(item, its_stages, recipient, sends)) is not None
            ]
        except DeadlinesError as error:  # this item cannot be reminded today; every other one still is
            unplanned.append(Uncomputable(ob.key, error.text))
            continue
        unowned += [ob.key] if nobody else []
        bad += its_bad
        for recipient, entry in picks:
            chosen.setdefault(recipient, []).append(entry)
    digests = [
        Digest(
            recipient, today, tuple(sorted(entries, key=_entry_order)), _note_due(recipient, today, sends, missing_year)
        )
        for recipient, entries in chosen.items()
    ]
    return Plan(tuple(sorted(digests, key=lambda d: d.recipient)), tuple(bad), tuple(unowned), tuple(unplanned))


def _address(owner: str) -> str | Text:
    """The address to send to (lower case), or why `owner` cannot be mailed."""
    try:
        return parse_address(owner).addr_spec.lower()
    except InputError as e:
        return e.text


def _due_stage(
    item: Item, stages: list[Stage], recipient: str, sends: Mapping[str, Row]
) -> tuple[Stage, list[Stage]] | None:
    """The current stage if it is not yet sent, with the earlier stages it covers; else None.

    Covered are the stages missed since the last reminder that went (or since
    the obligation was added): those begun after that day, before this one.
    """
    if not stages:
        return None
    occ = item.occurrence
    assert occ is not None
    key = item.obligation.key
    rows = [sends.get(send_id(key, occ.cycle, s.series, recipient)) for s in stages]
    done = [row for row in rows if row is not None and row.get("state") in _SETTLED]
    current = stages[-1]
    if any(row["stage"] == current.name for row in done):
        return None
    since = max([item.obligation.since or date.min, *(date.fromisoformat(row["day"]) + _DAY for row in done)])
    return current, [s for s in stages[:-1] if s.series != current.series and not s.repeat and s.begins >= since]


def _note_due(recipient: str, today: date, sends: Mapping[str, Row], missing_year: int | None) -> int | None:
    """`missing_year` if this recipient has not been told about it in the last 7 days."""
    if missing_year is None:
        return None
    row = sends.get(send_id(CALENDAR_KEY, str(missing_year), "notice", recipient))
    if row and row.get("state") == "sent" and (today - date.fromisoformat(row["day"])).days < REPEAT_DAYS:
        return None
    return missing_year


_SECTION = {"overdue": 0, "due": 1, "lead": 2, "opens": 3, "escalation": 4}


def _entry_order(e: Entry) -> tuple[int, int, str]:
    """Sections in the mail's order; within one, the most overdue or soonest first."""
    return (_SECTION[e.stage.kind], -e.days, e.item.obligation.key)


def _entry(item: Item, stage: Stage, covers: list[Stage], cal: WorkCalendar, today: date) -> Entry:
    ob, occ = item.obligation, item.occurrence
    assert occ is not None
    due = occ.earliest or occ.due
    late = stage.begins < today and (ob.since is None or stage.begins >= ob.since)
    days = (today - due).days
    workdays = cal.workdays_between(due, today) if days else 0
    return Entry(item, stage, late, tuple(covers), days, workdays, _rule_line(ob.rule))


@lru_cache(maxsize=1024)
def _rule_line(rule: str) -> Text:
    """The short explanation: the rule as the schedule reads it, in both languages."""
    described = parse_rule(rule).describe()
    return Text(f"规则「{described.zh}」", f"rule: {described.en}")


def sent_rows(digest: Digest, sends: Mapping[str, Row], *, message_id: str, at: str) -> list[Row]:
    """The send-log rows once `digest` is accepted by the server.

    A row per reminder sent (naming the earlier stages it `covers`), a row
    turned to `covered` for each covered stage that already had one (a failed
    attempt), and the calendar note's row. Covered stages without a row get
    none: the log stays one row per reminder, not one per stage passed over.
    """
    rows = []
    for e in digest.entries:
        key, cycle, stage = _parts(e)
        covers = [s.name for s in e.covers]
        rows.append(_row(key, cycle, stage, digest, sends, "sent", message_id, at, late=e.late) | {"covers": covers})
        for name in covers:
            if send_id(key, cycle, _series(name), digest.recipient) in sends:
                rows.append(_row(key, cycle, name, digest, sends, "covered", message_id, at))
    if digest.calendar_note is not None:
        rows.append(_row(CALENDAR_KEY, str(digest.calendar_note), "notice", digest, sends, "sent", message_id, at))
    return rows


def failed_rows(digest: Digest, sends: Mapping[str, Row], *, message_id: str, at: str, error: str) -> list[Row]:
    """The send-log rows when `digest` could not be delivered: its stages stay unsent, with the reason."""
    return [_row(*_parts(e), digest, sends, "failed", message_id, at, late=e.late, error=error) for e in digest.entries]


def _row(
    key: str,
    cycle: str,
    stage: str,
    digest: Digest,
    sends: Mapping[str, Row],
    state: str,
    message_id: str,
    at: str,
    *,
    late: bool = False,
    error: str | None = None,
) -> Row:
    """One digest's send-log row for a reminder stage (a covered stage is not an attempt)."""
    ident = send_id(key, cycle, _series(stage), digest.recipient)
    before = sends.get(ident, {})
    if before.get("stage") != stage:
        before = {}
    tried = state != "covered"
    return log_row(
        ident,
        key,
        cycle,
        stage,
        digest.recipient,
        digest.day,
        state=state,
        attempts=int(before.get("attempts", 0)) + tried,
        error=error if tried else before.get("last_error"),
        at=at,
        message_id=message_id,
        late=late,
    )


def log_row(
    ident: str,
    key: str,
    cycle: str,
    stage: str,
    recipient: str,
    day: date,
    *,
    state: str,
    attempts: int,
    error: str | None,
    at: str,
    message_id: str,
    late: bool,
) -> Row:
    """One send-log row: the store's `sends` shape, plus `day` (the run's today, for the weekly notes)."""
    return {
        "id": ident,
        "key": key,
        "occurrence": cycle,
        "stage": stage,
        "recipient": recipient,
        "state": state,
        "attempts": attempts,
        "last_error": error,
        "sent_at": at if state == "sent" else None,
        "message_id": message_id,
        "late": late,
        "day": day.isoformat(),
    }
