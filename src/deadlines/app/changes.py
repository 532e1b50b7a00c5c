"""Writes the TUI makes, each with the way to take it back.

Every function here does one locked store transaction (it runs in a worker
thread) and returns a `Change`: the message to show and the undo, which is
itself one transaction. Deleting is soft, so undoing a delete restores the
obligation, and undoing an add or an import deletes (recoverably) what it added
and puts back what it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from deadlines.core.agenda import Item
from deadlines.core.models import Obligation
from deadlines.store import Record, Store, Transaction, UpsertResult
from deadlines.store.ledger import completion_record
from deadlines.transfer.importers import Batch
from deadlines.tui.text import tr


@dataclass(frozen=True)
class Change:
    """A write that was made: what to tell the user, and how to undo it."""

    message: str
    undo: Callable[[Store], str]
    """Takes the change back (one transaction) and returns what to tell the user."""


def put_back(store: Store, before: Mapping[str, Record | None]) -> None:
    """Return obligations to their earlier records; a key that did not exist is deleted (softly)."""
    with store.transaction() as tx:
        for key, old in before.items():
            now = tx.obligation(key, include_deleted=True)
            if old is None:
                if now is not None:
                    tx.delete_obligation(key)
                continue
            if now is None:
                continue
            if now.get("deleted_at") is not None:
                tx.restore_obligation(key)
            tx.update_obligation(key, old)
            if old.get("deleted_at") is not None:
                tx.delete_obligation(key)


def _undone(message: str) -> str:
    return tr(f"已撤销：{message}", f"undone: {message}")


def add(store: Store, ob: Obligation) -> Change:
    store.add_obligation(ob.to_record())
    message = tr(f"已新增「{ob.title}」", f"added {ob.title!r}")

    def undo(s: Store) -> str:
        put_back(s, {ob.key: None})
        return _undone(message)

    return Change(message, undo)


def edit(store: Store, key: str, ob: Obligation) -> Change:
    with store.transaction() as tx:
        before = tx.obligation(key)
        record = ob.to_record()
        tx.update_obligation(key, {k: v for k, v in record.items() if k != "key"})
    message = tr(f"已修改「{ob.title}」", f"changed {ob.title!r}")

    def undo(s: Store) -> str:
        put_back(s, {key: before})
        return _undone(message)

    return Change(message, undo)


def delete(store: Store, key: str, title: str) -> Change:
    store.delete_obligation(key)
    message = tr(f"已删除「{title}」（按 u 撤销）", f"deleted {title!r} (u undoes it)")

    def undo(s: Store) -> str:
        s.restore_obligation(key)
        return tr(f"已恢复「{title}」", f"restored {title!r}")

    return Change(message, undo)


def complete(store: Store, item: Item, done_on: date, evidence: str, at: str) -> Change:
    record = completion_record(item, done_on, evidence, store.who, at)
    store.add_completion(record)
    title, cycle = item.obligation.title, record["occurrence"]
    late = tr("，逾期完成", ", late") if record["late"] else ""
    message = tr(f"已完成「{title}」{cycle} 期{late}", f"done: {title!r}, cycle {cycle}{late}")

    def undo(s: Store) -> str:
        s.remove_completion(record["id"])
        return _undone(message)

    return Change(message, undo)


def upsert(
    store: Store,
    obligations: Iterable[Obligation],
    action: str,
    completions: Iterable[Mapping[str, Any]] = (),
) -> Change:
    """Add or update many obligations at once (a profile, the demo set), then any completions."""
    records = [ob.to_record() for ob in obligations]
    return upsert_records(store, lambda _tx: records, action, completions)


def import_batch(store: Store, batch: Batch) -> Change:
    """Write a checked import file: new keys whole, stored keys only in the columns the file gives."""
    return upsert_records(
        store, lambda tx: batch.records(lambda key: tx.obligation(key, include_deleted=True) is not None), "import"
    )


def upsert_records(
    store: Store,
    records_for: Callable[[Transaction], list[dict[str, Any]]],
    action: str,
    completions: Iterable[Mapping[str, Any]] = (),
) -> Change:
    """One transaction: the records (made inside it), then the completions; the undo restores what was there."""
    with store.transaction() as tx:
        records = records_for(tx)
        before = {r["key"]: tx.obligation(r["key"], include_deleted=True) for r in records}
        result = tx.upsert_obligations(records, action=action)
        added = [tx.add_completion(c) for c in completions]
    changed = {key: before[key] for key in (*result.added, *result.updated)}
    message = upsert_message(result)

    def undo(s: Store) -> str:
        for completion in added:
            s.remove_completion(completion["id"])
        put_back(s, changed)
        return _undone(message)

    return Change(message, undo)


def upsert_message(result: UpsertResult) -> str:
    added, updated, same = len(result.added), len(result.updated), len(result.unchanged)
    return tr(f"新增 {added}，更新 {updated}，未变 {same}", f"added {added}, updated {updated}, unchanged {same}")
