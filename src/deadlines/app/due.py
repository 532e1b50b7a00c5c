"""What is due: the items `deadlines due` lists, read through the next-action index.

Only the obligations whose stored next due date is on or before the
horizon (or unknown) are computed (`Workspace.ledger(due_by=…)`), without the
completions of cycles already behind them; the index guarantees that none left
out could be listed, and that the current occurrences are found as from every
completion (`core.next_action`).
"""

from __future__ import annotations

from datetime import timedelta

from deadlines.app.workspace import Workspace
from deadlines.core.agenda import Item
from deadlines.core.urgency import is_due


def due(ws: Workspace, within: int) -> list[Item]:
    """The items overdue or due within `within` days of the workspace's today, in the agenda's order."""
    horizon = ws.today + timedelta(days=within)
    return [
        item
        for item in ws.ledger(due_by=horizon, history=False, stages=False).agenda(ws.calendar_for, ws.today)
        if is_due(item, horizon)
    ]
