"""Profiles: obligation templates drawn from the policy documents (`profiles/*.toml`).

Each file is one document or policy: its citation, the parameters a user
fills in (a training end date, a title's publication date…), and its
obligations, each citing its source. Loading validates everything — every
rule text parses, every trigger names a parameter or another obligation —
and an error names the file and the key. `instantiate` turns a profile and
the user's values into obligations with stable keys, so applying a profile
twice creates nothing new.

Each obligation says whose step it is (`role`: duty, authority, info), whether
it applies only in some cases (`optional`: created inactive), and until when
it is in force: the profile's `until` (the policy's sunset) unless the
obligation gives its own.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from deadlines.core.agenda import Item, split_chain
from deadlines.core.dates import parse_date
from deadlines.core.errors import DeadlinesError, NotFoundError, ProfileError
from deadlines.core.i18n import Text
from deadlines.core.models import ROLES, Obligation
from deadlines.core.parse import parse_period
from deadlines.core.rules import parse_rule

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PARAM = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Param:
    key: str
    label: str
    type: str
    help: str = ""
    default: str | None = None
    optional: bool = False
    """Obligations that need a missing optional parameter are left out, and the user is told."""


@dataclass(frozen=True)
class Template:
    """One obligation of a profile, before the user's values are filled in."""

    key: str
    title: str
    rule: str
    source: str
    concerns: str = ""
    trigger: str | None = None
    tags: tuple[str, ...] = ()
    lead_times: tuple[str, ...] | None = None
    notes: str = ""
    start_counts: bool | None = None
    cutoff: str | None = None
    region: str | None = None
    role: str = "duty"
    optional: bool = False
    minimum: bool = False
    reading: str = ""
    until: date | None = None


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    document: str
    issuer: str
    seed: str
    summary: str
    params: tuple[Param, ...]
    obligations: tuple[Template, ...]
    path: Path
    until: date | None = None
    """The policy's sunset: the last day every obligation of the profile is in force."""


def _err(path: Path, where: str, zh: str, en: str) -> ProfileError:
    return ProfileError(f"档案文件 {path} 的 {where}：{zh}", f"profile file {path}, {where}: {en}")


