"""The dashboard: what needs doing now, most urgent first, with filters and the selected item's detail.

The app hands it an `Agenda` (`show_agenda`); filtering happens here, in
memory, on every keystroke. The detail of the highlighted obligation is
computed in a worker thread, and only the latest request is shown.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

from rich.console import RenderableType
from rich.text import Text as Rich
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Footer, Input, Select, Static
from textual.worker import get_current_worker

from deadlines.core.agenda import STATUS_ORDER
from deadlines.core.i18n import Text, day_label
from deadlines.core.terms import PROVISIONAL_DATE
from deadlines.tui.rows import SORTS, Agenda, Filter, Row, ordered_counts, sort_rows
from deadlines.tui.screens.base import BaseScreen
from deadlines.tui.services import Services, background
from deadlines.tui.text import key, status_label, status_markup
from deadlines.tui.widgets.agenda_table import AgendaTable
from deadlines.tui.widgets.detail import DetailPane, describe
from deadlines.tui.wrapped import Wrapped

FILTER_MENUS = ("status", "tag", "owner", "profile")


class DashboardScreen(BaseScreen[None]):
    """Occurrences by urgency, status counts, filters, and the detail pane."""

    BINDINGS = [
        key("a", "app.add", Text("新增", "Add")),
        key("e", "app.edit", Text("编辑", "Edit")),
        key("d", "app.done", Text("完成", "Done")),
        key("delete", "app.delete", Text("删除", "Delete"), show=False),
        key("u,ctrl+z", "app.undo", Text("撤销", "Undo")),
        key("p", "app.profile", Text("档案", "Profile")),
        key("i", "app.import", Text("导入", "Import"), show=False),
        key("o", "app.export", Text("导出", "Export"), show=False),
        key("c", "app.calendar", Text("日历", "Calendar")),
        key("slash", "focus_filter", Text("筛选", "Filter")),
        key("v", "toggle_roles", Text("全部角色", "All roles")),
        key("x", "app.activate", Text("启用/停用可选环节", "Activate/deactivate an optional step"), show=False),
        key("D", "sort('date')", Text("按日期", "By date"), show=False),
        key("T", "sort('title')", Text("按标题", "By title"), show=False),
        key("O", "sort('owner')", Text("按负责人", "By owner"), show=False),
        key("P", "sort('profile')", Text("按档案", "By profile"), show=False),
        key("shift+down", "scroll_detail(3)", Text("详情下翻", "Detail down"), show=False),
        key("shift+up", "scroll_detail(-3)", Text("详情上翻", "Detail up"), show=False),
        key("escape", "clear_filter", Text("返回/清除筛选", "Back/clear filter"), show=False),
        key("r", "app.reload", Text("刷新", "Reload"), show=False),
        key("question_mark,f1", "app.help", Text("帮助", "Help")),
        key("q", "app.quit", Text("退出", "Quit"), show=False),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.agenda: Agenda | None = None
        self.filter = Filter()
        self.sort = "date"
        self.reverse = False
        self._sorted: tuple[Row, ...] = ()
        """The agenda's rows in the chosen order (filtering keeps it)."""
        self._hold: int | None = None
        self._choices: dict[str, list[str]] = {}
        """The tag, owner and profile menus' options, to leave them alone when they did not change."""
        self.detail_shown = threading.Event()
        """Set whenever the detail pane shows an obligation: the app lets the first screen draw before it reads
        the rest (a long reading in a worker would otherwise hold the interpreter while the screen waits)."""

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield Static(id="warning")
        with Horizontal(id="filters"):
            yield Input(
                placeholder=str(Text("/ 筛选：标题、键、标签、出处", "/ filter: title key tag source")),
                id="filter-text",
                compact=True,
            )
            yield Select(
                [(status_label(s), s) for s in STATUS_ORDER],
                prompt=str(Text("全部状态", "Any status")),
                id="filter-status",
                compact=True,
            )
            yield Select([], prompt=str(Text("全部标签", "Any tag")), id="filter-tag", compact=True)
            yield Select([], prompt=str(Text("全部负责人", "Any owner")), id="filter-owner", compact=True)
            yield Select([], prompt=str(Text("全部档案", "Any profile")), id="filter-profile", compact=True)
        with Horizontal(id="main"):
            yield AgendaTable(self.headers(), id="agenda")
            yield DetailPane(id="detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.table
        if self.agenda is None:
            table.empty_text = str(Text("正在读取……", "Loading…"))
        table.focus()
        self.query_one("#summary", Static).update(self.summary())

    @staticmethod
    def headers() -> tuple[str, ...]:
        return (
            str(Text("状态", "Status")),
            str(Text("到期日", "Due")),
            str(Text("剩余天", "Days")),
            str(Text("义务", "Obligation")),
            str(Text("负责人", "Owners")),
        )

    @property
    def table(self) -> AgendaTable:
        return self.query_one(AgendaTable)

    @property
    def selected_key(self) -> str | None:
        return self.table.selected_key

    # ---- data in

    def show_agenda(self, agenda: Agenda) -> None:
        """Show a new reading of the database, keeping the filters and the selected row."""
        self.agenda = agenda
        warning = self.query_one("#warning", Static)
        warning.update(Wrapped(Rich(agenda.warning)) if agenda.warning else "")
        warning.display = agenda.warning is not None
        tags, owners, profiles = agenda.choices
        for name, values in (("tag", tags), ("owner", owners), ("profile", profiles)):
            if self._choices.get(name) == values:
                continue
            self._choices[name] = values
            menu: Select[str] = self.query_one(f"#filter-{name}", Select)
            current = menu.value
            menu.set_options([(v, v) for v in values])
            if current in values:
                menu.value = current
        before = self.selected_key
        self._sorted = sort_rows(agenda.rows, self.sort, reverse=self.reverse)
        self.refilter()
        if before is not None and self.selected_key == before:  # else Highlighted brings the new detail
            self.load_detail(before)

    def refilter(self) -> None:
        if self.agenda is None:
            return
        rows = self.filter.apply(self._sorted)
        table = self.table
        if self.agenda.rows:
            table.empty_text = str(
                Text("没有符合筛选条件的义务（Esc 清除筛选）", "Nothing matches the filter (Esc clears it)")
            )
        else:
            table.empty_text = str(
                Text(
                    "还没有义务：按 a 新增，p 应用档案，或在命令面板（Ctrl+P）中载入演示数据。",
                    "No obligations yet: a adds one, p applies a profile, or load the demo set from the palette (Ctrl+P).",
                )
            )
        keep, self._hold = (self._hold if self._hold is not None else table.selected_key), None
        table.show(rows, self.agenda.widths, keep=keep)
        self.query_one("#summary", Static).update(self.summary())

    def summary(self) -> Content:
        """「今天 2026-11-21（周六）  已逾期 2  今日到期 1 …   显示 31/31」"""
        parts = [Content(str(Text("今天 ", "Today ")) + str(day_label(self.services.today)))]
        if self.agenda is not None:
            for status, count in ordered_counts(self.agenda.counts):
                parts.append(
                    Content.from_markup(
                        f"[{status_markup(status)}]$label[/]", label=f"{status_label(status)}\u00a0{count}"
                    )
                )
            shown, total = len(self.table.rows), len(self.agenda.rows)
            parts.append(Content(str(Text(f"显示\u00a0{shown}/{total}", f"{shown}/{total}\u00a0shown"))))
            others = sum(r.item.obligation.role != "duty" for r in self.agenda.rows)
            if others and not self.filter.all_roles:
                parts.append(
                    Content(
                        str(
                            Text(
                                f"仅本单位义务（v\u00a0另显示{others}项）",
                                f"duties\u00a0only\u00a0(v\u00a0shows\u00a0{others}\u00a0more)",
                            )
                        )
                    )
                )
            order = str(SORTS[self.sort]) + (str(Text("，倒序", ", reversed")) if self.reverse else "")
            parts.append(Content(str(Text(f"排序：{order}", f"sorted\u00a0by\u00a0{order}"))))
            if any(r.provisional for r in self.agenda.rows):
                parts.append(Content.from_markup("[italic $text-warning]$text[/]", text=f"~ {PROVISIONAL_DATE}"))
        return Content("  ").join(parts)  # no-break spaces inside a part: a narrow screen wraps between parts

    def action_sort(self, sort: str) -> None:
        """Shift+D/T/O/P: sort by date (urgency), title, owner or profile; the same key again reverses."""
        self.reverse = not self.reverse if sort == self.sort else False
        self.sort = sort
        if self.agenda is not None:
            self.resort(self.agenda, sort, self.reverse)

    @background("sort")
    def resort(self, agenda: Agenda, sort: str, reverse: bool) -> None:
        """Sort in a worker: the first sort by title spells every title in pinyin (about 1 s for 10,000)."""
        rows = sort_rows(agenda.rows, sort, reverse=reverse)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_sorted, agenda, rows)

    def show_sorted(self, agenda: Agenda, rows: tuple[Row, ...]) -> None:
        if agenda is self.agenda:
            self._sorted = rows
            self.refilter()

    def action_scroll_detail(self, lines: int) -> None:
        """Shift+↓/↑: scroll the detail pane without leaving the table."""
        self.query_one(DetailPane).scroll_relative(y=lines, animate=False)

    def hold_place(self) -> None:
        """Keep the cursor at its row number, not on its obligation, through the next reload.

        After marking an item done or deleting it, the next item is the one to act on.
        """
        self._hold = self.table.cursor

    # ---- filters

    @on(Input.Changed, "#filter-text")
    def text_changed(self, event: Input.Changed) -> None:
        self.set_filter(text=event.value)

    @on(Input.Submitted, "#filter-text")
    def text_submitted(self) -> None:
        self.table.focus()

    @on(Select.Changed)
    def menu_changed(self, event: Select.Changed) -> None:
        name = (event.select.id or "").removeprefix("filter-")
        if name in FILTER_MENUS:
            value = event.value if isinstance(event.value, str) else None
            self.set_filter(**{name: value})

    def set_filter(self, **changes: Any) -> None:
        self.filter = replace(self.filter, **changes)
        self.refilter()

    def action_toggle_roles(self) -> None:
        """v: the issuing body's steps and policy information too, or the organisation's duties only."""
        self.set_filter(all_roles=not self.filter.all_roles)

    def action_focus_filter(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_clear_filter(self) -> None:
        """Escape backs out one level: from a filter field or menu, clear the filters and go back to the
        table; from the detail pane, back to the table; in the table, clear the filters."""
        focused = self.focused
        in_filters = focused is not None and focused.id is not None and focused.id.startswith("filter-")
        if in_filters or self.table.has_focus:
            self.clear_filters()
        self.table.focus()

    def clear_filters(self) -> None:
        self.query_one("#filter-text", Input).value = ""
        for name in FILTER_MENUS:
            self.query_one(f"#filter-{name}", Select).clear()
        self.filter = Filter(all_roles=self.filter.all_roles)
        self.refilter()

    # ---- the selected row

    @on(AgendaTable.Highlighted)
    def highlighted(self, event: AgendaTable.Highlighted) -> None:
        if event.key is None:
            self.query_one(DetailPane).show("")
        else:
            self.load_detail(event.key)

    @background("detail")
    def load_detail(self, key: str) -> None:
        agenda = self.agenda
        if agenda is None or key not in agenda.items:
            return
        labels = self.services.param_labels(agenda.items[key].obligation.profile)
        text = describe(agenda, key, self.services.calendar_for, self.services.today, labels)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_detail, key, text)

    def show_detail(self, key: str, text: RenderableType) -> None:
        if key == self.selected_key:
            self.query_one(DetailPane).show(text)
            self.detail_shown.set()
