"""Clauses that only point back at what the rule already counts from, and may stay beside it.

Published clauses often restate their anchor in a condition: 「被许可人需要延续……有效期的，应当在
该行政许可有效期届满三十日前……」, 「解释发布后，……应当自发布之日起二十日内……」, or state the
consequence of missing the date: 「……逾期不予受理」. Such a clause adds no date, so it is kept as
the document's words — and noted, so the reading shows it was seen. Any other time word beside the
expression still refuses the rule.
"""

from __future__ import annotations

from deadlines.core.i18n import Text
from deadlines.core.kinds import Schedule
from deadlines.core.recurring import Annual, Monthly, Span
from deadlines.core.schedules import BeforeExpiry, Relative
from deadlines.core.triggered import BeforeWindow, ByExpiry

_EXPIRY_WORDS = frozenset({"有效期", "届满", "期满", "到期"})


def reference(clause: str, words: list[str], schedule: Schedule) -> Text | None:
    """A note when `clause`'s time words (`words`) only point back at the schedule's anchor, else None."""
    found = set(words)
    counts_back = isinstance(schedule, (BeforeWindow, ByExpiry)) or (
        isinstance(schedule, BeforeExpiry) and schedule.anchor
    )
    if isinstance(schedule, BeforeExpiry) and schedule.said and found <= {"期限", "内"} and "期限" in clause:
        return Text(
            f"「{clause}」：所说的期限即提前起算的日期，不另计期限。",
            f"{clause!r} names the same deadline the period counts back from; it sets no other period.",
        )
    if isinstance(schedule, (Annual, Span, Monthly)) and found == {"当年"}:
        return Text(f"「{clause}」：「当年」即该期次的年份。", f"{clause!r}: 当年 is the cycle's own year.")
    if counts_back and found <= _EXPIRY_WORDS:
        return Text(
            f"「{clause}」：所说的有效期即倒数起算的届满日，不另计期限。",
            f"{clause!r} names the same expiry the period counts back from; it sets no other period.",
        )
    if isinstance(schedule, Relative) and schedule.event and found == {"后"} and f"{schedule.event}后" in clause:
        return Text(
            f"「{clause}」：即起算事件「{schedule.event}」，不另计期限。",
            f"{clause!r} is the same event, {schedule.event!r}; it sets no other period.",
        )
    if clause.startswith("逾期") and found == {"逾期"}:
        return Text(f"「{clause}」：错过该期限的后果。", f"{clause!r}: what follows if the date is missed.")
    return None
