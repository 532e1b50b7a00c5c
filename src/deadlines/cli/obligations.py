"""Obligation commands: add, edit, rm, restore, list, due, show, done, history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import click
from click.shell_completion import CompletionItem

from deadlines.app import changes
from deadlines.app.due import due
from deadlines.app.workspace import Workspace
from deadlines.cli.context import complete_keys, date_argument_callback, pass_app, region_callback
from deadlines.cli.output import chinese, echo_json, style, table
from deadlines.cli.rule import occurrence_json, print_occurrence
from deadlines.cli.views import format_option, print_items, status_label
from deadlines.core.agenda import STATUS_ORDER, Item
from deadlines.core.calendar import coverage
from deadlines.core.clock import beijing
from deadlines.core.errors import DeadlinesError, InputError
from deadlines.core.i18n import Text, day_label
from deadlines.core.lifecycle import lifecycle_label
from deadlines.core.models import ROLES, Obligation
from deadlines.core.terms import STATUS, change_label, cycle_label
from deadlines.core.urgency import action_order
from deadlines.core.validation import check_cutoff, derived_key
from deadlines.transfer.formats import item_json


def parse_sets(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"「{pair}」应写成 KEY=VALUE。", f"{pair!r} must be KEY=VALUE.")
        out[name.strip()] = value.strip()
    return out


def _obligation_options(f: Any) -> Any:
    options = [
        click.option(
            "--rule", help="Rule text: 每年4月30日前, 培训结束后10个工作日内, 有效期3年, … (see deadlines rule --help)."
        ),
        click.option(
            "--start", metavar="DATE", callback=date_argument_callback, help="Trigger date for a relative rule."
        ),
        click.option(
            "--trigger",
            metavar="NAME|@KEY",
            help="Where the start date comes from instead of --start: a --set parameter, or @KEY for another "
            "obligation's due date (its completion date once done).",
        ),
        click.option("--owner", "owners", multiple=True, metavar="EMAIL", help="Who gets reminders (repeatable)."),
        click.option("--tag", "tags", multiple=True, help="A tag (repeatable)."),
        click.option(
            "--set",
            "sets",
            multiple=True,
            metavar="KEY=VALUE",
            help="A parameter, e.g. training_end=2026-09-30 (repeatable).",
        ),
        click.option(
            "--lead",
            "leads",
            multiple=True,
            metavar="PERIOD",
            help="Lead time for alerts: 30日, 7日, 5个工作日 (repeatable; default 30日 7日 1日).",
        ),
        click.option("--source", help="Citation: document, clause or line."),
        click.option("--concerns", help="Who the obligation concerns."),
        click.option("--notes", help="Free notes."),
        click.option("--cutoff", metavar="HH:MM", help="Business-hours cut-off instead of 24:00."),
        click.option(
            "--region", metavar="KEY", callback=region_callback, help="Regional holiday overlay for this obligation."
        ),
        click.option(
            "--role",
            type=click.Choice(list(ROLES)),
            help="Whose step: duty (ours, the default), authority (the issuing body's), info (policy information).",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@click.command("add")
@click.argument("title")
@click.option("--key", help="A stable key (default: derived from title and rule).")
@_obligation_options
@pass_app
def add_cmd(app: Workspace, title: str, key: str | None, **fields: Any) -> None:
    """Add an obligation.

    \b
    Examples:
      deadlines add 年度标准化工作总结 --rule 每年12月1日至12月15日 --owner li@example.com
      deadlines add 基础学分登记 --rule 培训结束后10个工作日内 --start 2026-09-30 --tag 学分
      deadlines add 领跑者称号复评 --rule 有效期3年 --start 2024-03-15 --key leader-2024 --lead 60日 --lead 10个工作日
      deadlines add 积分审核登记 --rule 收到申请后15个工作日内 --trigger @cas-application
    """
    rule = fields["rule"]
    if not rule:
        raise InputError(
            "缺少 --rule（例如 --rule 每年4月30日前）。", "--rule is required (e.g. --rule 每年4月30日前)."
        )
    given = _given(fields, {})
    ob = Obligation(key=key or derived_key(title, rule), title=title, since=app.today, **given)
    change = changes.add(app, ob)
    click.echo(ob.key)
    click.echo(str(change.message), err=True)


def _given(fields: dict[str, Any], params: Mapping[str, str]) -> dict[str, Any]:
    """The obligation fields the user gave on the command line (lists only when non-empty)."""
    out: dict[str, Any] = {}
    for name in ("rule", "start", "trigger", "source", "concerns", "notes", "region", "role"):
        if fields[name] is not None:
            out[name] = fields[name]
    if fields["cutoff"] is not None:
        out["cutoff"] = check_cutoff(fields["cutoff"])
    for option, name in (("owners", "owners"), ("tags", "tags"), ("leads", "lead_times")):
        if fields[option]:
            out[name] = tuple(fields[option])
    if fields["sets"]:
        out["params"] = {**params, **parse_sets(fields["sets"])}
    return out


@click.command("edit")
@click.argument("key", shell_complete=complete_keys)
@click.option("--title")
@_obligation_options
@pass_app
def edit_cmd(app: Workspace, key: str, title: str | None, **fields: Any) -> None:
    """Change an obligation: only the options given change (lists are replaced).

    \b
    Examples:
      deadlines edit leader-2024 --owner wang@example.com --owner li@example.com
      deadlines edit ob-1a2b3c4d5e --rule 每年5月31日前
    """
    given = _given(fields, app.ledger(keys=[key]).get(key).params)
    if title is not None:
        given["title"] = title
    click.echo(str(changes.edit(app, key, given).message), err=True)


@click.command("rm")
@click.argument("keys", nargs=-1, required=True, shell_complete=complete_keys)
@pass_app
def rm_cmd(app: Workspace, keys: tuple[str, ...]) -> None:
    """Delete obligations (recoverable with `deadlines restore KEY`).

    \b
    Examples:
      deadlines rm ob-1a2b3c4d5e
    """
    changes.delete(app, keys)
    for key in keys:
        click.echo(
            (
                f"已删除 {key}（可用 deadlines restore {key} 恢复）"
                if chinese()
                else f"deleted {key} (deadlines restore {key} brings it back)"
            ),
            err=True,
        )


@click.command("restore")
@click.argument("key", shell_complete=complete_keys)
@pass_app
def restore_cmd(app: Workspace, key: str) -> None:
    """Bring back a deleted obligation.

    \b
    Examples:
      deadlines restore ob-1a2b3c4d5e
    """
    click.echo(str(changes.restore(app, key).message), err=True)


class StatusChoice(click.ParamType):
    """A status by its code (`overdue`) or its name in either language (已逾期, overdue)."""

    name = "status"

    def convert(self, value: str, param: click.Parameter | None, ctx: click.Context | None) -> str:
        wanted = value.strip().casefold()
        for status in STATUS_ORDER:
            text = STATUS[status]
            if wanted in (status, text.zh, text.en.casefold()):
                return status
        names = "、".join(f"{STATUS[s].zh}（{s}）" for s in STATUS_ORDER)
        self.fail(
            str(Text(f"没有状态「{value}」。可用：{names}", f"no status {value!r}. Known: {', '.join(STATUS_ORDER)}"))
        )

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        return [CompletionItem(s, help=STATUS[s].zh) for s in STATUS_ORDER if s.startswith(incomplete)]


def by_urgency(items: list[Item], today: date) -> list[Item]:
    """Most urgent first, whatever the status: overdue by how late, then by the date the action is due."""
    return sorted(items, key=lambda item: action_order(item, today))


def _filters(
    items: list[Item],
    status: tuple[str, ...],
    tags: tuple[str, ...],
    owners: tuple[str, ...],
    profile: str | None,
    roles: tuple[str, ...] = (),
) -> list[Item]:
    out = items
    if status:
        out = [i for i in out if i.status in status]
    if roles:
        out = [i for i in out if i.obligation.role in roles]
    if tags:
        out = [i for i in out if set(tags) & set(i.obligation.tags)]
    if owners:
        out = [i for i in out if set(owners) & set(i.obligation.owners)]
    if profile:
        out = [i for i in out if i.obligation.profile == profile]
    return out


_filter_options = [
    click.option(
        "--status",
        multiple=True,
        type=StatusChoice(),
        help="Only this status, by code or name: overdue/已逾期, due_today/今日到期, … (repeatable).",
    ),
    click.option("--tag", "tags", multiple=True, help="Only obligations with this tag (repeatable)."),
    click.option("--owner", "owners", multiple=True, help="Only obligations of this owner (repeatable)."),
    click.option("--profile", help="Only obligations from this profile."),
    click.option(
        "--role",
        "roles",
        multiple=True,
        type=click.Choice(list(ROLES)),
        help="Only this role: duty (the user's own steps), authority, info (repeatable).",
    ),
]


def filter_options(f: Any) -> Any:
    for option in reversed(_filter_options):
        f = option(f)
    return f


@click.command("list")
@filter_options
@format_option
@pass_app
def list_cmd(app: Workspace, fmt: str, **filters: Any) -> None:
    """All obligations with their current occurrence, most urgent first.

    \b
    Examples:
      deadlines list
      deadlines list --status overdue --status due_today
      deadlines list --role duty
      deadlines list --tag 学分 --format json
      deadlines list --format csv > obligations.csv
    """
    items = _filters(app.ledger().agenda(app.calendar_for, app.today), **filters)
    print_items(by_urgency(items, app.today), app.today, fmt)
    _warn_next_year(app)


@click.command("due")
@click.option(
    "--within", "within", default=30, show_default=True, type=click.IntRange(0, 3650), help="Days ahead to include."
)
@filter_options
@format_option
@pass_app
def due_cmd(app: Workspace, within: int, fmt: str, **filters: Any) -> None:
    """What is overdue or due within DAYS (by the earliest possible date), most urgent first.

    \b
    Examples:
      deadlines due
      deadlines due --within 7 --format json
    """
    print_items(by_urgency(_filters(due(app, within), **filters), app.today), app.today, fmt)
    _warn_next_year(app)


def _warn_next_year(app: Workspace) -> None:
    """From October on, say on stderr when next year's official calendar is missing."""
    warning = coverage(app.sources, app.today).warning()
    if warning is not None:
        click.echo(style(str(warning), fg="yellow"), err=True)


