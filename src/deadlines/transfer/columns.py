"""The import column contract: the formats, the columns a file may have, and how a row and a problem look.

Every import file (CSV, XLSX, JSON, NDJSON) is read into a `Table` of
`RawRow`s with these columns; a cell that cannot be used becomes a `Problem`
naming its row as the user sees it, its column, its value, why and the fix.
`check_header` refuses a file whose columns are wrong, all at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from deadlines.core.errors import InputError
from deadlines.core.i18n import Text

Format = Literal["csv", "xlsx", "json", "ndjson"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "json", "ndjson")
COLUMNS = (
    "key",
    "title",
    "rule",
    "start",
    "owners",
    "tags",
    "notes",
    "source",
    "concerns",
    "region",
    "lead_times",
    "cutoff",
    "role",
    "until",
    "optional",
    "active",
)
"""The columns an import file may have, in the order an export writes them; each is an Obligation field."""
REQUIRED = ("title", "rule")
"""Columns a CSV or XLSX header must have (`key` may be left out: it is then derived from title and rule)."""
LISTS = frozenset({"owners", "tags", "lead_times"})
"""Columns holding several values: separated by ; (or ；) in a cell, or a JSON list."""

ALWAYS = frozenset({"key", "title", "rule"})
"""Columns an upsert always carries, given or not (the key, and what identifies the obligation)."""

FIXES: dict[str, Text] = {
    "key": Text(
        "留空则由标题和规则生成；键不能含空白或 \\、不能以 @ 开头，/ 只能用在两段文字之间，最长 120 字符",
        "leave it empty to derive one from title and rule; no spaces or \\, not starting with @, / only between "
        "parts, at most 120 characters",
    ),
    "title": Text("填写事项的标题", "give the obligation a title"),
    "rule": Text(
        "按 deadlines rule --help 的写法，如 每年4月30日前、培训结束后10个工作日内、有效期3年",
        "write it as deadlines rule --help shows, e.g. 每年4月30日前, 培训结束后10个工作日内, 有效期3年",
    ),
    "start": Text(
        "写成 YYYY-MM-DD，如 2026-09-30；不需要时留空", "write YYYY-MM-DD, e.g. 2026-09-30, or leave it empty"
    ),
    "owners": Text(
        "写邮箱地址，多个用 ; 分隔，如 li@example.com;wang@example.com",
        "write e-mail addresses separated by ;, e.g. li@example.com;wang@example.com",
    ),
    "tags": Text("多个标签用 ; 分隔", "separate tags with ;"),
    "lead_times": Text(
        "写成 30日、7日、5个工作日，多个用 ; 分隔，不带「前」", "write 30日, 7日, 5个工作日 separated by ;, without 前"
    ),
    "cutoff": Text("写成 HH:MM，如 17:00；不需要时留空", "write HH:MM, e.g. 17:00, or leave it empty"),
    "region": Text(
        "写 calendars/regions/ 中的地区名，或留空", "write a region from calendars/regions/, or leave it empty"
    ),
    "": Text("改正这一行", "correct this row"),
}
TEXT_FIX = Text("写成文本", "write it as text")


@dataclass(frozen=True)
class Problem:
    """Why one cell (or one row, when `column` is empty) cannot be imported, and how to fix it."""

    row: int
    """The row as the user sees it: the header is row 1 in CSV and XLSX; element or line n is row n in JSON/NDJSON."""
    column: str
    value: str
    reason: Text
    fix: Text


@dataclass(frozen=True)
class RawRow:
    """One row as read: the known columns it gives, with their values as the file has them."""

    number: int
    cells: Mapping[str, Any]
    given: frozenset[str]
    """The known columns this row gives; an upsert changes only these fields of a stored obligation."""
    defect: Problem | None = None
    """Set when the row cannot be read at all (not a JSON object, cells beyond the header)."""


@dataclass(frozen=True)
class Table:
    """A whole import file, read: its format, text encoding, columns and rows."""

    format: Format
    encoding: str | None
    """The text encoding found (utf-8, utf-8-sig, gb18030); None for XLSX."""
    columns: tuple[str, ...]
    """The known columns found, in file order."""
    ignored: tuple[str, ...]
    """Unknown columns skipped because `ignore_unknown` was set."""
    rows: tuple[RawRow, ...]


def check_header(
    names: list[str],
    known: list[str],
    unknown: list[str],
    ignore_unknown: bool,
    required: tuple[str, ...] = REQUIRED,
) -> None:
    """Every problem with the columns at once, as one InputError naming them and the fix."""
    zh, en = [], []
    repeated = sorted({name for name in known if known.count(name) > 1})
    if repeated:
        zh.append(f"列 {'、'.join(repeated)} 出现了不止一次")
        en.append(f"the column(s) {', '.join(repeated)} appear more than once")
    missing = [name for name in required if name not in known]
    if missing:
        zh.append(f"缺少必需的列 {'、'.join(missing)}")
        en.append(f"the required column(s) {', '.join(missing)} are missing")
    if unknown and not ignore_unknown:
        zh.append(f"有未知的列 {'、'.join(unknown)}（可用 --ignore-unknown 忽略）")
        en.append(f"unknown column(s) {', '.join(unknown)} (--ignore-unknown skips them)")
    if zh:
        raise InputError(
            f"导入文件的列有问题：{'；'.join(zh)}。文件的列：{'、'.join(names)}。可用的列：{'、'.join(COLUMNS)}。",
            f"The import file's columns are wrong: {'; '.join(en)}. The file has: {', '.join(names)}. "
            f"Known columns: {', '.join(COLUMNS)}.",
        )


def nameless(index: int) -> str:
    return f"#{index + 1}"


def empty_file() -> InputError:
    return InputError(
        "导入文件是空的：第一行应是列名，如 key,title,rule,start,owners,tags,notes。",
        "The import file is empty: its first row should name the columns, e.g. key,title,rule,start,owners,tags,notes.",
    )
