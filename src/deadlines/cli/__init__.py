"""The `deadlines` command line: the group, its shared options, the error boundary.

Commands live in one module per noun (`calc`, `calendar`, …), loaded when used, and stay thin:
parse arguments, call the core, print. Every DeadlinesError is turned into a
one-line message on stderr and its exit code here, in `DeadlinesGroup.main`,
and nowhere else. stdout carries data only.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from deadlines import __version__
from deadlines.app.workspace import Workspace
from deadlines.cli.context import today_option_callback
from deadlines.cli.help_zh import localize
from deadlines.cli.usage import hoist_global_options, suggestion, translated
from deadlines.core.errors import DeadlinesError
from deadlines.core.i18n import Lang, Text, language, set_language
from deadlines.store.factory import is_url

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
    "activate": ("activate", "activate_cmd"),
    "history": ("obligations", "history_cmd"),
    "profile": ("profile", "command"),
    "import": ("transfer", "import_cmd"),
    "export": ("transfer", "export_cmd"),
    "remind": ("remind", "command"),
    "notify": ("notify", "command"),
    "report": ("report", "command"),
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

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            close = suggestion(name, COMMANDS)
            hint = f" (Did you mean '{close}'?)" if close else ""
            raise click.UsageError(f"No such command '{name}'.{hint}", ctx)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module, attribute = spec
        command: click.Command = getattr(importlib.import_module(f"deadlines.cli.{module}"), attribute)
        localize(command, f"deadlines {cmd_name}")
        return command

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        args = hoist_global_options(sys.argv[1:] if args is None else args, COMMANDS)
        try:
            return super().main(args, *rest, **kwargs)
        except DeadlinesError as e:
            _fail(str(e), e.exit_code)
        except click.UsageError as e:
            path = e.ctx.command_path if e.ctx is not None else ""
            where = str(Text(f"（{path} --help）", f" ({path} --help)")) if path else ""
            _fail(str(translated(e.format_message())) + where, 2)
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.Abort:
            _fail("aborted", 1)
        except click.ClickException as e:
            _fail(e.format_message(), e.exit_code)
        except BrokenPipeError:
            _stdout_gone()
            sys.exit(1)
        except OSError as e:  # stdout on a full device, or a file the command could not reach
            _stdout_gone()
            why = f"{e.filename}: {e.strerror}" if e.filename else e.strerror or str(e)
            _fail(f"读写失败（{why}）。" if language() == "zh" else f"cannot read or write ({why}).", 1)


def _stdout_gone() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what could not be written stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer): nothing to flush
        pass


def _regular_file(target: str | None) -> str | None:
    """`--db` names a server URL, a regular file or nothing yet: a FIFO or a device would hang or be replaced
    (exit 2)."""
    path = Path(target) if target and not is_url(target) else None
    if path is not None and path.exists() and not path.is_file():
        raise click.BadParameter(
            f"{path} 不是普通文件：数据库须是普通文件。" if language() == "zh" else f"{path} is not a regular file.",
            param_hint="--db",
        )
    return target


def _lang_now(ctx: click.Context, param: click.Parameter, value: Lang | None) -> Lang | None:
    """`--lang` takes effect while the line is parsed, so usage errors are already in that language."""
    if value:
        set_language(value)
    return value


def _fail(message: str, code: int) -> NoReturn:
    label = "错误" if language() == "zh" else "error"
    one_line = message.replace("\r", "\\r").replace("\n", "\\n")  # a value with a newline stays on the line
    click.echo(f"deadlines: {label}: {one_line}", err=True)
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
    metavar="PATH|URL",
    callback=lambda ctx, param, value: _regular_file(value),
    envvar="DEADLINES_DB",
    help="Database: a file instead of the one in the data dir, or postgresql://user@host/db (also DEADLINES_DB).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    is_eager=True,
    callback=_lang_now,
    help="Interface language (default from config, else zh).",
)
@click.version_option(__version__, "--version", prog_name="deadlines")
@click.pass_context
def main(ctx: click.Context, today: date | None, db: str | None, lang: Lang | None) -> None:
    """Chinese compliance deadlines: working days, 民法典 periods, obligations, reminders.

    With no command, opens the terminal UI on the data dir (or --db).

    \b
    Examples:
      deadlines                                  # the terminal UI: apply a profile (p), add (a)
      deadlines profile list
      deadlines profile apply leader-jiangsu --set list_published=2026-03-15
      deadlines due --within 30
      deadlines calc 2026-09-28 10个工作日
    """
    app = Workspace.open(today=today, db=db, lang=lang)
    set_language(app.lang)
    ctx.obj = app
    if ctx.invoked_subcommand is None:
        from deadlines.tui import run

        run(app)


localize(main, "deadlines")
