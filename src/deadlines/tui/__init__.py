"""The terminal UI: `run` for the CLI's bare `deadlines`, `make_app` for tests and benchmarks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from deadlines.core.calendar import WorkCalendar
from deadlines.core.i18n import Lang, set_language
from deadlines.store import Store

if TYPE_CHECKING:
    from deadlines.cli.context import AppContext
    from deadlines.tui.app import DeadlinesApp


def make_app(
    store: Store,
    calendar_for: Callable[[str | None], WorkCalendar],
    today: date,
    lang: Lang = "zh",
    *,
    profiles_dir: Path | None = None,
    poll_interval: float = 1.0,
) -> DeadlinesApp:
    """The app over `store`, with injected calendars and a fixed "today"."""
    from deadlines import paths
    from deadlines.tui.app import DeadlinesApp
    from deadlines.tui.services import Services

    set_language(lang)
    services = Services(
        store=store,
        calendar_for=calendar_for,
        today=today,
        profiles_dir=profiles_dir or paths.shipped("profiles"),
        poll_interval=poll_interval,
    )
    return DeadlinesApp(services)


def run(app: AppContext) -> None:
    """Open the TUI on the context's database (`--db`, `DEADLINES_HOME`), day and language."""
    make_app(app.store, app.calendar_for, app.today, app.lang).run()
