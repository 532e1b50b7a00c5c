"""The lifecycle of an obligation: whose step it is, until when its policy is in force, whether it is optional.

A duty (本单位义务) is the user's own step, the only one that can be overdue;
the issuing body's steps (authority, 主管部门环节) are expected (预计) and then
past (已过); policy information (info, 政策信息) is not yet (未到), in force
(生效中), past (已过) or ended (已结束). A rule never produces an occurrence
after its `until` (a policy's sunset), and once that day has passed nothing
of it is due. An optional step counts only once the user activates it.
These statuses are named in `core.terms.STATUS` with the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

from deadlines.core.i18n import Text
from deadlines.core.models import Obligation
from deadlines.core.schedules import Occurrence
from deadlines.core.terms import ROLE


def lifecycle_label(ob: Obligation) -> Text:
    """Whose step it is, whether it is an optional one and until when it is in force."""
    zh, en = [ROLE[ob.role].zh], [ROLE[ob.role].en]
    if ob.optional:
        zh.append("可选，已启用" if ob.active else "可选，未启用（deadlines activate 启用）")
        en.append("optional, active" if ob.active else "optional, not active (deadlines activate)")
    if ob.until is not None:
        zh.append(f"政策有效期至 {ob.until.isoformat()}")
        en.append(f"in force until {ob.until.isoformat()}")
    return Text("；".join(zh), "; ".join(en))


def lifecycle_status(ob: Obligation, occ: Occurrence, today: date) -> str | None:
    """The status a step's lifecycle gives it (its policy ended, not yet activated, not the user's own step),
    or None for a duty's own status."""
    if ob.until is not None and today > ob.until:
        return "ended"  # nothing is due, open or blocked under a policy that has ended
    if ob.optional and not ob.active:
        return "optional"
    if occ.kind == "ban" or ob.role == "duty":
        return None
    if ob.role == "authority":
        return "expected" if today <= occ.due else "past"
    if occ.kind == "in_force":
        return "in_force" if today >= occ.due else "not_yet"
    if occ.kind in ("sunset", "window", "validity"):
        if occ.opens is not None and today < occ.opens:
            return "not_yet"
        return "in_force" if today <= (occ.expires or occ.due) else "ended"
    return "not_yet" if today <= occ.due else "past"


def _until_line(until: date) -> Text:
    return Text(
        f"政策有效期至{until.isoformat()}，此后不再发生。",
        f"The policy is in force until {until.isoformat()}; nothing after that.",
    )


def _lifecycle_lines(ob: Obligation, occ: Occurrence, cut: date | None) -> tuple[Text, ...]:
    """The explanation lines the obligation's lifecycle adds to an occurrence (`cut`: the window's own end)."""
    lines: list[Text] = []
    if cut is not None:
        lines.append(
            Text(
                f"窗口原定至 {cut.isoformat()}，政策有效期至 {occ.due.isoformat()}：截止日提前到 {occ.due.isoformat()}。",
                f"The window was to run to {cut.isoformat()}; the policy ends on {occ.due.isoformat()}, so it closes then.",
            )
        )
    if ob.reading:
        lines.append(Text(f"解读：{ob.reading}", f"Reading: {ob.reading}"))
    if ob.minimum:
        first = occ.due + timedelta(days=1)
        lines.append(
            Text(
                f"「至少」是最短期限：最早于 {occ.due.isoformat()} 届满，{first.isoformat()} 起可由本单位确认结束（deadlines done {ob.key}），此前一直有效。",
                f"'At least' is a minimum: it can end at the earliest on {occ.due.isoformat()}; from {first.isoformat()} "
                f"the user ends it (deadlines done {ob.key}), until then it stays in force.",
            )
        )
    if ob.until is not None and occ.kind != "sunset":
        lines.append(_until_line(ob.until))
    return tuple(lines)


def bounded(ob: Obligation, occurrences: Iterator[Occurrence]) -> Iterator[Occurrence]:
    """The occurrences up to the obligation's `until`, with its lifecycle explained.

    An occurrence that starts after `until` is not generated; a window open on
    that day is cut short at it.
    """
    for occ in occurrences:
        if ob.until is not None and (occ.opens or occ.due) > ob.until and occ.kind not in ("sunset", "in_force"):
            return
        cut = None
        if ob.until is not None and occ.due > ob.until and occ.kind == "window":
            cut = occ.due
            occ = replace(occ, due=ob.until, earliest=min(occ.earliest or occ.due, ob.until), latest=ob.until)
        if occ.explanation:
            occ = replace(occ, explanation=occ.explanation + _lifecycle_lines(ob, occ, cut))
        yield occ


def ended_occurrence(until: date) -> Occurrence:
    """What stands for a rule whose policy ended before any occurrence."""
    return Occurrence("until", until, None, "sunset", explanation=(_until_line(until),))
