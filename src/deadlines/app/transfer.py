"""Import and export as library calls: both front ends read, check, write and export through here.

Checking an import always checks regions against the workspace's calendars,
so a row naming an unknown region is refused whichever front end reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from deadlines.app.workspace import Workspace
from deadlines.fsutil import atomic_write_text
from deadlines.store import UpsertResult
from deadlines.transfer.importers import Batch, RawRow, check_rows, plan, write

if TYPE_CHECKING:
    from deadlines.transfer.export import ExportFormat


def check(ws: Workspace, rows: Iterable[RawRow]) -> Batch:
    """Every row checked (rule, dates, addresses, region) against the workspace's today and regions."""
    return check_rows(rows, today=ws.today, check_region=ws.region)


def preview(ws: Workspace, batch: Batch) -> UpsertResult:
    """What writing the batch would add, update and leave unchanged; writes nothing."""
    return plan(ws.store, batch)


def commit(ws: Workspace, batch: Batch) -> UpsertResult:
    """Write the valid rows of a checked batch in one transaction."""
    return write(ws.store, batch)


def export_text(ws: Workspace, fmt: ExportFormat) -> tuple[str, int]:
    """The whole database in one format, and how many obligations it holds."""
    from deadlines.transfer.export import export  # here: it loads icalendar, which only export needs

    ledger = ws.ledger()
    return export(fmt, ledger, ws.calendar_for, ws.today, ws.clock.now()), len(ledger.obligations)


def export_to(ws: Workspace, fmt: ExportFormat, path: Path) -> int:
    """Write the export to a file atomically; the number of obligations written."""
    text, count = export_text(ws, fmt)
    atomic_write_text(path, text)
    return count
