"""Reading an import file's bytes into a `Table`: CSV and XLSX grids, JSON lists and NDJSON lines.

Each reader is bounded, so a hostile or broken file ends in a one-line
error, never a traceback or a machine out of memory: the file's size
(`MAX_BYTES`), a CSV cell's length (`csv.field_size_limit`, 131,072
characters), JSON nesting (`MAX_DEPTH`) and number length (Python's 4,300
digits), and the XLSX caps in `transfer.xlsx`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from deadlines.core.errors import InputError
from deadlines.core.i18n import Text
from deadlines.transfer.columns import COLUMNS, Format, Problem, RawRow, Table, check_header, empty_file, nameless
from deadlines.transfer.decode import decode, detect_format
from deadlines.transfer.formats import unescape_cell
from deadlines.transfer.xlsx import xlsx_rows

MAX_BYTES = 64 * 1024 * 1024
"""The largest import file read (64 MiB: about 500,000 rows)."""
MAX_DEPTH = 8
"""The deepest JSON nesting an import may have (a list of objects holding lists needs 3)."""


def read_table(
    data: bytes,
    fmt: Format | None = None,
    *,
    name: str | None = None,
    ignore_unknown: bool = False,
    encoding: str | None = None,
) -> Table:
    """Read an import file; a file that cannot be read at all, or a wrong header, is an InputError.

    `encoding` is the text encoding the user says the file is in (default: detected).
    """
    check_size(len(data))
    fmt = fmt or detect_format(data, name)
    if fmt == "xlsx":
        return _grid_table(fmt, None, xlsx_rows(data), ignore_unknown)
    text, encoding = decode(data, encoding)
    if fmt == "csv":
        return _grid_table(fmt, encoding, _csv_rows(text), ignore_unknown)
    objects = _json_objects(text) if fmt == "json" else _ndjson_objects(text)
    return _object_table(fmt, encoding, objects, ignore_unknown)


def check_size(size: int) -> None:
    """An InputError for a file larger than MAX_BYTES."""
    if size > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise InputError(
            f"导入文件超过 {limit} MiB：请拆成几个文件分别导入。",
            f"The import file is larger than {limit} MiB: split it into several files and import each.",
        )


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with its row number (records, as a spreadsheet counts them), formula escapes taken off."""
    reader = csv.reader(io.StringIO(text, newline=""))
    escaped = "'" in text
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, [unescape_cell(cell) for cell in cells] if escaped else cells
    except csv.Error as error:
        limit = csv.field_size_limit()
        raise InputError(
            f"CSV 第 {number + 1} 条记录无法读取：有单元格超过 {limit} 个字符，或引号没有配对（{error}）。",
            f"CSV record {number + 1} cannot be read: a cell is longer than {limit} characters, "
            f"or a quote is not closed ({error}).",
        ) from None


def _grid_table(
    fmt: Format, encoding: str | None, rows: Iterable[tuple[int, list[str]]], ignore_unknown: bool
) -> Table:
    """CSV or XLSX: the first non-empty row is the header; empty rows are skipped."""
    filled = ((number, cells) for number, cells in rows if "".join(cells).strip())
    first = next(filled, None)
    if first is None:
        raise empty_file()
    names = [name.strip().lower() for name in first[1]]
    while names and not names[-1]:
        names.pop()
    shown = [name or nameless(i) for i, name in enumerate(names)]
    known = [(i, name) for i, name in enumerate(names) if name in COLUMNS]
    unknown = [shown[i] for i, name in enumerate(names) if name not in COLUMNS]
    check_header(shown, [name for _, name in known], unknown, ignore_unknown)
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
        data = _load(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"JSON 文件第 {error.lineno} 行第 {error.colno} 列有语法错误（{error.msg}）。",
            f"The JSON file has a syntax error at line {error.lineno}, column {error.colno} ({error.msg}).",
        ) from None
    except _TooDeep as error:
        raise InputError(f"JSON 文件{error.text.zh}", f"The JSON file {error.text.en}") from None
    if not isinstance(data, list):
        raise InputError(
            "JSON 文件的顶层应是对象的列表 [{…}, {…}]；每行一个对象的文件请用 --format ndjson。",
            "The top level of a JSON file must be a list of objects [{…}, {…}]; "
            "for one object per line use --format ndjson.",
        )
    return list(enumerate(data, start=1))


class _TooDeep(InputError):
    """JSON nested too deeply, or a number too long to read."""


def _load(text: str) -> Any:
    """json.loads, with nesting and number length bounded: `_TooDeep` (or JSONDecodeError) otherwise."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise _too_deep() from None
    except json.JSONDecodeError:
        raise
    except ValueError as error:  # a number longer than Python converts (4,300 digits)
        raise _TooDeep(f"有过长的数字（{error}）。", f"has a number too long to read ({error}).") from None
    if not _shallow(data):
        raise _too_deep()
    return data


def _too_deep() -> _TooDeep:
    return _TooDeep(
        f"嵌套超过 {MAX_DEPTH} 层：导入文件只需对象的列表。",
        f"is nested deeper than {MAX_DEPTH} levels: an import needs only a list of objects.",
    )


def _shallow(data: Any) -> bool:
    """No list or object in `data` deeper than MAX_DEPTH (walked without recursion)."""
    level: list[Any] = [data]
    for _ in range(MAX_DEPTH + 1):
        level = [
            child
            for value in level
            if isinstance(value, list | dict)
            for child in (value.values() if isinstance(value, dict) else value)
        ]
        if not level:
            return True
    return False


def _ndjson_objects(text: str) -> list[tuple[int, Any]]:
    """One JSON object per line; a line that is not JSON becomes that row's problem, not the whole file's."""
    objects: list[tuple[int, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            objects.append((number, _load(line)))
        except json.JSONDecodeError as error:
            objects.append((number, _BadLine(line[:200], error.msg)))
        except _TooDeep as error:
            objects.append((number, _BadLine(line[:200], error.text.en)))
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
    check_header(list(columns) + list(unknown), list(columns), list(unknown), ignore_unknown, required=())
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
