"""`until` as a filter over a calendar rule's occurrences, checked against the obvious slow twin."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from deadlines.core.agenda import occurrences_of
from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.models import Obligation

CAL = WorkCalendar(CalendarSources())
COUNT = 30
"""Occurrences compared: enough to pass any `until` drawn for the yearly rules, within the lunar table."""
RULES = ["每年第四季度", "每年9月30日前", "每年12月1日至12月15日", "次年1月3日至1月8日", "每年上半年", "每月下旬"]


@settings(max_examples=60, deadline=None)
@given(
    rule=st.sampled_from(RULES),
    since=st.dates(date(2019, 1, 1), date(2024, 12, 31)),
    span=st.integers(0, 1500),
)
def test_no_occurrence_starts_after_until_and_windows_are_cut_at_it(rule: str, since: date, span: int) -> None:
    until = since + timedelta(days=span)
    free = Obligation("k", "t", rule, since=since)
    bounded = replace(free, until=until)
    everything = occurrences_of(free, CAL, since, COUNT, trigger=None)
    expected = [(o.cycle, o.opens, min(o.due, until)) for o in everything if (o.opens or o.due) <= until]
    got = [(o.cycle, o.opens, o.due) for o in occurrences_of(bounded, CAL, since, COUNT, trigger=None)]
    assert got == expected
