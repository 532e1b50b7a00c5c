"""Reading obligations in bulk from CSV, XLSX, JSON or NDJSON, every row checked as `deadlines add` checks it.

`read_table` turns the file's bytes into raw rows (format and text encoding
detected, the header checked); `check_rows` turns raw rows into a `Batch`:
the valid obligations, and a `Problem` for each bad cell with its row as the
user sees it, its column, its value, why and how to fix it. `plan` says what
an upsert would add, change and leave alone without writing; `write` does it
in one locked transaction. No click here: the CLI and the TUI both call this.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from operator import itemgetter
from pathlib import PurePath
from typing import Any, Literal

from deadlines.core.dates import make_date
from deadlines.core.errors import DateError, DeadlinesError, InputError
from deadlines.core.i18n import Text
from deadlines.core.models import ROLES, Obligation
from deadlines.core.validation import check_cutoff, derived_key, validate
from deadlines.store import Store, UpsertResult

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

_ALWAYS = frozenset({"key", "title", "rule"})
_SUFFIXES: dict[str, Format] = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
}
_ISO = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_FORMULA_ESCAPES = ("'=", "'+", "'-", "'@", "'\t", "'\r")
"""What an export writes for a cell a spreadsheet would run as a formula; reading takes the quote off again."""
_PROBE = Obligation(key="probe", title="probe", rule="2026-01-01")
"""A valid obligation: with one field of a bad row put in, `validate` says whether that field is at fault."""

_FIXES: dict[str, Text] = {
    "key": Text(
        "留空则由标题和规则生成；键不能含空白、不能以 / 开头、最长 120 字符",
        "leave it empty to derive one from title and rule; no spaces, not starting with /, at most 120 characters",
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
_TEXT_FIX = Text("写成文本", "write it as text")
_DUPLICATE_FIX = Text(
    "每行的键须唯一：换一个键，或删去重复的行", "keys must be unique: change the key or remove the repeated row"
)


# ---------------------------------------------------------------- values


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


@dataclass(frozen=True)
class Entry:
    """A valid row: its obligation, and which columns the file gave for it."""

    row: int
    obligation: Obligation
    given: frozenset[str]

    def record(self, *, stored: bool) -> dict[str, Any]:
        """The record to upsert: all of it for a new key; for a stored key only the columns given."""
        full = self.obligation.to_record()
        if not stored:
            return full
        return {name: full[name] for name in COLUMNS if name in self.given or name in _ALWAYS}


@dataclass(frozen=True)
class Batch:
    """The outcome of checking every row: the valid obligations and the problems of the others."""

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]

    @property
    def invalid_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    def records(self, stored: Callable[[str], bool]) -> list[dict[str, Any]]:
        return [entry.record(stored=stored(entry.obligation.key)) for entry in self.entries]


class InvalidRows(DeadlinesError):
    """Some rows of an import failed their checks (exit 1); they were listed one by one before this."""

    def __init__(self, count: int, *, written: bool) -> None:
        if written:
            super().__init__(
                f"{count} 行无效，已跳过；其余的行已导入。改正这些行后可再次导入同一文件。",
                f"{count} invalid row(s) were skipped; the others were imported. "
                "Correct them and import the same file again.",
            )
        else:
            super().__init__(
                f"{count} 行无效，未导入任何内容。改正这些行后重试，或用 --skip-invalid 只导入有效的行。",
                f"{count} invalid row(s); nothing was imported. Correct them and retry, "
                "or use --skip-invalid to import the valid rows only.",
            )


# ---------------------------------------------------------------- reading files


def detect_format(data: bytes, name: str | None = None) -> Format:
    """The format from the file name's suffix, else from the content (zip → XLSX, [ → JSON, { → NDJSON, else CSV)."""
    suffix = PurePath(name).suffix.lower() if name and name != "-" else ""
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if suffix == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            "不支持旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV UTF-8 后再导入。",
            "Old Excel (.xls) files are not supported: save it from Excel as .xlsx or CSV UTF-8 and import that.",
        )
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    first = data.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    return "json" if first == b"[" else "ndjson" if first == b"{" else "csv"


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 with a BOM, else UTF-8, else GB18030 (what Excel on Chinese Windows writes)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(
            "文件是 UTF-16 编码（Excel 的「Unicode 文本」）：请另存为「CSV UTF-8（逗号分隔）」后再导入。",
            "The file is UTF-16 (Excel's 'Unicode Text'): save it as 'CSV UTF-8 (Comma delimited)' and import that.",
        )
    failures = []
    for encoding in ("utf-8-sig", "gb18030") if data.startswith(codecs.BOM_UTF8) else ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            failures.append(error.start)
    position = max(failures)  # where the encoding that read furthest (the one meant, most likely) failed
    line = data.count(b"\n", 0, position) + 1
    raise InputError(
        f"文件第 {line} 行（第 {position} 字节）既不是 UTF-8 也不是 GB18030 编码的文本。请另存为 CSV UTF-8 后再导入。",
        f"Line {line} (byte {position}) of the file is neither UTF-8 nor GB18030 text. "
        "Save the file as CSV UTF-8 and import that.",
    )


