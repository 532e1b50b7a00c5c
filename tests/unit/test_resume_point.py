"""What the index's resume points rest on (`core.next_action`): a calendar-recurring schedule's occurrences from a
later day are a suffix of those from an earlier day, in rising date order, on the real calendar (holidays, 调休,
provisional years). If that failed for some rule, a reading resumed past done cycles could give another current
occurrence than a scan from the start; `tests/store/test_index.py` checks the readings themselves.

The rules: every corpus phrase (published texts) that parses to such a schedule, and DESIGN.md's examples.
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.next_action import RESUMABLE
from deadlines.core.rules import parse_rule
from deadlines.core.schedules import Context, Occurrence
from tests.store.test_index import CORPUS, RECURRING

CTX = Context(cal=WorkCalendar(CalendarSources()), explain=False)


def resumable() -> list[tuple[str, object]]:
    texts = [p["text"] for p in tomllib.loads(CORPUS.read_text(encoding="utf-8"))["phrase"] if not p.get("unclear")]
    found = []
    for text in [*texts, *RECURRING]:
        try:
            schedule = parse_rule(text)
        except Exception:  # noqa: BLE001  a phrase the grammar refuses has no schedule
            continue
        if isinstance(schedule, RESUMABLE):
            found.append((text, schedule))
    return found


RULES = resumable()


def test_there_are_rules_of_every_resumable_kind() -> None:
    assert {type(s) for _, s in RULES} == set(RESUMABLE) and len(RULES) > 25


def cond(occ: Occurrence) -> date:
    assert occ.latest is not None
    return occ.latest


@pytest.mark.parametrize("text", [t for t, _ in RULES])
@settings(max_examples=30, deadline=None)
@given(since=st.dates(date(2023, 1, 1), date(2029, 12, 31)), gap=st.integers(0, 900))
def test_occurrences_from_a_later_day_are_a_suffix_of_those_from_an_earlier_one(
    text: str, since: date, gap: int
) -> None:
    schedule = parse_rule(text)
    earlier = list(islice(schedule.occurrences(CTX, since), 60))  # type: ignore[union-attr]
    later = list(islice(schedule.occurrences(CTX, since + timedelta(days=gap)), 12))  # type: ignore[union-attr]
    assert [cond(o) for o in earlier] == sorted(cond(o) for o in earlier)  # dates rise with the order
    start = next(i for i, o in enumerate(earlier) if o.cycle == later[0].cycle)
    assert earlier[start : start + len(later)] == later
    assert all(cond(o) < since + timedelta(days=gap) for o in earlier[:start])  # only those before it drop out
