"""The next-action index never hides anything (issue #14 point 7): a reading through it gives exactly what
reading every obligation gives, on both backends, on any later day and for any horizon.

The obligations are real: every shipped profile applied (duties, the issuing body's steps, policy
information, optional steps, chains, windows, bans, minimums, sunsets) and every schedulable phrase of
the published-rule corpus (`tests/data/rules/corpus.toml`) with its trigger date and random lead times,
some of them completed. The slow twin is the whole agenda filtered by the same rule.
"""

from __future__ import annotations

import random
import shutil
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deadlines import paths
from deadlines.app import changes, index
from deadlines.app.due import due
from deadlines.app.workspace import Workspace
from deadlines.core.agenda import Item
from deadlines.core.models import Obligation
from deadlines.core.profiles import instantiate, load_profiles
from deadlines.core.urgency import is_due
from deadlines.store import Selection

T0 = date(2026, 12, 1)
"""The day every obligation is written (and the index built)."""
EVENT = "2026-03-02"
CORPUS = Path(__file__).parents[1] / "data" / "rules" / "corpus.toml"
REMINDED = {"overdue", "due_today", "window_open", "due_soon"}
"""The statuses a reminder can go out for (`remind.plan`)."""
RECURRING = [
    "每月15日前",
    "次月15日前",
    "次月第5个工作日结束前",
    "每季度结束后15日内",
    "季度终了之日起15日内",
    "每年6月底前",
    "每年第一季度",
    "每月下旬",
    "每年12月1日—12月15日",
    "次年1月3日—1月8日",
]
"""The recurring rule texts DESIGN.md gives as examples (typed as rules, as an officer does), besides the corpus."""
LEADS = [(), ("30日",), ("30日", "7日", "1日"), ("5个工作日",), ("3个月", "10个工作日")]


def phrases() -> list[Obligation]:
    """Every corpus phrase with one meaning, as an obligation on its trigger date, with lead times; and again,
    counting from 2024, so that the recurring ones have cycles behind them."""
    pick = random.Random(14)
    out = []
    for i, phrase in enumerate(tomllib.loads(CORPUS.read_text(encoding="utf-8"))["phrase"]):
        if phrase.get("unclear"):
            continue
        start = date.fromisoformat(phrase["from"]) if "from" in phrase else None
        out.append(
            Obligation(
                key=f"phrase-{i:03d}",
                title=phrase["text"][:40],
                rule=phrase["text"],
                start=start,
                owners=("li@example.com",),
                lead_times=pick.choice(LEADS) or None,
                # every fourth is added without `since`: it counts from the day it is added
                since=None if i % 4 == 3 else date.fromisoformat(phrase.get("since", "2026-01-01")),
            )
        )
        out.append(replace(out[-1], key=f"{out[-1].key}-2024", since=date(2024, 1, 1)))
    for i, rule in enumerate(RECURRING):
        for since in (None, date(2024, 1, 1)):
            key = f"rule-{i:02d}-{since.year if since else 'added'}"
            out.append(Obligation(key=key, title=rule, rule=rule, lead_times=pick.choice(LEADS) or None, since=since))
    return out


def fill(ws: Workspace) -> None:
    """Every profile and every phrase written on T0; a third of the current items marked done for one to seven
    cycles running (so that the index resumes past them), and a fifth done ahead of their turn: the occurrence
    after the current one marked done while the current one is not. Each recurring rule gets one of these, or
    both (cycles done, then one ahead)."""
    for profile in load_profiles(paths.shipped("profiles")).values():
        sets = {p.key: EVENT for p in profile.params if p.default is None and p.type == "date"}
        changes.upsert(ws, instantiate(profile, sets, ws.today, owners=("li@example.com",)).obligations, "profile")
    for ob in phrases():
        try:
            changes.add(ws, ob)
        except Exception:  # noqa: BLE001  a phrase the grammar refuses is not an obligation anyone could add
            continue
    for n, item in enumerate(sorted(ws.ledger().agenda(ws.calendar_for, ws.today), key=lambda i: i.obligation.key)):
        rule = item.obligation.key.startswith("rule-")
        if (n % 4 != 2) if rule else (n % 3 == 0):
            item = complete_cycles(ws, item, 1 + n % 7)
        if ((n % 4 >= 2) if rule else (n % 5 == 1)) and item.status not in ("done", "invalid", "ended"):
            ahead = ws.ledger(keys=[item.obligation.key]).upcoming(item, ws.calendar_for, ws.today, 2)[1:]
            if ahead:
                changes.complete(ws, Item(item.obligation, ahead[0], "upcoming"), ws.today, "ahead of its turn")
    index.refresh(ws)


