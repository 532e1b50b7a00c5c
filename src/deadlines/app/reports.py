"""The status report for management as one library call, for `deadlines report` and the TUI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from deadlines.app.workspace import Workspace
from deadlines.core.errors import InputError
from deadlines.fsutil import atomic_write_bytes
from deadlines.transfer.report import build
from deadlines.transfer.report_formats import render


def report_bytes(
    ws: Workspace, fmt: str, *, start: date | None = None, end: date | None = None, by: str = "owner"
) -> bytes:
    """The report over [start, end] (default: this month so far) counted by owner, tag or profile."""
    start = start or ws.today.replace(day=1)
    end = end or ws.today
    if start > end:
        raise InputError(
            f"--from {start} 晚于 --to {end}：请把开始日期放在前面。",
            f"--from {start} is after --to {end}: put the start first.",
        )
    report = build(ws.ledger(), ws.calendar_for, ws.today, start, end, by)  # type: ignore[arg-type]
    return render(report, fmt, ws.lang)  # type: ignore[arg-type]


def write_report(ws: Workspace, path: Path, fmt: str, **period: date | str | None) -> Path:
    """Write the report to `path` atomically; the path written."""
    atomic_write_bytes(path, report_bytes(ws, fmt, **period))  # type: ignore[arg-type]
    return path
