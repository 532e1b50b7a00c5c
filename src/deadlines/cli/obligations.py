"""Obligation commands: add, edit, rm, restore, list, due, show, done, history."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

import click

from deadlines.app.workspace import Workspace
from deadlines.cli.context import date_argument_callback, pass_app
from deadlines.cli.output import chinese, echo_json, style, table
from deadlines.cli.rule import occurrence_json, print_occurrence
from deadlines.cli.views import format_option, print_items, status_label
from deadlines.core.agenda import QUIET, STATUS_ORDER, Item, current_item, occurrences_of
from deadlines.core.calendar import coverage
from deadlines.core.errors import DeadlinesError, InputError
from deadlines.core.i18n import day_label
from deadlines.core.lifecycle import lifecycle_label
from deadlines.core.models import ROLES, Completion, Obligation
from deadlines.core.validation import check_cutoff, derived_key, validate
from deadlines.store.ledger import completion_record
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
        click.option("--region", metavar="KEY", help="Regional holiday overlay for this obligation."),
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
        raise click.UsageError("--rule is required (e.g. --rule 每年4月30日前)")
    given = _given(app, fields, {})
    ob = validate(Obligation(key=key or derived_key(title, rule), title=title, since=app.today, **given))
    app.store.add_obligation(ob.to_record())
    item = current_item(ob, {}, app.calendar_for(ob.region), app.today, trigger=ob.start)
    due = item.occurrence.due.isoformat() if item.occurrence else "-"
    click.echo(ob.key)
    click.echo((f"已添加「{title}」，下次到期 {due}。" if chinese() else f"added {title!r}, next due {due}."), err=True)


def _given(app: Workspace, fields: dict[str, Any], params: Mapping[str, str]) -> dict[str, Any]:
    """The obligation fields the user gave on the command line (lists only when non-empty)."""
    out: dict[str, Any] = {}
    for name in ("rule", "start", "trigger", "source", "concerns", "notes", "region"):
        if fields[name] is not None:
            out[name] = fields[name]
    if fields["cutoff"] is not None:
        out["cutoff"] = check_cutoff(fields["cutoff"])
    for option, name in (("owners", "owners"), ("tags", "tags"), ("leads", "lead_times")):
        if fields[option]:
            out[name] = tuple(fields[option])
    if fields["sets"]:
        out["params"] = {**params, **parse_sets(fields["sets"])}
    if out.get("region"):
        app.region(out["region"])
    return out


@click.command("edit")
@click.argument("key")
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
    ob = app.ledger().get(key)
    changes = _given(app, fields, ob.params)
    if title is not None:
        changes["title"] = title
    if not changes:
        raise click.UsageError("nothing to change: give at least one option")
    record = validate(replace(ob, **changes)).to_record()
    app.store.update_obligation(key, {k: record[k] for k in record if k != "key"})
    click.echo(("已更新 " if chinese() else "updated ") + key, err=True)


@click.command("rm")
@click.argument("keys", nargs=-1, required=True)
@pass_app
def rm_cmd(app: Workspace, keys: tuple[str, ...]) -> None:
    """Delete obligations (recoverable with `deadlines restore KEY`).

    \b
    Examples:
      deadlines rm ob-1a2b3c4d5e
    """
    ledger = app.ledger()
    for key in keys:
        ledger.get(key)
    with app.store.transaction() as tx:
        for key in keys:
            tx.delete_obligation(key)
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
@click.argument("key")
@pass_app
def restore_cmd(app: Workspace, key: str) -> None:
    """Bring back a deleted obligation.

    \b
    Examples:
      deadlines restore ob-1a2b3c4d5e
    """
    app.store.restore_obligation(key)
    click.echo(("已恢复 " if chinese() else "restored ") + key, err=True)


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
        "--status", multiple=True, type=click.Choice(list(STATUS_ORDER)), help="Only this status (repeatable)."
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
    print_items(items, app.today, fmt)
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
    items = app.ledger().agenda(app.calendar_for, app.today)
    horizon = app.today.toordinal() + within
    selected = [
        i
        for i in items
        if i.occurrence is not None
        and i.status not in QUIET
        and (i.status == "overdue" or (i.occurrence.earliest or i.occurrence.due).toordinal() <= horizon)
    ]
    print_items(_filters(selected, **filters), app.today, fmt)
    _warn_next_year(app)


def _warn_next_year(app: Workspace) -> None:
    """From October on, say on stderr when next year's official calendar is missing."""
    warning = coverage(app.sources, app.today).warning()
    if warning is not None:
        click.echo(style(str(warning), fg="yellow"), err=True)


