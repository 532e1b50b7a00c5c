"""The store in one process: records and their audit, idempotent upserts, damaged files, schema versions, doctor."""

from __future__ import annotations

import datetime
import os
import shutil
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from deadlines.core.errors import InputError, NotFoundError, StoreError
from deadlines.store import SCHEMA_VERSION, Store, check, restore_backup, send_id

DATA = Path(__file__).parents[1] / "data" / "store"

pytestmark = pytest.mark.usefixtures("english")


def obligation(key: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "key": key,
        "title": f"事项 {key}",
        "rule": "每年4月30日前",
        "start": None,
        "params": {},
        "owners": ["张三"],
        "tags": [],
        "notes": "",
        "source": "test",
        "concerns": "",
        "profile": None,
        "region": None,
        "lead_times": None,
        "cutoff": None,
    }
    return record | fields


def completion(key: str, **fields: Any) -> dict[str, Any]:
    record = {
        "key": key,
        "occurrence": "2026-04-30",
        "done_on": "2026-04-28",
        "evidence": "回执.pdf",
        "by": "张三",
        "late": False,
    }
    return record | fields


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "db.json"


@pytest.fixture
def store(path: Path) -> Store:
    return Store(path, who="tester@test")


# ---------------------------------------------------------------- missing file


def test_a_missing_file_is_an_empty_database_and_reading_creates_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "data" / "dir" / "db.json")
    snapshot = store.snapshot()
    assert (snapshot.obligations, snapshot.completions, snapshot.audit, snapshot.sends) == ({}, (), (), {})
    assert store.obligations() == [] and store.obligation("x") is None and store.version_token() is None
    assert not (tmp_path / "data").exists()


def test_the_first_write_creates_the_file_and_its_directories(tmp_path: Path) -> None:
    path = tmp_path / "data" / "dir" / "db.json"
    Store(path).add_obligation(obligation("a"))
    assert Store(path).obligation("a") is not None


# ---------------------------------------------------------------- obligations


def test_an_added_obligation_reads_back_with_bookkeeping_and_an_audit_row(store: Store) -> None:
    added = store.add_obligation(obligation("a"))
    assert (
        store.obligation("a")
        == added
        == obligation("a")
        | {
            "created_at": added["created_at"],
            "updated_at": added["created_at"],
            "deleted_at": None,
            "version": 1,
            "next_action": None,  # a store given no deriver knows no date: always read
            "next_due": None,
            "resume": None,  # nor where to search from: every completion is read
        }
    )
    (row,) = store.audit()
    assert (row["action"], row["key"], row["who"], row["before"], row["after"]) == (
        "add",
        "a",
        "tester@test",
        None,
        added,
    )


def test_store_fields_passed_in_are_ignored(store: Store) -> None:
    added = store.add_obligation(obligation("a", created_at="1999-01-01", deleted_at="1999-01-02"))
    assert added["created_at"] != "1999-01-01" and added["deleted_at"] is None


def test_adding_a_key_that_exists_is_refused_and_writes_nothing(store: Store) -> None:
    store.add_obligation(obligation("a"))
    before = store.path.read_bytes()
    with pytest.raises(InputError, match="already exists"):
        store.add_obligation(obligation("a", title="别的"))
    assert store.path.read_bytes() == before
    store.delete_obligation("a")
    with pytest.raises(InputError, match="deleted obligation"):
        store.add_obligation(obligation("a"))
    assert store.obligation("a", include_deleted=True)["title"] == "事项 a"  # type: ignore[index]


def test_an_update_changes_only_the_fields_given_and_audits_only_the_difference(store: Store) -> None:
    store.add_obligation(obligation("a", notes="原备注"))
    updated = store.update_obligation("a", {"title": "新标题", "notes": "原备注"})
    assert updated["title"] == "新标题" and updated["notes"] == "原备注" and updated["owners"] == ["张三"]
    assert store.obligation("a") == updated
    row = store.audit("a")[-1]
    assert (row["action"], row["before"], row["after"]) == ("update", {"title": "事项 a"}, {"title": "新标题"})


def test_an_update_that_changes_nothing_writes_nothing(store: Store) -> None:
    store.add_obligation(obligation("a"))
    token = store.version_token()
    store.update_obligation("a", {"title": "事项 a"})
    assert store.version_token() == token and len(store.audit()) == 1


def test_an_update_cannot_rename_or_reach_missing_or_deleted_obligations(store: Store) -> None:
    store.add_obligation(obligation("a"))
    with pytest.raises(InputError, match="cannot change"):
        store.update_obligation("a", {"key": "b"})
    with pytest.raises(NotFoundError, match="No obligation"):
        store.update_obligation("zz", {"title": "x"})
    store.delete_obligation("a")
    with pytest.raises(NotFoundError, match="deleted"):
        store.update_obligation("a", {"title": "x"})


