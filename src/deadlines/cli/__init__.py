"""The `deadlines` command line: the group, its shared options, the error boundary.

Commands live in one module per noun (`calc`, `calendar`, …), loaded when used, and stay thin:
parse arguments, call the core, print. Every DeadlinesError is turned into a
one-line message on stderr and its exit code here, in `DeadlinesGroup.main`,
and nowhere else. stdout carries data only.
"""

from __future__ import annotations

import importlib
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from deadlines import __version__
from deadlines.cli.context import AppContext, today_option_callback
from deadlines.core.errors import DeadlinesError
from deadlines.core.i18n import Lang, language, set_language

COMMANDS: dict[str, tuple[str, str]] = {
    "calc": ("calc", "command"),
    "rule": ("rule", "command"),
    "calendar": ("calendar", "command"),
    "add": ("obligations", "add_cmd"),
    "edit": ("obligations", "edit_cmd"),
    "rm": ("obligations", "rm_cmd"),
    "restore": ("obligations", "restore_cmd"),
    "list": ("obligations", "list_cmd"),
    "due": ("obligations", "due_cmd"),
    "show": ("obligations", "show_cmd"),
    "done": ("obligations", "done_cmd"),
    "history": ("obligations", "history_cmd"),
    "profile": ("profile", "command"),
    "import": ("transfer", "import_cmd"),
    "export": ("transfer", "export_cmd"),
    "remind": ("remind", "command"),
    "config": ("config_cmd", "command"),
    "doctor": ("doctor", "command"),
    "db": ("db", "command"),
    "locate": ("locate", "command"),
}
"""Each command's module and attribute: a module is imported only when its command runs,
so `deadlines due` from cron does not pay for SMTP, XLSX or the TUI."""


class DeadlinesGroup(click.Group):
    """A click group that loads commands lazily and reports every user error as one line
    on stderr, with its exit code.

    Our typed errors exit with their own code (1 or 2); click's usage errors
    (a bad option, a bad date argument) exit 2. A traceback is only ever a bug.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module, attribute = spec
        command: click.Command = getattr(importlib.import_module(f"deadlines.cli.{module}"), attribute)
        return command

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
