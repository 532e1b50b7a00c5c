"""The file format: parsing the database file, the damage checks, and writing it back.

The file is TinyDB's JSON layout, `{table: {doc_id: record}}`, with one record
per line so an error position points at a record a person can fix. A file
that is not a database of ours (bad UTF-8, bad JSON, a wrong shape, a
duplicate identity) is damage: it is refused with its line and column and
never written over.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from deadlines.core.i18n import Text
from deadlines.store.messages import damaged, line_column
from deadlines.store.values import IDENTITY, META, OBLIGATIONS, Tables

ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)

IDENTITY_BY_VERSION: dict[int, dict[str, str]] = {0: {OBLIGATIONS: "key"}, 1: IDENTITY}
"""The identifying fields each schema version guarantees (checked on every read); newer versions are not checked."""


def schema_version(tables: Tables) -> int:
    """The file's schema version; a file without `_meta` predates versions and is version 0."""
    meta = tables.get(META)
    return int(next(iter(meta.values()))["schema_version"]) if meta else 0


def parse(raw: bytes, path: Path) -> Tables:
    if not raw.strip():
        raise damaged(path, Text("第 1 行", "line 1"), Text("文件是空的", "the file is empty"))
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
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise damaged(
            path,
            line_column(error.lineno, error.colno),
            Text(f"JSON 语法错误（{error.msg}）", f"invalid JSON ({error.msg})"),
        ) from None
    problem = _shape_problem(data)
    if problem is not None:
        offset = _locate(text, problem[0])
        line = text.count("\n", 0, offset) + 1
        raise damaged(path, line_column(line, offset - text.rfind("\n", 0, offset)), problem[1])
    return cast(Tables, data)


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
    identities = IDENTITY_BY_VERSION.get(schema_version(data), {})
    for name, docs in data.items():
        problem = _table_problem(name, docs, identities.get(name))
        if problem is not None:
            return problem
    return None


def _meta_problem(meta: dict[str, Any] | None) -> tuple[tuple[str, ...], Text] | None:
    if meta is None:
        return None
    if len(meta) != 1:
        return (META,), Text("_meta 表应只有一条记录", "table '_meta' should hold exactly one record")
    doc_id, doc = next(iter(meta.items()))
    version = doc.get("schema_version") if isinstance(doc, dict) else None
    if not (isinstance(version, int) and not isinstance(version, bool) and version >= 0):
        return (META, doc_id), Text(
            '应是 {"schema_version": 非负整数}', 'should be {"schema_version": a whole number ≥ 0}'
        )
    return None


def _table_problem(name: str, docs: dict[str, Any], ident: str | None) -> tuple[tuple[str, ...], Text] | None:
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


def serialise(tables: Tables) -> bytes:
    """UTF-8 JSON with one record per line, so an error position points at a record a person can fix."""
    encode = ENCODER.encode
    blocks = []
    for name, docs in tables.items():
        rows = b",\n".join(f"{encode(doc_id)}: {encode(doc)}".encode() for doc_id, doc in docs.items())
        blocks.append(encode(name).encode() + (b": {\n" + rows + b"\n}" if rows else b": {}"))
    return b"{\n" + b",\n".join(blocks) + b"\n}\n"

