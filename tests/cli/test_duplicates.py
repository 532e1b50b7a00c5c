"""Import after applying a profile (issue 15 point 3): the shipped examples/obligations.csv repeats three
obligations of the CAS profile under other keys. Their owners would get every reminder twice, so the
import refuses and lists them, unless told what to do with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deadlines.store import Store

EXAMPLE = Path(__file__).parents[2] / "examples" / "obligations.csv"
T = ("--today", "2026-11-21")


@pytest.fixture
def cas(cli):
    r = cli(*T, "profile", "apply", "cas-training-credits", "--set", "training_end=2026-09-30")
    assert r.exit_code == 0, r.stderr
    return cli


def _keys(isolated_home: Path) -> set[str]:
    return {r["key"] for r in Store(isolated_home / "deadlines.json").obligations()}


def test_the_example_file_after_the_cas_profile_is_refused_with_the_repeats_listed(cas, isolated_home) -> None:
    """cas-award-application, cas-publicity and cas-certificates have the same titles and rules as the profile's
    application, publicity-window and certificate-issuance."""
    before = _keys(isolated_home)
    r = cas(*T, "import", str(EXAMPLE))
    assert r.exit_code == 1
    for key in ("cas-award-application", "cas-publicity", "cas-certificates"):
        assert f"{key} 可能与已有的 cas-training-credits/" in r.stderr
    assert r.stderr.count("标题和规则相同") == 3
    assert "--on-duplicate" in r.stderr.splitlines()[-1]
    assert _keys(isolated_home) == before  # nothing written


def test_skip_update_and_add(cas, isolated_home) -> None:
    before = _keys(isolated_home)
    skipped = cas(*T, "import", str(EXAMPLE), "--on-duplicate", "skip", "--json")
    assert skipped.exit_code == 0, skipped.stderr
    added = set(json.loads(skipped.stdout)["added_keys"])
    assert not added & {"cas-award-application", "cas-publicity", "cas-certificates"}
    assert _keys(isolated_home) == before | added
    again = cas(*T, "import", str(EXAMPLE), "--on-duplicate", "add", "--json")
    assert {"cas-award-application", "cas-publicity", "cas-certificates"} <= set(json.loads(again.stdout)["added_keys"])


def test_update_writes_the_rows_onto_the_stored_obligations(cas, isolated_home) -> None:
    r = cas(*T, "import", str(EXAMPLE), "--on-duplicate", "update", "--json")
    assert r.exit_code == 0, r.stderr
    assert "cas-award-application" not in _keys(isolated_home)
    stored = Store(isolated_home / "deadlines.json").obligation("cas-training-credits/application")
    assert stored is not None and stored["owners"] == ["li.na@example.com"]  # the file's owner, on the profile's key


def test_the_same_source_line_under_another_title_is_a_likely_repeat(cas, isolated_home, tmp_path) -> None:
    """A row citing seed 000 line 104 (the profile's 年度学员奖励自愿申报 cites it too), titled differently."""
    row = tmp_path / "one.csv"
    row.write_text(
        "key,title,rule,source\nmine,积分奖励申请,每年12月1日至12月15日,000 第104行：自愿申报\n", encoding="utf-8"
    )
    r = cas(*T, "import", str(row))
    assert r.exit_code == 1 and "出处相同（000 第104行）" in r.stderr and "cas-training-credits/application" in r.stderr


def test_a_profile_applied_after_the_example_file_refuses_its_repeats(cli, isolated_home) -> None:
    """The other order: the example file first, then the CAS profile, whose three steps repeat its rows."""
    assert cli(*T, "import", str(EXAMPLE)).exit_code == 0
    before = _keys(isolated_home)
    apply = ("profile", "apply", "cas-training-credits", "--set", "training_end=2026-09-30")
    refused = cli(*T, *apply)
    assert refused.exit_code == 1 and refused.stderr.count("标题和规则相同") == 3
    assert _keys(isolated_home) == before
    skipped = cli(*T, *apply, "--on-duplicate", "skip")
    assert skipped.exit_code == 0, skipped.stderr
    added = _keys(isolated_home) - before
    assert added and "cas-training-credits/application" not in added
