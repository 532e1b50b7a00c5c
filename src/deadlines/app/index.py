"""The next-action index as the application keeps it: what its dates depend on, and how a write computes one.

Each obligation's next action date and resume point (`core.next_action`) are
stored with it; the store computes them with the `Deriver` given here whenever
a transaction adds, changes or completes an obligation. Besides the records,
they depend on the calendars and on this code; the index's basis names those —
the release, the chinese-calendar package, every calendar and region file
(an imported notice changes the user's calendar files), the configured
region — so that any change to them makes the stored index unused until it is
rebuilt (`refresh`), which the commands that write anyway do.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import deadlines
from deadlines import paths
from deadlines.core.errors import StoreError
from deadlines.store import Derived, Deriver, IndexState, Record, Selection, Snapshot
from deadlines.store.ledger import derived_of

if TYPE_CHECKING:
    from deadlines.app.workspace import Workspace

FORMAT = 2
"""Bump when the meaning of what the index keeps changes, so every stored index is rebuilt (2: resume points)."""


def basis(ws: Workspace) -> str:
    """A short fingerprint of everything besides the records that a next action date depends on."""
    parts = [f"deadlines {deadlines.__version__} index {FORMAT}", f"region {ws.settings['region'] or ''}"]
    if ws.custom_calendars:
        parts.append("calendars given by the caller")
    spec = importlib.util.find_spec("chinese_calendar")
    package = [Path(spec.origin).with_name("constants.py")] if spec and spec.origin else []  # its holiday data
    for root in [paths.shipped("calendars"), paths.user_calendar_dir(), *package]:
        parts += _stats(root) if root is not None else []
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


def _stats(root: Path) -> Iterator[str]:
    """The file `root`, or each file under the folder `root`, as `path size mtime`: a changed, added or removed
    file changes the list."""
    found = [(str(root), "")] if root.is_file() else [(f, n) for f, _, names in os.walk(root) for n in names]
    for folder, name in sorted(found):
        path = Path(folder) / name if name else Path(folder)
        try:
            st = os.stat(path)
        except OSError:
            continue
        yield f"{path} {st.st_size} {st.st_mtime_ns}"


def deriver(ws: Workspace) -> Deriver:
    """How the store computes what the index keeps for this workspace (its calendars, its today)."""

    def compute(record: Record, completions: Sequence[Record]) -> Derived:
        return derived_of(record, completions, ws.calendar_for, ws.today)

    return Deriver(IndexState(ws.index_basis, ws.today), compute)


def refresh(ws: Workspace, snapshot: Snapshot | None = None) -> bool:
    """Rebuild the whole index under the current basis if it was built under another, or never, or for a later
    day (a write with `--today` in the future), as `snapshot` (a reading just made) or a new reading shows;
    whether it was rebuilt.

    Commands that write anyway call this (the remind run, a notice import, `db migrate`); readings never write.
    The index only speeds readings up, so a store that cannot be written now (read-only, busy) is left as it
    is, and readings read everything until it can be rebuilt.
    """
    try:
        reading = snapshot or ws.store.snapshot(Selection(due_by=ws.today, index=IndexState(ws.index_basis, ws.today)))
        stored = reading.index
        if (stored is not None and stored.serves(IndexState(ws.index_basis, ws.today))) or not reading.obligations:
            return False  # current, or nothing to index (and no database to create for it)
        ws.store.rederive()
    except StoreError:  # damaged, unreachable, read-only or busy: the command that asked did its own work already
        return False
    return True
