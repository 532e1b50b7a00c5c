"""The file format: parsing the database file, the damage checks, and writing it back.

The file is TinyDB's JSON layout, `{table: {doc_id: record}}`, with one record
per line so an error position points at a record a person can fix. A file
that is not a database of ours (bad UTF-8, bad JSON, a wrong shape, a
duplicate identity) is damage: it is refused with its line and column and
never written over.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from sys import intern
from typing import Any, cast

from deadlines.core.i18n import Text
from deadlines.store.messages import damaged, line_column
from deadlines.store.schema import record_problem
from deadlines.store.values import IDENTITY, META, OBLIGATIONS, SCHEMA_VERSION, IndexState, Tables

ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)

IDENTITY_BY_VERSION: dict[int, dict[str, str]] = {0: {OBLIGATIONS: "key"}, 1: IDENTITY, 2: IDENTITY}
"""The identifying fields each schema version guarantees (checked on every read); newer versions are not checked."""


def schema_version(tables: Tables) -> int:
    """The file's schema version; a file without `_meta` predates versions and is version 0."""
    meta = tables.get(META)
    return int(next(iter(meta.values()))["schema_version"]) if meta else 0


def parse(text: str, path: Path) -> Tables:
    """The database in `text` (see `decode_utf8`), or a damage `StoreError` naming the line and column of the
    first problem."""
    if not text.strip():
        raise damaged(path, Text("第 1 行", "line 1"), Text("文件是空的", "the file is empty"))
    data = _decode(text, path)
    problem = _shape_problem(data)
    if problem is not None:
        raise damaged(path, _position(text, _locate(text, problem[0])), problem[1])
    return cast(Tables, data)


def decode_utf8(raw: bytes, path: Path) -> str:
    """`raw` as text, or damage naming the line and byte where it is not UTF-8."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise damaged(
            path,
            Text(f"第 {line} 行（第 {error.start} 字节）", f"line {line} (byte {error.start})"),
            Text(
                "这里不是 UTF-8 编码（文件可能被另存为 GBK/GB18030）",
                "this is not UTF-8 (the file may have been saved as GBK/GB18030)",
            ),
        ) from None
    return text


class _Refused(ValueError):
    """A value JSON allows but a database never holds; `at` is a regular expression finding it in the text."""

    def __init__(self, at: str, what: Text, *, nth: int = 1) -> None:
        super().__init__(what.en)
        self.at = at
        self.nth = nth
        self.what = what

    def offset(self, text: str) -> int:
        """Where the refused value is: the `nth` match of `at` (the repeat of a name is the second), else the start."""
        matches = list(re.finditer(self.at, text))[: self.nth]
        return matches[-1].start() if matches else 0


_SHARED = 40
"""Strings up to this long are interned as they are read: the same date, stamp, owner or status in 200,000
records is then one object, not 200,000 (a fifth less memory for a large database, for a seventh more time)."""


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = {name: intern(value) if type(value) is str and len(value) <= _SHARED else value for name, value in pairs}
    if len(found) != len(pairs):
        seen: set[str] = set()
        twice = next(name for name, _ in pairs if name in seen or seen.add(name))  # type: ignore[func-returns-value]
        raise _Refused(
            re.escape(json.dumps(twice, ensure_ascii=False)) + r"\s*:",
            Text(f"同一对象中名称 {twice} 出现了两次", f"the name {twice!r} appears twice in one object"),
            nth=2,
        )
    return found


def _no_constant(name: str) -> None:
    raise _Refused(rf"(?<![\w\"]){name}(?![\w\"])", Text(f"{name} 不是数", f"{name} is not a number"))


def decode_json(text: str) -> Any:
    """JSON as the store takes it: no NaN or Infinity, no name twice in one object, no absurd depth or length.

    Raises `json.JSONDecodeError` (with a position) or `ValueError` whose text says what is wrong.
    """
    try:
        return json.loads(text, object_pairs_hook=_unique_object, parse_constant=_no_constant)
    except RecursionError:
        raise _Refused(r"[\[{]", Text("嵌套层数过多", "nested too deeply")) from None
    except _Refused:
        raise
    except json.JSONDecodeError:
        raise
    except ValueError as error:  # an integer of thousands of digits
        raise _Refused(r"\d{4000}", Text(f"数字过长（{error}）", f"a number is too long ({error})")) from None


def _decode(text: str, path: Path) -> Any:
    try:
        return decode_json(text)
    except json.JSONDecodeError as error:
        raise damaged(
            path,
            line_column(error.lineno, error.colno),
            Text(f"JSON 语法错误（{error.msg}）", f"invalid JSON ({error.msg})"),
        ) from None
    except _Refused as error:
        raise damaged(path, _position(text, error.offset(text)), error.what) from None


def _position(text: str, offset: int) -> Text:
    line = text.count("\n", 0, offset) + 1
    return line_column(line, offset - text.rfind("\n", 0, offset))


def _shape_problem(data: object) -> tuple[tuple[str, ...], Text] | None:
    """The first place where parsed JSON is not a database of ours, as (key path, what is wrong)."""
    if not isinstance(data, dict):
        return (), Text("顶层应是 JSON 对象 {…}", "the top level should be a JSON object {…}")
    for name, docs in data.items():
        if not isinstance(docs, dict):
            return (name,), Text(f"表 {name} 应是 JSON 对象 {{…}}", f"table {name!r} should be a JSON object {{…}}")
    meta = _meta_problem(data.get(META))
    if meta is not None:
        return meta
    version = schema_version(data)
    identities = IDENTITY_BY_VERSION.get(version, {})
    for name, docs in data.items():
        problem = _table_problem(name, docs, identities.get(name), full=version == SCHEMA_VERSION)
        if problem is not None:
            return problem
    return None


def _meta_problem(meta: dict[str, Any] | None) -> tuple[tuple[str, ...], Text] | None:
    if meta is None:
        return None
    if len(meta) != 1:
        return (META,), Text("_meta 表应只有一条记录", "table '_meta' should hold exactly one record")
    doc_id, doc = next(iter(meta.items()))
    sound = isinstance(doc, dict) and _count(doc.get("schema_version")) and _count(doc.get("audit_bytes", 0))
    if not sound:
        return (META, doc_id), Text(
            '应是 {"schema_version": 非负整数, "audit_bytes": 非负整数}',
            'should be {"schema_version": a whole number ≥ 0, "audit_bytes": a whole number ≥ 0}',
        )
    return None


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def index_state(tables: Tables) -> IndexState | None:
    """The state of the file's next-action index (None when it was never built or its note is unreadable)."""
    meta = tables.get(META)
    note = next(iter(meta.values())).get("index") if meta else None
    try:
        return IndexState(str(note["basis"]), date.fromisoformat(note["as_of"]))  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return None


