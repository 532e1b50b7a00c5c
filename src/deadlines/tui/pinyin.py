"""Pinyin for finding and sorting Chinese titles: 「领跑者」 is found by "lpz" and sorted under L."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def initials(text: str) -> str:
    """The first letter of each Chinese character's pinyin, other runs kept, lower-cased: 领跑者A级 -> "lpzaj"."""
    return "".join(_syllables(text, Style.FIRST_LETTER)).casefold()


@lru_cache(maxsize=65536)
def spelled(text: str) -> str:
    """The whole text in toneless pinyin, lower-cased, for sorting: 领跑者 -> "lingpaozhe"."""
    return "".join(_syllables(text, Style.NORMAL)).casefold()


def _syllables(text: str, style: Style) -> list[str]:
    return lazy_pinyin(text, style=style, errors="default")
