"""The help screen: every key, what the statuses and markers mean, and where the data lives."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text as Rich
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Label, Static

from deadlines.core.agenda import STATUS_ORDER
from deadlines.core.i18n import Text
from deadlines.core.terms import STATUS_MEANING
from deadlines.tui.screens.base import BaseModal, Dialog
from deadlines.tui.screens.calendar import CalendarScreen
from deadlines.tui.screens.dashboard import DashboardScreen
from deadlines.tui.text import key, key_label, status_label

KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "Esc", "delete": "Del", "pageup": "PgUp", "pagedown": "PgDn"}


def key_name(key: str) -> str:
    """A key as the help writes it: Shift+D for "D", Ctrl+Z for "ctrl+z", Esc, ?."""
    if len(key) == 1:
        return f"Shift+{key}" if key.isupper() else key
    return KEY_NAMES.get(key) or "+".join(
        part.capitalize() if len(part) > 1 else part.upper() for part in key.split("+")
    )


def keys_table(title: str, bindings: list[BindingType]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 2))
    for binding in bindings:
        if isinstance(binding, Binding):
            keys = " / ".join(key_name(k) for k in binding.key.split(","))
            table.add_row(Rich(keys, style="bold"), key_label(binding.description))
    return table


class HelpBody(Dialog, can_focus=True):
    """The help text: focused, so ↑↓ PgUp PgDn scroll it."""


class HelpScreen(BaseModal[None]):
    BINDINGS = [key("escape,q,question_mark,f1", "dismiss", Text("关闭", "Close"))]

    def compose(self) -> ComposeResult:
        statuses = Table(
            title=str(Text("状态", "Statuses")), title_justify="left", show_header=False, box=None, padding=(0, 2)
        )
        for status in STATUS_ORDER:
            statuses.add_row(Rich(status_label(status), style="bold"), str(STATUS_MEANING[status]))
        with HelpBody(classes="dialog wide"):
            yield Label(str(Text("帮助（↑↓ 滚动，Esc 关闭）", "Help (↑↓ scroll, Esc closes)")), classes="dialog-title")
            yield Static(keys_table(str(Text("总览", "Dashboard")), DashboardScreen.BINDINGS))
            yield Static(
                str(
                    Text(
                        "  ↑↓ / j k 移动，PgUp PgDn 翻页，Home End 首末项，Enter 编辑，Ctrl+P 命令面板（可按键、标题或"
                        "拼音首字母查找义务，如 lpz 找「领跑者」）。\n"
                        "  Shift+D / T / O / P 按日期（最紧急在前）、标题、负责人、档案排序，再按一次倒序。\n"
                        "  y 时间线（90 天或全年的窗口、到期与每周工作量）；v 显示或隐藏主管部门环节与政策信息（默认只列本单位义务）；x 启用或停用所选的可选环节。\n"
                        "  Shift+↓ / Shift+↑ 在列表中直接滚动详情窗格；或按 Tab 把焦点移到右侧（窄屏时在下方）的详情窗格，"
                        "再用 ↑↓ PgUp PgDn 滚动，Esc 回到列表。",
                        "  ↑↓ / j k move, PgUp PgDn page, Home End first/last, Enter edits, Ctrl+P command palette "
                        "(finds obligations by key, title or pinyin initials, e.g. lpz for 领跑者).\n"
                        "  Shift+D / T / O / P sort by date (most urgent first), title, owner, profile; again reverses.\n"
                        "  y timeline (90 days or a year of windows, deadlines and weekly load); v shows or hides the "
                        "issuing body's steps and policy information (the organisation's duties only by default); x turns the "
                        "selected optional step on or off.\n"
                        "  Shift+↓ / Shift+↑ scroll the detail pane from the list; or Tab moves the focus to the detail "
                        "pane (right, or below on a narrow screen), then ↑↓ PgUp PgDn scroll it; Esc goes back.",
                    )
                )
            )
            yield Static(keys_table(str(Text("月历", "Calendar")), CalendarScreen.BINDINGS))
            yield Static(statuses)
            yield Static(
                str(
                    Text(
                        "标记：~ 推算日期（依赖尚未公布官方安排的年份，可能变动；提醒按最早日期）；"
                        "月历中 休 = 休息日，班 = 调休上班，? = 推算。\n"
                        "数据库与 deadlines remind、import 等命令共用；其他进程写入后，本界面会自动刷新。",
                        "Markers: ~ provisional date (depends on a year whose official calendar is not out; it may "
                        "move, reminders use the earliest); in the calendar 休 = rest day, 班 = make-up working day, "
                        "? = forecast.\nThe database is shared with deadlines remind, import and scripts; their "
                        "changes appear here by themselves.",
                    )
                )
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(HelpBody).focus()
