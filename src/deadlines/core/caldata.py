"""Calendar data: which days of a year differ from the plain Monday–Friday week.

A year's data comes from one source, highest priority first:
`user` (files the user imported or wrote, in the data dir), `official`
(files shipped in `calendars/official/`, then the chinese-calendar package),
`provisional` (forecast from the holiday law, see `provisional.py`).
This module reads and validates those sources and the regional overlay files;
it does no date arithmetic (that is `calendar.py`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from deadlines.core.errors import CalendarDataError

Source = Literal["official", "user", "provisional"]
Certainty = Literal["certain", "likely", "forecast"]
"""How sure a day is: `certain` (published, or fixed by the holiday law),
`likely` (补假 the law requires but whose placement the notice decides),
`forecast` (the usual 调休 pattern, which the notice may not follow)."""

FIRST_YEAR = 2004
"""The first year with official data; earlier years are refused, never guessed."""
LAST_YEAR = 2099
"""The last year the lunar tables (and so provisional calendars) reach."""

CALENDAR_FORMAT = "deadlines-calendar/1"
REGION_FORMAT = "deadlines-region/1"

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}
HOLIDAY_NAMES_EN = {zh: en for en, zh in HOLIDAY_NAMES_ZH.items()}


def holiday_name_en(name_zh: str) -> str:
    """The English name of a holiday, or the Chinese name when we have none."""
    return HOLIDAY_NAMES_EN.get(name_zh, name_zh)


@dataclass(frozen=True)
class DayEntry:
    """A named day, or a day that differs from the plain week.

    `workday` False on a weekday is a holiday or 调休 rest day; `workday` True
    on a weekend is a 调休 make-up working day. Weekend days inside a holiday
    block are listed too, so that they carry the holiday's name.
    """

    day: date
    workday: bool
    name: str
    certainty: Certainty = "certain"
    notices: tuple[str, ...] = ()
    """The titles of the notices that set this day, in the order they were issued (the last one wins)."""


@dataclass(frozen=True)
class YearData:
    """Everything known about one year, from one source."""

    year: int
    source: Source
    origin: str
    """Where the data came from: a package version, a file path, a law."""
    entries: tuple[DayEntry, ...]


def official_from_package(year: int) -> YearData | None:
    """The chinese-calendar package's data for `year`, or None if it has none."""
    import chinese_calendar
    from chinese_calendar import constants

    entries = [
        DayEntry(d, False, HOLIDAY_NAMES_ZH.get(str(n), str(n)))
        for d, n in constants.holidays.items()
        if d.year == year
    ]
    entries += [
        DayEntry(d, True, HOLIDAY_NAMES_ZH.get(str(n), str(n))) for d, n in constants.workdays.items() if d.year == year
    ]
    if not entries:
        return None
    version = getattr(chinese_calendar, "__version__", "")
    origin = f"chinese-calendar {version}".strip()
    return YearData(year, "official", origin, tuple(sorted(entries, key=lambda e: e.day)))


def _fail(path: Path, where: str, why_zh: str, why_en: str) -> CalendarDataError:
    return CalendarDataError(
        f"日历文件 {path} 的 {where} 有误：{why_zh}。请修正该文件，或删除后重新导入。",
        f"calendar file {path}, {where}: {why_en}. Fix the file, or delete it and import it again.",
    )


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        raise _fail(path, f"第 {e.start} 字节", "不是 UTF-8 编码", "not UTF-8") from None
    except json.JSONDecodeError as e:
        raise _fail(
            path,
            f"第 {e.lineno} 行第 {e.colno} 列",
            f"JSON 格式错误（{e.msg}）",
            f"line {e.lineno} column {e.colno}: {e.msg}",
        ) from None


def _parse_entries(path: Path, raw: Any, year: int | None, default_certainty: Certainty) -> list[DayEntry]:
    if not isinstance(raw, list):
        raise _fail(path, "days", "应为列表", "must be a list")
    entries: list[DayEntry] = []
    seen: set[date] = set()
    for i, item in enumerate(raw):
        where = f"days[{i}]"
        if not isinstance(item, dict):
            raise _fail(path, where, "应为对象", "must be an object")
        try:
            day = date.fromisoformat(str(item.get("date")))
        except ValueError:
            raise _fail(
                path,
                f"{where}.date",
                f"{item.get('date')!r} 不是 YYYY-MM-DD 日期",
                f"{item.get('date')!r} is not a YYYY-MM-DD date",
            ) from None
        if year is not None and day.year != year:
            raise _fail(path, f"{where}.date", f"{day} 不在 {year} 年", f"{day} is not in {year}")
        if day in seen:
            raise _fail(path, f"{where}.date", f"{day} 重复出现", f"{day} appears twice")
        seen.add(day)
        workday = item.get("workday")
        if not isinstance(workday, bool):
            raise _fail(path, f"{where}.workday", "应为 true 或 false", "must be true or false")
        name = item.get("name", "")
        if not isinstance(name, str):
            raise _fail(path, f"{where}.name", "应为字符串", "must be a string")
        certainty = item.get("certainty", default_certainty)
        if certainty not in ("certain", "likely", "forecast"):
            raise _fail(
                path, f"{where}.certainty", "应为 certain、likely 或 forecast", "must be certain, likely or forecast"
            )
        notices = item.get("notices", [])
        if not isinstance(notices, list) or not all(isinstance(n, str) for n in notices):
            raise _fail(path, f"{where}.notices", "应为字符串列表", "must be a list of strings")
        entries.append(DayEntry(day, workday, name, certainty, tuple(notices)))
    return sorted(entries, key=lambda e: e.day)


