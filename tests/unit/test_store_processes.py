"""The store across real processes and real files: concurrent writers, a long-lived reader, a held lock, SIGKILL."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from deadlines.core.errors import StoreError
from deadlines.core.i18n import set_language
from deadlines.store import Store

SRC = Path(__file__).parents[2] / "src"

WRITER = """
import sys
from pathlib import Path
from deadlines.store import Store
path, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = Store(path, who=tag)
print("ready", flush=True)
sys.stdin.readline()
for i in range(count):
    store.add_obligation({"key": f"{tag}-{i:03d}", "title": f"{tag} 第{i}项"})
print("done", flush=True)
"""

READER = """
import sys
from pathlib import Path
from deadlines.store import Store
store, stop = Store(Path(sys.argv[1])), Path(sys.argv[2])
print("ready", flush=True)
sys.stdin.readline()
while not stop.exists():
    print(len(store.snapshot().obligations), flush=True)
"""

ADD_ONE = """
import sys
from pathlib import Path
from deadlines.store import Store
Store(Path(sys.argv[1]), who="cron@server").add_obligation({"key": sys.argv[2], "title": "来自另一个进程"})
"""

HOLD_LOCK = """
import sys
from pathlib import Path
from deadlines.store import Store
with Store(Path(sys.argv[1]), who="importer@server").transaction() as tx:
    tx.add_obligation({"key": "held", "title": "持锁期间写入"})
    print("holding", flush=True)
    sys.stdin.readline()
