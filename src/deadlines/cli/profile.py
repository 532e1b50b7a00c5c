"""`deadlines profile`: list, show and apply the obligation templates in `profiles/`."""

from __future__ import annotations

import click

from deadlines import paths
from deadlines.app import changes, profiles
from deadlines.app.workspace import Workspace
from deadlines.cli.context import complete_profiles, pass_app
from deadlines.cli.obligations import parse_sets
from deadlines.cli.output import chinese, echo_json, table
from deadlines.core.agenda import build_agenda
from deadlines.core.errors import DeadlinesError, InputError, ProfileError
from deadlines.core.profiles import find_profile, instantiate, keep_activation, lapsed, load_profiles
from deadlines.core.terms import ROLE, STATUS
from deadlines.core.validation import check_email, validate
from deadlines.transfer.duplicates import line


@click.group("profile")
def command() -> None:
    """Obligation templates drawn from the policy documents.

    \b
    Examples:
      deadlines profile list
      deadlines profile show cas-training-credits
      deadlines profile apply cas-training-credits --set training_end=2026-09-30 --dry-run
    """


@command.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_cmd(as_json: bool) -> None:
    """Every profile, with its document and how many obligations it has.

    \b
    Examples:
      deadlines profile list
      deadlines profile list --json
    """
    profiles = load_profiles(paths.shipped("profiles"))
    if as_json:
        echo_json(
            [
                {
                    "name": p.name,
                    "title": p.title,
                    "document": p.document,
                    "issuer": p.issuer,
                    "until": p.until.isoformat() if p.until else None,
                    "obligations": len(p.obligations),
                    "params": [
                        {"key": q.key, "label": q.label, "type": q.type, "optional": q.optional, "default": q.default}
                        for q in p.params
                    ],
                }
                for p in profiles.values()
            ]
        )
        return
    rows = [[p.name, str(len(p.obligations)), p.title] for p in profiles.values()]
    click.echo(table(["档案", "义务数", "标题"] if chinese() else ["profile", "obligations", "title"], rows))


@command.command("show")
@click.argument("name", shell_complete=complete_profiles)
def show_cmd(name: str) -> None:
    """A profile's document, parameters and obligations with their sources.

    \b
    Examples:
      deadlines profile show cas-training-credits
    """
    p = find_profile(paths.shipped("profiles"), name)
    click.echo(f"{p.title}\n  {p.document}" + (f"\n  {p.summary}" if p.summary else ""))
    if p.until:
        click.echo(f"  {'政策有效期至' if chinese() else 'in force until'} {p.until.isoformat()}")
    if p.params:
        click.echo("\n" + ("参数（--set KEY=VALUE）：" if chinese() else "Parameters (--set KEY=VALUE):"))
        for q in p.params:
            extra = f" [{'可选' if chinese() else 'optional'}]" if q.optional else ""
            default = f" = {q.default}" if q.default else ""
            click.echo(f"  {q.key} ({q.type}){default}{extra}  {q.label}  {q.help}")
    click.echo("\n" + ("义务：" if chinese() else "Obligations:"))
    for t in p.obligations:
        trig = f"  ← {t.trigger}" if t.trigger else ""
        kind = str(ROLE[t.role])
        if t.optional:
            kind += "，可选" if chinese() else ", optional"
        click.echo(f"  {t.key}  [{kind}]  {t.title}\n      {t.rule}{trig}\n      {t.source}")


@command.command("apply")
@click.argument("name", shell_complete=complete_profiles)
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="A parameter value (repeatable).")
@click.option("--as", "instance", metavar="NAME", help="Apply again as a separate instance (e.g. a second training).")
@click.option("--owner", "owners", multiple=True, metavar="EMAIL", help="Owner for every obligation (repeatable).")
@click.option("--dry-run", is_flag=True, help="Show what would be added and write nothing.")
@click.option(
    "--on-duplicate",
    type=click.Choice(("refuse", "skip", "add")),
    default="refuse",
    show_default=True,
    help="An obligation that likely repeats one stored under another key (same title and rule, or the same "
    "source line): refuse and list them, skip them, or add anyway.",
)
@pass_app
def apply_cmd(
    app: Workspace,
    name: str,
    sets: tuple[str, ...],
    instance: str | None,
    owners: tuple[str, ...],
    dry_run: bool,
    on_duplicate: str,
) -> None:
    """Create the profile's obligations (applying twice changes nothing).

    \b
    Examples:
      deadlines profile apply cas-training-credits --set training_end=2026-09-30
      deadlines profile apply cas-training-credits --set training_end=2026-11-20 --as 第二期
      deadlines profile apply leader-jiangsu --set list_published=2024-03-15 --owner li@example.com --dry-run
    """
    for owner in owners:
        check_email(owner)
    profile = find_profile(paths.shipped("profiles"), name)
    try:
        applied = instantiate(profile, parse_sets(sets), app.today, instance=instance, owners=owners)
    except ProfileError as e:  # a parameter as the user gave it (unknown, missing, not a date): a usage error
        raise InputError(e.text.zh, e.text.en) from None
    for ob in applied.obligations:
        validate(ob)
    for template, param in applied.skipped:
        click.echo(
            (
                f"跳过 {template.key}（{template.title}）：缺少可选参数 {param.key}（{param.label}），可用 --set {param.key}=… 补充。"
            )
            if chinese()
            else f"skipped {template.key}: optional parameter {param.key} ({param.label}) not given; add it with --set {param.key}=….",
            err=True,
        )
    existing = app.ledger().obligations
    obligations = keep_activation(applied.obligations, existing)
    items = build_agenda(obligations, [], app.calendar_for, app.today)
    rows = []
    for item in sorted(items, key=lambda i: i.obligation.key):
        occ = item.occurrence
        state = "exists" if item.obligation.key in existing else "new"
        rows.append(
            [
                state,
                item.obligation.key,
                occ.due.isoformat() if occ else str(item.problem or "-"),
                str(STATUS[item.status]),
                item.obligation.title,
            ]
        )
    click.echo(table(["", "key", "due", "status", "title"], rows))
    warning = lapsed(profile, items, app.today)
    if warning is not None:
        click.echo(str(warning), err=True)
    repeats = profiles.repeats(obligations, existing)
    for repeat in repeats:
        click.echo(f"deadlines profile: {line(repeat)}", err=True)
    if dry_run:
        click.echo("（--dry-run：未写入任何内容）" if chinese() else "(--dry-run: nothing written)", err=True)
        return
    if repeats and on_duplicate == "refuse":
        raise DeadlinesError(
            f"{len(repeats)} 项可能与已有义务重复（见上），未写入任何内容：请用 --on-duplicate skip（跳过）或 add（仍然新增）。",
            f"{len(repeats)} obligation(s) likely repeat stored ones (see above); nothing was written: "
            "use --on-duplicate skip or add.",
        )
    if on_duplicate == "skip":
        obligations = profiles.kept(obligations, repeats, "skip")
    click.echo(str(changes.upsert(app, obligations, "profile").message) + ("。" if chinese() else "."), err=True)
