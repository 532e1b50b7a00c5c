"""Applying a profile as a library call: which of its obligations likely repeat stored ones, and what to keep.

Both front ends use these: the CLI refuses and lists the repeats unless told
`--on-duplicate skip|add`; the TUI shows them and asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from deadlines.core.models import Obligation
from deadlines.transfer.duplicates import Duplicate, find

ProfilePolicy = Literal["skip", "add"]
"""What to do with a profile's likely repeats (a profile's obligation has its own key: there is no update)."""


def repeats(obligations: Iterable[Obligation], stored: Mapping[str, Obligation]) -> list[Duplicate]:
    """The profile's obligations (new keys) that likely repeat a `stored` one added by hand or imported.

    Another profile's obligation is another document's rule, even with the same words (the national and a
    provincial 领跑者 ban): only what was added by hand or imported can be a repeat of a profile's.
    """
    return find(obligations, {key: ob for key, ob in stored.items() if ob.profile is None})


def kept(obligations: Iterable[Obligation], found: Iterable[Duplicate], policy: ProfilePolicy) -> list[Obligation]:
    """The obligations to write: without the likely repeats (skip), or all of them (add)."""
    left_out = {d.key for d in found} if policy == "skip" else set()
    return [ob for ob in obligations if ob.key not in left_out]
