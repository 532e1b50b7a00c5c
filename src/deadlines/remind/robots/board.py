"""A digest as a chat message's lines: the mail's sections, one line per item, the owners to @-mention.

The words come from the mail (`remind.letter.compose`): the same subject and
section headings. A chat message is short, so an item is one line: its title,
its due date with the days left or late, its window, whether the date is
provisional, and its key. `fit` keeps as many items as a service's limit
allows and says how many were left out (「还有 N 项，见邮件/终端」).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from deadlines.core.i18n import Lang, Text
from deadlines.remind.letter import compose
from deadlines.remind.plan import Digest


@dataclass(frozen=True)
class Line:
    """One item: the text, and the owner addresses to @-mention after it."""

    text: str
    owners: tuple[str, ...]


@dataclass(frozen=True)
class Board:
    """What a group message says: a title, notes, sections of lines, and the closing words."""

    title: str
    notes: tuple[str, ...]
    sections: tuple[tuple[str, tuple[Line, ...]], ...]
    footer: str
    left_out: int = 0

    @property
    def count(self) -> int:
        return sum(len(lines) for _, lines in self.sections)

    def first(self, n: int, lang: Lang) -> Board:
        """The board with only its first `n` items, saying how many more there are."""
        kept: list[tuple[str, tuple[Line, ...]]] = []
        room = n
        for heading, lines in self.sections:
            if room > 0:
                kept.append((heading, lines[:room]))
                room -= len(lines[:room])
        left = self.count - n + self.left_out
        more = Text(
            f"还有 {left} 项，见邮件/终端（deadlines due）。",
            f"{left} more, see the mail or the terminal (deadlines due).",
        )
        return replace(self, sections=tuple(kept), left_out=left, footer=more.render(lang))


def compose_board(digest: Digest, owners: dict[str, tuple[str, ...]], lang: Lang, warning: Text | None) -> Board:
    """The board of one group's digest; `owners` maps each obligation key to its owners (for the mentions)."""
    letter = compose(digest, lang, domain="deadlines.invalid", calendar_warning=warning)
    t = (lambda zh, en: zh) if lang == "zh" else (lambda zh, en: en)
    sections = []
    for section in letter.sections:
        lines = []
        for n, block in enumerate(section.blocks, 1):
            item = block.entry.item
            occ = item.occurrence
            assert occ is not None
            parts = [f"{n}. {block.title}", block.fields[0][1]]
            if occ.kind == "window" and occ.opens is not None:
                parts.append(t(f"窗口 {occ.opens}–{occ.due}", f"window {occ.opens} to {occ.due}"))
            if occ.provisional:
                parts.append(
                    t(f"推算日期，可能为 {occ.earliest}–{occ.latest}", f"provisional: {occ.earliest} to {occ.latest}")
                )
            if block.entry.late:
                parts.append(t("补发", "late"))
            parts.append(t(f"键 {item.obligation.key}", f"key {item.obligation.key}"))
            lines.append(Line(" · ".join(parts), owners.get(item.obligation.key, ())))
        sections.append((section.heading, tuple(lines)))
    notes = tuple(letter.intro[2:])  # the calendar warning, when there is one (not the mail's greeting)
    footer = t("标记完成：deadlines done 键 --evidence 证明", "Mark done: deadlines done KEY --evidence PROOF")
    return Board(letter.subject, notes, tuple(sections), footer)


def fit(board: Board, size: Callable[[Board], int], limit: int, lang: Lang) -> Board:
    """The board if `size(board) <= limit`, else the most leading items that fit, with the rest counted."""
    if size(board) <= limit:
        return board
    lo, hi = 0, board.count - 1  # the largest n in [lo, hi] with size(first(n)) <= limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if size(board.first(mid, lang)) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return board.first(lo, lang)


def mention_ids(owners: tuple[str, ...], people: dict[str, dict[str, str]], field: str) -> list[tuple[str, str]]:
    """Each owner with its id for the service (`field` of its `notify.people` entry), or "" when it has none."""
    return [(owner, people.get(owner, {}).get(field, "")) for owner in owners]
