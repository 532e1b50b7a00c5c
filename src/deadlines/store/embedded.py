"""The database: one TinyDB JSON file that the TUI, cron and import scripts share safely.

This is the only module that imports tinydb, and it closes every hole that
TinyDB leaves open for several processes (deps-reliability §1):

* The file is read afresh for every session and never held open, and each
  session gets a new `TinyDB`, so no cached `_next_id`, query result or file
  handle outlives it.
* A write goes to a temp file in the same directory (flush, fsync), the old
  file is kept as `<db>.bak`, and `os.replace` swaps the new one in (then the
  directory is fsynced). Readers need no lock: they see the old or the new file.
* Every read-modify-write holds `<db>.lock`, and a transaction is written once.
* The file carries a schema version; older files are migrated on open, after a
  timestamped backup, and newer ones are refused.
* A damaged file is reported with its position and is never written over.

Records are plain JSON dicts with ISO date strings. The store knows their
identifying fields and its own bookkeeping (`created_at`, `updated_at`,
`deleted_at`, audit rows) and nothing about what they mean.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import sys
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from getpass import getuser
from pathlib import Path
from typing import Any, cast

from filelock import FileLock, Timeout
from tinydb import Storage, TinyDB
from tinydb.middlewares import Middleware

from deadlines.core.errors import InputError, NotFoundError, StoreError
from deadlines.core.i18n import Text

SCHEMA_VERSION = 1
"""The schema this code writes; files with a lower version are migrated, higher ones refused."""

OBLIGATIONS = "obligations"
COMPLETIONS = "completions"
AUDIT = "audit"
SENDS = "sends"
META = "_meta"

Record = dict[str, Any]
Tables = dict[str, dict[str, Record]]
VersionToken = tuple[int, int, int]
"""(st_ino, st_mtime_ns, st_size) of the file: it changes whenever the file is replaced or edited."""

_IDENTITY = {OBLIGATIONS: "key", COMPLETIONS: "id", SENDS: "id"}
"""The field that identifies a record in each table; unique within the table."""
_MANAGED = ("created_at", "updated_at", "deleted_at")
"""Obligation fields only the store sets; values passed in are ignored."""
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)
_RESTORE_HINT = Text(
    "请运行 `deadlines doctor --restore` 换回最近一次完好的备份",
    "Run `deadlines doctor --restore` to put back the newest good backup",
)


# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class UpsertResult:
    """The keys an upsert added, changed and found already identical, in input order."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]


@dataclass(frozen=True)
class Snapshot:
    """Everything in the database at one moment, from a single reading of the file."""

    obligations: Mapping[str, Record]
    """Live obligations by key, in the order they were added."""
    deleted: Mapping[str, Record]
    """Soft-deleted obligations by key (`deleted_at` set); `restore_obligation` brings one back."""
    completions: tuple[Record, ...]
    completions_by_key: Mapping[str, tuple[Record, ...]]
    audit: tuple[Record, ...]
    sends: Mapping[str, Record]
    """The reminder send log by send id (see `send_id`)."""
    token: VersionToken | None
    """The file version read; when `Store.version_token()` differs, the file has changed since."""


@dataclass(frozen=True)
class CheckReport:
    """What `check` found: for `deadlines doctor`."""

    path: Path
    exists: bool
    damage: StoreError | None
    """Why the file cannot be read as a database; `restore_backup` repairs this."""
    schema_version: int | None
    """None when the file is damaged; SCHEMA_VERSION when it does not exist yet."""
    counts: Mapping[str, int] = field(default_factory=dict)
    backups: tuple[Path, ...] = ()
    """Backup files, newest first (not checked; `restore_backup` takes the newest good one)."""

    @property
    def too_new(self) -> bool:
        return self.schema_version is not None and self.schema_version > SCHEMA_VERSION

    @property
    def needs_migration(self) -> bool:
        return self.schema_version is not None and self.schema_version < SCHEMA_VERSION

    @property
    def ok(self) -> bool:
        return self.damage is None and not self.too_new


# ---------------------------------------------------------------- the store


