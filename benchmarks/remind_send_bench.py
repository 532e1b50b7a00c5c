"""A real first `deadlines remind` run: 10,000 obligations, 50 owners, every digest to a local SMTP server.

Each digest's attempt is written to the send log before it is sent (so
nothing unrecorded is ever sent), which costs one database write per digest.
Baseline in the same run: `deadlines remind --dry-run` on the same file (the
planning and composing without sending or writing). Each run starts from a
fresh copy of the database with an empty send log. Median of the runs.

Run: python benchmarks/remind_send_bench.py [--n 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from due_bench import make_db

TODAY = "2026-11-21"


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001
        self.count += 1
        return "250 OK"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sink = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    smtp = ["--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--smtp-security", "none", "--from", "r@example.com"]
    times: dict[str, list[float]] = {"dry-run": [], "send": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            master = Path(tmp) / "master" / "deadlines.json"
            make_db(master, args.n)
            for run in range(args.runs):
                for name, extra in (("dry-run", ["--dry-run"]), ("send", [])):
                    # the database with its logs (an empty send log), as made: nothing sent yet
                    db = Path(shutil.copytree(master.parent, Path(tmp) / f"{name}-{run}")) / "deadlines.json"
                    command = [sys.executable, "-m", "deadlines", "--db", str(db), "--today", TODAY, "remind"]
                    start = time.perf_counter()
                    subprocess.run([*command, *smtp, *extra], capture_output=True, check=True)
                    times[name].append(time.perf_counter() - start)
            size = master.stat().st_size
    finally:
        controller.stop()
    dry, send = (statistics.median(times[name]) for name in times)
    digests = sink.count // args.runs
    print(f"{args.n:,} obligations ({size / 2**20:.1f} MiB), {digests} digests per run, median of {args.runs} runs:")
    print(f"  remind --dry-run:     {dry:6.2f} s")
    print(
        f"  remind (real send):   {send:6.2f} s   {send / dry:4.1f}x the dry run, "
        f"{(send - dry) / max(digests, 1) * 1000:.0f} ms per digest sent and recorded"
    )


if __name__ == "__main__":
    main()