def load_calendar_file(path: Path, source: Source) -> YearData:
    """Read one year's calendar file (the format `import-notice` writes)."""
    doc = _load_json(path)
    if not isinstance(doc, dict):
        raise _fail(path, "顶层", "应为 JSON 对象", "top level must be a JSON object")
    if doc.get("format") != CALENDAR_FORMAT:
        raise _fail(path, "format", f"应为 {CALENDAR_FORMAT!r}", f"must be {CALENDAR_FORMAT!r}")
    year = doc.get("year")
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise _fail(
            path, "year", f"应为 {FIRST_YEAR}–{LAST_YEAR} 的整数", f"must be an integer {FIRST_YEAR}-{LAST_YEAR}"
        )
    entries = _parse_entries(path, doc.get("days"), year, "certain")
    title = doc.get("title") or str(path)
    return YearData(year, source, str(title), tuple(entries))


def calendar_document(data: YearData, title: str) -> dict[str, Any]:
    """The JSON document for a year, as `load_calendar_file` reads it back."""

    def day(e: DayEntry) -> dict[str, Any]:
        out: dict[str, Any] = {"date": e.day.isoformat(), "workday": e.workday, "name": e.name}
        if e.certainty != "certain":
            out["certainty"] = e.certainty
        if e.notices:
            out["notices"] = list(e.notices)
        return out

    return {"format": CALENDAR_FORMAT, "year": data.year, "title": title, "days": [day(e) for e in data.entries]}


def calendar_files(directory: Path | None) -> dict[int, Path]:
    """The calendar files `YYYY.json` in a directory, by year (none if it is missing)."""
    if directory is None or not directory.is_dir():
        return {}
    found: dict[int, Path] = {}
    for path in sorted(directory.glob("*.json")):
        if path.stem.isdigit():
            found[int(path.stem)] = path
    return found


@dataclass(frozen=True)
class LunarRule:
    """A regional holiday on a lunar date: `days` rest days from that date on."""

    name: str
    lunar_month: int
    lunar_day: int
    days: int
    since: int


@dataclass(frozen=True)
class Region:
    """A province's extra rest days (an overlay on the national calendar)."""

    key: str
    name: str
    basis: str
    rules: tuple[LunarRule, ...]
    entries: tuple[DayEntry, ...]
    """Explicit days (a year's regional notice), which take precedence over rules."""


def load_region_file(path: Path) -> Region:
    """Read and validate a region overlay file (`calendars/regions/<key>.json`)."""
    doc = _load_json(path)
    if not isinstance(doc, dict):
        raise _fail(path, "顶层", "应为 JSON 对象", "top level must be a JSON object")
    if doc.get("format") != REGION_FORMAT:
        raise _fail(path, "format", f"应为 {REGION_FORMAT!r}", f"must be {REGION_FORMAT!r}")
    for key in ("region", "name", "basis"):
        if not isinstance(doc.get(key), str) or not doc[key]:
            raise _fail(path, key, "应为非空字符串", "must be a non-empty string")
    rules: list[LunarRule] = []
    for i, r in enumerate(doc.get("rules", [])):
        where = f"rules[{i}]"
        if not isinstance(r, dict):
            raise _fail(path, where, "应为对象", "must be an object")
        try:
            rule = LunarRule(
                str(r["name"]), int(r["lunar_month"]), int(r["lunar_day"]), int(r["days"]), int(r["since"])
            )
        except (KeyError, TypeError, ValueError):
            raise _fail(
                path,
                where,
                "需要 name、lunar_month、lunar_day、days、since",
                "needs name, lunar_month, lunar_day, days, since",
            ) from None
        if not (1 <= rule.lunar_month <= 12 and 1 <= rule.lunar_day <= 30 and 1 <= rule.days <= 10):
            raise _fail(path, where, "农历月日或天数超出范围", "lunar month/day or days out of range")
        rules.append(rule)
    entries = _parse_entries(path, doc.get("days", []), None, "certain")
    return Region(doc["region"], doc["name"], doc["basis"], tuple(rules), tuple(entries))
