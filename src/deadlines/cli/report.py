"""`deadlines report`: the status report for management, as XLSX, a printable HTML page, or Markdown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from deadlines.app import reports
from deadlines.app.workspace import Workspace
from deadlines.cli.context import date_argument_callback, pass_app
from deadlines.core.errors import InputError
from deadlines.core.i18n import Text
from deadlines.fsutil import atomic_write_bytes
from deadlines.transfer.report import BY_CHOICES
from deadlines.transfer.report_formats import REPORT_FORMATS


@click.command("report")
@click.option(
    "--from",
    "start",
    metavar="DATE",
    callback=date_argument_callback,
    help="Period start (default: the 1st of this month).",
)
@click.option("--to", "end", metavar="DATE", callback=date_argument_callback, help="Period end (default: today).")
@click.option(
    "--by", type=click.Choice(BY_CHOICES), default="owner", show_default=True, help="Count by owner, tag or profile."
)
@click.option(
    "--format", "fmt", type=click.Choice(REPORT_FORMATS), help="xlsx, html or md (default: from the file name)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write ('-' for stdout, md/html only).",
)
@pass_app
def command(app: Workspace, start: date | None, end: date | None, by: str, fmt: str | None, output: Path) -> None:
    """Write where we stand: totals by status and role and by owner/tag/profile, the overdue
    items with days late, what is due in 30 and 90 days, and the period's completions with
    the on-time rate and evidence. Provisional dates are marked.

    \b
    Examples:
      deadlines report -o status.xlsx
      deadlines report --from 2026-01-01 --to 2026-06-30 --by tag --format html -o h1.html
      deadlines report --format md -o -
    """
    fmt = fmt or _format_of(output)
    if fmt == "xlsx" and str(output) == "-":
        raise InputError("XLSX 不能写到标准输出：请用 -o 文件名.xlsx。", "XLSX cannot go to stdout: give -o FILE.xlsx.")
    data = reports.report_bytes(app, fmt, start=start, end=end, by=by)
    if str(output) == "-":
        click.echo(data.decode("utf-8"), nl=False)
        return
    atomic_write_bytes(output, data)  # the bytes are made once, whether printed or written
    click.echo(str(Text(f"已写入报告 {output}。", f"wrote the report to {output}.")), err=True)


def _format_of(output: Path) -> str:
    suffix = output.suffix.lower().lstrip(".")
    if suffix in REPORT_FORMATS:
        return suffix
    if suffix in ("htm", "markdown"):
        return {"htm": "html", "markdown": "md"}[suffix]
    raise InputError(
        f"无法从文件名 {output} 判断格式：请加 --format xlsx|html|md。",
        f"cannot tell the format from the file name {output}: add --format xlsx|html|md.",
    )
