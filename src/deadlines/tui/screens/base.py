"""Base classes for every screen: key binding descriptions in the interface language.

Bindings are declared once with a "中文|English" description; the footer,
the help screen and the command palette's key panel read `active_bindings`,
which gives them the side for the language in use.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from deadlines.core.errors import DeadlinesError
from deadlines.tui.text import pick

ResultType = TypeVar("ResultType")


def localized(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    return {
        key: active._replace(binding=replace(active.binding, description=pick(active.binding.description)))
        for key, active in bindings.items()
    }


class BaseScreen(Screen[ResultType]):
    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return localized(super().active_bindings)


class BaseModal(ModalScreen[ResultType]):
    """A dialog; a form among them shows why it cannot be saved in its `#form-error` line."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return localized(super().active_bindings)

    def refuse(self, error: DeadlinesError) -> None:
        """Keep the form open and say what to fix, in the form and as a notification."""
        self.query_one("#form-error", Static).update(str(error))
        self.notify(str(error), severity="error")
