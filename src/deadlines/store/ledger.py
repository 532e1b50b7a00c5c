"""Obligations as stored: turning the store's records into the core's values and back.

The bridge the CLI, the TUI and the reminder job share, so each of them asks
the same question the same way: "what is due, on this day, from this file?"
It imports the store and the core, and no UI.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from deadlines.core.agenda import (
    Item,
    build_agenda,
    chained,
    current_item,
    occurrences_of,
    split_chain,
    trigger_date,
)
from deadlines.core.calendar import WorkCalendar
from deadlines.core.errors import DeadlinesError, NotFoundError
from deadlines.core.models import Completion, Obligation
from deadlines.core.next_action import next_action, next_due, resume_point
from deadlines.core.schedules import Occurrence
from deadlines.store import Derived, Record, Selection, Snapshot, Store
from deadlines.store.values import UNKNOWN, snapshot_of


@dataclass(frozen=True)
class Ledger:
    """One consistent reading of the database, as domain values."""

    obligations: dict[str, Obligation]
    completions: tuple[Completion, ...]
    snapshot: Snapshot
    resume: dict[str, date] = field(default_factory=dict)
    """By key, the day to search an obligation's current occurrence from, when its completions were left out
    (`Snapshot.resumed`): such a reading serves agendas on its own day or later, with its own calendars."""
    _agendas: dict[tuple[int, date], list[Item]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def read(cls, store: Store, selection: Selection | None = None) -> Ledger:
        """Everything; or what `selection` asks for, with every obligation a chain among them counts from."""
        snap = store.snapshot(selection)
        if not snap.complete:
            snap = _with_chains(store, snap)
        obligations = {k: Obligation.from_record(r) for k, r in snap.obligations.items()}
        completions = tuple(Completion.from_record(r) for r in snap.completions)
        if not snap.resumed:
            return cls(obligations, completions, snap)
        resume = {k: date.fromisoformat(r["resume"]) for k, r in snap.obligations.items() if r.get("resume")}
        return cls(obligations, completions, snap, resume)

    def get(self, key: str) -> Obligation:
        ob = self.obligations.get(key)
        if ob is None:
            hint = (
                f"它已被删除，可用 deadlines restore {key} 恢复。"
                if key in self.snapshot.deleted
                else "用 deadlines list 查看所有义务。"
            )
            hint_en = (
                f"It was deleted; deadlines restore {key} brings it back."
                if key in self.snapshot.deleted
                else "deadlines list shows them all."
            )
            raise NotFoundError(f"没有义务「{key}」。{hint}", f"no obligation {key!r}. {hint_en}")
        return ob

    def agenda(self, calendar_for: Callable[[str | None], WorkCalendar], today: date) -> list[Item]:
        """Every obligation's current item on `today`, most urgent first (computed once per day)."""
        memo = (id(calendar_for), today)
        if memo not in self._agendas:
            self._agendas[memo] = build_agenda(
                self.obligations.values(), self.completions, calendar_for, today, self.resume
            )
        return self._agendas[memo]

    def completions_of(self, key: str) -> list[Completion]:
        return sorted((c for c in self.completions if c.key == key), key=lambda c: (c.done_on, c.at))

    def trigger_of(
        self, ob: Obligation, calendar_for: Callable[[str | None], WorkCalendar], today: date
    ) -> date | None:
        """The trigger date of one obligation, following a chain through the agenda if needed."""
        if ob.trigger and ob.trigger.startswith("@"):
            items = {i.obligation.key: i for i in self.agenda(calendar_for, today)}
            return trigger_date(ob, lambda spec: chained(spec, items.get))
        return trigger_date(ob, lambda _key: None)

    def item(
        self, key: str, calendar_for: Callable[[str | None], WorkCalendar], today: date, *, explain: bool = False
    ) -> Item:
        """One obligation's current item on `today`, its trigger chain resolved; with the explanation if asked."""
        ob = self.get(key)
        done = {c.cycle: c for c in self.completions_of(key)}
        trigger = self.trigger_of(ob, calendar_for, today)
        return current_item(ob, done, calendar_for(ob.region), today, trigger=trigger, explain=explain)

    def upcoming(
        self, item: Item, calendar_for: Callable[[str | None], WorkCalendar], today: date, count: int
    ) -> list[Occurrence]:
        """The item's current occurrence and the ones after it (from today once it is done), with explanations."""
        ob = item.obligation
        since = item.occurrence.due if item.occurrence and item.status != "done" else today
        return occurrences_of(
            ob,
            calendar_for(ob.region),
            since,
            count,
            trigger=self.trigger_of(ob, calendar_for, today),
            completions={c.cycle: c.done_on for c in self.completions_of(ob.key)},
        )


def _with_chains(store: Store, snap: Snapshot) -> Snapshot:
    """The partial reading `snap` with the obligations its chains (`@key`) count from, read by key."""
    records = {**snap.deleted, **snap.obligations}
    completions = list(snap.completions)
    found = False
    while missing := {
        key
        for r in records.values()
        if str(r.get("trigger") or "").startswith("@") and (key := split_chain(str(r["trigger"])[1:])[0]) not in records
    }:
        more = store.snapshot(Selection(keys=frozenset(missing)))
        if not more.obligations and not more.deleted:
            break  # they do not exist: the chain shows as not computable
        records.update({**more.deleted, **more.obligations})
        completions += more.completions
        found = True
    if not found:
        return snap
    return snapshot_of(
        [*records.values()],
        tuple(completions),
        snap.token,
        snap.history,
        index=snap.index,
        complete=False,
        resumed=snap.resumed,
    )


def derived_of(
    record: Record, completions: Sequence[Record], calendar_for: Callable[[str | None], WorkCalendar], today: date
) -> Derived:
    """What the index keeps of one stored obligation with its completions, computed on `today`: its next action
    and next due dates and its resume point (`core.next_action`), unknown for a chain or dates that cannot be
    computed."""
    if str(record.get("trigger") or "").startswith("@"):
        return UNKNOWN
    try:
        ob = Obligation.from_record(record)
        done = {c.cycle: c for c in map(Completion.from_record, completions)}
        cal = calendar_for(ob.region)
        item = current_item(ob, done, cal, today, trigger=trigger_date(ob, lambda _key: None))
        days = next_action(item, cal), next_due(item), resume_point(item, cal)
    except (DeadlinesError, ValueError):
        return UNKNOWN
    return Derived(*(None if day is None else day.isoformat() for day in days))


def completion_record(item: Item, done_on: date, evidence: str, by: str, at: str) -> dict[str, Any]:
    """The record for marking an item's current occurrence done (late if after its due date)."""
    assert item.occurrence is not None
    occ = item.occurrence
    raw = f"{item.obligation.key}|{occ.cycle}|{at}"
    return Completion(
        key=item.obligation.key,
        cycle=occ.cycle,
        done_on=done_on,
        evidence=evidence,
        by=by,
        at=at,
        late=done_on > occ.due,
        id=hashlib.sha1(raw.encode()).hexdigest()[:16],
    ).to_record()


def records(obligations: Iterable[Obligation]) -> list[dict[str, Any]]:
    return [ob.to_record() for ob in obligations]
