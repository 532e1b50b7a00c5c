"""Checks on records coming in: plain JSON copies, identities present and unique, changed fields only."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from deadlines.core.errors import InputError
from deadlines.store.fileformat import ENCODER
from deadlines.store.schema import INCOMING_REQUIRED, record_problem
from deadlines.store.values import COMPLETIONS, IDENTITY, MANAGED, OBLIGATIONS, SENDS, Record


def incoming_obligations(records: Iterable[Mapping[str, Any]]) -> list[Record]:
    """Plain JSON copies of obligation records, each with a key, no key twice, sound types, store fields removed."""
    copies = unique_records(json_copy([dict(record) for record in records]), OBLIGATIONS)
    for number, record in enumerate(copies, start=1):
        for name in MANAGED:
            record.pop(name, None)
        _refuse_unsound(OBLIGATIONS, record, number)
    return copies


def incoming_patch(changes: Mapping[str, Any]) -> Record:
    """A plain JSON copy of some fields of an obligation, with sound types and no store fields."""
    patch: Record = json_copy(dict(changes))
    for name in MANAGED:
        patch.pop(name, None)
    _refuse_unsound(OBLIGATIONS, patch, 1, required=())
    return patch


def incoming_completion(record: Mapping[str, Any], *, ident: str, at: str) -> Record:
    """A plain JSON copy of a completion, its `id` and `at` filled in when missing, checked like a stored one."""
    completion: Record = {"id": ident, "at": at, **json_copy(dict(record))}
    _refuse_unsound(COMPLETIONS, completion, 1)
    return completion


def _refuse_unsound(table: str, record: Record, number: int, *, required: tuple[str, ...] | None = None) -> None:
    """InputError unless `record` is what the store would accept on reading (`schema`)."""
    problem = record_problem(table, record, required=INCOMING_REQUIRED[table] if required is None else required)
    if problem is not None:
        what = problem[1]
        raise InputError(f"第 {number} 条记录：{what.zh}。", f"Record {number}: {what.en}.")


def incoming_sends(rows: Iterable[Mapping[str, Any]]) -> list[Record]:
    """Plain JSON copies of send-log rows, each with an id, no id twice."""
    copies = unique_records(json_copy([dict(row) for row in rows]), SENDS)
    for number, row in enumerate(copies, start=1):
        _refuse_unsound(SENDS, row, number)
    return copies


def unique_records(records: list[Record], table: str) -> list[Record]:
    name = IDENTITY[table]
    seen: dict[str, int] = {}
    for number, record in enumerate(records, start=1):
        value = record.get(name)
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"第 {number} 条记录缺少 {name}。", f"Record {number} has no {name!r}.")
        if value in seen:
            raise InputError(
                f"{name} {value} 在同一批中出现了两次（第 {seen[value]} 条和第 {number} 条）。",
                f"{name!r} {value!r} appears twice in one batch (records {seen[value]} and {number}).",
            )
        seen[value] = number
    return records


def json_copy(value: Any) -> Any:
    """A deep copy in plain JSON types (tuples become lists), so stored and compared values agree."""
    try:
        return json.loads(ENCODER.encode(value).encode("utf-8"))
    except (TypeError, ValueError) as error:
        raise InputError(
            f"记录中有无法存为 JSON 的值（{error}）。日期请用 ISO 字符串，如 2026-04-30。",
            f"A record holds a value that cannot be stored as JSON ({error}). "
            "Write dates as ISO strings, e.g. 2026-04-30.",
        ) from error


def changed_fields(current: Record, incoming: Record) -> Record:
    """The fields of `incoming` whose values differ from (or are missing in) `current`."""
    absent = object()
    return {name: value for name, value in incoming.items() if current.get(name, absent) != value}
