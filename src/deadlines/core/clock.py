"""The one clock: "today" and "now" in Beijing time.

China keeps no daylight saving time, so a fixed +08:00 offset is exact. A
`Clock` is built once per invocation (from `--today` / `DEADLINES_TODAY`) and
handed to everything that stamps or compares times: the store's audit, the
send log, the mail, exports. Tests make their own `Clock(fixed=...)` instead
of patching anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class Clock:
    """Today and now in Beijing time.

    `today` pins the date (the `--today` option): `now()` then keeps the real
    time of day on that date, so stamps stay ordered within a run. `fixed`
    pins the whole instant (tests, reproducible benchmarks).
    """

    today_override: date | None = None
    fixed: datetime | None = None

    def now(self) -> datetime:
        """The current instant in Beijing time, to the second."""
        if self.fixed is not None:
            return self.fixed.astimezone(BEIJING).replace(microsecond=0)
        real = datetime.now(BEIJING).replace(microsecond=0)
        if self.today_override is None:
            return real
        return datetime.combine(self.today_override, real.time(), BEIJING)

    def today(self) -> date:
        """Today's date in Beijing."""
        if self.today_override is not None:
            return self.today_override
        return self.now().date()

    def stamp(self) -> str:
        """`now()` as ISO 8601 with its +08:00 offset: what the audit and send log store."""
        return self.now().isoformat(timespec="seconds")


def beijing(stamp: str) -> str:
    """A stored ISO 8601 stamp as Beijing time (older records were written in UTC); other text as it is."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        return stamp
    return moment.astimezone(BEIJING).isoformat(timespec="seconds")
