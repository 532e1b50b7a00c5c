"""A small curated set of SVG snapshots: 120x40, today 2026-11-21, textual pinned (8.2.8).

Review an SVG before accepting a change to it (`pytest --snapshot-update` only
after looking at the report); each docstring says what the picture must show.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from deadlines.core.clock import BEIJING, Clock
from deadlines.store import Store
from deadlines.tui.widgets.agenda_table import AgendaTable
from tests.tui.conftest import SAMPLE, SIZE, AppFactory, seed, settle


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """The store stamps its audit rows (shown in the detail pane) with this fixed time, not the real clock."""
    return Store(
        tmp_path / "deadlines.json", who="tester", clock=Clock(fixed=datetime(2026, 11, 20, 9, 30, tzinfo=BEIJING))
    )


def test_dashboard(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The dashboard in Chinese: the header reads 今天 2026-11-21（周六） then the counts 已逾期 1, 今日到期 1,
    窗口开放 1, 即将到期 1, 未到期 2, 显示 6/6 and 「~ 推算日期」; below it the yellow 2027 warning.
    Six rows, most urgent first, each status in its own colour (已逾期 red, 今日到期 reversed,
    窗口开放 accent, 即将到期 yellow); the 春节后培训登记 row's date ends in ~. The detail pane on the
    right explains the first row, 报送年度标准实施情况报告; the footer lists the keys in Chinese."""
    seed(store, SAMPLE)
    assert snap_compare(app_for(), terminal_size=SIZE, run_before=settle)


def test_dashboard_english(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The same dashboard with --lang en: Today 2026-11-21 (Sat), overdue 1, due today 1…, English column
    headers, status words and footer; titles stay in Chinese and still line up in their column."""
    seed(store, SAMPLE)
    assert snap_compare(app_for(lang="en"), terminal_size=SIZE, run_before=settle)


def test_detail_of_a_provisional_date(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The cursor on 春节后培训登记 (10 working days after 2027-01-25): the detail pane shows the due date
    2027-02-14（周日）with 「推算：最早 2027-02-09，最晚 2027-02-16」, the skipped rest days (春节 2027-02-05
    to 02-13), the 调休 working Sundays counted, and the 2027 provisional calendar source."""
    seed(store, SAMPLE)

    async def select(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.query_one(AgendaTable).move_to("spring")
        await settle(pilot)

    assert snap_compare(app_for(), terminal_size=SIZE, run_before=select)


def test_add_form_live_preview(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The add form over the dashboard, title 基础学分登记, rule 培训结束后10个工作日内, start 2026-09-28:
    the preview box lists the next due date 2026-10-16（周五） and why: the start day not counted, 国庆节
    2026-10-01 to 10-07 skipped, 2026-10-10（周六）counted as a 调休 working day."""
    seed(store, SAMPLE)

    async def fill(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("a")
        form = pilot.app.screen
        form.query_one("#f-title", Input).value = "基础学分登记"
        form.query_one("#f-rule", Input).value = "培训结束后10个工作日内"
        form.query_one("#f-start", Input).value = "2026-09-28"
        await settle(pilot)

    assert snap_compare(app_for(), terminal_size=SIZE, run_before=fill)


def test_calendar_of_a_provisional_month(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """February 2027 (no official notice yet): the grid marks 5-8 February 休 (red), 9-13 休? and 14 班?
    (the forecast 调休), the right-hand list names 春节 with [很可能]/[预测] on the forecast days and the
    春节后培训登记 due date (marked ~), and the source line says 推算."""
    seed(store, SAMPLE)

    async def february(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        pilot.app.screen.month = date(2027, 2, 1)  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(app_for(), terminal_size=SIZE, run_before=february)


def test_first_run_welcome(app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """An empty database: the welcome box explains the tool in Chinese and offers three buttons,
    应用档案 (p), 载入演示数据 (m) and 自己新增一项 (a); the footer lists p, m, a, esc and q."""
    assert snap_compare(app_for(), terminal_size=SIZE, run_before=settle)
