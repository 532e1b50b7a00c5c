"""The store's error messages, each saying what is wrong and how to fix it, in both languages."""

from __future__ import annotations

from pathlib import Path

from deadlines.core.errors import ConflictError, InputError, NotFoundError, StoreError
from deadlines.core.i18n import Text
from deadlines.store.values import SCHEMA_VERSION

RESTORE_HINT = Text(
    "请运行 `deadlines doctor --restore` 换回最近一次完好的备份",
    "Run `deadlines doctor --restore` to put back the newest good backup",
)


def damaged(path: Path, where: Text, what: Text) -> StoreError:
    return StoreError(
        f"数据库文件 {path} 已损坏：{where.zh}，{what.zh}。文件未被改动。{RESTORE_HINT.zh}，或在该处手工修正后重试。",
        f"The database file {path} is damaged at {where.en}: {what.en}. The file was left unchanged. "
        f"{RESTORE_HINT.en}, or fix it by hand at that spot and retry.",
    )


def unwritable(path: Path, error: OSError) -> StoreError:
    return StoreError(
        f"无法写入数据库文件 {path}（{error.strerror}），文件未被改动。请检查磁盘空间和所在目录的写权限。",
        f"Cannot write the database file {path} ({error.strerror}); it is unchanged. Check free disk space and "
        "write permission on its directory.",
    )


def no_backup(path: Path) -> StoreError:
    return StoreError(
        f"数据库文件 {path} 没有可用的完好备份。请按错误信息所指的位置手工修正该文件。",
        f"The database file {path} has no good backup. Fix the file by hand at the position the error names.",
    )


def line_column(line: int, column: int) -> Text:
    return Text(f"第 {line} 行第 {column} 列", f"line {line}, column {column}")


def too_new(path: Path, found: int) -> StoreError:
    return StoreError(
        f"数据库文件 {path} 的结构版本是 {found}，比本程序认识的版本 {SCHEMA_VERSION} 新"
        "（它被更新版的 deadlines 写过）。请升级 deadlines 后再用；文件未被改动。",
        f"The database file {path} has schema version {found}, newer than the version {SCHEMA_VERSION} this "
        "deadlines understands (a newer deadlines wrote it). Upgrade deadlines to use it; the file was left unchanged.",
    )


def no_obligation(key: str) -> NotFoundError:
    return NotFoundError(
        f"没有键为 {key} 的事项，请检查键的拼写。", f"No obligation has the key {key}; check its spelling."
    )


def key_taken(key: str, *, deleted: bool) -> InputError:
    if deleted:
        return InputError(
            f"键 {key} 属于一个已删除的事项。请恢复它（restore），或换一个键。",
            f"The key {key} belongs to a deleted obligation. Restore it, or choose another key.",
        )
    return InputError(
        f"键 {key} 已存在。请换一个键，或修改现有事项。",
        f"The key {key} already exists. Choose another key, or change the existing obligation.",
    )


def unreadable(path: Path, error: OSError) -> StoreError:
    return StoreError(
        f"无法读取数据库文件 {path}：{error.strerror}。请检查该路径是否是可读的文件。",
        f"Cannot read the database file {path}: {error.strerror}. Check that it is a file you can read.",
    )


def deleted_obligation(key: str) -> NotFoundError:
    return NotFoundError(
        f"事项 {key} 已被删除。请先恢复它（restore），再修改或标记完成。",
        f"Obligation {key} is deleted. Restore it first, then change it or mark it done.",
    )


def changed_since(key: str, expected: int, current: dict[str, object]) -> ConflictError:
    return ConflictError(
        f"事项 {key} 在你打开之后已被别人修改（你看到的是第 {expected} 版，现在是第 {current['version']} 版），"
        "你的修改没有保存。请查看最新内容后再改。",
        f"Obligation {key} was changed by someone else after you opened it (you saw version {expected}; "
        f"it is now version {current['version']}); your change was not saved. Look at the current one and edit again.",
        current=current,
    )
