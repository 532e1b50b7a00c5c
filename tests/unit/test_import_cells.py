"""A CSV export's cells read back as they were: the formula escape is taken off exactly when it was put on."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from deadlines.transfer.formats import FORMULA_STARTS, csv_cell, csv_text, unescape_cell

# Texts biased to start like formulas, escapes and escaped escapes.
starts = st.sampled_from(["", "'", "''", *FORMULA_STARTS, *("'" + s for s in FORMULA_STARTS)])
texts = st.builds(lambda a, b: a + b, starts, st.text(max_size=20))


@given(texts)
def test_a_cell_reads_back_as_written(text: str) -> None:
    assert unescape_cell(csv_cell(text)) == text


@given(texts)
def test_no_written_cell_starts_like_a_formula(text: str) -> None:
    assert csv_cell(text)[:1] not in FORMULA_STARTS


@given(st.lists(texts, min_size=1, max_size=5))
def test_a_whole_csv_row_round_trips(row: list[str]) -> None:
    # The slow obvious twin of reading a cell back: the csv module's own reader, then the unescape.
    (read,) = csv.reader(io.StringIO(csv_text([row]), newline=""))
    assert [unescape_cell(cell) for cell in read] == row
