"""What every backend guarantees, run on the embedded file and on a real PostgreSQL server alike:
atomic imports, no lost writes between processes, lost-update detection, at-most-once send claims,
old-or-new after SIGKILL, and refusal of bad or damaged data."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from deadlines.core.errors import ConflictError, InputError, NotFoundError
from deadlines.store import Derived, Deriver, IndexState, Record, Selection, open_store, send_id
from tests.store.conftest import StoreFactory
from tests.unit.test_store import completion, obligation

SRC = Path(__file__).parents[2] / "src"

pytestmark = pytest.mark.usefixtures("english")

WRITER = """
import sys
from deadlines.store import open_store
target, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = open_store(target, who=tag)
print("ready", flush=True)
sys.stdin.readline()
for i in range(count):
    store.add_obligation({"key": f"{tag}-{i:03d}", "title": f"{tag} 第{i}项"})
"""

EDITOR = """
import sys
from deadlines.store import open_store
target, field, value = sys.argv[1], sys.argv[2], sys.argv[3]
store = open_store(target, who=field)
print("ready", flush=True)
sys.stdin.readline()
store.update_obligation("k", {field: [value] if field == "owners" else value})
"""

CLAIMER = """
import json, sys
from deadlines.store import open_store
target, count = sys.argv[1], int(sys.argv[2])
store = open_store(target, who="cron")
ids = [f"k{i:03d}|2026-04-30|7d|x@example.com" for i in range(count)]
print("ready", flush=True)
sys.stdin.readline()
claimed = []
for i in range(0, count, 5):
    claimed += store.claim_sends([{"id": ident, "state": "attempted"} for ident in ids[i:i + 5]])
