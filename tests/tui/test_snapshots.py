"""A small curated set of SVG snapshots: 120x40 and 80x24, today 2026-11-21, textual pinned (8.2.8).

Review an SVG before accepting a change to it (`pytest --snapshot-update` only
after looking at the report); each docstring says what the picture must show.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from deadlines.core.clock import BEIJING, Clock
from deadlines.store import Store
from deadlines.tui.widgets.agenda_table import AgendaTable
from tests.tui.conftest import SAMPLE, SIZE, AppFactory, open_add_form, seed, settle


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """The store stamps its audit rows (shown in the detail pane) with this fixed time, not the real clock."""
    return Store(
        tmp_path / "deadlines.json", who="tester", clock=Clock(fixed=datetime(2026, 11, 20, 9, 30, tzinfo=BEIJING))
    )


def test_dashboard(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The dashboard in Chinese: the header reads 今天 2026-11-21（周六） then the counts 已逾期 1, 今日到期 1,
    窗口开放 1, 即将到期 1, 未到期 2, 显示 6/6, 排序：日期 and 「~ 推算日期」; below it the yellow 2027 warning.
    Six rows by the date of the next action (overdue first), status a column in its own colour (已逾期 red,
    今日到期 reversed, 窗口开放 accent, 即将到期 yellow): 11-16, 11-21, 11-27, 12-15, 2027-02-14~ (春节后培训登记,
    provisional) and 2027-04-30. The detail pane on the right explains the first row, 报送年度标准实施情况报告,
    with its rule, owner, tag, why-this-date and history; the footer reads a 新增 e 编辑 d 完成 u 撤销 p 档案 c 日历 / 筛选 ? 帮助
    and, on the right, ^p 命令 (Del, i, o, q and the Shift sorts are in the help)."""
    seed(store, SAMPLE)
    assert snap_compare(app_for(), terminal_size=SIZE, run_before=settle)


def test_dashboard_english(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The same dashboard with --lang en: Today 2026-11-21 (Sat), overdue 1, due today 1…, sorted by date,
    English column headers, status words, weekdays (2026-11-16 Mon, not 周一) and footer (^p Commands);
    titles stay in Chinese and still line up in their column."""
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
    """The add form over the dashboard at 120x40, title 基础学分登记, rule 培训结束后10个工作日内, start
    2026-09-28: the preview box lists the next due date 2026-10-16（周五） and why: the start day not counted,
    国庆节 2026-10-01 to 10-07 skipped (the 调休 working Saturday 10-10 is further down: the preview runs on
    below the fold), while 保存 (Ctrl+S) and 取消 (Esc) stay in view at the dialog's bottom."""
    seed(store, SAMPLE)
    assert snap_compare(app_for(), terminal_size=SIZE, run_before=open_add_form)


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
    应用档案 (p), 载入演示数据 (m) and 自己新增一项 (a); the footer lists p, m, a, esc and q, then ^p 命令."""
    assert snap_compare(app_for(), terminal_size=SIZE, run_before=settle)


SMALL = (80, 24)


def test_dashboard_at_80x24(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """80x24, stacked: the header wraps onto two lines between counts, never inside one (今天 … 即将到期 1, then
    未到期 2  显示 6/6  排序：日期  ~ 推算日期), the 2027
    warning, the filter bar with four menus that fit, then the table across the whole width, titles whole
    (企业标准自我声明公开信息更新 is not cut), rows by date: 已逾期 11-16, 今日到期 11-21, 窗口开放 11-27,
    即将到期 12-15, 未到期 2027-02-14~ and 2027-04-30. Below a rule, the detail of the first row. The footer
    ends with ? 帮助 and ^p 命令 (no English "palette")."""
    seed(store, SAMPLE)
    assert snap_compare(app_for(), terminal_size=SMALL, run_before=settle)


def test_add_form_at_80x24(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The add form at 80x24 with a rule and a start date typed: the dialog fills the screen without
    spilling over, the fields scroll, and 保存 (Ctrl+S) and 取消 (Esc) stay at its bottom, above the footer
    ^s 保存 esc 取消. The focused field (起算日) has a lighter background than the others."""
    seed(store, SAMPLE)
    assert snap_compare(app_for(), terminal_size=SMALL, run_before=open_add_form)


def test_profile_search_at_80x24(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The profile dialog at 80x24, stacked: the search box (focused, lighter background) holds "lpz" and the
    list below shows only the three profiles whose titles hold 领跑者, the first highlighted; under it the
    chosen profile's title, document (italic) and summary, its parameters further down (Tab reaches them,
    the form scrolls); 应用 (Ctrl+S) and 取消 (Esc) at the bottom, the footer ^s 应用 esc 取消."""
    seed(store, SAMPLE)

    async def search(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press(*"lpz")
        await settle(pilot)

    assert snap_compare(app_for(), terminal_size=SMALL, run_before=search)


def test_export_toast_at_80x24(  # type: ignore[no-untyped-def]
    store: Store, app_for: AppFactory, snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exported from the dialog at 80x24 (the working folder ~/导出, its default): the toast at the bottom
    right reads 「已导出 6 项到 ~/导出/deadlines-2026-11-21.json」 with every character, Chinese ones two
    cells wide, wrapped inside the toast and none dropped."""
    seed(store, SAMPLE)
    folder = tmp_path / "导出"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(folder)

    async def export(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert (folder / "deadlines-2026-11-21.json").exists()

    assert snap_compare(app_for(), terminal_size=SMALL, run_before=export)


def test_calendar_at_80x24(store: Store, app_for: AppFactory, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """November 2026 at 80x24, stacked: the month grid on top (21 highlighted as today, 截1 on the 16th
    and the 21st, 窗 on the window days 16-27), and under a rule the list at full width: 节假日与调休 无,
    then 本月到期与窗口 with 11-16->11-27 团体标准年度复核材料提交 and the other titles whole."""
    seed(store, SAMPLE)

    async def calendar(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(app_for(), terminal_size=SMALL, run_before=calendar)
