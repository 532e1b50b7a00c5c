"""Regression (issue 9): the TUI's import checks regions exactly as `deadlines import` does."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input

from deadlines.store import Store
from deadlines.tui.screens.import_screen import ImportScreen
from tests.tui.conftest import SAMPLE, SIZE, AppFactory, screen_text, seed, settle


async def test_tui_import_refuses_an_unknown_region_like_the_cli(
    store: Store, app_for: AppFactory, tmp_path: Path, cli
) -> None:
    """A row with region `atlantis` used to be written from the TUI (the CLI refused it), after which
    every `deadlines list` on the database exited 1."""
    seed(store, SAMPLE)
    source = tmp_path / "rows.csv"
    source.write_text("key,title,rule,region\nx,报送年报,每年3月31日前,atlantis\n", encoding="utf-8")
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(source)
        await pilot.press("enter")
        await settle(pilot)
        assert "atlantis" in screen_text(app)
        assert screen.query_one("#write", Button).disabled
    assert store.obligation("x") is None
    refused = cli("--db", str(store.path), "import", str(source))
    assert refused.exit_code == 1 and "atlantis" in refused.stderr
