"""Checking the rows of an import file as `deadlines add` checks an obligation: a `Batch` of entries and problems.

Every cell is converted (lists, dates, cut-offs, regions) and every row is
validated by `core.validation`, so a row that `add` would refuse is refused
here the same way; each bad cell becomes a `Problem` with its row, column,
value, reason and fix. New obligations count from `today`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from deadlines.core.dates import make_date
from deadlines.core.errors import DateError, DeadlinesError, InputError
from deadlines.core.i18n import Text
from deadlines.core.models import ROLES, Obligation
from deadlines.core.validation import check_cutoff, check_region_name, derived_key, validate
from deadlines.transfer.columns import ALWAYS, COLUMNS, FIXES, TEXT_FIX, Problem, RawRow

_ISO = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_PROBE = Obligation(key="probe", title="probe", rule="2026-01-01")
"""A valid obligation: with one field of a bad row put in, `validate` says whether that field is at fault."""

_DUPLICATE_FIX = Text(
    "每行的键须唯一：换一个键，或删去重复的行", "keys must be unique: change the key or remove the repeated row"
)


@dataclass(frozen=True)
class Entry:
    """A valid row: its obligation, and which columns the file gave for it."""

    row: int
    obligation: Obligation
    given: frozenset[str]

    def record(self, *, stored: bool) -> dict[str, Any]:
        """The record to upsert: all of it for a new key; for a stored key only the columns given."""
        full = self.obligation.to_record()
        if not stored:
            return full
        return {name: full[name] for name in COLUMNS if name in self.given or name in ALWAYS}


@dataclass(frozen=True)
class Batch:
    """The outcome of checking every row: the valid obligations and the problems of the others."""

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]

    @property
    def invalid_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    def records(self, stored: Callable[[str], bool]) -> list[dict[str, Any]]:
        return [entry.record(stored=stored(entry.obligation.key)) for entry in self.entries]


class InvalidRows(DeadlinesError):
    """Some rows of an import failed their checks (exit 1); they were listed one by one before this."""

    def __init__(self, count: int, *, written: bool) -> None:
        if written:
            super().__init__(
                f"{count} 行无效，已跳过；其余的行已导入。改正这些行后可再次导入同一文件。",
                f"{count} invalid row(s) were skipped; the others were imported. "
                "Correct them and import the same file again.",
            )
        else:
            super().__init__(
                f"{count} 行无效，未导入任何内容。改正这些行后重试，或用 --skip-invalid 只导入有效的行。",
                f"{count} invalid row(s); nothing was imported. Correct them and retry, "
                "or use --skip-invalid to import the valid rows only.",
            )


def check_rows(rows: Iterable[RawRow], *, today: date, check_region: Callable[[str], object] | None = None) -> Batch:
    """Check every row; new obligations count from `today`. `check_region` raises for a region that does not exist."""
    checker = _RowChecker(today, check_region)
    entries: list[Entry] = []
    problems: list[Problem] = []
    for row in rows:
        outcome = checker.check(row)
        if isinstance(outcome, Entry):
            entries.append(outcome)
        else:
            problems.extend(outcome)
    return Batch(tuple(entries), tuple(problems))


class _RowChecker:
    """Checks rows one by one, remembering the keys seen and the cell values already converted."""

    def __init__(self, today: date, check_region: Callable[[str], object] | None) -> None:
        self.today = today
        self.check_region = check_region
        self.seen: dict[str, int] = {}
        self.convert: dict[str, Callable[[Any], Any]] = {
            **dict.fromkeys(COLUMNS, _text),
            "owners": _per_value(_list),
            "tags": _per_value(_list),
            "lead_times": _per_value(_optional_list),
            "start": _per_value(_start),
            "cutoff": _per_value(_cutoff),
            "region": _per_value(self._region),
            "role": _per_value(_role),
            "until": _per_value(_start),
            "optional": _per_value(_flag),
            "active": _per_value(_flag),
        }

    def check(self, row: RawRow) -> Entry | list[Problem]:
        if row.defect is not None:
            return [row.defect]
        convert = self.convert
        try:
            fields = {name: convert[name](raw) for name, raw in row.cells.items()}
            problems: list[Problem] = []
        except DeadlinesError:
            fields, problems = self._fields_one_by_one(row)
        title, rule = fields.setdefault("title", ""), fields.setdefault("rule", "")
        fields.setdefault("active", not fields.get("optional"))  # an optional step starts inactive
        key = fields.pop("key", "") or derived_key(title, rule)
        first = self.seen.setdefault(key, row.number)
        if first != row.number:
            reason = Text(f"键 {key} 与第 {first} 行重复", f"the key {key} repeats row {first}")
            problems.append(Problem(row.number, "key", key, reason, _DUPLICATE_FIX))
        obligation = Obligation(key=key, since=self.today, **fields)
        try:
            validate(obligation)
        except DeadlinesError as error:
            problems += _blame(row, obligation, error, {p.column for p in problems})
        return problems or Entry(row.number, obligation, row.given)

    def _fields_one_by_one(self, row: RawRow) -> tuple[dict[str, Any], list[Problem]]:
        """The slow path for a row with a bad cell: every cell converted alone, each failure a problem."""
        fields: dict[str, Any] = {}
        problems = []
        for name, raw in row.cells.items():
            try:
                fields[name] = self.convert[name](raw)
            except DeadlinesError as error:
                fix = TEXT_FIX if isinstance(error, _NotText) else None
                problems.append(_problem(row.number, name, raw, error.text, fix))
        return fields, problems

    def _region(self, raw: Any) -> str | None:
        key = _text(raw)
        if key:
            check_region_name(key)
        if key and self.check_region is not None:
            try:
                self.check_region(key)
            except DeadlinesError as error:
                raise InputError(error.text.zh, error.text.en) from None
        return key or None


def _per_value(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`convert` remembering its result for each text it was given: owners, tags, dates and leads repeat a lot."""
    results: dict[str, Any] = {}

    def converted(raw: Any) -> Any:
        if not isinstance(raw, str):
            return convert(raw)
        if raw not in results:
            results[raw] = convert(raw)
        return results[raw]

    return converted


