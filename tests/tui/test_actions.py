"""Every action, driven by keys as a user would, checked in the store afterwards."""

from __future__ import annotations

import io
from datetime import date

from rich.console import Console
from textual.widgets import Input, OptionList, Static

from deadlines.store import Store
from deadlines.store.ledger import Ledger
from deadlines.tui.screens.confirm import ConfirmScreen
from deadlines.tui.screens.dashboard import DashboardScreen
from deadlines.tui.screens.done_form import DoneForm
from deadlines.tui.screens.duplicates import DuplicatesScreen
from deadlines.tui.screens.obligation_form import ObligationForm
from deadlines.tui.screens.profile import ProfileScreen
from deadlines.tui.widgets.agenda_table import AgendaTable
from tests.tui.conftest import SAMPLE, SIZE, TODAY, AppFactory, ob, seed, settle


def plain(renderable: object) -> str:
    """A Rich renderable (the profile preview's table) as the text it draws, 100 cells wide."""
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


def preview_text(app: object) -> str:
    return str(app.screen.query_one("#preview", Static).content)  # type: ignore[attr-defined]


async def test_add_with_live_preview_and_inline_rule_error(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, ObligationForm)
        await pilot.press(*"基础学分登记", "tab", *"培训结束后10个工作日")
        await settle(pilot)
        assert "无法计算" in preview_text(app)  # no start date yet
        await pilot.press(*"内", "tab", *"2026-09-28")
        await settle(pilot)
        text = preview_text(app)
        assert "2026-10-16（周五）" in text and "国庆节" in text and "计入的调休上班日" in text
        app.screen.query_one("#f-rule", Input).value = "每年13月1日前"
        await settle(pilot)
        assert "无法计算" in preview_text(app)
        app.screen.query_one("#f-rule", Input).value = "培训结束后10个工作日内"
        app.screen.query_one("#f-owners", Input).value = "li@example.com"
        app.screen.query_one("#f-tags", Input).value = "学分，培训"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    added = [o for o in Ledger.read(store).obligations.values() if o.title == "基础学分登记"]
    assert len(added) == 1
    assert added[0].rule == "培训结束后10个工作日内" and added[0].start == date(2026, 9, 28)
    assert added[0].owners == ("li@example.com",) and added[0].tags == ("学分", "培训")
    assert added[0].since == TODAY


async def test_add_refuses_a_bad_owner_and_keeps_the_form(store: Store, app_for: AppFactory) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # leave the welcome screen
        await pilot.press("a")
        form = app.screen
        form.query_one("#f-title", Input).value = "年度总结"
        form.query_one("#f-rule", Input).value = "每年12月1日至12月15日"
        form.query_one("#f-owners", Input).value = "not-an-address"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "not-an-address" in str(form.query_one("#form-error", Static).render())
        await pilot.press("escape")
    assert store.obligations() == []


async def test_edit_changes_the_stored_obligation_and_undo_puts_it_back(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one(AgendaTable).move_to("summary")
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ObligationForm)
        assert form.query_one("#f-key", Input).disabled
        form.query_one("#f-rule", Input).value = "每年11月25日至12月5日"
        form.query_one("#f-notes", Input).value = "提前到十一月"
        await pilot.press("ctrl+s")
        await settle(pilot)
        changed = store.obligation("summary")
        assert changed is not None and changed["rule"] == "每年11月25日至12月5日" and changed["notes"] == "提前到十一月"
        assert changed["title"] == "年度标准化工作总结" and changed["owners"] == ["wang@example.com"]
        assert app.agenda is not None and app.agenda.items["summary"].due == date(2026, 12, 5)
        await pilot.press("u")
        await settle(pilot)
    back = store.obligation("summary")
    assert back is not None and back["rule"] == "每年12月1日至12月15日" and back["notes"] == ""


