"""Export: every obligation as JSON, CSV (the import columns, re-importable) or an iCalendar file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Input, Label, Select, Static

from deadlines.core.errors import InputError
from deadlines.core.i18n import Text
from deadlines.tui.screens.base import BaseModal, Dialog, foot
from deadlines.tui.services import Services
from deadlines.tui.text import key, shown_path

if TYPE_CHECKING:  # the exporters load icalendar, which only the export itself needs
    from deadlines.transfer.export import ExportFormat


def formats() -> list[tuple[str, ExportFormat]]:
    return [
        (str(Text("JSON（义务及当前期次）", "JSON (obligations and current items)")), "json"),
        (str(Text("CSV（导入用的列，可再导入）", "CSV (the import columns, re-importable)")), "csv"),
        (str(Text("iCalendar 日历文件（.ics）", "iCalendar file (.ics)")), "ics"),
    ]


class ExportScreen(BaseModal["tuple[ExportFormat, Path] | None"]):
    """Dismisses with (format, file), or None; the app writes the file."""

    BINDINGS = [
        key("ctrl+s", "export", Text("导出", "Export")),
        key("escape", "cancel", Text("取消", "Cancel")),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        default = shown_path(Path.cwd() / f"deadlines-{self.services.today.isoformat()}.json")
        with Dialog(classes="dialog"):
            yield Label(str(Text("导出", "Export")), classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label(str(Text("格式", "Format")), classes="field-label")
                yield Select(formats(), value="json", allow_blank=False, id="export-format", compact=True)
            with Horizontal(classes="field"):
                yield Label(str(Text("文件", "File")), classes="field-label")
                yield Input(default, id="export-path", compact=True)
            yield Static(
                str(
                    Text(
                        "文件以原子方式写入：不会留下写了一半的文件。",
                        "The file is written atomically: never half-written.",
                    )
                ),
                classes="hint",
            )
            yield from foot(
                Button(str(Text("导出 (Ctrl+S)", "Export (Ctrl+S)")), variant="primary", id="export"),
                Button(str(Text("取消 (Esc)", "Cancel (Esc)")), id="cancel"),
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Select.Changed, "#export-format")
    def format_changed(self, event: Select.Changed) -> None:
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value)
        if path.suffix.lstrip(".") in {fmt for _, fmt in formats()}:
            path_input.value = str(path.with_suffix(f".{event.value}"))

    @on(Input.Submitted, "#export-path")
    def path_entered(self) -> None:
        """Enter in the file name opens the format menu: exporting takes Ctrl+S or the button."""
        menu = self.query_one("#export-format", Select)
        menu.focus()
        menu.action_show_overlay()

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        fmt: ExportFormat = self.query_one("#export-format", Select).value  # type: ignore[assignment]
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self.refuse(InputError("请填写要写入的文件路径。", "Give the path of the file to write."))
            return
        self.dismiss((fmt, Path(path).expanduser()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
