"""`deadlines profile` list, show and apply (twice: nothing duplicated)."""

from __future__ import annotations

import json

from deadlines.store import Store

T = ("--today", "2026-11-21")


def test_list_json(cli) -> None:
    doc = json.loads(cli("profile", "list", "--json").stdout)
    names = {p["name"] for p in doc}
    assert "cas-training-credits" in names and all(p["obligations"] > 0 for p in doc)


def test_show(cli) -> None:
    r = cli("profile", "show", "cas-training-credits")
    assert r.exit_code == 0 and "training_end" in r.stdout and "培训结束后10个工作日内" in r.stdout


def test_apply_twice_creates_nothing_new(cli, isolated_home) -> None:
    args = (
        *T,
        "profile",
        "apply",
        "cas-training-credits",
        "--set",
        "training_end=2026-09-30",
        "--owner",
        "li@example.com",
    )
    first = cli(*args)
    assert first.exit_code == 0, first.stderr
    assert "fraud-ban" in first.stderr  # the optional fraud date was not given: said, not silent
    store = Store(isolated_home / "deadlines.json")
    n = len(store.obligations())
    audit = len(store.audit())
    second = cli(*args)
    assert second.exit_code == 0
    assert "新增 0" in second.stderr
    assert len(store.obligations()) == n and len(store.audit()) == audit
    listed = json.loads(cli(*T, "list", "--profile", "cas-training-credits", "--format", "json").stdout)
    basic = next(i for i in listed if i["key"] == "cas-training-credits/basic-credit-registration")
    assert basic["next_due"] == "2026-10-20" and basic["owners"] == ["li@example.com"]


def test_dry_run_writes_nothing(cli, isolated_home) -> None:
    r = cli(*T, "profile", "apply", "cas-training-credits", "--set", "training_end=2026-09-30", "--dry-run")
    assert r.exit_code == 0 and "2026-10-20" in r.stdout
    assert not (isolated_home / "deadlines.json").exists()


def test_unknown_profile_and_missing_parameter(cli) -> None:
    r = cli("profile", "apply", "nope")
    assert r.exit_code == 1 and "cas-training-credits" in r.stderr
    r = cli("profile", "apply", "cas-training-credits")
    assert r.exit_code == 2 and "training_end" in r.stderr  # a usage error (issue #12 point 10)
