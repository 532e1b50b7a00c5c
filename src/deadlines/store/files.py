"""The database file on disk: reading it, replacing it atomically, its backups and version token.

Writes go through the one atomic writer (`deadlines.fsutil`); before each
replace the old file is kept as `<db>.bak` (a hard link where the
filesystem allows). Called only under the database lock.
"""

from __future__ import annotations

import glob
import os
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

from deadlines.core.clock import Clock
from deadlines.core.errors import StoreError
from deadlines.fsutil import atomic_write_bytes, remove_stale_temps
from deadlines.store.fileformat import decode_utf8, parse
from deadlines.store.messages import unreadable, unwritable
from deadlines.store.values import Tables, VersionToken


def read_bytes(path: Path) -> tuple[bytes, VersionToken] | None:
    """The file's bytes and version, or None when it does not exist; a device or FIFO is refused, not opened."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(
                f"数据库路径 {path} 不是普通文件（是目录、设备或管道）。请用 --db 指向一个普通文件。",
                f"The database path {path} is not a regular file (a directory, device or pipe). "
                "Point --db at a regular file.",
            )
        with open(path, "rb") as file:
            return file.read(), token(os.fstat(file.fileno()))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise unreadable(path, error) from error


def load(path: Path) -> tuple[Tables, VersionToken] | None:
    """The parsed, damage-checked file and its version, or None when it does not exist."""
    found = read_bytes(path)
    if found is None:
        return None
    raw, token = found
    del found
    text = decode_utf8(raw, path)
    del raw  # never the bytes, the text and the parsed records of a large file in memory at once
    return parse(text, path), token


def replace_file(path: Path, data: bytes | Iterable[bytes], *, keep_backup: bool) -> None:
    """Keep the old file as `<db>.bak` (if asked), then replace `path` with `data` atomically.

    A symlinked database is written through: the backup and the new file go beside its target.
    """
    path = Path(os.path.realpath(path))
    try:
        remove_stale_temps(path)
        if keep_backup and path.exists():
            link_or_copy(path, path.with_name(path.name + ".bak"))
        atomic_write_bytes(path, data)
    except OSError as error:
        raise unwritable(path, error) from error


def link_or_copy(source: Path, target: Path) -> None:
    """Make `target` a copy of `source` (a hard link when the filesystem allows), replacing it atomically."""
    staging = source.with_name(f".{source.name}.{os.getpid()}.link.tmp")  # cleared like a temp file
    staging.unlink(missing_ok=True)
    try:
        os.link(source, staging)
    except OSError:
        shutil.copy2(source, staging)
    os.replace(staging, target)
    staging.unlink(missing_ok=True)  # rename does nothing when both names are links to one file already


def backups(path: Path) -> tuple[Path, ...]:
    """Backup files of the database at `path`, newest first."""
    found = path.parent.glob(glob.escape(path.name) + "*.bak") if path.parent.is_dir() else ()
    return tuple(sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True))


def stamped_name(path: Path, label: str, clock: Clock, suffix: str = "") -> Path:
    """`<db>.<label>-<Beijing time>-<pid><suffix>`: a name for a copy kept aside, unique per process and second."""
    return path.with_name(f"{path.name}.{label}-{clock.now():%Y%m%d-%H%M%S}-{os.getpid()}{suffix}")


def token(st: os.stat_result) -> VersionToken:
    return (st.st_ino, st.st_mtime_ns, st.st_size)
