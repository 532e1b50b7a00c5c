"""Every shipped profile loads, cites its source, and computes for 2026 and 2027."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from deadlines import paths
from deadlines.core.agenda import build_agenda
from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.errors import ProfileError
from deadlines.core.profiles import instantiate, load_profile, load_profiles

PROFILES = load_profiles(paths.shipped("profiles"))
CAL = WorkCalendar(CalendarSources())
SEEDS = {f"{n:03d}" for n in range(5)}


def _values(profile) -> dict[str, str]:
    """A value for every parameter, optional ones included."""
    sample = {"date": "2026-03-02", "year": "2026", "text": "样例"}
    return {p.key: sample[p.type] for p in profile.params if p.default is None}


def test_there_are_profiles_for_all_five_documents() -> None:
    cited = {p.seed[:3] for p in PROFILES.values()}
    assert cited >= SEEDS
    assert len(PROFILES) >= 10


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_obligation_cites_its_source(name: str) -> None:
    for t in PROFILES[name].obligations:
        assert t.source.strip(), t.key
        assert any(ch.isdigit() for ch in t.source), f"{t.key}: the source should name a line or clause"


@pytest.mark.parametrize("name", sorted(PROFILES))
@pytest.mark.parametrize("today", [date(2026, 11, 21), date(2027, 6, 30)])
def test_every_profile_computes(name: str, today: date) -> None:
    applied = instantiate(PROFILES[name], _values(PROFILES[name]), today)
    assert applied.skipped == ()
    items = build_agenda(applied.obligations, [], lambda region: CAL, today)
    bad = [(i.obligation.key, str(i.problem)) for i in items if i.status == "invalid"]
    assert bad == []
    assert all(i.occurrence is not None for i in items)


def test_cas_profile_dates_match_the_issue() -> None:
    profile = PROFILES["cas-training-credits"]
    applied = instantiate(profile, {"training_end": "2026-09-30"}, date(2026, 9, 30))
    items = {i.obligation.key: i for i in build_agenda(applied.obligations, [], lambda r: CAL, date(2026, 11, 21))}
    # 10 working days after 9/30: 10/1–10/7 off, Sat 10/10 worked → 10/20.
    assert items["cas-training-credits/basic-credit-registration"].due == date(2026, 10, 20)
    app = items["cas-training-credits/application"].occurrence
    assert (app.opens, app.due) == (date(2026, 12, 1), date(2026, 12, 15))
    pub = items["cas-training-credits/publicity-window"].occurrence
    assert (pub.opens, pub.due) == (date(2027, 1, 3), date(2027, 1, 8))
    # The review needs the day the promotion application was made, the fraud ban a date that only exists
    # if fraud is found: both left out, and said so.
    assert [t.key for t, _ in applied.skipped] == ["promotion-credit-review", "fraud-ban"]


def test_missing_required_parameter_is_named() -> None:
    with pytest.raises(ProfileError) as info:
        instantiate(PROFILES["cas-training-credits"], {}, date(2026, 11, 21))
    assert "training_end" in str(info.value) and "--set" in str(info.value)


def test_bad_parameter_value_is_refused() -> None:
    with pytest.raises(ProfileError, match="2026-02-30"):
        instantiate(PROFILES["cas-training-credits"], {"training_end": "2026-02-30"}, date(2026, 11, 21))


@pytest.mark.parametrize(
    "body, fragment",
    [
        ("[profile]\nname = 'broken'\n", "obligations"),
        ("[profile]\nname = 'other'\ntitle='t'\ndocument='d'\n", "profile.name"),
        (
            "[profile]\nname='broken'\ntitle='t'\ndocument='d'\n[[obligations]]\nkey='a'\ntitle='t'\nrule='下个月吧'\nsource='1'\n",
            "obligations[0].rule",
        ),
        (
            "[profile]\nname='broken'\ntitle='t'\ndocument='d'\n[[obligations]]\nkey='a'\ntitle='t'\nrule='有效期3年'\nsource='1'\ntrigger='nope'\n",
            "obligations[0].trigger",
        ),
        ("[profile\nname='broken'", "无法解析"),
    ],
)
def test_a_broken_profile_names_the_file_and_key(tmp_path: Path, body: str, fragment: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert str(path) in str(info.value) and fragment in str(info.value)
