"""Import with a dry-run preview before writing, and export, checked in the store and on disk."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Button, Checkbox, Input, Select, Static

from deadlines.store import Store
from deadlines.tui.screens.dashboard import DashboardScreen
from deadlines.tui.screens.export_screen import ExportScreen
from deadlines.tui.screens.import_screen import ImportScreen
from tests.tui.conftest import SAMPLE, SIZE, AppFactory, screen_text, seed, settle

CSV = """key,title,rule,start,owners,tags,notes
new-a,报送统计年报,每年3月31日前,,li@example.com,统计,
new-b,培训学分登记,培训结束后10个工作日内,2026-11-10,,学分,
bad,规则写错的一行,每年13月1日前,,,,
summary,年度标准化工作总结,每年12月1日至12月15日,,zhao@example.com,总结,改由赵负责
"""


async def test_import_previews_then_writes_and_undo_takes_it_back(
    store: Store, app_for: AppFactory, tmp_path: Path
) -> None:
    seed(store, SAMPLE)
    source = tmp_path / "obligations.csv"
    source.write_text(CSV, encoding="gb18030")  # as Excel on Chinese Windows saves it
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-path", Input).value = str(source)
        await pilot.press("enter")
        await settle(pilot)
        preview = screen_text(app)
        assert "gb18030" in preview and "新增 2，更新 1，未变 0，无效 1" in preview
        assert "每年13月1日前" in preview
        assert screen.query_one("#write", Button).disabled  # an invalid row blocks writing…
        assert store.obligation("new-a") is None  # …and the preview wrote nothing
        screen.query_one("#skip-invalid", Checkbox).value = True
        await pilot.pause()
        assert not screen.query_one("#write", Button).disabled  # …unless the valid rows are wanted
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        new_a, summary = store.obligation("new-a"), store.obligation("summary")
        assert new_a is not None and new_a["owners"] == ["li@example.com"] and new_a["tags"] == ["统计"]
        assert store.obligation("new-b") is not None and store.obligation("bad") is None
        assert summary is not None and summary["owners"] == ["zhao@example.com"] and summary["notes"] == "改由赵负责"
        await pilot.press("u")
        await settle(pilot)
    assert store.obligation("new-a") is None and store.obligation("new-b") is None
    summary = store.obligation("summary")
    assert summary is not None and summary["owners"] == ["wang@example.com"] and summary["notes"] == ""


async def test_import_of_a_missing_file_says_so(store: Store, app_for: AppFactory, tmp_path: Path) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "nope.csv")
        await pilot.press("enter")
        await settle(pilot)
        text = str(app.screen.query_one("#import-preview", Static).render())
        assert text == f"无法读取 {tmp_path / 'nope.csv'}：找不到该文件，请检查路径"  # one line, in Chinese
        assert app.screen.query_one("#write", Button).disabled


async def test_export_csv_json_and_ics(store: Store, app_for: AppFactory, tmp_path: Path) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for fmt in ("csv", "json", "ics"):
            await pilot.press("o")
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            screen.query_one("#export-format", Select).value = fmt
            await pilot.pause()
            screen.query_one("#export-path", Input).value = str(tmp_path / f"out.{fmt}")
            await pilot.press("ctrl+s")
            await settle(pilot)
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("key,title,rule") and len(lines) == 1 + len(SAMPLE)
    docs = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert {d["key"] for d in docs} == {o.key for o in SAMPLE}
    assert "BEGIN:VCALENDAR" in (tmp_path / "out.ics").read_text(encoding="utf-8")


async def test_export_suffix_follows_the_format(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        path = app.screen.query_one("#export-path", Input)
        assert path.value.endswith("deadlines-2026-11-21.json")
        app.screen.query_one("#export-format", Select).value = "ics"
        await pilot.pause()
        assert path.value.endswith("deadlines-2026-11-21.ics")
        await pilot.press("escape")
