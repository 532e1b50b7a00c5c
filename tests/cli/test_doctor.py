"""A damaged database: every command refuses it with its position, nothing overwrites it,
and `deadlines doctor --restore` brings back the last good state."""

from __future__ import annotations

import json

T = ("--today", "2026-11-21")


def test_broken_file_is_reported_never_overwritten_and_restored(cli, isolated_home) -> None:
    cli(*T, "add", "一", "--rule", "每年4月30日前", "--key", "a")
    cli(*T, "add", "二", "--rule", "每年5月31日前", "--key", "b")  # the first state is now <db>.bak
    db = isolated_home / "deadlines.json"
    good = db.read_bytes()
    broken = good[: len(good) // 2]  # a truncated file, as a crash of a careless writer leaves it
    db.write_bytes(broken)

    for args in (("list",), ("add", "三", "--rule", "每年6月30日前"), ("done", "a")):
        r = cli(*T, *args)
        assert r.exit_code == 1, args
        assert str(db) in r.stderr and "doctor --restore" in r.stderr
        assert "Traceback" not in r.stderr
        assert db.read_bytes() == broken  # never written over

    r = cli("doctor")
    assert r.exit_code == 1 and "schema" in r.stdout

    r = cli("doctor", "--restore")
    assert r.exit_code == 0, r.stderr
    keys = [i["key"] for i in json.loads(cli(*T, "list", "--format", "json").stdout)]
    assert keys == ["a"]  # the last good backup: the state before "b" was added
    assert list(isolated_home.glob("deadlines.json.broken-*"))  # the damaged file kept aside


def test_doctor_on_a_missing_file(cli) -> None:
    r = cli("doctor")
    assert r.exit_code == 0 and "尚不存在" in r.stdout


def test_doctor_names_the_obligations_whose_dates_cannot_be_computed(cli, isolated_home) -> None:
    """Issue 12: 5 working days before 2004-01-05 fall in 2003, which has no calendar. `add` refuses it now;
    a database written before (or by hand) can still hold one, and doctor names it while the file is fine."""
    from deadlines.store import Store

    assert cli("--today", "2026-04-29", "add", "好的", "--rule", "每年3月31日前", "--key", "good").exit_code == 0
    Store(isolated_home / "deadlines.json").upsert_obligations(
        [{"key": "old", "title": "旧事项", "rule": "2004年1月5日前", "lead_times": ["5个工作日"]}], action="test"
    )
    r = cli("--today", "2026-04-29", "doctor")
    assert r.exit_code == 0, r.stderr
    assert "1 项义务今天算不出日期" in r.stdout and "old:" in r.stdout and "good:" not in r.stdout
