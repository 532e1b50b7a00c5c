"""The per-invocation context every command receives: today, language, paths, calendar.

Built once in the group callback (`AppContext.create`) and passed down with
`pass_app`; heavy things (the calendar, the store) are built on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from deadlines import config, paths
from deadlines.core.caldata import Region, load_region_file
from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.dates import parse_date
from deadlines.core.errors import DeadlinesError, NotFoundError
from deadlines.core.i18n import Lang

if TYPE_CHECKING:
    from deadlines.store.ledger import Ledger
    from deadlines.store import Store

BEIJING = timezone(timedelta(hours=8))
"""China keeps no daylight saving time, so a fixed +08:00 is exact."""


def beijing_today() -> date:
    return datetime.now(BEIJING).date()


def parse_date_param(value: str, param: str) -> date:
    """A date argument, or a click usage error that quotes it (exit 2)."""
    try:
        return parse_date(value)
    except DeadlinesError as e:
        raise click.BadParameter(str(e), param_hint=param) from None


def today_option_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    return None if value is None else parse_date_param(value, "--today")


def date_argument_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    return None if value is None else parse_date_param(value, param.human_readable_name)


@dataclass
class AppContext:
    """What every command needs; built once per invocation."""

    today: date
    lang: Lang
    db_path: Path
    settings: config.Config
    _calendars: dict[str | None, WorkCalendar] = field(default_factory=dict)

    @classmethod
    def create(cls, *, today: date | None, db: Path | None, lang: Lang | None) -> AppContext:
        settings = config.load(paths.config_file())
        return cls(
            today=today or beijing_today(),
            lang=lang or settings["lang"],
            db_path=paths.db_file(db),
            settings=settings,
        )

    @cached_property
    def sources(self) -> CalendarSources:
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

    @cached_property
    def store(self) -> Store:
        from deadlines.store import open_store

        return open_store(self.db_path)  # type: ignore[return-value]  # a path → the file, a URL → PostgreSQL

    def ledger(self) -> Ledger:
        from deadlines.store.ledger import Ledger

        return Ledger.read(self.store)

    def calendar_for(self, region: str | None) -> WorkCalendar:
        """The calendar an obligation uses: its own region, else the configured one."""
        return self.calendar(region)

    def calendar(self, region: str | None = None) -> WorkCalendar:
        """The working-day calendar (best scenario), with a region overlay if asked."""
        if region not in self._calendars:
            self._calendars[region] = WorkCalendar(self.sources, self.region(region))
        return self._calendars[region]


pass_app = click.make_pass_decorator(AppContext)


def region_option(f: Any) -> Any:
    return click.option(
        "--region",
        metavar="KEY",
        help="Regional holiday overlay (a file in calendars/regions/, e.g. guangxi). Default: config.",
    )(f)
