"""The terminal UI: `run` for the CLI's bare `deadlines`, `make_app` for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from deadlines.core.i18n import set_language

if TYPE_CHECKING:
    from deadlines.app.workspace import Workspace
    from deadlines.tui.app import DeadlinesApp


def make_app(workspace: Workspace, *, profiles_dir: Path | None = None, poll_interval: float = 1.0) -> DeadlinesApp:
    """The app over a workspace (its store, calendars, clock and language)."""
    from deadlines import paths
    from deadlines.tui.app import DeadlinesApp
    from deadlines.tui.services import Services

    set_language(workspace.lang)
    services = Services(
        workspace=workspace,
        profiles_dir=profiles_dir or paths.shipped("profiles"),
        poll_interval=poll_interval,
    )
    return DeadlinesApp(services)


def run(workspace: Workspace) -> None:
    """Open the TUI on the workspace's database (`--db`, `DEADLINES_HOME`), day and language."""
    make_app(workspace).run()
