"""Fixtures for the store tests: a real PostgreSQL 15 server (see `pgserver`), a fresh database per test, and
every behavioural test run on both backends. A test that cannot start the server fails: it is never skipped."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from deadlines.store import Store, open_store
from tests.store.pgserver import Server, ServerError, running_server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """One server per test session (per xdist worker); a test that needs it and cannot start it fails."""
    try:
        with running_server() as server:
            yield server
    except ServerError as error:
        pytest.fail(str(error), pytrace=False)


_numbers = itertools.count()


@pytest.fixture
def pg_url(pg_server: Server) -> str:
    """A new, empty database on the test server, initialised by `db init`'s code: its URL (with the password)."""
    url = pg_server.new_database(f"t{os.getpid()}_{next(_numbers)}")
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
