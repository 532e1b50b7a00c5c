"""The history logs beside the database file: the audit log and the send log, append-only.

`<db>.audit.ndjson` and `<db>.sends.ndjson` hold one line per transaction, a
JSON array of that transaction's rows, so a write appends a line instead of
re-serialising the past. Only complete lines count:

* The audit log is committed by the database file: its `_meta` says how many
  bytes of the log belong to it (`audit_bytes`), and the log is appended
  (and fsynced) before the file is replaced. A writer killed in between
  leaves bytes past that length, which readers ignore and the next writer
  cuts off, so the audit is always the old one or the new one.
* The send log commits itself: a line is written with one `write` and
  fsynced; a torn last line (no newline yet) is ignored and cut off.

A line inside the committed part that is not a JSON array of sound rows is
damage, refused with its line number. Appending and compacting happen only
under the database lock.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
import weakref
from collections.abc import Iterable
from pathlib import Path

from deadlines.core.i18n import Text
from deadlines.fsutil import PRIVATE_FILE, atomic_write_bytes, fsync_dir
from deadlines.store.fileformat import ENCODER, decode_json, decode_utf8
from deadlines.store.files import read_bytes
from deadlines.store.messages import damaged, unreadable, unwritable
from deadlines.store.schema import record_problem
from deadlines.store.values import SENDS, Record

_TAIL_CHUNK = 1 << 16

AUTO_COMPACT_BYTES = 4 << 20
"""A send log past this size is compacted after a write when at least half its rows are superseded."""


def log_path(db: Path, table: str) -> Path:
    """The log of `table` (AUDIT or SENDS) beside the database file `db` (beside its target, if a symlink)."""
    db = Path(os.path.realpath(db))
    return db.with_name(f"{db.name}.{table}.ndjson")


def read(path: Path, table: str, *, committed: int | None) -> list[Record]:
    """The rows of the log's committed lines, oldest first.

    `committed` is the audit log's length as its database file records it;
    None reads every complete line (the send log).
    """
    found = read_bytes(path)
    if found is None:  # never written, or lost: the history is empty (the next write starts it again)
        return []
    raw = found[0]
    if committed is not None:
        if len(raw) < committed:
            last = raw.count(b"\n") + 1
            raise damaged(
                path,
                Text(f"第 {last} 行", f"line {last}"),
                Text(
                    f"日志比数据库记载的短（{len(raw)} 字节，应至少 {committed} 字节）",
                    f"the log is shorter than the database says ({len(raw)} bytes, at least {committed} expected)",
                ),
            )
        raw = raw[:committed]
    else:
        raw = raw[: raw.rfind(b"\n") + 1]
    rows: list[Record] = []
    for number, line in enumerate(decode_utf8(raw, path).split("\n")[:-1], start=1):
        rows.extend(_line_rows(line, table, path, number))
    return rows


def append(path: Path, rows: Iterable[Record], *, committed: int | None) -> int:
    """Add one line holding `rows` after the committed part; returns the log's committed length after it.

    Bytes past the committed part (a dead writer's) are cut off first. The
    line is fsynced before this returns.
    """
    line = ("[" + ",".join(ENCODER.encode(row) for row in rows) + "]\n").encode("utf-8")
    try:
        created = not path.exists()
        fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        try:
            size = os.fstat(fd).st_size
            end = _complete_length(fd, size) if committed is None or created else committed
            if end > size:
                raise damaged(
                    path,
                    Text("文件末尾", "its end"),
                    Text(
                        f"日志比数据库记载的短（应至少 {end} 字节）",
                        f"the log is shorter than the database says ({end})",
                    ),
                )
            if end < size:
                os.ftruncate(fd, end)
            if os.pwrite(fd, line, end) != len(line):  # a short write (a full disk, a size limit): undo it
                os.ftruncate(fd, end)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            fsync_dir(path.parent)
    except OSError as error:
        raise unwritable(path, error) from error
    return end + len(line)


def rewrite(path: Path, rows: list[Record]) -> int:
    """Replace the log by one line holding `rows` (atomically); returns its length. For migrations and compaction."""
    data = ("[" + ",".join(ENCODER.encode(row) for row in rows) + "]\n").encode("utf-8") if rows else b""
    try:
        atomic_write_bytes(path, data)
    except OSError as error:
        raise unwritable(path, error) from error
    return len(data)


def cut_to(path: Path, length: int) -> None:
    """Cut off an uncommitted tail (compaction of the audit log)."""
    try:
        if path.exists() and path.stat().st_size > length:
            os.truncate(path, length)
    except OSError as error:
        raise unwritable(path, error) from error


def _complete_length(fd: int, size: int) -> int:
    """The length of the log up to and including its last newline (0 if it has none)."""
    end = size
    while end > 0:
        start = max(0, end - _TAIL_CHUNK)
        chunk = os.pread(fd, end - start, start)
        newline = chunk.rfind(b"\n")
        if newline >= 0:
            return start + newline + 1
        end = start
    return 0


def _line_rows(line: str, table: str, path: Path, number: int) -> list[Record]:
    where = Text(f"第 {number} 行", f"line {number}")
    try:
        batch = decode_json(line)
    except ValueError as error:  # json.JSONDecodeError included
        raise damaged(path, where, Text(f"不是完整的 JSON（{error}）", f"not whole JSON ({error})")) from None
    if not isinstance(batch, list) or not all(isinstance(row, dict) for row in batch):
        raise damaged(path, where, Text("应是由 JSON 对象组成的数组 […]", "should be a JSON array of objects […]"))
    for row in batch:
        problem = record_problem(table, row)
        if problem is not None:
            raise damaged(path, where, problem[1])
    return batch


class SendLog:
    """The send log by id as one process reads it again and again (a remind run claims before every digest):
    each reading parses only the lines appended since the last one. A log rewritten since (compaction, a
    migration: another file) is read whole again. The file last read is kept open, so that its inode cannot be
    given to a newer file while this reader compares them; the last bytes read are compared too (a torn line cut)."""

    _CHECK = 64

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()  # one reading at a time (the TUI reads from worker threads)
        self._held: weakref.finalize | None = None
        self._forget()

    def _forget(self) -> None:
        if self._held is not None:
            self._held()  # closes the file last read
        self._held = None
        self._file: tuple[int, int] | None = None
        self._length = self._lines = self._count = 0
        self._check = b""
        self._rows: dict[str, Record] = {}

    def rows(self) -> dict[str, Record]:
        """Every id's latest row, as of the log's last complete line."""
        with self._lock:
            return self._read()

    def _read(self) -> dict[str, Record]:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            self._forget()
            return {}
        except OSError as error:
            raise unreadable(self.path, error) from error
        kept = False
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return dedupe_sends(read(self.path, SENDS, committed=None))  # refused there, with the message
            same = (st.st_dev, st.st_ino) == self._file and st.st_size >= self._length
            if not (same and os.pread(fd, len(self._check), self._length - len(self._check)) == self._check):
                self._forget()
                self._file, self._held, kept = (st.st_dev, st.st_ino), weakref.finalize(self, os.close, fd), True
            tail = os.pread(fd, st.st_size - self._length, self._length)
            tail = tail[: tail.rfind(b"\n") + 1]
            seen = (self._check + tail)[-self._CHECK :]
        except OSError as error:
            raise unreadable(self.path, error) from error
        finally:
            if not kept:
                os.close(fd)
        for number, line in enumerate(decode_utf8(tail, self.path).split("\n")[:-1], start=self._lines + 1):
            rows = _line_rows(line, SENDS, self.path, number)
            self._rows.update(dedupe_sends(rows))
            self._count += len(rows)
        self._length, self._lines, self._check = self._length + len(tail), self._lines + tail.count(b"\n"), seen
        return dict(self._rows)

    def compact_if_due(self, length: int) -> None:
        """After an append that left the log `length` bytes long (under the lock): compact it when it is past
        AUTO_COMPACT_BYTES and at least half its rows are superseded — judged from this reader's counts, so that
        the check costs only the lines appended since (not a reading of the whole log after every append)."""
        if length <= AUTO_COMPACT_BYTES:
            return
        with self._lock:
            self._read()
            if self._count >= 2 * len(self._rows):
                compact_sends(self.path)


def compact_sends(path: Path) -> None:
    """Rewrite the send log with one row per id (under the lock): `db compact`, and `SendLog.compact_if_due`."""
    rewrite(path, list(dedupe_sends(read(path, SENDS, committed=None)).values()))


def dedupe_sends(rows: Iterable[Record]) -> dict[str, Record]:
    """The send log by id: a later row for an id replaces the earlier one."""
    return {row["id"]: row for row in rows}
