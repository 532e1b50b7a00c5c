"""The dashboard: urgency order, counts, filters, the detail pane, wide characters lining up."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Input, Select, Static

from deadlines.store import Store
from deadlines.tui.screens.dashboard import DashboardScreen
from deadlines.tui.widgets.agenda_table import AgendaTable
from deadlines.tui.widgets.detail import DetailPane
from tests.tui.conftest import SAMPLE, SIZE, AppFactory, ob, screen_text, seed, settle


def keys(table: AgendaTable) -> list[str]:
    return [row.key for row in table.rows]


def line(table: AgendaTable, y: int) -> str:
    return table.render_line(y).text


async def test_rows_sorted_by_urgency_with_counts_and_warning(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.query_one(AgendaTable)
        assert keys(table) == ["report", "today", "window", "summary", "spring", "yearly"]
        assert [r.status for r in table.rows] == [
            "overdue",
            "due_today",
            "window_open",
            "due_soon",
            "upcoming",
            "upcoming",
        ]
        summary = str(app.screen.query_one("#summary", Static).render()).replace("\xa0", " ")
        assert "已逾期 1" in summary and "今日到期 1" in summary and "显示 6/6" in summary
        assert "~ 推算日期" in summary
        spring = next(r for r in table.rows if r.key == "spring")
        assert spring.provisional and spring.cells[1].endswith("~")
        warning = app.screen.query_one("#warning", Static)
        assert warning.display and "2027 年的官方节假日安排尚未导入" in str(warning.content)


async def test_filters_narrow_in_memory_and_escape_clears(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        table = app.query_one(AgendaTable)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"年度")
        assert keys(table) == ["report", "window", "summary", "yearly"]
        await pilot.press("q", "a", "backspace", "backspace")  # letters are typed, not actions
        assert isinstance(app.screen, DashboardScreen) and app.focused is screen.query_one("#filter-text")
        await pilot.press("enter")
        assert app.focused is table
        # free text also matches keys, tags and the citation
        screen.query_one("#filter-text", Input).value = "第71行"
        await pilot.pause()
        assert keys(table) == ["spring"]
        screen.query_one("#filter-text", Input).value = ""
        screen.query_one("#filter-status", Select).value = "upcoming"
        await pilot.pause()
        assert keys(table) == ["spring", "yearly"]
        screen.query_one("#filter-status", Select).clear()
        screen.query_one("#filter-tag", Select).value = "总结"
        await pilot.pause()
        assert keys(table) == ["summary"]
        screen.query_one("#filter-tag", Select).clear()
        screen.query_one("#filter-owner", Select).value = "li@example.com"
        await pilot.pause()
        assert keys(table) == ["report"]
        screen.query_one("#filter-owner", Select).clear()
        screen.query_one("#filter-profile", Select).value = "leader-jiangsu"
        await pilot.pause()
        assert keys(table) == ["yearly"]
        assert "显示 1/6" in str(screen.query_one("#summary", Static).render()).replace("\xa0", " ")
        table.focus()
        await pilot.press("escape")
        assert len(table.rows) == 6 and not screen.filter.active
        # nothing matches: the table says so
        screen.query_one("#filter-text", Input).value = "没有这个词"
        await pilot.pause()
        assert table.rows == () and "没有符合筛选条件" in line(table, 2)


async def test_two_wide_character_titles_line_up(store: Store, app_for: AppFactory) -> None:
    """Columns after a CJK title start at the same cell, whatever mix of wide and narrow characters."""
    seed(
        store,
        [
            ob("a", "国家税务总局北京市税务局“年度”报告…", "2026年12月1日前", owners=("a@example.com",)),
            ob("b", "ISO 9001 认证 复审", "2026年12月2日前", owners=("b@example.com",)),
        ],
    )
    app = app_for()
    async with app.run_test(size=(140, 20)) as pilot:
        await settle(pilot)
        table = app.query_one(AgendaTable)
        first, second = line(table, 1), line(table, 2)
        assert cell_len(first) == cell_len(second) == table.size.width
        at_a = cell_len(first[: first.index("a@example.com")])
        at_b = cell_len(second[: second.index("b@example.com")])
        assert at_a == at_b
        # the title is shown as written (cut to its column): the ambiguous-width “” are not replaced
        assert "“年度”报告" in first


async def test_detail_pane_explains_the_selected_date(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.query_one(AgendaTable)
        assert table.move_to("spring")
        await settle(pilot)
        text = str(app.query_one("#detail-body", Static).content)
        assert "春节后培训登记" in text and "000 第71行" in text
        assert "跳过的休息日" in text and "春节" in text
        assert "计入的调休上班日" in text
        assert "推算：最早 2027-02-09，最晚 2027-02-16" in text
        assert "接下来的期次" in text and "完成记录" in text
        assert app.query_one(DetailPane).display


async def test_empty_filtered_list_and_keyboard_moves(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.query_one(AgendaTable)
        await pilot.press("end")
        assert table.selected_key == "yearly"
        await pilot.press("home", "down", "j")
        assert table.selected_key == "window"
        await pilot.press("k")
        assert table.selected_key == "today"


async def test_the_dashboard_lists_duties_and_v_shows_the_other_roles(store: Store, app_for: AppFactory) -> None:
    """Issue 11: the issuing body's steps (预计) and policy information (未到/生效中) are not the user's
    deadlines: the dashboard lists duties by default, and v shows the others."""
    seed(store, SAMPLE)
    seed(
        store,
        [
            ob("publicity", "拟获奖名单公示", "2026年12月10日前", role="authority"),
            ob("policy-end", "政策有效期", "有效期至2027年12月31日", role="info"),
        ],
    )
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = {row.item.obligation.key for row in app.query_one(AgendaTable).rows}
        assert shown == {o.key for o in SAMPLE}
        assert "v 另显示2项" in screen_text(app).replace("\u00a0", " ")
        await pilot.press("v")
        await settle(pilot)
        shown = {row.item.obligation.key for row in app.query_one(AgendaTable).rows}
        assert {"publicity", "policy-end"} <= shown
