"""The inter-process lock `<db>.lock` around every read-modify-write of the database file.

Its holder writes who it is into it, so a busy message names the process.
A new lock object is made for each acquisition, so a Store keeps working in
a forked child.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from deadlines.core.clock import Clock
from deadlines.core.errors import StoreError
from deadlines.fsutil import PRIVATE_FILE
from deadlines.store.messages import unwritable


@contextmanager
def holding(path: Path, *, timeout: float, who: str, clock: Clock) -> Iterator[None]:
    """Hold the lock of the database at `path`, or raise a busy `StoreError` after `timeout` seconds."""

    def note_holder(fd: int) -> None:
        command = " ".join(sys.argv)[:200] or "python"
        note = f"pid {os.getpid()}, {who}, `{command}`, since {clock.stamp()}"
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, note.encode("utf-8"))

    lock = FileLock(lock_path(path), timeout=timeout, mode=PRIVATE_FILE, on_acquired=note_holder)
    try:
        lock.acquire()
    except Timeout:
        raise _busy(path, timeout) from None
    except OSError as error:
        raise unwritable(path, error) from error
    try:
        yield
    finally:
        lock.release()


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _busy(path: Path, timeout: float) -> StoreError:
    lock = lock_path(path)
    try:
        holder = lock.read_text(encoding="utf-8", errors="replace").strip() or "?"
    except OSError:
        holder = "?"
    return StoreError(
        f"数据库 {path} 正忙：另一个进程持有锁 {lock} 已超过 {timeout:g} 秒（持有者：{holder}）。"
        "请等它结束后重试；若该进程已不存在，直接重试即可。",
        f"The database {path} is busy: another process has held the lock {lock} for over {timeout:g} s "
        f"(holder: {holder}). Wait for it to finish and retry; if that process no longer exists, just retry.",
    )
