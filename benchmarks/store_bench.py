"""Print how long the store takes for bulk upserts and full reads of realistic obligation records.

Run: PYTHONPATH=src python benchmarks/store_bench.py
Each figure is one run on a fresh temporary directory; file sizes are printed alongside.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from deadlines.store import Store

T = TypeVar("T")


def records(count: int) -> list[dict[str, Any]]:
    """Obligations shaped like an import from a spreadsheet, with Chinese titles and sources."""
    return [
        {
            "key": f"GB/T-{i:06d}",
            "title": f"企业标准第{i}号：自发布之日起30日内向市场监管部门备案",
            "rule": "自发布之日起30日内",
            "start": "2026-03-01",
            "params": {"from": "2026-03-01", "region": "广西"},
            "owners": ["张三@example.com", "李四@example.com"],
            "tags": ["备案", "企业标准"],
            "notes": "",
            "source": f"seeds/000.md:{i % 400 + 1}",
            "concerns": "",
            "profile": "enterprise-standard",
            "region": None,
            "lead_times": ["30日", "5个工作日", "1日"],
            "cutoff": None,
        }
        for i in range(count)
    ]


def timed(label: str, action: Callable[[], T], path: Path) -> T:
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    size = path.stat().st_size / 1e6 if path.exists() else 0.0
    print(f"{label:<44} {seconds:8.3f} s   file {size:6.1f} MB")
    return result


def main() -> None:
    small, large = records(10_000), records(100_000)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "small.json"
        store = Store(path)
        timed("upsert 10,000 into an empty store", lambda: store.upsert_obligations(small), path)
        result = timed("re-upsert the same 10,000 (unchanged)", lambda: store.upsert_obligations(small), path)
        assert len(result.unchanged) == 10_000
        snapshot = timed("snapshot() of 10,000", store.snapshot, path)
        assert len(snapshot.obligations) == 10_000
        extra = records(10_001)[-1]
        timed("add one obligation to 10,000", lambda: store.add_obligation(extra), path)

        path = Path(directory) / "large.json"
        store = Store(path)
        timed("upsert 100,000 into an empty store", lambda: store.upsert_obligations(large), path)
        timed("snapshot() of 100,000", store.snapshot, path)


if __name__ == "__main__":
    main()
