"""`deadlines import` and `deadlines export`: obligations in bulk from files and scripts, and back out.

Thin: reading, checking and upserting are `deadlines.transfer.importers`; rendering
is `deadlines.transfer.export`. Messages and the problem list go to stderr, data
(the --json summary, the export) to stdout.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ContextManager

import click

from deadlines.app import transfer
from deadlines.app.workspace import Workspace
from deadlines.cli.context import pass_app
from deadlines.cli.output import chinese, echo_json
from deadlines.core.errors import DeadlinesError, InputError
from deadlines.store import UpsertResult
from deadlines.transfer.duplicates import POLICIES, Policy, line, resolve
from deadlines.transfer.importers import (
    FORMATS,
    Batch,
    Format,
    InvalidRows,
    Problem,
    RawRow,
    Table,
    read_table,
)
from deadlines.transfer.readers import MAX_BYTES, check_size

if TYPE_CHECKING:
    from deadlines.transfer.export import ExportFormat

PROGRESS_FROM = 2000
"""Show a progress bar (on a terminal) when a file has at least this many rows."""


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), help="File format (default: from the suffix, else the content)."
)
@click.option(
    "--encoding",
    metavar="NAME",
    help="The text encoding of a CSV/JSON file, e.g. big5 (default: UTF-8, else plausible GB18030).",
)
@click.option("--dry-run", is_flag=True, help="Check every row and count what would change; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows even if some are invalid (still exit 1).")
@click.option(
    "--ignore-unknown", is_flag=True, help="Skip columns this tool does not know instead of refusing the file."
)
@click.option(
    "--on-duplicate",
    type=click.Choice(POLICIES),
    default="refuse",
    show_default=True,
    help="A row that likely repeats a stored obligation (same title and rule, or the same source line) under "
    "another key: refuse the file and list them, skip those rows, update the stored one, or add anyway.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout.")
@pass_app
def import_cmd(
    app: Workspace,
    file: str,
    fmt: Format | None,
    encoding: str | None,
    dry_run: bool,
    skip_invalid: bool,
    ignore_unknown: bool,
    on_duplicate: Policy,
    as_json: bool,
) -> None:
    """Add or update obligations from FILE (CSV, XLSX, JSON or NDJSON; - reads stdin).

    Columns: key, title, rule, start, owners, tags, notes; optionally source,
    concerns, region, lead_times, cutoff. A row whose key is stored updates
    that obligation (only the columns the file has); an empty key is derived
    from title and rule. Every row is checked first: if any is invalid,
    nothing is written and each bad row is listed (exit 1).

    \b
    Examples:
      deadlines import obligations.csv
      deadlines import obligations.xlsx --dry-run
      deadlines import export.csv --skip-invalid --json
      jq -c '.[]' list.json | deadlines import - --format ndjson
      deadlines import obligations.csv --on-duplicate skip
    """
    with _collector_paused():
        table = read_table(_read(file), fmt, name=file, ignore_unknown=ignore_unknown, encoding=encoding)
        with _progress(table.rows) as rows:
            batch = transfer.check(app, rows)
        repeats = transfer.duplicates(app, batch)
        batch = resolve(batch, repeats, on_duplicate)
        refused = bool(repeats) and on_duplicate == "refuse"
        blocked = (bool(batch.problems) and not skip_invalid) or refused
        written = not (dry_run or blocked)
        result = transfer.commit(app, batch) if written else transfer.preview(app, batch)
    for problem in batch.problems:
        click.echo(_problem_line(problem), err=True)
    for repeat in repeats:
        click.echo(f"deadlines import: {line(repeat)}", err=True)
    click.echo(_summary_line(file, table, batch, result, written), err=True)
    if as_json:
        echo_json(_summary_json(file, table, batch, result, written, dry_run))
    if batch.problems:
        raise InvalidRows(batch.invalid_rows, written=written)
    if refused and not dry_run:
        n = len(repeats)
        raise DeadlinesError(
            f"{n} 行可能与已有义务重复（见上），未写入任何内容：请用 --on-duplicate skip（跳过）、update（更新已有的）"
            "或 add（仍然新增）再导入。",
            f"{n} row(s) likely repeat stored obligations (see above); nothing was written: import again with "
            "--on-duplicate skip, update (the stored ones) or add (anyway).",
        )


@click.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv", "ics"]), help="Default: from -o's suffix, else json."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to this regular file (atomically; a link is followed).",
)
@pass_app
def export_cmd(app: Workspace, fmt: ExportFormat | None, output: Path | None) -> None:
    """Write every obligation as JSON, CSV (the import columns) or iCalendar.

    CSV re-imports unchanged; ICS has one all-day event per occurrence with a
    stable UID and one alarm per lead time, for calendar apps.

    \b
    Examples:
      deadlines export > obligations.json
      deadlines export --format csv -o obligations.csv
      deadlines export -o deadlines.ics
    """
    if output is None or str(output) == "-":
        exported = transfer.export(app, fmt or _format_of(output))
        click.echo(exported.text, nl=False)
    else:
        target, exported = transfer.export_to(app, fmt or _format_of(output), output)
        click.echo(f"已写入 {target}" if chinese() else f"wrote {target}", err=True)
    for skipped in exported.skipped:
        click.echo(
            f"deadlines export: 已跳过义务 {skipped.key}，其日期今天无法计算：{skipped.problem.zh}"
            if chinese()
            else f"deadlines export: left out obligation {skipped.key}, whose dates cannot be computed today: "
            f"{skipped.problem.en}",
            err=True,
        )
    if exported.skipped:
        n = len(exported.skipped)
        raise DeadlinesError(
            f"{n} 项义务的日期无法计算，未导出（见上）；其余的已导出。请用 deadlines edit 改正。",
            f"{n} obligation(s) whose dates cannot be computed were left out (see above); the rest were exported. "
            "Correct them with deadlines edit.",
        )


def _format_of(output: Path | None) -> ExportFormat:
    suffix = output.suffix.lower() if output else ""
    return "csv" if suffix == ".csv" else "ics" if suffix == ".ics" else "json"


def _read(file: str) -> bytes:
    """The file's bytes (`-` is stdin), read no further than one byte past the size an import may have."""
    try:
        with click.open_file(file, "rb") as stream:
            data: bytes = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise InputError(
            f"无法读取 {file}（{error.strerror or error}）。", f"cannot read {file} ({error.strerror or error})."
        ) from None
    check_size(len(data))
    return data


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk import.

    The rows, obligations and records form no cycles, and re-scanning the
    million objects they add, again and again, was a quarter of the time of
    a 100,000-row import. Reference counting still frees what is dropped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _progress(rows: Sequence[RawRow]) -> ContextManager[Any]:
    if len(rows) < PROGRESS_FROM or not sys.stderr.isatty():
        return contextlib.nullcontext(rows)
    return click.progressbar(rows, label="检查" if chinese() else "checking", file=sys.stderr)


