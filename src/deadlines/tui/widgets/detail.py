"""The detail pane: everything about the selected obligation, and why its date is what it is.

`describe` computes the text (it runs the calendar, so the dashboard calls
it in a worker thread); `DetailPane` only shows what it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from rich.console import RenderableType
from rich.text import Text as Rich
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from deadlines.core.calendar import WorkCalendar
from deadlines.core.errors import DeadlinesError
from deadlines.core.i18n import Text, day_label
from deadlines.core.schedules import Occurrence
from deadlines.core.terms import change_label, cycle_label, provisional_range
from deadlines.tui.rows import Agenda
from deadlines.tui.text import status_label
from deadlines.tui.wrapped import Wrapped

NEXT_COUNT = 3
AUDIT_COUNT = 8
SECTION = "bold underline"


def occurrence_line(occ: Occurrence) -> Rich:
    """「2026-12-01（周二） → 2026-12-15（周二）  [推算：最早 … 最晚 …]」"""
    line = Rich(f"{day_label(occ.opens)} → " if occ.opens else "")
    line.append(str(day_label(occ.due)), style="bold")
    if occ.provisional and occ.earliest and occ.latest:
        line.append(f"  [{provisional_range(occ.earliest, occ.latest)}]", style="italic yellow")
    return line


def describe(
    agenda: Agenda,
    key: str,
    calendar_for: Callable[[str | None], WorkCalendar],
    today: date,
    param_labels: Mapping[str, str],
) -> Wrapped:
    """The detail text of one obligation (slow: computes explanations); parameters by their profile's labels."""
    item = agenda.ledger.item(key, calendar_for, today, explain=True)
    ob = item.obligation
    history = agenda.ledger.completions_of(key)
    out = Rich()
    out.append(ob.title + "\n", style="bold")
    out.append(ob.key + "\n\n", style="dim")
    status = status_label(item.status) + (str(Text(f"（{item.stage}）", f" ({item.stage})")) if item.stage else "")
    fields = [
        (str(Text("状态", "Status")), status),
        (str(Text("涉及", "Concerns")), ob.concerns),
        (str(Text("出处", "Source")), ob.source),
        (str(Text("规则", "Rule")), ob.rule),
        (str(Text("负责人", "Owners")), ", ".join(ob.owners)),
        (str(Text("标签", "Tags")), ", ".join(ob.tags)),
        (str(Text("参数", "Parameters")), "，".join(f"{param_labels.get(k, k)} {v}" for k, v in ob.params.items())),
        (str(Text("提醒提前量", "Lead times")), " ".join(ob.leads)),
        (str(Text("档案", "Profile")), ob.profile or ""),
        (str(Text("备注", "Notes")), ob.notes),
    ]
    for label, value in fields:
        if value:
            out.append(str(Text(f"{label}：", f"{label}: ")), style="bold")
            out.append(value + "\n")
    if item.problem:
        out.append(str(Text("问题：", "Problem: ")) + str(item.problem) + "\n", style="bold red")
    if item.occurrence is not None:
        out.append("\n" + str(Text("到期日说明", "Why this date")) + "\n", style=SECTION)
        out.append_text(occurrence_line(item.occurrence))
        out.append("\n")
        for line in item.occurrence.explanation:
            out.append(f"  {line}\n")
    out.append("\n" + str(Text("接下来的期次", "Next occurrences")) + "\n", style=SECTION)
    try:
        for occ in agenda.ledger.upcoming(item, calendar_for, today, NEXT_COUNT):
            out.append(f"  {cycle_label(occ.cycle)}  ")
            out.append_text(occurrence_line(occ))
            out.append("\n")
    except DeadlinesError as error:
        out.append(f"  {error}\n", style="red")
    out.append("\n" + str(Text("完成记录", "History")) + "\n", style=SECTION)
    if not history:
        out.append("  " + str(Text("尚无", "none yet")) + "\n", style="dim")
    for c in history:
        late = str(Text("（逾期完成）", " (late)")) if c.late else ""
        out.append(f"  {cycle_label(c.cycle)}  {day_label(c.done_on)}{late}  ")
        out.append(c.evidence or str(Text("（无凭证）", "(no evidence)")), style="italic")
        out.append(f"  {c.by}\n", style="dim")
    audit = agenda.ledger.snapshot.audit_of(key)[-AUDIT_COUNT:]
    if audit:
        out.append("\n" + str(Text("变更记录", "Changes")) + "\n", style=SECTION)
        for r in reversed(audit):
            when = r.get("at", "")[:16].replace("T", " ")
            out.append(f"  {when}  {change_label(r.get('action', ''))}  {r.get('who', '')}\n", style="dim")
    return Wrapped(out)


class DetailPane(VerticalScroll):
    """Shows the detail text it is given."""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body")

    def show(self, content: RenderableType) -> None:
        self.query_one("#detail-body", Static).update(content)
        self.scroll_home(animate=False)
