"""The TUI with 10,000 obligations: time until the dashboard is ready, and per filter keystroke.

"Ready" is from starting the app (`run_test`, headless, 120x40) until the
table holds every row (the database read and the agenda computed in a worker
thread, the rows handed to the table) and the detail pane shows the first
row's explanation; the time until the rows alone are shown is printed too.
A filter keystroke is one key pressed in the filter box (`pilot.press`) until
the table has drawn its new rows (the last `render_line` call): typing 第123
narrows 10,000 rows to 11, then four backspaces widen them again. The pilot's
whole round trip is printed too; it adds its own idle detection. Targets:
ready < 1.5 s, keystroke < 100 ms. Median of 5 runs for "ready"; every
keystroke is reported.

Run: PYTHONPATH=src python benchmarks/tui_bench.py [--n 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from due_bench import make_db
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Static

from deadlines import paths
from deadlines.app.workspace import Workspace
from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.clock import Clock
from deadlines.store import Store
from deadlines.tui import make_app
from deadlines.tui.app import DeadlinesApp
from deadlines.tui.widgets.agenda_table import AgendaTable

TODAY = date(2026, 11, 21)
KEYS = ["第", "1", "2", "3", "backspace", "backspace", "backspace", "backspace"]
RUNS = 5


async def until_ready(app: DeadlinesApp, pilot: Pilot[None], n: int) -> float:
    """Poll (every 5 ms) until the table has all n rows, then until the detail pane shows the first.

    Returns when the rows were there (perf_counter).
    """
    table, detail = app.query_one(AgendaTable), app.query_one("#detail-body", Static)
    while len(table.rows) < n:
        await pilot.pause(0.005)
    rows_at = time.perf_counter()
    while not detail.content:
        await pilot.pause(0.005)
    return rows_at


async def ready_time(store: Store, cal: WorkCalendar, n: int) -> tuple[float, float]:
    """Seconds from starting the app until the rows are shown, and until the detail is too."""
    app = make_app(Workspace.of(store, lambda _region: cal, Clock(today_override=TODAY)))
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        rows_at = await until_ready(app, pilot, n)
        return rows_at - start, time.perf_counter() - start


async def keystrokes(store: Store, cal: WorkCalendar, n: int) -> list[tuple[str, int, float, float]]:
    """Per key: rows shown, ms until the table drew the new rows, ms for the pilot's whole round trip.

    The round trip includes the pilot's own idle detection (about 85 ms for a
    key typed into a bare Input here); the first figure is the app's work.
    """
    app = make_app(Workspace.of(store, lambda _region: cal, Clock(today_override=TODAY)))
    out = []
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(AgendaTable)
        await until_ready(app, pilot, n)
        drawn: list[float] = []
        render_line = table.render_line

        def timed_render_line(y: int) -> Strip:
            drawn.append(time.perf_counter())
            return render_line(y)

        table.render_line = timed_render_line  # type: ignore[method-assign]
        await pilot.press("slash")
        await pilot.pause()
        for key in KEYS:
            before = table.rows
            drawn.clear()
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            assert table.rows is not before and drawn, "the table did not redraw"
            out.append((key, len(table.rows), drawn[-1] - start, time.perf_counter() - start))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "deadlines.json")
        make_db(store.path, args.n)
        cal = WorkCalendar(CalendarSources(paths.shipped("calendars") / "official", None))
        asyncio.run(ready_time(store, cal, args.n))  # warm up: imports, calendar years, rule cache
        runs = []
        for _ in range(RUNS):
            gc.collect()  # each run starts clean, not with the previous app's garbage to collect
            runs.append(asyncio.run(ready_time(store, cal, args.n)))
        gc.collect()
        keys = asyncio.run(keystrokes(store, cal, args.n))
    print(f"{args.n:,} obligations, headless 120x40")
    for label, times in (("rows shown", [r for r, _ in runs]), ("dashboard ready", [d for _, d in runs])):
        each = ", ".join(f"{t:.3f}" for t in times)
        print(f"{label + ':':17} {statistics.median(times):6.3f} s  (median of {RUNS}: {each})")
    for key, rows, drawn, round_trip in keys:
        print(
            f"  filter key {key!r:12} -> {rows:6,} rows  drawn after {drawn * 1000:5.1f} ms  (pilot round trip {round_trip * 1000:5.1f} ms)"
        )
    times = [drawn for _, _, drawn, _ in keys]
    print(
        f"filter keystroke until the table is redrawn: median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
