"""Provisional calendars: a year's holidays worked out from the holiday law, for any year 2008–2099.

Three layers, each with its certainty:

1. `certain`: the statutory days of 《全国年节及纪念日放假办法》 in force that year.
2. `likely`: 补假 (Art. 6). Each statutory day on a Saturday or Sunday, or on a day
   that is already statutory (中秋 on 1 October), gives the next free weekday off.
3. `forecast`: the usual 调休 pattern of the State Council notices 2008–2026:
   * A break is built from its statutory and 补假 days (and 除夕 for 春节) and the
     weekends they touch. 中秋 joins 国庆 when it falls on or after 10/1, or only a
     weekend before it.
   * 3-day breaks (元旦, 清明, 端午, 中秋, and 劳动节 before 2020) are bridged to a weekend
     at most one weekday away (Tue → Sun–Tue, Thu → Thu–Sun; before 2014 two, so
     Wed → Mon–Wed).
   * Longer breaks (春节 from 除夕, 劳动节 from 2020, 国庆, 国庆+中秋) are extended
     forward, a weekday at a time, to their usual length.
   * Each extra weekday off is paid for by one weekend make-up working day. First
     come the weekend days at the edges of a break that came out longer than usual,
     the outermost first. Then come the nearest free weekend days before and after
     the break, alternately, the nearer side first. From 2025 (new Art. 7), no
     make-up day may make more than 6 working days in a row.

`benchmarks/provisional_accuracy.py` measures the forecast against 2008–2026.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from deadlines.core.caldata import LAST_YEAR, Certainty, DayEntry, YearData
from deadlines.core.errors import CalendarRangeError
from deadlines.core.lunar import chuxi, lunar_to_solar, qingming

FIRST_PROVISIONAL_YEAR = 2008
"""The first year of the oldest law modelled (the 2007 revision, which made 清明, 端午 and 中秋 holidays)."""

_DAY = timedelta(days=1)
_RANK: dict[Certainty, int] = {"certain": 0, "likely": 1, "forecast": 2}


@dataclass(frozen=True)
class _Era:
    """The law in force from `since` on, and the notices' usual practice under it."""

    since: int
    law: str
    chuxi: bool
    """春节 starts on 除夕 (else on 正月初一)."""
    spring_days: int
    labour_days: int
    spring_break: int
    """The usual 春节 break, counted from 除夕."""
    labour_break: int
    bridge: int
    """A 3-day break joins a weekend at most this many weekdays away."""
    max_run: int | None
    """Most working days in a row a make-up day may create (None: no limit)."""


_LAW = "《全国年节及纪念日放假办法》"
_ERAS = (
    # since, law, chuxi, spring_days, labour_days, spring_break, labour_break, bridge, max_run
    _Era(2008, f"{_LAW}（2007年修订）", True, 3, 1, 7, 3, 2, None),
    _Era(2014, f"{_LAW}（2013年修订）", False, 3, 1, 7, 3, 1, None),
    _Era(2020, f"{_LAW}（2013年修订）", False, 3, 1, 7, 5, 1, None),  # 劳动节 made a 5-day break
    _Era(2025, f"{_LAW}（2024年修订）", True, 4, 2, 8, 5, 1, 6),
)


def _era(year: int) -> _Era:
    return [e for e in _ERAS if e.since <= year][-1]


@dataclass(frozen=True)
class _Festival:
    name: str
    days: tuple[date, ...]
    era: _Era


@dataclass(frozen=True)
class _Break:
    """One holiday break, serving one festival (or 国庆 and 中秋 together)."""

    name: str
    era: _Era
    length: int
    """Its usual length in days."""
    law_days: frozenset[date]
    """Its statutory days and their 补假: rest days that need no make-up day."""
    anchors: frozenset[date]
    """The days it is built around: `law_days`, and 除夕 for 春节."""


def _days(first: date, n: int) -> tuple[date, ...]:
    return tuple(first + i * _DAY for i in range(n))


def _span(first: date, last: date) -> tuple[date, ...]:
    return _days(first, (last - first).days + 1)


