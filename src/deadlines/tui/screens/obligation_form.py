"""Add or edit an obligation, with a live preview of its next due dates and why.

As the rule or the start date is typed, a worker thread parses the rule and
computes the next occurrences; a rule it cannot read is shown inline with the
parser's reason. Saving validates every field the way `deadlines add` does
and returns the obligation; the app writes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from rich.console import RenderableType
from rich.text import Text as Rich
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Footer, Input, Label, Static
from textual.worker import get_current_worker

from deadlines.core.agenda import occurrences_of, trigger_date
from deadlines.core.dates import parse_date
from deadlines.core.errors import DeadlinesError, InputError
from deadlines.core.i18n import Text
from deadlines.core.models import Obligation
from deadlines.core.validation import derived_key, validate
from deadlines.tui.screens.base import BaseModal, Dialog, foot
from deadlines.tui.services import Services, background
from deadlines.tui.text import key
from deadlines.tui.widgets.detail import occurrence_line
from deadlines.tui.wrapped import Wrapped

PREVIEW_COUNT = 3
_LIST = re.compile(r"[,，;；、\s]+")


def split_list(text: str) -> tuple[str, ...]:
    return tuple(part for part in _LIST.split(text) if part)


def problem(error: DeadlinesError) -> Rich:
    out = Rich(str(Text("无法计算：", "Cannot compute: ")), style="bold red")
    out.append(str(error), style="red")
    return out


def preview_text(ob: Obligation, services: Services, chain_date: Callable[[str], date | None]) -> RenderableType:
    """The next due dates of a typed obligation and the reasons for the first, or why it cannot be computed."""
    if not ob.rule:
        return Rich(
            str(
                Text(
                    "输入规则后，这里显示接下来的到期日及其计算依据。", "Type a rule to see its next due dates and why."
                )
            ),
            style="dim",
        )
    try:
        ob.schedule  # noqa: B018 - parse first: a bad rule is reported before anything else
        cal = services.calendar_for(ob.region)
        occurrences = occurrences_of(ob, cal, services.today, PREVIEW_COUNT, trigger=trigger_date(ob, chain_date))
    except DeadlinesError as error:
        return problem(error)
    out = Rich(str(Text("接下来的到期日", "Next due dates")) + "\n", style="bold")
    for occ in occurrences:
        out.append_text(occurrence_line(occ))
        out.append("\n")
    if occurrences:
        out.append("\n" + str(Text("第一个到期日的计算依据", "Why the first date")) + "\n", style="bold")
        for line in occurrences[0].explanation:
            out.append(f"  {line}\n")
    return Wrapped(out)


class ObligationForm(BaseModal[Obligation | None]):
    """The add/edit form; dismisses with the checked obligation, or None."""

    BINDINGS = [
        key("ctrl+s", "save", Text("保存", "Save")),
        key("escape", "cancel", Text("取消", "Cancel")),
    ]

    def __init__(
        self,
        services: Services,
        *,
        original: Obligation | None = None,
        taken: Callable[[str], bool],
        chain_date: Callable[[str], date | None],
    ) -> None:
        super().__init__()
        self.services = services
        self.original = original
        self.taken = taken
        self.chain_date = chain_date

    def compose(self) -> ComposeResult:
        ob = self.original
        fields = [
            (
                "title",
                str(Text("标题", "Title")),
                ob.title if ob else "",
                str(Text("如：年度标准化工作总结", "e.g. 年度标准化工作总结")),
            ),
            (
                "rule",
                str(Text("规则", "Rule")),
                ob.rule if ob else "",
                "每年4月30日前、培训结束后10个工作日内、有效期3年",
            ),
            (
                "start",
                str(Text("起算日", "Start")),
                ob.start.isoformat() if ob and ob.start else "",
                self._start_hint(),
            ),
            (
                "owners",
                str(Text("负责人", "Owners")),
                ", ".join(ob.owners) if ob else "",
                "li@example.com, wang@example.com",
            ),
            (
                "tags",
                str(Text("标签", "Tags")),
                ", ".join(ob.tags) if ob else "",
                str(Text("逗号分隔", "comma-separated")),
            ),
            (
                "source",
                str(Text("出处", "Source")),
                ob.source if ob else "",
                str(Text("文件、条款或行号", "document, clause or line")),
            ),
            (
                "concerns",
                str(Text("涉及", "Concerns")),
                ob.concerns if ob else "",
                str(Text("涉及哪些人或部门", "who it concerns")),
            ),
            (
                "leads",
                str(Text("提前提醒", "Lead times")),
                " ".join(ob.lead_times or ()) if ob else "",
                "30日 7日 1日 / 5个工作日",
            ),
            ("notes", str(Text("备注", "Notes")), ob.notes if ob else "", ""),
            (
                "key",
                str(Text("键", "Key")),
                ob.key if ob else "",
                str(Text("留空则自动生成", "blank: derived from title and rule")),
            ),
        ]
        with Dialog(classes="dialog wide"):
            yield Label(
                str(Text("编辑义务", "Edit obligation")) if ob else str(Text("新增义务", "Add obligation")),
                classes="dialog-title",
            )
            for name, label, value, hint in fields:
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield Input(value, placeholder=hint, id=f"f-{name}", disabled=self._locked(name), compact=True)
            yield Static(id="preview", classes="preview")
            yield from foot(
                Button(str(Text("保存 (Ctrl+S)", "Save (Ctrl+S)")), variant="primary", id="save"),
                Button(str(Text("取消 (Esc)", "Cancel (Esc)")), id="cancel"),
            )
        yield Footer(compact=True)

    def _start_hint(self) -> str:
        trigger = self.original.trigger if self.original else None
        if trigger:
            return str(Text(f"由 {trigger} 决定", f"comes from {trigger}"))
        return str(Text("YYYY-MM-DD，相对规则的起算日期", "YYYY-MM-DD, for a relative rule"))

    def _locked(self, name: str) -> bool:
        return (name == "key" and self.original is not None) or (
            name == "start" and bool(self.original and self.original.trigger)
        )

    def on_mount(self) -> None:
        self.query_one("#f-title", Input).focus()
        self.refresh_preview()

    def value(self, name: str) -> str:
        return self.query_one(f"#f-{name}", Input).value.strip()

    def candidate(self) -> Obligation:
        """The obligation as typed so far (not yet validated); a bad start date raises DateError."""
        title, rule, start = self.value("title"), self.value("rule"), self.value("start")
        base = self.original or Obligation(
            key=self.value("key") or derived_key(title, rule), title=title, rule=rule, since=self.services.today
        )
        return replace(
            base,
            title=title,
            rule=rule,
            start=parse_date(start) if start else None,
            owners=split_list(self.value("owners")),
            tags=split_list(self.value("tags")),
            source=self.value("source"),
            concerns=self.value("concerns"),
            lead_times=split_list(self.value("leads")) or None,
            notes=self.value("notes"),
        )

    # ---- live preview

    @on(Input.Changed, "#f-rule, #f-start")
    def refresh_preview(self) -> None:
        try:
            ob = self.candidate()
        except DeadlinesError as error:
            self.workers.cancel_group(self, "preview")
            self.show_preview(problem(error))
            return
        self.preview(ob)

    @background("preview")
    def preview(self, ob: Obligation) -> None:
        text = preview_text(ob, self.services, self.chain_date)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_preview, text)

    def show_preview(self, text: RenderableType) -> None:
        self.query_one("#preview", Static).update(text)

    # ---- save

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            ob = validate(self.candidate())
            if self.original is None and self.taken(ob.key):
                raise InputError(
                    f"键「{ob.key}」已被使用（或属于已删除的义务），请换一个键。",
                    f"the key {ob.key!r} is taken (perhaps by a deleted obligation); choose another.",
                )
        except DeadlinesError as error:
            self.refuse(error)
            return
        self.dismiss(ob)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
