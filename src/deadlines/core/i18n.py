"""Bilingual text: every user-facing sentence is written in Chinese and English.

Chinese is the default interface language. A `Text` holds both versions and
renders in the language chosen at the boundary (`set_language`), so the core
can build explanations and errors without knowing who will read them.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_current: ContextVar[Lang] = ContextVar("deadlines_lang", default="zh")


def set_language(lang: Lang) -> None:
    """Choose the language every `Text` renders in from now on."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    _current.set(lang)


def language() -> Lang:
    """The language in use."""
    return _current.get()


@dataclass(frozen=True)
class Text:
    """One sentence in both languages; `str()` gives the current one."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh if _current.get() == "zh" else self.en

    def render(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def weekday(d: date) -> Text:
    """The short weekday name of a date: 周一 / Mon."""
    return Text(WEEKDAYS_ZH[d.weekday()], WEEKDAYS_EN[d.weekday()])


def day_label(d: date) -> Text:
    """A date with its weekday, as every explanation writes it: 2026-10-08（周四）."""
    return Text(f"{d.isoformat()}（{WEEKDAYS_ZH[d.weekday()]}）", f"{d.isoformat()} ({WEEKDAYS_EN[d.weekday()]})")