def complete_cycles(ws: Workspace, item: Item, count: int) -> Item:
    """The item's next `count` occurrences marked done one after another (while there is one to do); its item
    after them."""
    for _ in range(count):
        if item.status in ("done", "invalid", "ended") or item.occurrence is None:
            break
        changes.complete(ws, item, ws.today, "test")
        item = ws.ledger(keys=[item.obligation.key]).item(item.obligation.key, ws.calendar_for, ws.today)
    return item


def seen(items: list[Item]) -> list[tuple[str, str, str, str, str | None]]:
    return sorted(
        (i.obligation.key, i.occurrence.cycle if i.occurrence else "", i.status, str(i.due), i.stage) for i in items
    )


@pytest.fixture(scope="module", params=["file", "postgres"])
def filled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEADLINES_HOME", str(home))
        if request.param == "file":
            target = str(home / "deadlines.json")
        else:
            target = request.getfixturevalue("pg_server").new_database(f"index_{random.randrange(10**9)}")
        ws = Workspace.open(today=T0, db=target)
        ws.store.migrate()
        fill(ws)
        yield ws


def test_the_store_is_real_and_the_index_narrows(filled: Workspace) -> None:
    everything = filled.ledger()
    statuses = {i.status for i in everything.agenda(filled.calendar_for, T0)}
    assert len(everything.obligations) > 150 and {"overdue", "done", "expected", "optional", "ended"} <= statuses
    narrow = filled.ledger(due_by=T0)
    assert not narrow.snapshot.complete and 0 < len(narrow.obligations) < len(everything.obligations)
    current = filled.ledger(due_by=T0 + timedelta(days=400), history=False)
    resumed = {k for k, r in current.snapshot.obligations.items() if r.get("resume")}
    done_before = {c.key for c in everything.completions} & resumed  # their completions are left out
    assert current.snapshot.resumed and len(resumed) > 20 and len(done_before) > 7
    assert not done_before & {c.key for c in current.completions}
    unresumed = {c.key for c in everything.completions if c.key in current.obligations} - resumed
    assert unresumed and unresumed <= {c.key for c in current.completions}  # done ahead of their turn, chains…


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(later=st.integers(0, 1200), within=st.integers(0, 400))
def test_due_and_reminders_through_the_index_are_those_of_every_obligation(
    filled: Workspace, later: int, within: int
) -> None:
    ws = filled.on(T0 + timedelta(days=later))
    horizon = ws.today + timedelta(days=within)
    every = ws.ledger().agenda(ws.calendar_for, ws.today)
    assert seen(due(ws, within)) == seen([i for i in every if is_due(i, horizon)])
    reminded = ws.ledger(due_by=ws.today)
    assert not reminded.snapshot.complete  # the index was used, not a full reading
    assert seen([i for i in reminded.agenda(ws.calendar_for, ws.today) if i.status in REMINDED]) == seen(
        [i for i in every if i.status in REMINDED]
    )


