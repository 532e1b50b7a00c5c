"""`deadlines config`: show the settings in force, set one, or print where the file is."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import click

from deadlines import config, paths
from deadlines.app import index
from deadlines.app.workspace import Workspace
from deadlines.cli.context import pass_app
from deadlines.cli.output import chinese, echo_json
from deadlines.core.errors import DeadlinesError
from deadlines.core.i18n import Text


@click.group("config")
def command() -> None:
    """Settings in config.toml (language, region, SMTP for reminders, escalation).

    The SMTP password is never stored: it comes from DEADLINES_SMTP_PASSWORD
    or from the output of smtp.password_command.

    \b
    Examples:
      deadlines config show
      deadlines config set smtp.host smtp.qq.com
      deadlines config set smtp.from '合规提醒 <compliance@example.com>'
      deadlines config set smtp.password_command 'pass show mail/smtp'
      deadlines config path
    """


@command.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print JSON {key: {value, default, set, help}}.")
@pass_app
def show_cmd(app: Workspace, as_json: bool) -> None:
    """Every setting with its value in force and what it does; * marks the ones set in the file.

    \b
    Examples:
      deadlines config show
      deadlines config show --json
    """
    values = app.settings.values
    if as_json:
        echo_json(
            {
                s.key: {
                    "value": json.loads(config.shown(s.key, app.settings[s.key])),
                    "default": s.default,
                    "set": s.key in values,
                    "help": s.help,
                }
                for s in config.SETTINGS
            }
        )
        return
    for s in config.SETTINGS:
        mark = "*" if s.key in values else " "
        click.echo(f"{mark} {s.key} = {config.shown(s.key, app.settings[s.key])}\n      {s.help}")
    have = bool(os.environ.get(config.PASSWORD_ENV))
    state = ("已设置" if have else "未设置") if chinese() else ("set" if have else "not set")
    click.echo(f"  {config.PASSWORD_ENV}: {state}")


@command.command("set")
@click.argument("key")
@click.argument("value")
@pass_app
def set_cmd(app: Workspace, key: str, value: str) -> None:
    """Set KEY to VALUE in config.toml (checked first; the file is replaced atomically).

    \b
    Examples:
      deadlines config set lang en
      deadlines config set smtp.security starttls
      deadlines config set smtp.port 587
      deadlines config set remind.escalation boss@example.com
      deadlines config set remind.admin it@example.com
      deadlines config set remind.escalate_after_days 14
    """
    where = Text("命令行", "the command line")
    updated = app.settings.with_value(key, config.parse_value(key, value, where))
    target = paths.config_file()
    try:
        config.save(target, updated)
    except OSError as error:
        why = error.strerror or str(error)
        raise DeadlinesError(
            f"无法写入配置文件 {target}（{why}）：所在目录可写吗？原文件未被改动。",
            f"cannot write the config file {target} ({why}): is its directory writable? The file was left as it was.",
        ) from None
    if key == "region":  # the working days change: the next-action dates are computed again on the new ones
        index.refresh(replace(app, settings=updated, _calendars={}))


@command.command("path")
def path_cmd() -> None:
    """Print the path of config.toml (it may not exist yet).

    \b
    Examples:
      deadlines config path
      ${EDITOR:-vi} "$(deadlines config path)"
    """
    click.echo(str(paths.config_file()))
