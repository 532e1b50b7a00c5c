"""Reading obligations in bulk from CSV, XLSX, JSON or NDJSON, every row checked as `deadlines add` checks it.

The pipeline, one module per step: `columns` (the contract: formats,
columns, rows and problems), `decode` (format and text encoding),
`readers` and `xlsx` (bytes to a `Table`, bounded), `rows` (a `Batch` of
valid obligations and problems), `upsert` (`plan` and `write`). Front ends
import the names they need from here. No click here.
"""

from __future__ import annotations

from deadlines.transfer.columns import COLUMNS, FORMATS, Format, Problem, RawRow, Table
from deadlines.transfer.readers import read_table
from deadlines.transfer.rows import Batch, InvalidRows, check_rows
from deadlines.transfer.upsert import plan, write

__all__ = [
    "COLUMNS",
    "FORMATS",
    "Batch",
    "Format",
    "InvalidRows",
    "Problem",
    "RawRow",
    "Table",
    "check_rows",
    "plan",
    "read_table",
    "write",
]