print(json.dumps(claimed), flush=True)
"""

IMPORT = """
import sys
from deadlines.store import open_store
target, count = sys.argv[1], int(sys.argv[2])
store = open_store(target)
records = [{"key": f"k{i:05d}", "title": f"新 第{i}项", "owners": ["李四"]} for i in range(count)]
print("ready", flush=True)
sys.stdin.readline()
store.upsert_obligations(records)
print("done", flush=True)
"""


def start(code: str, *args: str) -> subprocess.Popen[str]:
    env = os.environ | {"PYTHONPATH": str(SRC)}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def ready_then_go(processes: list[subprocess.Popen[str]]) -> None:
    for process in processes:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()


def finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out


# ---------------------------------------------------------------- one process


def test_an_import_is_all_or_nothing(make: StoreFactory) -> None:
    store = make()
    store.upsert_obligations([obligation("a")])
    with pytest.raises(InputError, match="appears twice"):
        store.upsert_obligations([obligation("b"), obligation("c"), obligation("b")])
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.upsert_obligations([obligation("d")])
        tx.add_completion(completion("a", id="c1"))
        raise RuntimeError("the import script died half-way")
    snap = make().snapshot()
    assert list(snap.obligations) == ["a"] and snap.completions == () and len(snap.audit) == 1


def test_a_stale_version_is_a_conflict_and_changes_nothing(make: StoreFactory) -> None:
    store = make()
    opened = store.add_obligation(obligation("k"))
    make().update_obligation("k", {"owners": ["李四"]})
    with pytest.raises(ConflictError) as raised:
        store.update_obligation("k", {"notes": "表单"}, expected_version=opened["version"])
    assert raised.value.current["owners"] == ["李四"]
    assert make().obligation("k")["notes"] == "" and len(make().audit("k")) == 2  # type: ignore[index]


def test_constraints_refuse_bad_records(make: StoreFactory) -> None:
    store = make()
    with pytest.raises(NotFoundError):
        store.add_completion(completion("missing"))
    with pytest.raises(InputError, match="owners"):
        store.add_obligation(obligation("x", owners="张三"))
    store.add_obligation(obligation("x"))
    with pytest.raises(InputError, match="already exists"):
        store.add_obligation(obligation("x"))
    assert len(make().obligations()) == 1


def test_an_empty_write_changes_nothing_not_even_the_version_token(make: StoreFactory) -> None:
    store = make()
    store.add_obligation(obligation("a"))
    token = store.version_token()
    store.upsert_obligations([obligation("a")])
    with store.transaction() as tx:
        assert tx.obligation("a") is not None  # a transaction that reads and writes nothing
    assert store.version_token() == token
    store.update_obligation("a", {"notes": "n"})
    assert store.version_token() != token


def test_the_send_log_keeps_one_row_per_id(make: StoreFactory) -> None:
    store = make()
    ident = send_id("a", "2026-04-30", "7d", "x@example.com")
    store.record_sends([{"id": ident, "state": "attempted"}])
    store.record_sends([{"id": ident, "state": "sent"}])
    assert make().sends() == {ident: {"id": ident, "state": "sent"}}
    assert store.claim_sends([{"id": ident, "state": "attempted"}]) == []
    store.record_sends([{"id": ident, "state": "failed"}])
    assert store.claim_sends([{"id": ident, "state": "attempted"}]) == [ident]


# ---------------------------------------------------------------- several processes


def test_concurrent_writers_in_several_processes_lose_nothing(make: StoreFactory, target: str) -> None:
    writers = [start(WRITER, target, tag, "15") for tag in ("tui", "cron", "script")]
    ready_then_go(writers)
    for writer in writers:
        finish(writer)
    keys = set(make().snapshot().obligations)
    assert keys == {f"{tag}-{i:03d}" for tag in ("tui", "cron", "script") for i in range(15)}
    assert len(make().audit()) == 45


def test_two_edits_of_different_fields_at_once_both_survive(make: StoreFactory, target: str) -> None:
    """`edit k --owner …` and `edit k --notes …` run together (issue #12 point 3)."""
    for attempt in range(3):
        make().upsert_obligations([obligation("k", owners=["旧"], notes="旧")])
        editors = [
            start(EDITOR, target, "owners", f"o{attempt}@example.com"),
            start(EDITOR, target, "notes", f"n{attempt}"),
        ]
        ready_then_go(editors)
        for editor in editors:
            finish(editor)
        final = make().obligation("k")
        assert final is not None and (final["owners"], final["notes"]) == ([f"o{attempt}@example.com"], f"n{attempt}")


def test_two_remind_runs_claim_each_reminder_once(make: StoreFactory, target: str) -> None:
    """Two cron hosts running `remind` at the same moment: every reminder is claimed (so sent) exactly once."""
    runs = [start(CLAIMER, target, "40"), start(CLAIMER, target, "40")]
    ready_then_go(runs)
    claimed = [json.loads(finish(run).splitlines()[-1]) for run in runs]
    assert sorted(claimed[0] + claimed[1]) == sorted(f"k{i:03d}|2026-04-30|7d|x@example.com" for i in range(40))
    assert len(make().sends()) == 40


def test_sigkill_in_the_middle_of_an_import_leaves_the_old_or_the_new_state(make: StoreFactory, target: str) -> None:
    make().upsert_obligations([{"key": f"k{i:05d}", "title": f"旧 第{i}项"} for i in range(3000)])
    started = time.perf_counter()
    full = start(IMPORT, target, "3000")
    ready_then_go([full])
    finish(full)
    duration = time.perf_counter() - started
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.9):
        make().upsert_obligations([{"key": f"k{i:05d}", "title": f"旧 第{i}项"} for i in range(3000)])
        process = start(IMPORT, target, "3000")
        ready_then_go([process])
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        snap = make().snapshot()
        titles = {str(o["title"]).split(" ")[0] for o in snap.obligations.values()}
        assert len(snap.obligations) == 3000 and len(titles) == 1, titles
        assert len(snap.audit) % 3000 == 0  # whole imports only: every audit batch is complete


def test_a_server_that_cannot_be_reached_is_one_line_naming_the_host_never_the_password(pg_server) -> None:  # type: ignore[no-untyped-def]
    from deadlines.core.errors import UnreachableError

    wrong = open_store(pg_server.url("postgres", password="not-the-pw-Ø"))
    with pytest.raises(UnreachableError) as raised:
        wrong.obligations()
    for message in (raised.value.text.en, raised.value.text.zh):
        assert "\n" not in message and "not-the-pw" not in message and "s3cret" not in message
        assert f"127.0.0.1:{pg_server.port}" in message
    assert raised.value.exit_code == 2
    closed = open_store("postgresql://postgres:s3cret@127.0.0.1:1/none")
    with pytest.raises(UnreachableError, match="127.0.0.1:1") as raised:
        closed.snapshot()
    assert "s3cret" not in str(raised.value)