"""

UPSERT_10K = """
import json, sys
from pathlib import Path
from deadlines.store import Store
records = [{"key": f"k{i:05d}", "title": f"新 第{i}项", "owners": ["李四"], "params": {"n": i}} for i in range(10_000)]
store = Store(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()
result = store.upsert_obligations(records)
print(json.dumps([len(result.added), len(result.updated), len(result.unchanged)]), flush=True)
"""


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("zh")


def start(code: str, *args: str) -> subprocess.Popen[str]:
    """A Python process running `code`; it prints "ready" and waits for a line on stdin before the real work."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )


def wait_ready(*processes: subprocess.Popen[str]) -> None:
    for process in processes:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"


def go(*processes: subprocess.Popen[str]) -> None:
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()


def finish(process: subprocess.Popen[str]) -> list[str]:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return out.splitlines()


def run(code: str, *args: str) -> list[str]:
    process = start(code, *args)
    return finish(process)


def run_to_end(path: Path) -> tuple[list[int], float]:
    """Run the 10,000-record upsert to the end: its (added, updated, unchanged) counts and how long it took."""
    process = start(UPSERT_10K, str(path))
    wait_ready(process)
    started = time.perf_counter()
    go(process)
    lines = finish(process)
    return json.loads(lines[-1]), time.perf_counter() - started


Trigger = Callable[[subprocess.Popen[str]], None]


def sleeping(seconds: float) -> Trigger:
    return lambda _process: time.sleep(seconds)


def wait_for_temp_file(path: Path) -> Trigger:
    """Fire as soon as the writer's temp file appears (or the writer exits)."""

    def trigger(process: subprocess.Popen[str]) -> None:
        while not any(path.parent.glob(f".{path.name}.*.tmp")) and process.poll() is None:
            time.sleep(0)  # yield, and look again at once: the kill must land mid-write

    return trigger


def wait_for_change(path: Path) -> Trigger:
    """Fire as soon as the database file changes in any way (or the writer exits)."""

    def trigger(process: subprocess.Popen[str]) -> None:
        before = Store(path).version_token()
        while Store(path).version_token() == before and process.poll() is None:
            time.sleep(0)

    return trigger


def test_two_writers_at_once_lose_nothing_and_a_reader_never_sees_a_torn_file(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    writers = [start(WRITER, str(path), tag, "200") for tag in ("tui", "cron")]
    stop = tmp_path / "stop"
    reader = start(READER, str(path), str(stop))
    wait_ready(*writers, reader)
    go(*writers, reader)

    for writer in writers:
        assert finish(writer) == ["done"]
    stop.touch()
    counts = [int(line) for line in finish(reader)]

    store = Store(path)
    keys = [o["key"] for o in store.obligations()]
    assert sorted(keys) == sorted(f"{tag}-{i:03d}" for tag in ("tui", "cron") for i in range(200))
    assert sorted(row["key"] for row in store.audit()) == sorted(keys)
    assert counts and counts == sorted(counts)  # every read was a whole file, and no count ever went back


def test_a_long_lived_store_sees_other_processes_and_writes_after_them(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    tui = Store(path, who="tui@desk")
    tui.add_obligation({"key": "from-tui-1", "title": "界面"})
    seen = tui.snapshot()

    run(ADD_ONE, str(path), "from-cron-1")

    assert tui.version_token() != seen.token
    assert list(tui.snapshot().obligations) == ["from-tui-1", "from-cron-1"]
    tui.add_obligation({"key": "from-tui-2", "title": "界面"})  # a stale next id would collide with cron's record
    run(ADD_ONE, str(path), "from-cron-2")
    assert [o["key"] for o in tui.obligations()] == ["from-tui-1", "from-cron-1", "from-tui-2", "from-cron-2"]
    assert [row["who"] for row in tui.audit()] == ["tui@desk", "cron@server", "tui@desk", "cron@server"]


def test_a_held_lock_times_out_with_the_holder_named_while_reads_go_on(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    Store(path).add_obligation({"key": "first", "title": "第一"})
    holder = start(HOLD_LOCK, str(path))
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    store = Store(path, lock_timeout=0.2)

    with pytest.raises(StoreError) as raised:
        store.add_obligation({"key": "second", "title": "第二"})
    assert [o["key"] for o in store.obligations()] == ["first"]

    message = raised.value.text.en
    assert f"{path}.lock" in message and f"pid {holder.pid}" in message and "importer@server" in message
    assert f"{path}.lock" in raised.value.text.zh and f"pid {holder.pid}" in raised.value.text.zh
    go(holder)
    finish(holder)
    store.add_obligation({"key": "second", "title": "第二"})
    assert [o["key"] for o in store.obligations()] == ["first", "held", "second"]


def test_a_store_made_before_a_fork_still_writes_in_the_child(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    store.add_obligation({"key": "parent", "title": "父进程"})
    child = os.fork()
    if child == 0:  # the child: write through the inherited Store, then leave without running pytest teardown
        try:
            store.add_obligation({"key": "child", "title": "子进程"})
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    assert [o["key"] for o in store.obligations()] == ["parent", "child"]


class TestKilledInTheMiddleOfAnUpsert:
    """SIGKILL a 10,000-record upsert at many moments: the file always opens, with the old state or the new one."""

    def old_state(self, path: Path) -> dict[str, bytes]:
        """The database file and its audit log after the first upsert."""
        records = [{"key": f"k{i:05d}", "title": f"旧 第{i}项", "owners": ["张三"]} for i in range(10_000)]
        Store(path).upsert_obligations(records)
        return {p.name: p.read_bytes() for p in path.parent.iterdir() if p.name in {"db.json", "db.json.audit.ndjson"}}

    def reset(self, path: Path, old: dict[str, bytes]) -> None:
        for leftover in path.parent.iterdir():
            leftover.unlink()
        for name, data in old.items():
            (path.parent / name).write_bytes(data)

    def run_and_kill(self, path: Path, trigger: Trigger) -> bool:
        """Run the upsert, kill it when `trigger` returns; whether it was killed before finishing its write."""
        process = start(UPSERT_10K, str(path))
        wait_ready(process)
        go(process)
        trigger(process)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        return process.returncode == -signal.SIGKILL and any(path.parent.glob(f".{path.name}.*.tmp"))

    def state(self, path: Path) -> str:
        """The state the file holds, 旧 (old) or 新 (new), after checking it opens as one whole, consistent database."""
        snapshot = Store(path).snapshot()
        (state,) = {str(o["title"]).split(" ")[0] for o in snapshot.obligations.values()}
        assert len(snapshot.obligations) == 10_000
        assert len(snapshot.audit) == {"旧": 10_000, "新": 20_000}[state]
        return state

    def test_every_kill_leaves_the_old_or_the_new_state(self, tmp_path: Path) -> None:
        path = tmp_path / "db.json"
        old = self.old_state(path)
        result, full_run = run_to_end(path)
        assert result == [0, 10_000, 0] and self.state(path) == "新"

        rng = random.Random(20261121)
        fractions = [0.0, 0.02, 0.25, 0.5, 0.75, 0.9] + [rng.uniform(0, 1) for _ in range(4)]
        triggers = [sleeping(full_run * fraction) for fraction in fractions] + [wait_for_change(path)] * 2
        states = []
        for trigger in triggers:
            self.reset(path, old)
            self.run_and_kill(path, trigger)
            states.append(self.state(path))
        assert set(states) <= {"旧", "新"}

        killed_mid_write = []
        for _ in range(5):
            self.reset(path, old)
            killed_mid_write.append(self.run_and_kill(path, wait_for_temp_file(path)))
            assert self.state(path) == "旧"
            if killed_mid_write[-1]:
                break
        assert any(killed_mid_write), "no kill landed while the temp file was being written"

        # After a kill mid-write the lock is free, and the next write clears the dead writer's temp file.
        assert run_to_end(path)[0] == [0, 10_000, 0]
        assert self.state(path) == "新" and not list(path.parent.glob("*.tmp"))
        # The same upsert again is a no-op that leaves the file as it is.
        token = Store(path).version_token()
        assert run_to_end(path)[0] == [0, 0, 10_000]
        assert Store(path).version_token() == token