def test_delete_is_soft_and_restore_brings_the_obligation_back(store: Store) -> None:
    store.add_obligation(obligation("a"))
    store.add_obligation(obligation("b"))
    deleted = store.delete_obligation("a")
    assert deleted["deleted_at"] is not None
    assert [o["key"] for o in store.obligations()] == ["b"]
    assert [o["key"] for o in store.obligations(include_deleted=True)] == ["a", "b"]
    assert store.obligation("a") is None and list(store.snapshot().deleted) == ["a"]
    store.delete_obligation("a")  # already deleted: nothing to do
    restored = store.restore_obligation("a")
    assert restored["deleted_at"] is None and store.obligation("a") == restored
    assert [row["action"] for row in store.audit("a")] == ["add", "delete", "restore"]
    with pytest.raises(NotFoundError):
        store.delete_obligation("zz")


# ---------------------------------------------------------------- upsert


def test_an_upsert_reports_what_it_added_changed_and_left_alone(store: Store) -> None:
    store.upsert_obligations([obligation("a"), obligation("b")])
    result = store.upsert_obligations([obligation("b", title="改"), obligation("c"), obligation("a")])
    assert (result.added, result.updated, result.unchanged) == (("c",), ("b",), ("a",))
    assert sorted((row["action"], row["key"]) for row in store.audit()[2:]) == [("import", "b"), ("import", "c")]
    assert store.obligation("b")["title"] == "改"  # type: ignore[index]


def test_upserting_the_same_records_again_changes_nothing_and_writes_nothing(store: Store) -> None:
    records = [obligation(f"k{i}", owners=("张三", "李四"), params={"from": "2026-01-05"}) for i in range(50)]
    store.upsert_obligations(records)
    before = (store.version_token(), store.path.read_bytes())
    result = store.upsert_obligations(records)
    assert (result.added, result.updated, len(result.unchanged)) == ((), (), 50)
    assert (store.version_token(), store.path.read_bytes()) == before


def test_an_upsert_keeps_fields_the_record_does_not_mention(store: Store) -> None:
    store.add_obligation(obligation("a", notes="手写备注"))
    store.upsert_obligations([{"key": "a", "title": "新标题"}])
    assert store.obligation("a")["notes"] == "手写备注"  # type: ignore[index]


def test_an_upsert_brings_a_deleted_key_back(store: Store) -> None:
    store.add_obligation(obligation("a"))
    store.delete_obligation("a")
    result = store.upsert_obligations([obligation("a")])
    assert result.updated == ("a",) and store.obligation("a") is not None


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([obligation("a"), obligation("b"), obligation("a")], "records 1 and 3"),
        ([obligation("a"), {"title": "无键"}], "Record 2 has no 'key'"),
        ([obligation("a", start=datetime.date(2026, 1, 1))], "ISO strings"),
        ([obligation("a", params={"x": float("nan")})], "cannot be stored as JSON"),
    ],
)
def test_a_bad_batch_is_refused_whole(store: Store, records: list[dict[str, Any]], message: str) -> None:
    store.add_obligation(obligation("z"))
    before = store.path.read_bytes()
    with pytest.raises(InputError, match=message):
        store.upsert_obligations(records)
    assert store.path.read_bytes() == before


# ---------------------------------------------------------------- completions and sends


def test_a_completion_is_recorded_and_can_be_undone(store: Store) -> None:
    store.add_obligation(obligation("a"))
    done = store.add_completion(completion("a"))
    assert done["id"] and done["at"] and store.completions("a") == [done] and store.completions("b") == []
    assert store.snapshot().completions_by_key == {"a": (done,)}
    removed = store.remove_completion(done["id"])
    assert removed == done and store.completions() == []
    assert [(r["action"], r["before"], r["after"]) for r in store.audit("a")[1:]] == [
        ("complete", None, done),
        ("uncomplete", done, None),
    ]
    with pytest.raises(NotFoundError, match="undone already"):
        store.remove_completion(done["id"])


