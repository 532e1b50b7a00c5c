"""The PostgreSQL schema and its versioned migrations.

Every record is kept whole in a `json` column (key order and values exactly as
the embedded file keeps them, so `db copy` is lossless both ways), with the
fields other rows point at or that must be unique pulled out into real
columns with keys and constraints. `meta` holds the schema version, the
state of the next-action index (`store.values.IndexState`) and a change
counter: every write transaction takes its row lock first (one writer at a
time, as the file's lock) and bumps it (the TUI polls it).
"""

from __future__ import annotations

import psycopg

from deadlines.core.errors import StoreError

MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE meta (
    id integer PRIMARY KEY CHECK (id = 1),
    schema_version integer NOT NULL CHECK (schema_version >= 1),
    change_seq bigint NOT NULL DEFAULT 0
);
INSERT INTO meta (id, schema_version) VALUES (1, 1);
CREATE TABLE obligations (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    key text PRIMARY KEY CHECK (key <> ''),
    version integer NOT NULL CHECK (version >= 1),
    deleted_at text,
    record json NOT NULL CONSTRAINT obligations_record_check
        CHECK (json_typeof(record) = 'object' AND record->>'key' = key)
);
CREATE TABLE completions (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text PRIMARY KEY CHECK (id <> ''),
    key text NOT NULL REFERENCES obligations (key),
    occurrence text NOT NULL,
    done_on date NOT NULL,
    record json NOT NULL CONSTRAINT completions_record_check
        CHECK (json_typeof(record) = 'object' AND record->>'id' = id)
);
CREATE INDEX completions_key ON completions (key);
CREATE TABLE audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at text NOT NULL,
    who text,
    action text NOT NULL,
    key text,
    before json,
    after json
);
CREATE INDEX audit_key ON audit (key);
CREATE TABLE sends (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text PRIMARY KEY CHECK (id <> ''),
    record json NOT NULL CONSTRAINT sends_record_check
        CHECK (json_typeof(record) = 'object' AND record->>'id' = id)
);
""",
    2: """
ALTER TABLE obligations ADD COLUMN next_action date;
UPDATE obligations SET next_action = (record->>'next_action')::date;
CREATE INDEX obligations_next_action ON obligations (next_action) WHERE deleted_at IS NULL;
UPDATE meta SET schema_version = 2;
""",
    3: """
ALTER TABLE meta ADD COLUMN index_basis text, ADD COLUMN index_as_of date;
UPDATE meta SET schema_version = 3;
""",
    4: """
ALTER TABLE obligations ADD COLUMN next_due date;
UPDATE obligations SET next_due = (record->>'next_due')::date;
CREATE INDEX obligations_next_due ON obligations (next_due) WHERE deleted_at IS NULL;
UPDATE meta SET schema_version = 4;
""",
}
"""Version N → the SQL that brings a version N-1 database to N (1 creates everything). Each runs in one transaction
and ends by setting `meta.schema_version` (version 1 inserts it)."""

VERSION = max(MIGRATIONS)
"""The PostgreSQL schema this code writes (numbered apart from the file's SCHEMA_VERSION)."""

TABLES = ("meta", "obligations", "completions", "audit", "sends")

CONSTRAINTS = (
    "obligations_pkey",
    "obligations_seq_key",
    "obligations_version_check",
    "obligations_record_check",
    "completions_pkey",
    "completions_key_fkey",
    "completions_record_check",
    "audit_pkey",
    "sends_pkey",
    "sends_record_check",
)
"""The constraints `doctor` expects to find (PostgreSQL's default names)."""

_MIGRATION_LOCK = 0x646C6E73  # "dlns": one migrator at a time


def installed_version(conn: psycopg.Connection) -> int | None:
    """The schema version of the database, None if it was never initialised (no `meta` table)."""
    with conn.cursor() as cur:
        cur.execute("SELECT to_regclass('meta') IS NOT NULL")
        row = cur.fetchone()
        if not (row and row[0]):
            return None
        cur.execute("SELECT schema_version FROM meta WHERE id = 1")
        found = cur.fetchone()
    return int(found[0]) if found else None


def migrate(conn: psycopg.Connection, where: str) -> tuple[int, int]:
    """Bring the database to VERSION, one committed step per version; (version before, after).

    Concurrent migrators wait for each other (an advisory lock); a newer database is refused.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        before = installed_version(conn) or 0
    if before > VERSION:
        raise too_new(where, before)
    for version in range(before + 1, VERSION + 1):
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            if (installed_version(conn) or 0) >= version:
                continue  # another migrator did this step
            conn.execute(MIGRATIONS[version].encode())
    return before, VERSION


def problems(conn: psycopg.Connection) -> list[str]:
    """What `doctor` finds wrong with the schema: missing tables or constraints (empty when sound)."""
    with conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = {row[0] for row in cur.fetchall()}
        cur.execute(
            "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = current_schema()"
        )
        constraints = {row[0] for row in cur.fetchall()}
    missing = [f"table {name}" for name in TABLES if name not in tables]
    missing += [f"constraint {name}" for name in CONSTRAINTS if name not in constraints]
    return missing


def too_new(where: str, found: int) -> StoreError:
    return StoreError(
        f"数据库 {where} 的结构版本是 {found}，比本程序认识的版本 {VERSION} 新。请升级 deadlines 后再用。",
        f"The database {where} has schema version {found}, newer than the version {VERSION} this "
        "deadlines understands. Upgrade deadlines to use it.",
    )
