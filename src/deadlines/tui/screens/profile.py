"""Apply a profile: find and pick a policy document, fill in its parameters, see the obligations it makes.

The parameters form is built from the profile's declared parameters; as they
are typed, a worker computes the obligations and their next due dates (or
says which parameter is missing or wrong). The screen dismisses with the
`Applied` result; the app writes it.
"""

from __future__ import annotations

from dataclasses import replace

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as Rich
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from deadlines.app import profiles
from deadlines.core.agenda import build_agenda
from deadlines.core.errors import DeadlinesError, ProfileError
from deadlines.core.i18n import Text
from deadlines.core.profiles import Applied, Profile, instantiate
from deadlines.core.urgency import action_order
from deadlines.core.validation import check_email
from deadlines.transfer.duplicates import Duplicate, Policy
from deadlines.tui.pinyin import initials
from deadlines.tui.screens.base import BaseModal, foot
from deadlines.tui.screens.duplicates import DuplicatesScreen
from deadlines.tui.screens.obligation_form import split_list
from deadlines.tui.services import Services, background
from deadlines.tui.text import cell_text, key


class ProfileForm(VerticalScroll, can_focus=False):
    """The parameters and preview: scrolls, but is never a Tab stop itself."""


PARAM_HINT = {"date": "YYYY-MM-DD"}
"""The placeholder of a parameter without its own help text, by type."""