class Store:
    """The database file at `path`.

    Creating one does no I/O and holds nothing open, so a TUI can keep one for
    its whole session: every read parses the file as it is now, and every
    write is a locked transaction over the file as it is now. Reads of a
    missing file see an empty database; the first write creates it (and its
    parent directories).
    """

    def __init__(self, path: Path, *, lock_timeout: float = 10.0, who: str | None = None) -> None:
        self.path = Path(path)
        self.who = who or _default_who()
        self.lock_timeout = lock_timeout
        self._in_transaction = threading.local()

    # ---- reads: no lock, one parse each

    def snapshot(self) -> Snapshot:
        """Everything at once: one parse, for the TUI and for computing many items."""
        tables, token = self._read()
        obligations = tables.get(OBLIGATIONS, {}).values()
        completions = tuple(tables.get(COMPLETIONS, {}).values())
        by_key: dict[str, list[Record]] = {}
        for completion in completions:
            by_key.setdefault(completion.get("key", ""), []).append(completion)
        return Snapshot(
            obligations={o["key"]: o for o in obligations if o.get("deleted_at") is None},
            deleted={o["key"]: o for o in obligations if o.get("deleted_at") is not None},
            completions=completions,
            completions_by_key={key: tuple(rows) for key, rows in by_key.items()},
            audit=tuple(tables.get(AUDIT, {}).values()),
            sends={row["id"]: row for row in tables.get(SENDS, {}).values()},
            token=token,
        )

    def obligations(self, *, include_deleted: bool = False) -> list[Record]:
        docs = self._read()[0].get(OBLIGATIONS, {}).values()
        return [doc for doc in docs if include_deleted or doc.get("deleted_at") is None]

    def obligation(self, key: str, *, include_deleted: bool = False) -> Record | None:
        return next((doc for doc in self.obligations(include_deleted=include_deleted) if doc["key"] == key), None)

    def completions(self, key: str | None = None) -> list[Record]:
        docs = self._read()[0].get(COMPLETIONS, {}).values()
        return [doc for doc in docs if key is None or doc.get("key") == key]

    def audit(self, key: str | None = None) -> list[Record]:
        """Audit rows, oldest first; with `key`, only that obligation's."""
        docs = self._read()[0].get(AUDIT, {}).values()
        return [doc for doc in docs if key is None or doc.get("key") == key]

    def sends(self, ids: set[str] | None = None) -> dict[str, Record]:
        docs = self._read()[0].get(SENDS, {}).values()
        return {doc["id"]: doc for doc in docs if ids is None or doc["id"] in ids}

    def version_token(self) -> VersionToken | None:
        """The file's current version (None if it does not exist); cheap, for polling."""
        try:
            return _token(os.stat(self.path))
        except FileNotFoundError:
            return None

    # ---- writes: each is one locked transaction, written in one replace

    @contextmanager
    def transaction(self, *, dry_run: bool = False) -> Iterator[Transaction]:
        """Hold the lock, read the file once, and write everything done in the block at once.

        If the block raises, nothing is written. With `dry_run` the block sees
        one reading of the file and nothing is written (nor locked, nor
        created), so a preview (`import --dry-run`) runs exactly the code a
        real write runs and reports what it would do. Do not open a second
        transaction (or call a write method of this store) inside one: use the
        `Transaction`'s methods.
        """
        if getattr(self._in_transaction, "open", False):
            raise RuntimeError("a transaction is already open on this store in this thread")
        if dry_run:  # a preview only reads: no lock, no directory, no file is created
            yield Transaction(self._open(locked=False), who=self.who, now=_now())
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _unwritable(self.path, error) from error
        with self._locked():
            self._in_transaction.open = True
            try:
                tx = Transaction(self._open(locked=True), who=self.who, now=_now())
                yield tx
                tx._commit()
            finally:
                self._in_transaction.open = False

    def upsert_obligations(self, records: Iterable[Mapping[str, Any]], *, action: str = "import") -> UpsertResult:
        with self.transaction() as tx:
            return tx.upsert_obligations(records, action=action)

    def add_obligation(self, record: Mapping[str, Any]) -> Record:
        with self.transaction() as tx:
            return tx.add_obligation(record)

    def update_obligation(self, key: str, changes: Mapping[str, Any]) -> Record:
        with self.transaction() as tx:
            return tx.update_obligation(key, changes)

    def delete_obligation(self, key: str) -> Record:
        with self.transaction() as tx:
            return tx.delete_obligation(key)

    def restore_obligation(self, key: str) -> Record:
        with self.transaction() as tx:
            return tx.restore_obligation(key)

    def add_completion(self, record: Mapping[str, Any]) -> Record:
        with self.transaction() as tx:
            return tx.add_completion(record)

    def remove_completion(self, completion_id: str) -> Record:
        with self.transaction() as tx:
            return tx.remove_completion(completion_id)

    def record_sends(self, rows: Iterable[Mapping[str, Any]]) -> None:
        with self.transaction() as tx:
            tx.record_sends(rows)

    # ---- plumbing

    def _read(self) -> tuple[Tables, VersionToken | None]:
        buffer = _buffer(self._open(locked=False))
        return buffer.read(), buffer.token

    def _open(self, *, locked: bool) -> TinyDB:
        """A fresh TinyDB over one reading of the file, migrated to SCHEMA_VERSION if it was older."""
        db = TinyDB(self.path, storage=_Buffered(_JSONFile))
        found = _schema_version(_buffer(db).read())
        if found == SCHEMA_VERSION:
            return db
        if found > SCHEMA_VERSION:
            raise _too_new(self.path, found)
        if not locked:
            with self._locked():
                return self._open(locked=True)
        _migrate(db, self.path, who=self.who, now=_now())
        return db

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold `<db>.lock`; a new lock object each time, so a Store keeps working in a forked child."""
        with _holding(_file_lock(self.path, self.lock_timeout, self.who), self.path, self.lock_timeout):
            yield


class Transaction:
    """Changes under the lock to one reading of the file; `Store.transaction` writes them at once.

    Every change to an obligation or a completion adds an audit row
    `{at, who, action, key, before, after}`: for an added record `after` is
    the record; for a change, `before` and `after` hold only the fields that
    changed. A change that changes nothing writes nothing.
    """

    def __init__(self, db: TinyDB, *, who: str, now: str) -> None:
        self._db = db
        self._who = who
        self._now = now
        self._audit: list[Record] = []
        self._ids: dict[str, dict[str, int]] = {}

    # ---- reads inside the transaction (they see its own changes)

    def obligation(self, key: str, *, include_deleted: bool = False) -> Record | None:
        doc = self._raw(OBLIGATIONS, key)
        if doc is None or (doc.get("deleted_at") is not None and not include_deleted):
            return None
        return dict(doc)

    # ---- obligations

    def upsert_obligations(self, records: Iterable[Mapping[str, Any]], *, action: str = "import") -> UpsertResult:
        """Add new keys and change existing ones, as one batch.

        Only the fields given are compared and changed; fields a record does
        not mention keep their stored values. A key that is soft-deleted comes
        back. Records identical to what is stored are left alone and logged nowhere.
        """
        new: list[Record] = []
        changes: list[tuple[Record, Record]] = []
        unchanged: list[str] = []
        for record in _incoming_obligations(records):
            current = self._raw(OBLIGATIONS, record["key"])
            if current is None:
                new.append(record)
            elif patch := _patch(current, record | {"deleted_at": None}):
                changes.append((current, patch))
            else:
                unchanged.append(record["key"])
        self._add_obligations(new, action)
        self._change_obligations(changes, action)
        return UpsertResult(
            added=tuple(r["key"] for r in new),
            updated=tuple(current["key"] for current, _ in changes),
            unchanged=tuple(unchanged),
        )

    def add_obligation(self, record: Mapping[str, Any]) -> Record:
        """Add one obligation; its key must be new (a soft-deleted key counts as taken)."""
        (incoming,) = _incoming_obligations([record])
        existing = self._raw(OBLIGATIONS, incoming["key"])
        if existing is not None:
            raise _key_taken(incoming["key"], deleted=existing.get("deleted_at") is not None)
        return self._add_obligations([incoming], "add")[0]

    def update_obligation(self, key: str, changes: Mapping[str, Any]) -> Record:
        """Change some fields of a live obligation; the key itself cannot change."""
        patch = _json_copy(dict(changes))
        for name in _MANAGED:
            patch.pop(name, None)
        if patch.get("key", key) != key:
            raise InputError(
                f"事项的键不能修改（{key} → {patch['key']}）。请新增一个事项并删除旧的。",
                f"An obligation's key cannot change ({key} → {patch['key']}). "
                "Add a new obligation and delete the old one.",
            )
        current = self._live(key)
        return self._change_one(current, _patch(current, patch), "update")

    def delete_obligation(self, key: str) -> Record:
        """Soft-delete: the obligation disappears from lists but `restore_obligation` brings it back."""
        current = self._existing(key)
        if current.get("deleted_at") is not None:
            return dict(current)
        return self._change_one(current, {"deleted_at": self._now}, "delete")

    def restore_obligation(self, key: str) -> Record:
        current = self._existing(key)
        if current.get("deleted_at") is None:
            return dict(current)
        return self._change_one(current, {"deleted_at": None}, "restore")

    # ---- completions

    def add_completion(self, record: Mapping[str, Any]) -> Record:
        """Record that an occurrence was done; `id` and `at` are filled in when missing."""
        completion: Record = _json_copy(dict(record))
        self._live(completion.get("key", ""))
        completion.setdefault("id", uuid.uuid4().hex)
        completion.setdefault("at", self._now)
        _unique_records([completion], COMPLETIONS)
        if self._raw(COMPLETIONS, completion["id"]) is not None:
            raise InputError(
                f"完成记录 {completion['id']} 已存在。",
                f"Completion {completion['id']} already exists.",
            )
        self._insert(COMPLETIONS, [completion])
        self._log("complete", completion["key"], None, completion)
        return completion

    def remove_completion(self, completion_id: str) -> Record:
        """Take a completion back (undo); returns what was removed."""
        current = self._raw(COMPLETIONS, completion_id)
        if current is None:
            raise NotFoundError(
                f"没有编号为 {completion_id} 的完成记录，可能已被撤销。",
                f"No completion with id {completion_id}; it may have been undone already.",
            )
        removed = dict(current)
        self._db.table(COMPLETIONS).remove(doc_ids=[self._index(COMPLETIONS).pop(completion_id)])
        self._log("uncomplete", removed.get("key"), removed, None)
        return removed

    # ---- reminder send log

    def record_sends(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Add or replace send-log rows by `id` (see `send_id`); not audited."""
        incoming = _unique_records(_json_copy([dict(row) for row in rows]), SENDS)
        index = self._index(SENDS)
        self._replace(SENDS, [row for row in incoming if row["id"] in index])
        self._insert(SENDS, [row for row in incoming if row["id"] not in index])

    # ---- plumbing

    def _add_obligations(self, records: list[Record], action: str) -> list[Record]:
        stamps = {"created_at": self._now, "updated_at": self._now, "deleted_at": None}
        docs = [{**record, **stamps} for record in records]
        self._insert(OBLIGATIONS, docs)
        for doc in docs:
            self._log(action, doc["key"], None, doc)
        return [dict(doc) for doc in docs]

    def _change_obligations(self, changes: list[tuple[Record, Record]], action: str) -> list[Record]:
        docs = [{**current, **patch, "updated_at": self._now} for current, patch in changes]
        for current, patch in changes:
            self._log(action, current["key"], {name: current.get(name) for name in patch}, patch)
        self._replace(OBLIGATIONS, docs)
        return docs

    def _change_one(self, current: Record, patch: Record, action: str) -> Record:
        if not patch:
            return dict(current)
        return dict(self._change_obligations([(current, patch)], action)[0])

    def _existing(self, key: str) -> Record:
        current = self._raw(OBLIGATIONS, key)
        if current is None:
            raise _no_obligation(key)
        return current

    def _live(self, key: str) -> Record:
        current = self._existing(key)
        if current.get("deleted_at") is not None:
            raise NotFoundError(
                f"事项 {key} 已被删除。请先恢复它（restore），再修改或标记完成。",
                f"Obligation {key} is deleted. Restore it first, then change it or mark it done.",
            )
        return current

    def _raw(self, table: str, ident: str) -> Record | None:
        """The stored document itself (not a copy; do not mutate), or None."""
        doc_id = self._index(table).get(ident)
        return None if doc_id is None else _buffer(self._db).read()[table][str(doc_id)]

    def _index(self, table: str) -> dict[str, int]:
        """Identifying field → TinyDB doc id, built once per transaction and kept up to date."""
        if table not in self._ids:
            name = _IDENTITY[table]
            docs = _buffer(self._db).read().get(table, {})
            self._ids[table] = {doc[name]: int(doc_id) for doc_id, doc in docs.items()}
        return self._ids[table]

    def _insert(self, table: str, docs: list[Record]) -> None:
        if not docs:
            return
        index = self._index(table)
        # Plain dicts only: mixing tinydb Documents into insert_multiple overwrites records (tinydb #629).
        for doc, doc_id in zip(docs, self._db.table(table).insert_multiple(dict(doc) for doc in docs), strict=True):
            index[doc[_IDENTITY[table]]] = doc_id

    def _replace(self, table: str, docs: list[Record]) -> None:
        """Overwrite whole documents, found by their identifying field, in one table update."""
        if not docs:
            return
        name = _IDENTITY[table]
        by_ident = {doc[name]: doc for doc in docs}

        def overwrite(doc: MutableMapping[str, Any]) -> None:
            replacement = by_ident[doc[name]]
            doc.clear()
            doc.update(replacement)

        index = self._index(table)
        self._db.table(table).update(overwrite, doc_ids=[index[ident] for ident in by_ident])

    def _log(self, action: str, key: str | None, before: Record | None, after: Record | None) -> None:
        self._audit.append(
            {"at": self._now, "who": self._who, "action": action, "key": key, "before": before, "after": after}
        )

    def _commit(self) -> None:
        """Write the audit rows, then the file (once, and only if something changed)."""
        if self._audit:
            self._db.table(AUDIT).insert_multiple(self._audit)
            self._audit = []
        _buffer(self._db).commit()


