"""The display never rewrites data (issue 15 item 10): titles in table cells are the user's characters."""

from __future__ import annotations

from rich.cells import cell_len

from deadlines.store import Store
from deadlines.tui.widgets.agenda_table import AgendaTable
from tests.tui.conftest import AppFactory, ob, seed, settle


def line(table: AgendaTable, y: int) -> str:
    return table.render_line(y).text


async def test_table_shows_titles_exactly_as_written(store: Store, app_for: AppFactory) -> None:
    """The display never rewrites data (issue 15 item 10: 「Q/XYZ 001—2024」 became 「001-2024」, “领跑者”
    became 「领跑者」): the cell holds the user's characters, and the columns after it still line up."""
    titles = {
        "leader": "企业标准“领跑者”评估材料报送",
        "std": "《Q/XYZ 001—2024》自我声明公开…",
        "circled": "①年度报告 · 温度≤25℃",
    }
    seed(
        store,
        [
            ob(key, title, f"2026年12月{n}日前", owners=(f"{key}@example.com",))
            for n, (key, title) in enumerate(titles.items(), 1)
        ],
    )
    for size in ((80, 24), (120, 40)):
        app = app_for()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            table = app.query_one(AgendaTable)
            rows = [line(table, y) for y in (1, 2, 3)]
            for title in titles.values():
                assert sum(title in r for r in rows) == 1, (size, title, rows)
            # every row is the table's width and the title starts at the same cell in each (tmux at 80x24 and
            # 120x40 draws the detail pane's border straight beside these rows)
            assert {cell_len(r) for r in rows} == {table.size.width}
            starts = {cell_len(r[: r.index(next(t for t in titles.values() if t in r))]) for r in rows}
            assert len(starts) == 1, (size, rows)
