"""Choosing the backend: `open_store` turns `--db` / `DEADLINES_DB` / `store.url` into a store.

A path is the embedded file; a `postgresql://` (or `postgres://`) URL is
PostgreSQL. Nothing above the store needs to know which one it got.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from deadlines.core.clock import Clock
from deadlines.core.errors import InputError
from deadlines.store.embedded import Store

if TYPE_CHECKING:
    from deadlines.store.postgres import PostgresStore

_URL = re.compile(r"^postgres(?:ql)?:/+", re.IGNORECASE)


def is_url(target: str | Path) -> bool:
    return bool(_URL.match(str(target)))


def open_store(
    target: str | Path,
    *,
    clock: Clock | None = None,
    who: str | None = None,
    lock_timeout: float = 10.0,
    password_command: str | None = None,
) -> Store | "PostgresStore":
    """The store at `target`: a file path, or a PostgreSQL URL. Connects to nothing and creates nothing yet."""
    text = str(target)
    if is_url(text):
        # A URL that went through pathlib lost one slash of "//" (postgresql:/host/db): put it back.
        url = _URL.sub(lambda m: m.group(0).rstrip("/") + "//", text, count=1)
        from deadlines.store.postgres import PostgresStore  # psycopg only when a server is used

        return PostgresStore(url, clock=clock, who=who, lock_timeout=lock_timeout, password_command=password_command)
    if "://" in text:
        raise InputError(
            f"不支持的数据库地址 {text}：请给出文件路径，或 postgresql://用户@主机/数据库。",
            f"unsupported database address {text}: give a file path, or postgresql://user@host/db.",
        )
    return Store(Path(target), clock=clock, who=who, lock_timeout=lock_timeout)
