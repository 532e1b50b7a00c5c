"""A real PostgreSQL 15 server for the store tests, started here and stopped afterwards.

Debian's `postgresql-15` package puts `initdb` and `pg_ctl` outside PATH;
`dpkg -L` finds them (or `PG_BIN` names the directory). PostgreSQL refuses
to run as root, so as root the server runs as an unprivileged user
(`pgtest`, created if missing). It listens on 127.0.0.1 on a free port;
the superuser `postgres` logs in with a password over TCP. A test that
cannot start the server fails: it is never skipped.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from deadlines.store import Store, open_store

PASSWORD = "s3cret-Ω-pw"
RUN_AS = "pgtest"


@dataclass(frozen=True)
class Server:
    port: int

    def url(self, dbname: str, password: str = PASSWORD) -> str:
        return f"postgresql://postgres:{password}@127.0.0.1:{self.port}/{dbname}"


def _bin_dir() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = subprocess.run(["dpkg", "-L", "postgresql-15"], capture_output=True, text=True)
    initdb = next((line for line in found.stdout.splitlines() if line.endswith("/bin/initdb")), None)
    if initdb is None:
        pytest.fail("PostgreSQL 15 is not installed: apt-get install -y postgresql (or set PG_BIN)", pytrace=False)
    return Path(initdb).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ensure_server_user() -> None:
    try:
        pwd.getpwnam(RUN_AS)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", RUN_AS], check=True)


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", RUN_AS, "--", *command] if os.geteuid() == 0 else command


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    bindir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="deadlines-pg-"))
    data, pwfile = root / "data", root / "pw"
    pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
    if os.geteuid() == 0:
        _ensure_server_user()
        shutil.chown(root, RUN_AS)
        shutil.chown(pwfile, RUN_AS)
    port = _free_port()
    run = _as_server_user
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--pwfile", str(pwfile)]
    initdb += ["--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"]
    done = subprocess.run(run(initdb), capture_output=True, text=True)
    assert done.returncode == 0, f"initdb failed: {done.stderr}"
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
    start = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", options, "-w", "start"]
    done = subprocess.run(run(start), capture_output=True, text=True)
    assert done.returncode == 0, f"pg_ctl start failed: {done.stderr}\n{(root / 'log').read_text(errors='replace')}"
    try:
        yield Server(port)
    finally:
        subprocess.run(run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


_numbers = itertools.count()


@pytest.fixture
def pg_url(pg_server: Server) -> str:
    """A new, empty database on the test server, initialised by `db init`'s code: its URL (with the password)."""
    name = f"t{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pg_server.url(name)
    open_store(url).migrate()  # type: ignore[union-attr]
    return url


@pytest.fixture(params=["file", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store lives, for each backend: a file path, or a PostgreSQL URL."""
    if request.param == "file":
        return str(tmp_path / "db.json")
    return str(request.getfixturevalue("pg_url"))


StoreFactory = Callable[..., Store]


@pytest.fixture
def make(target: str) -> StoreFactory:
    """`make(who=…)`: a new store object over the test's database (as another process would open it)."""

    def build(**options: object) -> Store:
        return open_store(target, **options)  # type: ignore[arg-type,return-value]

    return build


from tests.unit.conftest import english  # noqa: E402, F401  (messages matched in English)
