"""How each command's cost grows with the store: N obligations with a year of history, file and PostgreSQL.

Run: .venv/bin/python benchmarks/scale_bench.py [--sizes 1000 10000 100000] [--postgres] [--before DIR]

For each size a database is built through the application (`BUILD`): N
obligations with varied real rules (yearly, monthly and quarterly filings,
windows, periods after a trigger) and 50 owners, then a year of daily use —
every obligation edited once, every occurrence due by today completed on
its day, two reminders per obligation in the send log — and the next-action index built as the daily
remind run builds it. Then `deadlines add`, `done`, `list --format json`,
`due --format json`, `remind --dry-run` and the TUI (a headless 120×40 app
until the dashboard shows its rows and the first row's explanation) each run
as their own process under /usr/bin/time -v, once (the TUI
looks every 50 ms: looking every 5 ms took the interpreter from the worker it waits for). Baselines measured in the
same run: `sqlite-utils insert` of one row into an N-row table, and
`json.load` of the database file (the floor for any reader of the whole
file). With `--postgres` a throwaway PostgreSQL 15 server is started
(tests/store/pgserver.py) and the same runs are made against it; with
`--before DIR` (an older checkout's `src/`) the file store is measured with
that code too.
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
TODAY = "2026-11-21"

BUILD = """
import random, sys
from datetime import date, timedelta
from pathlib import Path
target, count = sys.argv[1], int(sys.argv[2])
rules = ["每年{m}月{d}日前", "每年{m}月1日至{m}月{d}日", "每月15日前", "每季度结束后15日内", "培训结束后10个工作日内",
         "有效期3年", "期限届满60日前", "30日内", "3个月内"]
rng = random.Random(14)
rows = []
for i in range(count):
    rule = rng.choices(rules, weights=[50, 10, 8, 4, 6, 8, 6, 4, 4])[0].format(m=rng.randint(1, 12), d=rng.randint(10, 28))
    rows.append({"key": f"GB-{i:06d}", "title": f"企业标准第{i}号备案", "rule": rule,
                 "start": (date(2025, 6, 1) + timedelta(days=rng.randint(0, 500))).isoformat(), "params": {},
                 "owners": [f"owner{rng.randint(0, 49)}@example.com"], "tags": ["备案"], "notes": "",
                 "source": f"seeds/000.md:{i % 400 + 1}", "lead_times": ["30日", "5个工作日"], "since": "2026-01-01"})
try:
    from deadlines.app import index
    from deadlines.app.workspace import Workspace
    ws = Workspace.open(today=date.fromisoformat("TODAY"), db=target)
    store = ws.store
    store.deriver = None  # dates are computed once, at the end, as a rebuild of the index
except ImportError:  # an older checkout: the store alone
    import deadlines.store as store_api
    opened = getattr(store_api, "open_store", None)
    store, index = (opened(target) if opened else store_api.Store(Path(target))), None
store.upsert_obligations(rows)
store.upsert_obligations([{"key": r["key"], "notes": "已核对"} for r in rows], action="edit")
if index is not None:  # a year of an officer's work: every occurrence due by today was done on its day
    from deadlines.store.ledger import completion_record
    for _ in range(24):
        late = [i for i in ws.ledger().agenda(ws.calendar_for, ws.today) if i.status == "overdue"]
        if not late:
            break
        with store.transaction() as tx:
            for i in late:
                tx.add_completion(completion_record(i, i.occurrence.due, "回执", "bench", ws.clock.stamp()))
sends = [{"id": f"{r['key']}|2026|{stage}|{r['owners'][0]}", "key": r["key"], "occurrence": "2026", "stage": stage,
          "recipient": r["owners"][0], "day": "2026-04-01", "state": "sent"} for r in rows for stage in ("30日", "due")]
store.record_sends(sends)
if index is not None:
    index.refresh(ws)
""".replace("TODAY", TODAY)

TUI = """
import asyncio, sys, time
started = time.perf_counter()
from deadlines.app.workspace import Workspace
from deadlines.tui import make_app
from deadlines.tui.widgets.agenda_table import AgendaTable
from textual.widgets import Static

