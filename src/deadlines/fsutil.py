"""The one crash-safe file writer: temp file, fsync, rename, fsync the directory.

A reader (another process, a crash, a power cut) sees either the old file or
the new one, never a mix. Everything that replaces a file goes through here:
the database, calendars, config, exports.

Files are private by default: a new file is 0600 and a directory we create
is 0700 (whatever the umask); a file that exists keeps its permissions. A
symlink is written through to its target, so the link stays a link. Only
regular files are replaced: a device, a FIFO or a directory at the path is
refused, never swapped for a regular file.
"""

from __future__ import annotations

import glob
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from deadlines.core.errors import InputError

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def atomic_write_bytes(path: Path, data: bytes | Iterable[bytes], *, mode: int = PRIVATE_FILE) -> None:
    """Replace `path` with `data` (bytes, or chunks of them) atomically, creating its directory (0700) if needed.

    `mode` applies to a new file; an existing one keeps its own. Raises
    `InputError` when the path is something other than a regular file, and
    `OSError` when the write fails (the old file is then untouched).
    """
    target, existing = regular_target(path)
    make_private_dirs(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, existing if existing is not None else mode)
        with os.fdopen(fd, "wb") as f:
            for chunk in [data] if isinstance(data, bytes) else data:
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def atomic_write_text(path: Path, text: str, *, mode: int = PRIVATE_FILE) -> None:
    """`atomic_write_bytes` of `text` in UTF-8 with "\\n" line ends."""
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode)


def remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed writer of `path` left behind (call only while holding the file's lock)."""
    target = Path(os.path.realpath(path))
    if target.parent.is_dir():
        for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
            stale.unlink(missing_ok=True)


def make_private_dirs(directory: Path) -> None:
    """Create `directory` and missing parents as 0700 (existing directories are left as they are)."""
    if directory.is_dir():
        return
    make_private_dirs(directory.parent)
    try:
        os.mkdir(directory, PRIVATE_DIR)
    except FileExistsError:
        return
    os.chmod(directory, PRIVATE_DIR)  # mkdir's mode is filtered by the umask; make it exact


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_KINDS = {
    stat.S_IFDIR: ("目录", "a directory"),
    stat.S_IFCHR: ("字符设备", "a character device"),
    stat.S_IFBLK: ("块设备", "a block device"),
    stat.S_IFIFO: ("命名管道（FIFO）", "a FIFO"),
    stat.S_IFSOCK: ("套接字", "a socket"),
}


def regular_target(path: Path) -> tuple[Path, int | None]:
    """The file a write to `path` replaces (a symlink followed) and its permissions (None: nothing there yet).

    Anything but a regular file is refused with an InputError naming what it is; a path that cannot be
    looked at raises the OSError.
    """
    target = Path(os.path.realpath(path))
    try:
        st = target.stat()
    except FileNotFoundError:
        return target, None
    if stat.S_ISREG(st.st_mode):
        return target, stat.S_IMODE(st.st_mode)
    zh, en = _KINDS.get(stat.S_IFMT(st.st_mode), ("特殊文件", "a special file"))
    shown = f"{path}（即 {target}）" if target != Path(path).absolute() else str(path)
    shown_en = f"{path} (that is {target})" if target != Path(path).absolute() else str(path)
    raise InputError(
        f"{shown} 是{zh}，不是普通文件，不能写入：请给出一个普通文件的路径。",
        f"{shown_en} is {en}, not a regular file; it was not written. Give the path of a regular file.",
    )