def read_table(
    data: bytes, fmt: Format | None = None, *, name: str | None = None, ignore_unknown: bool = False
) -> Table:
    """Read an import file; a file that cannot be read at all, or a wrong header, is an InputError."""
    fmt = fmt or detect_format(data, name)
    if fmt == "xlsx":
        return _grid_table(fmt, None, _xlsx_rows(data), ignore_unknown)
    text, encoding = decode(data)
    if fmt == "csv":
        return _grid_table(fmt, encoding, _csv_rows(text), ignore_unknown)
    objects = _json_objects(text) if fmt == "json" else _ndjson_objects(text)
    return _object_table(fmt, encoding, objects, ignore_unknown)


def _csv_rows(text: str) -> Iterable[tuple[int, list[str]]]:
    """Each CSV record with its row number (records, as a spreadsheet counts them), formula escapes taken off."""
    records = enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
    if "'" not in text:
        return records
    return ((n, [cell[1:] if cell[:2] in _FORMULA_ESCAPES else cell for cell in cells]) for n, cells in records)


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """The first sheet's rows with their row numbers, cells as text (dates ISO, whole numbers without .0)."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # heavy: only for an XLSX file

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InputError(
            f"无法读取这个 XLSX 文件（{error}）。请在 Excel 中重新另存为 .xlsx，或另存为 CSV UTF-8。",
            f"Cannot read this XLSX file ({error}). Save it again from Excel as .xlsx, or as CSV UTF-8.",
        ) from None
    try:
        return [
            (number, [_xlsx_text(value) for value in values])
            for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _grid_table(
    fmt: Format, encoding: str | None, rows: Iterable[tuple[int, list[str]]], ignore_unknown: bool
) -> Table:
    """CSV or XLSX: the first non-empty row is the header; empty rows are skipped."""
    filled = ((number, cells) for number, cells in rows if "".join(cells).strip())
    first = next(filled, None)
    if first is None:
        raise _empty_file()
    names = [name.strip().lower() for name in first[1]]
    while names and not names[-1]:
        names.pop()
    shown = [name or _nameless(i) for i, name in enumerate(names)]
    known = [(i, name) for i, name in enumerate(names) if name in COLUMNS]
    unknown = [shown[i] for i, name in enumerate(names) if name not in COLUMNS]
    _check_header(shown, [name for _, name in known], unknown, ignore_unknown)
    reader = _GridRow(known, width=len(first[1]) if ignore_unknown else len(names))
    table_rows = tuple(reader(number, cells) for number, cells in filled)
    return Table(fmt, encoding, tuple(name for _, name in known), tuple(unknown), table_rows)


class _GridRow:
    """Turns a list of cells into a RawRow of the known columns (short rows padded, extra cells a defect)."""

    def __init__(self, known: list[tuple[int, str]], width: int) -> None:
        self.names = [name for _, name in known]
        self.pick = itemgetter(*(i for i, _ in known))
        self.given = frozenset(self.names)
        self.need = max(i for i, _ in known) + 1
        self.width = width

    def __call__(self, number: int, cells: list[str]) -> RawRow:
        if len(cells) < self.need:
            cells = cells + [""] * (self.need - len(cells))
        values = dict(zip(self.names, self.pick(cells), strict=True))
        extra = [cell for cell in cells[self.width :] if cell.strip()] if len(cells) > self.width else None
        if not extra:
            return RawRow(number, values, self.given)
        defect = Problem(
            number,
            "",
            ";".join(extra),
            Text(f"这一行比表头多出 {len(extra)} 个单元格", f"this row has {len(extra)} cell(s) beyond the header"),
            Text("删去多余的单元格，或在表头补上列名", "remove the extra cells, or name their column in the header"),
        )
        return RawRow(number, values, self.given, defect)


def _json_objects(text: str) -> list[tuple[int, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"JSON 文件第 {error.lineno} 行第 {error.colno} 列有语法错误（{error.msg}）。",
            f"The JSON file has a syntax error at line {error.lineno}, column {error.colno} ({error.msg}).",
        ) from None
    if not isinstance(data, list):
        raise InputError(
            "JSON 文件的顶层应是对象的列表 [{…}, {…}]；每行一个对象的文件请用 --format ndjson。",
            "The top level of a JSON file must be a list of objects [{…}, {…}]; "
            "for one object per line use --format ndjson.",
        )
    return list(enumerate(data, start=1))


def _ndjson_objects(text: str) -> list[tuple[int, Any]]:
    """One JSON object per line; a line that is not JSON becomes that row's problem, not the whole file's."""
    objects: list[tuple[int, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            objects.append((number, json.loads(line)))
        except json.JSONDecodeError as error:
            objects.append((number, _BadLine(line, error.msg)))
    return objects


@dataclass(frozen=True)
class _BadLine:
    text: str
    error: str


def _object_table(fmt: Format, encoding: str, objects: list[tuple[int, Any]], ignore_unknown: bool) -> Table:
    """JSON or NDJSON: each object's keys are its columns."""
    columns: dict[str, None] = {}
    unknown: dict[str, None] = {}
    rows = []
    for number, obj in objects:
        if not isinstance(obj, dict):
            rows.append(RawRow(number, {}, frozenset(), _not_an_object(number, obj)))
            continue
        cells = {}
        for name, value in obj.items():
            name = str(name).strip().lower()
            if name in COLUMNS:
                cells[name] = value
                columns[name] = None
            else:
                unknown[name] = None
        rows.append(RawRow(number, cells, frozenset(cells)))
    _check_header(list(columns) + list(unknown), list(columns), list(unknown), ignore_unknown, required=())
    return Table(fmt, encoding, tuple(c for c in COLUMNS if c in columns), tuple(unknown), tuple(rows))