def test_a_row_changed_by_hand_in_sql_is_damage_naming_it(pg_url: str) -> None:
    import psycopg

    from deadlines.core.errors import StoreError

    store = open_store(pg_url)
    store.add_obligation(obligation("a"))
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            """UPDATE obligations SET record = '{"key": "a", "owners": "张三", "version": 1}' WHERE key = 'a'"""
        )
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute(
                "INSERT INTO completions (id, key, occurrence, done_on, record) VALUES ('c', 'zz', 'o', "
                """'2026-01-01', '{"id": "c"}')"""
            )
    for read in (store.snapshot, store.obligations, lambda: store.obligation("a")):
        with pytest.raises(
            StoreError, match="Record a in table obligations .* is damaged: the field 'created_at' is missing"
        ):
            read()
    report = store.check()  # type: ignore[attr-defined]
    assert report.ok and report.schema_version == 4  # the schema and constraints themselves are sound


DATES = {"soon": "2026-11-25", "later": "2027-03-01", "gone": "2026-11-22"}
DUE = {"soon": "2026-12-20", "later": "2027-04-01", "gone": "2026-11-22"}
RESUMES = {"soon": "2026-11-25"}


def derives(day: date, basis: str = "b1") -> Deriver:
    """A deriver giving each key its next action date in DATES, next due date in DUE and resume point in RESUMES
    (none for others), and NEVER and no resume point once it has a completion."""

    def compute(record: Record, completions: Sequence[Record]) -> Derived:
        if completions:
            return Derived("9999-12-31", "9999-12-31")
        key = record["key"]
        return Derived(DATES.get(key), DUE.get(key), RESUMES.get(key))

    return Deriver(IndexState(basis, day), compute)


def keys_by(
    store: object, until: date, *, basis: str = "b1", on: date = date(2026, 12, 1), stages: bool = True
) -> list[str] | None:
    """The keys a reading up to `until` on day `on` gets (for reminders, or without `stages` for `due`), or None
    when it had to read everything."""
    selection = Selection(due_by=until, index=IndexState(basis, on), stages=stages)
    snap = store.snapshot(selection)  # type: ignore[attr-defined]
    return None if snap.complete else list(snap.obligations)


def test_the_index_reads_the_obligations_with_an_action_by_then_or_unknown(make: StoreFactory) -> None:
    """The next-action index (issue #14 point 7): `due` and `remind` compute only these, on both backends."""
    store = make()
    store.deriver = derives(date(2026, 12, 1))  # type: ignore[attr-defined]
    store.upsert_obligations([obligation(key) for key in ("soon", "later", "unknown", "gone")])
    assert keys_by(make(), date(2026, 12, 31)) is None  # never built: everything is read
    version, audit = store.obligation("soon")["version"], len(store.audit())  # type: ignore[index]
    assert store.rederive() == 0  # every date was computed by the writes already; now the index is marked built
    assert store.obligation("soon")["version"] == version and len(store.audit()) == audit  # type: ignore[index]
    store.delete_obligation("gone")
    assert keys_by(make(), date(2026, 12, 31)) == ["soon", "unknown"]
    assert keys_by(make(), date(2027, 3, 1)) == ["soon", "later", "unknown"]
    assert keys_by(make(), date(2026, 12, 19), stages=False) == ["unknown"]  # `due`: by the due dates
    assert keys_by(make(), date(2027, 3, 1), stages=False) == ["soon", "unknown"]
    assert keys_by(make(), date(2027, 3, 1), basis="b2") is None  # calendars changed: everything is read
    assert keys_by(make(), date(2027, 3, 1), on=date(2026, 11, 30)) is None  # a day before it was built
    by_key = make().snapshot(Selection(keys=frozenset({"gone", "later"})))
    assert list(by_key.obligations) == ["later"] and list(by_key.deleted) == ["gone"] and not by_key.complete

    done = store.add_completion(completion("soon"))  # a completion computes its obligation's date again
    assert keys_by(make(), date(2027, 3, 1)) == ["later", "unknown"]
    assert make().snapshot(Selection(keys=frozenset({"soon"}))).completions == (done,)
    store.remove_completion(done["id"])
    assert keys_by(make(), date(2027, 3, 1)) == ["soon", "later", "unknown"]

    store.upsert_obligations([obligation("later", next_action="2026-01-01")])  # not settable by an import
    assert make().obligation("later")["next_action"] == "2027-03-01"  # type: ignore[index]
    store.deriver = None  # type: ignore[attr-defined]
    store.update_obligation("later", {"notes": "by a script without the application"})
    assert keys_by(make(), date(2026, 12, 31)) == ["soon", "later", "unknown"]  # unknown now: always read

    store.deriver = derives(date(2026, 12, 5))  # type: ignore[attr-defined]
    store.update_obligation("later", {"notes": "computed on a later day"})
    assert keys_by(make(), date(2026, 12, 31)) is None  # on 12-01 a date computed on 12-05 may be late
    assert keys_by(make(), date(2026, 12, 31), on=date(2026, 12, 5)) == ["soon", "unknown"]


