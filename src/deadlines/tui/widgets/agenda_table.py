"""The dashboard's table: a virtual list that draws only the rows on screen.

Textual's DataTable measures every cell of every row when rows are added
(about 1.5 s for 10,000 rows here, and again after each `clear()`), which a
filter keystroke cannot afford. This widget keeps the rows as a list, draws
the visible ones with the Line API, and lays columns out from widths the
agenda computed once, so showing a new filtered list costs nothing but a
refresh. Column widths are measured in terminal cells (CJK characters take
two), and a title too long for its column is cut on a cell boundary.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from deadlines.core.i18n import Text
from deadlines.tui.rows import Row
from deadlines.tui.text import STATUS_STYLE, key

GAP = 2
"""Blank cells between two columns."""
DAYS = 2
"""The days-left column, right-aligned."""
TITLE = 3
"""The title column, which takes the width the others leave."""
OWNERS = 4
MIN_TITLE = 12
ROOMY_TITLE = 32
"""The owners column is shown only when the title column keeps at least this many cells."""
MAX_OWNERS = 24


class AgendaTable(ScrollView, can_focus=True):
    """Rows of obligations, most urgent first, with a cursor; row keys are obligation keys."""

    DEFAULT_CSS = """
    AgendaTable { overflow-x: hidden; }
    AgendaTable > .agenda-table--header { text-style: bold; color: $text-muted; }
    AgendaTable > .agenda-table--cursor { background: $block-cursor-background; text-style: bold; }
    AgendaTable > .agenda-table--cursor-blurred { background: $block-cursor-blurred-background; }
    AgendaTable > .agenda-table--empty { color: $text-muted; text-style: italic; }
    """ + "".join(
        f"AgendaTable > .agenda-table--{status} {{ color: {colour}; text-style: {style}; }}\n"
        for status, (colour, style) in STATUS_STYLE.items()
    )
    COMPONENT_CLASSES = {
        "agenda-table--header",
        "agenda-table--cursor",
        "agenda-table--cursor-blurred",
        "agenda-table--empty",
        *(f"agenda-table--{status}" for status in STATUS_STYLE),
    }
    BINDINGS = [
        key("up,k", "cursor(-1)", Text("上移", "Up"), show=False),
        key("down,j", "cursor(1)", Text("下移", "Down"), show=False),
        key("pageup", "page(-1)", Text("上一页", "Page up"), show=False),
        key("pagedown", "page(1)", Text("下一页", "Page down"), show=False),
        key("home,g", "jump(0)", Text("第一项", "First"), show=False),
        key("end,G", "jump(-1)", Text("最后一项", "Last"), show=False),
        key("enter", "select", Text("编辑", "Edit"), show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor moved to another obligation (None: the table is empty)."""

        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    class Selected(Message):
        """Enter or a double click on a row."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, headers: Sequence[str], *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.headers = tuple(headers)
        self.rows: tuple[Row, ...] = ()
        self.natural: tuple[int, ...] = tuple(cell_len(h) for h in self.headers)
        self.empty_text = ""
        self._posted: str | None = None
        self._index: dict[str, int] = {}

    # ---- data in

    def show(self, rows: Sequence[Row], widths: tuple[int, ...], *, keep: str | int | None = None) -> None:
        """Show these rows, the cursor on the key (or at the index) `keep`.

        `widths` are the widest cells over every row, so columns stay put while filtering.
        """
        self.rows = tuple(rows)
        # a column whose cells are all empty (no owners at all) is left out, header and all
        self.natural = tuple(max(cell_len(h), w) if w else 0 for h, w in zip(self.headers, widths, strict=True))
        self._index = {row.key: i for i, row in enumerate(self.rows)}
        self.virtual_size = Size(0, len(self.rows) + 1)
        target = keep if isinstance(keep, int) else self._index.get(keep or "")
        self.cursor = self.cursor if target is None else target
        self.refresh()

    @property
    def selected_key(self) -> str | None:
        return self.rows[self.cursor].key if self.rows else None

    def move_to(self, key: str) -> bool:
        """Put the cursor on `key`, if it is shown."""
        index = self._index.get(key)
        if index is not None:
            self.cursor = index
        return index is not None

    # ---- cursor

    def watch_cursor(self, cursor: int) -> None:
        top, body = self.scroll_offset.y, max(1, self.size.height - 1)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= top + body:
            self.scroll_to(y=cursor - body + 1, animate=False, immediate=True)
        key = self.selected_key
        if key != self._posted:
            self._posted = key
            self.post_message(self.Highlighted(key))
        self.refresh()

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.rows) - 1))

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.size.height - 2)

    def action_jump(self, index: int) -> None:
        self.cursor = index if index >= 0 else len(self.rows) - 1

    def action_select(self) -> None:
        if self.selected_key is not None:
            self.post_message(self.Selected(self.selected_key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = self.scroll_offset.y + offset.y - 1
        if index < len(self.rows):
            self.cursor = index
            if event.chain >= 2:
                self.action_select()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # ---- drawing

    def columns(self, width: int) -> list[tuple[int, int]]:
        """(column index, width) of the columns that fit in `width` cells."""
        natural = self.natural
        fixed = [(i, natural[i]) for i in range(TITLE)]
        used = sum(w for _, w in fixed) + GAP * TITLE
        owners = min(natural[OWNERS], MAX_OWNERS)
        show_owners = owners > 0 and width - used - owners - GAP >= ROOMY_TITLE
        title = width - used - ((owners + GAP) if show_owners else 0)
        columns = [*fixed, (TITLE, max(MIN_TITLE, title))]
        return [*columns, (OWNERS, owners)] if show_owners else columns

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("agenda-table--header", partial=True)
            return self._strip(self.headers, width, [style] * len(self.headers), style)
        index = self.scroll_offset.y + y - 1
        if index >= len(self.rows):
            if not self.rows and index == 1 and self.empty_text:
                style = base + self.get_component_rich_style("agenda-table--empty", partial=True)
                return Strip([Segment(set_cell_size("  " + self.empty_text, width), style)], width)
            return Strip.blank(width, base)
        row = self.rows[index]
        if index == self.cursor:
            name = "agenda-table--cursor" if self.has_focus else "agenda-table--cursor-blurred"
            base += self.get_component_rich_style(name, partial=True)
        status = base + self.get_component_rich_style(f"agenda-table--{row.status}", partial=True)
        styles = [status, base, base, base, base]
        return self._strip(row.cells, width, styles, base)

    def _strip(self, cells: Sequence[str], width: int, styles: Sequence[Style], fill: Style) -> Strip:
        segments = []
        for column, cell_width in self.columns(width):
            text = cells[column]
            if column == DAYS:
                text = " " * max(0, cell_width - cell_len(text)) + text
            segments += [Segment(set_cell_size(text, cell_width), styles[column]), Segment(" " * GAP, fill)]
        return Strip(segments).adjust_cell_length(width, fill)
