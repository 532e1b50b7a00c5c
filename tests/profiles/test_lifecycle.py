"""The six causes of issue 11, each on the real profile that showed it, with dates worked out by hand.

Seed lines are those of `cat -n tests/profiles/seeds/004_9dbe9052b049e00e.txt` (and 000–003).
Calendar facts used: the official 2021–2026 calendars; 2027 dates here fall on ordinary
working days (no 2027 holiday is near them), so their provisional status does not move them.
"""

from __future__ import annotations

from datetime import date

from deadlines import paths
from deadlines.core.agenda import Item, build_agenda, current_item, occurrences_of, trigger_date
from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.models import Completion, Obligation
from deadlines.core.profiles import instantiate, lapsed, load_profiles

CAL = WorkCalendar(CalendarSources())
PROFILES = load_profiles(paths.shipped("profiles"))
TODAY = date(2026, 12, 1)


def obligations(name: str, values: dict[str, str], added: date) -> dict[str, Obligation]:
    return {o.key.split("/")[1]: o for o in instantiate(PROFILES[name], values, added).obligations}


def agenda(
    name: str, values: dict[str, str], added: date, today: date, done: tuple[tuple[str, date], ...] = ()
) -> dict[str, Item]:
    obs = obligations(name, values, added)
    completions = [Completion(obs[k].key, "once", on) for k, on in done]
    return {i.obligation.key.split("/")[1]: i for i in build_agenda(obs.values(), completions, lambda r: CAL, today)}


def dues(ob: Obligation, since: date, count: int = 6) -> list[date]:
    return [o.due for o in occurrences_of(ob, CAL, since, count, trigger=None)]


def now(ob: Obligation, today: date, done: dict[str, Completion] | None = None, *, explain: bool = False) -> Item:
    """The obligation's item on `today`, its trigger from its own parameters (no chain)."""
    return current_item(ob, done or {}, CAL, today, trigger=trigger_date(ob, lambda _spec: None), explain=explain)


def explained(ob: Obligation, today: date) -> str:
    item = now(ob, today, explain=True)
    assert item.occurrence is not None
    return "".join(t.zh for t in item.occurrence.explanation)


# ---------------------------------------------------------------- 1. a recurring rule ends with its policy


def test_zaozhuang_q4_window_is_cut_at_the_sunset_and_then_ends() -> None:
    # 004 L4489: 「每年的第四季度受理」; L4505: 「有效期至2023年11月30日」.
    # The 2023 window opens 10-01 and is cut short at 11-30; there is no 2024 window.
    q4 = obligations("subsidy-zaozhuang", {}, date(2023, 1, 1))["q4-window"]
    assert dues(q4, date(2023, 1, 1)) == [date(2023, 11, 30)]
    assert current_item(q4, {}, CAL, date(2023, 10, 15)).status == "window_open"
    ended = current_item(q4, {}, CAL, TODAY)
    assert ended.status == "ended"
    assert "政策有效期至2023-11-30，此后不再发生" in explained(q4, TODAY)


def test_liaocheng_last_deadline_in_force_is_2025_09_30() -> None:
    # 004 L3909: 每年9月30日; L3927: 有效期至2026年7月31日 → 2026-09-30 falls after it.
    ob = obligations("subsidy-liaocheng", {}, date(2025, 1, 1))["application-deadline"]
    assert dues(ob, date(2025, 1, 1)) == [date(2025, 9, 30)]
    assert current_item(ob, {}, CAL, TODAY).status == "ended"


def test_linyi_weihai_tianjin_windows_stop_at_their_sunsets() -> None:
    # 临沂 Q1 (L3995) until 2024-11-14 (L4014): Q1 2023, Q1 2024.
    linyi = obligations("subsidy-linyi", {}, date(2023, 1, 1))["application-window"]
    assert dues(linyi, date(2023, 1, 1)) == [date(2023, 3, 31), date(2024, 3, 31)]
    # 威海 March (L4606) until 2024-12-31 (L4641): March 2023 and 2024.
    weihai = obligations("subsidy-weihai", {}, date(2023, 1, 1))["march-start"]
    assert dues(weihai, date(2023, 1, 1)) == [date(2023, 3, 31), date(2024, 3, 31)]
    # 天津 H1 call (L3268); in force 2021-08-29 for three years, the first day counting → 2024-08-28 (L3335).
    tianjin = obligations("subsidy-tianjin", {}, date(2022, 1, 1))["annual-call"]
    assert dues(tianjin, date(2022, 1, 1)) == [date(2022, 6, 30), date(2023, 6, 30), date(2024, 6, 30)]


def test_talent_plan_yearly_evaluation_exists_only_in_2023_to_2025() -> None:
    # 001 L1–2: 行动计划（2023—2025年）; L409–411: 逐年评估.
    ob = obligations("talent-action-plan", {}, date(2023, 1, 1))["annual-evaluation"]
    assert dues(ob, date(2023, 1, 1)) == [date(2023, 12, 31), date(2024, 12, 31), date(2025, 12, 31)]
    assert current_item(ob, {}, CAL, TODAY).status == "ended"


