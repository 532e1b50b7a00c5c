"""An obligation whose dates cannot be computed today, and why.

A lead time reaching before 2004, an absurd period, a broken trigger: such an
obligation is left out of reminders and calendar exports one by one, named
with its key, while every other one still goes out; `doctor` lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from deadlines.core.i18n import Text

NO_OCCURRENCE = Text("没有可计算的期次", "no occurrence could be computed")


@dataclass(frozen=True)
class Uncomputable:
    key: str
    problem: Text
