"""`deadlines notify`: check a group robot (企业微信, 钉钉, 飞书) by sending it one test message."""

from __future__ import annotations

import click

from deadlines.app import channels
from deadlines.app.workspace import Workspace
from deadlines.cli.context import pass_app
from deadlines.cli.output import echo_json
from deadlines.core.i18n import Text


@click.group("notify")
def command() -> None:
    """Group robots that get the reminders: 企业微信 (wecom), 钉钉 (dingtalk), 飞书 (feishu).

    Set a group with `deadlines config set notify.wecom URL` (and
    notify.dingtalk + notify.dingtalk_secret, notify.feishu +
    notify.feishu_secret); `deadlines remind` then posts each day's digest
    there too. Routing to other groups by owner, tag or profile, and who to
    @-mention, are the [notify.routes.NAME] and [notify.people."ADDRESS"]
    tables in config.toml (see the README).

    \b
    Examples:
      deadlines config set notify.dingtalk 'https://oapi.dingtalk.com/robot/send?access_token=…'
      deadlines config set notify.dingtalk_secret SEC…
      deadlines notify test dingtalk
    """


@command.command("test")
@click.argument("channel", type=click.Choice(["wecom", "dingtalk", "feishu"]))
@click.option("--route", metavar="NAME", help="The group of the route [notify.routes.NAME] instead of the default one.")
@pass_app
def test_cmd(app: Workspace, channel: str, route: str | None) -> None:
    """Send one test message to CHANNEL's default group and print the service's answer (JSON).

    Exit 0: the service took it; 1: it refused it (its errcode on stderr);
    2: the channel is not configured.

    \b
    Examples:
      deadlines notify test wecom
      deadlines notify test feishu
      deadlines notify test wecom --route quality
    """
    robot, reply = channels.test(app, channel, route)  # type: ignore[arg-type]
    click.echo(
        f"deadlines notify: {Text(f'{robot.label.zh} 已收下测试消息。', f'{robot.label.en} took the test message.')}",
        err=True,
    )
    echo_json(reply)
