"""`deadlines db copy`: everything in one store into another, as it is, in one transaction.

Records keep their stamps and versions, audit rows their order and
authors, send rows their ids: a copy from the file to PostgreSQL and back
gives the same data. The target must not hold any of the source's records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deadlines.core.errors import InputError
from deadlines.store.transaction import StoreOperations
from deadlines.store.values import AUDIT, COMPLETIONS, OBLIGATIONS, SENDS


def copy_store(source: Any, target: StoreOperations) -> Mapping[str, int]:
    """Copy every record, completion, audit row and send row of `source` into `target`; the counts copied."""
    snap = source.snapshot()
    obligations = source.obligations(include_deleted=True)  # in the order they were added, deleted ones too
    with target.transaction() as tx:
        clash = tx._get_many(OBLIGATIONS, [record["key"] for record in obligations])
        if clash:
            first = next(iter(clash))
            raise InputError(
                f"目标数据库已有事项（例如 {first}）。请复制到一个新的、空的数据库。",
                f"The target database already holds obligations (e.g. {first}). Copy into a new, empty database.",
            )
        tx._insert(OBLIGATIONS, [dict(record) for record in obligations])
        tx._insert(COMPLETIONS, [dict(record) for record in snap.completions])
        tx._audit.extend(dict(row) for row in snap.audit)
        tx._sends.extend(dict(row) for row in snap.sends.values())
    return {
        OBLIGATIONS: len(obligations),
        COMPLETIONS: len(snap.completions),
        AUDIT: len(snap.audit),
        SENDS: len(snap.sends),
    }