class _NotText(InputError):
    """A JSON value that is not text where text is expected (an object, a list, true/false)."""


def _text(raw: Any) -> str:
    """A cell as text, surrounding spaces removed; JSON numbers as written, null as empty."""
    if isinstance(raw, str):
        return raw.strip()
    if raw is None:
        return ""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
    shown = json.dumps(raw, ensure_ascii=False)
    raise _NotText(f"值 {shown} 应是文本", f"the value {shown} should be text")


def _list(raw: Any) -> tuple[str, ...]:
    """A ;-separated cell (； too) or a JSON list, empty items dropped."""
    if isinstance(raw, list):
        items = [_text(item) for item in raw]
    else:
        items = _text(raw).replace("；", ";").split(";")
    return tuple([item.strip() for item in items if item and not item.isspace()])


def _optional_list(raw: Any) -> tuple[str, ...] | None:
    return _list(raw) or None


def _start(raw: Any) -> date | None:
    text = _text(raw)
    return _iso_date(text) if text else None


def _role(raw: Any) -> str:
    """duty (also when empty), authority or info."""
    text = _text(raw) or "duty"
    if text not in ROLES:
        raise InputError(
            f"角色「{text}」无效：应为 duty（本单位义务）、authority（主管部门环节）或 info（政策信息）",
            f"the role {text!r} is not valid: use duty, authority or info",
        )
    return text


def _flag(raw: Any) -> bool:
    """true/false (also 1/0, 是/否; empty is false)."""
    if isinstance(raw, bool):
        return raw
    text = _text(raw).lower()
    if text in ("true", "1", "是", "yes"):
        return True
    if text in ("", "false", "0", "否", "no"):
        return False
    raise InputError(f"值「{text}」应为 true 或 false", f"the value {text!r} should be true or false")


def _cutoff(raw: Any) -> str | None:
    text = _text(raw)
    return check_cutoff(text) if text else None


def _iso_date(text: str) -> date:
    """YYYY-MM-DD and nothing else: a bulk import guesses no date format."""
    m = _ISO.match(text)
    if m is None:
        raise DateError(
            f"日期「{text}」应写成 YYYY-MM-DD（如 2026-09-30）；批量导入不猜测其他写法。",
            f"the date {text!r} must be YYYY-MM-DD (e.g. 2026-09-30); a bulk import guesses no other form.",
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        return make_date(int(m[1]), int(m[2]), int(m[3]), text)  # raises, saying why the date does not exist


def _blame(row: RawRow, obligation: Obligation, error: DeadlinesError, known: set[str]) -> list[Problem]:
    """The columns `validate` refuses, each found by putting its value alone into a valid obligation.

    `known` holds the columns already reported for this row; they are not tried again.
    """
    found = []
    for name in COLUMNS:
        if name in known:
            continue
        try:
            validate(replace(_PROBE, **{name: getattr(obligation, name)}))
        except DeadlinesError as failure:
            found.append(_problem(row.number, name, row.cells.get(name, ""), failure.text))
    if found or known:  # cells that failed earlier explain the failure
        return found
    return [_problem(row.number, "", "", error.text)]


def _problem(number: int, column: str, raw: Any, reason: Text, fix: Text | None = None) -> Problem:
    value = ";".join(_shown(v) for v in raw) if isinstance(raw, list) else _shown(raw)
    return Problem(number, column, value, reason, fix or FIXES.get(column, TEXT_FIX))


def _shown(raw: Any) -> str:
    return raw if isinstance(raw, str) else "" if raw is None else json.dumps(raw, ensure_ascii=False)
