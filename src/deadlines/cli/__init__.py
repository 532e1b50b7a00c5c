"""The `deadlines` command line: the group, its shared options, the error boundary.

Commands live in one module per noun (`calc`, `calendar`, …) and stay thin:
parse arguments, call the core, print. Every DeadlinesError is turned into a
one-line message on stderr and its exit code here, in `DeadlinesGroup.invoke`,
and nowhere else. stdout carries data only.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from deadlines import __version__
from deadlines.cli.context import AppContext, today_option_callback
from deadlines.core.errors import DeadlinesError
from deadlines.core.i18n import Lang, language, set_language


class DeadlinesGroup(click.Group):
    """A click group that reports every user error as one line on stderr, with its exit code.

    Our typed errors exit with their own code (1 or 2); click's usage errors
    (a bad option, a bad date argument) exit 2. A traceback is only ever a bug.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except DeadlinesError as e:
            _fail(str(e), e.exit_code)
        except click.UsageError as e:
            where = f" ({e.ctx.command_path} --help)" if e.ctx is not None else ""
            _fail(e.format_message() + where, 2)
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.Abort:
            _fail("aborted", 1)
        except click.ClickException as e:
            _fail(e.format_message(), e.exit_code)
        except BrokenPipeError:
            sys.exit(1)


def _fail(message: str, code: int) -> NoReturn:
    label = "错误" if language() == "zh" else "error"
    click.echo(f"deadlines: {label}: {message}", err=True)
    sys.exit(code)


@click.group(cls=DeadlinesGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    envvar="DEADLINES_TODAY",
    callback=today_option_callback,
    help="Take this date as today (also DEADLINES_TODAY). Default: today in Beijing time.",
)
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="DEADLINES_DB",
    help="Database file to use instead of the one in the data dir.",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Interface language (default from config, else zh).")
@click.version_option(__version__, "--version", prog_name="deadlines")
@click.pass_context
def main(ctx: click.Context, today: date | None, db: Path | None, lang: Lang | None) -> None:
    """Chinese compliance deadlines: working days, 民法典 periods, obligations, reminders.

    With no command, opens the terminal UI on the data dir (or --db).

    \b
    Examples:
      deadlines calc 2026-09-28 10个工作日
      deadlines calc 2026-12-25 "10 working days" --json
      deadlines calendar show 2026-10
      deadlines calendar status
      deadlines locate
    """
    if lang:
        set_language(lang)
    app = AppContext.create(today=today, db=db, lang=lang)
    set_language(app.lang)
    ctx.obj = app
    if ctx.invoked_subcommand is None:
        from deadlines.tui import run

        run(app)


def _register() -> None:
    from deadlines.cli import calc, calendar, config_cmd, doctor, locate, obligations, profile, remind, rule, transfer

    for module in (calc, calendar, locate, rule, profile, doctor, remind, config_cmd):
        main.add_command(module.command)
    for command in obligations.COMMANDS + transfer.COMMANDS:
        main.add_command(command)


_register()
