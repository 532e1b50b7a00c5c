"""Working-day engine speed: 100,000 random (start, N) pairs, measured in one run.

Compares, on the same pairs:
  1. our engine (`WorkCalendar.add_workdays`, one binary search per call);
  2. a day-by-day loop over chinese-calendar's `is_workday` (the obvious way);
  3. numpy.busday_offset given the same calendar (all-days weekmask, every
     rest day as a holiday), vectorised over all pairs — a C baseline;
  4. `deadlines calc --batch` on the same 100,000 lines, as a whole process.
Every method's answers are checked against ours before the times are printed.

Run: python benchmarks/calc_bench.py [--pairs 100000]   (needs the bench extra: numpy)
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import numpy as np

from deadlines.core.calendar import CalendarSources, WorkCalendar


def slow_add(start: date, n: int) -> date:
    d = start
    while n:
        d += timedelta(days=1)
        if chinese_calendar.is_workday(d):
            n -= 1
    return d


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=100_000)
    ap.add_argument("--max-n", type=int, default=60, help="largest N (working days); results stay within 2026")
    args = ap.parse_args()
    rng = random.Random(20261121)
    lo, hi = date(2004, 1, 1).toordinal(), date(2026, 8, 31).toordinal()
    pairs = [(date.fromordinal(rng.randint(lo, hi)), rng.randint(1, args.max_n)) for _ in range(args.pairs)]
    print(f"{len(pairs):,} pairs, start 2004-01-01..2026-08-31, N 1..{args.max_n} working days")

    t = time.perf_counter()
    cal = WorkCalendar(CalendarSources())
    cal.add_workdays(date(2026, 8, 31), 200)  # build the tables (2004–2027) once
    build = time.perf_counter() - t
    t = time.perf_counter()
    ours = [cal.add_workdays(s, n) for s, n in pairs]
    t_ours = time.perf_counter() - t

    t = time.perf_counter()
    slow = [slow_add(s, n) for s, n in pairs]
    t_slow = time.perf_counter() - t
    assert slow == ours, "day-by-day loop disagrees with the engine"

    rest = [date.fromordinal(o) for o in range(date(2004, 1, 1).toordinal(), date(2027, 12, 31).toordinal())]
    holidays = np.array([d for d in rest if not cal.is_workday(d)], dtype="datetime64[D]")
    cal_np = np.busdaycalendar(weekmask="1111111", holidays=holidays)
    starts = np.array([s for s, _ in pairs], dtype="datetime64[D]")
    offsets = np.array([n for _, n in pairs])
    t = time.perf_counter()
    # roll="backward": a start on a rest day rolls back to the last working day, so the Nth
    # working day after it is the Nth after the start — the same meaning as ours.
    np_out = np.busday_offset(starts, offsets, roll="backward", busdaycal=cal_np)
    t_np = time.perf_counter() - t
    assert [d.item() for d in np_out] == ours, "numpy disagrees with the engine"

    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "pairs.tsv"
        f.write_text("".join(f"{s.isoformat()}\t{n}个工作日\n" for s, n in pairs), encoding="utf-8")
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "deadlines", "calc", "--batch", str(f)], capture_output=True, text=True, check=True
        )
        t_batch = time.perf_counter() - t
        assert out.stdout.split() == [d.isoformat() for d in ours], "calc --batch disagrees with the engine"

    per = 1e6 / len(pairs)
    print(f"table build (2004–2027, once):      {build * 1000:9.1f} ms")
    print(f"engine add_workdays:                {t_ours:9.3f} s  {t_ours * per:8.2f} µs/pair")
    print(
        f"day-by-day chinese-calendar loop:   {t_slow:9.3f} s  {t_slow * per:8.2f} µs/pair   engine is {t_slow / t_ours:,.0f}x faster"
    )
    print(
        f"numpy.busday_offset (vectorised):   {t_np:9.3f} s  {t_np * per:8.2f} µs/pair   engine is {t_ours / t_np:,.1f}x slower"
    )
    print(f"deadlines calc --batch (process):   {t_batch:9.3f} s  {t_batch * per:8.2f} µs/line")


if __name__ == "__main__":
    main()
