"""A month of the working-day calendar with the obligations that fall in it.

`month_view` computes (in a worker thread) each day's status and source and
every occurrence due in the month or whose window overlaps it; `grid` and
`listing` draw it: the grid marks rest days 休, 调休 working weekends 班,
provisional days ?, due dates with their count, and window days.
"""

from __future__ import annotations

import calendar as _stdcal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from rich.table import Table
from rich.text import Text as Rich

from deadlines.core.agenda import occurrences_of, trigger_date
from deadlines.core.calendar import DayInfo, WorkCalendar
from deadlines.core.errors import DeadlinesError
from deadlines.core.i18n import Text, weekday
from deadlines.core.models import Obligation
from deadlines.core.schedules import Occurrence
from deadlines.core.terms import CERTAINTY, SOURCE
from deadlines.tui.rows import Agenda
from deadlines.tui.text import cell_text

SCAN = 4
"""Occurrences looked at per obligation from the month's first day (monthly rules give two at most)."""
CELL = 8
LONG_WINDOW = 62
"""Windows longer than this (a whole year of credits…) are listed but not marked on every day."""


@dataclass(frozen=True)
class MonthView:
    first: date
    today: date
    days: tuple[DayInfo, ...]
    occurrences: tuple[tuple[Obligation, Occurrence], ...]
    """Due in the month, or a window overlapping it; by due date."""
    source: str

    @property
    def last(self) -> date:
        return self.days[-1].day

    def due_on(self, day: date) -> int:
        return sum(1 for _, occ in self.occurrences if occ.due == day)

    def in_window(self, day: date) -> bool:
        return any(
            occ.opens is not None and occ.opens <= day <= occ.due and (occ.due - occ.opens).days <= LONG_WINDOW
            for _, occ in self.occurrences
        )


def month_view(
    agenda: Agenda, calendar_for: Callable[[str | None], WorkCalendar], first: date, today: date
) -> MonthView:
    """The month starting at `first` (slow for many obligations: run it in a worker)."""
    cal = calendar_for(None)
    length = _stdcal.monthrange(first.year, first.month)[1]
    days = tuple(cal.day(first + timedelta(days=k)) for k in range(length))
    last = days[-1].day
    done: dict[str, dict[str, date]] = {}
    for c in agenda.ledger.completions:
        done.setdefault(c.key, {})[c.cycle] = c.done_on
    found: list[tuple[Obligation, Occurrence]] = []
    for ob in agenda.ledger.obligations.values():
        try:
            occurrences = occurrences_of(
                ob,
                calendar_for(ob.region),
                first,
                SCAN,
                trigger=trigger_date(ob, agenda.chain_date),
                completions=done.get(ob.key),
            )
        except (DeadlinesError, ValueError):
            continue
        for occ in occurrences:
            if (occ.opens or occ.due) > last:
                break
            if occ.due >= first:
                found.append((ob, occ))
    data = cal.sources.year(first.year)
    kind = SOURCE[data.source]
    source = str(Text(f"日历来源：{kind.zh}（{data.origin}）", f"Calendar source: {kind.en} ({data.origin})"))
    return MonthView(first, today, days, tuple(sorted(found, key=lambda pair: pair[1].due)), source)


def title(first: date) -> str:
    return str(Text(f"{first.year}年{first.month}月", first.strftime("%B %Y")))


def grid(view: MonthView) -> Table:
    """Monday-first weeks; each day shows its mark and, below, how many things are due."""
    heads = str(Text("一 二 三 四 五 六 日", "Mon Tue Wed Thu Fri Sat Sun")).split()
    table = Table(box=None, show_edge=False, padding=(0, 1), pad_edge=False)
    for head in heads:
        table.add_column(head, width=CELL, justify="left", header_style="bold")
    by_day = {info.day: info for info in view.days}
    for week in _stdcal.Calendar().monthdatescalendar(view.first.year, view.first.month):
        table.add_row(*(_cell(by_day[d], view) if d in by_day else Rich("") for d in week))
    return table


def _cell(info: DayInfo, view: MonthView) -> Rich:
    mark = "班" if info.makeup else ("休" if not info.workday and (not info.weekend or info.name) else "")
    uncertain = "?" if info.source == "provisional" and info.certainty != "certain" else ""
    style = "bold yellow" if mark == "班" else ("red" if not info.workday else "")
    if info.day == view.today:
        style += " reverse"
    cell = Rich(f"{info.day.day:>2}{mark}{uncertain}", style=style.strip())
    due = view.due_on(info.day)
    below = str(Text(f"截{due}", f"due{due}")) if due else ""
    if view.in_window(info.day):
        below = (below + " " + str(Text("窗", "win"))).strip()
    cell.append("\n" + below, style="bold magenta" if due else "cyan")
    return cell


def listing(view: MonthView) -> Rich:
    """The named days, then the due dates and windows of the month."""
    out = Rich(no_wrap=True, overflow="crop")
    named = [info for info in view.days if info.name or info.region or info.makeup]
    out.append(str(Text("节假日与调休", "Holidays and 调休")) + "\n", style="bold underline")
    for info in named:
        uncertain = f" [{CERTAINTY[info.certainty]}]" if info.certainty in ("likely", "forecast") else ""
        out.append(f"  {info.day.strftime('%m-%d')} {weekday(info.day)}  {info.reason()}{uncertain}\n")
    if not named:
        out.append("  " + str(Text("无", "none")) + "\n", style="dim")
    out.append("\n" + str(Text("本月到期与窗口", "Due and windows this month")) + "\n", style="bold underline")
    for ob, occ in view.occurrences:
        when = f"{occ.opens.strftime('%m-%d')}->{occ.due.strftime('%m-%d')}" if occ.opens else occ.due.strftime("%m-%d")
        out.append(f"  {when:<12} ", style="bold")
        out.append(cell_text(ob.title) + ("~" if occ.provisional else "") + "\n")
    if not view.occurrences:
        out.append("  " + str(Text("无", "none")) + "\n", style="dim")
    out.append("\n" + view.source + "\n", style="dim")
    return out
