"""`deadlines db copy` is lossless: file → PostgreSQL → file gives back every record, completion, audit row and
send row exactly (stamps, versions, authors and order included)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from deadlines.core.errors import InputError
from deadlines.store import Store, open_store, send_id
from deadlines.store.copy import copy_store
from tests.unit.test_store import completion, obligation

pytestmark = pytest.mark.usefixtures("english")


def everything(store: Any) -> dict[str, Any]:
    snap = store.snapshot()
    return {
        "obligations": store.obligations(include_deleted=True),
        "completions": list(snap.completions),
        "audit": list(snap.audit),
        "sends": list(snap.sends.items()),
    }


def used(path: Path) -> Store:
    """A file store with a little of everything a year of use leaves: edits, deletes, undo, sends, Chinese text."""
    store = Store(path, who="张三@desk")
    store.upsert_obligations([obligation(f"k{i}", notes=f"第{i}项") for i in range(5)])
    store.update_obligation("k1", {"owners": ["李四@example.com"], "params": {"n": 3, "from": "2026-03-01"}})
    store.delete_obligation("k2")
    store.add_obligation(obligation("k9", lead_times=["30日", "5个工作日"], start_counts=True))
    store.restore_obligation("k2")
    store.delete_obligation("k3")
    store.add_completion(completion("k1", id="c1"))
    store.add_completion(completion("k4", id="c2", occurrence="2027-04-30", done_on="2027-04-01"))
    store.remove_completion("c2")
    store.record_sends([{"id": send_id("k1", "2026-04-30", "7d", "x@example.com"), "state": "attempted"}])
    store.record_sends(
        [{"id": send_id("k1", "2026-04-30", "7d", "x@example.com"), "state": "sent", "at": "2026-04-23"}]
    )
    store.record_sends([{"id": send_id("k4", "2026-04-30", "30d", "y@example.com"), "state": "failed"}])
    return store


def test_file_to_postgres_and_back_is_lossless(tmp_path: Path, pg_url: str) -> None:
    source = used(tmp_path / "source.json")
    original = everything(source)
    assert len(original["audit"]) == 13 and len(original["sends"]) == 2

    server = open_store(pg_url)
    counts = copy_store(source, server)
    assert dict(counts) == {"obligations": 6, "completions": 1, "audit": 13, "sends": 2}
    assert everything(server) == original

    back = Store(tmp_path / "back.json")
    copy_store(server, back)
    assert everything(back) == original
    assert [o["key"] for o in back.obligations(include_deleted=True)] == ["k0", "k1", "k2", "k3", "k4", "k9"]


def test_copy_refuses_a_target_that_holds_the_same_records(tmp_path: Path, pg_url: str) -> None:
    source = used(tmp_path / "source.json")
    copy_store(source, open_store(pg_url))
    before = everything(open_store(pg_url))
    with pytest.raises(InputError, match="already holds"):
        copy_store(source, open_store(pg_url))
    assert everything(open_store(pg_url)) == before


def test_db_commands_copy_migrate_and_compact(tmp_path: Path, pg_url: str, cli) -> None:  # type: ignore[no-untyped-def]
    used(tmp_path / "source.json")
    copied = cli("--db", str(tmp_path / "source.json"), "--lang", "en", "db", "copy", "--to", pg_url)
    assert copied.exit_code == 0, copied.output
    assert "copied: obligations 6, completions 1, audit 13, sends 2" in copied.stderr
    assert "s3cret" not in copied.stderr + copied.stdout
    back = cli("--db", pg_url, "db", "copy", "--to", str(tmp_path / "back.json"))
    assert back.exit_code == 0, back.output
    assert everything(Store(tmp_path / "back.json")) == everything(Store(tmp_path / "source.json"))
    assert cli("--db", pg_url, "--lang", "en", "db", "migrate").stderr.strip().endswith("schema 4 → 4")
    compacted = cli("--db", str(tmp_path / "source.json"), "db", "compact")
    assert (
        compacted.exit_code == 0
        and everything(Store(tmp_path / "source.json"))["sends"] == everything(Store(tmp_path / "back.json"))["sends"]
    )


def test_doctor_on_postgres_reports_the_schema_and_counts(tmp_path: Path, pg_url: str, cli) -> None:  # type: ignore[no-untyped-def]
    copy_store(used(tmp_path / "source.json"), open_store(pg_url))
    result = cli("--db", pg_url, "--lang", "en", "doctor")
    assert result.exit_code == 0, result.output
    assert "schema: 4" in result.stdout and "obligations: 5" in result.stdout and "deleted: 1" in result.stdout
    assert "s3cret" not in result.stdout
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("ALTER TABLE completions DROP CONSTRAINT completions_key_fkey")
    broken = cli("--db", pg_url, "--lang", "en", "doctor")
    assert broken.exit_code == 1 and "missing constraint completions_key_fkey" in broken.stdout
