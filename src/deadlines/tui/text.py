"""Words on the screen: key binding texts, status labels, file errors, and text fit for table cells.

Every label is a `Text(zh, en)` (Chinese is the source; recurring words come
from `core.terms`), made into a string in the language chosen with
`set_language` only where a widget shows it (the app sets the language on
the main thread and at the start of each worker thread). Key bindings are
made with `key`, which keeps their text in both languages.

Table cells go through `cell_text`, which puts the text on one line and
changes no character: the user's “领跑者” and 「Q/XYZ 001—2024」 are shown as
written. Columns are measured with `rich.cells.cell_len`, the width Textual
draws with; it gives East-Asian-Ambiguous characters (“ ” — … · ① ℃ →) one
cell, as tmux and the usual terminals (xterm, GNOME, iTerm2, Windows
Terminal) draw them, so the borders stay aligned.
"""

from __future__ import annotations

import errno
from pathlib import Path

from textual.binding import Binding

from deadlines.core.i18n import Text
from deadlines.core.terms import STATUS

_KEY_TEXTS: dict[str, Text] = {}
"""Each binding's description (its Chinese) and its text in both languages."""


def key(keys: str, action: str, text: Text, *, show: bool = True, priority: bool = False) -> Binding:
    """A key binding described in Chinese, shown in the interface language (Textual copies bindings,
    so the text is found again by its Chinese)."""
    known = _KEY_TEXTS.setdefault(text.zh, text)
    if known != text:
        raise ValueError(f"the key text {text.zh!r} is already {known.en!r}, not {text.en!r}")
    return Binding(keys, action, text.zh, show=show, priority=priority)


def key_label(description: str) -> str:
    """A binding's description in the interface language."""
    text = _KEY_TEXTS.get(description)
    return str(text) if text is not None else description


_OS_ERRORS: dict[int, Text] = {
    errno.ENOENT: Text("找不到该文件，请检查路径", "no such file; check the path"),
    errno.EISDIR: Text("这是一个文件夹，请给出文件的路径", "it is a folder; give a file's path"),
    errno.ENOTDIR: Text("路径中有一段不是文件夹", "a part of the path is not a folder"),
    errno.EACCES: Text("没有访问权限", "permission denied"),
    errno.EPERM: Text("没有访问权限", "permission denied"),
    errno.ENOSPC: Text("磁盘已满", "the disk is full"),
    errno.EROFS: Text("该位置只读，请换一个位置", "the location is read-only; choose another"),
    errno.ENAMETOOLONG: Text("文件名过长", "the file name is too long"),
}


READ = Text("读取", "read")
USE = Text("读写", "use")


def file_error(path: object, error: OSError, doing: Text = USE) -> Text:
    """A one-line message for a file the user named: 「无法读取 X：找不到该文件，请检查路径」."""
    reason = _OS_ERRORS.get(error.errno or 0) or Text(f"系统错误 {error.errno}", error.strerror or str(error))
    return Text(f"无法{doing.zh} {path}：{reason.zh}", f"cannot {doing.en} {path}: {reason.en}")


def shown_path(path: Path) -> str:
    """A path as the user reads it: absolute, with the home folder written ~."""
    full = path.expanduser().absolute()
    try:
        return str(Path("~") / full.relative_to(Path.home()))
    except ValueError:
        return str(full)


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


def cell_text(text: str) -> str:
    """Text for a table cell: one line (runs of whitespace, line breaks included, become one space), every
    other character as written.

    Ambiguous-width characters, circled numbers (①) among them, are kept: rich measures them one cell wide
    as the terminal draws them, so nothing needs replacing for the columns to line up.
    """
    return " ".join(text.split())
