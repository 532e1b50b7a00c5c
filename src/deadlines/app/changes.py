"""Every write to the obligations, each with the way to take it back.

The CLI and the TUI both call these. Each does one locked store transaction
(in the TUI it runs in a worker thread) and returns a `Change`: what to tell
the user (as `Text`, rendered by the front end) and the undo, which is itself
one transaction. Deleting is soft, so undoing a delete restores the
obligation, and undoing an add or an import deletes (recoverably) what it
added and puts back what it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from deadlines.app.workspace import Workspace
from deadlines.core.agenda import Item
from deadlines.core.errors import InputError, NotFoundError
from deadlines.core.i18n import Text
from deadlines.core.models import Obligation
from deadlines.core.terms import cycle_label
from deadlines.core.validation import check_computable, check_trigger_target, validate
from deadlines.store import Record, Store, Transaction, UpsertResult
from deadlines.store.ledger import completion_record
from deadlines.transfer.importers import Batch

Undo = Callable[[Store], Text]


@dataclass(frozen=True)
class Change:
    """A write that was made: what to tell the user, and how to undo it."""

    message: Text
    undo: Undo
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


def _undone(message: Text) -> Text:
    return Text(f"已撤销：{message.zh}", f"undone: {message.en}")


def _next_due(ws: Workspace, key: str) -> Text:
    """「下次到期 2026-10-20」: the item as every view computes it, its trigger chain resolved."""
    item = ws.ledger(keys=[key]).item(key, ws.calendar_for, ws.today)
    due = item.occurrence.due.isoformat() if item.occurrence and item.status != "done" else "-"
    return Text(f"下次到期 {due}", f"next due {due}")


def _checked(ws: Workspace, ob: Obligation) -> Obligation:
    """Every field checked, then what needs the database and a calendar: the region, an `@KEY`
    trigger's target, and that the dates can be computed today (a lead time before 2004 cannot)."""
    validate(ob)
    check_trigger_target(ob, lambda key: ws.store.obligation(key) is not None)
    check_computable(ob, ws.calendar_for(ob.region), ws.today)  # also refuses an unknown region
    return ob


def add(ws: Workspace, ob: Obligation) -> Change:
    """Store a new obligation (checked, its region too); the message names its next due date."""
    ws.store.add_obligation(_checked(ws, ob).to_record())
    due = _next_due(ws, ob.key)
    message = Text(f"已添加「{ob.title}」，{due.zh}。", f"added {ob.title!r}, {due.en}.")

    def undo(s: Store) -> Text:
        put_back(s, {ob.key: None})
        return _undone(message)

    return Change(message, undo)


def edit(ws: Workspace, key: str, changes: Mapping[str, Any], *, expected_version: int | None = None) -> Change:
    """Change only the given fields of KEY, read and written under one lock (other fields stay as stored).

    `changes` maps Obligation field names to new values; two writers changing
    different fields of one obligation at the same time both keep their change.
    With `expected_version` (the version a form was opened on), a record changed
    since by someone else raises ConflictError carrying what is stored now.
    """
    if not changes:
        raise InputError("没有要修改的内容：请至少给出一个选项。", "nothing to change: give at least one option.")
    ws.ledger(keys=[key]).get(key)  # a missing or deleted key: the not-found error with its hint
    with ws.store.transaction() as tx:
        before = tx.obligation(key)
        if before is None:
            raise NotFoundError(f"义务「{key}」刚被删除。", f"obligation {key!r} was just deleted.")
        ob = _checked(ws, replace(Obligation.from_record(before), **changes))
        record = ob.to_record()
        changed = {k: record[k] for k in record if k != "key" and record[k] != before.get(k)}
        if changed or expected_version is not None:
            tx.update_obligation(key, changed, expected_version=expected_version)
    message = Text(f"已更新「{ob.title}」（{key}）", f"updated {ob.title!r} ({key})")

    def undo(s: Store) -> Text:
        put_back(s, {key: before})
        return _undone(message)

    return Change(message, undo)


def changed_fields(original: Obligation, edited: Obligation) -> dict[str, Any]:
    """The fields a form changed: what `edit` should write, leaving the rest as stored."""
    return {f: getattr(edited, f) for f in _FIELDS if getattr(edited, f) != getattr(original, f)}


_FIELDS = tuple(f.name for f in fields(Obligation) if f.name != "key")


