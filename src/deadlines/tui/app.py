"""The app: loads the agenda, runs every action, and keeps the screen in step with the file.

Data flows one way. A worker thread reads the store and computes the agenda,
and the app hands it to the dashboard. Dialogs return what the user chose,
and the app writes it in a worker thread through `changes`, keeps the undo,
and reloads. A timer checks the file's version token, so a change written by
`deadlines remind`, `import` or another process shows up without a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import get_current_worker

from deadlines.app import changes, reports, transfer
from deadlines.app.demo import demo_completions, demo_obligations
from deadlines.core.errors import ConflictError, UnreachableError
from deadlines.core.i18n import Text
from deadlines.core.models import Obligation
from deadlines.core.profiles import Applied
from deadlines.store import VersionToken
from deadlines.transfer.importers import Batch
from deadlines.tui.finder import ObligationFinder, ProfileFinder
from deadlines.tui.rows import FIRST_SCREEN_DAYS, FIRST_SCREEN_WAIT, Agenda, load_agenda
from deadlines.tui.screens.calendar import CalendarScreen
from deadlines.tui.screens.confirm import ConfirmScreen
from deadlines.tui.screens.dashboard import DashboardScreen
from deadlines.tui.screens.done_form import DoneForm
from deadlines.tui.screens.export_screen import ExportScreen
from deadlines.tui.screens.help import HelpScreen
from deadlines.tui.screens.import_screen import ImportScreen
from deadlines.tui.screens.obligation_form import ObligationForm
from deadlines.tui.screens.profile import ProfileScreen
from deadlines.tui.screens.timeline import TimelineScreen
from deadlines.tui.screens.welcome import WelcomeScreen
from deadlines.tui.services import Services, background
from deadlines.tui.text import key, shown_path
from deadlines.tui.widgets.agenda_table import AgendaTable

if TYPE_CHECKING:
    from deadlines.transfer.export import ExportFormat

UNDO_DEPTH = 50

COMMANDS: tuple[tuple[str, Text, Text], ...] = (
    # action, title, what it does
    (
        "add",
        Text("新增义务", "Add an obligation"),
        Text("填写表单，实时预览到期日", "a form with a live preview of the due dates"),
    ),
    (
        "edit",
        Text("编辑所选义务", "Edit the selected obligation"),
        Text("修改标题、规则、负责人……", "change title, rule, owners…"),
    ),
    ("done", Text("标记完成", "Mark done"), Text("记录完成日期与凭证", "record the date and the evidence")),
    ("delete", Text("删除所选义务", "Delete the selected obligation"), Text("可撤销恢复", "recoverable with undo")),
    (
        "undo",
        Text("撤销上一步", "Undo the last action"),
        Text("撤销新增、修改、完成、删除、导入", "add, edit, done, delete, import"),
    ),
    (
        "profile",
        Text("应用档案", "Apply a profile"),
        Text("按政策文件批量生成义务", "obligations from a policy document"),
    ),
    (
        "demo",
        Text("载入演示数据", "Load the demo set"),
        Text("带「演示」标签，可筛选删除", "tagged 演示, easy to remove"),
    ),
    (
        "import",
        Text("导入文件", "Import a file"),
        Text("先预览（不写入），再确认写入", "a dry-run preview before writing"),
    ),
    ("export", Text("导出", "Export"), Text("JSON、CSV 或日历文件", "JSON, CSV or an iCalendar file")),
    (
        "calendar",
        Text("月历", "Month calendar"),
        Text("节假日、调休、到期日与窗口", "holidays, 调休, due dates, windows"),
    ),
    ("timeline", Text("时间线", "Timeline"), Text("窗口、到期与每周工作量 (y)", "windows, deadlines, weekly load (y)")),
    (
        "report",
        Text("写状态报告", "Write the status report"),
        Text("XLSX，写到当前目录", "XLSX, in the current directory"),
    ),
    ("filter", Text("筛选", "Filter"), Text("按标题、键、标签、出处筛选", "by title, key, tag or source")),
    ("clear_filter", Text("清除筛选", "Clear the filters"), Text("显示全部义务", "show every obligation")),
    ("reload", Text("刷新", "Reload"), Text("重新读取数据库", "read the database again")),
    ("help", Text("帮助", "Help"), Text("按键与状态说明", "keys and statuses")),
)


class DeadlinesApp(App[None]):
    """The deadlines TUI over one database file."""

    CSS_PATH = "app.tcss"
    TITLE = "deadlines"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    """Under 100 columns the dashboard and the profile dialog stack their panes (`Screen.-narrow` in app.tcss)."""

    BINDINGS = [
        key("ctrl+p", "command_palette", Text("命令", "Commands"), show=False, priority=True),
        key("y", "timeline", Text("时间线", "Timeline"), show=False),
    ]
    COMMANDS = App.COMMANDS | {ObligationFinder, ProfileFinder}

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.agenda: Agenda | None = None
        self.undo_steps: list[changes.Change] = []
        self.dashboard = DashboardScreen(services)
        self._seen: VersionToken | None = None
        self._welcomed = False
        self.offline = False
        """The database stopped answering: the last data read stays on screen, and nothing can be changed."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A toast, its text shown as it is: square brackets in a title or a path ([推算]) are not markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def get_default_screen(self) -> Screen[None]:
        return self.dashboard

    def on_mount(self) -> None:
        self.reload()
        self.set_interval(self.services.poll_interval, self.check_for_changes)

    # ---- reading

    @background("load")
    def reload(self) -> None:
        """Read and show the database; the first time, what is due soon first (through the next-action index),
        then everything."""
        s = self.services
        if self.agenda is None:
            soon = s.workspace.ledger(due_by=s.today + timedelta(days=FIRST_SCREEN_DAYS))
            if not soon.snapshot.complete:
                first = load_agenda(soon, s.calendar_for, s.today)
                if get_current_worker().is_cancelled:
                    return
                self.dashboard.detail_shown.clear()
                self.call_from_thread(self.show_agenda, first)
                if first.rows:  # its first row's detail is on screen before the rest is read
                    self.dashboard.detail_shown.wait(FIRST_SCREEN_WAIT)
        agenda = load_agenda(s.workspace.ledger(), s.calendar_for, s.today)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self.show_agenda, agenda)

    def show_agenda(self, agenda: Agenda) -> None:
        self.agenda = agenda
        self._seen = agenda.token
        self.dashboard.show_agenda(agenda)
        if agenda.empty and not self._welcomed:
            self._welcomed = True
            self.push_screen(WelcomeScreen(), self.welcome_choice)
        elif not agenda.empty and isinstance(self.screen, WelcomeScreen):
            self.screen.dismiss(None)

    @background("poll")
    def check_for_changes(self) -> None:
        try:
            token = self.services.store.version_token()
        except UnreachableError as error:
            if not self.offline:
                self.call_from_thread(self.went_offline, error)
            return
        if self.offline:
            self.call_from_thread(self.came_back)
        if self.agenda is not None and token != self._seen:
            self._seen = token
            self.call_from_thread(self.reload)

    def went_offline(self, error: UnreachableError) -> None:
        self.offline = True
        self.sub_title = str(Text("离线：显示的是上次读取的数据，只读", "offline: the last data read, read-only"))
        kept = Text(
            "屏幕上保留上次读取的数据（只读），连接恢复后自动刷新。",
            "The last data read stays, read-only, until it is back.",
        )
        self.notify(f"{error} {kept}", severity="error", timeout=12)

    def came_back(self) -> None:
        self.offline = False
        self.sub_title = ""
        self.notify(str(Text("已重新连接数据库。", "The database is back.")))

    # ---- writing

    @background("write", exclusive=False)
    def write(self, change: Callable[[], changes.Change]) -> None:
        if self.offline:
            raise UnreachableError(
                "数据库无法连接，现在不能修改；连接恢复后再试。",
                "The database is unreachable: no change can be made now.",
            )
        done = change()
        self.call_from_thread(self.written, done)

    def written(self, change: changes.Change) -> None:
        self.undo_steps = [*self.undo_steps, change][-UNDO_DEPTH:]
        self.notify(str(change.message))
        self.reload()

    @background("write", exclusive=False)
    def take_back(self, change: changes.Change) -> None:
        message = change.undo(self.services.store)
        self.call_from_thread(self.notify, str(message))
        self.call_from_thread(self.reload)

    # ---- actions (key bindings on the dashboard, and the command palette)

    def selected(self) -> str | None:
        """The key under the dashboard's cursor, or a notice that there is none."""
        key = self.dashboard.selected_key
        if key is None or self.agenda is None or key not in self.agenda.items:
            self.notify(str(Text("请先选中一项义务", "Select an obligation first")), severity="warning")
            return None
        return key

    def action_add(self) -> None:
        form = ObligationForm(self.services, taken=self.key_taken, chain_date=self.chain_date)
        self.push_screen(form, self.added)

    def added(self, ob: Obligation | None) -> None:
        if ob is not None:
            self.write(partial(changes.add, self.services.workspace, ob))

    def action_edit(self) -> None:
        key = self.selected()
        if key is None or self.agenda is None:
            return
        original = self.agenda.ledger.obligations[key]
        version = self.agenda.ledger.snapshot.obligations[key].get("version")
        form = ObligationForm(self.services, original=original, taken=self.key_taken, chain_date=self.chain_date)
        self.push_screen(form, partial(self.edited, original, version))

    def edited(self, original: Obligation, version: int | None, ob: Obligation | None) -> None:
        if ob is not None:
            edit = changes.changed_fields(original, ob)
            if not edit:
                self.notify(str(Text("没有修改", "Nothing changed")))
                return
            self.save_edit(original, version, edit)

    @background("write", exclusive=False)
    def save_edit(self, original: Obligation, version: int | None, edit: dict[str, object]) -> None:
        """Save the form's changes if nobody saved the obligation since the form opened; else ask first."""
        try:
            done = changes.edit(self.services.workspace, original.key, edit, expected_version=version)
        except ConflictError as conflict:
            self.call_from_thread(self.ask_overwrite, original, edit, conflict)
            return
        self.call_from_thread(self.written, done)

    def ask_overwrite(self, original: Obligation, edit: dict[str, object], conflict: ConflictError) -> None:
        """Another writer changed the obligation while the form was open: show what, and save only if asked."""
        before = original.to_record()
        theirs = [k for k, v in conflict.current.items() if k in before and before[k] != v]
        overlap = [k for k in edit if k in theirs]
        question = Text(
            f"「{original.title}」在表单打开后已被他人修改（{'、'.join(theirs) or '—'}）。\n"
            f"保存只写入你改动的字段（{'、'.join(edit)}），他人的其他修改会保留"
            + (f"；其中 {'、'.join(overlap)} 将以你的为准" if overlap else "")
            + "。仍要保存？",
            f"{original.title!r} was changed by someone else while the form was open ({', '.join(theirs) or '-'}).\n"
            f"Saving writes only the fields you changed ({', '.join(edit)}); their other changes stay"
            + (f"; yours win for {', '.join(overlap)}" if overlap else "")
            + ". Save anyway?",
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write(partial(changes.edit, self.services.workspace, original.key, edit))

        title = Text("他人已修改", "Changed by someone else")
        self.push_screen(ConfirmScreen(str(title), str(question), str(Text("仍然保存", "Save anyway"))), confirmed)

    def chain_date(self, key: str) -> date | None:
        return self.agenda.chain_date(key) if self.agenda else None

    def key_taken(self, key: str) -> bool:
        return self.agenda is not None and self.agenda.key_taken(key)

    def action_done(self) -> None:
        key = self.selected()
        if key is None or self.agenda is None:
            return
        item = self.agenda.items[key]
        if item.occurrence is None or item.status in ("done", "invalid"):
            reason = str(Text("已完成", "it is already done")) if item.status == "done" else str(item.problem or "")
            self.notify(str(Text(f"无法标记完成：{reason}", f"cannot mark done: {reason}")), severity="warning")
            return

        def chosen(result: tuple[date, str] | None) -> None:
            if result is not None:
                self.dashboard.hold_place()
                self.write(partial(changes.complete, self.services.workspace, item, *result))
                if not result[1]:
                    warning = str(
                        Text(
                            "未填写凭证：审计时可能需要补充编号或文件。", "No evidence given: an audit may ask for it."
                        )
                    )
                    self.notify(warning, severity="warning")

        self.push_screen(DoneForm(item, self.services.today), chosen)

    def action_delete(self) -> None:
        key = self.selected()
        if key is None or self.agenda is None:
            return
        title = self.agenda.items[key].obligation.title

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dashboard.hold_place()
                self.write(partial(changes.delete, self.services.workspace, [key]))

        question = str(
            Text(
                f"删除「{title}」？\n删除后可按 u 撤销，或用 deadlines restore {key} 恢复。",
                f"Delete {title!r}?\nu undoes it; deadlines restore {key} brings it back later.",
            )
        )
        self.push_screen(
            ConfirmScreen(str(Text("删除义务", "Delete obligation")), question, str(Text("删除", "Delete"))), confirmed
        )

    def action_activate(self) -> None:
        """x: an optional step (可选) is turned on when its case arises, or off again."""
        key = self.selected()
        if key is None or self.agenda is None:
            return
        ob = self.agenda.items[key].obligation
        if not ob.optional:
            self.notify(str(Text("这不是可选环节，始终有效", "This is not an optional step; it always applies")))
            return
        self.write(partial(changes.activate, self.services.workspace, [key], on=not ob.active))

    def action_undo(self) -> None:
        if not self.undo_steps:
            self.notify(str(Text("没有可撤销的操作", "Nothing to undo")), severity="warning")
            return
        *self.undo_steps, last = self.undo_steps
        self.take_back(last)

    def action_profile(self) -> None:
        self.open_profile(None)

    def open_profile(self, name: str | None) -> None:
        """The profile dialog, on the profile `name` when given (from the palette)."""
        existing = set(self.agenda.ledger.obligations) if self.agenda else set()
        self.push_screen(ProfileScreen(self.services, existing, chosen=name), self.apply_profile)

    def jump_to(self, key: str) -> None:
        """Show an obligation found in the palette: filters cleared, the cursor on it."""
        if not isinstance(self.screen, DashboardScreen):
            return
        self.dashboard.clear_filters()
        self.dashboard.table.move_to(key)
        self.dashboard.table.focus()

    def apply_profile(self, applied: Applied | None) -> None:
        if applied is not None and applied.obligations:
            self.write(partial(changes.upsert, self.services.workspace, applied.obligations, "profile"))

    def action_demo(self) -> None:
        self.write(self.demo_change)

    def demo_change(self) -> changes.Change:
        s = self.services
        obligations = demo_obligations(s.today, s.profiles_dir)
        done = demo_completions(
            obligations, s.calendar_for, s.today, s.store.who, s.store.completions(), s.workspace.clock.stamp()
        )
        return changes.upsert(s.workspace, obligations, "demo", done)

    def action_import(self) -> None:
        self.push_screen(ImportScreen(self.services), self.import_file)

    def import_file(self, batch: Batch | None) -> None:
        if batch is not None:
            self.write(partial(changes.import_batch, self.services.workspace, batch))

    def action_export(self) -> None:
        self.push_screen(ExportScreen(self.services), self.export_chosen)

    def export_chosen(self, choice: tuple[ExportFormat, Path] | None) -> None:
        if choice is not None:
            self.export_to(*choice)

    @background("export", exclusive=False)
    def export_to(self, fmt: ExportFormat, path: Path) -> None:
        target, exported = transfer.export_to(self.services.workspace, fmt, path)
        count, shown = exported.count, shown_path(target)
        message = Text(f"已导出 {count} 项到 {shown}", f"exported {count} obligations to {shown}")
        left_out = ", ".join(s.key for s in exported.skipped)
        if left_out:
            message = Text(
                f"{message.zh}；日期无法计算、未导出：{left_out}",
                f"{message.en}; left out (dates not computable): {left_out}",
            )
        self.call_from_thread(self.notify, str(message), severity="warning" if left_out else "information")

    def action_calendar(self) -> None:
        if self.agenda is not None:
            self.push_screen(CalendarScreen(self.services, self.agenda))

    def action_timeline(self) -> None:
        if self.agenda is not None and self.screen is self.dashboard:
            self.push_screen(TimelineScreen(self.services, self.agenda), self.timeline_opened)

    def timeline_opened(self, key: str | None) -> None:
        if key is not None:
            self.dashboard.query_one(AgendaTable).move_to(key)

    @background("export", exclusive=False)
    def action_report(self) -> None:
        s = self.services
        path = reports.write_report(s.workspace, Path.cwd() / f"deadlines-report-{s.today.isoformat()}.xlsx", "xlsx")
        self.call_from_thread(self.notify, str(Text(f"已写入状态报告 {path}", f"wrote the status report to {path}")))

    def action_filter(self) -> None:
        self.dashboard.action_focus_filter()

    def action_clear_filter(self) -> None:
        self.dashboard.clear_filters()

    def action_reload(self) -> None:
        self.reload()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def welcome_choice(self, choice: str | None) -> None:
        if choice is not None:
            self.call_later(self.run_action, choice)

    def on_agenda_table_selected(self, event: AgendaTable.Selected) -> None:
        self.action_edit()

    # ---- command palette

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Our actions, then the framework's few worth keeping, in the interface language."""
        if screen is self.dashboard:
            for action, title, what in COMMANDS:
                yield SystemCommand(str(title), str(what), getattr(self, f"action_{action}"))
        yield SystemCommand(
            str(Text("主题", "Theme")), str(Text("更换配色", "change the colours")), self.action_change_theme
        )
        yield SystemCommand(
            str(Text("按键一览", "Keys")),
            str(Text("当前焦点可用的按键", "the keys of the focused widget")),
            self.action_show_help_panel,
        )
        yield SystemCommand(str(Text("退出", "Quit")), str(Text("退出程序", "leave the program")), self.action_quit)
