"""Print how long `deadlines import` takes for 10,000 and 100,000 CSV rows, against `sqlite-utils insert`.

Run: PYTHONPATH=src python benchmarks/import_bench.py [--sizes 10000,100000]
Both run as whole processes (start-up included) on the same file in a fresh
temporary directory; the target is a ratio of at most 2. The re-import of
the same file (every row unchanged, nothing written) is timed as well.
Needs the bench extra (sqlite-utils).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RULES = (
    ("每年12月1日至12月15日", ""),
    ("每年4月30日前", ""),
    ("培训结束后10个工作日内", "2026-09-30"),
    ("有效期3年", "2025-03-15"),
    ("复审周期不超过5年", "2024-06-01"),
    ("次年1月3日至1月8日", ""),
    ("每年第一季度", ""),
    ("期限届满60日前", "2027-05-31"),
)
TARGET = 2.0


def write_csv(path: Path, count: int) -> None:
    """Obligations shaped like a spreadsheet export: Chinese titles, several rule forms, owners, tags, some leads."""
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["key", "title", "rule", "start", "owners", "tags", "notes", "source", "lead_times"])
        for i in range(count):
            rule, start = RULES[i % len(RULES)]
            writer.writerow(
                [
                    f"std-{i:06d}",
                    f"企业标准第{i}号：自我声明公开与复审",
                    rule,
                    start,
                    f"owner{i % 50}@example.com;compliance@example.com",
                    "标准化;企业标准" if i % 3 else "备案",
                    "" if i % 5 else f"第{i}项的备注：按原文执行",
                    f"004 第{i % 5000 + 1}行",
                    "30日;5个工作日" if i % 4 == 0 else "",
                ]
            )


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return seconds


def sqlite_utils() -> str:
    beside = Path(sys.executable).with_name("sqlite-utils")
    found = str(beside) if beside.exists() else shutil.which("sqlite-utils")
    if found is None:
        sys.exit("sqlite-utils is not installed (pip install 'deadlines[bench]')")
    return found


def run(count: int, directory: Path, tool: str) -> float:
    source = directory / f"obligations-{count}.csv"
    write_csv(source, count)
    env = {**os.environ, "DEADLINES_HOME": str(directory / f"home-{count}")}
    env.pop("DEADLINES_DB", None)
    ours = timed([sys.executable, "-m", "deadlines", "import", str(source)], env)
    again = timed([sys.executable, "-m", "deadlines", "import", str(source)], env)
    theirs = timed([tool, "insert", str(directory / f"bench-{count}.sqlite"), "obligations", str(source), "--csv"], env)
    size = (directory / f"home-{count}" / "deadlines.json").stat().st_size / 1e6
    print(
        f"{count:>7,} rows   deadlines import {ours:7.2f} s   re-import (unchanged) {again:7.2f} s   "
        f"sqlite-utils insert {theirs:7.2f} s   ratio {ours / theirs:4.2f}   database {size:6.1f} MB"
    )
    return ours / theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated row counts")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    tool = sqlite_utils()
    with tempfile.TemporaryDirectory() as directory:
        ratios = [run(count, Path(directory), tool) for count in sizes]
    worst = max(ratios)
    print(f"worst ratio {worst:.2f} (target ≤ {TARGET:g}): {'met' if worst <= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
