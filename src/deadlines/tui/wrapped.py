"""A styled text that wraps by the Chinese line-breaking rule, for Static widgets showing explanations.

Textual wraps at spaces and folds a run of CJK text anywhere, so a line
could start with 「，」 or 「）」. `Wrapped` breaks where `core.linebreak`
allows at whatever width it is drawn, keeps the styles, and indents the
continuation of an indented line as far as its first line.
"""

from __future__ import annotations

from itertools import accumulate

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text as Rich

from deadlines.core.linebreak import units, wrap


class Wrapped:
    """`text` wrapped at the width it is drawn in. Made in a worker thread, it finds the break opportunities
    there (the slow part), so drawing and resizing only pack lines."""

    def __init__(self, text: Rich) -> None:
        self.paragraphs = list(text.split("\n", allow_blank=True))
        if text.plain.endswith("\n"):  # a last line break ends the last line; it does not start another
            self.paragraphs.pop()
        for paragraph in self.paragraphs:
            units(paragraph.plain.lstrip(" "))

    def __str__(self) -> str:
        return "\n".join(p.plain for p in self.paragraphs)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for paragraph in self.paragraphs:
            plain = paragraph.plain
            indent = len(plain) - len(plain.lstrip(" "))
            lines = wrap(plain[indent:], max(options.max_width - indent, 1))
            cuts = [indent + n for n in accumulate(len(line) for line in lines)][:-1]
            for n, line in enumerate(paragraph.divide(cuts)):
                line.rstrip()
                if n:
                    line = Rich(" " * indent) + line
                line.no_wrap, line.overflow, line.end = True, "crop", "\n"
                yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((p.cell_len for p in self.paragraphs), default=0)
        return Measurement(min(widest, 1), widest).clamp(max_width=options.max_width)
