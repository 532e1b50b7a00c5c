"""Start a real PostgreSQL 15 server for tests and benchmarks, on 127.0.0.1 on a free port, and stop it after.

Debian's `postgresql-15` package puts `initdb` and `pg_ctl` outside PATH;
`dpkg -L` finds them (or `PG_BIN` names the directory). PostgreSQL refuses
to run as root, so as root the server runs as an unprivileged user
(`pgtest`, created if missing). The superuser `postgres` logs in with a
password over TCP.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

PASSWORD = "s3cret-Ω-pw"
RUN_AS = "pgtest"


class ServerError(RuntimeError):
    """The test server could not be started."""


@dataclass(frozen=True)
class Server:
    port: int
    stop: Callable[[], object] = field(compare=False, repr=False)
    """Stop the server now (a test of what clients do when it goes away); stopping again does nothing."""

    def url(self, dbname: str, password: str = PASSWORD) -> str:
        return f"postgresql://postgres:{password}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self, name: str) -> str:
        """Create an empty database; its URL."""
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _bin_dir() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = subprocess.run(["dpkg", "-L", "postgresql-15"], capture_output=True, text=True)
    initdb = next((line for line in found.stdout.splitlines() if line.endswith("/bin/initdb")), None)
    if initdb is None:
        raise ServerError("PostgreSQL 15 is not installed: apt-get install -y postgresql (or set PG_BIN)")
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


@contextmanager
def running_server() -> Iterator[Server]:
    """A fresh server in a temp dir; raises `ServerError` when it cannot be started."""
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
    if done.returncode != 0:
        raise ServerError(f"initdb failed: {done.stderr}")
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
    start = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", options, "-w", "start"]
    done = subprocess.run(run(start), capture_output=True, text=True)
    if done.returncode != 0:
        raise ServerError(f"pg_ctl start failed: {done.stderr}\n{(root / 'log').read_text(errors='replace')}")
    stop = [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
    try:
        yield Server(port, lambda: subprocess.run(run(stop), capture_output=True))
    finally:
        subprocess.run(run(stop), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
