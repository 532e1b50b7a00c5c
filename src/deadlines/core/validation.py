"""Checking an obligation a user or a script typed, before it reaches the store.

One set of checks for `deadlines add`, `edit`, the importers, `profile apply`
and the TUI's form, so a row that `add` would refuse is refused by `import`
the same way: keys without spaces or path parts, region names, dates within
the calendar's years (2004–2099, as `calc` requires), periods and lead times
of a sane length, triggers that name something. Each failure is an
InputError naming the field and how to fix it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import date

from deadlines.core.agenda import current_item, param_date, split_chain, stage_dates
from deadlines.core.calendar import FIRST_YEAR, LAST_YEAR, WorkCalendar, check_year
from deadlines.core.dates import parse_date
from deadlines.core.errors import InputError
from deadlines.core.i18n import Text
from deadlines.core.models import ROLES, Obligation
from deadlines.core.parse import parse_period
from deadlines.core.periods import Period
from deadlines.core.rules import parse_rule

EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
KEY_CHARS = re.compile(r"^[^\s\\\x00-\x1f\x7f]{1,120}$")
"""A key's characters: no whitespace, no backslash, no control character; at most 120."""
ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
REGION = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
"""A region's name: the stem of a file in calendars/regions/, so never a path."""
MAX_RULE_PERIOD = {"day": 36_600, "workday": 25_000, "month": 1_200, "year": 100}
"""The longest period a rule may count: about the years the calendar covers (2004–2099)."""
MAX_LEAD = {"day": 731, "workday": 500, "month": 24, "year": 2}
"""The longest lead time: a reminder two years ahead is the most any obligation needs."""


def check_email(value: str) -> str:
    if not EMAIL.match(value):
        raise InputError(
            f"邮箱地址「{value}」格式不对，应如 name@example.com。",
            f"{value!r} is not an e-mail address like name@example.com.",
        )
    return value


def check_key(value: str) -> str:
    """A key: no whitespace, no `..`; `/` only between parts (profile keys are `profile/key@instance`), none
    of them empty or `.`; not starting with @ (which names a trigger)."""
    parts = value.split("/")
    if not KEY_CHARS.match(value) or value.startswith("@") or ".." in value or any(p in ("", ".") for p in parts):
        raise InputError(
            f"键「{_shown(value)}」不可用：不能含空白或 \\，不能以 @ 开头，不能含 ..，/ 只能用在两段文字之间（段不能是 .），"
            "最长 120 字符。",
            f"the key {_shown(value)!r} must have no spaces or \\, not start with @, have no .., use / only between "
            "parts (none of them .), and be at most 120 characters.",
        )
    return value


def check_region_name(value: str) -> str:
    """A region name's shape (lower-case letters, digits, - and _; no path); whether it exists is the caller's."""
    if not REGION.match(value):
        raise InputError(
            f"地区名「{_shown(value)}」不可用：应是 calendars/regions/ 中的文件名（小写字母、数字、- 和 _），如 guangxi。",
            f"the region {_shown(value)!r} is not a region name: use a file name from calendars/regions/ "
            "(lower-case letters, digits, - and _), e.g. guangxi.",
        )
    return value


def check_day(value: date, what: Text) -> date:
    """A date a user gives, within the years the calendar covers, refused as `calc` refuses it otherwise."""
    try:
        check_year(value.year)
    except InputError as e:
        raise InputError(
            f"{what.zh}「{value.isoformat()}」：{e.text.zh}", f"{what.en} {value.isoformat()}: {e.text.en}"
        ) from None
    return value


def check_period(period: Period, text: str, *, lead: bool = False) -> Period:
    """A period no longer than a rule (or a lead time) can sensibly count."""
    limits = MAX_LEAD if lead else MAX_RULE_PERIOD
    most = limits[period.unit]
    if period.amount > most:
        shown = Period(most, period.unit).describe()
        what = ("提醒提前量", "the lead time") if lead else ("期间", "the period")
        raise InputError(
            f"{what[0]}「{_shown(text)}」太长：最长 {shown.zh}（本工具计算 {FIRST_YEAR}—{LAST_YEAR} 年的日期）。",
            f"{what[1]} {_shown(text)!r} is too long: at most {shown.en} "
            f"(the tool computes dates from {FIRST_YEAR} to {LAST_YEAR}).",
        )
    return period


def check_rule(rule: str) -> None:
    """The rule reads, its periods are not absurdly long and its dates are within the calendar's years."""
    for value in _parts(parse_rule(rule)):
        if isinstance(value, Period):
            try:
                check_period(value, value.describe().zh)
            except InputError as e:
                raise InputError(
                    f"规则「{_shown(rule)}」中：{e.text.zh}", f"in the rule {_shown(rule)!r}: {e.text.en}"
                ) from None
        elif isinstance(value, date):
            check_day(value, Text("规则中的日期", "the date in the rule"))


