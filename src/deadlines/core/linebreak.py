"""Where a line of text may break when it is wrapped: the Chinese rule (禁则) and the Latin one, in one place.

Closing punctuation (，。、：；！？）」』》】 …) never starts a line, opening
brackets (（「『《【 “) never end one, a number, a date or a Latin word is not
cut, and a CJK character may be broken after anywhere else. The break
opportunities are the Unicode line-breaking algorithm's (UAX #14, from the
`uniseg` package), which states these rules for every script; widths are
measured in terminal cells with `rich.cells.cell_len`, as the TUI draws them.

Every front end that wraps text itself uses `wrap`; a text shown on the
screen by Textual goes through `tui.wrapped.Wrapped`, which calls it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rich.cells import cell_len
from uniseg.linebreak import line_break, line_break_units

NO_START = frozenset({"CL", "CP", "EX", "IS", "NS", "IN"})
"""Line-break classes that never start a line: closing punctuation, 、。，：；！？, iteration marks, ellipses."""
NO_END = frozenset({"OP"})
"""Line-break classes that never end a line: opening brackets."""


def _no_start(char: str) -> bool:
    """A closing mark: by its line-break class, or a closing quotation mark (” ’ are "ambiguous" quotes in
    UAX #14, which lets a line start with them after other punctuation; in Chinese they close)."""
    return line_break(char) in NO_START or unicodedata.category(char) == "Pf"


def _no_end(char: str) -> bool:
    """An opening bracket, or an opening quotation mark (“ ‘)."""
    return line_break(char) in NO_END or unicodedata.category(char) == "Pi"


@lru_cache(maxsize=4096)
def units(text: str) -> tuple[str, ...]:
    """The pieces of `text` a line may break between (each keeps its trailing spaces); joined, they are `text`.

    UAX #14 allows a break after spaces before a closing mark at the start of a text (「 ，」), so a
    piece that would start with a closing mark, or follow an opening bracket, is joined to the one before.
    """
    pieces: list[str] = []
    for unit in line_break_units(text) if text else ():
        if pieces and (_no_start(unit[0]) or _no_end(pieces[-1].rstrip(" ")[-1:] or " ")):
            pieces[-1] += unit
        else:
            pieces.append(unit)
    return tuple(pieces)


def wrap(text: str, width: int) -> list[str]:
    """`text` (one paragraph, no line breaks) in lines of at most `width` cells, broken where the rules allow.

    Joined, the lines give back `text`; spaces stay at the end of the line they follow (they do not count
    against the width). A piece wider than a whole line (a long URL) is cut by characters, still never
    before a closing mark nor after an opening one; only a run of closing marks wider than the line itself
    can make a line wider than `width`.
    """
    width = max(width, 1)
    lines: list[str] = []
    line = ""
    for unit in units(text):
        if cell_len((line + unit).rstrip(" ")) <= width:
            line += unit
            continue
        if line:
            lines.append(line)
        line = ""
        if cell_len(unit.rstrip(" ")) <= width:
            line = unit
            continue
        *full, line = _fold(unit, width)
        lines += full
    if line or not lines:
        lines.append(line)
    return lines


def _fold(unit: str, width: int) -> list[str]:
    """An unbreakable piece wider than `width`, cut by characters: a cut falls neither before a character
    that must not start a line nor after one that must not end it (a line takes such a character beyond
    the width only when no earlier cut is allowed)."""
    lines: list[str] = []
    line = ""
    for char in unit:
        if line and cell_len((line + char).rstrip(" ")) > width:
            cut = len(line)
            while cut > 0 and not _may_break(line, cut, char):
                cut -= 1
            if cut > 0:
                lines.append(line[:cut])
                line = line[cut:]
        line += char
    return [*lines, line]


def _may_break(line: str, cut: int, after: str) -> bool:
    """Whether `line` may be cut before index `cut` (the character after the line being `after`)."""
    following = line[cut] if cut < len(line) else after
    before = line[:cut].rstrip(" ")
    return bool(before) and not following.isspace() and not _no_start(following) and not _no_end(before[-1])
