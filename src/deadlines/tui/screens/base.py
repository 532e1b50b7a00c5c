"""Base classes for every screen: key binding descriptions in the interface language.

Bindings are declared with `text.key(keys, action, Text(zh, en))`: the binding
carries the Chinese (the source), and the footer, the help screen and the
command palette's key panel read `active_bindings`, which gives them the
text in the language in use.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from deadlines.core.errors import DeadlinesError
from deadlines.tui.text import key_label

ResultType = TypeVar("ResultType")


def localized(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    return {
        name: active._replace(binding=replace(active.binding, description=key_label(active.binding.description)))
        for name, active in bindings.items()
    }


class BaseScreen(Screen[ResultType]):
    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return localized(super().active_bindings)


class Dialog(VerticalScroll, can_focus=False):
    """A dialog's frame, at most the screen's size: its body scrolls, while its title (`.dialog-title`,
    docked at the top) and its foot (`foot()`, docked at the bottom) stay in view at 80x24.

    It is never a focus target itself: Tab goes from field to field, and the
    frame scrolls to show the focused one.
    """


def foot(*buttons: Button) -> ComposeResult:
    """The error line and the buttons, docked at the bottom of a `Dialog`."""
    with Vertical(classes="dialog-foot"):
        yield Static(id="form-error", classes="error")
        with Horizontal(classes="buttons"):
            yield from buttons


class BaseModal(ModalScreen[ResultType]):
    """A dialog; a form among them shows why it cannot be saved in its `#form-error` line."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return localized(super().active_bindings)

    def refuse(self, error: DeadlinesError) -> None:
        """Keep the form open and say what to fix, in the form and as a notification."""
        line = self.query_one("#form-error", Static)
        line.update(str(error))
        line.display = True
        self.notify(str(error), severity="error")
