"""The store: the only package that knows a database.

Everything above the store imports from here, never from a module inside it.
`open_store` picks the backend from a path or URL: `embedded` is the TinyDB
file (with `fileformat`, `files`, `history`, `locking`, `migrations`,
`doctor` and `messages` doing one job each), `postgres` the server (with
`pg_schema`). Both run the operations of `transaction` over their own
primitives; `values`, `schema` and `records` say what a record is;
`ledger` turns stored records into domain values.
"""

from deadlines.store.doctor import check, restore_backup
from deadlines.store.embedded import Store
from deadlines.store.factory import is_url, open_store
from deadlines.store.transaction import Transaction
from deadlines.store.values import (
    SCHEMA_VERSION,
    CheckReport,
    Derived,
    Deriver,
    IndexState,
    Record,
    Selection,
    Snapshot,
    UpsertResult,
    VersionToken,
    send_id,
)

__all__ = [
    "SCHEMA_VERSION",
    "CheckReport",
    "Derived",
    "Deriver",
    "IndexState",
    "PostgresStore",
    "Record",
    "Selection",
    "Snapshot",
    "Store",
    "Transaction",
    "UpsertResult",
    "VersionToken",
    "check",
    "is_url",
    "open_store",
    "restore_backup",
    "send_id",
]


def __getattr__(name: str) -> object:
    """`PostgresStore` on first use only, so commands on the embedded file never import psycopg."""
    if name == "PostgresStore":
        from deadlines.store.postgres import PostgresStore

        return PostgresStore
    raise AttributeError(name)
