"""Click glue shared by the commands: the workspace decorator, date options, the region option.

The workspace itself (`app/workspace.py`) knows nothing of click; it is
built once in the group callback and passed down with `pass_app`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import click

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
    return None if value is None else parse_date_param(value, param.human_readable_name)


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
        callback=region_callback,
        help="Regional holiday overlay (a file in calendars/regions/, e.g. guangxi). Default: config.",
    )(f)
