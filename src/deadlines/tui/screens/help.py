"""The help screen: every key, what the statuses and markers mean, and where the data lives."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text as Rich
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from deadlines.core.agenda import STATUS_ORDER
from deadlines.tui.screens.base import BaseModal
from deadlines.tui.screens.calendar import CalendarScreen
from deadlines.tui.screens.dashboard import DashboardScreen
from deadlines.tui.text import pick, status_label, tr

STATUS_HELP = {
    "overdue": ("已过到期日仍未完成", "past its due date and not done"),
    "due_today": ("今天是最后一天", "today is the last day"),
    "window_open": ("办理窗口已开放", "its filing window is open"),
    "due_soon": ("已进入提前提醒期（默认 30、7、1 日）", "within a lead time (default 30, 7, 1 days)"),
    "blocked": ("处于禁止申报期内", "inside a ban period"),
    "upcoming": ("尚未到提醒期", "not yet within a lead time"),
    "invalid": ("缺少起算日期等信息，无法计算", "missing a start date or similar; cannot compute"),
    "done": ("本期已完成", "this occurrence is done"),
    "ended": ("政策或禁止期已结束", "the policy or the ban is over"),
    "in_force": ("政策生效中", "the policy is in force"),
    "expected": ("主管部门的环节，预计日期（不会逾期）", "a step of the issuing body, expected date (never overdue)"),
    "not_yet": ("政策信息，日期未到", "policy information, not yet reached"),
    "past": ("日期已过的政策信息或主管部门环节", "policy information or an issuing body's step now past"),
    "optional": ("可选环节，需要时用 deadlines activate 启用", "an optional step; activate it when it applies"),
}


def keys_table(title: str, bindings: list[BindingType]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 2))
    for binding in bindings:
        if isinstance(binding, Binding):
            keys = " / ".join(k.replace("question_mark", "?").replace("slash", "/") for k in binding.key.split(","))
            table.add_row(Rich(keys, style="bold"), pick(binding.description))
    return table


class HelpScreen(BaseModal[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "关闭|Close")]

    def compose(self) -> ComposeResult:
        statuses = Table(
            title=tr("状态", "Statuses"), title_justify="left", show_header=False, box=None, padding=(0, 2)
        )
        for status in STATUS_ORDER:
            statuses.add_row(Rich(status_label(status), style="bold"), tr(*STATUS_HELP[status]))
        with Vertical(classes="dialog wide"):
            yield Label(tr("帮助", "Help"), classes="dialog-title")
            with VerticalScroll():
                yield Static(keys_table(tr("总览", "Dashboard"), DashboardScreen.BINDINGS))
                yield Static(
                    tr(
                        "  ↑↓ / j k 移动，PgUp PgDn 翻页，Home End 首末项，Enter 编辑，Ctrl+P 命令面板",
                        "  ↑↓ / j k move, PgUp PgDn page, Home End first/last, Enter edits, Ctrl+P command palette",
                    )
                )
                yield Static(keys_table(tr("月历", "Calendar"), CalendarScreen.BINDINGS))
                yield Static(statuses)
                yield Static(
                    tr(
                        "标记：~ 推算日期（依赖尚未公布官方安排的年份，可能变动；提醒按最早日期）；"
                        "月历中 休 = 休息日，班 = 调休上班，? = 推算。\n"
                        "数据库与 deadlines remind、import 等命令共用；其他进程写入后，本界面会自动刷新。",
                        "Markers: ~ provisional date (depends on a year whose official calendar is not out; it may "
                        "move, reminders use the earliest); in the calendar 休 = rest day, 班 = make-up working day, "
                        "? = forecast.\nThe database is shared with deadlines remind, import and scripts; their "
                        "changes appear here by themselves.",
                    )
                )
