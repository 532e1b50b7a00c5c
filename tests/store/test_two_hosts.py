"""Two cron hosts running `deadlines remind` at the same moment on one shared database (issue 14).

Each "host" is a separate process with its own data dir (so no file lock is shared between them);
only the database is shared. Every owner must get exactly one digest: the send log's claims, taken
under the database's lock or transaction, decide which run sends which reminder. Run on both
backends; the PostgreSQL one is a real server the tests start.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.smtp_server import SmtpServer, free_port, recipients

OWNERS = [f"owner{n:02d}@example.com" for n in range(12)]


def _run(target: str, home: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DEADLINES_HOME": str(home), "DEADLINES_DB": target}
    return subprocess.Popen(
        [sys.executable, "-m", "deadlines", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_two_hosts_send_each_digest_once(target: str, tmp_path: Path) -> None:
    """Twelve owners each own one window 12-01..12-15, whose 30日 lead stage begins 11-15 (a Sunday: the
    lead stage is counted in calendar days). On 11-15 each owner is due one digest."""
    seed = tmp_path / "seed"
    for n, owner in enumerate(OWNERS):
        add = _run(target, seed, "--today", "2026-11-01", "add", f"年度总结 {n}", "--rule", "每年12月1日至12月15日",
                   "--key", f"k{n}", "--owner", owner)  # fmt: skip
        assert add.wait(timeout=120) == 0, add.communicate()[1]
    server = SmtpServer("none", free_port(), None, None).start()
    try:
        runs = [
            _run(target, tmp_path / f"host{h}", "remind", "--today", "2026-11-15", *server.options()) for h in (1, 2)
        ]
        outcomes = [(run.wait(timeout=300), run.communicate()[1]) for run in runs]
        assert all(code == 0 for code, _ in outcomes), outcomes
        assert recipients(server.messages) == sorted(OWNERS)
        # A third run that day, from either host, has nothing left to send.
        again = _run(target, tmp_path / "host1", "remind", "--today", "2026-11-15", *server.options())
        assert again.wait(timeout=300) == 0 and "没有需要发送的提醒" in again.communicate()[1]
        assert len(server.messages) == len(OWNERS)
    finally:
        server.stop()