def test_a_completion_needs_a_live_obligation_and_a_new_id(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.add_completion(completion("nope"))
    store.add_obligation(obligation("a"))
    store.add_completion(completion("a", id="c1"))
    with pytest.raises(InputError, match="already exists"):
        store.add_completion(completion("a", id="c1"))
    store.delete_obligation("a")
    with pytest.raises(NotFoundError, match="deleted"):
        store.add_completion(completion("a"))


def send(stage: str, *, state: str, attempts: int, error: str | None = None) -> dict[str, Any]:
    return {
        "id": send_id("a", "2026-04-30", stage, "张三@example.com"),
        "key": "a",
        "occurrence": "2026-04-30",
        "stage": stage,
        "recipient": "张三@example.com",
        "state": state,
        "attempts": attempts,
        "last_error": error,
        "sent_at": None if error else "2026-04-23T01:00:00+00:00",
        "message_id": None,
        "late": False,
    }


def test_sends_are_kept_by_id_and_replaced_not_duplicated(store: Store) -> None:
    store.record_sends([send("7d", state="failed", attempts=1, error="421 try again later")])
    store.record_sends([send("7d", state="sent", attempts=2), send("1d", state="sent", attempts=1)])
    sends = store.sends()
    assert list(sends) == ["a|2026-04-30|7d|张三@example.com", "a|2026-04-30|1d|张三@example.com"]
    assert list(sends.values()) == [send("7d", state="sent", attempts=2), send("1d", state="sent", attempts=1)]
    assert list(store.sends({"a|2026-04-30|1d|张三@example.com", "other"})) == ["a|2026-04-30|1d|张三@example.com"]
    assert store.audit() == []


# ---------------------------------------------------------------- transactions and the file


def test_a_transaction_is_written_whole_or_not_at_all(store: Store) -> None:
    store.add_obligation(obligation("a"))
    first_state = store.path.read_bytes()
    with pytest.raises(RuntimeError, match="boom"), store.transaction() as tx:
        tx.add_obligation(obligation("b"))
        raise RuntimeError("boom")
    assert store.path.read_bytes() == first_state
    with store.transaction() as tx:
        tx.add_obligation(obligation("b"))
        tx.update_obligation("a", {"title": "改"})
        tx.add_completion(completion("b", id="c1"))
        assert tx.obligation("b") is not None
    assert [o["title"] for o in store.obligations()] == ["改", "事项 b"] and len(store.completions()) == 1
    # One replace: the backup is the state before the transaction, not some state in between.
    assert (store.path.parent / "db.json.bak").read_bytes() == first_state


def test_a_transaction_cannot_be_nested(store: Store) -> None:
    with pytest.raises(RuntimeError, match="already open"), store.transaction():
        store.add_obligation(obligation("a"))
    assert store.obligations() == []


def test_threads_sharing_one_store_lose_nothing(store: Store) -> None:
    def add(tag: str) -> None:
        for i in range(30):
            store.add_obligation(obligation(f"{tag}-{i}"))

    threads = [threading.Thread(target=add, args=(tag,)) for tag in ("ui", "worker", "poller")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o["key"] for o in store.obligations()) == sorted(
        f"{t}-{i}" for t in ("ui", "worker", "poller") for i in range(30)
    )


def test_every_write_keeps_the_previous_file_as_bak(store: Store, path: Path) -> None:
    store.add_obligation(obligation("a"))
    first = path.read_bytes()
    store.add_obligation(obligation("b"))
    assert (path.parent / "db.json.bak").read_bytes() == first
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "db.json",
        "db.json.audit.ndjson",
        "db.json.bak",
        "db.json.lock",
    ]


def test_chinese_text_round_trips_exactly_and_is_stored_as_utf8(store: Store, path: Path) -> None:
    title = "《企业标准化促进办法》第十二条：自发布之日起30日内（含节假日）备案；𠮷野家、「引号」、全角　空格"
    store.add_obligation(obligation("备案-1", title=title, notes="换行\n制表\t"))
    assert Store(path).obligation("备案-1")["title"] == title  # type: ignore[index]
    raw = path.read_bytes()
    assert title.encode("utf-8") in raw and b"\\u" not in raw


def test_the_version_token_changes_on_writes_only(store: Store) -> None:
    store.add_obligation(obligation("a"))
    token = store.version_token()
    store.snapshot()
    assert store.version_token() == token == store.snapshot().token
    store.add_obligation(obligation("b"))
    assert store.version_token() != token


def test_a_record_broken_by_hand_is_reported_at_its_own_line(store: Store, path: Path) -> None:
    store.upsert_obligations([obligation(f"k{i}") for i in range(5)])
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, start=1) if '"key": "k3"' in line)
    lines[number - 1] = lines[number - 1].replace('"title": ', '"title" ')
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(StoreError, match=f"line {number}, column"):
        store.obligations()


# ---------------------------------------------------------------- damaged files

