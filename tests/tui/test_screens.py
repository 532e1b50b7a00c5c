"""Help, the command palette, the month calendar, English, and changes made by other processes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

from textual.command import CommandPalette
from textual.widgets import Footer, Static

from deadlines.core.i18n import set_language
from deadlines.store import Store
from deadlines.tui.app import COMMANDS
from deadlines.tui.rows import due_label
from deadlines.tui.screens.calendar import CalendarScreen
from deadlines.tui.screens.dashboard import DashboardScreen
from deadlines.tui.screens.help import HelpScreen
from deadlines.tui.widgets.agenda_table import AgendaTable
from tests.tui.conftest import SAMPLE, SIZE, AppFactory, ob, screen_text, seed, settle


async def test_help_lists_the_keys(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in ("新增", "完成", "撤销", "月历", "Tab", "详情窗格"):
            assert words in text
        await pilot.press("end")  # the help scrolls from the keyboard
        await settle(pilot)
        text = screen_text(app)
        for words in ("已逾期", "推算", "上月"):
            assert words in text
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_footer_shows_bindings_in_the_interface_language(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    set_language("zh")
    assert due_label(date(2026, 11, 16), False) == "2026-11-16 周一"  # a Chinese run earlier in this process
    app = app_for(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Add", "Edit", "Done", "Delete", "Undo", "Calendar", "Help"} <= descriptions
        assert app.screen.query_one(Footer).display
        assert "Today 2026-11-21 (Sat)" in str(app.screen.query_one("#summary", Static).render()).replace("\xa0", " ")
        assert app.query_one(AgendaTable).rows[0].cells[:2] == ("overdue", "2026-11-16 Mon")


async def test_palette_has_every_action_and_runs_them(store: Store, app_for: AppFactory) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # the welcome screen
        callbacks = {c.callback for c in app.get_system_commands(app.dashboard)}
        for action, *_ in COMMANDS:
            assert getattr(app, f"action_{action}") in callbacks
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"演示数据")
        await pilot.pause(0.3)  # the palette searches asynchronously
        await pilot.press("enter")
        await settle(pilot)
    assert len(store.obligations()) > 10


async def test_calendar_moves_by_month_and_back_to_today(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CalendarScreen) and screen.month == date(2026, 11, 1)
        listing = str(screen.query_one("#month-listing", Static).render())
        assert "报送年度标准实施情况报告" in listing and "11-16->11-27" in listing
        await pilot.press("left")
        await settle(pilot)
        assert screen.month == date(2026, 10, 1)
        listing = str(screen.query_one("#month-listing", Static).render())
        assert "国庆节调休上班" in listing and "日历来源：官方" in listing
        await pilot.press("right", "right", "right", "right")
        await settle(pilot)
        assert screen.month == date(2027, 2, 1)
        listing = str(screen.query_one("#month-listing", Static).render())
        assert "春节" in listing and "推算" in listing and "02-14" in listing
        await pilot.press("pagedown")
        await settle(pilot)
        assert screen.month == date(2028, 2, 1)
        await pilot.press("t")
        await settle(pilot)
        assert screen.month == date(2026, 11, 1)
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_a_change_by_another_store_shows_up_without_restart(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for(poll_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        Store(store.path).add_obligation(ob("cron", "定时任务写入的义务", "2026年11月25日前").to_record())
        for _ in range(100):
            await pilot.pause(0.05)
            if "cron" in [r.key for r in app.query_one(AgendaTable).rows]:
                break
        assert "cron" in [r.key for r in app.query_one(AgendaTable).rows]


async def test_a_deadlines_add_process_shows_up_without_restart(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for(poll_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
        subprocess.run(
            [
                sys.executable,
                "-m",
                "deadlines",
                "--db",
                str(store.path),
                "--today",
                "2026-11-21",
                "add",
                "脚本添加的义务",
                "--rule",
                "2026年12月3日前",
                "--key",
                "from-script",
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        for _ in range(100):
            await pilot.pause(0.05)
            if "from-script" in [r.key for r in app.query_one(AgendaTable).rows]:
                break
        assert "from-script" in [r.key for r in app.query_one(AgendaTable).rows]
