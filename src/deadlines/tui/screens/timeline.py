"""The timeline screen: the next 90 days or a year as bands, and a heat-map of deadlines per week."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from deadlines.core.i18n import Text
from deadlines.tui.rows import Agenda
from deadlines.tui.screens.base import BaseScreen
from deadlines.tui.services import Services, background
from deadlines.tui.text import key
from deadlines.tui.widgets.timeline import YEAR, Timeline, TimelineView, heatmap, timeline_view


class TimelineScreen(BaseScreen[str | None]):
    """Dismissed with the key of the lane opened with Enter, or None."""

    BINDINGS = [
        key("left,h", "move(-7)", Text("前一周", "Week back")),
        key("right,l", "move(7)", Text("后一周", "Week on")),
        key("pageup", "move(-30)", Text("前30天", "30 days back"), show=False),
        key("pagedown", "move(30)", Text("后30天", "30 days on"), show=False),
        key("v", "span", Text("90天/全年", "90 days/year")),
        key("p", "by_profile", Text("按档案", "By profile")),
        key("t", "today", Text("今天", "Today")),
        key("escape,y", "dismiss_none", Text("返回", "Back")),
        key("question_mark,f1", "app.help", Text("帮助", "Help")),
    ]

    DEFAULT_CSS = """
    #timeline-title { height: 1; padding: 0 1; background: $panel; }
    #timeline { height: 1fr; padding: 0 1; }
    #timeline-heat { height: 2; padding: 0 1; }
    """

    start: reactive[date] = reactive(date(2000, 1, 1), init=False)

    def __init__(self, services: Services, agenda: Agenda) -> None:
        super().__init__()
        self.services = services
        self.agenda = agenda

    def compose(self) -> ComposeResult:
        yield Static(id="timeline-title")
        yield Timeline(id="timeline")
        yield Static(id="timeline-heat")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.action_today()
        self.query_one(Timeline).focus()

    def action_today(self) -> None:
        self.start = self.services.today

    def action_move(self, days: int) -> None:
        self.start = self.start + timedelta(days=days)

    def action_span(self) -> None:
        band = self.query_one(Timeline)
        band.length = YEAR if band.length != YEAR else 90
        self._title()

    def action_by_profile(self) -> None:
        band = self.query_one(Timeline)
        band.by_profile = not band.by_profile

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def watch_start(self, start: date) -> None:
        self._title(computing=True)
        self.load(start)

    @background("timeline")
    def load(self, start: date) -> None:
        view = timeline_view(self.agenda, self.services.calendar_for, start, self.services.today)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, view)

    def show(self, view: TimelineView) -> None:
        if view.start != self.start:
            return
        self.query_one(Timeline).view = view
        self.query_one("#timeline-heat", Static).update(heatmap(view, self.size.width - 2))
        self._title()

    def _title(self, computing: bool = False) -> None:
        length = self.query_one(Timeline).length
        end = self.start + timedelta(days=length - 1)
        span = str(Text("全年", "a year")) if length == YEAR else str(Text(f"{length} 天", f"{length} days"))
        text = str(Text(f"时间线  {self.start} 至 {end}（{span}）", f"Timeline  {self.start} to {end} ({span})"))
        hint = str(
            Text(
                "   ↑/↓ 选择  Enter 打开  ←/→ 移动一周  v 90天/全年  t 今天",
                "   ↑/↓ choose  Enter open  ←/→ a week  v 90 days/year  t today",
            )
        )
        more = str(Text("（计算中……）", " (computing…)")) if computing else ""
        self.query_one("#timeline-title", Static).update(text + more + hint)

    def on_timeline_opened(self, event: Timeline.Opened) -> None:
        self.dismiss(event.key)
