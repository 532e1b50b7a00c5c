"""The store's operations inside one transaction, the same for every backend.

A backend's transaction subclasses `Transaction` and supplies the
primitives over its tables (`_get_many`, `_completions_of`, `_live_keys`,
`_index_state`, `_set_index_state`, `_insert`, `_replace`, `_delete` and
`_commit`); everything a caller can do — upserts, versions, audit rows,
completions, the send log, the next-action index — is written once, here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from typing import Any

from deadlines.core.errors import InputError, NotFoundError
from deadlines.store.messages import changed_since, deleted_obligation, key_taken, no_obligation
from deadlines.store.records import (
    changed_fields,
    incoming_completion,
    incoming_obligations,
    incoming_patch,
    incoming_sends,
)
from deadlines.store.values import (
    COMPLETIONS,
    OBLIGATIONS,
    SENDS,
    UNKNOWN,
    Deriver,
    IndexState,
    Record,
    UpsertResult,
)


class Transaction:
    """Changes made under the backend's lock to one consistent reading; the store writes them at once.

    Every change to an obligation or a completion adds an audit row
    `{at, who, action, key, before, after}`: for an added record `after` is
    the record; for a change, `before` and `after` hold only the fields that
    changed. A change that changes nothing writes nothing.
    """

    def __init__(self, *, who: str, now: str, deriver: Deriver | None = None) -> None:
        self._who = who
        self._now = now
        self._deriver = deriver
        self._audit: list[Record] = []
        self._sends: list[Record] = []

    # ---- reads inside the transaction (they see its own changes)

    def obligation(self, key: str, *, include_deleted: bool = False) -> Record | None:
        doc = self._get(OBLIGATIONS, key)
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
        incoming = incoming_obligations(records)
        stored = self._get_many(OBLIGATIONS, [record["key"] for record in incoming])
        for record in incoming:
            current = stored.get(record["key"])
            if current is None:
                new.append(record)
            elif patch := changed_fields(current, record | {"deleted_at": None}):
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
        (incoming,) = incoming_obligations([record])
        existing = self._get(OBLIGATIONS, incoming["key"])
        if existing is not None:
            raise key_taken(incoming["key"], deleted=existing.get("deleted_at") is not None)
        return self._add_obligations([incoming], "add")[0]

    def update_obligation(self, key: str, changes: Mapping[str, Any], *, expected_version: int | None = None) -> Record:
        """Change some fields of a live obligation; the key itself cannot change.

        Only fields whose values differ are written, so two writers changing
        different fields both keep their change. With `expected_version` (the
        `version` of the record the caller showed), a record changed since by
        someone else raises `ConflictError` carrying what is stored now.
        """
        patch = incoming_patch(changes)
        if patch.get("key", key) != key:
            raise InputError(
                f"事项的键不能修改（{key} → {patch['key']}）。请新增一个事项并删除旧的。",
                f"An obligation's key cannot change ({key} → {patch['key']}). "
                "Add a new obligation and delete the old one.",
            )
        current = self._live(key)
        if expected_version is not None and current["version"] != expected_version:
            raise changed_since(key, expected_version, dict(current))
        return self._change_one(current, changed_fields(current, patch), "update")

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

    def rederive(self, keys: Iterable[str] | None = None) -> int:
        """Compute what the index keeps of these live obligations again (all of them when None, which also marks
        the index as built under the deriver's state); how many changed. Derived data, not a user's change: no
        audit row, no new version."""
        if keys is None and self._deriver is not None:
            self._set_index_state(self._deriver.state)  # first: every date below is computed under it
        stored = self._get_many(OBLIGATIONS, self._live_keys() if keys is None else list(keys))
        live = [doc for doc in stored.values() if doc.get("deleted_at") is None]
        changed = [
            doc
            for doc in self._derived(live)
            if any(doc[name] != stored[doc["key"]].get(name) for name in UNKNOWN.fields())
        ]
        self._replace(OBLIGATIONS, changed)
        return len(changed)

    # ---- completions

    def add_completion(self, record: Mapping[str, Any]) -> Record:
        """Record that an occurrence was done; `id` and `at` are filled in when missing."""
        completion = incoming_completion(record, ident=uuid.uuid4().hex, at=self._now)
        self._live(completion["key"])
        if self._get(COMPLETIONS, completion["id"]) is not None:
            raise InputError(
                f"完成记录 {completion['id']} 已存在。",
                f"Completion {completion['id']} already exists.",
            )
        self._insert(COMPLETIONS, [completion])
        self._log("complete", completion["key"], None, completion)
        self.rederive([completion["key"]])
        return completion

    def remove_completion(self, completion_id: str) -> Record:
        """Take a completion back (undo); returns what was removed."""
        current = self._get(COMPLETIONS, completion_id)
        if current is None:
            raise NotFoundError(
                f"没有编号为 {completion_id} 的完成记录，可能已被撤销。",
                f"No completion with id {completion_id}; it may have been undone already.",
            )
        removed = dict(current)
        self._delete(COMPLETIONS, completion_id)
        self._log("uncomplete", removed.get("key"), removed, None)
        if isinstance(removed.get("key"), str):
            self.rederive([removed["key"]])
        return removed

    # ---- reminder send log

    def record_sends(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Add or replace send-log rows by `id` (see `send_id`); not audited."""
        self._sends.extend(incoming_sends(rows))

    def claim_sends(self, rows: Iterable[Mapping[str, Any]], *, again: tuple[str, ...] = ("failed",)) -> list[str]:
        """Record the rows whose id has no row yet, one for another stage of its series (the next weekly
        repeat), or one whose `state` is in `again`; returns their ids.

        The at-most-once step of a reminder run: claim before sending, send only
        what was claimed. Two runs (two hosts) claiming the same reminder at once
        get it once, since both claim under the same lock or transaction.
        """
        incoming = incoming_sends(rows)
        stored = self._get_many(SENDS, [row["id"] for row in incoming])
        claimed = claimable(incoming, stored, again)
        self._sends.extend(claimed)
        return [row["id"] for row in claimed]

    # ---- plumbing

    def _add_obligations(self, records: list[Record], action: str) -> list[Record]:
        stamps = {"created_at": self._now, "updated_at": self._now, "deleted_at": None, "version": 1}
        docs = self._derived([{**record, **stamps} for record in records])
        self._insert(OBLIGATIONS, docs)
        for doc in docs:
            self._log(action, doc["key"], None, doc)
        return [dict(doc) for doc in docs]

    def _change_obligations(self, changes: list[tuple[Record, Record]], action: str) -> list[Record]:
        docs = self._derived(
            [
                {**current, **patch, "updated_at": self._now, "version": current["version"] + 1}
                for current, patch in changes
            ]
        )
        for current, patch in changes:
            self._log(action, current["key"], {name: current.get(name) for name in patch}, patch)
        self._replace(OBLIGATIONS, docs)
        return docs

    def _change_one(self, current: Record, patch: Record, action: str) -> Record:
        if not patch:
            return dict(current)
        return dict(self._change_obligations([(current, patch)], action)[0])

    def _derived(self, docs: list[Record]) -> list[Record]:
        """The documents with what the index keeps of them: the deriver's for a live one, `UNKNOWN` for a deleted
        one, without a deriver, or with one on other calendars than the index's (a process started before a notice
        import: its dates would be taken as the new calendars'). Deriving under the index's basis moves its day on
        to the deriver's, if later."""
        if not docs:
            return docs
        deriver = self._deriver
        stored = self._index_state()
        if deriver is None or (stored is not None and stored.basis != deriver.state.basis):
            return [{**doc, **UNKNOWN.fields()} for doc in docs]
        done = self._completions_of([doc["key"] for doc in docs])
        out = [
            {
                **doc,
                **(UNKNOWN if doc.get("deleted_at") else deriver.compute(doc, done.get(doc["key"], ()))).fields(),
            }
            for doc in docs
        ]
        if stored is not None and stored.as_of < deriver.state.as_of:
            self._set_index_state(deriver.state)
        return out

    def _existing(self, key: str) -> Record:
        current = self._get(OBLIGATIONS, key)
        if current is None:
            raise no_obligation(key)
        return current

    def _live(self, key: str) -> Record:
        current = self._existing(key)
        if current.get("deleted_at") is not None:
            raise deleted_obligation(key)
        return current

    # ---- what a backend supplies

    def _get(self, table: str, ident: str) -> Record | None:
        """The stored record (do not mutate it), or None."""
        return self._get_many(table, [ident]).get(ident)

    def _get_many(self, table: str, idents: list[str]) -> dict[str, Record]:
        """The stored records with these identities (those that exist), as of this transaction."""
        raise NotImplementedError

    def _completions_of(self, keys: list[str]) -> dict[str, list[Record]]:
        """The stored completions of these obligations, by key, as of this transaction."""
        raise NotImplementedError

    def _live_keys(self) -> list[str]:
        raise NotImplementedError

    def _index_state(self) -> IndexState | None:
        raise NotImplementedError

    def _set_index_state(self, state: IndexState) -> None:
        raise NotImplementedError

    def _insert(self, table: str, docs: list[Record]) -> None:
        raise NotImplementedError

    def _replace(self, table: str, docs: list[Record]) -> None:
        """Overwrite whole records, found by their identifying field."""
        raise NotImplementedError

    def _delete(self, table: str, ident: str) -> None:
        raise NotImplementedError

    def _log(self, action: str, key: str | None, before: Record | None, after: Record | None) -> None:
        self._audit.append(
            {"at": self._now, "who": self._who, "action": action, "key": key, "before": before, "after": after}
        )

    def _commit(self) -> bool:
        """Write everything at once: the changed records, `self._audit` and `self._sends`; whether anything changed."""
        raise NotImplementedError


def claimable(incoming: list[Record], stored: Mapping[str, Record], again: tuple[str, ...]) -> list[Record]:
    """The send-log rows a run may claim: no row for its id yet, a row for another stage of the series (the
    next weekly repeat), or one whose state is in `again`."""

    def free(row: Record) -> bool:
        held = stored.get(row["id"])
        return held is None or held.get("stage") != row.get("stage") or held.get("state") in again

    return [row for row in incoming if free(row)]


class StoreOperations:
    """Each write of a store as its own transaction; a backend supplies `transaction()`."""

    def transaction(self, *, dry_run: bool = False) -> AbstractContextManager[Transaction]:
        raise NotImplementedError

    def upsert_obligations(self, records: Iterable[Mapping[str, Any]], *, action: str = "import") -> UpsertResult:
        with self.transaction() as tx:
            return tx.upsert_obligations(records, action=action)

    def add_obligation(self, record: Mapping[str, Any]) -> Record:
        with self.transaction() as tx:
            return tx.add_obligation(record)

    def update_obligation(self, key: str, changes: Mapping[str, Any], *, expected_version: int | None = None) -> Record:
        """Write only `changes` (the fields the user changed) under the lock: see `Transaction.update_obligation`."""
        with self.transaction() as tx:
            return tx.update_obligation(key, changes, expected_version=expected_version)

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

    def rederive(self, keys: Iterable[str] | None = None) -> int:
        """See `Transaction.rederive`: with None, rebuild the whole index under the store's deriver."""
        with self.transaction() as tx:
            return tx.rederive(keys)

    def record_sends(self, rows: Iterable[Mapping[str, Any]]) -> None:
        with self.transaction() as tx:
            tx.record_sends(rows)

    def claim_sends(self, rows: Iterable[Mapping[str, Any]], *, again: tuple[str, ...] = ("failed",)) -> list[str]:
        """See `Transaction.claim_sends`: the ids this caller may send."""
        with self.transaction() as tx:
            return tx.claim_sends(rows, again=again)