@pytest.fixture(scope="module")
def file_copy_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("source")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEADLINES_HOME", str(home))
        fill(Workspace.open(today=T0, db=home / "deadlines.json"))
    return home


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 200), st.integers(0, 10**6), st.booleans()), min_size=1, max_size=4))
def test_writes_on_later_days_keep_the_index_exact(
    file_copy_source: Path, tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[int, int, bool]]
) -> None:
    """Completions, undos and edits on later days, each followed by readings on a later day still."""
    home = tmp_path_factory.mktemp("copy")
    shutil.copytree(file_copy_source, home, dirs_exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEADLINES_HOME", str(home))
        day = T0
        undo = None
        for gap, which, edit in steps:
            day += timedelta(days=gap)
            ws = Workspace.open(today=day, db=home / "deadlines.json")
            open_items = ws.ledger().agenda(ws.calendar_for, day)
            items = [i for i in open_items if i.status not in ("done", "invalid", "ended")]
            item = items[which % len(items)]
            if edit:
                changes.edit(ws, item.obligation.key, {"lead_times": ("60日", "2日")})
            elif undo is not None and which % 2:
                undo(ws.store)
                undo = None
            else:
                undo = changes.complete(ws, item, day, "evidence").undo
            after = ws.on(day + timedelta(days=which % 90))
            every = after.ledger().agenda(after.calendar_for, after.today)
            assert seen(due(after, 30)) == seen([i for i in every if is_due(i, after.today + timedelta(days=30))])
            assert not after.ledger(due_by=after.today).snapshot.complete


def test_a_notice_import_makes_the_old_index_unused_until_it_is_rebuilt(cli, isolated_home: Path) -> None:
    """A new calendar moves dates: the index built before it is not used, and the import rebuilds it."""
    notice = Path(__file__).parents[1] / "data" / "notices-hypothetical"
    page = sorted(notice.glob("*2027*"))[0]
    assert cli("--today", "2026-12-01", "add", "年报", "--rule", "每年1月31日前", "--key", "annual").exit_code == 0
    ws = Workspace.open(today=T0)
    assert index.refresh(ws) and not ws.ledger(due_by=T0).snapshot.complete
    assert cli("--today", "2026-12-01", "calendar", "import-notice", str(page)).exit_code == 0
    after = Workspace.open(today=T0)
    assert after.index_basis != ws.index_basis
    assert after.store.snapshot(Selection()).index.basis == after.index_basis  # type: ignore[union-attr]
    assert not after.ledger(due_by=T0).snapshot.complete
    assert after.store.obligation("annual")["next_action"] == "2027-01-01"  # type: ignore[index]  (a month's lead)
    stale = ws.ledger(due_by=T0)  # a process still holding the old calendars reads everything now
    assert stale.snapshot.complete
    changes.add(ws, Obligation(key="late", title="年报", rule="每年1月31日前"))  # and writes no date of its own
    assert after.store.obligation("late")["next_action"] is None  # type: ignore[index]
    assert "late" in after.ledger(due_by=T0).obligations


def test_a_write_with_a_later_today_does_not_leave_the_index_unused_past_the_next_rebuild(tmp_path: Path) -> None:
    """A what-if `--today` in the future moves the index's day on; readings on the real day then read everything
    (correct, slower), and the next rebuild (the daily remind run) takes it back to today."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEADLINES_HOME", str(tmp_path))
        ws = Workspace.open(today=T0, db=tmp_path / "deadlines.json")
        changes.add(ws, Obligation(key="a", title="年报", rule="每年1月31日前"))
        assert index.refresh(ws) and not ws.ledger(due_by=T0).snapshot.complete
        later = ws.on(T0 + timedelta(days=40))
        changes.add(later, Obligation(key="b", title="季报", rule="每季度结束后15日内"))
        assert ws.ledger(due_by=T0).snapshot.complete  # on T0 a date computed on a later day may be late
        assert index.refresh(ws) and not ws.ledger(due_by=T0).snapshot.complete
        assert not index.refresh(ws)  # nothing to rebuild now


def test_setting_the_region_rebuilds_the_index_on_that_regions_working_days(cli, isolated_home: Path) -> None:
    """The configured region is part of the basis: after `config set region` the next reading uses an index
    computed on the region's calendar, not one computed on the national one (nor everything, every time)."""
    assert cli("--today", "2026-12-01", "add", "年报", "--rule", "每年1月31日前", "--key", "annual").exit_code == 0
    before = Workspace.open(today=T0)
    assert index.refresh(before)
    assert cli("--today", "2026-12-01", "config", "set", "region", "guangxi").exit_code == 0
    after = Workspace.open(today=T0)
    assert after.index_basis != before.index_basis
    assert after.store.snapshot(Selection()).index.basis == after.index_basis  # type: ignore[union-attr]
    assert not after.ledger(due_by=T0).snapshot.complete


def test_no_database_is_created_to_index_nothing(cli, isolated_home: Path) -> None:
    assert cli("config", "set", "region", "guangxi").exit_code == 0
    assert not (isolated_home / "deadlines.json").exists()


def test_due_through_the_index_lists_a_provisional_date_by_its_earliest_day(tmp_path: Path) -> None:
    """10 working days from 2027-01-25 span the 2027 Spring Festival, whose arrangement is not published: the due
    date is provisional, 2027-02-09 at the earliest, 2027-02-14 as expected. `due` lists it once the earliest day is
    within the horizon, so the index must keep that day, not the expected one (worked out with `deadlines rule`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEADLINES_HOME", str(tmp_path))
        ws = Workspace.open(today=T0, db=tmp_path / "deadlines.json")
        changes.add(
            ws,
            Obligation(key="training", title="培训结束后报送", rule="培训结束后10个工作日内", start=date(2027, 1, 25)),
        )
        index.refresh(ws)
        later = ws.on(date(2027, 1, 11))  # the horizon of `due --within 29` is 2027-02-09
        (item,) = due(later, 29)
        assert (item.occurrence.earliest, item.due) == (date(2027, 2, 9), date(2027, 2, 14))  # type: ignore[union-attr]
        assert not later.ledger(due_by=date(2027, 2, 9), stages=False).snapshot.complete  # through the index
        assert due(later, 28) == []
