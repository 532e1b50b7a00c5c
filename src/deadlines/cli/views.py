"""How obligations and their items look on stdout: table, JSON and CSV.

The JSON shape is a contract for scripts (a golden test pins it): each item
has at least key, title, rule, next_due, opens, status, provisional, owners,
tags, source. CSV cells that a spreadsheet would execute are escaped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import click

from deadlines.cli.output import chinese, echo_json, style, table
from deadlines.core.agenda import STATUS_TEXT, Item
from deadlines.core.i18n import weekday

STATUS_COLOURS = {
    "overdue": "red",
    "due_today": "magenta",
    "window_open": "cyan",
    "due_soon": "yellow",
    "blocked": "blue",
    "done": "green",
}
FIELDS = (
    "key",
    "title",
    "rule",
    "status",
    "stage",
    "next_due",
    "opens",
    "provisional",
    "earliest",
    "latest",
    "days_left",
    "cycle",
    "kind",
    "owners",
    "tags",
    "source",
    "concerns",
    "profile",
    "problem",
)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def item_json(item: Item, today: date) -> dict[str, Any]:
    ob, occ = item.obligation, item.occurrence
    return {
        "key": ob.key,
        "title": ob.title,
        "rule": ob.rule,
        "status": item.status,
        "stage": item.stage,
        "next_due": _iso(occ.due) if occ else None,
        "opens": _iso(occ.opens) if occ else None,
        "provisional": bool(occ and occ.provisional),
        "earliest": _iso(occ.earliest) if occ else None,
        "latest": _iso(occ.latest) if occ else None,
        "days_left": (occ.due - today).days if occ else None,
        "cycle": occ.cycle if occ else None,
        "kind": occ.kind if occ else None,
        "owners": list(ob.owners),
        "tags": list(ob.tags),
        "source": ob.source,
        "concerns": ob.concerns,
        "profile": ob.profile,
        "problem": str(item.problem) if item.problem else None,
    }


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value).lower() if isinstance(value, bool) else str(value)
    # A cell starting with = + - @ (or a tab/CR) is a formula to a spreadsheet: make it text.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def items_csv(items: Sequence[Item], today: date) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FIELDS)
    for item in items:
        doc = item_json(item, today)
        writer.writerow([_csv_cell(doc[f]) for f in FIELDS])
    return buf.getvalue()


def status_label(status: str) -> str:
    return style(str(STATUS_TEXT[status]), fg=STATUS_COLOURS.get(status))


def items_table(items: Sequence[Item], today: date) -> str:
    rows = []
    for item in items:
        occ = item.occurrence
        due = f"{occ.due.isoformat()} {weekday(occ.due)}" if occ else "-"
        if occ and occ.provisional:
            due += " ~"
        left = f"{(occ.due - today).days:+d}" if occ else ""
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
