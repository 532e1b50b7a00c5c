"""`deadlines db`: create, upgrade, copy and compact the database (file or PostgreSQL)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from deadlines.app import index
from deadlines.app.workspace import Workspace
from deadlines.cli.context import pass_app
from deadlines.core.clock import Clock
from deadlines.core.i18n import Text
from deadlines.store import open_store
from deadlines.store.copy import copy_store

if TYPE_CHECKING:
    from deadlines.store import Store
    from deadlines.store.postgres import PostgresStore


def _store(app: Workspace, target: object) -> Store | PostgresStore:
    return open_store(str(target), clock=Clock(today_override=app.today))


@click.group("db")
def command() -> None:
    """Create, upgrade, copy and compact the database.

    \b
    Examples:
      deadlines db init postgresql://deadlines@db.example.com/deadlines
      deadlines db copy --to postgresql://deadlines@db.example.com/deadlines
      deadlines db compact
    """


@command.command("init")
@click.argument("target", metavar="URL_OR_PATH")
@pass_app
def init_cmd(app: Workspace, target: str) -> None:
    """Create the tables of a new database (PostgreSQL URL or file path); an existing one is upgraded.

    \b
    Examples:
      deadlines db init postgresql://deadlines@db.example.com/deadlines
      deadlines db init ~/deadlines/team.json
    """
    store = _store(app, target)
    before, after = store.migrate()
    where = getattr(store, "where", target)
    click.echo(str(Text(f"{where}：结构版本 {before} → {after}", f"{where}: schema {before} → {after}")), err=True)


@command.command("migrate")
@pass_app
def migrate_cmd(app: Workspace) -> None:
    """Upgrade the database in use (--db / DEADLINES_DB) to this version's schema.

    \b
    Examples:
      deadlines db migrate
      deadlines --db postgresql://deadlines@db.example.com/deadlines db migrate
    """
    store = _store(app, app.db_path)
    before, after = store.migrate()
    index.refresh(app)
    click.echo(str(Text(f"结构版本 {before} → {after}", f"schema {before} → {after}")), err=True)


@command.command("copy")
@click.option("--to", "target", required=True, metavar="URL_OR_PATH", help="The new, empty database to copy into.")
@pass_app
def copy_cmd(app: Workspace, target: str) -> None:
    """Copy everything (obligations, completions, audit, send log) into another database, losslessly.

    \b
    Examples:
      deadlines db copy --to postgresql://deadlines@db.example.com/deadlines
      deadlines --db postgresql://deadlines@db.example.com/deadlines db copy --to ./backup.json
    """
    source = _store(app, app.db_path)
    destination = _store(app, target)
    destination.migrate()
    counts = copy_store(source, destination)
    summary = ", ".join(f"{name} {n}" for name, n in counts.items())
    click.echo(str(Text(f"已复制：{summary}", f"copied: {summary}")), err=True)


@command.command("compact")
@pass_app
def compact_cmd(app: Workspace) -> None:
    """Rewrite the send log with one row per reminder and drop unfinished writes' leftovers.

    \b
    Examples:
      deadlines db compact
    """
    before, after = _store(app, app.db_path).compact()
    click.echo(str(Text(f"历史日志 {before} → {after} 字节", f"history logs {before} → {after} bytes")), err=True)
