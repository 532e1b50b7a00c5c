"""A year made of notices: the stored form of a notice, and building a year from them.

A year's user calendar is built from every notice that sets one of its
days — its yearly notice, the next year's notice (late-December days of a
元旦 block), supplementary notices — laid over the official (or provisional)
data in the order they were issued, so a later notice wins for the days it
names and importing in any order gives the same calendar. Each day keeps
the titles of the notices that set it.

When the year's own yearly notice is among them, it replaces the base data
of that year, except the late-December 元旦 days that only the next year's
notice can set. A user calendar written before notices were kept (by hand,
or by an earlier version) is kept as a `legacy` notice of its year, first
in order, so nothing the user had is lost.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from deadlines.core.caldata import DayEntry, YearData
from deadlines.core.errors import CalendarDataError
from deadlines.core.i18n import Text
from deadlines.core.lunar import lunar_to_solar
from deadlines.core.notices.parse import Notice
from deadlines.core.notices.sentences import Extension, Unread

NOTICE_FORMAT = "deadlines-notice/1"


def issue_order(notice: Notice) -> tuple[date, int, str]:
    """Sort key: the signature date; an undated yearly notice counts as issued at the end of the year
    before, an undated supplementary one at the start of its year (after its year's yearly notice).
    A calendar the user had before notices were kept comes first: any notice wins over it."""
    if notice.kind == "legacy":
        return date(notice.year - 1, 1, 1), -1, notice.title
    if notice.issued is not None:
        return notice.issued, 0 if notice.kind == "yearly" else 1, notice.title
    if notice.kind == "yearly":
        return date(notice.year - 1, 12, 31), 0, notice.title
    return date(notice.year, 1, 1), 1, notice.title


def build_year(year: int, notices: list[Notice], base: YearData) -> YearData:
    """`year` from the notices that touch it, over `base` (its official or provisional data)."""
    touching = sorted((n for n in notices if year in n.years), key=issue_order)
    own = any(n.kind in ("yearly", "legacy") and n.year == year for n in touching)
    days = {
        e.day: e for e in base.entries if not own or (e.day.month == 12 and e.name == "元旦" and e.day.year == year)
    }
    kept_base = bool(days)
    for notice in touching:
        entries = [e for e in notice.entries if e.day.year == year]
        if notice.extension is not None and notice.extension.until.year == year:
            entries += _extended_days(notice.extension, days)
        for entry in entries:
            before = days.get(entry.day)
            days[entry.day] = replace(entry, notices=(before.notices if before else ()) + (notice.title,))
    origin = "；".join(n.title for n in touching)
    if kept_base:
        origin += f"（其余日期：{base.origin}）"
    return YearData(year, "user", origin, tuple(sorted(days.values(), key=lambda e: e.day)))


def _extended_days(extension: Extension, days: dict[date, DayEntry]) -> list[DayEntry]:
    """The days 「延长…假期至M月D日」 adds: after the festival's block as notices set it, up to `until`.

    Without an earlier notice's block (the extension imported alone), the block is taken to start on
    the festival's own day (春节: 正月初一), which every arrangement includes.
    """
    until = extension.until
    set_by_notices = [
        d
        for d, e in days.items()
        if e.notices and not e.workday and e.name == extension.name and until - timedelta(30) <= d <= until
    ]
    if set_by_notices:
        start = max(set_by_notices) + timedelta(1)
    elif extension.name == "春节":
        start = lunar_to_solar(until.year, 1, 1)
        if start > until:
            start = lunar_to_solar(until.year - 1, 1, 1)
    else:
        start = until
    return [DayEntry(start + timedelta(i), False, extension.name) for i in range((until - start).days + 1)]


def notice_document(notice: Notice, text: str) -> dict[str, Any]:
    """The JSON document stored for an imported notice (with the text as pasted)."""
    return {
        "format": NOTICE_FORMAT,
        "key": notice.key,
        "title": notice.title,
        "kind": notice.kind,
        "year": notice.year,
        "issued": notice.issued.isoformat() if notice.issued else None,
        "years": list(notice.years),
        "days": [{"date": e.day.isoformat(), "workday": e.workday, "name": e.name} for e in notice.entries],
        "extension": (
            {"name": notice.extension.name, "until": notice.extension.until.isoformat()} if notice.extension else None
        ),
        "unread": [{"sentence": u.sentence, "zh": u.why.zh, "en": u.why.en} for u in notice.unread],
        "text": text,
    }


def load_notice_file(path: Path) -> Notice:
    """Read a stored notice back (refusing a damaged file with its path)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("format") != NOTICE_FORMAT:
            raise ValueError(f"format must be {NOTICE_FORMAT}")
        ext = doc.get("extension")
        return Notice(
            year=int(doc["year"]),
            title=str(doc["title"]),
            kind=_kind(doc["kind"]),
            issued=date.fromisoformat(doc["issued"]) if doc.get("issued") else None,
            entries=tuple(
                DayEntry(date.fromisoformat(d["date"]), bool(d["workday"]), str(d["name"])) for d in doc["days"]
            ),
            extension=Extension(str(ext["name"]), date.fromisoformat(ext["until"])) if ext else None,
            unread=tuple(Unread(u["sentence"], Text(u["zh"], u["en"])) for u in doc.get("unread", [])),
        )
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as e:
        raise CalendarDataError(
            f"已导入的通知文件 {path} 已损坏（{e}）。请删除该文件后重新导入这份通知。",
            f"the stored notice {path} is damaged ({e}). Delete it and import that notice again.",
        ) from None


def _kind(value: object) -> Literal["yearly", "supplement", "legacy"]:
    if value == "yearly" or value == "supplement" or value == "legacy":
        return value
    raise ValueError(f"unknown kind {value!r}")


def load_notices(directory: Path | None) -> list[Notice]:
    """Every notice stored in `directory` (none if it is missing)."""
    if directory is None or not directory.is_dir():
        return []
    return [load_notice_file(p) for p in sorted(directory.glob("*.json"))]
