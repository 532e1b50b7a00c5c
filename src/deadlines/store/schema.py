"""What a stored record must look like: its required fields and the JSON type of each known field.

One table of rules, checked when a file is read (a record that breaks them is
damage, refused with its position) and when a record is written (the store
never writes what it would refuse to read). Fields not named here are kept
as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from deadlines.core.i18n import Text
from deadlines.store.values import AUDIT, COMPLETIONS, OBLIGATIONS, SENDS

Check = Callable[[Any], bool]


def _iso_date(value: str) -> bool:
    if len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _positive(value: int) -> bool:
    return value >= 1


def _all_text(value: list[Any]) -> bool:
    return all(type(item) is str for item in value)


@dataclass(frozen=True)
class Rule:
    """A field's JSON type: the Python types json gives for it, a finer check of the value, and its name."""

    types: frozenset[type]
    kind: Text
    check: Check | None = None


TEXT = Rule(frozenset({str}), Text("文本", "a string"))
DATE = Rule(frozenset({str}), Text("ISO 日期（如 2026-04-30）", "an ISO date (e.g. 2026-04-30)"), _iso_date)
WHOLE = Rule(frozenset({int}), Text("正整数", "a whole number ≥ 1"), _positive)
FLAG = Rule(frozenset({bool}), Text("true 或 false", "true or false"))
TEXTS = Rule(frozenset({list}), Text("文本列表", "a list of strings"), _all_text)
OBJECT = Rule(frozenset({dict}), Text("JSON 对象", "a JSON object"))


def optional(rule: Rule) -> Rule:
    """`rule`, or null."""
    return Rule(rule.types | {type(None)}, Text(f"{rule.kind.zh}或 null", f"{rule.kind.en} or null"), rule.check)


FIELDS: dict[str, dict[str, Rule]] = {
    OBLIGATIONS: {
        "key": TEXT,
        "title": optional(TEXT),
        "rule": optional(TEXT),
        "start": optional(DATE),
        "trigger": optional(TEXT),
        "params": optional(OBJECT),
        "owners": optional(TEXTS),
        "tags": optional(TEXTS),
        "notes": optional(TEXT),
        "source": optional(TEXT),
        "concerns": optional(TEXT),
        "profile": optional(TEXT),
        "region": optional(TEXT),
        "lead_times": optional(TEXTS),
        "cutoff": optional(TEXT),
        "start_counts": optional(FLAG),
        "since": optional(DATE),
        "next_action": optional(DATE),
        "next_due": optional(DATE),
        "resume": optional(DATE),
        "created_at": TEXT,
        "updated_at": TEXT,
        "deleted_at": optional(TEXT),
        "version": WHOLE,
    },
    COMPLETIONS: {
        "id": TEXT,
        "key": TEXT,
        "occurrence": TEXT,
        "done_on": DATE,
        "evidence": optional(TEXT),
        "by": optional(TEXT),
        "at": optional(TEXT),
        "late": optional(FLAG),
    },
    AUDIT: {
        "at": TEXT,
        "who": optional(TEXT),
        "action": TEXT,
        "key": optional(TEXT),
        "before": optional(OBJECT),
        "after": optional(OBJECT),
    },
    SENDS: {"id": TEXT},
}
"""Each table's known fields and their types."""

REQUIRED: dict[str, tuple[str, ...]] = {
    OBLIGATIONS: ("key", "created_at", "updated_at", "version"),
    COMPLETIONS: ("id", "key", "occurrence", "done_on"),
    AUDIT: ("at", "action"),
    SENDS: ("id",),
}
"""Fields every stored record of a table has; without them other code cannot use it."""

INCOMING_REQUIRED: dict[str, tuple[str, ...]] = {
    OBLIGATIONS: ("key",),
    COMPLETIONS: ("key", "occurrence", "done_on"),
    SENDS: ("id",),
}
"""Fields a caller must give when writing (the store fills in the rest)."""


def record_problem(
    table: str, record: Mapping[str, Any], *, required: tuple[str, ...] | None = None
) -> tuple[str | None, Text] | None:
    """The first field of `record` that breaks the rules of `table`, as (field, what is wrong); None if sound.

    The field is None when the problem is the record as a whole. (NaN and Infinity never get this far:
    the file reader and the JSON copy of incoming records refuse them anywhere.)
    """
    fields = FIELDS.get(table, {})
    for name in REQUIRED.get(table, ()) if required is None else required:
        if name not in record:
            return None, Text(f"缺少字段 {name}", f"the field {name!r} is missing")
    for name, value in record.items():
        rule = fields.get(name)
        if rule is None:
            continue
        if type(value) not in rule.types or (rule.check is not None and value is not None and not rule.check(value)):
            return name, Text(f"字段 {name} 应是{rule.kind.zh}", f"the field {name!r} should be {rule.kind.en}")
    return None