def send_id(key: str, occurrence: str, stage: str, recipient: str) -> str:
    """The send-log id of one reminder: the same reminder always gets the same id."""
    return f"{key}|{occurrence}|{stage}|{recipient}"


# ---------------------------------------------------------------- doctor


def check(path: Path) -> CheckReport:
    """Read the file without changing anything: is it sound, which schema, how many records, which backups."""
    path = Path(path)
    backups = _backups(path)
    try:
        tables = _JSONFile(path).read()
    except StoreError as error:
        return CheckReport(path, exists=path.exists(), damage=error, schema_version=None, backups=backups)
    if tables is None:
        return CheckReport(path, exists=False, damage=None, schema_version=SCHEMA_VERSION, backups=backups)
    obligations = tables.get(OBLIGATIONS, {}).values()
    deleted = sum(1 for doc in obligations if doc.get("deleted_at") is not None)
    counts = {
        OBLIGATIONS: len(obligations) - deleted,
        "deleted": deleted,
        COMPLETIONS: len(tables.get(COMPLETIONS, {})),
        AUDIT: len(tables.get(AUDIT, {})),
        SENDS: len(tables.get(SENDS, {})),
    }
    return CheckReport(
        path, exists=True, damage=None, schema_version=_schema_version(tables), counts=counts, backups=backups
    )


