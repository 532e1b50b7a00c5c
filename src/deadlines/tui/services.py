"""What the TUI is given to work with, and how it runs work off the screen's thread.

`Services` holds the injected dependencies (the store, the calendars, the
clock); the CLI builds it from its `Workspace`, tests build it with a temp
store and a fixed day. `background` runs a method in a worker
thread, in the interface language, and turns any error into a notification
instead of a crash.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

from deadlines.app.workspace import Workspace
from deadlines.core.calendar import WorkCalendar
from deadlines.core.errors import DeadlinesError
from deadlines.core.i18n import Text, language, set_language
from deadlines.core.profiles import Profile, load_profiles
from deadlines.store import Store
from deadlines.tui.text import file_error


@dataclass(frozen=True)
class Services:
    """The dependencies of the app, injected so tests can fix the day and the database."""

    workspace: Workspace
    profiles_dir: Path
    poll_interval: float = 1.0
    """Seconds between checks of the database file for changes by other processes."""

    @property
    def store(self) -> Store:
        return self.workspace.store

    def calendar_for(self, region: str | None) -> WorkCalendar:
        """The working-day calendar of a region (None: the configured one)."""
        return self.workspace.calendar_for(region)

    @property
    def today(self) -> date:
        return self.workspace.today

    @cached_property
    def profiles(self) -> dict[str, Profile]:
        """The profiles, by name, read once (slow: first asked for in a worker or the palette's startup)."""
        return load_profiles(self.profiles_dir)

    def param_labels(self, profile: str | None) -> dict[str, str]:
        """The labels of a profile's parameters by key (培训结束日期 for training_end); none for no profile."""
        found = self.profiles.get(profile or "")
        return {p.key: p.label for p in found.params} if found else {}


P = ParamSpec("P")
N = TypeVar("N", bound=DOMNode)


def background(
    group: str, *, exclusive: bool = True
) -> Callable[[Callable[Concatenate[N, P], Any]], Callable[Concatenate[N, P], Worker[Any]]]:
    """Run the decorated method in a worker thread of `group`.

    Exclusive groups (loads, previews) drop a superseded run's result;
    writes use `exclusive=False`, since a thread that has not started yet
    would otherwise be cancelled and its write lost. Errors are shown with
    `notify`: a DeadlinesError as its message, an OSError as a file error,
    anything else as a bug.
    """

    def decorate(method: Callable[Concatenate[N, P], Any]) -> Callable[Concatenate[N, P], Worker[Any]]:
        @functools.wraps(method)
        def start(node: N, *args: P.args, **kwargs: P.kwargs) -> Worker[Any]:
            lang = language()

            def job() -> Any:
                set_language(lang)
                try:
                    return method(node, *args, **kwargs)
                except DeadlinesError as error:
                    node.app.call_from_thread(node.app.notify, str(error), severity="error", timeout=8)
                except OSError as error:  # a file the user named: not found, no permission, disk full
                    message = str(file_error(error.filename or "", error))
                    node.app.call_from_thread(node.app.notify, message, severity="error", timeout=8)
                except Exception as error:  # noqa: BLE001 - a bug: show it, keep the app alive
                    node.app.call_from_thread(node.log.error, traceback.format_exc())
                    message = str(Text(f"内部错误：{error!r}", f"internal error: {error!r}"))
                    node.app.call_from_thread(node.app.notify, message, severity="error", timeout=12)
                return None

            return node.run_worker(job, name=method.__name__, group=group, exclusive=exclusive, thread=True)

        return start

    return decorate
