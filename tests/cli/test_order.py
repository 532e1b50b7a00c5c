"""One urgency order in `list` and `due` (issue 15): overdue first by how late, then by the date the
next action is due, whatever the status — not grouped by status."""

from __future__ import annotations

import json

T = ("--today", "2026-12-01")


def test_a_deadline_in_three_days_comes_before_open_windows_due_later(cli) -> None:
    """On 2026-12-01: 2026年12月4日前 is due soon (3 days); the windows 每年12月1日至12月15日 and
    每年11月1日至12月31日 are open (due in 14 and 30 days); 2026年11月30日前 is 1 day late and
    2026年11月20日前 11 days late. Grouped by status the 12-04 deadline sat below both windows."""
    cli(*T, "add", "十二月四日报送", "--rule", "2026年12月4日前", "--key", "soon")
    cli(*T, "add", "年度总结窗口", "--rule", "每年12月1日至12月15日", "--key", "w15")
    cli(*T, "add", "年度积分窗口", "--rule", "每年11月1日至12月31日", "--key", "w31")
    cli(*T, "add", "昨天截止", "--rule", "2026年11月30日前", "--key", "late1")
    cli(*T, "add", "早已截止", "--rule", "2026年11月20日前", "--key", "late11")
    for command in ("list", "due"):
        docs = json.loads(cli(*T, command, "--format", "json").stdout)
        assert [d["key"] for d in docs] == ["late11", "late1", "soon", "w15", "w31"], command
    table = cli(*T, "list").stdout
    assert table.index("十二月四日报送") < table.index("年度总结窗口") < table.index("年度积分窗口")
