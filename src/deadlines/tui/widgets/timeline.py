"""The year at a glance: a Gantt-like band per obligation and a heat-map of deadlines per week.

`timeline_view` computes (in a worker thread) a year of days from a start
date with what the calendar says of each, and every obligation's
occurrences in that year. `Timeline` draws the 90 days (or the year) from
the start on the widget's width: one lane per obligation with its windows as
coloured bars and its due dates as marks (`*`, `?` for a provisional date,
`✓` done, `!` overdue), holidays and 调休 working weekends shaded across
every lane, today as a line. When the width is short, one column stands for
several days. `heatmap` counts the due dates per week over the year.
Only unambiguous-width characters are drawn, so columns line up in every
terminal.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from rich.cells import cell_len
from rich.text import Text as Rich
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from deadlines.core.agenda import occurrences_of, trigger_date
from deadlines.core.calendar import DayInfo, WorkCalendar
from deadlines.core.errors import DeadlinesError
from deadlines.core.i18n import Text
from deadlines.tui.rows import Agenda
from deadlines.tui.text import cell_text, key

YEAR = 365
SCAN = 40
"""Occurrences looked at per obligation from the start (a monthly rule gives 13 in a year)."""
HOLIDAY, MAKEUP, WEEKEND, WINDOW = "on #5f1f1f", "on #5f5f00", "on #262626", "on #005f5f"
_HEAT = ("", "on #303060", "on #40408a", "on #5a3aa0", "on #8a2a8a", "on #b02020")


@dataclass(frozen=True)
class Span:
    """One occurrence on the timeline."""

    opens: date | None
    due: date
    provisional: bool
    done: bool


@dataclass(frozen=True)
class Lane:
    """One obligation's row."""

    key: str
    title: str
    spans: tuple[Span, ...]
    overdue: date | None = None
    """The due date of an occurrence still not done from before the start: shown as ! in the first column."""
    profile: str = ""
    """The profile the obligation came from ('' for none); a profile's lane has its name here too."""

    def first_in(self, a: date, b: date) -> date | None:
        """The first day in [a, b] this lane shows something on, or None."""
        found = [max(a, s.opens or s.due) for s in self.spans if (s.opens or s.due) <= b and s.due >= a]
        if self.overdue is not None and self.overdue < a:
            found.append(a)
        return min(found) if found else None