def _festivals(year: int) -> list[_Festival]:
    """The statutory days of each festival of `year` (国庆 before 中秋, so a shared 10/1 is 国庆节)."""
    era = _era(year)
    spring = chuxi(year) if era.chuxi else lunar_to_solar(year, 1, 1)
    return [
        _Festival("元旦", (date(year, 1, 1),), era),
        _Festival("春节", _days(spring, era.spring_days), era),
        _Festival("清明节", (qingming(year),), era),
        _Festival("劳动节", _days(date(year, 5, 1), era.labour_days), era),
        _Festival("端午节", (lunar_to_solar(year, 5, 5),), era),
        _Festival("国庆节", _days(date(year, 10, 1), 3), era),
        _Festival("中秋节", (lunar_to_solar(year, 8, 15),), era),
    ]


def _in_lieu(festivals: list[_Festival]) -> dict[date, _Festival]:
    """补假: the next free weekday for each statutory day on a weekend or on another statutory day."""
    units = sorted(((d, f) for f in festivals for d in f.days), key=lambda u: u[0])
    statutory = {d for d, _ in units}
    seen: set[date] = set()
    owed: dict[date, _Festival] = {}
    for d, f in units:
        if d.weekday() >= 5 or d in seen:
            free = d + _DAY
            while free.weekday() >= 5 or free in statutory or free in owed:
                free += _DAY
            owed[free] = f
        seen.add(d)
    return owed


def _breaks(festivals: list[_Festival], in_lieu: dict[date, _Festival]) -> list[_Break]:
    """Group festivals into breaks, in date order (中秋 with 国庆 when only a weekend or less apart)."""
    by_name = {f.name: f for f in festivals}
    national, mid_autumn = by_name["国庆节"], by_name["中秋节"]
    merged = all(d.weekday() >= 5 for d in _span(mid_autumn.days[0] + _DAY, national.days[0] - _DAY))
    breaks = []
    for f in festivals:
        if merged and f is mid_autumn:
            continue
        group = (f, mid_autumn) if merged and f is national else (f,)
        length = {"春节": f.era.spring_break, "劳动节": f.era.labour_break, "国庆节": 6 + len(group)}.get(f.name, 3)
        law = frozenset(d for g in group for d in g.days) | {d for d, g in in_lieu.items() if g in group}
        anchors = law | {chuxi(f.days[0].year)} if f.name == "春节" else law
        breaks.append(_Break(f.name, f.era, length, law, anchors))
    return sorted(breaks, key=lambda b: min(b.anchors))


def _widen(first: date, last: date) -> tuple[date, date]:
    """Join a span of days to the weekend days it touches."""
    while (first - _DAY).weekday() >= 5:
        first -= _DAY
    while (last + _DAY).weekday() >= 5:
        last += _DAY
    return first, last


def _gap(day: date, step: timedelta) -> int:
    """How many weekdays lie between `day` and the next weekend in direction `step`."""
    n = 0
    while (day + (n + 1) * step).weekday() < 5:
        n += 1
    return n


def _block(brk: _Break) -> tuple[date, date]:
    """The first and last rest day of a break, before make-up days are placed."""
    first, last = _widen(min(brk.anchors), max(brk.anchors))
    if brk.length > 3:
        while (last - first).days + 1 < brk.length:
            first, last = _widen(first, last + _DAY)
        return first, last
    before, after = _gap(first, -_DAY), _gap(last, _DAY)
    if min(before, after) <= brk.era.bridge:
        return _widen(first - before * _DAY, last) if before <= after else _widen(first, last + after * _DAY)
    return first, last


def _run(day: date, rest: set[date], work: set[date]) -> int:
    """How many working days in a row `day` would belong to if it were worked."""
    n = 1
    for step in (-_DAY, _DAY):
        d = day + step
        while d in work or (d.weekday() < 5 and d not in rest):
            n += 1
            d += step
    return n


def _free_weekend_days(start: date, step: timedelta, rest: set[date], work: set[date]) -> Iterator[date]:
    """Weekend days from `start` on, in direction `step`, that no break uses yet."""
    d = start
    while True:
        d += step
        if d.weekday() >= 5 and d not in rest and d not in work:
            yield d