DAMAGED = [
    ("damaged-syntax.json", "line 7, column 1", "第 7 行第 1 列"),
    ("damaged-truncated.json", "line 7, column 40", "第 7 行第 40 列"),
    ("damaged-trailing-data.json", "line 13, column 1", "第 13 行第 1 列"),
    ("damaged-top-level-list.json", "line 1, column 1", "第 1 行第 1 列"),
    ("damaged-table-not-object.json", "line 9, column 16", "第 9 行第 16 列"),
    ("damaged-record-without-key.json", "line 7, column 6", "第 7 行第 6 列"),
    ("damaged-duplicate-key.json", "line 7, column 6", "第 7 行第 6 列"),
    ("damaged-record-id.json", "line 7, column 8", "第 7 行第 8 列"),
    ("damaged-schema-version.json", "line 3, column 6", "第 3 行第 6 列"),
    ("damaged-not-utf8.json", "line 6 (byte 99)", "第 6 行（第 99 字节）"),
    ("damaged-empty.json", "line 1", "第 1 行"),
    ("damaged-nul-bytes.json", "line 1, column 1", "第 1 行第 1 列"),
]

OPERATIONS: dict[str, Callable[[Store], object]] = {
    "snapshot": Store.snapshot,
    "obligations": Store.obligations,
    "completions": Store.completions,
    "audit": Store.audit,
    "sends": Store.sends,
    "upsert": lambda s: s.upsert_obligations([obligation("new")]),
    "add": lambda s: s.add_obligation(obligation("new")),
    "update": lambda s: s.update_obligation("qual-renewal", {"title": "x"}),
    "delete": lambda s: s.delete_obligation("qual-renewal"),
    "restore": lambda s: s.restore_obligation("qual-renewal"),
    "complete": lambda s: s.add_completion(completion("qual-renewal")),
    "uncomplete": lambda s: s.remove_completion("c1"),
    "sends write": lambda s: s.record_sends([{"id": "x|y|z|w", "state": "sent"}]),
    "empty transaction": lambda s: s.transaction().__enter__(),
}


@pytest.mark.parametrize(("name", "where_en", "where_zh"), DAMAGED)
def test_a_damaged_file_is_reported_with_its_position_and_never_written(
    path: Path, store: Store, name: str, where_en: str, where_zh: str
) -> None:
    shutil.copy(DATA / name, path)
    original = path.read_bytes()
    for operation in OPERATIONS.values():
        with pytest.raises(StoreError) as raised:
            operation(store)
        assert f"{path} is damaged at {where_en}" in raised.value.text.en
        assert f"{path} 已损坏：{where_zh}" in raised.value.text.zh
        assert (
            "deadlines doctor --restore" in raised.value.text.en
            and "deadlines doctor --restore" in raised.value.text.zh
        )
    assert path.read_bytes() == original
    assert sorted(p.name for p in path.parent.iterdir()) == ["db.json", "db.json.lock"]
    report = check(path)
    assert not report.ok and report.damage is not None and where_en in report.damage.text.en


def test_a_file_with_a_byte_order_mark_is_read(path: Path, store: Store) -> None:
    shutil.copy(DATA / "sound-with-bom.json", path)
    assert [o["key"] for o in store.obligations()] == ["qual-renewal", "annual-report"]


def test_a_file_from_a_newer_version_is_refused_and_left_alone(path: Path, store: Store) -> None:
    shutil.copy(DATA / "schema-newer.json", path)
    original = path.read_bytes()
    for operation in OPERATIONS.values():
        with pytest.raises(StoreError, match=f"schema version 99, newer than the version {SCHEMA_VERSION}"):
            operation(store)
    assert path.read_bytes() == original
    report = check(path)
    assert report.too_new and not report.ok and report.damage is None


# ---------------------------------------------------------------- migrations


def test_a_version_0_file_is_backed_up_then_migrated_once(path: Path, store: Store) -> None:
    shutil.copy(DATA / "schema-v0.json", path)
    original = path.read_bytes()
    assert check(path).needs_migration

    obligations = store.obligations()

    assert [o["key"] for o in obligations] == ["qual-renewal", "annual-report"]
    assert all(o["deleted_at"] is None and o["created_at"] and o["updated_at"] for o in obligations)
    assert obligations[0]["title"] == "资质证书有效期届满60日前申请延续"
    (done,) = store.completions()
    assert done["id"] and done["evidence"] == "报送回执.pdf"
    (backup,) = path.parent.glob("db.json.v0-*.bak")
    assert backup.read_bytes() == original
    (row,) = store.audit()
    assert (row["action"], row["before"], row["after"]) == (
        "migrate",
        {"schema_version": 0},
        {"schema_version": SCHEMA_VERSION, "backup": backup.name},
    )
    assert check(path).schema_version == SCHEMA_VERSION
    store.add_obligation(obligation("new"))
    assert len(list(path.parent.glob("db.json.v0-*.bak"))) == 1 and len(store.audit()) == 2