def restore_backup(path: Path, *, lock_timeout: float = 10.0) -> Path:
    """Put the newest good backup in place of a damaged (or missing) file; returns the backup used.

    The damaged file is kept aside as `<db>.broken-<timestamp>`. A sound file
    is never replaced: this repairs damage, it does not undo changes.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise _no_backup(path)
    with _holding(_file_lock(path, lock_timeout, _default_who()), path, lock_timeout):
        report = check(path)
        if report.exists and report.damage is None:
            raise StoreError(
                f"数据库文件 {path} 完好，无需恢复。"
                "若确实要回到旧的状态，请在没有 deadlines 运行时手工把备份复制过去。",
                f"The database file {path} is sound; there is nothing to restore. To go back to an older state anyway, "
                "copy a backup over it by hand while no deadlines process runs.",
            )
        backup = next((b for b in report.backups if _is_good_backup(b)), None)
        if backup is None:
            raise _no_backup(path)
        if report.exists:
            _link_or_copy(path, path.with_name(f"{path.name}.broken-{_stamp()}"))
        _replace_file(path, backup.read_bytes(), keep_backup=False)
    return backup


# ---------------------------------------------------------------- the file


class _JSONFile(Storage):
    """TinyDB storage for the database file: opened afresh on every read, replaced atomically on every write."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.token: VersionToken | None = None

    def read(self) -> Tables | None:
        """The parsed, shape-checked file, or None when it does not exist."""
        try:
            with open(self.path, "rb") as file:
                self.token = _token(os.fstat(file.fileno()))
                raw = file.read()
        except FileNotFoundError:
            self.token = None
            return None
        except OSError as error:
            raise StoreError(
                f"无法读取数据库文件 {self.path}：{error.strerror}。请检查该路径是否是可读的文件。",
                f"Cannot read the database file {self.path}: {error.strerror}. Check that it is a file you can read.",
            ) from error
        return _parse(raw, self.path)

    def write(self, data: Tables) -> None:
        _replace_file(self.path, _serialise(data), keep_backup=True)