class ProfileScreen(BaseModal[Applied | None]):
    """Dismisses with the obligations to write, or None."""

    BINDINGS = [
        key("ctrl+s", "apply", Text("应用", "Apply")),
        key("escape", "cancel", Text("取消", "Cancel")),
    ]

    def __init__(self, services: Services, existing: set[str], *, chosen: str | None = None) -> None:
        super().__init__()
        self.services = services
        self.existing = existing
        self.chosen = chosen
        """The profile to highlight once the list is loaded (from the command palette)."""
        self.profiles: dict[str, Profile] = {}
        self.profile: Profile | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="profile-dialog"):
            yield Label(str(Text("应用档案", "Apply a profile")), classes="dialog-title")
            with Horizontal(id="profile-body"):
                with Vertical(id="profile-pick"):
                    yield Input(
                        placeholder=str(Text("搜索：名称或拼音首字母", "search: name or pinyin initials")),
                        id="profile-search",
                        compact=True,
                    )
                    yield OptionList(id="profiles")
                with ProfileForm(id="profile-form"):
                    yield Static(id="profile-head")
                    yield Vertical(id="params")
                    yield Label(str(Text("实例名（可选）", "Instance (optional)")), classes="param-label")
                    yield Input(
                        placeholder=str(
                            Text("同一档案再用一次时填，如 第二期", "when applying it again, e.g. second-run")
                        ),
                        id="p-instance",
                        compact=True,
                    )
                    yield Label(str(Text("负责人（可选）", "Owners (optional)")), classes="param-label")
                    yield Input(placeholder="li@example.com, wang@example.com", id="p-owners", compact=True)
                    yield Static(id="profile-preview", classes="preview")
            yield from foot(
                Button(str(Text("应用 (Ctrl+S)", "Apply (Ctrl+S)")), variant="primary", id="apply"),
                Button(str(Text("取消 (Esc)", "Cancel (Esc)")), id="cancel"),
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#profile-search", Input).focus()
        self.load()

    @background("profiles")
    def load(self) -> None:
        self.app.call_from_thread(self.show_profiles, self.services.profiles)

    def show_profiles(self, profiles: dict[str, Profile]) -> None:
        self.profiles = profiles
        self.list_profiles()
        if self.chosen is not None:
            self.choose(self.chosen)

    def list_profiles(self, query: str = "") -> None:
        """The profiles whose name, title or title's pinyin initials contain every word of `query`."""
        words = query.casefold().split()
        shown = [
            (name, p)
            for name, p in self.profiles.items()
            if all(w in f"{name} {p.title} {initials(p.title)}".casefold() for w in words)
        ]
        menu = self.query_one("#profiles", OptionList)
        menu.clear_options()
        menu.add_options([Option(cell_text(f"{p.title}  ({len(p.obligations)})"), id=name) for name, p in shown])
        if shown:
            menu.highlighted = 0

    def choose(self, name: str) -> None:
        """Highlight one profile by name (from the command palette)."""
        menu = self.query_one("#profiles", OptionList)
        try:
            menu.highlighted = menu.get_option_index(name)
        except LookupError:
            return
        menu.focus()

    @on(Input.Changed, "#profile-search")
    def search(self, event: Input.Changed) -> None:
        self.list_profiles(event.value)

    @on(Input.Submitted, "#profile-search")
    def search_done(self) -> None:
        self.query_one("#profiles", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#profiles")
    async def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        profile = self.profiles[event.option.id or ""]
        self.profile = profile
        head = Rich(profile.title + "\n", style="bold")
        head.append(profile.document + "\n", style="italic")
        if profile.summary:
            head.append(profile.summary + "\n", style="dim")
        self.query_one("#profile-head", Static).update(head)
        params = self.query_one("#params", Vertical)
        await params.remove_children()
        fields: list[Widget] = []
        for p in profile.params:
            optional = str(Text("（可选）", " (optional)")) if p.optional else ""
            fields.append(Label(cell_text(f"{p.label}{optional}"), classes="param-label"))
            hint = PARAM_HINT.get(p.type, "")
            fields.append(Input(p.default or "", placeholder=hint, id=f"param-{p.key}", compact=True))
            if p.help:
                fields.append(Static(cell_text(p.help), classes="hint"))
        await params.mount_all(fields)
        self.refresh_preview()

    @on(OptionList.OptionSelected, "#profiles")
    def selected(self) -> None:
        inputs = self.query("#params Input")
        (inputs.first() if inputs else self.query_one("#p-owners", Input)).focus()

    # ---- preview

    def values(self) -> dict[str, str]:
        assert self.profile is not None
        out = {}
        for p in self.profile.params:
            value = self.query_one(f"#param-{p.key}", Input).value.strip()
            if value:
                out[p.key] = value
        return out

    def applied(self) -> Applied:
        """The profile with the values typed; a ProfileError or InputError says what is missing or wrong."""
        assert self.profile is not None
        values = self.values()
        missing = [p.label for p in self.profile.params if not p.optional and not p.default and p.key not in values]
        if missing:
            raise ProfileError(f"请填写：{'、'.join(missing)}", f"Fill in: {', '.join(missing)}")
        owners = split_list(self.query_one("#p-owners", Input).value)
        for owner in owners:
            check_email(owner)
        instance = self.query_one("#p-instance", Input).value.strip() or None
        return instantiate(self.profile, values, self.services.today, instance=instance, owners=owners)

    @on(Input.Changed, "#profile-form Input")
    def refresh_preview(self) -> None:
        if self.profile is None:
            return
        try:
            applied = self.applied()
        except DeadlinesError as error:
            self.workers.cancel_group(self, "preview")
            self.query_one("#profile-preview", Static).update(Rich(str(error), style="yellow"))
            return
        self.preview(applied)

    @background("preview")
    def preview(self, applied: Applied) -> None:
        text = self.preview_text(applied)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.query_one("#profile-preview", Static).update, text)

    def preview_text(self, applied: Applied) -> RenderableType:
        """The obligations the profile would make, most urgent first, each on one line (long titles cut with …)."""
        s = self.services
        head = Rich(
            str(Text(f"将生成 {len(applied.obligations)} 项义务：", f"{len(applied.obligations)} obligations:")),
            style="bold",
        )
        rows = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        rows.add_column(no_wrap=True)
        rows.add_column(no_wrap=True)
        rows.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
        items = build_agenda(applied.obligations, [], s.calendar_for, s.today)
        repeats = {d.key for d in profiles.repeats(applied.obligations, s.workspace.ledger().obligations)}
        for item in sorted(items, key=lambda i: action_order(i, s.today)):
            ob, due = item.obligation, item.due
            exists = ob.key in self.existing
            state = Text("已有", "exists") if exists else Text("新增", "new")
            if ob.key in repeats:
                state = Text("可能重复", "repeat?")
            rows.add_row(
                str(state), due.isoformat() if due else "-", cell_text(ob.title), style="dim" if exists else ""
            )
        skipped = Rich(style="yellow")
        for template, param in applied.skipped:
            skipped.append(
                str(
                    Text(
                        f"跳过 {template.title}：缺少可选参数 {param.label}\n",
                        f"skipped {template.title}: optional {param.key} not given\n",
                    )
                )
            )
        return Group(head, rows, skipped)

    # ---- done

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        if self.profile is None:
            return
        try:
            applied = self.applied()
        except DeadlinesError as error:
            self.refuse(error)
            return
        self.check_repeats(applied)

    @background("apply")
    def check_repeats(self, applied: Applied) -> None:
        """Look for the profile's likely repeats of stored obligations: a reading of the database, off the screen."""
        found = profiles.repeats(applied.obligations, self.services.workspace.ledger().obligations)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.confirm_apply, applied, found)

    def confirm_apply(self, applied: Applied, found: list[Duplicate]) -> None:
        """Apply, or first ask what to do with the likely repeats."""
        if not found:
            self.dismiss(applied)
            return

        def chosen(policy: Policy | None) -> None:
            if policy == "skip" or policy == "add":
                self.dismiss(replace(applied, obligations=tuple(profiles.kept(applied.obligations, found, policy))))

        self.app.push_screen(DuplicatesScreen(found, update=False), chosen)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
