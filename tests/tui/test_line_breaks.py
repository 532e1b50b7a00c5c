"""Explanations in the TUI wrap by the Chinese rule (issue 15 item 10: lines started with 「，」 or 「）」).

A real profile's obligations (the CAS training credits, 11 explanations of working-day periods over 国庆节)
are shown one by one in the detail pane at 80x24 and 120x40; no drawn line may start with a closing mark.
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from deadlines import paths
from deadlines.core.profiles import find_profile, instantiate
from deadlines.store import Store
from deadlines.tui.widgets.agenda_table import AgendaTable
from tests.tui.conftest import TODAY, AppFactory, settle

CLOSING = "，。、：；！？）」』》〉】〕”’…"


def apply_profile(store: Store, name: str, values: dict[str, str]) -> list[str]:
    profile = find_profile(paths.shipped("profiles"), name)
    applied = instantiate(profile, values, TODAY)
    store.upsert_obligations([ob.to_record() for ob in applied.obligations], action="profile")
    return [ob.key for ob in applied.obligations]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_detail_pane_never_starts_a_line_with_closing_punctuation(
    store: Store, app_for: AppFactory, size: tuple[int, int]
) -> None:
    keys = apply_profile(store, "cas-training-credits", {"training_end": "2026-09-30"})
    app = app_for()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("v")  # every role: the issuing body's steps have explanations too
        await settle(pilot)
        table = app.query_one(AgendaTable)
        body = app.query_one("#detail-body", Static)
        seen = 0
        for key in keys:
            if not table.move_to(key):
                continue
            await settle(pilot)
            drawn = [body.render_line(y).text for y in range(body.size.height)]
            text = str(body.content)
            assert drawn and key in text
            for line in drawn:
                assert line.strip()[:1] not in CLOSING or not line.strip(), (key, line, drawn)
            # nothing is lost: the drawn lines hold every character of the text, in order
            assert "".join("".join(drawn).split()) == "".join(text.split())
            seen += 1
        assert seen == len(keys)
