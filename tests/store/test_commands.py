"""Every command works the same on both backends: the same session of commands, run with `--db` a file and
`--db` a PostgreSQL URL, prints the same thing and exits the same way (the golden `list` JSON included)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parents[1] / "data" / "golden" / "list.json"
T = ("--today", "2026-11-21", "--lang", "en")

SESSION: list[tuple[str, ...]] = [
    (
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
    ),
    ("add", "积分奖励申请", "--rule", "每年12月1日至12月15日", "--key", "cas-window"),
    ("add", "领跑者称号有效期", "--rule", "有效期3年", "--start", "2024-03-15", "--key", "leader-2024"),
    ("list", "--format", "json"),
    ("edit", "cas-window", "--owner", "wang@example.com"),
    ("done", "cas-window", "--on", "2026-12-03"),
    ("due", "--format", "json"),
    ("show", "cas-window", "--json"),
    ("rm", "leader-2024"),
    ("list", "--format", "json"),
    ("restore", "leader-2024"),
    ("list", "--format", "csv"),
    ("add", "积分奖励申请", "--rule", "每年12月1日至12月15日", "--key", "cas-window"),
]


STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}|(?<=\"id\": \")[0-9a-f]{16}(?=\")")
"""When a record was written (the real clock), and completion ids hashed from it: they differ between the two
runs, so they are blanked."""


def run_session(cli, db: str) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    results = (cli("--db", db, *T, *args) for args in SESSION)
    return [(result.exit_code, STAMP.sub("<stamp>", result.stdout)) for result in results]


@pytest.mark.usefixtures("english")
def test_the_same_commands_give_the_same_output_on_both_backends(cli, tmp_path: Path, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    on_file = run_session(cli, str(tmp_path / "deadlines.json"))
    on_server = run_session(cli, pg_url)
    assert json.loads(on_server[3][1]) == json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert [code for code, _ in on_file][:-1] == [0] * (len(SESSION) - 1) and on_file[-1][0] != 0
    assert on_server == on_file
