"""`deadlines due --format json` over 10,000 stored obligations, as a whole process.

Baseline, measured in the same run on the same file: a plain `python -c` that
only `json.load`s the database file — the floor for any tool that keeps its
data in one JSON file. Target: within 5x of that floor. Median of 5 runs each.

Run: python benchmarks/due_bench.py [--n 10000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from deadlines.app import index
from deadlines.app.workspace import Workspace
from deadlines.store import Store

RULES = [
    "每年12月1日至12月15日",
    "每年4月30日前",
    "培训结束后10个工作日内",
    "有效期3年",
    "复审周期不超过5年",
    "每年第一季度",
    "次年1月3日至1月8日",
    "期限届满60日前",
    "30日内",
    "3个月内",
]


def make_db(path: Path, n: int) -> None:
    rng = random.Random(20261121)
    records = []
    for i in range(n):
        start = date(2025, 1, 1) + timedelta(days=rng.randint(0, 700))
        records.append(
            {
                "key": f"k{i:06d}",
                "title": f"标准化义务第{i}项",
                "rule": rng.choice(RULES),
                "start": start.isoformat(),
                "owners": [f"owner{rng.randint(0, 49)}@example.com"],
                "tags": ["bench"],
                "params": {},
                "source": "benchmark",
                "since": "2026-01-01",
            }
        )
    Store(path).upsert_obligations(records)
    # The next-action index, built as the daily remind run builds it (same data dir and config as the commands).
    index.refresh(Workspace.open(today=date(2026, 11, 21), db=path))


def timed(cmd: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "deadlines.json"
        make_db(db, args.n)
        size = db.stat().st_size / 1e6
        floor = timed([sys.executable, "-c", f"import json; json.load(open({str(db)!r}, encoding='utf-8'))"])
        due = timed(
            [sys.executable, "-m", "deadlines", "--db", str(db), "--today", "2026-11-21", "due", "--format", "json"]
        )
        listing = timed(
            [sys.executable, "-m", "deadlines", "--db", str(db), "--today", "2026-11-21", "list", "--format", "json"]
        )
    print(f"{args.n:,} obligations, database file {size:.1f} MB (median of 5 runs)")
    print(f"python -c json.load (floor):   {floor:6.3f} s")
    print(f"deadlines due --format json:   {due:6.3f} s   {due / floor:4.1f}x the floor")
    print(f"deadlines list --format json:  {listing:6.3f} s   {listing / floor:4.1f}x the floor")


if __name__ == "__main__":
    main()
