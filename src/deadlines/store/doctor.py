"""`deadlines doctor` for the embedded file: check it without changing anything, and restore a good backup."""

from __future__ import annotations

from pathlib import Path

from deadlines.core.clock import Clock
from deadlines.core.errors import StoreError
from deadlines.store import history
from deadlines.store.fileformat import audit_bytes, schema_version
from deadlines.store.files import backups, link_or_copy, load, replace_file, stamped_name
from deadlines.store.locking import holding
from deadlines.store.messages import no_backup
from deadlines.store.values import AUDIT, COMPLETIONS, OBLIGATIONS, SCHEMA_VERSION, SENDS, CheckReport


def check(path: Path) -> CheckReport:
    """Read the file without changing anything: is it sound, which schema, how many records, which backups."""
    path = Path(path)
    found_backups = backups(path)
    try:
        loaded = load(path)
        if loaded is None:
            return CheckReport(path, exists=False, damage=None, schema_version=SCHEMA_VERSION, backups=found_backups)
        tables = loaded[0]
        version = schema_version(tables)
        if version == SCHEMA_VERSION:
            audit = history.read(history.log_path(path, AUDIT), AUDIT, committed=audit_bytes(tables))
            sends = history.dedupe_sends(history.read(history.log_path(path, SENDS), SENDS, committed=None))
        else:  # older files hold their history inside; newer ones are not ours to read
            audit, sends = list(tables.get(AUDIT, {}).values()), tables.get(SENDS, {})
    except StoreError as error:
        return CheckReport(path, exists=path.exists(), damage=error, schema_version=None, backups=found_backups)
    obligations = tables.get(OBLIGATIONS, {}).values()
    deleted = sum(1 for doc in obligations if doc.get("deleted_at") is not None)
    counts = {
        OBLIGATIONS: len(obligations) - deleted,
        "deleted": deleted,
        COMPLETIONS: len(tables.get(COMPLETIONS, {})),
        AUDIT: len(audit),
        SENDS: len(sends),
    }
    return CheckReport(path, exists=True, damage=None, schema_version=version, counts=counts, backups=found_backups)


def restore_backup(path: Path, *, lock_timeout: float = 10.0, clock: Clock | None = None) -> Path:
    """Put the newest good backup in place of a damaged (or missing) file; returns the backup used.

    The damaged file is kept aside as `<db>.broken-<timestamp>`. A sound file
    is never replaced: this repairs damage, it does not undo changes.
    """
    path = Path(path)
    clock = clock or Clock()
    if not path.parent.is_dir():
        raise no_backup(path)
    with holding(path, timeout=lock_timeout, who="doctor --restore", clock=clock):
        report = check(path)
        if report.exists and report.damage is None:
            raise StoreError(
                f"数据库文件 {path} 完好，无需恢复。"
                "若确实要回到旧的状态，请在没有 deadlines 运行时手工把备份复制过去。",
                f"The database file {path} is sound; there is nothing to restore. To go back to an older state anyway, "
                "copy a backup over it by hand while no deadlines process runs.",
            )
        backup = next((b for b in report.backups if _is_good_backup(b)), None)
        if backup is None:
            raise no_backup(path)
        if report.exists:
            link_or_copy(path, stamped_name(path, "broken", clock))
        replace_file(path, backup.read_bytes(), keep_backup=False)
    return backup


def _is_good_backup(backup: Path) -> bool:
    try:
        loaded = load(backup)
    except StoreError:
        return False
    return loaded is not None and schema_version(loaded[0]) <= SCHEMA_VERSION
