"""Profiles: obligation templates drawn from the policy documents (`profiles/*.toml`).

Each file is one document or policy: its citation, the parameters a user
fills in (a training end date, a title's publication date…), and its
obligations, each citing its source. Loading validates everything — every
rule text parses, every trigger names a parameter or another obligation —
and an error names the file and the key. `instantiate` turns a profile and
the user's values into obligations with stable keys, so applying a profile
twice creates nothing new.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from deadlines.core.dates import parse_date
from deadlines.core.errors import DeadlinesError, NotFoundError, ProfileError
from deadlines.core.models import Obligation
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
        if t.trigger and t.trigger.startswith("@") and t.trigger[1:] not in keys:
            raise _err(
                path, f"obligations[{i}].trigger", f"没有义务「{t.trigger[1:]}」", f"no obligation {t.trigger[1:]!r}"
            )
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
        not isinstance(trigger, str) or (not trigger.startswith("@") and trigger not in params)
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
        if trigger and not trigger.startswith("@") and trigger not in filled:
            skipped.append((t, params[trigger]))
            continue
        if trigger and trigger.startswith("@"):
            trigger = f"@{profile.name}/{trigger[1:]}{suffix}"
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
            )
        )
    # An obligation chained to one that was left out is left out too, for the same reason.
    dropped = {f"{profile.name}/{t.key}{suffix}": param for t, param in skipped}
    changed = True
    while changed:
        changed = False
        for o in list(out):
            if o.trigger and o.trigger[1:] in dropped:
                out.remove(o)
                dropped[o.key] = dropped[o.trigger[1:]]
                template = next(t for t in profile.obligations if f"{profile.name}/{t.key}{suffix}" == o.key)
                skipped.append((template, dropped[o.key]))
                changed = True
    return Applied(tuple(out), tuple(skipped))
