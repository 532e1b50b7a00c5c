"""Where an export may be written: a regular file (or a new one), a symbolic link followed to its target.

`export -o` must never replace a device, a FIFO or a directory, and writing
through a symlinked path must reach the link's target rather than replace the
link with a regular file. The write itself is `fsutil.atomic_write_text`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from deadlines.core.errors import DeadlinesError, InputError
from deadlines.fsutil import atomic_write_text

_KINDS = {
    stat.S_IFDIR: ("目录", "a directory"),
    stat.S_IFCHR: ("字符设备", "a character device"),
    stat.S_IFBLK: ("块设备", "a block device"),
    stat.S_IFIFO: ("命名管道（FIFO）", "a FIFO"),
    stat.S_IFSOCK: ("套接字", "a socket"),
}


def output_target(path: Path) -> Path:
    """The regular file to write for `path`: links followed; InputError if it is anything but a file."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as error:
        raise _unwritable(path, error) from None
    if stat.S_ISREG(mode):
        return target
    zh, en = _KINDS.get(stat.S_IFMT(mode), ("特殊文件", "a special file"))
    shown = f"{path}（即 {target}）" if target != path.absolute() else str(path)
    shown_en = f"{path} (that is {target})" if target != path.absolute() else str(path)
    raise InputError(
        f"-o {shown} 是{zh}，不是普通文件：导出只写入普通文件，请给出一个文件路径，如 -o obligations.json。",
        f"-o {shown_en} is {en}, not a regular file: an export only writes regular files; "
        "give a file path, e.g. -o obligations.json.",
    )


def write_output(target: Path, text: str) -> None:
    """Replace `target` with `text` atomically; a failure leaves it as it was and says why."""
    try:
        atomic_write_text(target, text)
    except OSError as error:
        raise _unwritable(target, error) from None


def _unwritable(path: Path, error: OSError) -> DeadlinesError:
    why = error.strerror or str(error)
    return DeadlinesError(
        f"无法写入 {path}（{why}）：目录存在且可写吗？磁盘满了吗？原有文件未被改动。",
        f"cannot write {path} ({why}): does the directory exist and is it writable, is the disk full? "
        "Any existing file was left as it was.",
    )