@click.command("show")
@click.argument("key", shell_complete=complete_keys)
@click.option("--count", default=3, show_default=True, type=click.IntRange(1, 50), help="How many occurrences to show.")
@click.option("--json", "as_json", is_flag=True)
@pass_app
def show_cmd(app: Workspace, key: str, count: int, as_json: bool) -> None:
    """One obligation: schedule, next occurrences with explanations, history.

    \b
    Examples:
      deadlines show cas-training-credits/basic-credit-registration
      deadlines show leader-2024 --json
    """
    ledger = app.ledger(keys=[key])
    item = ledger.item(key, app.calendar_for, app.today, explain=True)
    ob = item.obligation
    problem = None
    occs = []
    try:
        occs = ledger.upcoming(item, app.calendar_for, app.today, count)
    except DeadlinesError as e:
        problem = str(e)
    history = ledger.completions_of(key)
    if as_json:
        doc = item_json(item, app.today)
        doc.update(
            notes=ob.notes,
            params=dict(ob.params),
            lead_times=list(ob.leads),
            trigger=ob.trigger,
            occurrences=[occurrence_json(o) for o in occs],
            history=[c.to_record() for c in history],
        )
        echo_json(doc)
        return
    zh = chinese()
    click.echo(f"{ob.title}  [{ob.key}]")
    for label_zh, label_en, value in (
        ("状态", "status", status_label(item.status) + (f"（{item.stage}）" if item.stage else "")),
        ("角色", "role", str(lifecycle_label(ob))),
        ("规则", "rule", ob.rule),
        ("涉及", "concerns", ob.concerns),
        ("出处", "source", ob.source),
        ("负责人", "owners", ", ".join(ob.owners)),
        ("标签", "tags", ", ".join(ob.tags)),
        ("参数", "params", ", ".join(f"{k}={v}" for k, v in ob.params.items())),
        ("提醒", "leads", " ".join(ob.leads)),
        ("备注", "notes", ob.notes),
    ):
        if value:
            click.echo(f"  {label_zh if zh else label_en}：{value}" if zh else f"  {label_en}: {value}")
    if problem or item.problem:
        click.echo(("  问题：" if zh else "  problem: ") + (problem or str(item.problem)))
    click.echo("\n" + ("接下来的期次：" if zh else "Next occurrences:"))
    for occ in occs:
        print_occurrence(occ, indent="  ")
    if history:
        click.echo("\n" + ("完成记录：" if zh else "History:"))
        for c in history:
            late = ("（逾期完成）" if zh else " (late)") if c.late else ""
            click.echo(f"  {c.cycle}  {day_label(c.done_on)}{late}  {c.evidence}  {c.by}")


