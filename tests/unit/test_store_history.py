"""History kept apart (issue #14 point 5): the audit and send logs are append-only files beside the database,
committed atomically with it, read only when asked for, compacted by `db compact`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deadlines.core.errors import StoreError
from deadlines.store import SCHEMA_VERSION, Store, check, history, send_id
from deadlines.store.values import SENDS
from tests.unit.test_store import DATA, completion, obligation

SENDING_STATES = ("sending", "sent", "failed", "covered")
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "db.json"


def audit_log(path: Path) -> Path:
    return path.with_name(path.name + ".audit.ndjson")


def sends_log(path: Path) -> Path:
    return path.with_name(path.name + ".sends.ndjson")


def test_a_write_appends_to_the_audit_and_never_rewrites_the_past(path: Path) -> None:
    store = Store(path)
    store.upsert_obligations([obligation(f"k{i}") for i in range(50)])
    past = audit_log(path).read_bytes()
    store.update_obligation("k7", {"notes": "改"})
    now = audit_log(path).read_bytes()
    assert now.startswith(past) and now.count(b"\n") == past.count(b"\n") + 1
    assert b"audit" not in path.read_bytes().split(b'"obligations"')[1]  # no history inside the database file
    row = store.audit("k7")[-1]
    assert (row["action"], row["before"], row["after"]) == ("update", {"notes": ""}, {"notes": "改"})


def test_audit_rows_a_dead_writer_appended_do_not_count_and_are_cut_off(path: Path) -> None:
    """A writer killed after appending its audit line but before replacing the file: the change never happened,
    so its audit row must not show, and the next writer removes it."""
    store = Store(path)
    store.add_obligation(obligation("a"))
    committed = audit_log(path).read_bytes()
    ghost = [
        {"at": "2026-11-21T09:00:00+08:00", "who": "ghost", "action": "update", "key": "a", "before": {}, "after": {}}
    ]
    with audit_log(path).open("ab") as log:
        log.write((json.dumps(ghost) + "\n").encode())
    assert [row["who"] for row in store.audit()] == [store.who]
    store.add_obligation(obligation("b"))
    assert b"ghost" not in audit_log(path).read_bytes() and audit_log(path).read_bytes().startswith(committed)
    assert [row["key"] for row in store.audit()] == ["a", "b"]


def test_a_torn_last_send_line_is_ignored_and_cut_off(path: Path) -> None:
    store = Store(path)
    first = send_id("a", "2026-04-30", "7d", "x@example.com")
    store.record_sends([{"id": first, "state": "sent"}])
    with sends_log(path).open("ab") as log:
        log.write(b'[{"id": "a|2026-04-30|1d|x@exam')  # killed mid-write: no newline
    assert list(store.sends()) == [first]
    second = send_id("a", "2026-04-30", "1d", "x@example.com")
    store.record_sends([{"id": second, "state": "attempted"}])
    assert list(store.sends()) == [first, second]
    assert sends_log(path).read_bytes().count(b"\n") == 2 and b"exam\n" not in sends_log(path).read_bytes()


def test_a_bad_line_inside_a_log_is_damage_with_its_line(path: Path) -> None:
    store = Store(path)
    store.add_obligation(obligation("a"))
    store.add_obligation(obligation("b"))
    lines = audit_log(path).read_bytes().split(b"\n")
    lines[0] = lines[0].replace(b'"action": "add"', b'"action": 12345', 1)  # same length: only the type is wrong
    audit_log(path).write_bytes(b"\n".join(lines))
    with pytest.raises(StoreError, match=r"audit.ndjson is damaged at line 1: the field 'action' should be a string"):
        store.audit()
    assert check(path).damage is not None


def test_compact_keeps_one_send_row_per_id_and_what_history_shows(path: Path) -> None:
    store = Store(path)
    store.add_obligation(obligation("a"))
    ident = send_id("a", "2026-04-30", "7d", "x@example.com")
    for state in ("attempted", "failed", "attempted", "sent"):
        store.record_sends([{"id": ident, "state": state}])
    sends, audit = store.sends(), store.audit()
    before, after = store.compact()
    assert after < before and sends_log(path).read_bytes().count(b"\n") == 1
    assert store.sends() == sends == {ident: {"id": ident, "state": "sent"}} and store.audit() == audit


def test_a_version_1_file_moves_its_history_into_the_logs(path: Path) -> None:
    """sound.json holds the audit and send tables inside; migrating takes them out, rows unchanged."""
    tables = json.loads((DATA / "sound.json").read_text(encoding="utf-8"))
    tables["audit"] = {
        "1": {
            "at": "2026-11-01T10:00:00+08:00",
            "who": "张三",
            "action": "add",
            "key": "qual-renewal",
            "before": None,
            "after": {"title": "资质证书有效期届满60日前申请延续"},
        }
    }
    tables["sends"] = {"1": {"id": "qual-renewal|2026-01-01|30d|张三", "state": "sent"}}
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    store = Store(path)
    assert store.obligation("qual-renewal")["version"] == 1  # type: ignore[index]
    audit = store.audit()
    assert [row["action"] for row in audit] == ["add", "migrate"] and audit[0]["who"] == "张三"
    assert list(store.sends()) == ["qual-renewal|2026-01-01|30d|张三"]
    assert check(path).schema_version == SCHEMA_VERSION
    assert '"audit"' not in path.read_text(encoding="utf-8") and '"sends"' not in path.read_text(encoding="utf-8")


def test_a_restored_backup_brings_back_the_audit_it_committed(path: Path) -> None:
    store = Store(path)
    store.add_obligation(obligation("a"))
    store.add_obligation(obligation("b"))
    shutil.copy(path.with_name("db.json.bak"), path)  # the file as it was after "a" only
    assert [row["key"] for row in store.audit()] == ["a"]
    store.add_completion(completion("a"))
    assert [row["action"] for row in store.audit()] == ["add", "complete"]


def test_a_large_send_log_compacts_itself_when_most_rows_are_superseded(path: Path) -> None:
    """Daily `remind` runs rewrite the same ids (attempted → sent); past 4 MB the log shrinks back by itself."""
    store = Store(path)
    ids = [send_id(f"k{i:04d}", "2026-04-30", "7d", f"owner{i}@example.com") for i in range(2500)]
    sizes = []
    for day in range(25):
        store.record_sends([{"id": ident, "state": "sent", "day": day} for ident in ids])
        sizes.append(sends_log(path).stat().st_size)
    assert 25 * sizes[0] > 4 << 20  # without compaction the log would have passed 4 MB
    drops = [later for earlier, later in zip(sizes, sizes[1:], strict=False) if later < earlier]
    assert len(drops) == 1 and sizes[-1] < 1 << 20
    assert store.sends() == {ident: {"id": ident, "state": "sent", "day": 24} for ident in ids}


SEND_OPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("append"), st.lists(st.tuples(st.integers(0, 9), st.sampled_from(SENDING_STATES)), max_size=4)
        ),
        st.tuples(st.just("torn"), st.binary(min_size=1, max_size=30).filter(lambda b: b"\n" not in b)),
        st.tuples(st.just("compact"), st.booleans()),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=SEND_OPS, reads=st.lists(st.booleans(), min_size=12, max_size=12))
@example(  # found by this test: two compactions gave the second file the inode of the one last read, same length
    ops=[("append", [])] * 3
    + [("append", [(1, "failed"), (0, "sending")]), ("compact", True), ("append", [(1, "failed")])]
    + [("compact", True)] * 2,
    reads=[False] * 4 + [True] + [False] * 7,
)
def test_the_send_log_read_again_and_again_is_the_log_read_whole(tmp_path: Path, ops: list, reads: list) -> None:
    """`SendLog` parses only what was appended since its last reading (a remind run claims before every digest);
    whatever happens to the log in between — appends, a torn last line, compaction (a new file) — it gives what
    reading the whole log gives. Readings are skipped at random, so that a log compacted and appended to since
    can be as long as it was when last read."""
    log = tmp_path / f"{len(list(tmp_path.iterdir()))}.sends.ndjson"
    reader = history.SendLog(log)
    for n, (op, arg) in enumerate(ops):
        if op == "append":
            rows = [{"id": f"k{i}|2026|7日|a@example.com", "state": state, "n": n} for i, state in arg]
            history.append(log, rows, committed=None)
        elif op == "torn":
            with open(log, "ab") as file:
                file.write(arg)
        elif log.exists() and arg:
            history.compact_sends(log)
        if reads[n] or n == len(ops) - 1:
            assert reader.rows() == history.dedupe_sends(history.read(log, SENDS, committed=None))


def test_a_bad_line_appended_after_a_reading_is_damage_too(path: Path) -> None:
    log = path.with_name("x.sends.ndjson")
    reader = history.SendLog(log)
    history.append(log, [{"id": "a", "state": "sent"}], committed=None)
    assert list(reader.rows()) == ["a"]
    with open(log, "ab") as file:
        file.write(b'{"not": "an array"}\n')
    with pytest.raises(StoreError, match="line 2"):
        reader.rows()


def test_a_send_log_compacted_and_grown_back_past_its_old_length_is_read_whole(tmp_path: Path) -> None:
    """The case the reader must not take for appends: another file, now longer than the one it read."""
    log = tmp_path / "db.json.sends.ndjson"
    reader = history.SendLog(log)
    for n in range(10):
        history.append(log, [{"id": "k0", "state": "failed", "n": n}], committed=None)
    assert reader.rows()["k0"]["n"] == 9
    read_length = log.stat().st_size
    history.compact_sends(log)  # one row left, in a new file
    n = 100
    while log.stat().st_size < read_length + 5:
        history.append(log, [{"id": f"k{n}", "state": "sent", "n": n}], committed=None)
        n += 1
    assert reader.rows() == history.dedupe_sends(history.read(log, SENDS, committed=None))


def test_the_send_log_compacts_itself_once_past_its_size_with_half_superseded(path: Path) -> None:
    """Claims and records of the same reminders (a weekly repeat, a retry) supersede rows: past
    AUTO_COMPACT_BYTES with at least half superseded, the log is rewritten with one row per id — and rows
    that are all still current are never rewritten, however long the log."""
    store = Store(path)
    store.add_obligation(obligation("k"))  # the database exists, so claims append to the log alone
    padding = "x" * 3000
    fresh = [{"id": f"k|2026|{i}|a@example.com", "state": "sent", "note": padding} for i in range(1500)]
    for start in range(0, len(fresh), 100):
        store.record_sends(fresh[start : start + 100])
    assert sends_log(path).stat().st_size > history.AUTO_COMPACT_BYTES
    assert len(history.read(sends_log(path), SENDS, committed=None)) == len(fresh)  # all current: left as it is
    repeat = [{**row, "state": "failed"} for row in fresh]
    for start in range(0, len(repeat), 100):
        store.record_sends(repeat[start : start + 100])
    kept = history.read(sends_log(path), SENDS, committed=None)
    assert len(kept) < 2 * len(fresh)  # the second round superseded every row: compacted on the way
    assert Store(path).sends() == {row["id"]: row for row in repeat}
