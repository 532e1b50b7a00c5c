"""The TUI on a shared PostgreSQL database (issue 14): the dashboard shows what is stored, and a change
written by another process (another officer's terminal, cron, a script) appears by itself, through the
store's cheap version poll, without a restart."""

from __future__ import annotations

from deadlines.app.workspace import Workspace
from deadlines.core.clock import Clock
from deadlines.store import open_store
from deadlines.tui import make_app
from deadlines.tui.widgets.agenda_table import AgendaTable
from tests.tui.conftest import SAMPLE, SIZE, TODAY, calendar_for, ob, seed, settle


async def test_the_dashboard_follows_another_writer_on_postgres(pg_url: str) -> None:
    store = open_store(pg_url, who="officer-1")
    seed(store, SAMPLE)  # type: ignore[arg-type]
    app = make_app(Workspace.of(store, calendar_for, Clock(today_override=TODAY)), poll_interval=0.2)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.query_one(AgendaTable)
        assert {row.item.obligation.key for row in table.rows} == {o.key for o in SAMPLE}
        other = open_store(pg_url, who="officer-2")  # another machine's connection
        other.upsert_obligations([ob("new", "新增的报送", "2026年11月25日前").to_record()], action="test")  # type: ignore[union-attr]
        for _ in range(50):
            await pilot.pause(0.1)
            await settle(pilot)
            if "new" in {row.item.obligation.key for row in table.rows}:
                break
        assert "new" in {row.item.obligation.key for row in table.rows}
