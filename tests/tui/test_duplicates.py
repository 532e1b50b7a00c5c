"""The TUI asks about likely duplicates (issue 15 point 3: "default: ask in the TUI").

The shipped examples/obligations.csv holds four rows that repeat the CAS training-credits profile under
other keys: cas-award-application, cas-publicity and cas-certificates have the same titles and rules as the
profile's application, publicity-window and certificate-issuance (see tests/cli/test_duplicates.py), and
cas-basic-credit-2026-09 cites the same line as basic-credit-registration (000 第71行). Applying the profile over the imported file, or importing the file over the applied
profile, must show the four and let the user choose, from the keyboard, at 80x24 and 120x40.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from deadlines import paths
from deadlines.app import transfer
from deadlines.app.workspace import Workspace
from deadlines.core.clock import Clock
from deadlines.core.models import Obligation
from deadlines.core.profiles import find_profile, instantiate
from deadlines.store import Store
from deadlines.transfer.importers import read_table
from deadlines.tui.screens.dashboard import DashboardScreen
from deadlines.tui.screens.duplicates import DuplicatesScreen
from deadlines.tui.screens.import_screen import ImportScreen
from deadlines.tui.screens.profile import ProfileScreen
from tests.tui.conftest import TODAY, AppFactory, calendar_for, screen_text, settle
from tests.tui.test_actions import plain
from tests.tui.test_small_screens import on_screen

SIZES = [(80, 24), (120, 40)]
EXAMPLE = Path(__file__).parents[2] / "examples" / "obligations.csv"
FILE_REPEATS = {"cas-award-application", "cas-publicity", "cas-certificates", "cas-basic-credit-2026-09"}
PROFILE_REPEATS = {
    "cas-training-credits/application",
    "cas-training-credits/basic-credit-registration",
    "cas-training-credits/publicity-window",
    "cas-training-credits/certificate-issuance",
}


def keys(store: Store) -> set[str]:
    return {r["key"] for r in store.obligations()}


def import_example(store: Store) -> None:
    ws = Workspace.of(store, calendar_for, Clock(today_override=TODAY), "zh")
    transfer.commit(ws, transfer.check(ws, read_table(EXAMPLE.read_bytes(), name=str(EXAMPLE)).rows))


def cas_obligations() -> list[Obligation]:
    """The CAS profile with its training ending 2026-09-30 (9 of its 11: two need optional dates)."""
    profile = find_profile(paths.shipped("profiles"), "cas-training-credits")
    return list(instantiate(profile, {"training_end": "2026-09-30"}, TODAY).obligations)


def apply_cas(store: Store) -> None:
    store.upsert_obligations([ob.to_record() for ob in cas_obligations()], action="profile")


async def ask(pilot: Pilot[None], size: tuple[int, int]) -> DuplicatesScreen:
    """The question is on screen, lists the four, and its buttons are in view."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DuplicatesScreen)
    text = screen_text(pilot.app)  # type: ignore[arg-type]
    assert "可能重复 4 项" in text
    dialog = screen.query_one(".dialog")
    assert dialog.region.width <= size[0] and dialog.region.height <= size[1]
    for button in screen.query("Button"):
        assert on_screen(pilot.app, button), f"{button.id} off screen at {size}"  # type: ignore[arg-type]
    return screen


async def apply_profile_in_tui(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    await pilot.press(*"jfjl", "enter", "enter")  # the CAS profile, then its first parameter
    await pilot.press(*"2026-09-30")
    await settle(pilot)
    # the preview marks the four before anything is written
    preview = plain(pilot.app.screen.query_one("#profile-preview", Static).content)
    assert preview.count("可能重复") == 4, preview
    await pilot.press("ctrl+s")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("choice", ["s", "a", "escape"])
async def test_applying_a_profile_over_hand_added_look_alikes_asks(
    store: Store, app_for: AppFactory, size: tuple[int, int], choice: str
) -> None:
    import_example(store)
    before = keys(store)
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await apply_profile_in_tui(pilot)
        screen = await ask(pilot, size)
        for key in PROFILE_REPEATS:
            assert key in screen_text(app)
        assert not screen.query("#update")  # a profile's obligation has its own key: nothing to update
        await pilot.press(choice)
        await settle(pilot)
        added = keys(store) - before
        if choice == "escape":  # back to the profile dialog, nothing written
            assert isinstance(app.screen, ProfileScreen) and added == set()
            return
        assert isinstance(app.screen, DashboardScreen)
    profile = {ob.key for ob in cas_obligations()}
    assert PROFILE_REPEATS < profile
    assert added == (profile - PROFILE_REPEATS if choice == "s" else profile)
    assert FILE_REPEATS <= keys(store)  # the hand-added ones are never touched


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("choice", ["s", "u", "a", "escape"])
async def test_importing_a_file_over_a_profile_asks(
    store: Store, app_for: AppFactory, size: tuple[int, int], choice: str
) -> None:
    apply_cas(store)
    before = keys(store)
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("i")
        app.screen.query_one("#import-path", Input).value = str(EXAMPLE)
        await pilot.press("enter")  # the preview lists the four and says writing will ask
        await settle(pilot)
        assert "写入时会询问" in screen_text(app)
        await pilot.press("ctrl+s")
        screen = await ask(pilot, size)
        for key in FILE_REPEATS:
            assert key in screen_text(app)
        assert screen.query("#update")
        await pilot.press(choice)
        await settle(pilot)
        if choice == "escape":
            assert isinstance(app.screen, ImportScreen) and keys(store) == before
            return
        assert isinstance(app.screen, DashboardScreen)
    added = keys(store) - before
    assert added and not added & PROFILE_REPEATS
    application = store.obligation("cas-training-credits/application")
    assert application is not None
    if choice == "s":
        assert not added & FILE_REPEATS and application["owners"] == []
    elif choice == "u":  # the file's row written onto the profile's key: its owner, no new key
        assert not added & FILE_REPEATS and application["owners"] == ["li.na@example.com"]
    else:
        assert FILE_REPEATS <= added and application["owners"] == []
