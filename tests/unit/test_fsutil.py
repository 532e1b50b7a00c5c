"""Crash-safe writes keep the permissions a plain write would give."""

from __future__ import annotations

from pathlib import Path


def test_atomic_write_keeps_permissions_like_a_plain_write(tmp_path: Path) -> None:
    import os
    import stat

    from deadlines.fsutil import atomic_write_text

    fresh = tmp_path / "fresh.txt"
    atomic_write_text(fresh, "一")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    private = tmp_path / "private.txt"
    private.write_text("x", encoding="utf-8")
    private.chmod(0o600)
    atomic_write_text(private, "二")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.read_text(encoding="utf-8") == "二"
