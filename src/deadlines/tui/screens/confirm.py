"""A yes/no question before something destructive."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Footer, Label, Static

from deadlines.core.i18n import Text
from deadlines.tui.screens.base import BaseModal, Dialog, foot
from deadlines.tui.text import key


class ConfirmScreen(BaseModal[bool]):
    """Dismisses with True (y, or the confirm button) or False (n, Esc)."""

    BINDINGS = [
        key("y", "answer(True)", Text("确定", "Yes")),
        key("n,escape", "answer(False)", Text("取消", "Cancel")),
    ]

    def __init__(self, title: str, question: str, confirm: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Dialog(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question)
            yield from foot(
                Button(f"{self.confirm} (y)", variant="error", id="yes"),
                Button(str(Text("取消 (n)", "Cancel (n)")), id="no"),
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
