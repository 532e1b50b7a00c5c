"""Single commands on a store of N obligations with history, on the file and on PostgreSQL: time and peak memory.

Run: .venv/bin/python benchmarks/add_bench.py [--sizes 10000 100000] [--before DIR] [--postgres]

For each size the database is built through the store API (N obligations
imported, then each changed once, so the history holds 2N rows); then
`deadlines add`, `done`, `list --format json`, `due --format json` and
`remind --dry-run` each run as
their own process under /usr/bin/time -v. Baselines measured in the same
run: `sqlite-utils insert` of one row into an N-row table, and `json.load`
of the database file (the floor for any reader of the whole file). With
`--before DIR` (an older checkout's `src/`) the file store is measured with
that code too; with `--postgres` a throwaway PostgreSQL 15 server is
started (tests/store/pgserver.py) and the same commands run against it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

BUILD = """
import sys
from pathlib import Path
import deadlines.store as store_api
target, count = sys.argv[1], int(sys.argv[2])
rows = [{"key": f"GB-{i:06d}", "title": f"企业标准第{i}号备案", "rule": "每年4月30日前", "params": {},
         "owners": ["张三@example.com"], "tags": ["备案"], "notes": "", "source": f"seeds/000.md:{i % 400 + 1}",
         "lead_times": ["30日", "5个工作日"]} for i in range(count)]
opened = getattr(store_api, "open_store", None)
store = opened(target) if opened else store_api.Store(Path(target))
store.upsert_obligations(rows)
store.upsert_obligations([{"key": r["key"], "notes": "已核对"} for r in rows], action="edit")
"""

COMMANDS = {
    "add": ["add", "新增备案", "--rule", "每年6月30日前", "--key", "bench-new", "--owner", "li@example.com"],
    "done": ["done", "GB-000007", "--on", "2026-11-21"],
    "list": ["list", "--format", "json"],
    "due": ["due", "--format", "json"],
    "remind": ["remind", "--dry-run"],
}


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of `command`, from GNU time."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{command} failed: {result.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    assert wall and rss, result.stderr
    return float(wall.group(1) or 0) * 3600 + float(wall.group(2)) * 60 + float(wall.group(3)), int(rss.group(1)) / 1024


def env_for(src: Path, home: Path) -> dict[str, str]:
    return os.environ | {"PYTHONPATH": str(src), "DEADLINES_HOME": str(home), "DEADLINES_TODAY": "2026-11-21"}


def run_commands(src: Path, target: str, count: int, home: Path) -> dict[str, tuple[float, float]]:
    """Build an N-obligation store at `target` with `src`'s code, then time each command once."""
    home.mkdir(parents=True, exist_ok=True)
    env = env_for(src, home)
    subprocess.run([sys.executable, "-c", BUILD, target, str(count)], env=env, check=True)
    return {
        name: measured([sys.executable, "-m", "deadlines", "--db", target, *args], env)
        for name, args in COMMANDS.items()
    }


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


def row(count: int, label: str, figures: tuple[float, float], sqlite_s: float) -> None:
    print(f"{count:>8} {label:<16} {figures[0]:8.2f} {figures[1]:8.0f} {figures[0] / sqlite_s:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--before", type=Path, help="an older src/ directory to compare the file store against")
    parser.add_argument("--postgres", action="store_true", help="also measure a throwaway PostgreSQL 15 server")
    args = parser.parse_args()
    print(f"{'N':>8} {'what':<16} {'seconds':>8} {'peak MB':>8} {'×sqlite':>8}")
    with ExitStack() as stack:
        server = None
        if args.postgres:
            from tests.store.pgserver import running_server

            server = stack.enter_context(running_server())
        for count in args.sizes:
            with tempfile.TemporaryDirectory() as directory:
                work = Path(directory)
                sqlite_s, sqlite_mb = sqlite_insert(count, work)
                row(count, "sqlite-utils ins", (sqlite_s, sqlite_mb), sqlite_s)
                db = work / "now" / "deadlines.json"
                now = run_commands(ROOT / "src", str(db), count, work / "now")
                row(count, "json.load floor", json_floor(db), sqlite_s)
                disk = sum(p.stat().st_size for p in db.parent.iterdir() if p.is_file()) / 1e6
                for name, figures in now.items():
                    row(count, f"file {name}", figures, sqlite_s)
                print(f"{'':>8} file on disk {disk:.1f} MB (database, backup, logs)")
                if args.before:
                    old = run_commands(args.before, str(work / "before" / "deadlines.json"), count, work / "before")
                    for name, figures in old.items():
                        row(count, f"before {name}", figures, sqlite_s)
                    ratios = ", ".join(
                        f"{name} {now[name][0] / old[name][0]:.2f}×/{now[name][1] / old[name][1]:.2f}×" for name in now
                    )
                    print(f"{'':>8} file now/before (time/peak memory): {ratios}")
                if server is not None:
                    url = server.new_database(f"bench{count}")
                    subprocess.run(
                        [sys.executable, "-m", "deadlines", "db", "init", url],
                        env=env_for(ROOT / "src", work),
                        check=True,
                        capture_output=True,
                    )
                    for name, figures in run_commands(ROOT / "src", url, count, work / "pg").items():
                        row(count, f"postgres {name}", figures, sqlite_s)


if __name__ == "__main__":
    main()