def _parts(value: object) -> Iterator[object]:
    """Every value inside a parsed rule: its periods and dates, however deeply nested."""
    if isinstance(value, Period | date):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _parts(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _parts(item)


def check_trigger(ob: Obligation) -> None:
    """The trigger names a parameter that is set, or another obligation (`@KEY`), never itself or nothing."""
    if ob.trigger is None:
        return
    trigger = ob.trigger.strip()
    if not trigger or trigger == "@":
        raise InputError(
            "起算依据（--trigger）不能为空：写参数名并用 --set 名=YYYY-MM-DD 给出，或写 @键 指向另一项义务。",
            "the trigger must not be empty: name a parameter given with --set NAME=YYYY-MM-DD, or @KEY for another obligation.",
        )
    if trigger == f"@{ob.key}":
        raise InputError(
            f"义务 {ob.key} 不能以自己为起算依据（--trigger @{ob.key}）：请指向另一项义务。",
            f"obligation {ob.key} cannot count from itself (--trigger @{ob.key}): name another obligation.",
        )


def check_trigger_target(ob: Obligation, exists: Callable[[str], bool]) -> None:
    """An `@KEY` (`@KEY.due`, `@KEY.done`) trigger names an obligation that is stored (`exists(KEY)`); for add,
    edit and profile apply."""
    if not (ob.trigger and ob.trigger.startswith("@")):
        return
    key = split_chain(ob.trigger[1:])[0]
    if not exists(key):
        raise InputError(
            f"起算依据 {ob.trigger} 指向的义务不存在：请先添加键为 {key} 的义务，或改正键。",
            f"the trigger {ob.trigger} names no stored obligation: add the obligation {key} first, or correct the key.",
        )


def check_computable(ob: Obligation, cal: WorkCalendar, today: date) -> None:
    """The obligation's current occurrence and its lead-time stages can be computed today (for `add`, `edit`).

    Refuses what `validate` cannot see without a calendar: a lead time reaching before 2004
    (「2004年1月5日前」 with 5个工作日), a start from which no occurrence can be computed.
    Obligations counting from another one (`@KEY`), or still waiting for their start, are left
    to the agenda, which shows them as needing input.
    """
    if ob.trigger and ob.trigger.startswith("@"):
        return
    trigger = param_date(ob.trigger, ob.params) if ob.trigger else ob.start  # `name` or `name.year_end`
    item = current_item(ob, {}, cal, today, trigger=trigger)
    if item.problem is not None and trigger is not None:  # with no start yet it needs input, and says so
        raise InputError(
            f"义务 {ob.key} 无法计算：{item.problem.zh}", f"obligation {ob.key} cannot be computed: {item.problem.en}"
        )
    if item.occurrence is not None:
        occ = item.occurrence
        try:
            stage_dates(occ.earliest or occ.due, ob.leads, cal)
        except InputError as e:
            raise InputError(
                f"提醒提前量算出的日期不可用（到期日 {occ.due.isoformat()}）：{e.text.zh}",
                f"a lead time gives an unusable date (due {occ.due.isoformat()}): {e.text.en}",
            ) from None


def _shown(value: str) -> str:
    """A value as a one-line message can quote it: control characters (a newline) escaped, at most 80 characters."""
    text = value.encode("unicode_escape").decode("ascii") if not value.isprintable() else value
    return text if len(text) <= 80 else text[:80] + "…"


def check_cutoff(value: str) -> str:
    """A business-hours cut-off, HH:MM, normalised to two digits each."""
    parts = value.split(":")
    if len(parts) == 2 and all(p.isdigit() for p in parts) and int(parts[0]) < 24 and int(parts[1]) < 60:
        return f"{int(parts[0]):02d}:{int(parts[1]):02d}"
    raise InputError(
        f"截止时间「{value}」应写成 HH:MM，例如 17:00。", f"the cut-off {value!r} must be HH:MM, e.g. 17:00."
    )


def derived_key(title: str, rule: str) -> str:
    """A stable key for an obligation given without one: the same title and rule give the same key."""
    return "ob-" + hashlib.sha1(f"{title}\n{rule}".encode()).hexdigest()[:10]


def validate(ob: Obligation) -> Obligation:
    """Every field checked; returns the obligation unchanged, or raises InputError."""
    check_key(ob.key)
    if not ob.title.strip():
        raise InputError("标题不能为空。", "the title must not be empty.")
    check_rule(ob.rule)
    if ob.start is not None:
        check_day(ob.start, Text("起算日", "the start date"))
    if ob.region is not None:
        check_region_name(ob.region)
    for owner in ob.owners:
        check_email(owner)
    for lead in ob.lead_times or ():
        period = parse_period(lead)
        if period.backward:
            raise InputError(f"提醒提前量「{lead}」不应带「前」。", f"the lead time {lead!r} must not say 'before'.")
        check_period(period, lead, lead=True)
    if ob.cutoff:
        check_cutoff(ob.cutoff)
    if ob.role not in ROLES:
        raise InputError(
            f"角色「{ob.role}」无效：应为 duty（本单位义务）、authority（主管部门环节）或 info（政策信息）。",
            f"the role {ob.role!r} is not valid: use duty, authority or info.",
        )
    if ob.trigger and not ob.trigger.startswith("@"):
        if ob.trigger.removesuffix(".year_end") not in ob.params:
            raise InputError(
                f"起算参数「{ob.trigger}」没有给出：请加 --set {ob.trigger}=YYYY-MM-DD，或用 @键 指向另一项义务。",
                f"the trigger {ob.trigger!r} is not set: add --set {ob.trigger}=YYYY-MM-DD, or use @KEY for another obligation.",
            )
        name = ob.trigger.removesuffix(".year_end")
        check_day(parse_date(ob.params[name]), Text(f"参数 {name}", f"the parameter {name}"))
    for name, value in ob.params.items():
        if ISO_DAY.match(value):
            check_day(parse_date(value), Text(f"参数 {name}", f"the parameter {name}"))
    check_trigger(ob)
    return ob