@click.command("done")
@click.argument("key", shell_complete=complete_keys)
@click.option("--on", "on", metavar="DATE", callback=date_argument_callback, help="Completion date (default today).")
@click.option("--evidence", default="", help="Evidence: a reference number, a file path or a link.")
@pass_app
def done_cmd(app: Workspace, key: str, on: date | None, evidence: str) -> None:
    """Mark the current occurrence of KEY done; recurring ones move to the next.

    \b
    Examples:
      deadlines done leader-2024 --evidence "复评申请 编号 2026-118"
      deadlines done cas-training-credits/application --on 2026-12-03
    """
    change, after = changes.done(app, key, on, evidence)
    click.echo(str(change.message) + ("。" if chinese() else "."), err=True)
    if after.occurrence and after.status != "done":
        click.echo(
            (f"下一期到期 {after.occurrence.due}。" if chinese() else f"next due {after.occurrence.due}."), err=True
        )


@click.command("history")
@click.argument("key", shell_complete=complete_keys)
@click.option("--json", "as_json", is_flag=True)
@pass_app
def history_cmd(app: Workspace, key: str, as_json: bool) -> None:
    """Completions and every recorded change of KEY.

    \b
    Examples:
      deadlines history leader-2024
    """
    ledger = app.ledger(keys=[key])  # this obligation only, deleted or not
    snap = ledger.snapshot
    if key not in snap.obligations and key not in snap.deleted:
        ledger.get(key)  # not found: says so, and how to see them all
    audit = list(snap.audit_of(key))
    completions = [r for r in snap.completions if r.get("key") == key]
    if as_json:
        echo_json({"completions": completions, "audit": audit})
        return
    rows = [[beijing(r.get("at", "")), str(change_label(r.get("action", ""))), r.get("who", "")] for r in audit]
    click.echo(table([str(Text("时间", "at")), str(Text("操作", "action")), str(Text("操作人", "who"))], rows))
    for r in completions:
        late = str(Text("逾期完成 ", "late ")) if r.get("late") else ""
        click.echo(f"{r['done_on']}  {cycle_label(r['occurrence'])}  {late}{r.get('evidence', '')}")
