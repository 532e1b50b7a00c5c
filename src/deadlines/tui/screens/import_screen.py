"""Import a file: check every row and show what would change (a dry run), then write on request.

The preview reads and checks the file and asks the store what an upsert
would add, change and leave alone, all in a worker thread and without
writing. Only a previewed file can be written; the screen dismisses with its
checked `Batch` and the app writes it (undoable).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text as Rich
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static
from textual.worker import get_current_worker

from deadlines.app import transfer
from deadlines.core.i18n import Text
from deadlines.store import UpsertResult
from deadlines.transfer.duplicates import Duplicate, Policy, line, resolve
from deadlines.transfer.importers import Batch, Table, read_table
from deadlines.tui.screens.base import BaseModal, Dialog, foot
from deadlines.tui.screens.duplicates import DuplicatesScreen
from deadlines.tui.services import Services, background
from deadlines.tui.text import READ, cell_text, file_error, key
from deadlines.tui.wrapped import Wrapped

SHOWN_PROBLEMS = 30


@dataclass(frozen=True)
class Preview:
    """A file read and checked, and what writing it would do to the store now."""

    path: str
    table: Table
    checked: Batch
    """Every row checked, the likely duplicates among them."""
    batch: Batch
    """What the counts are of: the rows without the likely duplicates (what "skip" writes)."""
    result: UpsertResult
    repeats: tuple[Duplicate, ...] = ()
    """Rows that likely repeat a stored obligation: writing asks what to do with them."""


class ImportScreen(BaseModal[Batch | None]):
    """Dismisses with the checked batch to write, or None."""

    BINDINGS = [
        key("ctrl+s", "write", Text("写入", "Write")),
        key("escape", "cancel", Text("取消", "Cancel")),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.preview: Preview | None = None

    def compose(self) -> ComposeResult:
        with Dialog(classes="dialog wide"):
            yield Label(str(Text("导入文件", "Import a file")), classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label(str(Text("文件", "File")), classes="field-label")
                yield Input(
                    placeholder=str(
                        Text(
                            "CSV、XLSX、JSON 或 NDJSON 文件的路径，回车预览",
                            "path to a CSV, XLSX, JSON or NDJSON file; Enter previews",
                        )
                    ),
                    id="import-path",
                    compact=True,
                )
            yield Checkbox(
                str(Text("有无效行时，仍导入其余有效的行", "import the valid rows even if some are invalid")),
                id="skip-invalid",
                compact=True,
            )
            yield Static(
                str(Text("预览不会写入任何内容。", "The preview writes nothing.")),
                id="import-preview",
                classes="preview",
            )
            yield from foot(
                Button(str(Text("预览 (Enter)", "Preview (Enter)")), variant="primary", id="preview"),
                Button(str(Text("写入 (Ctrl+S)", "Write (Ctrl+S)")), variant="success", id="write", disabled=True),
                Button(str(Text("取消 (Esc)", "Cancel (Esc)")), id="cancel"),
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#preview")
    def start_preview(self) -> None:
        path = self.query_one("#import-path", Input).value.strip()
        if path:
            self.query_one("#import-preview", Static).update(str(Text("正在检查……", "Checking…")))
            self.check(path)

    @background("import-preview")
    def check(self, path: str) -> None:
        s = self.services
        try:
            data = Path(path).expanduser().read_bytes()
        except OSError as error:
            self.app.call_from_thread(self.show_problem, str(file_error(path, error, READ)))
            return
        table = read_table(data, name=path)
        checked = transfer.check(s.workspace, table.rows)
        repeats = transfer.duplicates(s.workspace, checked)
        batch = resolve(checked, repeats, "skip")
        result = transfer.preview(s.workspace, batch)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_preview, Preview(path, table, checked, batch, result, tuple(repeats)))

    def show_problem(self, message: str) -> None:
        self.preview = None
        self.query_one("#import-preview", Static).update(Rich(message, style="red"))
        self.update_write_button()

    def show_preview(self, preview: Preview) -> None:
        self.preview = preview
        table, batch, result = preview.table, preview.batch, preview.result
        out = Rich()
        described = ", ".join(filter(None, (table.format, table.encoding)))
        out.append(
            str(
                Text(
                    f"{preview.path}（{described}；{len(table.rows)} 行）\n",
                    f"{preview.path} ({described}; {len(table.rows)} rows)\n",
                )
            ),
            style="bold",
        )
        counts = (len(result.added), len(result.updated), len(result.unchanged), batch.invalid_rows)
        out.append(
            str(Text("新增 {}，更新 {}，未变 {}，无效 {}\n", "add {}, update {}, unchanged {}, invalid {}\n")).format(
                *counts
            )
        )
        if table.ignored:
            out.append(
                str(Text(f"忽略的列：{'、'.join(table.ignored)}\n", f"ignored columns: {', '.join(table.ignored)}\n")),
                style="dim",
            )
        if preview.repeats:
            n = len(preview.repeats)
            out.append(
                str(
                    Text(
                        f"可能重复 {n} 行（不计入上面的数目）；写入时会询问：跳过、更新已有的，或仍然新增：\n",
                        f"{n} row(s) likely repeat stored obligations (not in the counts above); writing asks "
                        "whether to skip them, update the stored ones, or add them anyway:\n",
                    )
                ),
                style="bold yellow",
            )
            for repeat in preview.repeats[:SHOWN_PROBLEMS]:
                out.append(f"  {line(repeat)}\n")
        problems = RichTable(
            str(Text("行", "row")),
            str(Text("列", "column")),
            str(Text("值", "value")),
            str(Text("问题与改法", "problem and fix")),
            box=None,
            padding=(0, 1),
        )
        for p in batch.problems[:SHOWN_PROBLEMS]:
            problems.add_row(str(p.row), p.column, cell_text(p.value), f"{p.reason} {Text('改法：', 'Fix: ')}{p.fix}")
        body: list[RenderableType] = [Wrapped(out)]
        if batch.problems:
            more = len(batch.problems) - SHOWN_PROBLEMS
            if more > 0:
                problems.add_row("", "", "", str(Text(f"……另有 {more} 个问题", f"… {more} more")))
            body.append(problems)
        self.query_one("#import-preview", Static).update(Group(*body))
        self.update_write_button()

    @on(Input.Changed, "#import-path")
    @on(Checkbox.Changed)
    def update_write_button(self) -> None:
        preview = self.preview
        path = self.query_one("#import-path", Input).value.strip()
        skip = self.query_one("#skip-invalid", Checkbox).value
        ready = (
            preview is not None
            and preview.path == path
            and bool(preview.checked.entries)
            and (skip or not preview.checked.problems)
        )
        self.query_one("#write", Button).disabled = not ready

    @on(Button.Pressed, "#write")
    def action_write(self) -> None:
        preview = self.preview
        if preview is None or self.query_one("#write", Button).disabled:
            return
        if not preview.repeats:
            self.dismiss(preview.checked)
            return

        def chosen(policy: Policy | None) -> None:
            if policy is not None:
                self.dismiss(resolve(preview.checked, list(preview.repeats), policy))

        self.app.push_screen(DuplicatesScreen(list(preview.repeats), update=True), chosen)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
