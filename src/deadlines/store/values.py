"""The store's values: record and table shapes, what reads and writes return, the send-log id.

Backend-neutral: the embedded file and PostgreSQL both return these.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from getpass import getuser
from pathlib import Path
from typing import Any

from deadlines.core.errors import StoreError

SCHEMA_VERSION = 2
"""The schema this code writes; files with a lower version are migrated, higher ones refused."""

OBLIGATIONS = "obligations"
COMPLETIONS = "completions"
AUDIT = "audit"
SENDS = "sends"
META = "_meta"

Record = dict[str, Any]
Tables = dict[str, dict[str, Record]]
VersionToken = tuple[int, int, int]
"""A value that changes whenever the database changes (for the file: st_ino, st_mtime_ns, st_size)."""

IDENTITY = {OBLIGATIONS: "key", COMPLETIONS: "id", SENDS: "id"}
"""The field that identifies a record in each table; unique within the table."""
MANAGED = ("created_at", "updated_at", "deleted_at", "version", "next_action", "next_due", "resume")
"""Obligation fields only the store sets; values passed in are ignored. `version` counts the record's changes;
`next_action` (the first day the obligation can be due or reminded), `next_due` (the first day `due` can list it)
and `resume` (a day the search for its current occurrence may start from, needing no completions; see
`core.next_action`) are the index the store keeps with the application's `Deriver`, so a reading up to a day can
skip the rest."""


@dataclass(frozen=True)
class IndexState:
    """What the stored next action dates were computed with: the calendars and code (`basis`), and on which day
    at the latest (`as_of`). They hold for readings on that day or later, with the same basis."""

    basis: str
    as_of: date

    def serves(self, wanted: IndexState) -> bool:
        """Whether dates computed under this state are right for a reading under `wanted` (its basis, its day)."""
        return self.basis == wanted.basis and self.as_of <= wanted.as_of


@dataclass(frozen=True)
class Derived:
    """What the index keeps of one obligation, as ISO days: its next action date and the first day `due` can list
    it (None: unknown, always read), and its resume point (None: search from its start, with every completion)."""

    next_action: str | None = None
    next_due: str | None = None
    resume: str | None = None

    def fields(self) -> Record:
        return {"next_action": self.next_action, "next_due": self.next_due, "resume": self.resume}


UNKNOWN = Derived()
"""What is kept of an obligation nothing is known of: a deleted one, or one written without a deriver or with one
on other calendars than the index's."""


@dataclass(frozen=True)
class Deriver:
    """How the application computes what the index keeps of an obligation from its record and its completions.
    The store calls it for every obligation a transaction adds, changes or completes, inside the transaction; a
    store without one keeps `UNKNOWN` (always read, with every completion)."""

    state: IndexState
    compute: Callable[[Record, Sequence[Record]], Derived]


@dataclass(frozen=True)
class Selection:
    """Which obligations a reading needs: these `keys` (live or deleted), and, with `due_by`, every live one whose
    next action date (or, without `stages`, next due date) is on or before it — when the stored index serves
    `index`; otherwise all of them."""

    keys: frozenset[str] = frozenset()
    due_by: date | None = None
    index: IndexState | None = None
    history: bool = True
    """False: the reading is for the current items only, so an obligation whose stored resume point is used comes
    without its completions (when the index serves a reading up to `due_by`; see `leaves_history`)."""
    stages: bool = True
    """False: the reading is for what `due` lists, not for reminders: the obligations due by `due_by`, not also
    those whose reminder stages begin by then."""

    @property
    def dated_by(self) -> str:
        """The indexed date a reading up to `due_by` compares: `next_action`, or `next_due` without `stages`."""
        return "next_action" if self.stages else "next_due"


@dataclass(frozen=True)
class UpsertResult:
    """The keys an upsert added, changed and found already identical, in input order."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]


class History:
    """The audit and send logs as of one snapshot, read only when first asked for (most commands never do).
    `audit_by_key`, for a backend that can, reads one obligation's audit rows without the rest."""

    def __init__(
        self,
        audit: Callable[[], Sequence[Record]],
        sends: Callable[[], Mapping[str, Record]],
        audit_by_key: Callable[[str], Sequence[Record]] | None = None,
    ) -> None:
        self._audit = audit
        self._sends = sends
        self._audit_by_key = audit_by_key

    @cached_property
    def audit(self) -> tuple[Record, ...]:
        return tuple(self._audit())

    def audit_of(self, key: str) -> tuple[Record, ...]:
        """One obligation's audit rows, oldest first: read by key where the backend can, else from the whole
        log (read once)."""
        if self._audit_by_key is not None:
            return tuple(self._audit_by_key(key))
        return tuple(row for row in self.audit if row.get("key") == key)

    @cached_property
    def sends(self) -> Mapping[str, Record]:
        return self._sends()


