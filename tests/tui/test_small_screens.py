"""Every screen and dialog at 80x24 and 120x40: the primary button on screen, stacked panes under
100 columns, keyboard focus that never lands on an invisible container, Esc backing out one level,
and every word of the Chinese interface in Chinese."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList, Select, Static

from deadlines.store import Store
from deadlines.tui.app import DeadlinesApp
from deadlines.tui.screens.dashboard import DashboardScreen
from deadlines.tui.screens.done_form import DoneForm
from deadlines.tui.screens.export_screen import ExportScreen
from deadlines.tui.screens.profile import ProfileScreen
from deadlines.tui.widgets.agenda_table import MIN_TITLE, AgendaTable
from tests.tui.conftest import SAMPLE, AppFactory, ob, open_add_form, screen_text, seed, settle

SIZES = [(80, 24), (120, 40)]
EXAMPLE = Path(__file__).parents[2] / "examples" / "obligations.csv"


def on_screen(app: DeadlinesApp, widget: Widget) -> bool:
    """Whether the widget is drawn, unclipped and on top, where the user can see it (its centre and corners)."""
    region = widget.region
    if region.area == 0 or region != widget.screen.find_widget(widget).region:
        return False
    points = [region.center, (region.x, region.y), (region.right - 1, region.bottom - 1)]
    return all(app.screen.get_widget_at(x, y)[0] in (widget, *widget.query("*")) for x, y in points)


async def open_import(pilot: Pilot[None]) -> None:
    await pilot.press("i")
    pilot.app.screen.query_one("#import-path", Input).value = str(EXAMPLE)
    await pilot.press("enter")  # previews the file (writes nothing)


async def open_profile(pilot: Pilot[None]) -> None:
    await pilot.press("p")
    await settle(pilot)
    await pilot.press(*"jfjl")  # 积分奖励: the CAS training credits profile, 11 obligations in the preview


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)


DIALOGS: dict[str, tuple[Callable[[Pilot[None]], Awaitable[None]], tuple[str, ...]]] = {
    "add": (open_add_form, ("#save", "#cancel")),
    "edit": (lambda p: press(p, "e"), ("#save", "#cancel")),
    "done": (lambda p: press(p, "d"), ("#save", "#cancel")),
    "delete": (lambda p: press(p, "delete"), ("#yes", "#no")),
    "profile": (open_profile, ("#apply", "#cancel")),
    "import": (open_import, ("#preview", "#write", "#cancel")),
    "export": (lambda p: press(p, "o"), ("#export", "#cancel")),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("dialog", list(DIALOGS))
async def test_every_dialog_keeps_its_buttons_and_its_keys_in_view(
    store: Store, app_for: AppFactory, dialog: str, size: tuple[int, int]
) -> None:
    seed(store, SAMPLE)
    app = app_for()
    opener, buttons = DIALOGS[dialog]
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await opener(pilot)
        await settle(pilot)
        screen = app.screen
        assert not isinstance(screen, DashboardScreen)
        dialog_box = screen.query_one(".dialog")
        assert dialog_box.region.width <= size[0] and dialog_box.region.height <= size[1]
        for button in buttons:
            assert on_screen(app, screen.query_one(button)), f"{button} of {dialog} is off screen at {size}"
        # the footer shows this dialog's own keys, in Chinese
        footer = screen.query_one(Footer)
        assert on_screen(app, footer)
        shown = {b.binding.description for b in screen.active_bindings.values() if b.binding.show}
        assert shown and all(any("\u4e00" <= ch <= "\u9fff" for ch in d) for d in shown), shown


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_welcome_and_help_fit(store: Store, app_for: AppFactory, size: tuple[int, int]) -> None:
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert on_screen(app, app.screen.query_one("#profile"))
        assert on_screen(app, app.screen.query_one("#add"))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        body = app.screen.query_one(".dialog")
        assert body.has_focus, "the help text has the focus, so ↑↓ scroll it"
        assert body.region.width <= size[0]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_dashboard_stacks_under_100_columns_and_titles_stay_readable(
    store: Store, app_for: AppFactory, size: tuple[int, int]
) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table, detail = app.query_one(AgendaTable), app.query_one("#detail")
        if size[0] < 100:
            assert detail.region.y > table.region.y and detail.region.width == table.region.width == size[0]
        else:
            assert detail.region.x > table.region.x and detail.region.y == table.region.y
        title_width = dict(table.columns(table.size.width))[3]
        assert title_width >= 24 > MIN_TITLE, title_width  # the issue saw 5 characters
        text = screen_text(app)
        assert "企业标准自我声明公开信息更新" in text  # the whole of a 14-character title
        assert "^p 命令" in text and "palette" not in text


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_calendar_agenda_is_readable(store: Store, app_for: AppFactory, size: tuple[int, int]) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        listing = app.screen.query_one("#month-list")
        assert listing.region.width >= 40 and listing.region.height >= 5, listing.region
        assert "报送年度标准实施情况报告" in screen_text(app)


async def test_profile_dialog_tab_goes_from_visible_field_to_visible_field(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_profile(pilot)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProfileScreen)
        assert screen.focused is screen.query_one("#profile-search")
        for _ in range(6):
            await pilot.press("tab")
            await settle(pilot)
            focused = screen.focused
            assert isinstance(focused, (Input, OptionList, Select)) or focused.id in ("apply", "cancel"), focused
            assert on_screen(app, focused), f"{focused} has the focus but cannot be seen"
        # the labels stand on their own line, never running into a placeholder
        label = screen.query_one("#params .param-label", Static)
        assert str(label.render()) == "培训结束日期"


async def test_enter_in_a_text_field_never_finishes_a_dialog(store: Store, app_for: AppFactory, tmp_path: Path) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        screen = app.screen
        screen.query_one("#export-path", Input).value = str(tmp_path / "out.json")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen) and not (tmp_path / "out.json").exists()
        menu = screen.query_one("#export-format", Select)
        assert menu.expanded and app.screen.focused in menu.query("*"), "Enter opens the format menu"
        await pilot.press("escape")  # closes the menu only: one level
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen) and not menu.expanded
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("d")
        await pilot.press(*"回执", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DoneForm) and store.completions() == []


async def test_every_input_shows_where_the_focus_is(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        done_on, evidence = app.screen.query_one("#done-on", Input), app.screen.query_one("#evidence", Input)
        assert evidence.has_focus
        focused_bg, blurred_bg = evidence.rich_style.bgcolor, done_on.rich_style.bgcolor
        assert focused_bg != blurred_bg, "the focused field has its own background, not only a one-cell cursor"


async def test_escape_in_a_filter_menu_clears_the_filters(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        menu = app.screen.query_one("#filter-status", Select)
        menu.value = "overdue"
        menu.focus()
        await settle(pilot)
        assert len(app.query_one(AgendaTable).rows) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.query_one(AgendaTable).rows) == len(SAMPLE)
        assert app.query_one(AgendaTable).has_focus


async def test_sort_keys_and_the_urgency_order(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.query_one(AgendaTable)
        # 2026-11-21: report overdue (11-16), today, the window due 11-27, summary 12-15, yearly 2027-04-30 …
        # spring (provisional 2027-02-09 at the earliest) before yearly: by the date, not by status
        assert [r.key for r in table.rows] == ["report", "today", "window", "summary", "spring", "yearly"]
        await pilot.press("T")  # by title, in pinyin: bao, chun, nian, qi (企业标准年度自查 / 自我声明), tuan
        await settle(pilot)
        assert [r.key for r in table.rows] == ["report", "spring", "summary", "yearly", "today", "window"]
        await pilot.press("T")  # again: reversed
        await settle(pilot)
        assert [r.key for r in table.rows][0] == "window"
        await pilot.press("O")  # by owner: li, wang, then those without, each by date
        await settle(pilot)
        assert [r.key for r in table.rows] == ["report", "summary", "today", "window", "spring", "yearly"]
        assert "排序：负责人" in str(app.screen.query_one("#summary", Static).render()).replace("\xa0", " ")
        await pilot.press("D")
        await settle(pilot)
        assert [r.key for r in table.rows][:2] == ["report", "today"]


async def test_palette_finds_obligations_by_pinyin_initials_and_profiles_by_name(
    store: Store, app_for: AppFactory
) -> None:
    seed(store, [*SAMPLE, ob("leader", "企业标准“领跑者”评估材料报送", "每年6月30日前")])
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"lpz")
        for _ in range(40):  # the palette searches in a task of its own, not a worker
            await pilot.pause(0.05)
            if "领跑者" in screen_text(app):
                break
        assert "企业标准“领跑者”评估材料报送" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.query_one(AgendaTable).selected_key == "leader"
        # the framework's entries are in Chinese too
        titles = [str(c.title) for c in app.get_system_commands(app.screen)]
        assert "主题" in titles and "退出" in titles and not {"Theme", "Quit", "Keys", "Screenshot"} & set(titles)
        await pilot.press("ctrl+p")
        await pilot.press(*"hainan")
        for _ in range(40):
            await pilot.pause(0.05)
            if "档案：" in screen_text(app):
                break
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProfileScreen)
        assert screen.profile is not None and screen.profile.name.startswith("hainan")


async def test_chinese_words_for_cycles_and_history(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        text = screen_text(app)
        assert "期次 一次性" in text and "once" not in text
        await pilot.press("tab", "ctrl+s")
        await settle(pilot)
        app.query_one(AgendaTable).move_to("report")
        await settle(pilot)
        detail = screen_text(app)
        assert "标记完成" in detail and "complete" not in detail


async def test_a_chinese_toast_shows_every_character_at_80x24(
    store: Store, app_for: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The issue saw 「已导出 24 项到 …」 drawn as 「已导出 24      …」: here each line of the toast is read back
    # from the drawn screen, so a character lost in the drawing (not only in the message) fails the test.
    seed(store, SAMPLE)
    folder = tmp_path / "导出"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(folder)
    app = app_for()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        for _ in range(40):  # the toast rack is refreshed after the notification, on a later tick
            text = screen_text(app)
            if "已导出" in text:
                break
            await pilot.pause(0.05)
        assert "已导出 6 项到" in text and "~/导出/deadlines-2026-11-21.json" in text


async def test_the_detail_scrolls_from_the_table_and_names_parameters_by_their_labels(
    store: Store, app_for: AppFactory
) -> None:
    registration = ob(
        "cas-training-credits/basic-credit-registration",
        "基础学习积分登记",
        "培训结束后10个工作日内",
        trigger="training_end",
        params={"training_end": "2026-11-13"},
        profile="cas-training-credits",
    )
    seed(store, [*SAMPLE, registration])
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.query_one(AgendaTable)
        table.move_to(registration.key)
        await settle(pilot)
        text = screen_text(app)
        assert "培训结束日期 2026-11-13" in text and "training_end" not in text
        detail = app.query_one("#detail")
        assert detail.scroll_y == 0 and detail.max_scroll_y > 0
        await pilot.press("shift+down")
        await settle(pilot)
        assert detail.scroll_y > 0 and table.has_focus
