"""`deadlines calendar`: look at days, years and months; status; import a notice."""

from __future__ import annotations

import calendar as _stdcal
from datetime import date, timedelta
from typing import BinaryIO

import click

from deadlines import paths
from deadlines.app import index
from deadlines.app.workspace import Workspace
from deadlines.cli.context import date_argument_callback, pass_app, region_option
from deadlines.cli.output import chinese, echo_json, pad, style, table
from deadlines.core.caldata import FIRST_YEAR, LAST_YEAR, DayEntry, holiday_name_en
from deadlines.core.calendar import DayInfo, WorkCalendar, check_year, coverage
from deadlines.core.errors import CalendarRangeError, InputError
from deadlines.core.i18n import weekday


@click.group("calendar")
def command() -> None:
    """Chinese working-day calendars: official, user-imported and provisional.

    \b
    Examples:
      deadlines calendar day 2026-10-10
      deadlines calendar days 2027 --json
      deadlines calendar show 2026-10
      deadlines calendar status
      deadlines calendar import-notice notice-2027.txt --dry-run
    """


def day_json(info: DayInfo) -> dict[str, object]:
    out: dict[str, object] = {
        "date": info.day.isoformat(),
        "workday": info.workday,
        "name": info.name or None,
        "name_en": holiday_name_en(info.name) if info.name else None,
        "source": info.source,
        "certainty": info.certainty,
    }
    if info.region:
        out["region"] = info.region
    if info.notices:
        out["notices"] = list(info.notices)
    return out


def _day_line(info: DayInfo) -> str:
    status = ("工作日" if info.workday else "休息日") if chinese() else ("working day" if info.workday else "rest day")
    line = f"{info.day.isoformat()}  {weekday(info.day)}  {status}  {info.reason()}  [{info.source}{'' if info.certainty == 'certain' else ', ' + info.certainty}]"
    if info.notices:
        line += ("  来自：" if chinese() else "  from: ") + "；".join(info.notices)
    return line


@command.command("day")
@click.argument("day", callback=date_argument_callback)
@click.option("--json", "as_json", is_flag=True, help="Print JSON {date, workday, name, source, certainty}.")
@region_option
@pass_app
def day_cmd(app: Workspace, day: date, as_json: bool, region: str | None) -> None:
    """Is DAY a working day, what is it, and on whose authority.

    \b
    Examples:
      deadlines calendar day 2026-10-10
      deadlines calendar day 2027-02-09 --json
    """
    info = app.calendar_for(region).day(day)
    if as_json:
        echo_json(day_json(info))
    else:
        click.echo(_day_line(info))


