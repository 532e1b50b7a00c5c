"""Stable machine formats for obligations: the item JSON shape and safe CSV cells.

The JSON shape is a contract for scripts (a golden test pins it): each item
has at least key, title, rule, next_due, opens, status, provisional, owners,
tags, source, role, until, optional, active. CSV cells that a spreadsheet would execute are escaped. Shared
by the CLI's list/due output and the exporters; imports no click.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from deadlines.core.agenda import Item

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
    "role",
    "until",
    "optional",
    "active",
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
        "role": ob.role,
        "until": _iso(ob.until),
        "optional": ob.optional,
        "active": ob.active,
        "problem": str(item.problem) if item.problem else None,
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is a formula to a spreadsheet: a CSV export puts a ' before it."""


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if text[:1] in FORMULA_STARTS or _looks_escaped(text):  # a text that looks escaped is escaped once more
        return "'" + text
    return text


def unescape_cell(cell: str) -> str:
    """A CSV cell as it was before `csv_cell` escaped it: one quote taken off `'=…`, `''=…`, …"""
    return cell[1:] if _looks_escaped(cell) else cell


def _looks_escaped(text: str) -> bool:
    """Quotes, then what a spreadsheet would run as a formula: what `csv_cell` writes."""
    rest = text.lstrip("'")
    return len(rest) < len(text) and rest[:1] in FORMULA_STARTS and rest != ""


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV text, every cell through `csv_cell`. Lines end in CRLF (RFC 4180), so a cell holding a
    lone CR is quoted too and reads back as one cell."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def items_csv(items: Sequence[Item], today: date) -> str:
    docs = (item_json(item, today) for item in items)
    return csv_text([FIELDS, *([doc[f] for f in FIELDS] for doc in docs)])
