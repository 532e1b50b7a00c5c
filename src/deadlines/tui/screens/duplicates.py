"""Ask what to do with likely duplicates before an import or a profile is written.

Lists the rows (or the profile's obligations) that likely repeat a stored
obligation, and why; the user picks skip, update the stored one (an import
only), add anyway, or goes back (Esc) to the dialog that asked. The choice is
a `transfer.duplicates.Policy`; the caller applies it with the same app-layer
functions as the CLI's `--on-duplicate`.
"""

from __future__ import annotations

from rich.text import Text as Rich
from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Footer, Label, Static

from deadlines.core.i18n import Text
from deadlines.transfer.duplicates import Duplicate, Policy, line
from deadlines.tui.screens.base import BaseModal, Dialog, foot
from deadlines.tui.text import key
from deadlines.tui.wrapped import Wrapped

SHOWN = 30
_CHOICES: dict[str, Policy] = {"skip": "skip", "update": "update", "add": "add"}
"""The buttons' ids and the keys' choices; anything else (Back, Esc) is None."""


class DuplicatesScreen(BaseModal[Policy | None]):
    """Dismisses with "skip", "update" (when offered), "add", or None (back to the dialog that asked)."""

    BINDINGS = [
        key("s", "choose('skip')", Text("跳过", "Skip")),
        key("u", "choose('update')", Text("更新已有", "Update stored")),
        key("a", "choose('add')", Text("仍然新增", "Add anyway")),
        key("escape", "choose(None)", Text("返回", "Back")),
    ]

    def __init__(self, repeats: list[Duplicate], *, update: bool) -> None:
        super().__init__()
        self.repeats = repeats
        self.update = update
        """Whether "update the stored obligation" is a choice (an import row can be written onto its key)."""

    def compose(self) -> ComposeResult:
        n = len(self.repeats)
        with Dialog(classes="dialog wide", id="duplicates-dialog"):
            yield Label(str(Text(f"可能重复 {n} 项", f"{n} likely duplicate(s)")), classes="dialog-title")
            body = Rich(
                str(
                    Text(
                        "以下各项可能与已有义务重复（负责人会收到两遍提醒）：\n",
                        "These likely repeat stored obligations (their owners would get every reminder twice):\n",
                    )
                ),
                style="bold",
            )
            for repeat in self.repeats[:SHOWN]:
                body.append(f"• {line(repeat)}\n")
            if n > SHOWN:
                body.append(str(Text(f"……另有 {n - SHOWN} 项\n", f"… {n - SHOWN} more\n")), style="dim")
            yield Static(Wrapped(body), id="duplicates-list")
            buttons = [Button(str(Text("跳过 (s)", "Skip (s)")), variant="primary", id="skip")]
            if self.update:
                buttons.append(Button(str(Text("更新已有 (u)", "Update (u)")), id="update"))
            buttons += [
                Button(str(Text("仍然新增 (a)", "Add (a)")), variant="warning", id="add"),
                Button(str(Text("返回 (Esc)", "Back (Esc)")), id="back"),
            ]
            yield from foot(*buttons)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#skip", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.update or parameters != ("update",)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id)

    def action_choose(self, choice: str | None) -> None:
        policy = _CHOICES.get(choice or "")
        if policy != "update" or self.update:
            self.dismiss(policy)
