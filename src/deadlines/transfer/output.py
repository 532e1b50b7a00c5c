"""Where an export may be written: a regular file (or a new one), a symbolic link followed to its target.

`export -o` must never replace a device, a FIFO or a directory, and writing
through a symlinked path must reach the link's target rather than replace the
link with a regular file. The check is the writer's own (`fsutil.regular_target`), made here before
the export is computed; the write is `fsutil.atomic_write_text`; an OSError becomes one line.
"""

from __future__ import annotations

from pathlib import Path

from deadlines.core.errors import DeadlinesError
from deadlines.fsutil import atomic_write_text, regular_target


def output_target(path: Path) -> Path:
    """The regular file to write for `path`: links followed; InputError if it is anything but a file."""
    try:
        return regular_target(path)[0]
    except OSError as error:
        raise _unwritable(path, error) from None


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