# ---------------------------------------------------------------- doctor


def test_check_counts_records_without_changing_anything(store: Store, path: Path) -> None:
    store.upsert_obligations([obligation("a"), obligation("b"), obligation("c")])
    store.delete_obligation("c")
    store.add_completion(completion("a"))
    store.record_sends([{"id": send_id("a", "2026-04-30", "7d", "x@example.com"), "state": "sent"}])
    before = path.read_bytes()
    report = check(path)
    assert report.ok and report.exists and report.schema_version == SCHEMA_VERSION
    assert dict(report.counts) == {"obligations": 2, "deleted": 1, "completions": 1, "audit": 5, "sends": 1}
    assert report.backups == (path.parent / "db.json.bak",)
    assert path.read_bytes() == before
    assert check(path.parent / "none.json").exists is False


def test_restore_puts_back_the_newest_good_backup_and_keeps_the_broken_file(store: Store, path: Path) -> None:
    store.add_obligation(obligation("a"))
    store.add_obligation(obligation("b"))
    broken = path.read_bytes()[:100]
    path.write_bytes(broken)

    used = restore_backup(path)

    assert used == path.parent / "db.json.bak"
    assert [o["key"] for o in store.obligations()] == ["a"]
    (aside,) = path.parent.glob("db.json.broken-*")
    assert aside.read_bytes() == broken


def test_restore_skips_backups_that_are_damaged_too(store: Store, path: Path) -> None:
    shutil.copy(DATA / "schema-v0.json", path)
    store.add_obligation(obligation("a"))  # migrates (v0 backup), then writes (db.json.bak)
    (path.parent / "db.json.bak").write_bytes(b"{")
    path.write_bytes(b"")

    used = restore_backup(path)

    assert used.name.startswith("db.json.v0-")
    assert [o["key"] for o in store.obligations()] == ["qual-renewal", "annual-report"]


def test_restore_refuses_a_sound_file_and_reports_when_no_backup_is_good(store: Store, path: Path) -> None:
    store.add_obligation(obligation("a"))
    store.add_obligation(obligation("b"))
    sound = path.read_bytes()
    with pytest.raises(StoreError, match="sound; there is nothing to restore"):
        restore_backup(path)
    assert path.read_bytes() == sound

    (path.parent / "db.json.bak").unlink()
    path.write_bytes(b"[")
    with pytest.raises(StoreError, match="no good backup"):
        restore_backup(path)
    assert path.read_bytes() == b"["


def test_restore_refuses_when_there_is_nothing_at_all(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no good backup"):
        restore_backup(tmp_path / "missing" / "db.json")
    assert not (tmp_path / "missing").exists()


def test_temp_files_left_by_a_dead_writer_are_cleared_by_the_next_write(store: Store, path: Path) -> None:
    store.add_obligation(obligation("a"))
    (path.parent / ".db.json.k3j9x_a1.tmp").write_bytes(b'{"half": ')
    store.add_obligation(obligation("b"))
    assert not list(path.parent.glob("*.tmp")) and len(store.obligations()) == 2
    assert os.listdir(path.parent).count("db.json") == 1


def test_a_new_database_is_private_to_its_user_whatever_the_umask(tmp_path: Path) -> None:
    """Issue #12 point 12: with umask 022 the data dir was 0755 and the file 0644, readable by every local user."""
    old = os.umask(0o022)
    try:
        path = tmp_path / "home" / "deadlines.json"
        Store(path).add_obligation(obligation("a"))
        Store(path).add_obligation(obligation("b"))  # the second write makes the .bak
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()}
    assert modes == dict.fromkeys(
        ["deadlines.json", "deadlines.json.bak", "deadlines.json.lock", "deadlines.json.audit.ndjson"], 0o600
    )
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_database_keeps_the_permissions_its_owner_gave_it(store: Store, path: Path) -> None:
    store.add_obligation(obligation("a"))
    path.chmod(0o640)
    store.add_obligation(obligation("b"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_symlinked_database_is_written_through_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real" / "deadlines.json"
    Store(real).add_obligation(obligation("a"))
    link = tmp_path / "link.json"
    link.symlink_to(real)
    Store(link).add_obligation(obligation("b"))
    assert link.is_symlink() and [o["key"] for o in Store(real).obligations()] == ["a", "b"]


def test_a_fifo_as_the_database_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "db.json"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="not a regular file"):
        Store(fifo).obligations()
