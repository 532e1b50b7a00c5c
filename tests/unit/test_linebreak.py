"""Wrapping by the Chinese line-breaking rule (禁则): checked against the rule itself, not the code's output.

Issue 15 item 10: explanation lines started with 「，」 or 「）」. The rule as GB/T 15834 and the W3C's
"Requirements for Chinese Text Layout" state it: closing punctuation never starts a line, opening brackets
never end one; and wrapping must not lose or change a character.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from deadlines.core.linebreak import wrap

CLOSING = "，。、：；！？）」』》〉】〕”’…"
OPENING = "（「『《〈【〔“‘"

_PIECES = st.sampled_from(
    [*CLOSING, *OPENING, "年", "月", "日", "领跑者", "工作日", "国庆节", " ", "ISO", "9001", "2027-04-30", "Q/XYZ", "—"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.integers(min_value=4, max_value=40))
def test_no_line_starts_with_closing_punctuation_and_nothing_is_lost(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert "".join(lines) == text
    for before, line in zip(lines, lines[1:], strict=False):
        assert line[0] not in CLOSING, (text, width, lines)
        assert not before.strip(" ") or before.rstrip(" ")[-1] not in OPENING, (text, width, lines)
    for line in lines:
        shown = line.rstrip(" ")
        if cell_len(shown) > width:  # too wide only when no cut in it is allowed
            assert all(_no_cut(shown, i) for i in range(1, len(shown))), (text, width, lines)


def _no_cut(line: str, i: int) -> bool:
    """The rule forbids a line break before `line[i]`: a closing mark or a space there, an opening bracket
    before it, or the middle of a number or a Latin word."""
    before = line[:i].rstrip(" ")
    return (
        line[i] in CLOSING or line[i] == " " or not before or before[-1] in OPENING or (before[-1] + line[i]).isascii()
    )


def test_an_explanation_that_wrapped_badly() -> None:
    """民法典 第二百零三条 as the detail pane quotes it, at a width that put 「，」 first on a line: 28 cells
    hold 14 characters, 「期间…日的」, and 「，」 is the 15th; so 「的」 moves down with it, and the second line
    takes 14 characters again (「的，以…次日为」)."""
    text = "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。"
    lines = wrap(text, 28)
    assert lines == ["期间的最后一日是法定休假日", "的，以法定休假日结束的次日为", "期间的最后一日。"]


def test_latin_words_numbers_and_dates_are_not_cut() -> None:
    assert wrap("deadline is 2027-04-30 for ISO 9001", 12) == ["deadline is ", "2027-04-30 ", "for ISO 9001"]
