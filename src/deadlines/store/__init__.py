"""The store: the only package that knows a database.

`embedded` is the TinyDB file; `ledger` turns stored records into domain
values. Everything above the store imports from here, never from a backend.
"""

from deadlines.store.embedded import (
    SCHEMA_VERSION,
    CheckReport,
    Record,
    Snapshot,
    Store,
    Transaction,
    UpsertResult,
    VersionToken,
    check,
    restore_backup,
    send_id,
)

__all__ = [
    "SCHEMA_VERSION",
    "CheckReport",
    "Record",
    "Snapshot",
    "Store",
    "Transaction",
    "UpsertResult",
    "VersionToken",
    "check",
    "restore_backup",
    "send_id",
]
