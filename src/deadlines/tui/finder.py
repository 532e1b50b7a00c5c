"""The command palette's finders: jump to an obligation by key, title or pinyin initials, or open a profile.

Typing "lpz" finds every obligation whose title holds 领跑者 (its pinyin
initials), "cas" every key starting so, and a profile is found by its name,
its title or its title's initials. A match in the key or the title scores
above one in the initials, and a prefix above a match further in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import Hit, Hits, Provider

from deadlines.core.i18n import Text
from deadlines.core.profiles import Profile
from deadlines.tui.pinyin import initials
from deadlines.tui.text import cell_text, status_label

if TYPE_CHECKING:
    from deadlines.tui.app import DeadlinesApp

MAX_HITS = 40


def score(query: str, fields: Iterable[str]) -> float:
    """How well `query` (case-folded) matches the first field it is in: 0 none; prefixes and earlier fields score more."""
    for rank, field in enumerate(fields):
        at = field.find(query)
        if at >= 0:
            return (1.0 if at == 0 else 0.8) - 0.2 * rank
    return 0.0


class ObligationFinder(Provider):
    """Obligations by key, title or the pinyin initials of the title."""

    @property
    def deadlines(self) -> DeadlinesApp:
        return self.app  # type: ignore[return-value]

    async def startup(self) -> None:
        """Spell the titles' initials in a thread (about 1 s for 10,000 the first time; cached after)."""
        agenda = self.deadlines.agenda
        if agenda is not None:
            titles = [row.item.obligation.title for row in agenda.rows]
            await asyncio.to_thread(lambda: [initials(title) for title in titles])

    async def search(self, query: str) -> Hits:
        q = query.casefold().strip()
        agenda = self.deadlines.agenda
        if not q or agenda is None:
            return
        found = 0
        for row in agenda.rows:
            ob = row.item.obligation
            value = score(q, (ob.key.casefold(), ob.title.casefold(), initials(ob.title)))
            if value:
                due = row.cells[1]
                yield Hit(
                    value,
                    cell_text(f"{ob.title}  ({ob.key})"),
                    partial(self.deadlines.jump_to, ob.key),
                    help=f"{status_label(row.status)}  {due}",
                )
                found += 1
                if found >= MAX_HITS:
                    return


class ProfileFinder(Provider):
    """Profiles by name, title or the pinyin initials of the title; choosing one opens the profile dialog on it."""

    profiles: dict[str, Profile] | None = None

    @property
    def deadlines(self) -> DeadlinesApp:
        return self.app  # type: ignore[return-value]

    async def startup(self) -> None:
        services = self.deadlines.services
        self.profiles = await asyncio.to_thread(lambda: services.profiles)

    async def search(self, query: str) -> Hits:
        q = query.casefold().strip()
        if not q or not self.profiles:
            return
        for name, profile in self.profiles.items():
            value = score(q, (name.casefold(), profile.title.casefold(), initials(profile.title)))
            if value:
                yield Hit(
                    value * 0.9,
                    cell_text(str(Text(f"档案：{profile.title}", f"Profile: {profile.title}"))),
                    partial(self.deadlines.open_profile, name),
                    help=str(
                        Text(
                            f"{name}，{len(profile.obligations)} 项义务",
                            f"{name}, {len(profile.obligations)} obligations",
                        )
                    ),
                )