@dataclass(frozen=True)
class TimelineView:
    """A year of days from `start` and every obligation's occurrences in it."""

    start: date
    today: date
    days: tuple[DayInfo, ...]
    lanes: tuple[Lane, ...]

    def lanes_in(self, length: int) -> list[Lane]:
        """The lanes with something in the first `length` days, by the first day they show."""
        end = self.start + timedelta(days=length - 1)
        found = [(lane.first_in(self.start, end), lane.key, lane) for lane in self.lanes]
        return [lane for first, _, lane in sorted((f, k, lane) for f, k, lane in found if f is not None)]

    def by_profile(self) -> TimelineView:
        """The same view with one lane per profile (keyed by its name), holding all its obligations' occurrences."""
        groups: dict[str, list[Lane]] = {}
        for lane in self.lanes:
            groups.setdefault(lane.profile, []).append(lane)
        merged = tuple(
            Lane(
                name,
                name or str(Text("（无档案）", "(no profile)")),
                tuple(sorted((s for lane in lanes for s in lane.spans), key=lambda s: s.due)),
                min((lane.overdue for lane in lanes if lane.overdue), default=None),
                name,
            )
            for name, lanes in groups.items()
        )
        return TimelineView(self.start, self.today, self.days, merged)

    def weekly(self) -> list[tuple[date, int]]:
        """Each week (from the Monday of the start's week) over the year, and how many things fall due in it."""
        monday = self.start - timedelta(days=self.start.weekday())
        counts = [0] * (YEAR // 7 + 1)
        for lane in self.lanes:
            for span in lane.spans:
                week = (span.due - monday).days // 7
                if 0 <= week < len(counts):
                    counts[week] += 1
        return [(monday + timedelta(weeks=n), c) for n, c in enumerate(counts)]


def timeline_view(
    agenda: Agenda, calendar_for: Callable[[str | None], WorkCalendar], start: date, today: date
) -> TimelineView:
    """The year from `start` (slow for many obligations: run it in a worker)."""
    cal = calendar_for(None)
    days = tuple(cal.day(start + timedelta(days=k)) for k in range(YEAR))
    end = days[-1].day
    done: dict[str, dict[str, date]] = {}
    for c in agenda.ledger.completions:
        done.setdefault(c.key, {})[c.cycle] = c.done_on
    lanes = []
    for ob in agenda.ledger.obligations.values():
        try:
            occurrences = occurrences_of(
                ob, calendar_for(ob.region), start, SCAN, trigger=trigger_date(ob, agenda.chain_date),
                completions=done.get(ob.key),
            )  # fmt: skip
        except (DeadlinesError, ValueError):
            continue
        spans = tuple(
            Span(occ.opens, occ.earliest or occ.due, occ.provisional, occ.cycle in done.get(ob.key, {}))
            for occ in occurrences
            if (occ.opens or occ.due) <= end and occ.due >= start and occ.kind not in ("in_force",)
        )
        item = agenda.items.get(ob.key)
        late = item.due if item is not None and item.status == "overdue" and item.due and item.due < start else None
        if spans or late:
            lanes.append(Lane(ob.key, cell_text(ob.title), spans, late, ob.profile or ""))
    return TimelineView(start, today, days, tuple(lanes))


@dataclass(frozen=True)
class Scale:
    """How the days map onto columns: `per` days to a column, `columns` of them, after a label of `label` cells."""

    label: int
    per: int
    columns: int

    @classmethod
    def fit(cls, width: int, length: int) -> Scale:
        label = max(12, min(28, width // 4))
        per = max(1, math.ceil(length / max(1, width - label - 1)))
        return cls(label, per, math.ceil(length / per))


def band(view: TimelineView, length: int, width: int, height: int, selected: str | None) -> Rich:
    """The month header, the calendar row and as many lanes as fit in `height`, keeping `selected` in sight."""
    scale = Scale.fit(width, length)
    spans = [_days(view, c, scale, length) for c in range(scale.columns)]
    out = Rich(no_wrap=True, overflow="crop")
    out.append(_header(view, spans, scale) + "\n", style="bold")
    out.append(_pad(str(Text("节假日/调休", "holidays")), scale.label), style="dim")
    for days in spans:
        out.append(*_calendar_cell(days, view.today))
    out.append("\n")
    lanes = view.lanes_in(length)
    room = max(1, height - 3)
    index = next((n for n, lane in enumerate(lanes) if lane.key == selected), 0)
    top = min(max(0, index - room + 1), max(0, len(lanes) - room))
    for lane in lanes[top : top + room]:
        out.append(_pad(lane.title, scale.label), style="reverse bold" if lane.key == selected else "")
        for n, days in enumerate(spans):
            out.append(*_lane_cell(lane, days, view.today, carried=n == 0 and lane.overdue is not None))
        out.append("\n")
    if not lanes:
        out.append(
            str(Text("（这段时间没有到期或窗口）", "(nothing due and no window in this period)")) + "\n", style="dim"
        )
    out.append(
        str(
            Text(
                "* 到期  ? 推算日期  ! 已逾期  ✓ 已完成  ",
                "* due  ? provisional  ! overdue  ✓ done  ",
            )
        ),
        style="dim",
    )
    out.append(str(Text(" 窗口 ", " window ")), style=WINDOW)
    out.append(" ")
    out.append(str(Text(" 节假日 ", " holiday ")), style=HOLIDAY)
    out.append(" ")
    out.append(str(Text(" 调休上班 ", " make-up day ")), style=MAKEUP)
    out.append(str(Text("  | 今天", "  | today")), style="dim")
    return out


def heatmap(view: TimelineView, width: int) -> Rich:
    """Due dates per week over the year: the count as a digit on a deeper colour, a week to a column
    (two columns, the digit and a gap, when the width allows, so neighbouring counts do not read as one)."""
    weeks = view.weekly()
    label = max(12, min(28, width // 4))
    step = 2 if width - 12 >= 2 * len(weeks) else 1
    if step == 2:
        label = 12
    out = Rich(no_wrap=True, overflow="crop")
    header = [" "] * (len(weeks) * step)
    free = 0
    for n, (monday, _) in enumerate(weeks):
        week = [monday + timedelta(days=k) for k in range(7)]
        first = next((d for d in week if d.day == 1), None)
        at = n * step
        if (n == 0 or first is not None) and at >= free:
            text = str((first or view.start).month)
            header[at : at + cell_len(text)] = [text] + [""] * (cell_len(text) - 1)
            free = at + cell_len(text) + 1
    out.append(_pad(str(Text("每周到期数", "due a week")), label), style="bold")
    out.append("".join(header[: len(weeks) * step]) + "\n", style="bold")
    out.append(" " * label)
    for monday, count in weeks:
        digit = "." if count == 0 else (str(count) if count < 10 else "+")
        style = _HEAT[min(count, len(_HEAT) - 1)]
        if monday <= view.today < monday + timedelta(days=7):
            style += " underline"
        out.append(digit, style=style.strip() or "dim")
        out.append(" " * (step - 1))
    return out


def _days(view: TimelineView, column: int, scale: Scale, length: int) -> list[DayInfo]:
    first = column * scale.per
    return list(view.days[first : min(length, first + scale.per)])


def _month(d: date) -> str:
    return str(Text(f"{d.month}月", d.strftime("%b")))


def _header(view: TimelineView, spans: list[list[DayInfo]], scale: Scale) -> str:
    """Month names above the column where each month begins; January also names its year."""
    cells = [" "] * len(spans)
    free = 0
    for n, days in enumerate(spans):
        first = next((d.day for d in days if d.day.day == 1), None)
        if (n == 0 or first is not None) and n >= free:
            month = first or days[0].day
            label = (
                str(Text(f"{month.year}年", f"{month.year} ")) + _month(month) if month.month == 1 else _month(month)
            )
            cells[n : n + cell_len(label)] = [label] + [""] * (cell_len(label) - 1)
            free = n + cell_len(label) + 1
    return _pad(str(Text(f"从 {view.start}", f"from {view.start}")), scale.label) + "".join(cells[: len(spans)])


def _pad(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells (the last one a space)."""
    rich = Rich(text)
    rich.truncate(width - 1, overflow="ellipsis", pad=True)
    return rich.plain + " "


def _shade(days: list[DayInfo]) -> str:
    if any(not d.workday and d.name for d in days):
        return HOLIDAY
    if any(d.makeup for d in days):
        return MAKEUP
    if days and all(d.weekend and not d.workday for d in days):
        return WEEKEND
    return ""


def _has_today(days: list[DayInfo], today: date) -> bool:
    return bool(days) and days[0].day <= today <= days[-1].day


def _calendar_cell(days: list[DayInfo], today: date) -> tuple[str, str]:
    forecast = any(d.source == "provisional" and d.certainty != "certain" and (d.name or d.makeup) for d in days)
    char = "?" if forecast else ("|" if _has_today(days, today) else " ")
    return char, (_shade(days) + (" bold" if char != " " else "")).strip()


def _lane_cell(lane: Lane, days: list[DayInfo], today: date, *, carried: bool) -> tuple[str, str]:
    if not days:
        return " ", ""
    a, b = days[0].day, days[-1].day
    due = [s for s in lane.spans if a <= s.due <= b]
    window = any(s.opens is not None and s.opens <= b and s.due >= a for s in lane.spans)
    background = WINDOW if window else _shade(days)
    if carried:
        return "!", f"bold red {background}".strip()
    if due:
        span = due[0]
        if span.done:
            return "✓", f"bold green {background}".strip()
        if span.provisional:
            return "?", f"bold yellow {background}".strip()
        if span.due < today:
            return "!", f"bold red {background}".strip()
        return "*", f"bold magenta {background}".strip()
    return ("|" if _has_today(days, today) else " "), f"dim {background}".strip()


class Timeline(Widget, can_focus=True):
    """The band: ↑/↓ choose a lane, Enter opens it (posts `Timeline.Opened`), p groups the lanes by profile."""

    BINDINGS = [
        key("up,k", "step(-1)", Text("上一项", "Previous"), show=False),
        key("down,j", "step(1)", Text("下一项", "Next"), show=False),
        key("enter", "open", Text("打开", "Open")),
    ]

    view: reactive[TimelineView | None] = reactive(None, layout=False)
    length: reactive[int] = reactive(90)
    selected: reactive[str | None] = reactive(None)
    by_profile: reactive[bool] = reactive(False)
    """One lane per profile instead of one per obligation."""

    class Opened(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def shown(self) -> TimelineView | None:
        """The view as drawn: per obligation, or per profile."""
        return self.view.by_profile() if self.view is not None and self.by_profile else self.view

    def render(self) -> Rich:
        view = self.shown()
        if view is None:
            return Rich(str(Text("计算中……", "computing…")), style="dim")
        return band(view, self.length, self.size.width, self.size.height, self.selected)

    def keys(self) -> list[str]:
        view = self.shown()
        return [lane.key for lane in view.lanes_in(self.length)] if view else []

    def watch_view(self, view: TimelineView | None) -> None:
        keys = self.keys()
        if self.selected not in keys:
            self.selected = keys[0] if keys else None

    def watch_length(self, length: int) -> None:
        self.watch_view(self.view)

    def watch_by_profile(self, by_profile: bool) -> None:
        self.watch_view(self.view)

    def action_step(self, by: int) -> None:
        keys = self.keys()
        if keys:
            n = keys.index(self.selected) if self.selected in keys else 0
            self.selected = keys[max(0, min(len(keys) - 1, n + by))]

    def action_open(self) -> None:
        """Open the chosen obligation; on a profile's lane, show that profile's obligations instead."""
        if self.selected is None or self.view is None:
            return
        if not self.by_profile:
            self.post_message(self.Opened(self.selected))
            return
        profile = self.selected  # a profile's lane is keyed by the profile's name
        first = next(lane.key for lane in self.view.lanes_in(self.length) if lane.profile == profile)
        self.by_profile = False
        self.selected = first
