"""Reading the first sheet of an XLSX file, bounded: a 5 KB file can claim a sheet of 17 billion cells.

openpyxl in read-only mode streams the sheet; on top of that the zip's
unpacked size, the sheet's declared size, and the rows, columns and cells
actually read are capped, so a bomb ends at once in a one-line error.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from typing import Any

from deadlines.core.errors import InputError

MAX_ROWS = 200_000
"""The most rows (empty ones included) a sheet may have."""
MAX_COLUMNS = 64
"""The most columns a sheet may use (an import has 12 known columns)."""
MAX_CELLS = 3_000_000
"""The most non-empty cells read."""
MAX_UNPACKED = 512 * 1024 * 1024
"""The most bytes the XLSX zip may unpack to."""


def xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """The first sheet's non-empty rows with their row numbers, cells as text (dates ISO, whole numbers without .0)."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # heavy: only for an XLSX file

    try:
        _check_unpacked(data)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, TypeError, IndexError) as error:
        raise _unreadable(error) from None
    try:
        sheet = book.worksheets[0]
        _check_declared(sheet.max_row or 0, sheet.max_column or 0)
        rows = []
        cells = 0
        for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1):
            if number > MAX_ROWS:
                raise _too_big(f"超过 {MAX_ROWS} 行", f"has more than {MAX_ROWS} rows")
            filled = [value for value in values if value is not None]
            if not filled:
                continue
            if len(values) > MAX_COLUMNS and values[MAX_COLUMNS] is not None:
                raise _too_big(f"超过 {MAX_COLUMNS} 列", f"has more than {MAX_COLUMNS} columns")
            cells += len(filled)
            if cells > MAX_CELLS:
                raise _too_big(f"超过 {MAX_CELLS} 个非空单元格", f"has more than {MAX_CELLS} non-empty cells")
            rows.append((number, [_xlsx_text(value) for value in values[:MAX_COLUMNS]]))
        return rows
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise _unreadable(error) from None
    finally:
        book.close()


def _check_unpacked(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED:
        raise _too_big(f"解压后超过 {MAX_UNPACKED // 2**20} MiB", f"unpacks to more than {MAX_UNPACKED // 2**20} MiB")


def _check_declared(rows: int, columns: int) -> None:
    """The size the sheet declares (its dimension), refused before a row is read."""
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise _too_big(
            f"声明了 {rows} 行 × {columns} 列，超过上限 {MAX_ROWS} 行 × {MAX_COLUMNS} 列",
            f"declares {rows} rows × {columns} columns, over the limit of {MAX_ROWS} rows × {MAX_COLUMNS} columns",
        )


def _too_big(zh: str, en: str) -> InputError:
    return InputError(
        f"XLSX 文件的第一个工作表{zh}：导入文件只需表头和每项义务一行。请删去多余的行列，或另存为 CSV UTF-8。",
        f"The XLSX file's first sheet {en}: an import needs a header and one row per obligation. "
        "Delete the extra rows and columns, or save it as CSV UTF-8.",
    )


def _unreadable(error: Exception) -> InputError:
    return InputError(
        f"无法读取这个 XLSX 文件（{error}）。请在 Excel 中重新另存为 .xlsx，或另存为 CSV UTF-8。",
        f"Cannot read this XLSX file ({error}). Save it again from Excel as .xlsx, or as CSV UTF-8.",
    )


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
