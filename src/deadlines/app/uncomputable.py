"""Obligations whose dates cannot be computed today, for `deadlines doctor` (and any front end) to list.

An obligation is uncomputable when its current occurrence cannot be found
(status invalid: a broken trigger, a chain loop, a missing parameter) or when
its reminder stages cannot be (a lead time reaching before 2004, an absurd
period). `remind` and `export --format ics` skip such obligations one by
one and report them; this lists them all, whether or not one is due.
"""

from __future__ import annotations

from deadlines.app.workspace import Workspace
from deadlines.core.agenda import stage_dates
from deadlines.core.errors import DeadlinesError
from deadlines.core.uncomputable import NO_OCCURRENCE, Uncomputable


def uncomputable(ws: Workspace) -> list[Uncomputable]:
    """Each obligation whose dates cannot be computed on the workspace's today, with why, in key order."""
    found = []
    for item in sorted(ws.ledger().agenda(ws.calendar_for, ws.today), key=lambda i: i.obligation.key):
        ob, occ = item.obligation, item.occurrence
        if item.status == "invalid":
            found.append(Uncomputable(ob.key, item.problem or NO_OCCURRENCE))
            continue
        if occ is None:
            continue
        try:
            stage_dates(occ.earliest or occ.due, ob.leads, ws.calendar_for(ob.region))
        except DeadlinesError as error:
            found.append(Uncomputable(ob.key, error.text))
    return found
