"""Bad situations only a real process meets: stdout on a full device, a FIFO as the database, a data dir
that cannot be written. Each ends in one line on stderr, exit 1 or 2, and nothing changed."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import run_process

TODAY = ("--today", "2026-11-21")


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


@pytest.fixture
def seeded(isolated_home: Path) -> Path:
    r = run_process(*TODAY, "add", "积分奖励申请", "--rule", "每年12月1日至12月15日", "--key", "cas-window")
    assert r.returncode == 0, r.stderr
    return isolated_home


@contextmanager
def frozen(directory: Path) -> Iterator[None]:
    """Nothing can be created or replaced in `directory` (chattr +i as root, who ignores modes; else chmod)."""
    root = os.geteuid() == 0
    subprocess.run(["chattr", "+i", str(directory)], check=True) if root else directory.chmod(0o555)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(directory)], check=True) if root else directory.chmod(0o755)


@pytest.mark.parametrize(
    "args", [("list",), ("export",), ("calc", "2026-09-28", "10个工作日"), ("calendar", "show", "2026-10")]
)
def test_stdout_on_a_full_device(seeded: Path, args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        r = subprocess.run(
            [sys.executable, "-m", "deadlines", *TODAY, *args], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert r.returncode == 1 and "No space left on device" in one_line(r.stderr)


def test_a_fifo_as_the_database_is_refused_not_waited_on(seeded: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "db.json"
    os.mkfifo(fifo)
    r = subprocess.run(
        [sys.executable, "-m", "deadlines", "--db", str(fifo), "list"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 2 and "不是普通文件" in one_line(r.stderr)


def _snapshot(home: Path) -> dict[str, bytes]:
    """Every file but the locks (whose holder note changes with each holder)."""
    return {str(p): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file() and p.suffix != ".lock"}


@pytest.mark.parametrize(
    "args, code",
    [
        (("config", "set", "lang", "en"), 1),
        (("add", "新事项", "--rule", "每年4月30日前"), 1),
        (("import", "-"), 1),
        (("calendar", "import-notice", "-"), 1),
    ],
)
def test_a_data_dir_that_cannot_be_written(seeded: Path, args: tuple[str, ...], code: int) -> None:
    notice = Path(__file__).parents[1] / "data" / "notices" / "2026.txt"  # the State Council's notice as published
    stdin = {
        "import": "key,title,rule\nk2,标题,每年4月30日前\n",
        "calendar": notice.read_text(encoding="utf-8"),
    }.get(args[0])
    for lock in seeded.glob("*.lock"):
        lock.touch()
    before = _snapshot(seeded)
    with frozen(seeded):
        r = run_process(*TODAY, *args, input=stdin)
        after = _snapshot(seeded)
    assert r.returncode == code and "Traceback" not in r.stderr, r.stderr
    # One line of error, last (import-notice first shows what would change, as it always does).
    assert r.stderr.strip().splitlines()[-1].startswith("deadlines: 错误:") and r.stderr.count("错误") == 1
    assert after == before


def test_export_into_an_unwritable_directory(seeded: Path, tmp_path: Path) -> None:
    target_dir = tmp_path / "out"
    target_dir.mkdir()
    with frozen(target_dir):
        r = run_process(*TODAY, "export", "-o", str(target_dir / "all.json"))
    assert r.returncode == 1 and "无法写入" in one_line(r.stderr)
    assert list(target_dir.iterdir()) == []


def test_export_onto_a_full_disk_leaves_the_old_file(seeded: Path, tmp_path: Path) -> None:
    # A file-size limit of 16 bytes stands for a full disk: the temp file cannot grow, the old export stays.
    out = tmp_path / "out"
    out.mkdir()
    old = out / "all.json"
    old.write_text("[]\n", encoding="utf-8")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (16, 16))

    command = [sys.executable, "-m", "deadlines", *TODAY, "export", "-o", str(old)]
    r = subprocess.run(command, capture_output=True, text=True, preexec_fn=limit, timeout=120)
    assert r.returncode == 1 and "无法写入" in one_line(r.stderr)
    assert old.read_text(encoding="utf-8") == "[]\n" and [p.name for p in out.iterdir()] == ["all.json"]
