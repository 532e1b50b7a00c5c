"""`deadlines rule`: parse a rule text and print its next occurrences."""

from __future__ import annotations

from datetime import date

import click

from deadlines.app.workspace import Workspace
from deadlines.cli.context import date_argument_callback, pass_app, region_option
from deadlines.cli.output import echo_json
from deadlines.core.agenda import occurrences_of
from deadlines.core.i18n import Text, day_label, language
from deadlines.core.kinds import NEEDS_TRIGGER
from deadlines.core.models import Obligation
from deadlines.core.rules import read_rule
from deadlines.core.schedules import Occurrence


def occurrence_json(occ: Occurrence) -> dict[str, object]:
    return {
        "cycle": occ.cycle,
        "kind": occ.kind,
        "opens": occ.opens.isoformat() if occ.opens else None,
        "due": occ.due.isoformat(),
        "expires": occ.expires.isoformat() if occ.expires else None,
        "provisional": occ.provisional,
        "earliest": occ.earliest.isoformat() if occ.earliest else None,
        "latest": occ.latest.isoformat() if occ.latest else None,
        "explanation": [str(t) for t in occ.explanation],
    }


def print_occurrence(occ: Occurrence, indent: str = "") -> None:
    window = f"{day_label(occ.opens)} → " if occ.opens else ""
    mark = ""
    if occ.provisional:
        zh = language() == "zh"
        mark = "  [推算" if zh else "  [provisional"
        if occ.earliest != occ.latest and occ.earliest and occ.latest:
            mark += (
                f"：{occ.earliest.isoformat()}～{occ.latest.isoformat()}"
                if zh
                else f": {occ.earliest.isoformat()} to {occ.latest.isoformat()}"
            )
        mark += "]"
    click.echo(f"{indent}{window}{day_label(occ.due)}{mark}")
    for line in occ.explanation:
        click.echo(f"{indent}  {line}")


@click.command("rule", context_settings={"ignore_unknown_options": True})
@click.argument("expr")
@click.option(
    "--from",
    "trigger",
    metavar="DATE",
    callback=date_argument_callback,
    help="Trigger date for a relative rule (training end, issue date, expiry…).",
)
@click.option(
    "--count", default=3, show_default=True, type=click.IntRange(1, 100), help="How many occurrences to print."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of occurrences.")
@click.option("--start-counts", is_flag=True, default=None, help="Count the trigger day as day one.")
@click.option(
    "--statute-workdays",
    is_flag=True,
    help="The rule's 日 are working days by statute (行政许可法第八十二条); same as ending the rule with （工作日）.",
)
@region_option
@pass_app
def command(
    app: Workspace,
    expr: str,
    trigger: date | None,
    count: int,
    as_json: bool,
    start_counts: bool | None,
    statute_workdays: bool,
    region: str | None,
) -> None:
    """Read a rule text, say how it was read, and print its next occurrences from today.

    \b
    Rule texts, as the documents write them (the clause's own words around
    the time expression are kept as the description):
      每年12月1日至12月15日      次年1月3日至1月8日      每年4月30日前
      每年6月底前   每年第一季度  每年3月份  上半年  每半年  次年1月下旬
      每月15日前    次月15日前    次月第5个工作日结束前
      每季度结束后15日内    年度终了之日起五个月内
      30日    10个工作日    培训结束后10个工作日内    于受理之日起20个工作日内作出决定
      自2026年12月1日起30日内    期满前六个月内    期限届满60日前    至少提前10个工作日
      有效期3年    有效期3年，届满前6个月内申请    复审周期不超过5年    每12个月一次
      公示期为7个工作日    征求意见期限一般不少于三十日    期限一般不得超过二十四个月
      有效期至2026年7月31日    自2018年12月1日起实施，有效期5年    自发布之日起执行
      3年内不得申报    2023年7月7日前    2023年7月20日至22日    2023年8月    2025年底前
      自受理之日起二十日内（工作日）   (日 counted as working days, 行政许可法第八十二条)
      "30 days"   "every year Dec 1 - Dec 15"   "10 working days after training end"

    \b
    Examples:
      deadlines rule 每年12月1日至12月15日 --count 2
      deadlines rule 培训结束后10个工作日内 --from 2026-09-30
      deadlines rule 有效期3年 --from 2024-03-15 --json
      deadlines rule 自受理之日起二十日内作出决定 --from 2026-09-30 --statute-workdays
    """
    if statute_workdays and not expr.rstrip().endswith(("（工作日）", "(工作日)")):
        expr = f"{expr}（工作日）"
    ob = Obligation(key="rule", title=expr, rule=expr, start=trigger, start_counts=start_counts or None)
    reading = read_rule(expr)  # a bad rule text is reported before anything else
    if trigger is not None and not isinstance(reading.schedule, NEEDS_TRIGGER):
        unused = Text(
            f"注意：规则「{expr}」的日期由文本本身确定，未使用 --from {trigger.isoformat()}。",
            f"note: the rule {expr!r} fixes its own dates; --from {trigger.isoformat()} is not used.",
        )
        click.echo(str(unused), err=True)
    occs = occurrences_of(ob, app.calendar_for(region), app.today, count, trigger=trigger)
    if as_json:
        echo_json([occurrence_json(o) for o in occs])
        return
    for line in reading.lines():
        click.echo(str(line))
    click.echo("")
    for occ in occs:
        print_occurrence(occ)
