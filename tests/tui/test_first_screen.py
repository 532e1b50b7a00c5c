"""The first screen through the next-action index (issue #14 point 7): with the index built, the dashboard
first shows what needs action within 30 days, says the rest is being read, then shows everything — and a
database whose first screen happens to be empty is not mistaken for an empty database (no welcome screen)."""

from __future__ import annotations

from datetime import timedelta

from deadlines.app import index
from deadlines.app.workspace import Workspace
from deadlines.core.clock import Clock
from deadlines.store import Store
from deadlines.store.ledger import Ledger
from deadlines.tui import make_app
from deadlines.tui.rows import FIRST_SCREEN_DAYS, READING_THE_REST, load_agenda
from deadlines.tui.screens.welcome import WelcomeScreen
from deadlines.tui.widgets.agenda_table import AgendaTable
from tests.tui.conftest import SAMPLE, SIZE, TODAY, calendar_for, ob, seed, settle

LATER = [ob(f"later-{i}", f"远期备案{i}", f"2027年{m}月28日前") for i, m in enumerate(range(3, 12))]
"""Deadlines from March to November 2027: nothing to do about them within 30 days of 2026-11-21."""


def workspace(store: Store) -> Workspace:
    ws = Workspace.of(store, calendar_for, Clock(today_override=TODAY))
    index.refresh(ws)
    return ws


def test_the_first_reading_is_what_needs_action_soon_and_says_so(store: Store) -> None:
    seed(store, [*SAMPLE, *LATER])
    ws = workspace(store)
    first = load_agenda(ws.ledger(due_by=TODAY + timedelta(days=FIRST_SCREEN_DAYS)), calendar_for, TODAY)
    assert not first.complete and not any(key.startswith("later-") for key in first.items)
    assert {"report", "today", "window", "summary"} <= set(first.items)
    assert first.warning is not None and first.warning.startswith(READING_THE_REST.zh)
    whole = load_agenda(Ledger.read(store), calendar_for, TODAY)
    assert whole.complete and set(whole.items) == {o.key for o in [*SAMPLE, *LATER]}
    assert whole.warning is None or READING_THE_REST.zh not in whole.warning


async def test_the_dashboard_ends_with_every_row_and_no_welcome_when_nothing_is_due_soon(store: Store) -> None:
    seed(store, LATER)
    app = make_app(workspace(store), poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, WelcomeScreen) and not app._welcomed  # not even for a moment
        assert app.agenda is not None and app.agenda.complete
        assert {row.item.obligation.key for row in app.query_one(AgendaTable).rows} == {o.key for o in LATER}