# ---------------------------------------------------------------- 2. whose step it is


def test_talent_plan_and_foshan_have_nothing_overdue() -> None:
    # The review's 「逾期 10 项」: targets and plan period (001 L1–2, L95–L140) are policy information,
    # the evaluation is the SAC's step, 佛山's sunset is a date of the measures (L4445).
    for name in ("talent-action-plan", "subsidy-foshan"):
        items = agenda(name, {}, TODAY, TODAY)
        assert [k for k, i in items.items() if i.status == "overdue"] == []
    talent = agenda("talent-action-plan", {}, TODAY, TODAY)
    assert {i.obligation.role for k, i in talent.items() if k.startswith("target-")} == {"info"}


def test_the_issuing_bodys_step_is_expected_then_moves_to_the_next_year_never_overdue() -> None:
    # 000 L108: 综合评审 12月21日—12月30日, done by the CAS training department.
    # On 2027-01-05 the 2026 review is past; the item shows the 2027 review, expected 2027-12-30.
    items = agenda("cas-training-credits", {"training_end": "2026-09-30"}, date(2026, 10, 1), date(2027, 1, 5))
    review = items["review-window"]
    assert (review.obligation.role, review.status, review.due) == ("authority", "expected", date(2027, 12, 30))
    # 基础学习积分登记 is the association's too (000 L71): 10 working days after 09-30, over National Day,
    # is 2026-10-20 — past on 2027-01-05, and 已过, not overdue.
    basic = items["basic-credit-registration"]
    assert (basic.status, basic.due) == ("past", date(2026, 10, 20))


# ---------------------------------------------------------------- 3. past one-off dates


def test_past_one_off_dates_are_past_or_ended_never_overdue() -> None:
    cases = {
        # 002 L262 and L33: the July 2023 class; the notice concerns June–August 2023.
        ("cecs-1x-class-2023", "registration-deadline"): "ended",
        # 004 L703: 到2020年 target of the national 领跑者 意见.
        ("leader-enterprise-standards", "target-2020"): "past",
        # 004 L4653: 海南 到2025年 target.
        ("hainan-standardization-outline", "target-2025"): "past",
        # 004 L2609–2645: 2022 Quality Month, September 2022.
        ("quality-month-2022", "quality-month"): "ended",
        # 003 L89: the opinions apply from their issue date 2024-06-12.
        ("cast-group-standards", "opinions-issued"): "in_force",
    }
    for (name, key), status in cases.items():
        assert agenda(name, {}, TODAY, TODAY)[key].status == status, (name, key)


def test_applying_a_profile_whose_policy_ended_says_so() -> None:
    for name, until in (("subsidy-foshan", "2023-11-30"), ("cecs-1x-class-2023", "2023-08-31")):
        items = list(agenda(name, {}, TODAY, TODAY).values())
        warning = lapsed(PROFILES[name], items, TODAY)
        assert warning is not None and until in warning.zh
    live = list(agenda("specialized-sme", {"recognition_date": "2026-03-02"}, TODAY, TODAY).values())
    assert lapsed(PROFILES["specialized-sme"], live, TODAY) is None


# ---------------------------------------------------------------- 4. chains count from the original deadline


def test_national_extension_counts_from_the_plan_deadline_not_the_submission() -> None:
    # 004 L2479: 推荐性 ≤18个月 from the plan (issued 2025-06-30) → Wed 2026-12-30.
    # L2481: 提前三十日申请延期 → 30 days before 2026-12-30 = Mon 2026-11-30; extension ≤6 months → Wed 2027-06-30.
    # Materials submitted 2026-11-15 must not move either (the review saw 2026-10-16 and 2027-05-17).
    items = agenda(
        "national-standards-revision",
        {"plan_issued": "2025-06-30"},
        date(2025, 7, 1),
        TODAY,
        done=(("recommended-drafting-deadline", date(2026, 11, 15)),),
    )
    request, extended = items["recommended-extension-request"], items["recommended-extended-deadline"]
    assert (request.status, request.due) == ("optional", date(2026, 11, 30))
    assert (extended.status, extended.due) == ("optional", date(2027, 6, 30))


def test_hainan_extension_counts_from_the_drafting_deadline() -> None:
    # 004 L4885: 自立项之日起一年内 → 2025-12-20 + 1 year = Sun 2026-12-20 → Mon 2026-12-21 (民法典第二百零三条).
    # 届满60日前 → 2026-10-22 (Thu); 延期不超过六个月 → 2027-06-21 (Mon). Completion on 2026-11-20 changes neither.
    items = agenda(
        "hainan-local-standards",
        {"project_approved": "2025-12-20"},
        date(2025, 12, 21),
        TODAY,
        done=(("drafting-deadline", date(2026, 11, 20)),),
    )
    assert items["drafting-deadline"].due == date(2026, 12, 21)
    assert (items["extension-request"].status, items["extension-request"].due) == ("optional", date(2026, 10, 22))
    assert items["extended-deadline"].due == date(2027, 6, 21)


