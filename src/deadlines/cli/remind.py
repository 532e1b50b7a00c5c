"""`deadlines remind`: mail each owner one digest of what needs attention today, from cron.

Parses the options and prints; the run itself is `app.reminders.run`.
"""

from __future__ import annotations

from datetime import date

import click

from deadlines.app import reminders
from deadlines.app.workspace import Workspace
from deadlines.cli.context import pass_app, today_option_callback
from deadlines.core.i18n import Text


def _say(text: Text) -> None:
    click.echo(f"deadlines remind: {text}", err=True)


@click.command("remind")
@click.option("--dry-run", is_flag=True, help="Print the mails that would be sent (stdout); send and record nothing.")
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    callback=today_option_callback,
    help="Take this date as today (like the global --today), e.g. to send a catch-up or to test.",
)
@click.option("--smtp-host", metavar="HOST", help="SMTP server (config smtp.host).")
@click.option("--smtp-port", type=click.IntRange(1, 65535), help="SMTP port (config smtp.port).")
@click.option(
    "--smtp-security", type=click.Choice(["ssl", "starttls", "none"]), help="ssl, starttls or none (smtp.security)."
)
@click.option("--smtp-user", metavar="USER", help="Login name (smtp.user); password from DEADLINES_SMTP_PASSWORD.")
@click.option("--from", "sender", metavar="ADDRESS", help="Sender address (smtp.from).")
@click.option(
    "--smtp-cafile",
    type=click.Path(exists=True, dir_okay=False),
    help="Trust this CA/self-signed certificate (PEM), e.g. a local test server's (smtp.cafile).",
)
@pass_app
def command(
    app: Workspace,
    dry_run: bool,
    today: date | None,
    smtp_host: str | None,
    smtp_port: int | None,
    smtp_security: str | None,
    smtp_user: str | None,
    sender: str | None,
    smtp_cafile: str | None,
) -> None:
    """Mail each owner one digest: overdue, due today, lead-time stages, windows opening.

    Run it from cron once a day (or more: a reminder is never sent twice).
    Days the job did not run are caught up, marked late; a failed delivery is
    retried on the next run. Exit 0: delivered, or nothing to send; 1: a
    delivery failed or an owner address is malformed (reasons on stderr);
    2: usage or configuration error.

    \b
    Examples:
      deadlines remind --dry-run
      deadlines remind
      deadlines remind --today 2026-12-01 --dry-run
      deadlines remind --smtp-host smtp.qq.com --smtp-security ssl --smtp-user me@qq.com --from me@qq.com
      deadlines config set smtp.host smtp.163.com
    """
    if today is not None:
        app = app.on(today)
    smtp = reminders.smtp_settings(
        app,
        {
            "smtp.host": smtp_host,
            "smtp.port": smtp_port,
            "smtp.security": smtp_security,
            "smtp.user": smtp_user,
            "smtp.from": sender,
            "smtp.cafile": smtp_cafile,
        },
    )
    outcome = reminders.run(app, smtp, dry_run=dry_run, say=_say)
    for text in outcome.previews:
        click.echo(text)
    if outcome.locked_out:
        return
    for note in reminders.notes(outcome, dry_run=dry_run):
        _say(note)
    reminders.check(outcome)
