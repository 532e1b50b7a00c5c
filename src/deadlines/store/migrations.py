"""Schema versions of the database file and the migrations between them.

A file with an older version is brought up to SCHEMA_VERSION when it is
first opened for writing (after a backup; see `embedded`); a newer one is
refused. Each migration turns a version-N file into version N+1.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from deadlines.store.fileformat import schema_version
from deadlines.store.values import AUDIT, COMPLETIONS, META, OBLIGATIONS, SCHEMA_VERSION, SENDS, Record, Tables


def _v0_to_v1(tables: Tables, now: str) -> Tables:
    """Files from before versions: give obligations the store's bookkeeping fields and completions an id."""
    for doc in tables.get(OBLIGATIONS, {}).values():
        doc.setdefault("created_at", now)
        doc.setdefault("updated_at", now)
        doc.setdefault("deleted_at", None)
    for doc in tables.get(COMPLETIONS, {}).values():
        doc.setdefault("id", uuid.uuid4().hex)
    return tables


def _v1_to_v2(tables: Tables, now: str) -> Tables:
    """Records get a version (for lost-update checks); the audit and send tables move to their own logs."""
    for doc in tables.get(OBLIGATIONS, {}).values():
        doc.setdefault("version", 1)
    return tables


MIGRATIONS: dict[int, Callable[[Tables, str], Tables]] = {0: _v0_to_v1, 1: _v1_to_v2}
"""Version N → the function that turns a version-N file into version N+1; run in order."""


def upgrade(tables: Tables, *, now: str) -> tuple[Tables, list[Record], list[Record]]:
    """`tables` brought to SCHEMA_VERSION (changed in place), and the audit and send rows it held, oldest first.

    The caller writes those rows to the logs and sets `audit_bytes` in `_meta`.
    """
    for version in range(schema_version(tables), SCHEMA_VERSION):
        tables = MIGRATIONS[version](tables, now)
    audit = list(tables.pop(AUDIT, {}).values())
    sends = list(tables.pop(SENDS, {}).values())
    tables[META] = {"1": {"schema_version": SCHEMA_VERSION}}
    return tables, audit, sends


def migration_row(found: int, backup: str, *, who: str, now: str) -> Record:
    """The audit row that records a migration and the backup taken before it."""
    return {
        "at": now,
        "who": who,
        "action": "migrate",
        "key": None,
        "before": {"schema_version": found},
        "after": {"schema_version": SCHEMA_VERSION, "backup": backup},
    }