async def main() -> None:
    app = make_app(Workspace.open(db=sys.argv[1]))
    async with app.run_test(size=(120, 40)) as pilot:
        table, detail = app.query_one(AgendaTable), app.query_one("#detail-body", Static)
        while app.agenda is None or not table.rows or not detail.content:
            await pilot.pause(0.05)
        first = time.perf_counter() - started
        while not app.agenda.complete:
            await pilot.pause(0.05)
        print(f"{first:.3f} {time.perf_counter() - started:.3f}")

asyncio.run(main())
"""

COMMANDS = {
    "add": ["add", "新增备案", "--rule", "每年6月30日前", "--key", "bench-new", "--owner", "li@example.com"],
    "done": ["done", "GB-000007", "--on", TODAY],
    "list": ["list", "--format", "json"],
    "due": ["due", "--format", "json"],
    "remind": ["remind", "--dry-run"],
}


def measured(command: list[str], env: dict[str, str], out: list[str] | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of `command`, from GNU time; its stdout appended to `out` if given."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], env=env, capture_output=True, text=True)
    if out is not None:
        out.append(result.stdout)
    if result.returncode != 0:
        raise SystemExit(f"{command} failed: {result.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    assert wall and rss, result.stderr
    return float(wall.group(1) or 0) * 3600 + float(wall.group(2)) * 60 + float(wall.group(3)), int(rss.group(1)) / 1024


def env_for(src: Path, home: Path) -> dict[str, str]:
    return os.environ | {"PYTHONPATH": str(src), "DEADLINES_HOME": str(home), "DEADLINES_TODAY": TODAY}


def run_commands(src: Path, target: str, count: int, home: Path, tui: bool) -> dict[str, tuple[float, float]]:
    """Build an N-obligation store at `target` with `src`'s code, then time each command once."""
    home.mkdir(parents=True, exist_ok=True)
    env = env_for(src, home)
    build = measured([sys.executable, "-c", BUILD, target, str(count)], env)
    print(f"{count:>8} {'(built in)':<20} {build[0]:8.2f} {build[1]:8.0f}", flush=True)
    out = {
        name: measured([sys.executable, "-m", "deadlines", "--db", target, *args], env)
        for name, args in COMMANDS.items()
    }
    if tui:
        printed: list[str] = []
        _, peak = measured([sys.executable, "-c", TUI, target], env, printed)
        first, whole = (float(t) for t in printed[0].split())
        out["tui first screen"], out["tui all rows"] = (first, peak), (whole, peak)
    return out


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
    print(f"{count:>8} {label:<20} {figures[0]:8.2f} {figures[1]:8.0f} {figures[0] / sqlite_s:8.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--before", type=Path, help="an older src/ directory to compare the file store against")
    parser.add_argument("--postgres", action="store_true", help="also measure a throwaway PostgreSQL 15 server")
    parser.add_argument("--no-tui", action="store_true", help="leave the TUI out")
    args = parser.parse_args()
    print(f"{'N':>8} {'what':<20} {'seconds':>8} {'peak MB':>8} {'×sqlite':>8}")
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
                now = run_commands(ROOT / "src", str(db), count, work / "now", not args.no_tui)
                row(count, "json.load floor", json_floor(db), sqlite_s)
                disk = sum(p.stat().st_size for p in db.parent.iterdir() if p.is_file()) / 1e6
                for name, figures in now.items():
                    row(count, f"file {name}", figures, sqlite_s)
                print(f"{'':>8} file on disk {disk:.1f} MB (database, backup, logs)", flush=True)
                if args.before:
                    old_home = work / "before"
                    old = run_commands(args.before, str(old_home / "deadlines.json"), count, old_home, False)
                    for name, figures in old.items():
                        row(count, f"before {name}", figures, sqlite_s)
                if server is not None:
                    url = server.new_database(f"bench{count}")
                    subprocess.run(
                        [sys.executable, "-m", "deadlines", "db", "init", url],
                        env=env_for(ROOT / "src", work),
                        check=True,
                        capture_output=True,
                    )
                    for name, figures in run_commands(ROOT / "src", url, count, work / "pg", not args.no_tui).items():
                        row(count, f"postgres {name}", figures, sqlite_s)


if __name__ == "__main__":
    main()
