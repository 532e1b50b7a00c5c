"""The embedded database: one TinyDB JSON file that the TUI, cron and import scripts share safely.

This is the only module that imports tinydb, and it closes every hole that
TinyDB leaves open for several processes (deps-reliability §1):

* The file is read afresh for every session and never held open, and each
  session gets a new `TinyDB`, so no cached `_next_id`, query result or file
  handle outlives it.
* A write replaces the file atomically (`files.replace_file`), keeping the
  old one as `<db>.bak`. Readers need no lock: they see the old or the new file.
* Every read-modify-write holds `<db>.lock` (`locking`), and a transaction is written once.
* The file carries a schema version; older files are migrated on open, after a
  timestamped backup (`migrations`), and newer ones are refused.
* A damaged file is reported with its position and is never written over (`fileformat`).

Records are plain JSON dicts with ISO date strings. The store knows their
identifying fields and its own bookkeeping (`created_at`, `updated_at`,
`deleted_at`, audit rows) and nothing about what they mean. Timestamps come
from the `Clock` it is given (Beijing time).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, cast

from tinydb import Storage, TinyDB
from tinydb.middlewares import Middleware

from deadlines.core.clock import Clock
from deadlines.fsutil import make_private_dirs
from deadlines.store import history
from deadlines.store.doctor import check
from deadlines.store.fileformat import audit_bytes, index_state, schema_version, serialise
from deadlines.store.files import load, replace_file, stamped_name, token
from deadlines.store.locking import holding
from deadlines.store.messages import too_new, unwritable
from deadlines.store.migrations import migration_row, upgrade
from deadlines.store.records import incoming_sends
from deadlines.store.transaction import StoreOperations, Transaction, claimable
from deadlines.store.values import (
    AUDIT,
    COMPLETIONS,
    IDENTITY,
    META,
    OBLIGATIONS,
    SCHEMA_VERSION,
    SENDS,
    CheckReport,
    Deriver,
    History,
    IndexState,
    Record,
    Selection,
    Snapshot,
    Tables,
    VersionToken,
    default_who,
    leaves_history,
    narrows,
    selected,
    snapshot_of,
)


class Store(StoreOperations):
    """The database file at `path`.

    Creating one does no I/O and holds nothing open, so a TUI can keep one for
    its whole session: every read parses the file as it is now, and every
    write is a locked transaction over the file as it is now. Reads of a
    missing file see an empty database; the first write creates it (and its
    parent directories).
    """

    def __init__(
        self, path: Path, *, lock_timeout: float = 10.0, who: str | None = None, clock: Clock | None = None
    ) -> None:
        self.path = Path(path)
        self.clock = clock or Clock()
        self.who = who or default_who()
        self.lock_timeout = lock_timeout
        self.deriver: Deriver | None = None
        """How writes compute each obligation's next action date (set by the application's workspace)."""
        self._in_transaction = threading.local()
        self._send_log = history.SendLog(self._log(SENDS))
        self._last_read: tuple[VersionToken, Tables] | None = None

    # ---- reads: no lock, one parse each

    def snapshot(self, selection: Selection | None = None) -> Snapshot:
        """One parse of the file: everything, or what `selection` asks for (see `Selection`), for the TUI and for
        computing many items."""
        tables, token = self._read()
        stored = index_state(tables)
        obligations: Iterable[Record] = tables.get(OBLIGATIONS, {}).values()
        completions = tuple(tables.get(COMPLETIONS, {}).values())
        complete = not narrows(selection, stored)
        resumed = leaves_history(selection, stored)
        if selection is not None and not complete:
            obligations = selected(obligations, selection)
            keys = {doc["key"] for doc in obligations if not (resumed and doc.get("resume"))}
            completions = tuple(c for c in completions if c.get("key") in keys)
        committed = audit_bytes(tables)  # not the tables: a snapshot keeps only what it selected alive
        history = History(lambda: self._audit_rows(committed), self._send_rows)
        return snapshot_of(obligations, completions, token, history, index=stored, complete=complete, resumed=resumed)

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
        docs = self._audit_rows(audit_bytes(self._read()[0]))
        return [doc for doc in docs if key is None or doc.get("key") == key]

    def sends(self, ids: set[str] | None = None) -> dict[str, Record]:
        docs = dict(self.snapshot().sends)
        return docs if ids is None else {ident: doc for ident, doc in docs.items() if ident in ids}

    def check(self) -> CheckReport:
        """What `doctor` reports about the file (see `doctor.check`)."""
        return check(self.path)

    def migrate(self) -> tuple[int, int]:
        """Create the file if missing, or bring it to SCHEMA_VERSION; (version before, after)."""
        before = self.check().schema_version
        make_private_dirs(self.path.parent)
        with self._locked():
            buffer = _buffer(self._open(locked=True))
            if not self.path.exists():
                buffer.write(buffer.read())
                buffer.commit()
        return (0 if before is None else before), SCHEMA_VERSION

    def compact(self) -> tuple[int, int]:
        """Rewrite the send log with one row per id and cut off dead writers' tails; (bytes before, after)."""
        with self._locked():
            before = sum(p.stat().st_size for p in self._logs() if p.exists())
            tables = self._open(locked=True)
            history.cut_to(self._log(AUDIT), audit_bytes(_buffer(tables).read()))
            history.compact_sends(self._log(SENDS))
            return before, sum(p.stat().st_size for p in self._logs() if p.exists())

    def version_token(self) -> VersionToken | None:
        """The file's current version (None if it does not exist); cheap, for polling."""
        try:
            return token(os.stat(self.path))
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
            yield self._begin(locked=False)
            return
        try:
            make_private_dirs(self.path.parent)
        except OSError as error:
            raise unwritable(self.path, error) from error
        with self._locked():
            self._in_transaction.open = True
            self._last_read = None  # the transaction reads afresh: never two parsed copies of the file at once
            try:
                tx = self._begin(locked=True)
                yield tx
                if tx._commit():  # what was just written is the next reading (taken under the lock: no other writer)
                    token = self.version_token()
                    self._last_read = None if token is None else (token, _buffer(tx._db).read())
            finally:
                self._in_transaction.open = False

    def _begin(self, *, locked: bool) -> FileTransaction:
        return FileTransaction(
            self._open(locked=locked),
            who=self.who,
            now=self.clock.stamp(),
            audit_log=self._log(AUDIT),
            send_log=self._send_log,
            deriver=self.deriver,
        )

    def record_sends(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """See `Transaction.record_sends`; like `claim_sends`, only the send log once it exists."""
        log = self._log(SENDS)
        incoming = incoming_sends(rows)
        if not log.exists():
            super().record_sends(incoming)
        elif incoming:
            with self._locked():
                self._send_log.compact_if_due(history.append(log, incoming, committed=None))

    def claim_sends(self, rows: Iterable[Mapping[str, Any]], *, again: tuple[str, ...] = ("failed",)) -> list[str]:
        """See `Transaction.claim_sends`. Once the send log exists (schema 2) only the log is read and appended
        to, under the lock: claiming one digest does not parse the database file."""
        log = self._log(SENDS)
        if not log.exists():  # a new or an older (schema 1) database: the full transaction creates or migrates
            return super().claim_sends(rows, again=again)
        incoming = incoming_sends(rows)
        with self._locked():
            claimed = claimable(incoming, self._send_log.rows(), again)
            if claimed:
                self._send_log.compact_if_due(history.append(log, claimed, committed=None))
        return [row["id"] for row in claimed]

    # ---- plumbing

    def _log(self, table: str) -> Path:
        return history.log_path(self.path, table)

    def _logs(self) -> tuple[Path, Path]:
        return self._log(AUDIT), self._log(SENDS)

    def _audit_rows(self, committed: int) -> list[Record]:
        return history.read(self._log(AUDIT), AUDIT, committed=committed)

    def _send_rows(self) -> dict[str, Record]:
        return self._send_log.rows()

    def _read(self) -> tuple[Tables, VersionToken | None]:
        """One reading of the file: the last one again while the file is unchanged (the same version token),
        so a command that reads after its own write, or reads twice, parses the file once. Readers do not change
        what they are given; a transaction always reads afresh, since it changes its tables in place."""
        last = self._last_read
        if last is not None and last[0] == self.version_token():
            return last[1], last[0]
        buffer = _buffer(self._open(locked=False))
        tables, token = buffer.read(), buffer.token
        if token is not None:
            self._last_read = (token, tables)
        return tables, token

    def _open(self, *, locked: bool) -> TinyDB:
        """A fresh TinyDB over one reading of the file, migrated to SCHEMA_VERSION if it was older."""
        db = TinyDB(self.path, storage=_Buffered(_JSONFile))
        found = schema_version(_buffer(db).read())
        if found == SCHEMA_VERSION:
            return db
        if found > SCHEMA_VERSION:
            raise too_new(self.path, found)
        if not locked:
            with self._locked():
                return self._open(locked=True)
        self._migrate(db)
        return db

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold `<db>.lock`; a new lock object each time, so a Store keeps working in a forked child."""
        with holding(self.path, timeout=self.lock_timeout, who=self.who, clock=self.clock):
            yield

    def _migrate(self, db: TinyDB) -> None:
        """Under the lock: back the file up, bring it to SCHEMA_VERSION and write it, all before anything else."""
        buffer = _buffer(db)
        tables = buffer.read()
        found = schema_version(tables)
        backup = stamped_name(self.path, f"v{found}", self.clock, ".bak")
        try:
            shutil.copy2(self.path, backup)
        except OSError as error:
            raise unwritable(backup, error) from error
        for log in self._logs():  # a log beside a pre-log file is a dead migration's: it is rebuilt
            if log.exists():
                shutil.copy2(log, stamped_name(log, f"v{found}", self.clock, ".bak"))
        now = self.clock.stamp()
        tables, audit, sends = upgrade(tables, now=now)
        history.rewrite(self._log(SENDS), list(history.dedupe_sends(sends).values()))
        length = history.rewrite(self._log(AUDIT), audit)
        length = history.append(
            self._log(AUDIT), [migration_row(found, backup.name, who=self.who, now=now)], committed=length
        )
        tables[META]["1"]["audit_bytes"] = length
        buffer.write(tables)
        buffer.commit()


class FileTransaction(Transaction):
    """A transaction over one reading of the file (a TinyDB in memory); `_commit` writes it once."""

    def __init__(
        self,
        db: TinyDB,
        *,
        who: str,
        now: str,
        audit_log: Path,
        send_log: history.SendLog,
        deriver: Deriver | None = None,
    ) -> None:
        super().__init__(who=who, now=now, deriver=deriver)
        self._db = db
        self._audit_log = audit_log
        self._send_log = send_log
        """The store's reader of the send log: this transaction reads and compacts through it too."""
        self._ids: dict[str, dict[str, int]] = {}
        self._next_id: dict[str, int] = {}
        self._done_by_key: dict[str, dict[str, Record]] | None = None
        """Completions by obligation key, then by id: built on first use, kept up to date by `_insert`/`_delete`."""
        self._sent: dict[str, Record] | None = None

    def _get_many(self, table: str, idents: list[str]) -> dict[str, Record]:
        if table == SENDS:
            if self._sent is None:
                self._sent = self._send_log.rows()
            return {ident: self._sent[ident] for ident in idents if ident in self._sent}
        index, docs = self._index(table), _buffer(self._db).read().get(table, {})
        return {ident: docs[str(index[ident])] for ident in idents if ident in index}

    def _completions_of(self, keys: list[str]) -> dict[str, list[Record]]:
        if self._done_by_key is None:
            self._done_by_key = {}
            for doc in _buffer(self._db).read().get(COMPLETIONS, {}).values():
                self._done_by_key.setdefault(doc["key"], {})[doc["id"]] = doc
        return {key: list(self._done_by_key[key].values()) for key in keys if self._done_by_key.get(key)}

    def _live_keys(self) -> list[str]:
        docs = _buffer(self._db).read().get(OBLIGATIONS, {}).values()
        return [doc["key"] for doc in docs if doc.get("deleted_at") is None]

    def _index_state(self) -> IndexState | None:
        return index_state(_buffer(self._db).read())

    def _set_index_state(self, state: IndexState) -> None:
        buffer = _buffer(self._db)
        tables = buffer.read()
        meta = dict(next(iter(tables[META].values())), index={"basis": state.basis, "as_of": state.as_of.isoformat()})
        buffer.write({**tables, META: {"1": meta}})

    def _delete(self, table: str, ident: str) -> None:
        gone = self._table(table).pop(str(self._index(table).pop(ident)))
        if table == COMPLETIONS and self._done_by_key is not None:
            self._done_by_key.get(gone["key"], {}).pop(ident, None)

    def _table(self, table: str) -> dict[str, Record]:
        """The table's documents by doc id, in the buffer, marked to be written: changed in place, so that one
        change costs what it changes (TinyDB's own table methods copy the whole table each time)."""
        buffer = _buffer(self._db)
        tables = buffer.read()
        buffer.write(tables)
        return tables.setdefault(table, {})

    def _index(self, table: str) -> dict[str, int]:
        """Identifying field → TinyDB doc id, built once per transaction and kept up to date."""
        if table not in self._ids:
            name = IDENTITY[table]
            docs = _buffer(self._db).read().get(table, {})
            self._ids[table] = {doc[name]: int(doc_id) for doc_id, doc in docs.items()}
        return self._ids[table]

    def _insert(self, table: str, docs: list[Record]) -> None:
        if not docs:
            return
        index, stored = self._index(table), self._table(table)
        if table not in self._next_id:
            self._next_id[table] = max(map(int, stored), default=0) + 1
        for doc_id, doc in enumerate(docs, start=self._next_id[table]):
            stored[str(doc_id)] = dict(doc)
            index[doc[IDENTITY[table]]] = doc_id
        self._next_id[table] += len(docs)
        if table == COMPLETIONS and self._done_by_key is not None:
            for doc in docs:
                self._done_by_key.setdefault(doc["key"], {})[doc["id"]] = doc

    def _replace(self, table: str, docs: list[Record]) -> None:
        """Overwrite whole documents, found by their identifying field."""
        if not docs:
            return
        index, stored = self._index(table), self._table(table)
        for doc in docs:
            stored[str(index[doc[IDENTITY[table]]])] = dict(doc)

    def _commit(self) -> bool:
        """Append the send and audit rows, then replace the file (once, and only if something changed).

        The file's `audit_bytes` commits the audit rows: until it is replaced they do not count.
        """
        audit_log = self._audit_log
        if self._sends:
            self._send_log.compact_if_due(history.append(self._send_log.path, self._sends, committed=None))
            self._sends = []
        buffer = _buffer(self._db)
        committed: int | None = None
        if self._audit:
            tables = buffer.read()
            committed = audit_bytes(tables)
            length = history.append(audit_log, self._audit, committed=committed)
            meta = dict(next(iter(tables[META].values())), audit_bytes=length)
            buffer.write({**tables, META: {"1": meta}})
            self._audit = []
        try:
            return buffer.commit()
        except BaseException:
            if committed is not None:  # the rows never counted; leave the log as it was, byte for byte
                with suppress(OSError):
                    os.truncate(audit_log, committed)
            raise


class _JSONFile(Storage):
    """TinyDB storage for the database file: opened afresh on every read, replaced atomically on every write."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.token: VersionToken | None = None

    def read(self) -> Tables | None:
        """The parsed, damage-checked file, or None when it does not exist."""
        loaded = load(self.path)
        self.token = None if loaded is None else loaded[1]
        return None if loaded is None else loaded[0]

    def write(self, data: Tables) -> None:
        replace_file(self.path, serialise(data), keep_backup=True)


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

    def commit(self) -> bool:
        """Replace the file if anything was written; whether it was."""
        if self._dirty and self._tables is not None:
            self.storage.write(self._tables)
            self._dirty = False
            return True
        return False


def _buffer(db: TinyDB) -> _Buffered:
    return cast(_Buffered, db.storage)
