"""The workspace: what every operation works in — settings, clock, language, calendars, store.

Built once per invocation by the CLI (from `--today`, `--db`, `--lang`) or
by the TUI's launcher, and by tests with their own clock and database.
Heavy things (the calendars, the store) are built on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from deadlines import config, paths
from deadlines.app import index
from deadlines.core.caldata import Region, load_region_file
from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.clock import Clock
from deadlines.core.errors import NotFoundError
from deadlines.core.i18n import Lang
from deadlines.store import IndexState, Selection
from deadlines.store.factory import is_url

if TYPE_CHECKING:
    from deadlines.store import Store
    from deadlines.store.ledger import Ledger


@dataclass
class Workspace:
    """One user's view of one database on one day."""

    clock: Clock
    lang: Lang
    db_path: Path | str
    """The database: a file path, or a `postgresql://` URL (`--db`, `DEADLINES_DB`, `store.url`)."""
    settings: config.Config
    _store: Store | None = None
    _calendar_for: Callable[[str | None], WorkCalendar] | None = None
    """Calendars given from outside (tests, benchmarks) instead of the data dir's."""
    _calendars: dict[str | None, WorkCalendar] = field(default_factory=dict)

    @classmethod
    def open(cls, *, today: date | None = None, db: str | Path | None = None, lang: Lang | None = None) -> Workspace:
        """The workspace of `db` (else the config's `store.url`, else the data dir's file), with the config file's
        settings."""
        settings = config.load(paths.config_file())
        target: str | Path = db or settings["store.url"] or ""
        return cls(
            clock=Clock(today_override=today),
            lang=lang or settings["lang"],
            db_path=str(target) if is_url(target) else paths.db_file(Path(target) if target else None),
            settings=settings,
        )

    @classmethod
    def of(
        cls,
        store: Store,
        calendar_for: Callable[[str | None], WorkCalendar],
        clock: Clock,
        lang: Lang = "zh",
    ) -> Workspace:
        """A workspace over a given store and calendars, with default settings (tests, benchmarks)."""
        target: Path | str = getattr(store, "url", None) or store.path  # the server's URL, or the file
        return cls(clock, lang, target, config.Config({}), _store=store, _calendar_for=calendar_for)

    @property
    def today(self) -> date:
        return self.clock.today()

    def on(self, day: date) -> Workspace:
        """The same workspace taking `day` as today (a command's own `--today`)."""
        return replace(self, clock=Clock(today_override=day, fixed=self.clock.fixed))

    @cached_property
    def sources(self) -> CalendarSources:
        self.index_basis  # noqa: B018  the basis first, then the files it describes
        return CalendarSources(paths.shipped("calendars") / "official", paths.user_calendar_dir())

    def region(self, key: str | None) -> Region | None:
        """The region overlay for `key` (or the configured region when None)."""
        key = key if key is not None else (self.settings["region"] or None)
        if not key:
            return None
        regions = paths.shipped("calendars") / "regions"
        path = regions / f"{key}.json"
        if not path.is_file():
            known = sorted(p.stem for p in regions.glob("*.json"))
            raise NotFoundError(
                f"没有地区「{key}」。可用的地区：{'、'.join(known) or '无'}。",
                f"no region {key!r}. Known regions: {', '.join(known) or 'none'}.",
            )
        return load_region_file(path)

    def calendar_for(self, region: str | None = None) -> WorkCalendar:
        """The working-day calendar (best scenario) of an obligation's region, else the configured one."""
        if self._calendar_for is not None:
            return self._calendar_for(region)
        if region not in self._calendars:
            self._calendars[region] = WorkCalendar(self.sources, self.region(region))
        return self._calendars[region]

    @property
    def custom_calendars(self) -> bool:
        """Whether the calendars were given from outside (tests, benchmarks) rather than built from the data dir."""
        return self._calendar_for is not None

    @cached_property
    def index_basis(self) -> str:
        """What the stored next action dates depend on besides the records (see `app.index`). Taken once, before
        any calendar file is read, so that it names the calendars this workspace computes with."""
        return index.basis(self)

    def reloaded(self) -> Workspace:
        """The same workspace reading its calendars (and the index's basis) afresh: after a notice import."""
        return replace(self, _calendars={})

    @property
    def store(self) -> Store:
        """The database, its writes computing next action dates for this workspace's day and calendars."""
        if self._store is None:
            from deadlines.store import open_store

            command = self.settings["store.password_command"] or None
            self._store = open_store(self.db_path, clock=self.clock, password_command=command)  # type: ignore[assignment]
        assert self._store is not None
        self._store.deriver = index.deriver(self)
        return self._store

    def ledger(
        self, *, keys: Iterable[str] = (), due_by: date | None = None, history: bool = True, stages: bool = True
    ) -> Ledger:
        """A reading of the database as domain values: all of it; or the obligations `keys` names and, with
        `due_by`, every one whose next action date (without `stages`: its next due date, for `due`) is on or before
        it (and what their chains count from). Without `history` the reading is for today's items only: the
        completions they do not need are left out.

        A reading up to `due_by` that finds the index built under another basis (a notice imported, a new
        release) or on a later day reads everything; reading never writes (`app.index.refresh` rebuilds it).
        """
        from deadlines.store.ledger import Ledger

        wanted = frozenset(keys)
        if not wanted and due_by is None:
            return Ledger.read(self.store)
        state = IndexState(self.index_basis, self.today)
        return Ledger.read(self.store, Selection(wanted, due_by, state, history=history, stages=stages))
