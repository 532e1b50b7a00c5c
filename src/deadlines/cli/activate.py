"""`deadlines activate`: turn an optional step on when its case arises (or off again)."""

from __future__ import annotations

import click

from deadlines.app import changes
from deadlines.app.workspace import Workspace
from deadlines.cli.context import pass_app


@click.command("activate")
@click.argument("keys", nargs=-1, required=True)
@click.option("--off", is_flag=True, help="Make the optional steps inactive again.")
@pass_app
def activate_cmd(app: Workspace, keys: tuple[str, ...], off: bool) -> None:
    """Activate optional steps (e.g. an extension request when the deadline cannot be met).

    An optional step is shown as 可选 and never reminded or overdue until it
    is activated; then it counts like any other step.

    \b
    Examples:
      deadlines activate national-standards-revision/recommended-extension-request
      deadlines activate hainan-local-standards/extension-request --off
    """
    click.echo(str(changes.activate(app, keys, on=not off).message), err=True)