def _not_an_object(number: int, obj: Any) -> Problem:
    if isinstance(obj, _BadLine):
        return Problem(
            number,
            "",
            obj.text,
            Text(f"这一行不是有效的 JSON（{obj.error}）", f"this line is not valid JSON ({obj.error})"),
            Text("每行写一个 JSON 对象 {…}", "write one JSON object {…} per line"),
        )
    return Problem(
        number,
        "",
        json.dumps(obj, ensure_ascii=False)[:200],
        Text("这个元素不是 JSON 对象", "this element is not a JSON object"),
        Text('写成 {"title": …, "rule": …} 这样的对象', 'write an object like {"title": …, "rule": …}'),
    )


def _check_header(
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


def _nameless(index: int) -> str:
    return f"#{index + 1}"


def _empty_file() -> InputError:
    return InputError(
        "导入文件是空的：第一行应是列名，如 key,title,rule,start,owners,tags,notes。",
        "The import file is empty: its first row should name the columns, e.g. key,title,rule,start,owners,tags,notes.",
    )


# ---------------------------------------------------------------- checking rows


def check_rows(rows: Iterable[RawRow], *, today: date, check_region: Callable[[str], object] | None = None) -> Batch:
    """Check every row; new obligations count from `today`. `check_region` raises for a region that does not exist."""
    checker = _RowChecker(today, check_region)
    entries: list[Entry] = []
    problems: list[Problem] = []
    for row in rows:
        outcome = checker.check(row)
        if isinstance(outcome, Entry):
            entries.append(outcome)
        else:
            problems.extend(outcome)
    return Batch(tuple(entries), tuple(problems))


class _RowChecker:
    """Checks rows one by one, remembering the keys seen and the cell values already converted."""

    def __init__(self, today: date, check_region: Callable[[str], object] | None) -> None:
        self.today = today
        self.check_region = check_region
        self.seen: dict[str, int] = {}
        self.convert: dict[str, Callable[[Any], Any]] = {
            **dict.fromkeys(COLUMNS, _text),
            "owners": _per_value(_list),
            "tags": _per_value(_list),
            "lead_times": _per_value(_optional_list),
            "start": _per_value(_start),
            "cutoff": _per_value(_cutoff),
            "region": _per_value(self._region),
            "role": _per_value(_role),
            "until": _per_value(_start),
            "optional": _per_value(_flag),
            "active": _per_value(_flag),
        }

    def check(self, row: RawRow) -> Entry | list[Problem]:
        if row.defect is not None:
            return [row.defect]
        convert = self.convert
        try:
            fields = {name: convert[name](raw) for name, raw in row.cells.items()}
            problems: list[Problem] = []
        except DeadlinesError:
            fields, problems = self._fields_one_by_one(row)
        title, rule = fields.setdefault("title", ""), fields.setdefault("rule", "")
        fields.setdefault("active", not fields.get("optional"))  # an optional step starts inactive
        key = fields.pop("key", "") or derived_key(title, rule)
        first = self.seen.setdefault(key, row.number)
        if first != row.number:
            reason = Text(f"键 {key} 与第 {first} 行重复", f"the key {key} repeats row {first}")
            problems.append(Problem(row.number, "key", key, reason, _DUPLICATE_FIX))
        obligation = Obligation(key=key, since=self.today, **fields)
        try:
            validate(obligation)
        except DeadlinesError as error:
            problems += _blame(row, obligation, error, {p.column for p in problems})
        return problems or Entry(row.number, obligation, row.given)

    def _fields_one_by_one(self, row: RawRow) -> tuple[dict[str, Any], list[Problem]]:
        """The slow path for a row with a bad cell: every cell converted alone, each failure a problem."""
        fields: dict[str, Any] = {}
        problems = []
        for name, raw in row.cells.items():
            try:
                fields[name] = self.convert[name](raw)
            except DeadlinesError as error:
                fix = _TEXT_FIX if isinstance(error, _NotText) else None
                problems.append(_problem(row.number, name, raw, error.text, fix))
        return fields, problems

    def _region(self, raw: Any) -> str | None:
        key = _text(raw)
        if key and self.check_region is not None:
            try:
                self.check_region(key)
            except DeadlinesError as error:
                raise InputError(error.text.zh, error.text.en) from None
        return key or None


def _per_value(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`convert` remembering its result for each text it was given: owners, tags, dates and leads repeat a lot."""
    results: dict[str, Any] = {}

    def converted(raw: Any) -> Any:
        if not isinstance(raw, str):
            return convert(raw)
        if raw not in results:
            results[raw] = convert(raw)
        return results[raw]

    return converted


class _NotText(InputError):
    """A JSON value that is not text where text is expected (an object, a list, true/false)."""


def _text(raw: Any) -> str:
    """A cell as text, surrounding spaces removed; JSON numbers as written, null as empty."""
    if isinstance(raw, str):
        return raw.strip()
    if raw is None:
        return ""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
    shown = json.dumps(raw, ensure_ascii=False)
    raise _NotText(f"值 {shown} 应是文本", f"the value {shown} should be text")


def _list(raw: Any) -> tuple[str, ...]:
    """A ;-separated cell (； too) or a JSON list, empty items dropped."""
    if isinstance(raw, list):
        items = [_text(item) for item in raw]
    else:
        items = _text(raw).replace("；", ";").split(";")
    return tuple([item.strip() for item in items if item and not item.isspace()])


def _optional_list(raw: Any) -> tuple[str, ...] | None:
    return _list(raw) or None


def _start(raw: Any) -> date | None:
    text = _text(raw)
    return _iso_date(text) if text else None


def _role(raw: Any) -> str:
    """duty (also when empty), authority or info."""
    text = _text(raw) or "duty"
    if text not in ROLES:
        raise InputError(
            f"角色「{text}」无效：应为 duty（本单位义务）、authority（主管部门环节）或 info（政策信息）",
            f"the role {text!r} is not valid: use duty, authority or info",
        )
    return text


def _flag(raw: Any) -> bool:
    """true/false (also 1/0, 是/否; empty is false)."""
    if isinstance(raw, bool):
        return raw
    text = _text(raw).lower()
    if text in ("true", "1", "是", "yes"):
        return True
    if text in ("", "false", "0", "否", "no"):
        return False
    raise InputError(f"值「{text}」应为 true 或 false", f"the value {text!r} should be true or false")


def _cutoff(raw: Any) -> str | None:
    text = _text(raw)
    return check_cutoff(text) if text else None


def _iso_date(text: str) -> date:
    """YYYY-MM-DD and nothing else: a bulk import guesses no date format."""
    m = _ISO.match(text)
    if m is None:
        raise DateError(
            f"日期「{text}」应写成 YYYY-MM-DD（如 2026-09-30）；批量导入不猜测其他写法。",
            f"the date {text!r} must be YYYY-MM-DD (e.g. 2026-09-30); a bulk import guesses no other form.",
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        return make_date(int(m[1]), int(m[2]), int(m[3]), text)  # raises, saying why the date does not exist


def _blame(row: RawRow, obligation: Obligation, error: DeadlinesError, known: set[str]) -> list[Problem]:
    """The columns `validate` refuses, each found by putting its value alone into a valid obligation.

    `known` holds the columns already reported for this row; they are not tried again.
    """
    found = []
    for name in COLUMNS:
        if name in known:
            continue
        try:
            validate(replace(_PROBE, **{name: getattr(obligation, name)}))
        except DeadlinesError as failure:
            found.append(_problem(row.number, name, row.cells.get(name, ""), failure.text))
    if found or known:  # cells that failed earlier explain the failure
        return found
    return [_problem(row.number, "", "", error.text)]


def _problem(number: int, column: str, raw: Any, reason: Text, fix: Text | None = None) -> Problem:
    value = ";".join(_shown(v) for v in raw) if isinstance(raw, list) else _shown(raw)
    return Problem(number, column, value, reason, fix or _FIXES.get(column, _TEXT_FIX))


def _shown(raw: Any) -> str:
    return raw if isinstance(raw, str) else "" if raw is None else json.dumps(raw, ensure_ascii=False)


# ---------------------------------------------------------------- upserting


def plan(store: Store, batch: Batch) -> UpsertResult:
    """What `write` would add, change and leave alone, by the store's own rules; writes nothing."""
    return write(store, batch, dry_run=True)


def write(store: Store, batch: Batch, *, action: str = "import", dry_run: bool = False) -> UpsertResult:
    """Upsert the batch's obligations in one locked transaction: a crash leaves the file as it was or with all of them."""
    with store.transaction(dry_run=dry_run) as tx:
        records = batch.records(lambda key: tx.obligation(key, include_deleted=True) is not None)
        return tx.upsert_obligations(records, action=action)
