"""The import operation (app/notices.py) over real files: every notice of 2010–2026 and the
supplements imported one after another, forwards and backwards, into a real user calendar
dir; every year then read back through CalendarSources, day by day against chinese-calendar."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from deadlines.app.notices import plan_notice_import, write_notice_import
from deadlines.core.calendar import CalendarSources
from tests.unit.test_notice_real import CLEAN, REAL, SPAN, SPAN_SUPPLEMENTS

FILES = [(REAL / n if (REAL / n).exists() else CLEAN / n) for n in [*SPAN, *SPAN_SUPPLEMENTS]]


def _import_all(user_dir: Path, files: list[Path]) -> CalendarSources:
    for path in files:
        sources = CalendarSources(None, user_dir)  # a fresh process each time: files are the only state
        year = 2016 if path.name == "2016.txt" else None
        write_notice_import(plan_notice_import(path.read_text(encoding="utf-8"), sources, year=year), user_dir)
    return CalendarSources(None, user_dir)


@pytest.mark.parametrize("direction", ["forwards", "backwards"])
def test_every_year_reads_back_day_exact(tmp_path: Path, direction: str) -> None:
    files = FILES if direction == "forwards" else FILES[::-1]
    sources = _import_all(tmp_path, files)
    wrong = []
    for year in range(2010, 2027):
        data = {e.day: e.workday for e in sources.year(year).entries}
        assert sources.year(year).source == "user"
        first = date(year, 1, 1)
        for d in (first + timedelta(i) for i in range((date(year + 1, 1, 1) - first).days)):
            if data.get(d, d.weekday() < 5) != chinese_calendar.is_workday(d):
                wrong.append(d)
    assert wrong == []


def test_both_directions_write_the_same_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    _import_all(a, FILES)
    _import_all(b, FILES[::-1])
    for path in sorted(a.glob("*.json")):
        assert path.read_text(encoding="utf-8") == (b / path.name).read_text(encoding="utf-8"), path.name
