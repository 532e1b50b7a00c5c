"""Every shipped profile applied through the CLI: what `list` and `remind` then say on 2026-12-01.

Each profile is applied with every parameter set (one date for all), once on the
day itself and once in mid-2022, when most subsidy policies were still in force
and their yearly windows were generated from then on.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from deadlines import paths
from deadlines.core.profiles import load_profiles

PROFILES = load_profiles(paths.shipped("profiles"))
TODAY = "2026-12-01"
OWNER = "li@example.com"
WINDOW_OR_DUE = {"overdue", "due_today", "window_open", "due_soon"}


def apply_all(cli, added: str, event: str) -> None:
    for profile in PROFILES.values():
        sets = [f"--set={p.key}={event}" for p in profile.params if p.default is None and p.type == "date"]
        r = cli("--today", added, "profile", "apply", profile.name, *sets, "--owner", OWNER)
        assert r.exit_code == 0, (profile.name, r.stderr)


def listed(cli) -> dict[str, dict]:
    r = cli("--today", TODAY, "list", "--format", "json")
    assert r.exit_code == 0, r.stderr
    return {item["key"]: item for item in json.loads(r.stdout)}


@pytest.fixture(params=[("2026-12-01", "2026-03-02"), ("2022-06-01", "2022-03-02")], ids=["added-today", "added-2022"])
def applied(request, cli) -> dict[str, dict]:
    added, event = request.param
    apply_all(cli, added, event)
    return listed(cli)


def test_the_json_carries_role_until_and_activation(applied) -> None:
    foshan = applied["subsidy-foshan/measures-sunset"]
    assert (foshan["role"], foshan["until"], foshan["status"]) == ("info", "2023-11-30", "ended")
    request = applied["national-standards-revision/recommended-extension-request"]
    assert (request["optional"], request["active"], request["status"]) == (True, False, "optional")


def test_nothing_whose_policy_ended_is_in_a_window_or_due(applied) -> None:
    ended = [i for i in applied.values() if i["until"] and date.fromisoformat(i["until"]) < date(2026, 12, 1)]
    assert len(ended) >= 30  # 佛山, 黄埔, 天津, 临沂, 威海, 枣庄, 聊城, the talent plan, the 2022/2023 notices
    assert [i["key"] for i in ended if i["status"] in WINDOW_OR_DUE | {"blocked"}] == []


def test_only_active_duties_are_overdue(applied) -> None:
    overdue = [i for i in applied.values() if i["status"] == "overdue"]
    assert overdue, "real duties applied with 2022 or 2026-03-02 events are overdue"
    assert [i["key"] for i in overdue if i["role"] != "duty" or not i["active"]] == []
    assert {i["role"] for i in applied.values() if i["status"] in ("expected", "past")} <= {"authority", "info"}


def test_the_reminder_mails_only_active_duties_of_policies_in_force(applied, cli) -> None:
    r = cli("remind", "--today", TODAY, "--dry-run", "--from", "robot@example.com")
    assert r.exit_code == 0, r.stderr
    mailed = set(re.findall(r"键：(\S+?)（期次", r.stdout))
    assert mailed, r.stdout
    wrong = [
        key
        for key in mailed
        if applied[key]["role"] != "duty" or not applied[key]["active"] or (applied[key]["until"] or "9999") < TODAY
    ]
    assert wrong == []
    # The subject's count of overdue items is the count of overdue duties.
    counted = re.search(r"逾期 (\d+) 项", r.stdout)
    overdue = [i for i in applied.values() if i["status"] == "overdue"]
    assert counted is not None and int(counted[1]) == len(overdue)


def test_a_lapsed_profile_says_so_before_writing(cli, isolated_home) -> None:
    r = cli("--today", TODAY, "profile", "apply", "subsidy-foshan", "--dry-run")
    assert r.exit_code == 0
    assert "政策有效期至 2023-11-30，已经结束" in r.stderr and "--dry-run" in r.stderr
    assert "已结束" in r.stdout  # the preview's status column
    assert not (isolated_home / "deadlines.json").exists()
    r = cli("--today", TODAY, "profile", "apply", "quality-month-2022")
    assert "已经结束" in r.stderr and "新增 1" in r.stderr


def test_activate_an_optional_step_and_keep_it_active_when_applied_again(cli) -> None:
    sets = ("--set", "plan_issued=2025-06-30")
    cli("--today", "2026-11-10", "profile", "apply", "national-standards-revision", *sets)
    key = "national-standards-revision/recommended-extension-request"
    assert listed(cli)[key]["status"] == "optional"
    r = cli("--today", "2026-11-10", "activate", key)
    assert r.exit_code == 0 and "已启用" in r.stderr
    # 30 days before the 18-month deadline (Wed 2026-12-30, 004 L2479/L2481) is Mon 2026-11-30: now overdue.
    assert (listed(cli)[key]["status"], listed(cli)[key]["next_due"]) == ("overdue", "2026-11-30")
    cli("--today", "2026-11-10", "profile", "apply", "national-standards-revision", *sets)
    assert listed(cli)[key]["active"] is True
    assert cli("activate", key, "--off").exit_code == 0 and listed(cli)[key]["status"] == "optional"


def test_activating_a_step_that_is_not_optional_is_refused(cli) -> None:
    cli("--today", TODAY, "profile", "apply", "subsidy-beijing")
    r = cli("activate", "subsidy-beijing/measures-effective")
    assert r.exit_code == 2 and "不是可选环节" in r.stderr
    assert r.stderr.count("\n") == 1


def test_list_role_filter_shows_the_users_own_steps(applied, cli) -> None:
    r = cli("--today", TODAY, "list", "--role", "duty", "--format", "json")
    duties = {i["key"] for i in json.loads(r.stdout)}
    assert duties == {k for k, i in applied.items() if i["role"] == "duty"}
    assert "subsidy-foshan/measures-sunset" not in duties and "specialized-sme/status-validity" in duties
