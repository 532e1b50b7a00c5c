"""The store: the only package that knows a database.

Everything above the store imports from here, never from a module inside it.
`embedded` is the TinyDB file (with `fileformat`, `files`, `locking`,
`migrations`, `records`, `doctor` and `messages` doing one job each);
`values` holds what every backend returns; `ledger` turns stored records
into domain values.
"""

from deadlines.store.doctor import check, restore_backup
from deadlines.store.embedded import Store, Transaction
from deadlines.store.values import (
    SCHEMA_VERSION,
    CheckReport,
    Record,
    Snapshot,
    UpsertResult,
    VersionToken,
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
