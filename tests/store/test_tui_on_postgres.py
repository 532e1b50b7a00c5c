"""The TUI on a shared PostgreSQL database (issue 14): the dashboard shows what is stored, and a change
written by another process (another officer's terminal, cron, a script) appears by itself, through the
store's cheap version poll, without a restart."""

from __future__ import annotations

from deadlines.app import changes
from deadlines.app.workspace import Workspace
from deadlines.core.clock import Clock
from deadlines.store import open_store
from deadlines.tui import make_app
from deadlines.tui.widgets.agenda_table import AgendaTable
from tests.store.pgserver import running_server
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


async def test_when_the_server_goes_away_the_tui_says_so_once_and_keeps_the_last_data_read_only() -> None:
    """README "For teams": an unreachable server is one message, not a crash or a toast every poll; the rows
    read before stay, and a change is refused rather than half-written."""
    with running_server() as server:
        url = server.new_database("goes_away")
        store = open_store(url, who="officer-1")
        store.migrate()  # type: ignore[union-attr]
        seed(store, SAMPLE)  # type: ignore[arg-type]
        app = make_app(Workspace.of(store, calendar_for, Clock(today_override=TODAY)), poll_interval=0.2)  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            table = app.query_one(AgendaTable)
            shown = {row.item.obligation.key for row in table.rows}
            assert shown == {o.key for o in SAMPLE}
            server.stop()
            for _ in range(50):
                await pilot.pause(0.1)
                if app.offline:
                    break
            await pilot.pause(1.0)  # several more polls
            messages = [n.message for n in app._notifications]
            assert app.offline and "离线" in app.sub_title
            assert sum("无法连接数据库" in m for m in messages) == 1, messages
            assert "password" not in " ".join(messages) and "s3cret" not in " ".join(messages)
            assert {row.item.obligation.key for row in table.rows} == shown
            app.write(lambda: changes.delete(app.services, [SAMPLE[0].key]))  # what every change goes through
            await pilot.pause(0.5)
            assert any("现在不能修改" in n.message for n in app._notifications)
