"""Click glue shared by the commands: the workspace decorator, date options, the region option.

The workspace itself (`app/workspace.py`) knows nothing of click; it is
built once in the group callback and passed down with `pass_app`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from click.shell_completion import CompletionItem

from deadlines.app.workspace import Workspace
from deadlines.config import check_region_exists
from deadlines.core.dates import parse_date
from deadlines.core.errors import DeadlinesError
from deadlines.core.i18n import Text
from deadlines.core.validation import check_day, check_region_name


def parse_date_param(value: str, param: str) -> date:
    """A date argument within the calendar's years (2004–2099), or a click usage error that quotes it (exit 2)."""
    try:
        return check_day(parse_date(value), Text("日期", "the date"))
    except DeadlinesError as e:
        raise click.BadParameter(str(e), param_hint=param) from None


def today_option_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    return None if value is None else parse_date_param(value, "--today")


def date_argument_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    name = param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
    return None if value is None else parse_date_param(value, name)


pass_app = click.make_pass_decorator(Workspace)


def region_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A region that exists, or a usage error listing the known ones (exit 2)."""
    if value is None:
        return None
    try:
        return check_region_exists(check_region_name(value))
    except DeadlinesError as e:
        raise click.BadParameter(str(e), param_hint="--region") from None


def region_option(f: Any) -> Any:
    return click.option(
        "--region",
        metavar="KEY",
        shell_complete=complete_regions,
        callback=region_callback,
        help="Regional holiday overlay (a file in calendars/regions/, e.g. guangxi). Default: config.",
    )(f)


def _workspace_for_completion(ctx: click.Context) -> Workspace:
    """While the shell completes a word no command has run: open the workspace the line names (`--db`)."""
    root = ctx.find_root()
    return Workspace.open(db=root.params.get("db"))


def complete_keys(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Obligation keys (with their titles) for the shell to complete."""
    try:
        obligations = _workspace_for_completion(ctx).store.snapshot().obligations
    except (DeadlinesError, OSError):
        return []
    return [
        CompletionItem(key, help=str(record.get("title", "")))
        for key, record in sorted(obligations.items())
        if key.startswith(incomplete)
    ]


def complete_profiles(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    from deadlines import paths

    names = sorted(p.stem for p in paths.shipped("profiles").glob("*.toml"))
    return [CompletionItem(n) for n in names if n.startswith(incomplete)]


def complete_regions(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    from deadlines import paths

    names = sorted(p.stem for p in (paths.shipped("calendars") / "regions").glob("*.json"))
    return [CompletionItem(n) for n in names if n.startswith(incomplete)]
