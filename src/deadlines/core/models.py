"""Domain values: an obligation and a completion, and their JSON records.

Frozen dataclasses; `to_record`/`from_record` convert to and from the plain
JSON dicts the store keeps (dates as ISO strings). Validation of user input
lives where the input arrives (CLI, importers); `from_record` trusts the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from deadlines.core.kinds import Schedule
from deadlines.core.rules import parse_rule

DEFAULT_LEAD_TIMES: tuple[str, ...] = ("30日", "7日", "1日")

ROLES: tuple[str, ...] = ("duty", "authority", "info")
"""Whose step it is: duty (本单位义务: the user acts; the only role that can be overdue),
authority (主管部门环节: the issuing body acts), info (政策信息: targets, plan periods, policy dates)."""


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date(s: Any) -> date | None:
    return date.fromisoformat(s) if s else None


@dataclass(frozen=True)
class Obligation:
    """A duty drawn from a policy document, with what is needed to compute its dates."""

    key: str
    title: str
    rule: str
    start: date | None = None
    """The trigger date for a relative rule (training end, issue date, expiry…)."""
    trigger: str | None = None
    """Where the trigger date comes from: a parameter name, or "@other-key" (a chain)."""
    params: Mapping[str, str] = field(default_factory=dict)
    owners: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""
    source: str = ""
    concerns: str = ""
    profile: str | None = None
    region: str | None = None
    lead_times: tuple[str, ...] | None = None
    cutoff: str | None = None
    start_counts: bool | None = None
    since: date | None = None
    """The first day occurrences are shown from (recurring rules): by default the day it was added."""
    role: str = "duty"
    """Whose step it is: one of ROLES."""
    until: date | None = None
    """The last day the rule is in force (a policy's sunset): no occurrence after it."""
    optional: bool = False
    """A step that applies only in some cases (an extension request)."""
    active: bool = True
    """An optional step counts only once the user activates it (`deadlines activate KEY`)."""
    minimum: bool = False
    """The rule's period is a minimum (「至少三年」): in force until the user ends it."""
    reading: str = ""
    """How the document's words were read (a range's safest end…), shown in every explanation."""

    @property
    def schedule(self) -> Schedule:
        return parse_rule(self.rule)

    @property
    def leads(self) -> tuple[str, ...]:
        return self.lead_times if self.lead_times else DEFAULT_LEAD_TIMES

    def to_record(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "rule": self.rule,
            "start": _iso(self.start),
            "trigger": self.trigger,
            "params": dict(self.params),
            "owners": list(self.owners),
            "tags": list(self.tags),
            "notes": self.notes,
            "source": self.source,
            "concerns": self.concerns,
            "profile": self.profile,
            "region": self.region,
            "lead_times": list(self.lead_times) if self.lead_times is not None else None,
            "cutoff": self.cutoff,
            "start_counts": self.start_counts,
            "since": _iso(self.since),
            "role": self.role,
            "until": _iso(self.until),
            "optional": self.optional,
            "active": self.active,
            "minimum": self.minimum,
            "reading": self.reading,
        }

    @classmethod
    def from_record(cls, r: Mapping[str, Any]) -> Obligation:
        leads = r.get("lead_times")
        return cls(
            key=r["key"],
            title=r.get("title", ""),
            rule=r.get("rule", ""),
            start=_date(r.get("start")),
            trigger=r.get("trigger"),
            params=dict(r.get("params") or {}),
            owners=tuple(r.get("owners") or ()),
            tags=tuple(r.get("tags") or ()),
            notes=r.get("notes") or "",
            source=r.get("source") or "",
            concerns=r.get("concerns") or "",
            profile=r.get("profile"),
            region=r.get("region"),
            lead_times=tuple(leads) if leads is not None else None,
            cutoff=r.get("cutoff"),
            start_counts=r.get("start_counts"),
            since=_date(r.get("since")) or _date((r.get("created_at") or "")[:10]),
            role=r.get("role") or "duty",
            until=_date(r.get("until")),
            optional=bool(r.get("optional")),
            active=r.get("active") is not False,
            minimum=bool(r.get("minimum")),
            reading=r.get("reading") or "",
        )


@dataclass(frozen=True)
class Completion:
    """One occurrence marked done, with evidence, by whom and when."""

    key: str
    cycle: str
    done_on: date
    evidence: str = ""
    by: str = ""
    at: str = ""
    late: bool = False
    id: str = ""

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.key,
            "occurrence": self.cycle,
            "done_on": self.done_on.isoformat(),
            "evidence": self.evidence,
            "by": self.by,
            "at": self.at,
            "late": self.late,
        }

    @classmethod
    def from_record(cls, r: Mapping[str, Any]) -> Completion:
        return cls(
            key=r["key"],
            cycle=str(r["occurrence"]),
            done_on=date.fromisoformat(r["done_on"]),
            evidence=r.get("evidence") or "",
            by=r.get("by") or "",
            at=r.get("at") or "",
            late=bool(r.get("late")),
            id=r.get("id") or "",
        )
