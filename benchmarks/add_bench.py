"""One `deadlines add` into a store of N obligations with history: wall time and peak memory.

Run: .venv/bin/python benchmarks/add_bench.py [--sizes 10000 100000] [--before DIR]

For each size the database is built through the store API (N obligations
imported, then each changed once, so the history holds 2N rows), then one
`deadlines add` runs as its own process under /usr/bin/time -v. Baselines
measured in the same run: `sqlite-utils insert` of one row into an N-row
table, and `json.load` of the database file (the floor for any reader of
the whole file). With `--before DIR` (a checkout of an older `src/`), the
same is measured with that code, and the ratio printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

BUILD = """
import sys
from pathlib import Path
from deadlines.store import Store
path, count = Path(sys.argv[1]), int(sys.argv[2])
rows = [{"key": f"GB-{i:06d}", "title": f"企业标准第{i}号备案", "rule": "每年4月30日前", "params": {},
         "owners": ["张三@example.com"], "tags": ["备案"], "notes": "", "source": f"seeds/000.md:{i % 400 + 1}",
         "lead_times": ["30日", "5个工作日"]} for i in range(count)]
store = Store(path)
store.upsert_obligations(rows)
store.upsert_obligations([{"key": r["key"], "notes": "已核对"} for r in rows], action="edit")
"""


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of `command`, from GNU time."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{command} failed: {result.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    assert wall and rss, result.stderr
    hours = float(wall.group(1) or 0)
    return hours * 3600 + float(wall.group(2)) * 60 + float(wall.group(3)), int(rss.group(1)) / 1024


def env_for(src: Path, home: Path) -> dict[str, str]:
    return os.environ | {"PYTHONPATH": str(src), "DEADLINES_HOME": str(home), "DEADLINES_TODAY": "2026-11-21"}


def deadlines_add(src: Path, count: int, work: Path) -> tuple[float, float, float]:
    """Build an N-obligation store with `src`'s code, then time one add: (seconds, peak MB, MB on disk)."""
    work.mkdir(parents=True)
    db = work / "deadlines.json"
    env = env_for(src, work)
    subprocess.run([sys.executable, "-c", BUILD, str(db), str(count)], env=env, check=True)
    on_disk = sum(p.stat().st_size for p in work.iterdir() if p.is_file()) / 1e6
    seconds, peak = measured(
        [
            sys.executable,
            "-m",
            "deadlines",
            "--db",
            str(db),
            "add",
            "新增备案",
            "--rule",
            "每年6月30日前",
            "--key",
            "bench-new",
            "--owner",
            "li@example.com",
        ],
        env,
    )
    return seconds, peak, on_disk


def sqlite_insert(count: int, work: Path) -> tuple[float, float]:
    db = work / "rows.db"
    rows = work / "rows.json"
    rows.write_text(json.dumps([{"key": f"GB-{i:06d}", "title": f"企业标准第{i}号备案"} for i in range(count)]))
    subprocess.run([str(BIN / "sqlite-utils"), "insert", str(db), "rows", str(rows), "--pk", "key"], check=True)
    one = work / "one.json"
    one.write_text(json.dumps({"key": "bench-new", "title": "新增备案"}))
    return measured([str(BIN / "sqlite-utils"), "insert", str(db), "rows", str(one), "--pk", "key"], dict(os.environ))


def json_floor(db: Path) -> tuple[float, float]:
    return measured([sys.executable, "-c", f"import json; json.load(open({str(db)!r}, 'rb'))"], dict(os.environ))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--before", type=Path, help="an older src/ directory to compare against")
    args = parser.parse_args()
    print(f"{'N':>8} {'code':<8} {'add s':>8} {'peak MB':>8} {'disk MB':>8} {'×sqlite':>8}")
    for count in args.sizes:
        with tempfile.TemporaryDirectory() as directory:
            work = Path(directory)
            sqlite_s, sqlite_mb = sqlite_insert(count, work)
            print(f"{count:>8} {'sqlite':<8} {sqlite_s:8.2f} {sqlite_mb:8.0f} {'':>8} {1:8.1f}")
            now = deadlines_add(ROOT / "src", count, work / "now")
            floor_s, floor_mb = json_floor(work / "now" / "deadlines.json")
            print(f"{count:>8} {'json':<8} {floor_s:8.2f} {floor_mb:8.0f} {'':>8} {floor_s / sqlite_s:8.1f}")
            print(f"{count:>8} {'now':<8} {now[0]:8.2f} {now[1]:8.0f} {now[2]:8.1f} {now[0] / sqlite_s:8.1f}")
            if args.before:
                old = deadlines_add(args.before, count, work / "before")
                print(f"{count:>8} {'before':<8} {old[0]:8.2f} {old[1]:8.0f} {old[2]:8.1f} {old[0] / sqlite_s:8.1f}")
                print(f"{'':>8} now/before: time {now[0] / old[0]:.2f}×, peak memory {now[1] / old[1]:.2f}×")


if __name__ == "__main__":
    main()
