"""Words on the screen: the interface language, status labels, and text fit for table cells.

Every label is written in both languages at the place it is used, through
`tr(zh, en)`, in the language chosen with `set_language` (the app sets it on
the main thread and at the start of each worker thread). Key binding
descriptions are written "中文|English" and shown in one of the two.

Table cells go through `cell_text`: East-Asian-Ambiguous punctuation (“ ” … —
· ① ℃ →) is drawn one cell wide by some terminals and two by others, which
breaks column alignment, so it is replaced by unambiguous forms.
"""

from __future__ import annotations

import re
import unicodedata

from deadlines.core.i18n import language
from deadlines.core.terms import STATUS


def tr(zh: str, en: str) -> str:
    """The Chinese or the English text, in the interface language."""
    return zh if language() == "zh" else en


def pick(bilingual: str) -> str:
    """One side of a "中文|English" text (a text without "|" is shown as it is)."""
    zh, sep, en = bilingual.partition("|")
    return tr(zh, en) if sep else bilingual


def status_label(status: str) -> str:
    return str(STATUS[status])


STATUS_STYLE: dict[str, tuple[str, str]] = {
    "overdue": ("$text-error", "bold"),
    "due_today": ("$text-warning", "bold reverse"),
    "window_open": ("$text-accent", "bold"),
    "due_soon": ("$text-warning", "none"),
    "upcoming": ("$foreground", "none"),
    "done": ("$text-success", "none"),
    "blocked": ("$text-primary", "none"),
    "ended": ("$text-muted", "none"),
    "in_force": ("$text-muted", "none"),
    "invalid": ("$text-error", "italic"),
    "expected": ("$text-muted", "italic"),
    "not_yet": ("$text-muted", "none"),
    "past": ("$text-muted", "none"),
    "optional": ("$text-muted", "italic"),
}
"""Each status's colour (a theme variable) and text style, for the table and the header."""


def status_markup(status: str) -> str:
    """The Content markup style of a status: `[bold $text-error]…[/]`."""
    colour, style = STATUS_STYLE[status]
    return colour if style == "none" else f"{style} {colour}"


_AMBIGUOUS = str.maketrans(
    {
        "“": "「",
        "”": "」",
        "‘": "『",
        "’": "』",
        "…": "...",
        "—": "-",
        "–": "-",
        "―": "-",
        "·": "・",
        "•": "*",
        "○": "〇",
        "●": "*",
        "※": "*",
        "√": "v",
        "×": "x",
        "→": "->",
        "←": "<-",
        "℃": "C",
        "°": "o",
        "§": "S",
    }
)
_CIRCLED = re.compile("[\u2460-\u2473]")


def cell_text(text: str) -> str:
    """Text for a table cell: one line, and no character whose width terminals disagree on."""
    if _CIRCLED.search(text):
        text = _CIRCLED.sub(lambda m: f"({int(unicodedata.numeric(m.group()))})", text)
    return " ".join(text.translate(_AMBIGUOUS).split())
