"""Obligation commands against a real database file: what they print and what the store holds."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from deadlines.store import Store

GOLDEN = Path(__file__).parent.parent / "data" / "golden" / "list.json"
T = ("--today", "2026-11-21")


@pytest.fixture
def three(cli):
    """Three obligations whose dates were checked by hand (see the golden file)."""
    cli(
        *T,
        "add",
        "基础学分登记",
        "--rule",
        "培训结束后10个工作日内",
        "--start",
        "2026-09-30",
        "--key",
        "cas-basic",
        "--owner",
        "li@example.com",
        "--tag",
        "学分",
        "--source",
        "000 第71行",
    )
    cli(*T, "add", "积分奖励申请", "--rule", "每年12月1日至12月15日", "--key", "cas-window")
    cli(*T, "add", "领跑者称号有效期", "--rule", "有效期3年", "--start", "2024-03-15", "--key", "leader-2024")
    return cli


def test_list_json_is_the_stable_contract(three) -> None:
    """Changing this golden file is a change to the contract scripts rely on."""
    r = three(*T, "list", "--format", "json")
    assert r.exit_code == 0
    assert json.loads(r.stdout) == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_add_writes_the_store_and_prints_the_key(cli, isolated_home) -> None:
    r = cli(*T, "add", "年度总结", "--rule", "每年4月30日前", "--owner", "a@example.com", "--tag", "年报")
    key = r.stdout.strip()
    assert key.startswith("ob-")
    rec = Store(isolated_home / "deadlines.json").obligation(key)
    assert rec["title"] == "年度总结" and rec["owners"] == ["a@example.com"] and rec["since"] == "2026-11-21"
    # The same title and rule again is the same key: refused, not duplicated.
    again = cli(*T, "add", "年度总结", "--rule", "每年4月30日前")
    assert again.exit_code != 0 and key in again.stderr
    assert len(Store(isolated_home / "deadlines.json").obligations()) == 1


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("--rule", "下个月吧"), "「下个月吧」"),
        (("--rule", "每年4月30日前", "--owner", "not-an-email"), "not-an-email"),
        (("--rule", "每年4月30日前", "--start", "2026-02-30"), "2026-02-30"),
        (("--rule", "每年4月30日前", "--lead", "三天半"), "三天半"),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(cli, isolated_home, args, fragment) -> None:
    r = cli(*T, "add", "X", *args)
    assert r.exit_code == 2
    assert fragment in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (isolated_home / "deadlines.json").exists()


def test_status_filter_and_due_window(three) -> None:
    overdue = json.loads(three(*T, "list", "--status", "overdue", "--format", "json").stdout)
    assert [i["key"] for i in overdue] == ["cas-basic"]
    due = json.loads(three(*T, "due", "--within", "30", "--format", "json").stdout)
    assert [i["key"] for i in due] == ["cas-basic", "cas-window"]  # leader-2024 is 111 days away


def test_done_moves_a_window_to_next_year_and_records_history(three, isolated_home) -> None:
    r = three("--today", "2026-12-03", "done", "cas-window", "--evidence", "申请表 编号 118")
    assert r.exit_code == 0
    item = json.loads(three("--today", "2026-12-03", "show", "cas-window", "--json").stdout)
    assert (item["cycle"], item["next_due"]) == ("2027", "2027-12-15")
    assert item["history"][0]["evidence"] == "申请表 编号 118" and item["history"][0]["late"] is False
    audit = Store(isolated_home / "deadlines.json").audit("cas-window")
    assert [a["action"] for a in audit] == ["add", "complete"]


def test_done_late_is_recorded_as_late(three) -> None:
    three(*T, "done", "cas-basic")  # due 2026-10-20, done 2026-11-21
    item = json.loads(three(*T, "show", "cas-basic", "--json").stdout)
    assert item["status"] == "done" and item["history"][0]["late"] is True


def test_rm_is_recoverable(three) -> None:
    assert three(*T, "rm", "cas-basic").exit_code == 0
    assert "cas-basic" not in three(*T, "list", "--format", "json").stdout
    shown = three(*T, "show", "cas-basic")
    assert shown.exit_code == 1 and "deadlines restore cas-basic" in shown.stderr
    assert three(*T, "restore", "cas-basic").exit_code == 0
    assert "cas-basic" in three(*T, "list", "--format", "json").stdout


def test_edit_changes_only_what_is_given(three, isolated_home) -> None:
    three(*T, "edit", "cas-window", "--owner", "wang@example.com")
    rec = Store(isolated_home / "deadlines.json").obligation("cas-window")
    assert rec["owners"] == ["wang@example.com"] and rec["rule"] == "每年12月1日至12月15日"


def test_unknown_key(cli) -> None:
    r = cli(*T, "show", "nope")
    assert r.exit_code == 1 and "nope" in r.stderr


def test_csv_escapes_formulas(cli) -> None:
    cli(*T, "add", '=HYPERLINK("x")', "--rule", "每年4月30日前", "--key", "f1")
    out = cli(*T, "list", "--format", "csv").stdout
    assert "'=HYPERLINK" in out


def test_every_command_has_help_with_examples(cli) -> None:
    from deadlines.cli import main

    def walk(group, path):
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if isinstance(command, click.Group):
                yield from walk(command, (*path, name))
            else:
                yield (*path, name)

    paths = list(walk(main, ()))
    assert len(paths) >= 25
    for path in paths:
        r = cli(*path, "--help")
        assert r.exit_code == 0, path
        assert "示例：" in r.stdout, path


def test_due_warns_on_stderr_when_next_years_calendar_is_missing(three) -> None:
    r = three("--today", "2026-11-21", "due", "--format", "json")
    assert "2027" in r.stderr and "import-notice" in r.stderr
    json.loads(r.stdout)  # stdout stays pure data
    quiet = three("--today", "2026-09-30", "due", "--format", "json")
    assert quiet.stderr == ""


def test_trigger_from_a_parameter_and_from_another_obligation(cli) -> None:
    cli(
        *T,
        "add",
        "申请",
        "--rule",
        "培训结束后1年内",
        "--set",
        "training_end=2026-03-02",
        "--trigger",
        "training_end",
        "--key",
        "app",
    )
    cli(*T, "add", "审核", "--rule", "收到申请后15个工作日内", "--trigger", "@app", "--key", "rev")
    # 1 year after 2026-03-02 is Tue 2027-03-02; 15 working days after it is 2027-03-23 (see test_rules).
    items = {i["key"]: i for i in json.loads(cli(*T, "list", "--format", "json").stdout)}
    assert items["app"]["next_due"] == "2027-03-02" and items["rev"]["next_due"] == "2027-03-23"
    # Done on Fri 2026-11-20: the review now counts from that day → 2026-12-11.
    cli(*T, "done", "app", "--on", "2026-11-20")
    items = {i["key"]: i for i in json.loads(cli(*T, "list", "--format", "json").stdout)}
    assert items["rev"]["next_due"] == "2026-12-11"


def test_trigger_naming_a_missing_parameter_is_refused(cli) -> None:
    r = cli(*T, "add", "X", "--rule", "培训结束后10个工作日内", "--trigger", "training_end")
    assert r.exit_code == 2 and "--set training_end=" in r.stderr


def test_an_obligation_counting_from_another_ones_due_date_can_be_edited(cli) -> None:
    """Regression: the trigger check took `@drafting-deadline.due` for a key and refused every edit of it."""
    r = cli(
        "--today", "2026-12-01", "profile", "apply", "hainan-local-standards", "--set", "project_approved=2026-03-02"
    )
    assert r.exit_code == 0, r.stderr
    key = "hainan-local-standards/extension-request"
    r = cli("--today", "2026-12-01", "edit", key, "--owner", "li@example.com")
    assert r.exit_code == 0, r.stderr
    shown = json.loads(cli("--today", "2026-12-01", "show", key, "--json").stdout)
    assert shown["owners"] == ["li@example.com"] and shown["trigger"] == "@hainan-local-standards/drafting-deadline.due"


def test_an_obligation_counting_from_the_end_of_a_parameters_year_can_be_edited(cli) -> None:
    """Regression (found by the index property test): `standard_published.year_end` was looked up as a
    parameter name, so every edit of such an obligation ended in a KeyError traceback."""
    r = cli("--today", "2026-12-01", "profile", "apply", "subsidy-beijing", "--set", "standard_published=2026-03-02")
    assert r.exit_code == 0, r.stderr
    key = "subsidy-beijing/previous-year-standards"
    r = cli("--today", "2026-12-01", "edit", key, "--owner", "li@example.com")
    assert r.exit_code == 0, r.stderr
    assert json.loads(cli("--today", "2026-12-01", "show", key, "--json").stdout)["owners"] == ["li@example.com"]


def test_an_obligation_whose_policy_has_ended_cannot_be_marked_done(cli) -> None:
    """Regression (found by the index property test): `done` on an ended step recorded a completion that
    changed nothing, and a second `done` the same second failed on a duplicate completion id."""
    r = cli("--today", "2026-12-01", "profile", "apply", "subsidy-huangpu", "--set", "fraud_verified=2022-03-02")
    assert r.exit_code == 0, r.stderr
    shown = json.loads(cli("--today", "2026-12-01", "show", "subsidy-huangpu/fraud-ban", "--json").stdout)
    assert shown["status"] == "ended"
    r = cli("--today", "2026-12-01", "done", "subsidy-huangpu/fraud-ban")
    assert r.exit_code == 2 and "已结束" in r.stderr and "Traceback" not in r.stderr
    assert (
        json.loads(cli("--today", "2026-12-01", "show", "subsidy-huangpu/fraud-ban", "--json").stdout)["history"] == []
    )
