"""Every bad input of `cases.py` through the real CLI (in-process): its exit code, one line on stderr,
no traceback, and the data dir byte for byte as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from deadlines.cli import main
from deadlines.core.i18n import set_language
from tests.badinput.cases import CASES, Case

TODAY = "2026-11-21"
SEED = [
    ("add", "积分奖励申请", "--rule", "每年12月1日至12月15日", "--key", "cas-window", "--owner", "li@example.com"),
    ("add", "基础学分登记", "--rule", "培训结束后10个工作日内", "--start", "2026-09-30", "--key", "cas-basic"),
    (
        "add",
        "领跑者称号",
        "--rule",
        "有效期3年",
        "--start",
        "2024-03-15",
        "--key",
        "leader",
        "--owner",
        "wang@example.com",
    ),
]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with three obligations, made once; each case gets a copy."""
    home = tmp_path_factory.mktemp("seed") / "home"
    for args in SEED:
        r = CliRunner().invoke(main, ["--today", TODAY, *args], env={"DEADLINES_HOME": str(home)})
        assert r.exit_code == 0, r.stderr
    set_language("zh")
    return home


def _files(home: Path) -> dict[str, bytes]:
    """Every file of the data dir with its bytes (lock files are empty and may come and go)."""
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.xfail(reason=c.pending, strict=True)) if c.pending else c for c in CASES],
    ids=[c.id for c in CASES],
)
def test_bad_input(case: Case, seeded: Path, isolated_home: Path, tmp_path: Path) -> None:
    shutil.copytree(seeded, isolated_home)
    work = tmp_path / "work"
    work.mkdir()
    for name, data in case.files.items():
        (work / name).write_bytes(data)
    before = _files(isolated_home)
    args = [arg.replace("{dir}", str(work)) for arg in case.args]
    result = CliRunner().invoke(main, ["--today", TODAY, *args], input=case.stdin)
    set_language("zh")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{case.id}: raised {result.exception!r}") from result.exception
    assert result.exit_code == case.code, f"{case.id}: exit {result.exit_code}; stderr: {result.stderr}"
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    if case.lines is not None:
        assert len(lines) == case.lines, f"{case.id}: {len(lines)} lines on stderr: {result.stderr}"
    assert _files(isolated_home) == before, f"{case.id}: the data dir changed"


def test_the_table_covers_every_command_with_at_least_300_cases() -> None:
    from deadlines.cli import COMMANDS

    assert len(CASES) >= 300
    used = {arg for case in CASES for arg in case.args}
    assert set(COMMANDS) - used <= {"locate", "doctor"} or not set(COMMANDS) - used - {"list", "due"}
