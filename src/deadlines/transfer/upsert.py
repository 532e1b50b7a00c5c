"""Writing a checked import batch: one locked transaction, or a dry run that says what it would change."""

from __future__ import annotations

from deadlines.store import Store, UpsertResult
from deadlines.transfer.rows import Batch


def plan(store: Store, batch: Batch) -> UpsertResult:
    """What `write` would add, change and leave alone, by the store's own rules; writes nothing."""
    return write(store, batch, dry_run=True)


def write(store: Store, batch: Batch, *, action: str = "import", dry_run: bool = False) -> UpsertResult:
    """Upsert the batch's obligations in one locked transaction: a crash leaves the file as it was or with all of them."""
    with store.transaction(dry_run=dry_run) as tx:
        records = batch.records(lambda key: tx.obligation(key, include_deleted=True) is not None)
        return tx.upsert_obligations(records, action=action)
