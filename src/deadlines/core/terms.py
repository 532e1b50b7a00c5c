"""The catalogue of recurring terms: every word the product uses for a status, a calendar source,
a certainty, a role, a cycle or a change, defined once in Chinese (the source) and English.

Front ends, the mail and exports take their words from here, so 「已逾期」 or 「推算」 reads
the same on every screen. Rendered to a language only at the output boundary (`str(text)` or
`text.render(lang)`).
"""

from __future__ import annotations

from datetime import date

from deadlines.core.i18n import Text

STATUS: dict[str, Text] = {
    "overdue": Text("已逾期", "overdue"),
    "due_today": Text("今日到期", "due today"),
    "window_open": Text("窗口开放", "window open"),
    "due_soon": Text("即将到期", "due soon"),
    "upcoming": Text("未到期", "upcoming"),
    "done": Text("已完成", "done"),
    "blocked": Text("禁止期内", "blocked"),
    "ended": Text("已结束", "ended"),
    "in_force": Text("生效中", "in force"),
    "invalid": Text("需补充信息", "needs input"),
    "expected": Text("预计", "expected"),
    "not_yet": Text("未到", "not yet"),
    "past": Text("已过", "past"),
    "optional": Text("可选", "optional"),
}
"""The status of an occurrence on a day (see `core.agenda`)."""

STATUS_MEANING: dict[str, Text] = {
    "overdue": Text("已过到期日仍未完成", "past its due date and not done"),
    "due_today": Text("今天是最后一天", "today is the last day"),
    "window_open": Text("办理窗口已开放", "its filing window is open"),
    "due_soon": Text("已进入提前提醒期（默认 30、7、1 日）", "within a lead time (default 30, 7, 1 days)"),
    "blocked": Text("处于禁止申报期内", "inside a ban period"),
    "upcoming": Text("尚未到提醒期", "not yet within a lead time"),
    "invalid": Text("缺少起算日期等信息，无法计算", "missing a start date or similar; cannot compute"),
    "done": Text("本期已完成", "this occurrence is done"),
    "ended": Text("政策或禁止期已结束", "the policy or the ban is over"),
    "in_force": Text("政策生效中", "the policy is in force"),
    "expected": Text("主管部门的环节，预计日期（不会逾期）", "a step of the issuing body, expected date (never overdue)"),
    "not_yet": Text("政策信息，日期未到", "policy information, not yet reached"),
    "past": Text("日期已过的政策信息或主管部门环节", "policy information or an issuing body's step now past"),
    "optional": Text("可选环节，需要时用 deadlines activate 启用", "an optional step; activate it when it applies"),
}
"""What each status means, for the help screen and `--help`."""

SOURCE: dict[str, Text] = {
    "official": Text("官方", "official"),
    "user": Text("用户导入", "user"),
    "provisional": Text("推算", "provisional"),
}
"""Where a year's working-day calendar comes from, highest priority first: user, official, provisional."""

CERTAINTY: dict[str, Text] = {
    "certain": Text("确定", "certain"),
    "likely": Text("很可能", "likely"),
    "forecast": Text("预测", "forecast"),
}
"""How sure a provisional day is: the law's own days, the 补假 it requires, the usual 调休 pattern."""

ROLE: dict[str, Text] = {
    "duty": Text("本单位义务", "duty"),
    "authority": Text("主管部门环节", "authority's step"),
    "info": Text("政策信息", "policy information"),
}
"""Whose step an obligation is: the user's organisation, the issuing body, or information only."""

PROVISIONAL_DATE = Text("推算日期", "provisional date")


def provisional_range(earliest: date, latest: date) -> Text:
    """「推算：最早 2027-02-09，最晚 2027-02-16」; one day when both ends agree: 「推算：2027-03-12」."""
    if earliest == latest:
        return Text(f"推算：{earliest}", f"provisional: {earliest}")
    return Text(f"推算：最早 {earliest}，最晚 {latest}", f"provisional: earliest {earliest}, latest {latest}")


ONCE = Text("一次性", "once")
"""The cycle label of a one-off occurrence (its code is "once")."""


def cycle_label(cycle: str) -> Text:
    """An occurrence's cycle as the user reads it: 「一次性」 for "once"; 2026, 2026-Q1, 2026-03 as they are."""
    return ONCE if cycle == "once" else Text(cycle, cycle)


CHANGE: dict[str, Text] = {
    "add": Text("新增", "added"),
    "update": Text("修改", "edited"),
    "delete": Text("删除", "deleted"),
    "restore": Text("恢复", "restored"),
    "complete": Text("标记完成", "marked done"),
    "uncomplete": Text("撤销完成", "done undone"),
    "import": Text("导入", "imported"),
    "profile": Text("应用档案", "from a profile"),
    "demo": Text("演示数据", "demo set"),
    "migrate": Text("数据迁移", "migrated"),
}
"""The audit log's actions (the store's codes), as the history shows them."""


def change_label(action: str) -> Text:
    """An audit action's name; an unknown code is shown as it is."""
    return CHANGE.get(action, Text(action, action))
