"""TUI test setup: a temp store, the shipped calendars, a fixed "today", and a way to wait for workers."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerState

from deadlines import paths
from deadlines.app.workspace import Workspace
from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.clock import Clock
from deadlines.core.i18n import Lang
from deadlines.core.models import Obligation
from deadlines.store import Store
from deadlines.tui import make_app
from deadlines.tui.app import DeadlinesApp

TODAY = date(2026, 11, 21)
SIZE = (120, 40)

_CALENDAR = WorkCalendar(CalendarSources(paths.shipped("calendars") / "official", None))


def calendar_for(region: str | None) -> WorkCalendar:
    """The official calendar (no region, no user files), shared by every test: it is slow to build."""
    return _CALENDAR


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "deadlines.json", who="tester")


AppFactory = Callable[..., DeadlinesApp]


@pytest.fixture
def app_for(store: Store) -> AppFactory:
    """`app_for(lang="en", poll_interval=…)`: the app over the test's store on 2026-11-21."""

    def build(lang: Lang = "zh", poll_interval: float = 3600) -> DeadlinesApp:
        return make_app(
            Workspace.of(store, calendar_for, Clock(today_override=TODAY), lang), poll_interval=poll_interval
        )

    return build


def seed(store: Store, obligations: Iterable[Obligation]) -> None:
    store.upsert_obligations([ob.to_record() for ob in obligations], action="test")


def ob(key: str, title: str, rule: str, **fields: object) -> Obligation:
    return Obligation(key=key, title=title, rule=rule, since=date(2026, 6, 1), **fields)  # type: ignore[arg-type]


SAMPLE = [
    ob("report", "报送年度标准实施情况报告", "2026年11月16日前", owners=("li@example.com",), tags=("报送",)),
    ob("today", "企业标准自我声明公开信息更新", "2026年11月21日前", tags=("自我声明",)),
    ob("window", "团体标准年度复核材料提交", "2026年11月16日至2026年11月27日", tags=("团体标准",)),
    ob("summary", "年度标准化工作总结", "每年12月1日至12月15日", owners=("wang@example.com",), tags=("总结",)),
    ob("spring", "春节后培训登记", "培训结束后10个工作日内", start=date(2027, 1, 25), source="000 第71行"),
    ob("yearly", "企业标准年度自查", "每年4月30日前", profile="leader-jiangsu"),
]
"""Overdue, due today, window open, due soon, provisional (春节 2027) and upcoming."""


def screen_text(app: DeadlinesApp) -> str:
    """What the screen shows, as text (from an SVG screenshot, tags removed)."""
    return html.unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the screen is idle: no worker pending or running (what their results started included),
    no scheduled animation, and the message queue drained, three times in a row (a busy machine may deliver
    a worker's result a moment after the worker itself is done); then stop the text cursors blinking, so a
    screenshot does not depend on when it is taken."""
    quiet = 0
    for _ in range(200):
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        busy = [w for w in pilot.app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        if not busy:
            quiet += 1
            if quiet >= 3:
                for field in pilot.app.screen.query(Input):  # a blinking cursor would make screenshots differ
                    field.cursor_blink = False
                await pilot.pause()
                return
            continue
        quiet = 0
        for worker in busy:
            with suppress(WorkerCancelled):  # superseded by a newer run of its group
                await worker.wait()
    raise AssertionError("workers kept running")


async def open_add_form(pilot: Pilot[None]) -> None:
    """The add form with 基础学分登记, 培训结束后10个工作日内 from 2026-09-28 typed (the focus on the start date):
    a long preview (国庆节 skipped, the 调休 Saturday counted)."""
    await settle(pilot)
    await pilot.press("a")
    form = pilot.app.screen
    form.query_one("#f-title", Input).value = "基础学分登记"
    form.query_one("#f-rule", Input).value = "培训结束后10个工作日内"
    form.query_one("#f-start", Input).focus()
    form.query_one("#f-start", Input).value = "2026-09-28"
    await settle(pilot)
