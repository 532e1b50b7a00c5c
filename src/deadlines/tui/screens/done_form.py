"""Mark the current occurrence of an obligation done: the date (today by default) and the evidence."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Input, Label, Static

from deadlines.core.agenda import Item
from deadlines.core.dates import parse_date
from deadlines.core.errors import DeadlinesError
from deadlines.core.i18n import Text, day_label
from deadlines.core.terms import cycle_label
from deadlines.tui.screens.base import BaseModal, Dialog, foot
from deadlines.tui.text import key


class DoneForm(BaseModal[tuple[date, str] | None]):
    """Dismisses with (done on, evidence), or None."""

    BINDINGS = [
        key("ctrl+s", "save", Text("保存", "Save")),
        key("escape", "cancel", Text("取消", "Cancel")),
    ]

    def __init__(self, item: Item, today: date) -> None:
        super().__init__()
        self.item = item
        self.today = today

    def compose(self) -> ComposeResult:
        occ = self.item.occurrence
        assert occ is not None
        with Dialog(classes="dialog"):
            yield Label(str(Text("标记完成", "Mark done")), classes="dialog-title")
            yield Static(self.item.obligation.title, classes="strong")
            yield Static(
                str(
                    Text(
                        f"期次 {cycle_label(occ.cycle)}，到期 {day_label(occ.due)}",
                        f"cycle {cycle_label(occ.cycle)}, due {day_label(occ.due)}",
                    )
                )
            )
            with Horizontal(classes="field"):
                yield Label(str(Text("完成日期", "Done on")), classes="field-label")
                yield Input(self.today.isoformat(), id="done-on", compact=True)
            with Horizontal(classes="field"):
                yield Label(str(Text("凭证", "Evidence")), classes="field-label")
                yield Input(
                    placeholder=str(Text("编号、文件路径或链接", "a reference number, file path or link")),
                    id="evidence",
                    compact=True,
                )
            yield from foot(
                Button(str(Text("完成 (Ctrl+S)", "Done (Ctrl+S)")), variant="success", id="save"),
                Button(str(Text("取消 (Esc)", "Cancel (Esc)")), id="cancel"),
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#evidence", Input).focus()

    @on(Input.Submitted)
    def next_field(self) -> None:
        """Enter in a field moves on (to the evidence, then the button): it never saves by itself."""
        self.focus_next()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            done_on = parse_date(self.query_one("#done-on", Input).value.strip())
        except DeadlinesError as error:
            self.refuse(error)
            return
        self.dismiss((done_on, self.query_one("#evidence", Input).value.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