async def test_done_with_evidence_then_undo(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.query_one(AgendaTable).selected_key == "report"
        await pilot.press("d")
        assert isinstance(app.screen, DoneForm)
        assert app.screen.query_one("#done-on", Input).value == "2026-11-21"
        await pilot.press(*"回执 2026-118", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DoneForm), "Enter in the evidence field moves on; it does not save"
        assert app.screen.focused is app.screen.query_one("#save")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [record] = store.completions("report")
        # evidence that it saved: a toast naming the obligation, and the row shows 已完成
        toasts = [str(n.message) for n in app._notifications]
        assert any("已完成「报送年度标准实施情况报告」（期次 一次性" in t for t in toasts), toasts
        assert record["done_on"] == "2026-11-21" and record["evidence"] == "回执 2026-118"
        assert record["occurrence"] == "once" and record["late"] is True
        assert app.agenda is not None and app.agenda.items["report"].status == "done"
        # the cursor stays in place: the next item is selected, not the one that moved to the bottom
        assert app.query_one(AgendaTable).selected_key == "today"
        await pilot.press("u")
        await settle(pilot)
        assert store.completions("report") == []
        assert app.agenda is not None and app.agenda.items["report"].status == "overdue"


async def test_done_on_another_date(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one(AgendaTable).move_to("window")
        await pilot.press("d")
        app.screen.query_one("#done-on", Input).value = "2026年11月20日"
        await pilot.press("ctrl+s")
        await settle(pilot)
    [record] = store.completions("window")
    assert record["done_on"] == "2026-11-20" and record["evidence"] == "" and record["late"] is False


async def test_delete_asks_first_and_undo_restores(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one(AgendaTable).move_to("today")
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert store.obligation("today") is not None
        await pilot.press("delete", "y")
        await settle(pilot)
        assert store.obligation("today") is None
        assert store.obligation("today", include_deleted=True) is not None  # soft: recoverable
        assert "today" not in [r.key for r in app.query_one(AgendaTable).rows]
        await pilot.press("u")
        await settle(pilot)
        assert store.obligation("today") is not None
        assert "today" in [r.key for r in app.query_one(AgendaTable).rows]
        await pilot.press("u")  # nothing left to undo: a notice, no change
        await settle(pilot)
    assert len(store.obligations()) == len(SAMPLE)


async def test_apply_profile_with_parameters(store: Store, app_for: AppFactory) -> None:
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProfileScreen)
        profiles = screen.query_one("#profiles", OptionList)
        await pilot.press(*"jfjl")  # the search box: pinyin initials of 积分奖励
        await settle(pilot)
        assert profiles.option_count == 1 and profiles.get_option_at_index(0).id == "cas-training-credits"
        assert "请填写：培训结束日期" in str(screen.query_one("#profile-preview", Static).render())
        await pilot.press("enter", "enter")  # to the list, then to the first parameter
        await pilot.press(*"2026-09-30")
        await settle(pilot)
        preview = plain(screen.query_one("#profile-preview", Static).content)
        assert "基础学习积分登记" in preview and "2026-10-20" in preview
        screen.query_one("#p-owners", Input).value = "li@example.com"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # SAMPLE's 春节后培训登记 cites 000 第71行, as the profile's 基础学习积分登记 does: the dialog asks
        assert isinstance(app.screen, DuplicatesScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    applied = [r for r in store.obligations() if r.get("profile") == "cas-training-credits"]
    assert len(applied) >= 9  # 11 obligations; the promotion review and the fraud ban need optional dates
    registration = store.obligation("cas-training-credits/basic-credit-registration")
    assert registration is not None and registration["params"]["training_end"] == "2026-09-30"
    assert registration["owners"] == ["li@example.com"]


async def test_first_run_welcome_loads_the_demo_set(store: Store, app_for: AppFactory) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "WelcomeScreen"
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        statuses = {row.status for row in app.query_one(AgendaTable).rows}
        assert {"overdue", "due_today", "window_open", "due_soon", "upcoming", "done"} <= statuses
    records = store.obligations()
    assert len(records) > 10 and all("演示" in r["tags"] for r in records)
    assert len(store.completions("demo/done-statistics")) == 1


async def test_demo_set_twice_changes_nothing_and_undo_removes_it(store: Store, app_for: AppFactory) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        count = len(store.obligations())
        await app.run_action("demo")
        await settle(pilot)
        assert len(store.obligations()) == count and len(store.completions()) == 1
        await pilot.press("u", "u")
        await settle(pilot)
    assert store.obligations() == [] and store.completions() == []


async def test_welcome_apply_profile_choice(store: Store, app_for: AppFactory) -> None:
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "还没有义务" in app.query_one(AgendaTable).render_line(2).text


async def test_edit_form_opened_before_a_cli_change_asks_and_keeps_the_other_change(
    store: Store, app_for: AppFactory, cli
) -> None:
    """Issue 12 point 3: the form is opened, then `deadlines edit summary --owner …` runs in another
    process' place (here the CLI in-process, on the same file); saving the form no longer reverts it.
    The TUI shows who changed what and asks; saving writes only the form's own field."""
    seed(store, SAMPLE)
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one(AgendaTable).move_to("summary")
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ObligationForm)
        edited = cli("--db", str(store.path), "edit", "summary", "--owner", "zhao@example.com")
        assert edited.exit_code == 0, edited.stderr
        form.query_one("#f-notes", Input).value = "表单里写的备注"
        await pilot.press("ctrl+s")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert store.obligation("summary")["notes"] == ""  # nothing saved before the answer
        await pilot.press("y")
        await settle(pilot)
    stored = store.obligation("summary")
    assert stored is not None and stored["notes"] == "表单里写的备注" and stored["owners"] == ["zhao@example.com"]


async def test_x_activates_an_optional_step_and_undo_takes_it_back(store: Store, app_for: AppFactory) -> None:
    """Issue 11: an optional extension request is 可选 (never overdue) until the officer turns it on."""
    seed(store, [ob("extension", "申请延期", "2026年11月30日前", optional=True, active=False)])
    app = app_for()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one(AgendaTable).move_to("extension")
        assert app.agenda is not None and app.agenda.items["extension"].status == "optional"
        await pilot.press("x")
        await settle(pilot)
        assert store.obligation("extension")["active"] is True
        assert app.agenda.items["extension"].status == "due_soon"
        await pilot.press("u")
        await settle(pilot)
    assert store.obligation("extension")["active"] is False