def _str(path: Path, table: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = table.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _err(path, f"{where}.{key}", "应为非空字符串", "must be a non-empty string")
    return value


def _strs(path: Path, table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...] | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _err(path, f"{where}.{key}", "应为字符串列表", "must be a list of strings")
    return tuple(value)


def _bool(path: Path, table: Mapping[str, Any], key: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise _err(path, f"{where}.{key}", "应为 true 或 false", "must be true or false")
    return value


def _day(path: Path, table: Mapping[str, Any], key: str, where: str) -> date | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise _err(
            path, f"{where}.{key}", "应为日期（如 2023-11-30，不加引号）", "must be a date (2023-11-30, unquoted)"
        )
    return value


def load_profile(path: Path) -> Profile:
    """Read and validate one profile file."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise _err(path, "文件", f"无法解析（{e}）", f"cannot be read ({e})") from None
    head = doc.get("profile")
    if not isinstance(head, dict):
        raise _err(path, "[profile]", "缺少该表", "the table is missing")
    name = _str(path, head, "name", "profile")
    if name != path.stem or not _KEY.match(name):
        raise _err(
            path,
            "profile.name",
            f"应与文件名 {path.stem} 相同，且只含小写字母、数字和 -",
            f"must equal the file stem {path.stem!r} (lowercase, digits, -)",
        )
    params = tuple(_param(path, i, p) for i, p in enumerate(doc.get("params", [])))
    param_keys = {p.key for p in params}
    raw = doc.get("obligations")
    if not isinstance(raw, list) or not raw:
        raise _err(path, "obligations", "至少需要一项义务", "needs at least one obligation")
    templates = tuple(_template(path, i, o, param_keys) for i, o in enumerate(raw))
    keys = [t.key for t in templates]
    for i, t in enumerate(templates):
        if keys.index(t.key) != i:
            raise _err(path, f"obligations[{i}].key", f"「{t.key}」重复", f"{t.key!r} appears twice")
        other = split_chain(t.trigger[1:])[0] if t.trigger and t.trigger.startswith("@") else None
        if other is not None and other not in keys:
            raise _err(path, f"obligations[{i}].trigger", f"没有义务「{other}」", f"no obligation {other!r}")
    return Profile(
        name=name,
        title=_str(path, head, "title", "profile"),
        document=_str(path, head, "document", "profile"),
        issuer=_str(path, head, "issuer", "profile", required=False),
        seed=_str(path, head, "seed", "profile", required=False),
        summary=_str(path, head, "summary", "profile", required=False),
        params=params,
        obligations=templates,
        path=path,
        until=_day(path, head, "until", "profile"),
    )


def _param(path: Path, i: int, p: Any) -> Param:
    where = f"params[{i}]"
    if not isinstance(p, dict):
        raise _err(path, where, "应为表", "must be a table")
    key = _str(path, p, "key", where)
    if not _PARAM.match(key):
        raise _err(path, f"{where}.key", "只能含小写字母、数字和下划线", "must be lowercase snake_case")
    kind = p.get("type", "date")
    if kind not in ("date", "year", "text"):
        raise _err(path, f"{where}.type", "应为 date、year 或 text", "must be date, year or text")
    default = p.get("default")
    if default is not None:
        default = str(default)
        _check_value(Param(key, "", kind), default, path)
    return Param(
        key,
        _str(path, p, "label", where),
        kind,
        _str(path, p, "help", where, required=False),
        default,
        bool(p.get("optional", False)),
    )


def _template(path: Path, i: int, o: Any, params: set[str]) -> Template:
    where = f"obligations[{i}]"
    if not isinstance(o, dict):
        raise _err(path, where, "应为表", "must be a table")
    key = _str(path, o, "key", where)
    if not _KEY.match(key):
        raise _err(path, f"{where}.key", "只能含小写字母、数字和 -", "must be lowercase, digits and -")
    rule = _str(path, o, "rule", where)
    try:
        parse_rule(rule)
    except DeadlinesError as e:
        raise _err(path, f"{where}.rule", e.text.zh, e.text.en) from None
    trigger = o.get("trigger")
    if trigger is not None and (
        not isinstance(trigger, str)
        or (not trigger.startswith("@") and trigger.removesuffix(".year_end") not in params)
    ):
        raise _err(
            path,
            f"{where}.trigger",
            f"「{trigger}」不是本档案的参数，也不是 @义务",
            f"{trigger!r} is neither a parameter nor an @obligation",
        )
    leads = _strs(path, o, "lead_times", where)
    for lead in leads or ():
        try:
            parse_period(lead)
        except DeadlinesError as e:
            raise _err(path, f"{where}.lead_times", e.text.zh, e.text.en) from None
    role = o.get("role", "duty")
    if role not in ROLES:
        raise _err(path, f"{where}.role", "应为 duty、authority 或 info", "must be duty, authority or info")
    start_counts = o.get("start_counts")
    if start_counts is not None and not isinstance(start_counts, bool):
        raise _err(path, f"{where}.start_counts", "应为 true 或 false", "must be true or false")
    return Template(
        key=key,
        title=_str(path, o, "title", where),
        rule=rule,
        source=_str(path, o, "source", where),
        concerns=_str(path, o, "concerns", where, required=False),
        trigger=trigger,
        tags=_strs(path, o, "tags", where) or (),
        lead_times=leads,
        notes=_str(path, o, "notes", where, required=False),
        start_counts=start_counts,
        cutoff=_str(path, o, "cutoff", where, required=False) or None,
        region=_str(path, o, "region", where, required=False) or None,
        role=role,
        optional=_bool(path, o, "optional", where),
        minimum=_bool(path, o, "minimum", where),
        reading=_str(path, o, "reading", where, required=False),
        until=_day(path, o, "until", where),
    )


def load_profiles(directory: Path) -> dict[str, Profile]:
    """Every profile in a directory, by name (each validated)."""
    return {p.stem: load_profile(p) for p in sorted(directory.glob("*.toml"))}


def find_profile(directory: Path, name: str) -> Profile:
    path = directory / f"{name}.toml"
    if not path.is_file():
        known = sorted(p.stem for p in directory.glob("*.toml"))
        raise NotFoundError(
            f"没有档案「{name}」。可用的档案：{'、'.join(known)}（deadlines profile list）。",
            f"no profile {name!r}. Known profiles: {', '.join(known)} (deadlines profile list).",
        )
    return load_profile(path)


def _check_value(param: Param, value: str, path: Path | None = None) -> str:
    try:
        if param.type == "date":
            return parse_date(value).isoformat()
        if param.type == "year":
            year = int(value)
            if not 2004 <= year <= 2099:
                raise ValueError
            return str(year)
    except (DeadlinesError, ValueError):
        kind = "日期（YYYY-MM-DD）" if param.type == "date" else "年份（2004–2099）"
        raise ProfileError(
            f"参数 {param.key}（{param.label}）的值「{value}」不是有效的{kind}。",
            f"the value {value!r} of {param.key} is not a valid {param.type}.",
        ) from None
    return value


@dataclass(frozen=True)
class Applied:
    """What applying a profile produces: the obligations, and those left out and why."""

    obligations: tuple[Obligation, ...]
    skipped: tuple[tuple[Template, Param], ...]


def instantiate(
    profile: Profile,
    values: Mapping[str, str],
    today: date,
    *,
    instance: str | None = None,
    owners: tuple[str, ...] = (),
) -> Applied:
    """The profile's obligations with the user's values; keys are `<profile>/<key>[@instance]`."""
    params = {p.key: p for p in profile.params}
    unknown = sorted(set(values) - set(params))
    if unknown:
        known = ", ".join(params) or "-"
        raise ProfileError(
            f"档案 {profile.name} 没有参数 {', '.join(unknown)}。可用参数：{known}。",
            f"profile {profile.name} has no parameter {', '.join(unknown)}. Its parameters: {known}.",
        )
    filled = {k: _check_value(params[k], v) for k, v in values.items()}
    for p in profile.params:
        if p.key not in filled and p.default is not None:
            filled[p.key] = p.default
    missing = [p for p in profile.params if p.key not in filled and not p.optional]
    if missing:
        sets = " ".join(f"--set {p.key}=…" for p in missing)
        raise ProfileError(
            f"档案 {profile.name} 缺少参数："
            + "；".join(f"{p.key}（{p.label}）" for p in missing)
            + f"。请用 {sets} 给出。",
            f"profile {profile.name} needs: "
            + "; ".join(f"{p.key} ({p.label})" for p in missing)
            + f". Give them with {sets}.",
        )
    suffix = f"@{instance}" if instance else ""
    out: list[Obligation] = []
    skipped: list[tuple[Template, Param]] = []
    for t in profile.obligations:
        trigger = t.trigger
        if trigger and not trigger.startswith("@") and trigger.removesuffix(".year_end") not in filled:
            skipped.append((t, params[trigger.removesuffix(".year_end")]))
            continue
        if trigger and trigger.startswith("@"):
            other, anchor = split_chain(trigger[1:])
            trigger = f"@{profile.name}/{other}{suffix}.{anchor}"
        out.append(
            Obligation(
                key=f"{profile.name}/{t.key}{suffix}",
                title=t.title,
                rule=t.rule,
                trigger=trigger,
                params=dict(filled),
                owners=owners,
                tags=t.tags,
                notes=t.notes,
                source=f"{profile.document}：{t.source}" if profile.document not in t.source else t.source,
                concerns=t.concerns,
                profile=profile.name,
                region=t.region,
                lead_times=t.lead_times,
                cutoff=t.cutoff,
                start_counts=t.start_counts,
                since=today,
                role=t.role,
                until=t.until or profile.until,
                optional=t.optional,
                active=not t.optional,
                minimum=t.minimum,
                reading=t.reading,
            )
        )
    # An obligation chained to one that was left out is left out too, for the same reason.
    dropped = {f"{profile.name}/{t.key}{suffix}": param for t, param in skipped}
    changed = True
    while changed:
        changed = False
        for o in list(out):
            upstream = split_chain(o.trigger[1:])[0] if o.trigger and o.trigger.startswith("@") else None
            if upstream in dropped:
                out.remove(o)
                dropped[o.key] = dropped[upstream]
                template = next(t for t in profile.obligations if f"{profile.name}/{t.key}{suffix}" == o.key)
                skipped.append((template, dropped[o.key]))
                changed = True
    return Applied(tuple(out), tuple(skipped))


def keep_activation(obligations: Iterable[Obligation], stored: Mapping[str, Obligation]) -> list[Obligation]:
    """The obligations to write: an optional step the user already activated stays active when applied again."""
    return [replace(o, active=stored[o.key].active) if o.optional and o.key in stored else o for o in obligations]


LIVE = frozenset(
    ("overdue", "due_today", "window_open", "due_soon", "upcoming", "blocked", "expected", "not_yet", "in_force")
)
"""Statuses of a date still ahead, a ban still running or a policy in force."""


def lapsed(profile: Profile, items: list[Item], today: date) -> Text | None:
    """What to say before writing a profile whose dates are all past (its policy ended), or None."""
    if profile.until is not None and profile.until < today:
        return Text(
            f"档案 {profile.name} 的政策有效期至 {profile.until.isoformat()}，已经结束：写入的各项只作记录，不会提醒。",
            f"profile {profile.name}: the policy was in force until {profile.until.isoformat()} and has ended; "
            "what is written is kept as a record and never reminded.",
        )
    if any(i.status in LIVE or (i.due is not None and i.due >= today) for i in items):
        return None
    return Text(
        f"档案 {profile.name} 的日期均已过去：写入的各项只作记录，不会提醒。",
        f"profile {profile.name}: all its dates are past; what is written is kept as a record and never reminded.",
    )
