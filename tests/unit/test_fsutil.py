"""The one atomic writer: private by default, keeps an existing file's mode, writes through symlinks,
refuses what is not a regular file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from deadlines.core.errors import InputError
from deadlines.fsutil import atomic_write_text


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The umask many systems ship (022), under which a plain write makes world-readable files."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_and_new_directories_are_private_whatever_the_umask(tmp_path: Path, open_umask: None) -> None:
    target = tmp_path / "data" / "deadlines" / "config.toml"
    atomic_write_text(target, "lang = 'zh'\n")
    assert mode(target) == 0o600
    assert mode(tmp_path / "data") == 0o700 and mode(tmp_path / "data" / "deadlines") == 0o700
    assert target.read_text(encoding="utf-8") == "lang = 'zh'\n"


def test_an_existing_file_keeps_its_permissions(tmp_path: Path, open_umask: None) -> None:
    shared = tmp_path / "shared.txt"
    shared.write_text("x", encoding="utf-8")
    shared.chmod(0o644)
    atomic_write_text(shared, "二")
    assert mode(shared) == 0o644 and shared.read_text(encoding="utf-8") == "二"


def test_an_existing_directory_is_left_as_it_is(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    atomic_write_text(tmp_path / "a.txt", "a")
    assert mode(tmp_path) == 0o755


def test_a_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real" / "deadlines.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "deadlines.json"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["deadlines.json"]


def test_a_fifo_or_a_directory_is_refused_and_left_alone(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="不是普通文件"):
        atomic_write_text(fifo, "x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    with pytest.raises(InputError, match="不是普通文件"):
        atomic_write_text(tmp_path, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