class _Buffered(Middleware):
    """One session's view of the file: read once, writes kept in memory until `commit` replaces the file once."""

    def __init__(self, storage_cls: Callable[..., _JSONFile]) -> None:
        super().__init__(storage_cls)
        self._tables: Tables | None = None
        self._dirty = False

    @property
    def token(self) -> VersionToken | None:
        return cast(_JSONFile, self.storage).token

    def read(self) -> Tables:
        if self._tables is None:
            found = self.storage.read()
            self._tables = {META: {"1": {"schema_version": SCHEMA_VERSION}}} if found is None else found
        return self._tables

    def write(self, data: Tables) -> None:
        self._tables = data
        self._dirty = True

    def commit(self) -> None:
        if self._dirty and self._tables is not None:
            self.storage.write(self._tables)
            self._dirty = False


def _buffer(db: TinyDB) -> _Buffered:
    return cast(_Buffered, db.storage)


def _parse(raw: bytes, path: Path) -> Tables:
    if not raw.strip():
        raise _damaged(path, Text("第 1 行", "line 1"), Text("文件是空的", "the file is empty"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise _damaged(
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
        raise _damaged(
            path,
            _line_column(error.lineno, error.colno),
            Text(f"JSON 语法错误（{error.msg}）", f"invalid JSON ({error.msg})"),
        ) from None
    problem = _shape_problem(data)
    if problem is not None:
        offset = _locate(text, problem[0])
        line = text.count("\n", 0, offset) + 1
        raise _damaged(path, _line_column(line, offset - text.rfind("\n", 0, offset)), problem[1])
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
    identities = _IDENTITY_BY_VERSION.get(_schema_version(data), {})
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


def _serialise(tables: Tables) -> bytes:
    """UTF-8 JSON with one record per line, so an error position points at a record a person can fix."""
    encode = _ENCODER.encode
    blocks = []
    for name, docs in tables.items():
        rows = b",\n".join(f"{encode(doc_id)}: {encode(doc)}".encode() for doc_id, doc in docs.items())
        blocks.append(encode(name).encode() + (b": {\n" + rows + b"\n}" if rows else b": {}"))
    return b"{\n" + b",\n".join(blocks) + b"\n}\n"


def _replace_file(path: Path, data: bytes, *, keep_backup: bool) -> None:
    """Write `data` to a temp file, fsync it, keep the old file as `<db>.bak`, swap the new one in, fsync the directory.

    Only called under the lock, so any temp file found is a dead writer's and is removed first.
    """
    for stale in path.parent.glob(glob.escape(path.name) + ".*.tmp"):
        stale.unlink(missing_ok=True)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            shutil.copymode(path, temp)
            if keep_backup:
                _link_or_copy(path, path.with_name(path.name + ".bak"))
        os.replace(temp, path)
        _fsync_directory(path.parent)
    except OSError as error:
        raise _unwritable(path, error) from error
    finally:
        temp.unlink(missing_ok=True)


def _link_or_copy(source: Path, target: Path) -> None:
    """Make `target` a copy of `source` (a hard link when the filesystem allows), replacing it atomically."""
    staging = source.with_name(f"{source.name}.{os.getpid()}.link.tmp")
    staging.unlink(missing_ok=True)
    try:
        os.link(source, staging)
    except OSError:
        shutil.copy2(source, staging)
    os.replace(staging, target)


def _fsync_directory(directory: Path) -> None:
    """Make a rename durable; POSIX only (Windows cannot open a directory)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _backups(path: Path) -> tuple[Path, ...]:
    found = path.parent.glob(glob.escape(path.name) + "*.bak") if path.parent.is_dir() else ()
    return tuple(sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True))


def _is_good_backup(backup: Path) -> bool:
    try:
        tables = _JSONFile(backup).read()
    except StoreError:
        return False
    return tables is not None and _schema_version(tables) <= SCHEMA_VERSION


def _token(stat: os.stat_result) -> VersionToken:
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


# ---------------------------------------------------------------- locking


def _file_lock(path: Path, timeout: float, who: str) -> FileLock:
    """The inter-process lock `<db>.lock`; its holder writes who it is into it, for the busy message."""

    def note_holder(fd: int) -> None:
        command = " ".join(sys.argv)[:200] or "python"
        note = f"pid {os.getpid()}, {who}, `{command}`, since {_now()}"
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, note.encode("utf-8"))

    return FileLock(_lock_path(path), timeout=timeout, on_acquired=note_holder)


@contextmanager
def _holding(lock: FileLock, path: Path, timeout: float) -> Iterator[None]:
    try:
        lock.acquire()
    except Timeout:
        raise _busy(path, timeout) from None
    except OSError as error:
        raise _unwritable(path, error) from error
    try:
        yield
    finally:
        lock.release()


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _busy(path: Path, timeout: float) -> StoreError:
    lock = _lock_path(path)
    try:
        holder = lock.read_text(encoding="utf-8", errors="replace").strip() or "?"
    except OSError:
        holder = "?"
    return StoreError(
        f"数据库 {path} 正忙：另一个进程持有锁 {lock} 已超过 {timeout:g} 秒（持有者：{holder}）。"
        "请等它结束后重试；若该进程已不存在，直接重试即可。",
        f"The database {path} is busy: another process has held the lock {lock} for over {timeout:g} s "
        f"(holder: {holder}). Wait for it to finish and retry; if that process no longer exists, just retry.",
    )


# ---------------------------------------------------------------- schema versions and migrations


def _schema_version(tables: Tables) -> int:
    """The file's schema version; a file without `_meta` predates versions and is version 0."""
    meta = tables.get(META)
    return int(next(iter(meta.values()))["schema_version"]) if meta else 0


def _v0_to_v1(tables: Tables, now: str) -> Tables:
    """Files from before versions: give obligations the store's bookkeeping fields and completions an id."""
    for doc in tables.get(OBLIGATIONS, {}).values():
        doc.setdefault("created_at", now)
        doc.setdefault("updated_at", now)
        doc.setdefault("deleted_at", None)
    for doc in tables.get(COMPLETIONS, {}).values():
        doc.setdefault("id", uuid.uuid4().hex)
    return tables


_MIGRATIONS: dict[int, Callable[[Tables, str], Tables]] = {0: _v0_to_v1}
"""Version N → the function that turns a version-N file into version N+1; run in order."""

_IDENTITY_BY_VERSION: dict[int, dict[str, str]] = {0: {OBLIGATIONS: "key"}, 1: _IDENTITY}
"""The identifying fields each schema version guarantees (checked on every read); newer versions are not checked."""


def _migrate(db: TinyDB, path: Path, *, who: str, now: str) -> None:
    """Under the lock: back the file up, bring it to SCHEMA_VERSION and write it, all before anything else."""
    buffer = _buffer(db)
    tables = buffer.read()
    found = _schema_version(tables)
    backup = path.with_name(f"{path.name}.v{found}-{_stamp()}.bak")
    try:
        shutil.copy2(path, backup)
    except OSError as error:
        raise _unwritable(backup, error) from error
    for version in range(found, SCHEMA_VERSION):
        tables = _MIGRATIONS[version](tables, now)
    tables[META] = {"1": {"schema_version": SCHEMA_VERSION}}
    buffer.write(tables)
    row = {
        "at": now,
        "who": who,
        "action": "migrate",
        "key": None,
        "before": {"schema_version": found},
        "after": {"schema_version": SCHEMA_VERSION, "backup": backup.name},
    }
    db.table(AUDIT).insert(row)
    buffer.commit()


# ---------------------------------------------------------------- input checks


def _incoming_obligations(records: Iterable[Mapping[str, Any]]) -> list[Record]:
    """Plain JSON copies of obligation records, each with a key, no key twice, store fields removed."""
    copies = _unique_records(_json_copy([dict(record) for record in records]), OBLIGATIONS)
    for record in copies:
        for name in _MANAGED:
            record.pop(name, None)
    return copies


def _unique_records(records: list[Record], table: str) -> list[Record]:
    name = _IDENTITY[table]
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


def _json_copy(value: Any) -> Any:
    """A deep copy in plain JSON types (tuples become lists), so stored and compared values agree."""
    try:
        return json.loads(_ENCODER.encode(value).encode("utf-8"))
    except (TypeError, ValueError) as error:
        raise InputError(
            f"记录中有无法存为 JSON 的值（{error}）。日期请用 ISO 字符串，如 2026-04-30。",
            f"A record holds a value that cannot be stored as JSON ({error}). "
            "Write dates as ISO strings, e.g. 2026-04-30.",
        ) from error


def _patch(current: Record, incoming: Record) -> Record:
    """The fields of `incoming` whose values differ from (or are missing in) `current`."""
    absent = object()
    return {name: value for name, value in incoming.items() if current.get(name, absent) != value}


# ---------------------------------------------------------------- messages and small helpers


def _damaged(path: Path, where: Text, what: Text) -> StoreError:
    return StoreError(
        f"数据库文件 {path} 已损坏：{where.zh}，{what.zh}。文件未被改动。{_RESTORE_HINT.zh}，或在该处手工修正后重试。",
        f"The database file {path} is damaged at {where.en}: {what.en}. The file was left unchanged. "
        f"{_RESTORE_HINT.en}, or fix it by hand at that spot and retry.",
    )


def _unwritable(path: Path, error: OSError) -> StoreError:
    return StoreError(
        f"无法写入数据库文件 {path}（{error.strerror}），文件未被改动。请检查磁盘空间和所在目录的写权限。",
        f"Cannot write the database file {path} ({error.strerror}); it is unchanged. Check free disk space and "
        "write permission on its directory.",
    )


def _no_backup(path: Path) -> StoreError:
    return StoreError(
        f"数据库文件 {path} 没有可用的完好备份。请按错误信息所指的位置手工修正该文件。",
        f"The database file {path} has no good backup. Fix the file by hand at the position the error names.",
    )


def _line_column(line: int, column: int) -> Text:
    return Text(f"第 {line} 行第 {column} 列", f"line {line}, column {column}")


def _too_new(path: Path, found: int) -> StoreError:
    return StoreError(
        f"数据库文件 {path} 的结构版本是 {found}，比本程序认识的版本 {SCHEMA_VERSION} 新"
        "（它被更新版的 deadlines 写过）。请升级 deadlines 后再用；文件未被改动。",
        f"The database file {path} has schema version {found}, newer than the version {SCHEMA_VERSION} this "
        "deadlines understands (a newer deadlines wrote it). Upgrade deadlines to use it; the file was left unchanged.",
    )


def _no_obligation(key: str) -> NotFoundError:
    return NotFoundError(
        f"没有键为 {key} 的事项，请检查键的拼写。", f"No obligation has the key {key}; check its spelling."
    )


def _key_taken(key: str, *, deleted: bool) -> InputError:
    if deleted:
        return InputError(
            f"键 {key} 属于一个已删除的事项。请恢复它（restore），或换一个键。",
            f"The key {key} belongs to a deleted obligation. Restore it, or choose another key.",
        )
    return InputError(
        f"键 {key} 已存在。请换一个键，或修改现有事项。",
        f"The key {key} already exists. Choose another key, or change the existing obligation.",
    )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")


def _default_who() -> str:
    try:
        user = getuser()
    except (OSError, KeyError):  # no login name and no $USER (some containers)
        user = "unknown"
    return f"{user}@{socket.gethostname()}"
