"""How obligations and their items look on stdout: an aligned table, or the stable
JSON and CSV formats of `deadlines.transfer.formats`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import click

from deadlines.cli.output import chinese, echo_json, style, table
from deadlines.core.agenda import Item
from deadlines.core.i18n import weekday
from deadlines.core.terms import STATUS
from deadlines.transfer.formats import item_json, items_csv

STATUS_COLOURS = {
    "overdue": "red",
    "due_today": "magenta",
    "window_open": "cyan",
    "due_soon": "yellow",
    "blocked": "blue",
    "done": "green",
}


def status_label(status: str) -> str:
    return style(str(STATUS[status]), fg=STATUS_COLOURS.get(status))


def items_table(items: Sequence[Item], today: date) -> str:
    rows = []
    for item in items:
        occ = item.occurrence
        due = f"{occ.due.isoformat()} {weekday(occ.due)}" if occ else "-"
        if occ and occ.provisional:
            due += " ~"
        left = f"{(occ.due - today).days:+d}" if occ and item.status not in ("done", "ended", "in_force") else ""
        rows.append([status_label(item.status), due, left, item.obligation.title, item.obligation.key])
    headers = (
        ["状态", "到期日", "剩余天", "义务", "键"] if chinese() else ["status", "due", "days", "obligation", "key"]
    )
    return table(headers, rows)


def print_items(items: Sequence[Item], today: date, fmt: str) -> None:
    if fmt == "json":
        echo_json([item_json(i, today) for i in items])
    elif fmt == "csv":
        click.echo(items_csv(items, today), nl=False)
    elif items:
        click.echo(items_table(items, today))
        if any(i.occurrence and i.occurrence.provisional for i in items):
            click.echo(
                "~ = 推算日期，官方日历公布后可能变动"
                if chinese()
                else "~ = provisional date, may move when the official calendar is published",
                err=True,
            )


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format.",
)
