"""Shared test setup: every test gets its own data dir, and nothing of the
developer's own configuration or data can leak in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deadlines.core.i18n import set_language


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """DEADLINES_HOME in a temp dir; no DEADLINES_TODAY/DB/NO_COLOR from the environment."""
    home = tmp_path / "home"
    monkeypatch.setenv("DEADLINES_HOME", str(home))
    for var in ("DEADLINES_TODAY", "DEADLINES_DB", "DEADLINES_SMTP_PASSWORD", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    set_language("zh")
    return home


@pytest.fixture
def cli() -> "CliFn":
    """Run `deadlines ARGS…` in-process; returns click's Result (stdout and stderr apart)."""
    from deadlines.cli import main

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:  # noqa: A002
        result = CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)
        set_language("zh")
        return result

    return run


CliFn = object


def run_process(
    *args: str,
    input: str | None = None,  # noqa: A002
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m deadlines ARGS…` as a real process (the installed package)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "deadlines", *args],
        input=input,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )
