"""The first-run screen: an empty database, and two ways to a working dashboard within a minute."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Footer, Label, Static

from deadlines.core.i18n import Text
from deadlines.tui.screens.base import BaseScreen, Dialog
from deadlines.tui.text import key


class WelcomeScreen(BaseScreen[str | None]):
    """Dismisses with the action chosen ("profile", "demo", "add") or None to go to the empty dashboard."""

    BINDINGS = [
        key("p", "choose('profile')", Text("应用档案", "Apply a profile")),
        key("m", "choose('demo')", Text("演示数据", "Demo set")),
        key("a", "choose('add')", Text("新增", "Add")),
        key("escape", "choose(None)", Text("跳过", "Skip")),
        key("q", "app.quit", Text("退出", "Quit")),
    ]

    def compose(self) -> ComposeResult:
        with Dialog(id="welcome"):
            yield Label(str(Text("欢迎使用 deadlines", "Welcome to deadlines")), classes="dialog-title")
            yield Static(
                str(
                    Text(
                        "数据库还是空的。本工具按政策文件记录合规义务，按工作日、节假日与调休、"
                        "民法典期间规则算出每个到期日，并说明理由。\n\n"
                        "从一个档案开始：选一份政策文件（如中国标准化协会培训积分、领跑者、专精特新），"
                        "填入日期等参数，即可生成其中的全部义务。\n"
                        "或者先载入演示数据看看：几项带「演示」标签的义务，涵盖各种状态，随时可删除。",
                        "The database is empty. deadlines keeps the obligations a policy document sets, computes "
                        "each due date from working days, holidays, 调休 and the Civil Code's period rules, and "
                        "says why.\n\n"
                        "Start from a profile: pick a policy document, fill in its dates, and get all of its "
                        "obligations. Or load the demo set first: a few obligations tagged 演示, in every status, "
                        "easy to delete.",
                    )
                ),
                id="welcome-text",
            )
            yield Button(str(Text("应用档案 (p)", "Apply a profile (p)")), variant="primary", id="profile")
            yield Button(str(Text("载入演示数据 (m)", "Load the demo set (m)")), variant="success", id="demo")
            yield Button(str(Text("自己新增一项 (a)", "Add one myself (a)")), id="add")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#profile", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
