"""Import and export as library calls: both front ends read, check, write and export through here.

Checking an import always checks regions against the workspace's calendars,
so a row naming an unknown region is refused whichever front end reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from deadlines.app.workspace import Workspace
from deadlines.store import UpsertResult
from deadlines.transfer.duplicates import Duplicate, find
from deadlines.transfer.importers import Batch, RawRow, check_rows, plan, write
from deadlines.transfer.output import output_target, write_output

if TYPE_CHECKING:
    from deadlines.transfer.export import Exported, ExportFormat


def check(ws: Workspace, rows: Iterable[RawRow]) -> Batch:
    """Every row checked (rule, dates, addresses, region) against the workspace's today and regions."""
    return check_rows(rows, today=ws.today, check_region=ws.region)


def duplicates(ws: Workspace, batch: Batch) -> list[Duplicate]:
    """The batch's rows that likely repeat an obligation stored under another key."""
    return find(batch.entries, ws.ledger().obligations)


def preview(ws: Workspace, batch: Batch) -> UpsertResult:
    """What writing the batch would add, update and leave unchanged; writes nothing."""
    return plan(ws.store, batch)


def commit(ws: Workspace, batch: Batch) -> UpsertResult:
    """Write the valid rows of a checked batch in one transaction."""
    return write(ws.store, batch)


def export(ws: Workspace, fmt: ExportFormat) -> Exported:
    """The whole database in one format, and the obligations it had to leave out (dates not computable)."""
    from deadlines.transfer.export import render  # here: it loads icalendar, which only export needs

    return render(fmt, ws.ledger(), ws.calendar_for, ws.today, ws.clock.now())


def export_to(ws: Workspace, fmt: ExportFormat, path: Path) -> tuple[Path, Exported]:
    """Write the export to a regular file (a link followed to its target) atomically; what was written where.

    The path is checked before the export is computed: a device, a FIFO or a
    directory is refused with an InputError, a failed write is a one-line
    error and leaves any existing file as it was.
    """
    target = output_target(path)
    exported = export(ws, fmt)
    write_output(target, exported.text)
    return target, exported