def _make_up_days(brk: _Break, first: date, last: date, rest: set[date], work: set[date]) -> list[date]:
    """Move one weekend day per extra weekday off from `rest` to `work` (see the module doc)."""
    span = _span(first, last)
    owed = sum(1 for d in span if d.weekday() < 5 and d not in brk.law_days)
    edges = [d for d in span if d < min(brk.anchors) and d.weekday() >= 5]
    edges += [d for d in reversed(span) if d > max(brk.anchors) and d.weekday() >= 5]
    taken: list[date] = []

    def take(d: date) -> bool:
        if brk.era.max_run is not None and _run(d, rest, work) > brk.era.max_run:
            return False
        rest.discard(d)
        work.add(d)
        taken.append(d)
        return True

    for d in edges[: max(0, min(owed, len(span) - brk.length))]:
        take(d)
    sides = [_free_weekend_days(first, -_DAY, rest, work), _free_weekend_days(last, _DAY, rest, work)]
    heads = [next(sides[0]), next(sides[1])]
    side = 0 if first - heads[0] <= heads[1] - last else 1
    while len(taken) < owed:
        d, heads[side] = heads[side], next(sides[side])
        if take(d):
            side = 1 - side
    return taken


def _entries(
    brk: _Break,
    first: date,
    last: date,
    statutory: dict[date, str],
    in_lieu: dict[date, _Festival],
    make_up: list[date],
) -> list[DayEntry]:
    """A break's named days: its rest days (weekend ones with the block's weakest certainty) and make-up days."""
    named: list[DayEntry] = []
    weekend: list[date] = []
    for d in _span(first, last):
        if d in make_up:
            continue
        if d in statutory:
            named.append(DayEntry(d, False, statutory[d], "certain"))
        elif d in in_lieu:
            named.append(DayEntry(d, False, in_lieu[d].name, "likely"))
        elif d.weekday() < 5:
            named.append(DayEntry(d, False, brk.name, "forecast"))
        else:
            weekend.append(d)
    certainty = max((e.certainty for e in named), key=_RANK.__getitem__)
    named += [DayEntry(d, False, brk.name, certainty) for d in weekend]
    return named + [DayEntry(d, True, brk.name, "forecast") for d in make_up]


def provisional_year(year: int) -> YearData:
    """The forecast calendar of `year`: statutory days, 补假, and the usual 调休 (see the module doc)."""
    if not FIRST_PROVISIONAL_YEAR <= year <= LAST_YEAR:
        raise CalendarRangeError(
            f"只能按放假办法推算 {FIRST_PROVISIONAL_YEAR}–{LAST_YEAR} 年的日历，无法推算 {year} 年。"
            "请换一个在此范围内的年份。",
            f"a provisional calendar can be worked out only for {FIRST_PROVISIONAL_YEAR}-{LAST_YEAR}, "
            f"not {year}. Use a year in that range.",
        )
    # 元旦 of next year can put rest days and a make-up day in late December.
    festivals = _festivals(year) + [_Festival("元旦", (date(year + 1, 1, 1),), _era(year + 1))]
    in_lieu = _in_lieu(festivals)
    breaks = _breaks(festivals, in_lieu)
    blocks = [_block(b) for b in breaks]
    rest = {d for first, last in blocks for d in _span(first, last)}
    work: set[date] = set()
    make_ups = [_make_up_days(b, first, last, rest, work) for b, (first, last) in zip(breaks, blocks, strict=True)]
    statutory: dict[date, str] = {}
    for f in festivals:
        for d in f.days:
            statutory.setdefault(d, f.name)
    entries = [
        e
        for b, (first, last), make_up in zip(breaks, blocks, make_ups, strict=True)
        for e in _entries(b, first, last, statutory, in_lieu, make_up)
        if e.day.year == year
    ]
    return YearData(year, "provisional", f"{_era(year).law}推算", tuple(sorted(entries, key=lambda e: e.day)))
