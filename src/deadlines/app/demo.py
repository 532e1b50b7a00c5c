"""The demo set: a small, realistic database a newcomer can look at within a minute.

Four shipped profiles applied as the instance 「演示」 with dates around
today, and a few obligations written by hand so that every status appears
(overdue, due today, window open, due soon, upcoming, done). Every demo
obligation carries the tag 「演示」, so it is easy to filter and delete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from deadlines.core.agenda import current_item
from deadlines.core.calendar import WorkCalendar
from deadlines.core.models import Obligation
from deadlines.core.profiles import find_profile, instantiate
from deadlines.store.ledger import completion_record

TAG = "演示"
OWNERS = ("li@example.com", "wang@example.com")
DONE_KEY = "demo/done-statistics"
"""The demo obligation that comes with a completion."""


def _years_ago(today: date, years: int, plus_days: int) -> str:
    return (today.replace(year=today.year - years, day=min(today.day, 28)) + timedelta(days=plus_days)).isoformat()


def _zh(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def demo_obligations(today: date, profiles_dir: Path) -> list[Obligation]:
    """The demo obligations for `today` (stable keys: loading twice changes nothing)."""
    applied = [
        ("cas-training-credits", {"training_end": (today - timedelta(days=12)).isoformat()}),
        ("leader-jiangsu", {"list_published": _years_ago(today, 3, 40)}),
        ("leader-liaoning", {"list_published": _years_ago(today, 1, 200)}),
        ("standards-review", {"last_review": _years_ago(today, 5, 15)}),
    ]
    out: list[Obligation] = []
    for name, values in applied:
        profile = find_profile(profiles_dir, name)
        out += instantiate(profile, values, today, instance=TAG, owners=OWNERS[:1]).obligations
    day = timedelta(days=1)
    by_hand = [
        ("overdue-report", "报送年度标准实施情况报告", f"{_zh(today - 5 * day)}前", ("报送",)),
        ("today-filing", "企业标准自我声明公开信息更新", f"{_zh(today)}前", ("自我声明",)),
        ("window-review", "团体标准年度复核材料提交", f"{_zh(today - 5 * day)}至{_zh(today + 6 * day)}", ("团体标准",)),
        ("soon-training", "标准化培训报名", f"{_zh(today + 5 * day)}前", ("培训",)),
        ("yearly-summary", "年度标准化工作总结", "每年12月1日至12月15日", ("总结",)),
        ("done-statistics", "标准化统计年报", f"{_zh(today - 3 * day)}前", ("统计",)),
    ]
    for key, title, rule, tags in by_hand:
        out.append(
            Obligation(
                key=f"demo/{key}",
                title=title,
                rule=rule,
                owners=OWNERS[1:],
                tags=tags,
                source="演示数据（非真实文件）",
                concerns="本单位标准化管理部门",
                since=today - 30 * day,
            )
        )
    return [replace(ob, tags=(*ob.tags, TAG)) for ob in out]


def demo_completions(
    obligations: list[Obligation],
    calendar_for: Callable[[str | None], WorkCalendar],
    today: date,
    who: str,
    stored: Iterable[Mapping[str, Any]],
    at: str,
) -> list[dict[str, Any]]:
    """One completion, with evidence, so the dashboard shows a done item too (none if it is stored already)."""
    if any(c.get("key") == DONE_KEY for c in stored):
        return []
    ob = next(o for o in obligations if o.key == DONE_KEY)
    item = current_item(ob, {}, calendar_for(ob.region), today)
    return [completion_record(item, today - timedelta(days=4), "演示凭证：报送回执 DEMO-2026-001", who, at)]
