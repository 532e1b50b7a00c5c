"""The timeline (y on the dashboard): bands of windows and deadlines over 90 days or a year, holidays shaded,
a heat-map of deadlines per week; Enter opens the chosen obligation on the dashboard.

SAMPLE on 2026-11-21 (tests/tui/conftest.py): 报送… was due 11-16 and is overdue (carried in as ! in
the first column); 企业标准自我声明… is due today; 团体标准年度复核… is the window 11-16..11-27; 年度标准化
工作总结 the window 12-01..12-15; 春节后培训登记 is 10 working days after 2027-01-25 across 2027's
春节 (no official notice yet: provisional, earliest 2027-02-09); 企业标准年度自查 is due 2027-04-30,
beyond 90 days. 2027's 春节 rest days 02-05..02-08 are certain even in the provisional calendar
(除夕 and 初一 to 初三 under the 2024 rules), 02-09.. are the forecast 调休 extension.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text as Rich
from textual.pilot import Pilot

from deadlines.core.clock import BEIJING, Clock
from deadlines.store import Store
from deadlines.store.ledger import Ledger
from deadlines.tui.rows import load_agenda
from deadlines.tui.screens.timeline import TimelineScreen
from deadlines.tui.widgets.agenda_table import AgendaTable
from deadlines.tui.widgets.timeline import HOLIDAY, WINDOW, Scale, Timeline, band, timeline_view
from tests.tui.conftest import SAMPLE, SIZE, TODAY, AppFactory, calendar_for, screen_text, seed, settle

WIDTH = 118  # the band's width on a 120-column screen (1 cell of padding each side)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """The store stamps its audit rows with this fixed time, not the real clock."""
    return Store(
        tmp_path / "deadlines.json", who="tester", clock=Clock(fixed=datetime(2026, 11, 20, 9, 30, tzinfo=BEIJING))
    )


def lines(store: Store, length: int = 90) -> tuple[list[Rich], Scale]:
    seed(store, SAMPLE)
    view = timeline_view(load_agenda(Ledger.read(store), calendar_for, TODAY), calendar_for, TODAY, TODAY)
    return band(view, length, WIDTH, 30, None).split("\n"), Scale.fit(WIDTH, length)


def label_end(line: Rich, scale: Scale) -> int:
    """The index of the first character after the label (a Chinese character takes two cells)."""
    cells = 0
    for n, ch in enumerate(line.plain):
        if cells == scale.label:
            return n
        cells += cell_len(ch)
    raise AssertionError(f"no label in {line.plain!r}")


def cell(line: Rich, scale: Scale, day: date) -> tuple[str, str]:
    """The character and style of the column that holds `day`."""
    offset = label_end(line, scale) + (day - TODAY).days // scale.per
    style = line.get_style_at_offset(Console(), offset)
    return line.plain[offset], str(style)


def lane(rows: list[Rich], title: str) -> Rich:
    return next(r for r in rows if r.plain.startswith(title))


def test_lanes_mark_windows_deadlines_holidays_and_provisional_dates(store: Store) -> None:
    rows, scale = lines(store)
    assert scale.per == 2  # 90 days on 89 columns: two days a column
    titles = [r.plain[: label_end(r, scale)].strip() for r in rows[2:7]]
    assert titles == [
        "报送年度标准实施情况报告",
        "企业标准自我声明公开信息更…",
        "团体标准年度复核材料提交",
        "年度标准化工作总结",
        "春节后培训登记",
    ]
    assert not any(r.plain.startswith("企业标准年度自查") for r in rows)  # 2027-04-30: beyond 90 days
    assert cell(lane(rows, "报送"), scale, TODAY)[0] == "!"
    assert cell(lane(rows, "企业标准自我声明"), scale, TODAY)[0] == "*"
    summary = lane(rows, "年度标准化工作总结")
    for day in (date(2026, 12, 1), date(2026, 12, 8)):
        assert WINDOW.removeprefix("on ") in cell(summary, scale, day)[1]  # the window is a bar
    assert cell(summary, scale, date(2026, 12, 15))[0] == "*"
    assert WINDOW.removeprefix("on ") not in cell(summary, scale, date(2026, 12, 17))[1]  # and ends with it
    assert cell(lane(rows, "春节后培训登记"), scale, date(2027, 2, 9))[0] == "?"
    calendar = rows[1]
    assert HOLIDAY.removeprefix("on ") in cell(calendar, scale, date(2027, 2, 6))[1]  # 春节, certain
    assert cell(calendar, scale, date(2027, 2, 11))[0] == "?"  # the forecast part of the break
    assert HOLIDAY.removeprefix("on ") in cell(lane(rows, "年度标准化工作总结"), scale, date(2027, 1, 1))[1]  # 元旦
    assert HOLIDAY.removeprefix("on ") not in cell(calendar, scale, date(2026, 12, 10))[1]  # a Thursday


def test_a_year_shows_the_later_deadline_and_the_weekly_heatmap(store: Store) -> None:
    rows, scale = lines(store, 365)
    assert scale.per == 5
    assert cell(lane(rows, "企业标准年度自查"), scale, date(2027, 4, 30))[0] == "*"
    seed(store, [])
    view = timeline_view(load_agenda(Ledger.read(store), calendar_for, TODAY), calendar_for, TODAY, TODAY)
    weeks = dict(view.weekly())
    monday = date(2026, 11, 16)
    assert weeks[monday] == 1  # 11-21 (the overdue 11-16 is not a new deadline of the year)
    assert weeks[monday + timedelta(weeks=1)] == 1  # the window closing 11-27
    assert weeks[date(2026, 12, 14)] == 1 and weeks[date(2027, 2, 8)] == 1 and weeks[date(2027, 4, 26)] == 1
    assert sum(weeks.values()) == 5


async def test_keys_choose_a_lane_and_enter_opens_it_on_the_dashboard(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        band_widget = app.screen.query_one(Timeline)
        assert band_widget.selected == "report"
        await pilot.press("down", "down", "down")
        assert band_widget.selected == "summary"
        await pilot.press("v")
        await settle(pilot)
        assert "企业标准年度自查" in screen_text(app) and "全年" in screen_text(app)
        await pilot.press("right")
        await settle(pilot)
        assert app.screen.start == TODAY + timedelta(days=7)  # type: ignore[attr-defined]
        await pilot.press("t", "enter")
        await settle(pilot)
        assert app.screen is app.dashboard
        assert app.dashboard.query_one(AgendaTable).selected_key == "summary"  # type: ignore[attr-defined]


async def test_the_report_action_writes_an_xlsx_of_the_store(
    store: Store, app_for: AppFactory, tmp_path, monkeypatch
) -> None:
    seed(store, SAMPLE)
    monkeypatch.chdir(tmp_path)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("report")
        await settle(pilot)
    book = openpyxl.load_workbook(tmp_path / "deadlines-report-2026-11-21.xlsx")
    summary = dict(list(book["概况"].iter_rows(values_only=True))[1:])
    assert summary["义务总数"] == 6 and summary["已逾期"] == 1


def _open(length_key: str | None = None):  # type: ignore[no-untyped-def]
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        if length_key:
            await pilot.press(length_key)
            await settle(pilot)

    return run


def test_snapshot_timeline_120x40(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The timeline at 120x40, 2026-11-21 to 2027-02-18: month names 11月 12月 2027年1月 2月 above two-day
    columns; the 节假日/调休 row shaded red on 元旦 and 2027-02-05..08 (春节) with ? over the forecast days;
    lanes 报送… (red ! in the first column), 企业标准自我声明… (* today), 团体标准年度复核材料提交 (teal
    bar to * on 11-27), 年度标准化工作总结 (teal bar 12-01 to * on 12-15), 春节后培训登记 (yellow ? on
    02-09); the holiday shading runs down every lane; the legend; the heat-map row of digits per week."""
    seed(store, SAMPLE)
    assert snap_compare(app_for(), terminal_size=SIZE, run_before=_open())


def test_snapshot_timeline_80x24_year(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The year view at 80x24: seven days a column, the same lanes plus 企业标准年度自查 (* at 2027-04-30),
    holidays (元旦, 春节, 清明, 劳动节, 端午, 中秋/国庆 2027) shaded in the calendar row, labels cut with …."""
    seed(store, SAMPLE)
    assert snap_compare(app_for(), terminal_size=(80, 24), run_before=_open("v"))


async def test_p_groups_the_lanes_by_profile_and_enter_opens_the_profiles_first_item(
    store: Store, app_for: AppFactory
) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y", "v")
        await settle(pilot)
        band_widget = app.screen.query_one(Timeline)
        await pilot.press("p")
        view = band_widget.shown()
        assert view is not None
        # Only 企业标准年度自查 comes from a profile (leader-jiangsu); the five others from none.
        lanes = {lane.title: len(lane.spans) + (lane.overdue is not None) for lane in view.lanes_in(365)}
        assert lanes == {"（无档案）": 5, "leader-jiangsu": 1}
        await pilot.press("down")
        assert band_widget.selected == "leader-jiangsu"
        await pilot.press("enter")
        assert not band_widget.by_profile and band_widget.selected == "yearly"