def test_a_reading_for_current_items_leaves_out_the_completions_a_resume_point_makes_unneeded(
    make: StoreFactory,
) -> None:
    """Only in a reading through the index that asks for no history, and only those of obligations with a
    resume point: the others, and every other reading, come with every completion, on both backends."""
    store = make()
    store.deriver = Deriver(  # type: ignore[attr-defined]
        IndexState("b1", date(2026, 12, 1)), lambda record, _done: Derived(resume=RESUMES.get(record["key"]))
    )
    store.upsert_obligations([obligation(key) for key in ("soon", "unknown")])
    for key in ("soon", "unknown"):
        store.add_completion(completion(key))  # of a cycle before its resume point, for "soon"
    store.rederive()
    assert store.obligation("soon")["resume"] == "2026-11-25"  # type: ignore[index]

    def reading(**how: object) -> tuple[bool, list[str]]:
        snap = make().snapshot(Selection(**how))  # type: ignore[arg-type]
        return snap.resumed, sorted(c["key"] for c in snap.completions)

    current = {"due_by": date(2026, 12, 31), "index": IndexState("b1", date(2026, 12, 1)), "history": False}
    assert reading(**current) == (True, ["unknown"])
    assert reading(**{**current, "history": True}) == (False, ["soon", "unknown"])
    assert reading(**{**current, "index": IndexState("b2", date(2026, 12, 1))}) == (False, ["soon", "unknown"])
    assert reading(keys=frozenset({"soon"}), history=False) == (False, ["soon"])  # by key: never without them


def test_an_older_postgres_schema_is_migrated_on_open(pg_server) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    from deadlines.store import pg_schema

    url = pg_server.new_database("old_schema")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(pg_schema.MIGRATIONS[1].encode())
        record = {**obligation("a"), "created_at": "t", "updated_at": "t", "deleted_at": None, "version": 1}
        conn.execute(
            "INSERT INTO obligations (key, version, record) VALUES ('a', 1, %s)",
            (psycopg.types.json.Json({**record, "next_action": "2026-12-01"}),),
        )
    store = open_store(url)
    assert keys_by(store, date(2026, 12, 1)) is None  # no index was built: everything is read
    assert store.check().schema_version == pg_schema.VERSION == 4  # type: ignore[attr-defined]
    store.deriver = derives(date(2026, 12, 1))  # type: ignore[union-attr]
    store.rederive()
    assert keys_by(store, date(2026, 12, 1)) == ["a"]  # built now; 'a' has no date (unknown), so it is read


def test_one_obligations_audit_is_read_by_key_as_of_the_snapshot(make: StoreFactory) -> None:
    """The TUI's detail pane and `deadlines history KEY` read one obligation's changes (on PostgreSQL by key, not
    the whole log): the same rows as the whole log filtered, and none written after the snapshot."""
    store = make()
    store.upsert_obligations([obligation("a"), obligation("b")])
    store.update_obligation("a", {"notes": "一"})
    store.update_obligation("b", {"notes": "二"})
    snap = make().snapshot()
    store.update_obligation("a", {"notes": "三"})  # after the snapshot
    rows = snap.audit_of("a")
    assert [r["action"] for r in rows] == ["import", "update"] and rows[1]["after"] == {"notes": "一"}
    assert rows == tuple(r for r in snap.audit if r.get("key") == "a")  # and from the whole log once it is read
    assert snap.audit_of("a") == rows and make().snapshot().audit_of("zz") == ()