@command.command("days")
@click.argument("year", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.option(
    "--provisional", is_flag=True, help="Print the forecast for YEAR as if its notice were not published (from 2008)."
)
@region_option
@pass_app
def days_cmd(app: Workspace, year: int, as_json: bool, provisional: bool, region: str | None) -> None:
    """Every date of YEAR that differs from plain Monday–Friday.

    Weekday rest days (holidays, 调休) and weekend working days (调休上班).

    \b
    Examples:
      deadlines calendar days 2026
      deadlines calendar days 2027 --json
      deadlines calendar days 2025 --provisional    # check the forecast against history
    """
    check_year(year)
    if provisional:
        from deadlines.core.provisional import provisional_year

        data = provisional_year(year)
        infos = [DayInfo(e.day, e.workday, e.name, "provisional", e.certainty) for e in data.entries]
    else:
        cal = app.calendar_for(region)
        infos = [cal.day(date(year, 1, 1) + timedelta(days=k)) for k in range(366 if _stdcal.isleap(year) else 365)]
    differing = [i for i in infos if i.workday != (i.day.weekday() < 5)]
    if as_json:
        echo_json([day_json(i) for i in differing])
        return
    for info in differing:
        click.echo(_day_line(info))


@command.command("show")
@click.argument("month", metavar="YYYY-MM")
@region_option
@pass_app
def show_cmd(app: Workspace, month: str, region: str | None) -> None:
    """A month grid marking holidays, weekend working days and provisional days.

    \b
    Examples:
      deadlines calendar show 2026-10
      deadlines calendar show 2027-02
    """
    try:
        year, mon = (int(x) for x in month.split("-"))
        check_year(year)
        first = date(year, mon, 1)
    except CalendarRangeError:
        raise
    except ValueError:
        raise InputError(
            f"月份「{month}」应写成 YYYY-MM，例如 2026-10。", f"the month {month!r} must be YYYY-MM, e.g. 2026-10."
        ) from None
    cal = app.calendar_for(region)
    click.echo(render_month(cal, first, app.today))


def render_month(cal: WorkCalendar, first: date, today: date) -> str:
    """The month grid as text, Monday first, with a legend and the named days."""
    zh = chinese()
    weeks = _stdcal.Calendar().monthdatescalendar(first.year, first.month)
    header = (
        "  ".join(pad(w, 5) for w in ("一", "二", "三", "四", "五", "六", "日"))
        if zh
        else "  ".join(pad(w, 5) for w in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
    )
    title = f"{first.year}年{first.month}月" if zh else first.strftime("%B %Y")
    lines = [title, header]
    named: list[DayInfo] = []
    for week in weeks:
        cells = []
        for d in week:
            if d.month != first.month:
                cells.append(pad("", 5))
                continue
            info = cal.day(d)
            mark = " "
            if info.makeup:
                mark = "班"
            elif not info.workday and (d.weekday() < 5 or info.name):
                mark = "休"
            uncertain = "?" if info.source == "provisional" and info.certainty != "certain" else ""
            cell = pad(f"{d.day:>2}{mark}{uncertain}", 5)
            if d == today:
                cell = style(cell, reverse=True)
            elif mark == "休":
                cell = style(cell, fg="red")
            elif mark == "班":
                cell = style(cell, fg="yellow")
            cells.append(cell)
            if info.name or info.region:
                named.append(info)
        lines.append("  ".join(cells).rstrip())
    legend = (
        "休 = 休息日（节假日/调休）  班 = 调休上班  ? = 推算，未经官方确认"
        if zh
        else ("休 = rest day (holiday/调休)  班 = make-up working day  ? = forecast, not yet official")
    )
    lines += ["", legend]
    source = cal.sources.year(first.year)
    lines.append(("日历来源：" if zh else "Source: ") + f"{source.source} ({source.origin})")
    for info in named:
        lines.append(
            f"  {info.day.isoformat()} {weekday(info.day)}  {info.reason()}{'' if info.certainty == 'certain' else ' [' + info.certainty + ']'}"
        )
    return "\n".join(lines)


def next_year_warning(app: Workspace) -> str | None:
    """The October-on warning when next year's official calendar is missing, else None."""
    warning = coverage(app.sources, app.today).warning()
    return str(warning) if warning else None


def _ranges(years: list[int]) -> str:
    out: list[str] = []
    for y in years:
        if out and out[-1].endswith(str(y - 1)):
            head = out[-1].split("–")[0]
            out[-1] = f"{head}–{y}"
        else:
            out.append(str(y))
    return ", ".join(out) or "-"


@command.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def status_cmd(app: Workspace, as_json: bool) -> None:
    """Years covered, by source, and a warning when next year's data is missing.

    \b
    Examples:
      deadlines calendar status
      deadlines calendar status --json
    """
    info = coverage(app.sources, app.today)
    if as_json:
        echo_json(
            {
                "today": info.today.isoformat(),
                "official": {"years": list(info.official), "origin": info.official_origin},
                "user": {
                    "years": list(info.user),
                    "dir": str(paths.user_calendar_dir()),
                    "notices": {str(y): _year_notices(app, y) for y in info.user},
                },
                "provisional": {"from": info.provisional_from, "to": LAST_YEAR},
                "refused_before": FIRST_YEAR,
                "next_year_missing": info.next_year_missing,
                "next_year": info.today.year + 1,
            }
        )
    else:
        zh = chinese()
        click.echo(("官方：" if zh else "official: ") + f"{_ranges(list(info.official))} ({info.official_origin})")
        click.echo(("用户导入：" if zh else "user: ") + f"{_ranges(list(info.user))} ({paths.user_calendar_dir()})")
        for y in info.user:
            click.echo(f"  {y}: " + ("；".join(_year_notices(app, y)) or app.sources.year(y).origin))
        click.echo(("推算：" if zh else "provisional: ") + f"{info.provisional_from}–{LAST_YEAR}")
        click.echo(
            f"拒绝：{FIRST_YEAR} 年以前（无数据，不做推测）"
            if zh
            else f"refused: before {FIRST_YEAR} (no data, no guess)"
        )
    warning = next_year_warning(app)
    if warning:
        click.echo(style(warning, fg="yellow"), err=True)


def _year_notices(app: Workspace, year: int) -> list[str]:
    """The imported notices a user year is built from, in issue order."""
    from deadlines.core.notices.years import issue_order

    return [n.title for n in sorted(app.sources.notices, key=issue_order) if year in n.years]


@command.command("import-notice")
@click.argument("file", type=click.File("rb"))
@click.option("--year", type=int, help="The notice's year, when its title does not say.")
@click.option("--dry-run", is_flag=True, help="Show what would change and write nothing.")
@click.option("--partial", is_flag=True, help="Write what was read even if some sentences were not (they are listed).")
@pass_app
def import_notice_cmd(app: Workspace, file: BinaryIO, year: int | None, dry_run: bool, partial: bool) -> None:
    """Read a holiday notice and rebuild the calendars of the years it touches.

    FILE is the text of 国务院办公厅关于YYYY年部分节假日安排的通知, or of a
    supplementary notice (调休放假的通知, 调整…假期安排的通知, 延长…假期的通知), as
    pasted from any page ('-' for stdin). Each year is built from every
    notice imported for it, in the order they were issued, so the import
    order does not matter. Prints the days that change and the notice that
    sets each, then writes (unless --dry-run). Any sentence with a date
    that is not understood is quoted and nothing is written (exit 2),
    unless --partial.

    \b
    Examples:
      deadlines calendar import-notice notice-2027.txt --dry-run
      pbpaste | deadlines calendar import-notice - --year 2027
    """
    from deadlines.app.notices import moved_deadlines, plan_notice_import, write_notice_import
    from deadlines.transfer.decode import decode  # UTF-8, else plausible GB18030, else the encoding question

    text = decode(file.read())[0]
    plan = plan_notice_import(text, app.sources, year=year, partial=partial)
    zh = chinese()
    for u in plan.notice.unread:
        click.echo(("未读取：" if zh else "not read: ") + f"「{u.sentence}」 {u.why}", err=True)
    if plan.replaces is not None:
        click.echo(
            f"替换之前导入的同一份通知：{plan.replaces.title}"
            if zh
            else f"replaces the earlier import of {plan.replaces.title}",
            err=True,
        )
    for change in plan.years:
        old = change.old
        n, renamed = change.status_changes, len(change.changes) - change.status_changes
        click.echo(
            f"{change.new.year} 年：{plan.notice.title}；与当前数据（{old.source}，{old.origin}）相比，"
            f"{n} 天上班/休息改变，{renamed} 天只改名称。"
            if zh
            else f"{change.new.year}: {plan.notice.title}; against the data in use ({old.source}, {old.origin}), "
            f"{n} days change between work and rest, {renamed} are only renamed.",
            err=True,
        )
        if change.changes:
            rows = [
                [
                    c.day.isoformat(),
                    str(weekday(c.day)),
                    _state_label(c.day, c.before),
                    _state_label(c.day, c.after),
                    (c.notices or ("-",))[-1],
                ]
                for c in change.changes
            ]
            click.echo(table(["date", "weekday", "before", "after", "notice"], rows))
    moved = moved_deadlines(app.ledger(), app.today, app.calendar_for, app.region, plan)
    if moved:
        click.echo(("受影响的期限：" if zh else "Deadlines that move:"), err=True)
        rows = [[m.key, str(m.before or "-"), str(m.after or "-"), m.title] for m in moved]
        click.echo(table(["key", "before", "after", "title"], rows))
    else:
        click.echo("没有已存期限因此变动。" if zh else "No stored deadline moves.", err=True)
    if dry_run:
        click.echo("（--dry-run：未写入任何内容）" if zh else "(--dry-run: nothing written)", err=True)
        return
    for path in write_notice_import(plan, paths.user_calendar_dir()):
        click.echo(("已写入 " if zh else "written: ") + str(path), err=True)
    index.refresh(app.reloaded())  # the stored next action dates, on the calendars just written


def _state_label(d: date, entry: DayEntry | None) -> str:
    """休息·元旦, 上班·国庆节, or 上班/休息 for a plain day."""
    workday = d.weekday() < 5 if entry is None else entry.workday
    label = ("上班" if workday else "休息") if chinese() else ("work" if workday else "rest")
    return f"{label}·{entry.name}" if entry is not None and entry.name else label
