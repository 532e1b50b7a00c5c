"""Checking an obligation a user or a script typed, before it reaches the store.

One set of checks for `deadlines add`, `edit`, the importers and the TUI's
form, so a row that `add` would refuse is refused by `import` the same way.
Each failure is an InputError naming the field and how to fix it.
"""

from __future__ import annotations

import hashlib
import re

from deadlines.core.dates import parse_date
from deadlines.core.errors import InputError
from deadlines.core.models import ROLES, Obligation
from deadlines.core.parse import parse_period
from deadlines.core.rules import parse_rule

EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
KEY = re.compile(r"^[^\s/][^\s]{0,119}$")


def check_email(value: str) -> str:
    if not EMAIL.match(value):
        raise InputError(
            f"邮箱地址「{value}」格式不对，应如 name@example.com。",
            f"{value!r} is not an e-mail address like name@example.com.",
        )
    return value


def check_key(value: str) -> str:
    if not KEY.match(value):
        raise InputError(
            f"键「{value}」不可用：不能含空白，不能以 / 开头，最长 120 字符。",
            f"the key {value!r} must have no spaces, not start with /, and be at most 120 characters.",
        )
    return value


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
    parse_rule(ob.rule)
    for owner in ob.owners:
        check_email(owner)
    for lead in ob.lead_times or ():
        if parse_period(lead).backward:
            raise InputError(f"提醒提前量「{lead}」不应带「前」。", f"the lead time {lead!r} must not say 'before'.")
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
        parse_date(ob.params[ob.trigger.removesuffix(".year_end")])
    return ob