def test_an_activated_extension_request_counts_like_any_duty() -> None:
    from dataclasses import replace

    obs = obligations("national-standards-revision", {"plan_issued": "2025-06-30"}, date(2025, 7, 1))
    active = [replace(o, active=True) if o.optional else o for o in obs.values()]
    items = {i.obligation.key.split("/")[1]: i for i in build_agenda(active, [], lambda r: CAL, date(2026, 11, 10))}
    # 2026-11-30 is 20 days after 11-10: within the 30-day lead.
    assert items["recommended-extension-request"].status == "due_soon"


# ---------------------------------------------------------------- 5. minimums, ranges, whole years


def test_specialized_sme_minimum_ban_stays_until_the_user_ends_it() -> None:
    # 004 L1954: 「至少三年内不得再次申报」. Cancelled 2023-05-10: three years end 2026-05-10 at the earliest;
    # on 2026-12-01 the ban is still in force (the review saw 已结束), and the explanation gives that earliest end.
    values = {"recognition_date": "2022-09-01", "cancellation_date": "2023-05-10"}
    items = agenda("specialized-sme", values, date(2023, 5, 10), TODAY)
    ban = items["cancellation-ban"]
    assert (ban.status, ban.due) == ("blocked", date(2026, 5, 10))
    assert "最早于 2026-05-10 届满" in explained(ban.obligation, TODAY)
    ended = Completion(ban.obligation.key, "once", date(2026, 12, 1))
    assert now(ban.obligation, TODAY, {"once": ended}).status == "done"


def test_liaoning_title_validity_uses_the_safest_end_of_the_range() -> None:
    # 004 L3721: 「认定有效期一般为1至3年」. Published 2024-06-10, the first day counting:
    # one year runs to Mon 2025-06-09 (a working day), two years earlier than the review's 3-year reading.
    ob = obligations("leader-liaoning", {"list_published": "2024-06-10"}, date(2024, 6, 10))["title-validity"]
    item = now(ob, date(2025, 6, 1))
    assert item.due == date(2025, 6, 9) and item.occurrence is not None and item.occurrence.expires == date(2025, 6, 9)
    assert "最安全" in explained(ob, date(2025, 6, 1))


def test_huangpu_ban_covers_the_three_whole_years_after_the_year_of_the_finding() -> None:
    # 004 L4180: 「取消该单位或个人此后连续三个年度的申报资格」. Found 2021-06-10 → 2022, 2023, 2024 barred:
    # blocked 2022-01-01 to 2024-12-31 (the review's reading ended 2024-06-10, half a year early).
    items = agenda("subsidy-huangpu", {"fraud_verified": "2021-06-10"}, date(2021, 6, 10), date(2022, 6, 1))
    ban = items["fraud-ban"]
    assert ban.status == "blocked"
    assert ban.occurrence is not None and (ban.occurrence.opens, ban.due) == (date(2022, 1, 1), date(2024, 12, 31))


def test_huangpu_penalty_in_one_year_bars_the_next_year_only() -> None:
    # 004 L4114: 「上一年度因重大违法行为而受到行政处罚的…取消当年申报资格」: penalty 2021-03-15 → 2022 barred.
    items = agenda("subsidy-huangpu", {"penalty_date": "2021-03-15"}, date(2021, 3, 15), date(2022, 6, 1))
    ban = items["penalty-year-ban"]
    assert ban.occurrence is not None and (ban.occurrence.opens, ban.due) == (date(2022, 1, 1), date(2022, 12, 31))


# ---------------------------------------------------------------- 6. policy dates are not duties


def test_foshan_sunset_is_a_date_of_the_measures_with_no_renewal() -> None:
    # 004 L4445: 「自 2018 年 12 月 1 日起实施，有效期 5 年」 → in force to 2023-11-30 (first day counting).
    sunset = obligations("subsidy-foshan", {}, TODAY)["measures-sunset"]
    occurrences = occurrences_of(sunset, CAL, date(2018, 12, 1), 5, trigger=None)
    assert [(o.kind, o.due) for o in occurrences] == [("sunset", date(2023, 11, 30))]  # no 2028 renewal
    assert current_item(sunset, {}, CAL, TODAY).status == "ended"


def test_tianjin_effective_date_is_not_moved_like_a_deadline() -> None:
    # 004 L3208: 发布 2021-07-30; L3335: 「自公布之日起 30 日后施行，有效期三年」.
    # 30 days after 07-30 (not counted) is Sun 2021-08-29: an effective date, not moved to Monday 08-30.
    items = agenda("subsidy-tianjin", {}, date(2021, 9, 1), date(2021, 9, 1))
    effective, sunset = items["measures-effective"], items["measures-sunset"]
    assert (effective.status, effective.due) == ("in_force", date(2021, 8, 29))
    assert (sunset.status, sunset.due) == ("in_force", date(2024, 8, 28))
    assert agenda("subsidy-tianjin", {}, TODAY, TODAY)["measures-sunset"].status == "ended"
