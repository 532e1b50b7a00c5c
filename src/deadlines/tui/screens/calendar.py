"""The month calendar: holidays, 调休 working weekends, provisional days, and what falls due."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from deadlines.core.dates import add_months
from deadlines.core.i18n import Text
from deadlines.tui.rows import Agenda
from deadlines.tui.screens.base import BaseScreen
from deadlines.tui.services import Services, background
from deadlines.tui.text import key
from deadlines.tui.widgets.month import MonthView, grid, listing, month_view, title


class CalendarScreen(BaseScreen[None]):
    """One month at a time; the app's agenda gives the obligations."""

    BINDINGS = [
        key("left,h", "move(-1)", Text("上月", "Previous month")),
        key("right,l", "move(1)", Text("下月", "Next month")),
        key("pageup", "move(-12)", Text("上一年", "Previous year"), show=False),
        key("pagedown", "move(12)", Text("下一年", "Next year"), show=False),
        key("t", "today", Text("今天", "Today")),
        key("escape,c", "app.pop_screen", Text("返回", "Back")),
        key("question_mark,f1", "app.help", Text("帮助", "Help")),
    ]

    month: reactive[date] = reactive(date(2000, 1, 1), init=False)
    """The first day of the month shown."""

    def __init__(self, services: Services, agenda: Agenda) -> None:
        super().__init__()
        self.services = services
        self.agenda = agenda

    def compose(self) -> ComposeResult:
        yield Static(id="month-title")
        with Horizontal(id="month"):
            yield Static(id="month-grid")
            with VerticalScroll(id="month-list"):
                yield Static(id="month-listing")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.action_today()

    def action_today(self) -> None:
        self.month = self.services.today.replace(day=1)

    def action_move(self, months: int) -> None:
        self.month = add_months(self.month, months)

    def watch_month(self, first: date) -> None:
        self.query_one("#month-title", Static).update(f"{title(first)}  " + str(Text("（计算中……）", "(computing…)")))
        self.load_month(first)

    @background("month")
    def load_month(self, first: date) -> None:
        view = month_view(self.agenda, self.services.calendar_for, first, self.services.today)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_month, view)

    def show_month(self, view: MonthView) -> None:
        if view.first != self.month:
            return
        legend = str(
            Text(
                "   ←/→ 换月  t 今天    休 休息日  班 调休上班  ? 推算  截N 到期数  窗 窗口期",
                "   ←/→ month  t today    休 rest day  班 make-up working day  ? forecast  dueN due  win window",
            )
        )
        self.query_one("#month-title", Static).update(title(view.first) + legend)
        self.query_one("#month-grid", Static).update(grid(view))
        self.query_one("#month-listing", Static).update(listing(view))