def _problem_line(p: Problem) -> str:
    if chinese():
        where = f"第 {p.row} 行" + (f"，列 {p.column}" if p.column else "")
        return f"{where}，值「{p.value}」：{p.reason.zh} 改法：{p.fix.zh}。"
    where = f"row {p.row}" + (f", column {p.column}" if p.column else "")
    return f"{where}, value {p.value!r}: {p.reason.en} Fix: {p.fix.en}."


def _summary_line(file: str, table: Table, batch: Batch, result: UpsertResult, written: bool) -> str:
    counts = (len(result.added), len(result.updated), len(result.unchanged), batch.invalid_rows)
    described = ", ".join(filter(None, (table.format, table.encoding)))
    if chinese():
        ignored = f"（忽略的列：{'、'.join(table.ignored)}）" if table.ignored else ""
        verb = "已导入" if written else "试算（未写入）"
        return (
            f"{verb} {file}（{described}；{len(table.rows)} 行）{ignored}："
            "新增 {}，更新 {}，未变 {}，无效 {}。".format(*counts)
        )
    ignored = f" (ignored columns: {', '.join(table.ignored)})" if table.ignored else ""
    verb = "imported" if written else "checked (nothing written)"
    return (
        f"{verb} {file} ({described}; {len(table.rows)} rows){ignored}: "
        "{} added, {} updated, {} unchanged, {} invalid.".format(*counts)
    )


def _summary_json(
    file: str, table: Table, batch: Batch, result: UpsertResult, written: bool, dry_run: bool
) -> dict[str, Any]:
    return {
        "file": file,
        "format": table.format,
        "encoding": table.encoding,
        "rows": len(table.rows),
        "dry_run": dry_run,
        "written": written,
        "added": len(result.added),
        "updated": len(result.updated),
        "unchanged": len(result.unchanged),
        "invalid": batch.invalid_rows,
        "added_keys": list(result.added),
        "updated_keys": list(result.updated),
        "ignored_columns": list(table.ignored),
        "problems": [
            {"row": p.row, "column": p.column, "value": p.value, "reason": str(p.reason), "fix": str(p.fix)}
            for p in batch.problems
        ],
    }