@dataclass(frozen=True)
class Snapshot:
    """Everything in the database at one moment, from a single reading of the file."""

    obligations: Mapping[str, Record]
    """Live obligations by key, in the order they were added."""
    deleted: Mapping[str, Record]
    """Soft-deleted obligations by key (`deleted_at` set); `restore_obligation` brings one back."""
    completions: tuple[Record, ...]
    completions_by_key: Mapping[str, tuple[Record, ...]]
    token: VersionToken | None
    """The version read; when `Store.version_token()` differs, the database has changed since."""
    history: History = field(repr=False, compare=False)
    index: IndexState | None = None
    """The stored index's state (None when it was never built, or was made by another basis)."""
    complete: bool = True
    """Whether every obligation was read (False: only those a `Selection` asked for)."""
    resumed: bool = False
    """Whether the obligations with a resume point came without their completions (`leaves_history`): their
    current items must then be searched for from that point, on the reading's day or later."""

    @property
    def audit(self) -> tuple[Record, ...]:
        """Audit rows, oldest first (read on first use)."""
        return self.history.audit

    def audit_of(self, key: str) -> tuple[Record, ...]:
        """One obligation's audit rows, oldest first (on PostgreSQL read by key, on the file from the whole log)."""
        return self.history.audit_of(key)

    @property
    def sends(self) -> Mapping[str, Record]:
        """The reminder send log by send id (see `send_id`; read on first use)."""
        return self.history.sends


def snapshot_of(
    obligations: Iterable[Record],
    completions: tuple[Record, ...],
    token: VersionToken | None,
    history: History,
    *,
    index: IndexState | None = None,
    complete: bool = True,
    resumed: bool = False,
) -> Snapshot:
    """A `Snapshot` from the records as stored (in the order they were added)."""
    obligations = list(obligations)
    by_key: dict[str, list[Record]] = {}
    for completion in completions:
        by_key.setdefault(completion.get("key", ""), []).append(completion)
    return Snapshot(
        obligations={o["key"]: o for o in obligations if o.get("deleted_at") is None},
        deleted={o["key"]: o for o in obligations if o.get("deleted_at") is not None},
        completions=completions,
        completions_by_key={key: tuple(rows) for key, rows in by_key.items()},
        token=token,
        history=history,
        index=index,
        complete=complete,
        resumed=resumed,
    )


def narrows(selection: Selection | None, stored: IndexState | None) -> bool:
    """Whether a reading for `selection` may leave obligations out: it names keys only, or reads up to a day
    the stored index (in state `stored`) serves."""
    if selection is None:
        return False
    if selection.due_by is None:
        return True
    return stored is not None and selection.index is not None and stored.serves(selection.index)


def leaves_history(selection: Selection | None, stored: IndexState | None) -> bool:
    """Whether a reading for `selection` leaves out the completions of every obligation with a resume point: it
    asks for current items only, up to a day the stored index (in state `stored`) serves."""
    return (
        selection is not None and not selection.history and selection.due_by is not None and narrows(selection, stored)
    )


def selected(obligations: Iterable[Record], selection: Selection) -> list[Record]:
    """The obligations a narrowing `selection` asks for, from all of them (for a backend that reads them all)."""
    limit = selection.due_by.isoformat() if selection.due_by is not None else ""
    dated = selection.dated_by
    return [
        doc
        for doc in obligations
        if doc["key"] in selection.keys
        or (limit and doc.get("deleted_at") is None and (doc.get(dated) or limit) <= limit)
    ]


@dataclass(frozen=True)
class CheckReport:
    """What `check` found: for `deadlines doctor`."""

    path: Path | str
    """The file, or the server's URL without its password."""
    exists: bool
    damage: StoreError | None
    """Why the file cannot be read as a database; `restore_backup` repairs this."""
    schema_version: int | None
    """None when the file is damaged; SCHEMA_VERSION when it does not exist yet."""
    counts: Mapping[str, int] = field(default_factory=dict)
    backups: tuple[Path, ...] = ()
    """Backup files, newest first (not checked; `restore_backup` takes the newest good one)."""
    current_version: int = SCHEMA_VERSION
    """The schema version this code writes for this backend."""

    @property
    def too_new(self) -> bool:
        return self.schema_version is not None and self.schema_version > self.current_version

    @property
    def needs_migration(self) -> bool:
        return self.schema_version is not None and self.schema_version < self.current_version

    @property
    def ok(self) -> bool:
        return self.damage is None and not self.too_new


def send_id(key: str, occurrence: str, stage: str, recipient: str) -> str:
    """The send-log id of one reminder: the same reminder always gets the same id."""
    return f"{key}|{occurrence}|{stage}|{recipient}"


def default_who() -> str:
    """`user@host`, for audit rows and the lock holder note."""
    try:
        user = getuser()
    except (OSError, KeyError):  # no login name and no $USER (some containers)
        user = "unknown"
    return f"{user}@{socket.gethostname()}"