def audit_bytes(tables: Tables) -> int:
    """How many bytes of the audit log the file commits to (the rest is a dead writer's, not yet committed)."""
    meta = tables.get(META)
    return int(next(iter(meta.values())).get("audit_bytes", 0)) if meta else 0


def _table_problem(
    name: str, docs: dict[str, Any], ident: str | None, *, full: bool
) -> tuple[tuple[str, ...], Text] | None:
    """The first bad record of a table; with `full`, every field is checked against `schema`, else only identities."""
    seen: set[str] = set()
    for doc_id, doc in docs.items():
        where = (name, doc_id)
        if not (doc_id.isascii() and doc_id.isdigit()):
            return where, Text(
                f"表 {name} 的记录编号 {doc_id!r} 应是整数",
                f"record id {doc_id!r} in table {name!r} should be a whole number",
            )
        if not isinstance(doc, dict):
            return where, Text(
                f"表 {name} 的记录 {doc_id} 应是 JSON 对象",
                f"record {doc_id} in table {name!r} should be a JSON object",
            )
        if full and (problem := record_problem(name, doc)) is not None:
            field, what = problem
            return (*where, field) if field else where, Text(
                f"表 {name} 的记录 {doc_id}：{what.zh}", f"record {doc_id} in table {name!r}: {what.en}"
            )
        if ident is None:
            continue
        value = doc.get(ident)
        if not isinstance(value, str) or not value:
            return where, Text(
                f"表 {name} 的记录 {doc_id} 缺少 {ident}", f"record {doc_id} in table {name!r} has no {ident!r}"
            )
        if value in seen:
            return where, Text(
                f"表 {name} 中 {ident} 为 {value} 的记录重复", f"{ident!r} {value!r} appears twice in table {name!r}"
            )
        seen.add(value)
    return None


def _locate(text: str, path: tuple[str, ...]) -> int:
    """Where the value at `path` (object keys from the top) starts in the valid JSON `text`."""
    decoder = json.JSONDecoder()
    skip = json.decoder.WHITESPACE.match  # type: ignore[attr-defined]
    pos: int = skip(text, 0).end()
    for wanted in path:
        pos = skip(text, pos + 1).end()  # past "{"
        while text[pos] == '"':
            name, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
            pos = skip(text, skip(text, pos).end() + 1).end()  # past ":"
            if name == wanted:
                break
            pos = skip(text, decoder.raw_decode(text, pos)[1]).end()
            pos = skip(text, pos + 1).end() if text[pos] == "," else pos
    return pos


def serialise(tables: Tables) -> Iterator[bytes]:
    """UTF-8 JSON with one record per line, so an error position points at a record a person can fix; in chunks
    of a few thousand records, so that writing a large file never holds a second copy of it."""
    encode = ENCODER.encode
    yield b"{\n"
    for number, (name, docs) in enumerate(tables.items()):
        yield (b",\n" if number else b"") + encode(name).encode() + (b": {\n" if docs else b": {}")
        rows, separator = iter(docs.items()), ""
        while chunk := list(islice(rows, _CHUNK)):
            yield (separator + ",\n".join(f"{encode(doc_id)}: {encode(doc)}" for doc_id, doc in chunk)).encode()
            separator = ",\n"
        if docs:
            yield b"\n}"
    yield b"\n}\n"


_CHUNK = 2000
"""Records per chunk written."""
