"""`deadlines activate`: turn an optional step on when its case arises (or off again)."""

from __future__ import annotations

import click

from deadlines.app.workspace import Workspace
from deadlines.cli.context import pass_app
from deadlines.cli.output import chinese
from deadlines.core.errors import InputError


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
    ledger = app.ledger()
    obligations = [ledger.get(key) for key in keys]
    for ob in obligations:
        if not ob.optional:
            raise InputError(
                f"{ob.key} 不是可选环节，始终有效；无需启用。",
                f"{ob.key} is not an optional step: it always applies, there is nothing to activate.",
            )
    with app.store.transaction() as tx:
        for ob in obligations:
            tx.update_obligation(ob.key, {"active": not off})
    for ob in obligations:
        if chinese():
            click.echo(f"{'已停用' if off else '已启用'} {ob.key}", err=True)
        else:
            click.echo(f"{'deactivated' if off else 'activated'} {ob.key}", err=True)
