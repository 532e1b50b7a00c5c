"""`deadlines locate`: print where the database, config and data files are."""

from __future__ import annotations

import click

from deadlines import paths
from deadlines.app.workspace import Workspace
from deadlines.cli.context import pass_app


@click.command("locate")
@click.argument(
    "what", required=False, type=click.Choice(["db", "data", "config", "calendars", "profiles", "user-calendars"])
)
@pass_app
def command(app: Workspace, what: str | None) -> None:
    """Print the paths the tool uses (all of them, or just WHAT).

    \b
    Examples:
      deadlines locate
      deadlines locate db
    """
    found = {
        "db": app.db_path,
        "data": paths.data_dir(),
        "config": paths.config_file(),
        "calendars": paths.shipped("calendars"),
        "profiles": paths.shipped("profiles"),
        "user-calendars": paths.user_calendar_dir(),
    }
    if what:
        click.echo(str(found[what]))
        return
    for key, path in found.items():
        click.echo(f"{key}\t{path}")
