"""The command line as a Chinese user meets it: options anywhere, Chinese usage errors, suggestions,
statuses by their Chinese names, and shell completion of keys, profiles and regions (issue 15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from deadlines.cli.usage import hoist_global_options

T = ("--today", "2026-03-01")


def test_global_options_work_after_the_command(cli) -> None:
    """每年4月30日前 seen on 2026-03-01 is due 2026-04-30 (Thu); seen on the real day it would be 2027."""
    after = cli("rule", "每年4月30日前", "--today", "2026-03-01")
    assert after.exit_code == 0, after.stderr
    first_date = next(line for line in after.stdout.splitlines() if line[:1].isdigit())
    assert first_date.startswith("2026-04-30")
    assert cli("rule", "每年4月30日前", "--today=2026-03-01").stdout == after.stdout
    english = cli("rule", "每年4月30日前", "--today", "2026-03-01", "--lang", "en")
    assert "Rule:" in english.stdout and "规则" not in english.stdout


def test_hoisting_moves_only_options_after_the_command() -> None:
    commands = ["add", "list"]
    assert hoist_global_options(["--db", "list", "list", "--today", "x"], commands) == [
        "--db",
        "list",
        "--today",
        "x",
        "list",
    ]
    # After the command wins over the same option before it (click keeps the last one).
    assert hoist_global_options(["--today", "a", "add", "--today", "b"], commands) == [
        "--today",
        "a",
        "--today",
        "b",
        "add",
    ]
    assert hoist_global_options(["add", "t", "--", "--today"], commands) == ["add", "t", "--", "--today"]
    assert hoist_global_options(["add", "--lang=en", "t"], commands) == ["--lang=en", "add", "t"]


def test_usage_errors_are_chinese_with_the_names_kept(cli) -> None:
    cases = {
        ("lisst",): "没有命令「lisst」。您是否想用 'list'？",
        ("list", "--stat", "x"): "没有选项 --stat。",
        ("add",): "缺少参数 TITLE。",
        ("show", "a", "b"): "多余的参数：b。",
        ("show", "--count", "99", "k"): "选项 --count 的值 99 超出范围",
    }
    for args, expected in cases.items():
        r = cli(*args)
        assert r.exit_code == 2, args
        assert expected in r.stderr, (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_usage_errors_in_english_on_request(cli) -> None:
    r = cli("--lang", "en", "dues")
    assert r.exit_code == 2 and "No such command 'dues'. (Did you mean 'due'?)" in r.stderr


def test_status_filter_takes_chinese_and_english_names(cli) -> None:
    """2026年2月27日前 is overdue on 03-01; 每年12月1日至12月15日 is upcoming."""
    cli(*T, "add", "过期的", "--rule", "2026年2月27日前", "--key", "late")
    cli(*T, "add", "窗口", "--rule", "每年12月1日至12月15日", "--key", "win")
    for name in ("已逾期", "overdue", "Overdue"):
        r = cli(*T, "list", "--status", name, "--format", "json")
        assert r.exit_code == 0, r.stderr
        assert [d["key"] for d in json.loads(r.stdout)] == ["late"]
    bad = cli(*T, "list", "--status", "逾期了")
    assert bad.exit_code == 2 and "已逾期（overdue）" in bad.stderr


def test_shell_completion_of_keys_profiles_and_regions(cli, isolated_home) -> None:
    cli(*T, "add", "领跑者复评", "--rule", "每年4月30日前", "--key", "leader-x")

    def complete(words: str, cword: int) -> list[str]:
        env = {**os.environ, "COMP_WORDS": words, "COMP_CWORD": str(cword), "_DEADLINES_COMPLETE": "bash_complete"}
        out = subprocess.run([sys.executable, "-m", "deadlines"], env=env, capture_output=True, text=True, check=True)
        return [line.split(",", 1)[1] for line in out.stdout.splitlines()]

    assert complete("deadlines show lea", 2) == ["leader-x"]
    assert "leader-jiangsu" in complete("deadlines profile apply leader-j", 3)
    assert complete("deadlines calc 2026-01-01 1日 --region gu", 5) == ["guangxi"]
    assert complete("deadlines li", 1) == ["list"]


def test_a_done_item_shows_no_days_left(cli) -> None:
    """2026年3月4日前 done on 03-01: the list shows 已完成 and no "+3" days left."""
    cli(*T, "add", "报送", "--rule", "2026年3月4日前", "--key", "r")
    assert cli(*T, "done", "r").exit_code == 0
    (row,) = [line for line in cli(*T, "list").stdout.splitlines() if line.endswith(" r")]
    assert "已完成" in row and "+3" not in row
