"""`deadlines remind --dry-run` against `deadlines due --format json` on the same 10,000 obligations.

Both run as whole processes on one database file (the one `due_bench.py`
builds: 10 rule kinds, random start dates, 50 owners) with an empty send log,
so every reminder begun by `--today` goes out: the heaviest day a reminder job
can have (its first run). The two commands are run alternately and the median
of each is kept, so a busy machine slows both alike. Target: remind within
1.5x of due.

Run: python benchmarks/remind_bench.py [--n 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from due_bench import make_db

TODAY = "2026-11-21"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "deadlines.json"
        make_db(db, args.n)
        base = [sys.executable, "-m", "deadlines", "--db", str(db), "--today", TODAY]
        commands = {"due": [*base, "due", "--format", "json"], "remind": [*base, "remind", "--dry-run"]}
        preview = subprocess.run(commands["remind"], capture_output=True, text=True, check=True)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True)
                times[name].append(time.perf_counter() - start)
    due, remind = (statistics.median(times[name]) for name in commands)
    mails = preview.stdout.count("Message-ID: ")
    print(f"{args.n:,} obligations, {mails} digests, {len(preview.stdout):,} characters printed")
    print(f"median of {args.runs} alternating runs each:")
    print(f"  deadlines due --format json:  {due:6.3f} s")
    print(f"  deadlines remind --dry-run:   {remind:6.3f} s   {remind / due:4.2f}x due (target 1.5x)")
    print(f"  {preview.stderr.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
