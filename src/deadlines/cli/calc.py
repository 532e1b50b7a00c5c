"""`deadlines calc`: one period from a start date, or a batch of them."""

from __future__ import annotations

import io
import sys
from datetime import date
from typing import BinaryIO, TextIO

import click

from deadlines.app.workspace import Workspace
from deadlines.cli.context import date_argument_callback, pass_app, region_option
from deadlines.cli.output import echo_json, json_line
from deadlines.core.calendar import WorkCalendar
from deadlines.core.dates import parse_date
from deadlines.core.errors import DeadlinesError, InputError
from deadlines.core.parse import parse_period
from deadlines.core.periods import Due, Period, compute, due_date
from deadlines.core.validation import check_cutoff
from deadlines.transfer.decode import decode
from deadlines.transfer.readers import MAX_BYTES, check_size


def due_json(expr: str, due: Due) -> dict[str, object]:
    return {
        "start": due.start.isoformat(),
        "expr": expr,
        "due": due.due.isoformat(),
        "weekday": due.due.isoweekday(),
        "provisional": due.provisional,
        "earliest": due.earliest.isoformat(),
        "latest": due.latest.isoformat(),
        "cutoff": due.cutoff,
        "explanation": [str(t) for t in due.explanation],
    }


@click.command("calc", context_settings={"ignore_unknown_options": True})
@click.argument("start", required=False, callback=date_argument_callback)
@click.argument("expr", required=False)
@click.option(
    "--batch",
    type=click.File("rb"),
    help="Read START<TAB>EXPR lines from FILE ('-' for stdin; UTF-8, or GB18030 from Excel).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object; NDJSON lines with --batch).")
@click.option("--start-counts", is_flag=True, help="Count the start day as day one (「自……之日起」).")
@click.option("--cutoff", metavar="HH:MM", help="Business-hours cut-off on the due day instead of 24:00.")
@region_option
@pass_app
def command(
    app: Workspace,
    start: date | None,
    expr: str | None,
    batch: BinaryIO | None,
    as_json: bool,
    start_counts: bool,
    cutoff: str | None,
    region: str | None,
) -> None:
    """Compute a due date: START plus a period EXPR, by the 民法典 rules.

    EXPR in Chinese or English: 10个工作日, 30日, 3个月, 1年, 60日前,
    "10 working days", "30 days", "3 months", "1 year", "-60 days".

    With --batch, each input line is START<TAB>EXPR and each output line is
    the due date (ISO) or "ERROR: <reason>"; exactly one output line per
    input line, and exit status 1 if any line failed.

    \b
    Examples:
      deadlines calc 2026-09-28 10个工作日
      deadlines calc 2026-01-31 1个月 --json
      deadlines calc 2026-12-25 "10 working days"
      printf '2026-09-28\\t10个工作日\\n' | deadlines calc --batch -
    """
    cal = app.calendar_for(region)
    if batch is not None:
        if start is not None or expr is not None:
            raise click.UsageError("give either START EXPR or --batch FILE, not both")
        data = batch.read(MAX_BYTES + 1)
        check_size(len(data))
        lines = io.StringIO(decode(data)[0], newline="")
        failed = run_batch(cal, lines, sys.stdout, as_json, start_counts)
        if failed:
            sys.exit(1)
        return
    if start is None or expr is None:
        raise click.UsageError("START and EXPR are required (or use --batch FILE)")
    period = parse_period(expr, start_counts=start_counts)
    due = compute(cal, period, start, cutoff=check_cutoff(cutoff) if cutoff is not None else None)
    if as_json:
        echo_json(due_json(expr, due))
        return
    mark = "（推算，可能变动）" if due.provisional and app.lang == "zh" else " (provisional)" if due.provisional else ""
    click.echo(f"{due.due.isoformat()}{mark}")
    for line in due.explanation:
        click.echo(f"  {line}", err=False)


def run_batch(cal: WorkCalendar, lines: TextIO, out: TextIO, as_json: bool, start_counts: bool) -> int:
    """Compute every line; return how many failed. One output line per input line."""
    periods: dict[str, Period] = {}
    failed = 0
    write = out.write
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        try:
            start_text, sep, expr = line.partition("\t")
            if not sep:
                raise InputError(f"第 {lineno} 行应为「起算日<TAB>期间」", f"line {lineno} must be START<TAB>EXPR")
            try:
                start = date.fromisoformat(start_text)
            except ValueError:
                start = parse_date(start_text)
            period = periods.get(expr)
            if period is None:
                period = periods[expr] = parse_period(expr, start_counts=start_counts)
            if as_json:
                write(json_line(due_json(expr, compute(cal, period, start, explain=False)) | {"line": lineno}) + "\n")
            else:
                write(due_date(cal, period, start).isoformat() + "\n")
        except DeadlinesError as e:
            failed += 1
            reason = str(e).replace("\n", " ")
            write((json_line({"line": lineno, "error": reason}) if as_json else f"ERROR: {reason}") + "\n")
    return failed
