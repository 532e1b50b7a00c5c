"""Regressions of the bugs that came from the two front ends wiring the parts themselves (issue 9).

Through the real CLI (click in-process) against a real database file; the dates were worked out by
hand on the official 2026 calendar.
"""

from __future__ import annotations

import json

from deadlines.core.clock import beijing
from deadlines.store import Store

T = ("--today", "2026-11-21")


def test_add_with_a_parameter_trigger_prints_the_date_that_list_shows(cli) -> None:
    """培训结束后10个工作日内 from training_end=2026-09-30: the start day is not counted; 10-01..10-07 are
    国庆节, 10-10 (Sat) is a 调休 working day, 10-11 (Sun) rest. Working days after 09-30: 10-08, 10-09,
    10-10, 10-12, 10-13, 10-14, 10-15, 10-16, 10-19, 10-20 → the 10th is 2026-10-20. `add` used to print
    「下次到期 -」 because it passed the (empty) start date instead of the trigger."""
    r = cli(
        *T,
        "add",
        "T",
        "--rule",
        "培训结束后10个工作日内",
        "--trigger",
        "training_end",
        "--set",
        "training_end=2026-09-30",
    )
    assert r.exit_code == 0, r.stderr
    assert "下次到期 2026-10-20" in r.stderr
    [listed] = json.loads(cli(*T, "list", "--format", "json").stdout)
    assert listed["next_due"] == "2026-10-20"


def test_add_chained_to_another_obligation_prints_the_chain_date(cli) -> None:
    """@up is due 2026-12-15 (每年12月1日至12月15日); 5个工作日 after 12-15 (Tue): 12-16, 12-17, 12-18,
    12-21, 12-22 → 2026-12-22."""
    assert cli(*T, "add", "上游", "--rule", "每年12月1日至12月15日", "--key", "up").exit_code == 0
    r = cli(*T, "add", "下游", "--rule", "上游完成后5个工作日内", "--trigger", "@up", "--key", "down")
    assert r.exit_code == 0, r.stderr
    assert "下次到期 2026-12-22" in r.stderr


def test_one_obligation_with_an_unknown_region_does_not_break_list(cli, isolated_home) -> None:
    """A database that already holds a bad region (written by an older version): `list` still shows
    every other obligation, and that one as needing input, naming the region."""
    assert cli(*T, "add", "好的", "--rule", "每年3月31日前", "--key", "good").exit_code == 0
    store = Store(isolated_home / "deadlines.json")
    store.upsert_obligations(
        [{"key": "bad", "title": "坏的", "rule": "每年3月31日前", "region": "atlantis"}], action="test"
    )
    r = cli(*T, "list", "--format", "json")
    assert r.exit_code == 0, r.stderr
    items = {doc["key"]: doc for doc in json.loads(r.stdout)}
    assert items["good"]["next_due"] == "2027-03-31"
    assert items["bad"]["status"] == "invalid" and "atlantis" in items["bad"]["problem"]


def test_history_is_in_beijing_time_like_everything_else(cli) -> None:
    """The audit used to be stamped in UTC while mail and completions were in Beijing time. A new change
    is stamped +08:00; a record an older version wrote in UTC is shown converted (16:30Z is 00:30 the next
    day in Beijing)."""
    assert cli(*T, "add", "年报", "--rule", "每年3月31日前", "--key", "r").exit_code == 0
    shown = cli("history", "r").stdout
    assert "+08:00" in shown and "新增" in shown
    assert beijing("2026-11-20T16:30:00+00:00") == "2026-11-21T00:30:00+08:00"