@click.command("show")
@click.argument("key")
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
    ledger = app.ledger()
    ob = ledger.get(key)
    cal = app.calendar_for(ob.region)
    trigger = ledger.trigger_of(ob, app.calendar_for, app.today)
    done = {c.cycle: c for c in ledger.completions_of(key)}
    item = current_item(ob, done, cal, app.today, trigger=trigger, explain=True)
    problem = None
    occs = []
    try:
        occs = occurrences_of(
            ob,
            cal,
            item.occurrence.due if item.occurrence and item.status != "done" else app.today,
            count,
            trigger=trigger,
            completions={c: d.done_on for c, d in done.items()},
        )
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
@click.argument("key")
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
    ledger = app.ledger()
    ob = ledger.get(key)
    done = {c.cycle: c for c in ledger.completions_of(key)}
    trigger = ledger.trigger_of(ob, app.calendar_for, app.today)
    item = current_item(ob, done, app.calendar_for(ob.region), app.today, trigger=trigger)
    if item.status == "invalid" or item.occurrence is None:
        raise InputError(f"「{key}」无法标记完成：{item.problem}", f"{key!r} cannot be marked done: {item.problem}")
    if item.status == "done":
        raise InputError(f"「{key}」已完成（{item.done.done_on if item.done else ''}）。", f"{key!r} is already done.")
    on = on or app.today
    record = completion_record(item, on, evidence, app.store.who, app.clock.stamp())
    app.store.add_completion(record)
    occ = item.occurrence
    late = record["late"]
    msg_zh = f"已完成 {key} 的 {occ.cycle} 期（到期 {occ.due}）{'，逾期完成' if late else ''}。"
    msg_en = f"done: {key}, cycle {occ.cycle} (due {occ.due}){', late' if late else ''}."
    click.echo(msg_zh if chinese() else msg_en, err=True)
    after = current_item(
        ob, {**done, occ.cycle: Completion.from_record(record)}, app.calendar_for(ob.region), app.today, trigger=trigger
    )
    if after.occurrence and after.status != "done":
        click.echo(
            (f"下一期到期 {after.occurrence.due}。" if chinese() else f"next due {after.occurrence.due}."), err=True
        )


@click.command("history")
@click.argument("key")
@click.option("--json", "as_json", is_flag=True)
@pass_app
def history_cmd(app: Workspace, key: str, as_json: bool) -> None:
    """Completions and every recorded change of KEY.

    \b
    Examples:
      deadlines history leader-2024
    """
    store = app.store
    snap = store.snapshot()
    if key not in snap.obligations and key not in snap.deleted:
        app.ledger().get(key)
    audit = [r for r in snap.audit if r.get("key") == key]
    completions = [r for r in snap.completions if r.get("key") == key]
    if as_json:
        echo_json({"completions": completions, "audit": audit})
        return
    rows = [[r.get("at", ""), r.get("action", ""), r.get("who", "")] for r in audit]
    click.echo(table(["时间", "操作", "操作人"] if chinese() else ["at", "action", "who"], rows))
    for r in completions:
        click.echo(f"{r['done_on']}  {r['occurrence']}  {'late ' if r.get('late') else ''}{r.get('evidence', '')}")
