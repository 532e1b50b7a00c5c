"""Regional overlays: 广西 壮族三月三 (农历三月初三 and 初四) on top of the national calendar."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from deadlines import paths
from deadlines.core.caldata import load_region_file
from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.errors import CalendarDataError

GUANGXI = load_region_file(paths.shipped("calendars") / "regions" / "guangxi.json")
NATIONAL = WorkCalendar(CalendarSources())
REGIONAL = WorkCalendar(CalendarSources(), GUANGXI)


@pytest.mark.parametrize(
    "day, workday, name",
    [
        # 2026: 三月初一 is the new moon of 4/17, so 初三 is Sun 4/19 and 初四 Mon 4/20.
        (date(2026, 4, 19), False, "壮族三月三"),
        (date(2026, 4, 20), False, "壮族三月三"),
        (date(2026, 4, 21), True, ""),
        # 2024: 三月初三 was Thu 4/11 → 4/11 and Fri 4/12 off.
        (date(2024, 4, 11), False, "壮族三月三"),
        (date(2024, 4, 12), False, "壮族三月三"),
        # 2025: 三月初三 was Mon 3/31 → 3/31 and Tue 4/1 off.
        (date(2025, 3, 31), False, "壮族三月三"),
        (date(2025, 4, 1), False, "壮族三月三"),
    ],
)
def test_guangxi_days(day: date, workday: bool, name: str) -> None:
    info = REGIONAL.day(day)
    assert (info.workday, info.name) == (workday, name)
    assert NATIONAL.is_workday(day) == (day.weekday() < 5)  # plain days nationally


def test_region_changes_a_working_day_count() -> None:
    # From Fri 2026-04-17: nationally Mon 4/20 is the first working day; in 广西 Tue 4/21.
    assert NATIONAL.add_workdays(date(2026, 4, 17), 1) == date(2026, 4, 20)
    assert REGIONAL.add_workdays(date(2026, 4, 17), 1) == date(2026, 4, 21)


def test_before_the_rule_existed_nothing_changes() -> None:
    # The rule applies from 2014. In 2010 三月初一 was the new moon of 4/14, so 初三 was Fri 4/16:
    # still a working day in 广西 then.
    assert REGIONAL.is_workday(date(2010, 4, 16))


def test_a_broken_region_file_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    doc = json.loads((paths.shipped("calendars") / "regions" / "guangxi.json").read_text(encoding="utf-8"))
    doc["rules"][0]["lunar_month"] = 13
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CalendarDataError) as info:
        load_region_file(path)
    assert str(path) in str(info.value) and "rules[0]" in str(info.value)


def test_unknown_region_lists_the_known_ones(cli) -> None:
    r = cli("calc", "2026-04-17", "1个工作日", "--region", "atlantis")
    assert r.exit_code == 2 and "guangxi" in r.stderr  # a usage error (issue #12 point 10)
