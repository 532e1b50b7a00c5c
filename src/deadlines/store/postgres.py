"""The PostgreSQL backend: the same store interface as the embedded file, for a team on one server.

Each operation is one transaction. A write first takes the `meta` row lock
(one writer at a time, as the file's lock; it waits `lock_timeout` seconds,
then says the database is busy), reads what it needs by key, writes only
what changed, and commits records, audit rows and send rows together.
Reads run in one REPEATABLE READ snapshot. A connection error is one line
naming the host and port, never the password (which comes from the URL,
`PGPASSWORD`, `~/.pgpass` or a `password_command`).
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, cast

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.json import Json
from psycopg.types.string import TextLoader

from deadlines.core.clock import Clock
from deadlines.core.errors import StoreError, UnreachableError
from deadlines.store import pg_schema
from deadlines.store.schema import record_problem
from deadlines.store.transaction import StoreOperations, Transaction
from deadlines.store.values import (
    AUDIT,
    COMPLETIONS,
    IDENTITY,
    OBLIGATIONS,
    SENDS,
    CheckReport,
    Deriver,
    History,
    IndexState,
    Record,
    Selection,
    Snapshot,
    VersionToken,
    default_who,
    leaves_history,
    narrows,
    snapshot_of,
)

_AUDIT_FIELDS = ("at", "who", "action", "key", "before", "after")


class PostgresStore(StoreOperations):
    """The database at a `postgresql://` URL. Creating one connects to nothing; the first use does."""

    def __init__(
        self,
        url: str,
        *,
        lock_timeout: float = 10.0,
        who: str | None = None,
        clock: Clock | None = None,
        password_command: str | None = None,
    ) -> None:
        self.url = url
        self.where = describe(url)
        self.clock = clock or Clock()
        self.who = who or default_who()
        self.lock_timeout = lock_timeout
        self._password_command = password_command
        self.deriver: Deriver | None = None
        """How writes compute each obligation's next action date (set by the application's workspace)."""
        self._local = threading.local()

    # ---- reads

    def snapshot(self, selection: Selection | None = None) -> Snapshot:
        """One REPEATABLE READ reading: everything, or what `selection` asks for (see `Selection`), by index."""
        with self._reading() as conn:
            stored = _index_state(conn)
            if narrows(selection, stored):
                assert selection is not None
                params: tuple[Any, ...] = (sorted(selection.keys), selection.due_by, selection.due_by)
                picked = "(o.key = ANY(%s) OR (%s::date IS NOT NULL AND o.deleted_at IS NULL"
                dated = selection.dated_by  # a column name, not user input
                picked += f" AND (o.{dated} IS NULL OR o.{dated} <= %s)))"
                complete = False
            else:
                params, picked, complete = (), "true", True
            resumed = leaves_history(selection, stored)
            query = f"SELECT o.record FROM obligations o WHERE {picked} ORDER BY o.seq"
            obligations = self._checked(OBLIGATIONS, _records(conn, query, params))
            query = f"SELECT c.record FROM completions c JOIN obligations o ON o.key = c.key WHERE {picked}"
            query += " AND o.record->>'resume' IS NULL" if resumed else ""
            completions = tuple(self._checked(COMPLETIONS, _records(conn, query + " ORDER BY c.seq", params)))
            last_audit = _scalar(conn, "SELECT coalesce(max(id), 0) FROM audit")
            token = (_scalar(conn, "SELECT change_seq FROM meta WHERE id = 1"), 0, 0)
        history = History(
            lambda: self.audit(up_to=last_audit), self.sends, lambda key: self.audit(key, up_to=last_audit)
        )
        return snapshot_of(obligations, completions, token, history, index=stored, complete=complete, resumed=resumed)

    def obligations(self, *, include_deleted: bool = False) -> list[Record]:
        where = "" if include_deleted else " WHERE deleted_at IS NULL"
        with self._reading() as conn:
            return self._checked(OBLIGATIONS, _records(conn, f"SELECT record FROM obligations{where} ORDER BY seq"))

    def obligation(self, key: str, *, include_deleted: bool = False) -> Record | None:
        with self._reading() as conn:
            found = self._checked(OBLIGATIONS, _records(conn, "SELECT record FROM obligations WHERE key = %s", (key,)))
        if not found or (found[0].get("deleted_at") is not None and not include_deleted):
            return None
        return found[0]

    def completions(self, key: str | None = None) -> list[Record]:
        with self._reading() as conn:
            if key is None:
                rows = _records(conn, "SELECT record FROM completions ORDER BY seq")
            else:
                rows = _records(conn, "SELECT record FROM completions WHERE key = %s ORDER BY seq", (key,))
        return self._checked(COMPLETIONS, rows)

    def audit(self, key: str | None = None, *, up_to: int | None = None) -> list[Record]:
        """Audit rows, oldest first; with `key`, only that obligation's; with `up_to`, only rows up to that id."""
        query = f"SELECT {', '.join(_AUDIT_FIELDS)} FROM audit WHERE (%s::text IS NULL OR key = %s)"
        query += " AND (%s::bigint IS NULL OR id <= %s) ORDER BY id"
        with self._reading() as conn, conn.cursor() as cur:
            cur.execute(query, (key, key, up_to, up_to))
            return [dict(zip(_AUDIT_FIELDS, row, strict=True)) for row in cur.fetchall()]

    def sends(self, ids: set[str] | None = None) -> dict[str, Record]:
        with self._reading() as conn:
            if ids is None:
                rows = _records(conn, "SELECT record FROM sends ORDER BY seq")
            else:
                rows = _records(conn, "SELECT record FROM sends WHERE id = ANY(%s) ORDER BY seq", (sorted(ids),))
        return {row["id"]: row for row in rows}

    def version_token(self) -> VersionToken | None:
        """The change counter: one query, for polling."""
        with self._reading() as conn:
            return (_scalar(conn, "SELECT change_seq FROM meta WHERE id = 1"), 0, 0)

    # ---- writes

    @contextmanager
    def transaction(self, *, dry_run: bool = False) -> Iterator[Transaction]:
        """One database transaction; everything done in the block commits at once, or nothing on an error.

        With `dry_run` nothing is locked and everything is rolled back.
        """
        conn = self._connection()
        try:
            with conn.transaction(force_rollback=dry_run):
                if not dry_run:
                    self._lock(conn)
                tx = PgTransaction(conn, who=self.who, now=self.clock.stamp(), deriver=self.deriver)
                yield tx
                if not dry_run and not tx._commit():
                    raise psycopg.Rollback()  # nothing changed: the change counter stays as it was
        except psycopg.OperationalError as error:
            raise unreachable(self.where, error) from error

    def compact(self) -> tuple[int, int]:
        """Nothing to compact: the send log is one row per id already. (0, 0)."""
        return (0, 0)

    # ---- setup and checks

    def migrate(self) -> tuple[int, int]:
        """Create or upgrade the schema; (version before, after)."""
        return pg_schema.migrate(self._connection(check_schema=False), self.where)

    def check(self) -> CheckReport:
        """What `doctor` reports: the schema version, missing tables or constraints, counts."""
        conn = self._connection(check_schema=False)
        version = pg_schema.installed_version(conn)
        conn.rollback()
        if version is None:
            return CheckReport(
                self.where, exists=False, damage=None, schema_version=None, current_version=pg_schema.VERSION
            )
        missing = pg_schema.problems(conn)
        damage = None
        if missing:
            damage = StoreError(
                f"数据库 {self.where} 的结构不完整：缺少 {'、'.join(missing)}。请运行 deadlines db migrate。",
                f"The database {self.where} is missing {', '.join(missing)}. Run deadlines db migrate.",
            )
        counts = {}
        if not missing:
            for name, query in (
                (OBLIGATIONS, "SELECT count(*) FROM obligations WHERE deleted_at IS NULL"),
                ("deleted", "SELECT count(*) FROM obligations WHERE deleted_at IS NOT NULL"),
                (COMPLETIONS, "SELECT count(*) FROM completions"),
                (AUDIT, "SELECT count(*) FROM audit"),
                (SENDS, "SELECT count(*) FROM sends"),
            ):
                counts[name] = _scalar(conn, query)
        conn.rollback()
        return CheckReport(
            self.where,
            exists=True,
            damage=damage,
            schema_version=version,
            counts=counts,
            current_version=pg_schema.VERSION,
        )

    # ---- plumbing

    def _checked(self, table: str, rows: list[Record]) -> list[Record]:
        """`rows`, unless one breaks the record rules (a row changed by hand in SQL): then damage naming it."""
        for row in rows:
            problem = record_problem(table, row)
            if problem is not None:
                ident = row.get(IDENTITY[table], "?")
                raise StoreError(
                    f"数据库 {self.where} 中表 {table} 的记录 {ident} 已损坏：{problem[1].zh}。请用 SQL 修正该行后重试。",
                    f"Record {ident} in table {table} of {self.where} is damaged: {problem[1].en}. "
                    "Fix that row with SQL and retry.",
                )
        return rows

    def _connection(self, *, check_schema: bool = True) -> psycopg.Connection:
        """This thread's connection (opened on first use)."""
        conn: psycopg.Connection | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            try:
                conn = psycopg.connect(
                    self.url, connect_timeout=10, password=self._password(), application_name="deadlines"
                )
            except psycopg.OperationalError as error:
                raise unreachable(self.where, error) from None
            self._local.conn = conn
            self._local.checked = False
        if check_schema and not self._local.checked:
            version = pg_schema.installed_version(conn)
            conn.rollback()
            if version is None:
                raise StoreError(
                    f"数据库 {self.where} 还没有初始化。请先运行 deadlines db init {self.where}。",
                    f"The database {self.where} is not initialised yet. Run deadlines db init {self.where} first.",
                )
            if version != pg_schema.VERSION:
                pg_schema.migrate(conn, self.where)
            self._local.checked = True
        return conn

    @contextmanager
    def _reading(self) -> Iterator[psycopg.Connection]:
        conn = self._connection()
        try:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with conn.transaction(force_rollback=True):
                yield conn
        except psycopg.OperationalError as error:
            raise unreachable(self.where, error) from error
        finally:
            conn.isolation_level = None

    def _lock(self, conn: psycopg.Connection) -> None:
        conn.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(f"{int(self.lock_timeout * 1000)}ms")))
        try:
            conn.execute("UPDATE meta SET change_seq = change_seq + 1 WHERE id = 1")
        except psycopg.errors.LockNotAvailable:
            raise StoreError(
                f"数据库 {self.where} 正忙：另一个写入已超过 {self.lock_timeout:g} 秒未结束。请稍后重试。",
                f"The database {self.where} is busy: another write has run for over {self.lock_timeout:g} s. "
                "Retry in a moment.",
            ) from None

    def _password(self) -> str | None:
        """The output of `password_command`, if one is set (otherwise libpq's own: URL, PGPASSWORD, ~/.pgpass)."""
        if not self._password_command:
            return None
        done = subprocess.run(self._password_command, shell=True, capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise UnreachableError(
                f"密码命令（store.password_command）失败，退出码 {done.returncode}。",
                f"The password command (store.password_command) failed with exit status {done.returncode}.",
            )
        return done.stdout.rstrip("\n")


class PgTransaction(Transaction):
    """The shared operations over SQL in one open database transaction."""

    _KEYS = {OBLIGATIONS: "key", COMPLETIONS: "id", SENDS: "id"}

    def __init__(self, conn: psycopg.Connection, *, who: str, now: str, deriver: Deriver | None = None) -> None:
        super().__init__(who=who, now=now, deriver=deriver)
        self._conn = conn
        self._changed = False

    def _get_many(self, table: str, idents: list[str]) -> dict[str, Record]:
        if not idents:
            return {}
        column = self._KEYS[table]
        query = sql.SQL("SELECT record FROM {} WHERE {} = ANY(%s)").format(
            sql.Identifier(table), sql.Identifier(column)
        )
        return {row[column]: row for row in _records(self._conn, query, (idents,))}

    def _completions_of(self, keys: list[str]) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = {}
        for doc in _records(self._conn, "SELECT record FROM completions WHERE key = ANY(%s) ORDER BY seq", (keys,)):
            out.setdefault(doc["key"], []).append(doc)
        return out

    def _live_keys(self) -> list[str]:
        with self._conn.cursor() as cur:
            cur.execute("SELECT key FROM obligations WHERE deleted_at IS NULL ORDER BY seq")
            return [row[0] for row in cur.fetchall()]

    def _index_state(self) -> IndexState | None:
        return _index_state(self._conn)

    def _set_index_state(self, state: IndexState) -> None:
        self._changed = True
        self._conn.execute(
            "UPDATE meta SET index_basis = %s, index_as_of = %s WHERE id = 1", (state.basis, state.as_of)
        )

    def _insert(self, table: str, docs: list[Record]) -> None:
        if not docs:
            return
        self._changed = True
        with self._conn.cursor() as cur:
            if table == OBLIGATIONS:
                cur.executemany(
                    "INSERT INTO obligations (key, version, deleted_at, next_action, next_due, record)"
                    " VALUES (%s, %s, %s, %s, %s, %s)",
                    [
                        (d["key"], d["version"], d["deleted_at"], d.get("next_action"), d.get("next_due"), Json(d))
                        for d in docs
                    ],
                )
            else:
                cur.executemany(
                    "INSERT INTO completions (id, key, occurrence, done_on, record) VALUES (%s, %s, %s, %s, %s)",
                    [(d["id"], d["key"], d["occurrence"], date.fromisoformat(d["done_on"]), Json(d)) for d in docs],
                )

    def _replace(self, table: str, docs: list[Record]) -> None:
        if not docs:
            return
        self._changed = True
        with self._conn.cursor() as cur:
            cur.executemany(
                "UPDATE obligations SET version = %s, deleted_at = %s, next_action = %s, next_due = %s, record = %s"
                " WHERE key = %s",
                [
                    (d["version"], d["deleted_at"], d.get("next_action"), d.get("next_due"), Json(d), d["key"])
                    for d in docs
                ],
            )

    def _delete(self, table: str, ident: str) -> None:
        self._changed = True
        self._conn.execute("DELETE FROM completions WHERE id = %s", (ident,))

    def _commit(self) -> bool:
        """Write the audit and send rows; whether anything at all changed in this transaction."""
        self._changed = self._changed or bool(self._audit or self._sends)
        with self._conn.cursor() as cur:
            if self._audit:
                cur.executemany(
                    f"INSERT INTO audit ({', '.join(_AUDIT_FIELDS)}) VALUES (%s, %s, %s, %s, %s, %s)",
                    [tuple(_json_or_none(row.get(name)) for name in _AUDIT_FIELDS) for row in self._audit],
                )
            if self._sends:
                latest = {row["id"]: row for row in self._sends}
                cur.executemany(
                    "INSERT INTO sends (id, record) VALUES (%s, %s) ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record",
                    [(ident, Json(row)) for ident, row in latest.items()],
                )
        self._audit, self._sends = [], []
        return self._changed


def describe(url: str) -> str:
    """`user@host:port/dbname` from a URL: what messages name (never the password)."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://?"
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host') or 'localhost'}{port}/{parts.get('dbname') or ''}"


def unreachable(where: str, error: Exception) -> UnreachableError:
    reason = " ".join(str(error).split())[:300] or type(error).__name__
    return UnreachableError(
        f"无法连接数据库 {where}：{reason}。请检查服务器是否在运行、地址和端口、用户和密码（PGPASSWORD 或 ~/.pgpass）。",
        f"Cannot reach the database {where}: {reason}. Check that the server runs, the host and port, "
        "and the user and password (PGPASSWORD or ~/.pgpass).",
    )


def _records(conn: psycopg.Connection, query: Any, params: tuple[Any, ...] = ()) -> list[Record]:
    """The `record` column of each row: fetched as text and parsed in one call (a third faster than one each)."""
    with conn.cursor() as cur:
        cur.adapters.register_loader("json", TextLoader)
        cur.execute(query, params)
        texts = [row[0] for row in cur.fetchall()]
    return cast(list[Record], json.loads("[" + ",".join(texts) + "]"))


def _index_state(conn: psycopg.Connection) -> IndexState | None:
    with conn.cursor() as cur:
        cur.execute("SELECT index_basis, index_as_of FROM meta WHERE id = 1")
        row = cur.fetchone()
    return IndexState(row[0], row[1]) if row and row[0] is not None and row[1] is not None else None


def _scalar(conn: psycopg.Connection, query: str) -> int:
    with conn.cursor() as cur:
        cur.execute(query)
        row = cur.fetchone()
    return int(row[0]) if row else 0


def _json_or_none(value: Any) -> Any:
    return Json(value) if isinstance(value, dict) else value