def activate(ws: Workspace, keys: Iterable[str], *, on: bool = True) -> Change:
    """Turn optional steps on when their case arises (or off again), all or none."""
    keys = list(keys)
    ledger = ws.ledger(keys=keys)
    obligations = [ledger.get(key) for key in keys]
    for ob in obligations:
        if not ob.optional:
            raise InputError(
                f"{ob.key} 不是可选环节，始终有效；无需启用。",
                f"{ob.key} is not an optional step: it always applies, there is nothing to activate.",
            )
    with ws.store.transaction() as tx:
        for ob in obligations:
            tx.update_obligation(ob.key, {"active": on})
    shown = "、".join(ob.key for ob in obligations)
    message = Text(f"{'已启用' if on else '已停用'} {shown}", f"{'activated' if on else 'deactivated'} {shown}")

    def undo(s: Store) -> Text:
        with s.transaction() as tx:
            for ob in obligations:
                tx.update_obligation(ob.key, {"active": ob.active})
        return _undone(message)

    return Change(message, undo)


def delete(ws: Workspace, keys: Iterable[str]) -> Change:
    """Delete obligations softly, all or none (`deadlines restore` or the undo brings them back)."""
    keys = list(keys)
    ledger = ws.ledger(keys=keys)
    titles = [ledger.get(key).title for key in keys]
    with ws.store.transaction() as tx:
        for key in keys:
            tx.delete_obligation(key)
    shown = "、".join(f"「{t}」" for t in titles)
    message = Text(f"已删除{shown}（可撤销）", f"deleted {', '.join(map(repr, titles))} (can be undone)")

    def undo(s: Store) -> Text:
        with s.transaction() as tx:
            for key in keys:
                tx.restore_obligation(key)
        return Text(f"已恢复{shown}", f"restored {', '.join(map(repr, titles))}")

    return Change(message, undo)


def restore(ws: Workspace, key: str) -> Change:
    """Bring back a deleted obligation."""
    ws.store.restore_obligation(key)
    message = Text(f"已恢复 {key}", f"restored {key}")

    def undo(s: Store) -> Text:
        s.delete_obligation(key)
        return _undone(message)

    return Change(message, undo)


def complete(ws: Workspace, item: Item, done_on: date, evidence: str) -> Change:
    """Mark the item's current occurrence done on `done_on` (late if after its due date)."""
    if item.status == "invalid" or item.occurrence is None:
        key = item.obligation.key
        raise InputError(f"「{key}」无法标记完成：{item.problem}", f"{key!r} cannot be marked done: {item.problem}")
    if item.status == "done":
        key, on = item.obligation.key, item.done.done_on if item.done else ""
        raise InputError(f"「{key}」已完成（{on}）。", f"{key!r} is already done ({on}).")
    if item.status == "ended":
        key = item.obligation.key
        raise InputError(
            f"「{key}」已结束（{item.occurrence.due}），没有要完成的期次。",
            f"{key!r} has ended ({item.occurrence.due}): there is no occurrence to mark done.",
        )
    record = completion_record(item, done_on, evidence, ws.store.who, ws.clock.stamp())
    ws.store.add_completion(record)
    title, occ = item.obligation.title, item.occurrence
    late = Text("，逾期完成", ", late") if record["late"] else Text("", "")
    cycle = cycle_label(occ.cycle)
    message = Text(
        f"已完成「{title}」（期次 {cycle.zh}，到期 {occ.due}）{late.zh}",
        f"done: {title!r}, cycle {cycle.en} (due {occ.due}){late.en}",
    )

    def undo(s: Store) -> Text:
        s.remove_completion(record["id"])
        return _undone(message)

    return Change(message, undo)


def done(ws: Workspace, key: str, done_on: date | None, evidence: str) -> tuple[Change, Item]:
    """`complete` for KEY's current item; also returns the item that is current afterwards."""
    change = complete(ws, ws.ledger(keys=[key]).item(key, ws.calendar_for, ws.today), done_on or ws.today, evidence)
    return change, ws.ledger(keys=[key]).item(key, ws.calendar_for, ws.today)


def upsert(
    ws: Workspace,
    obligations: Iterable[Obligation],
    action: str,
    completions: Iterable[Mapping[str, Any]] = (),
) -> Change:
    """Add or update many obligations at once (a profile, the demo set), then any completions."""
    records = [ob.to_record() for ob in obligations]
    return upsert_records(ws.store, lambda _tx: records, action, completions)


def import_batch(ws: Workspace, batch: Batch) -> Change:
    """Write a checked import file: new keys whole, stored keys only in the columns the file gives."""
    return upsert_records(
        ws.store, lambda tx: batch.records(lambda key: tx.obligation(key, include_deleted=True) is not None), "import"
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

    def undo(s: Store) -> Text:
        for completion in added:
            s.remove_completion(completion["id"])
        put_back(s, changed)
        return _undone(message)

    return Change(message, undo)


def upsert_message(result: UpsertResult) -> Text:
    added, updated, same = len(result.added), len(result.updated), len(result.unchanged)
    return Text(f"新增 {added}，更新 {updated}，未变 {same}", f"added {added}, updated {updated}, unchanged {same}")
