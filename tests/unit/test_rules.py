"""Rule texts → schedules → occurrences, on real 2026 dates (today = 2026-11-21)."""

from __future__ import annotations

from datetime import date

import pytest

from deadlines.core.agenda import current_item, occurrences_of
from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.errors import ExpressionError
from deadlines.core.models import Completion, Obligation
from deadlines.core.rules import parse_rule

CAL = WorkCalendar(CalendarSources())
TODAY = date(2026, 11, 21)


def first(rule: str, trigger: date | None = None, count: int = 1):
    ob = Obligation("k", "t", rule, start=trigger)
    return occurrences_of(ob, CAL, TODAY, count, trigger=trigger)


@pytest.mark.parametrize(
    "rule, trigger, opens, due",
    [
        # The CAS application window (000 line 104): 2026's is still ahead on 11/21.
        ("每年12月1日—12月15日", None, date(2026, 12, 1), date(2026, 12, 15)),
        ("每年12月1日至15日", None, date(2026, 12, 1), date(2026, 12, 15)),
        ("every year Dec 1 - Dec 15", None, date(2026, 12, 1), date(2026, 12, 15)),
        # Publicity of the 2026 credit year falls in the next year (次年): 2027-01-03 to 01-08.
        ("次年1月3日至1月8日", None, date(2027, 1, 3), date(2027, 1, 8)),
        # 4/30 of 2026 has passed, so the next is 2027-04-30.
        ("每年4月30日前", None, None, date(2027, 4, 30)),
        # Quarter, month and half-year windows: 2026's have passed.
        ("每年第一季度", None, date(2027, 1, 1), date(2027, 3, 31)),
        ("每年3月份", None, date(2027, 3, 1), date(2027, 3, 31)),
        ("上半年", None, date(2027, 1, 1), date(2027, 6, 30)),
        # 下旬 is the 21st to the month's end; 次年 puts it in 2027 for the 2026 cycle.
        ("次年1月下旬", None, date(2027, 1, 21), date(2027, 1, 31)),
        # 10 working days after 9/30: 10/1–10/7 off, Sat 10/10 worked → 10/20 (the example).
        ("培训结束后10个工作日内", date(2026, 9, 30), None, date(2026, 10, 20)),
        ("10 working days after training end", date(2026, 9, 30), None, date(2026, 10, 20)),
        # Valid 3 years from 2024-03-15 (first day counts) → until Sun 2027-03-14; renew by Fri 3/12.
        ("有效期3年", date(2024, 3, 15), None, date(2027, 3, 12)),
        ("有效期为三年", date(2024, 3, 15), None, date(2027, 3, 12)),
        # Review at most 5 years after 2021-12-01 → Tue 2026-12-01, a working day.
        ("复审周期不超过五年", date(2021, 12, 1), None, date(2026, 12, 1)),
        ("複審週期不超過5年", date(2021, 12, 1), None, date(2026, 12, 1)),
        # 60 days before 2027-03-01 is Thu 2026-12-31, a working day.
        ("期限届满60日前", date(2027, 3, 1), None, date(2026, 12, 31)),
        # A sunset is the policy's last day; it stands as written.
        ("有效期至2026年7月31日", None, None, date(2026, 7, 31)),
        ("自2019年11月15日起施行，有效期至2024年11月14日", None, date(2019, 11, 15), date(2024, 11, 14)),
        # A ban from 2026-03-10: start day not counted, blocked 2026-03-11 to 2029-03-10.
        ("3年内不得申报", date(2026, 3, 10), date(2026, 3, 11), date(2029, 3, 10)),
        # Dates as the documents write them.
        ("二〇二二年十一月七日", None, None, date(2022, 11, 7)),
        ("二○二三年七月七日前", None, None, date(2023, 7, 7)),
        ("2022 年 4 月 20 日", None, None, date(2022, 4, 20)),
        ("2026年10月8号前", None, None, date(2026, 10, 8)),
        ("２０２６年１２月３１日", None, None, date(2026, 12, 31)),
        ("2023年7月20日至22日", None, date(2023, 7, 20), date(2023, 7, 22)),
        ("2025年底前", None, None, date(2025, 12, 31)),
        ("December 15, 2026", None, None, date(2026, 12, 15)),  # the dateparser fallback, strict
    ],
)
def test_rule_forms(rule: str, trigger: date | None, opens: date | None, due: date) -> None:
    occ = first(rule, trigger)[0]
    assert (occ.opens, occ.due) == (opens, due)


def test_validity_across_2027_is_provisional_with_bounds() -> None:
    occ = first("有效期3年", date(2024, 3, 15))[0]
    assert occ.expires == date(2027, 3, 14)
    assert occ.provisional and occ.earliest <= occ.due <= occ.latest


def test_next_occurrences_of_a_window_are_yearly() -> None:
    occs = first("每年12月1日至12月15日", count=3)
    assert [(o.cycle, o.due) for o in occs] == [
        ("2026", date(2026, 12, 15)),
        ("2027", date(2027, 12, 15)),
        ("2028", date(2028, 12, 15)),
    ]


@pytest.mark.parametrize(
    "text", ["下个月吧", "12月15日前", "每年2月30日前", "2026年2月30日前", "有效期三个星期五", "whenever", ""]
)
def test_bad_rule_texts_quote_the_text(text: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_rule(text)
    assert f"「{text}」" in str(info.value)


def test_month_day_without_a_year_is_refused_not_guessed() -> None:
    with pytest.raises(ExpressionError, match="没有年份"):
        parse_rule("10月8日")


def _done(cycle: str, on: date) -> dict[str, Completion]:
    return {cycle: Completion("k", cycle, on)}


def test_review_recurs_from_the_completion_date() -> None:
    ob = Obligation("k", "t", "复审周期不超过5年", start=date(2021, 12, 1), since=TODAY)
    item = current_item(ob, _done("1", date(2026, 11, 25)), CAL, TODAY, trigger=ob.start)
    # Completed 2026-11-25 → next review by 2031-11-25, a Tuesday.
    assert item.occurrence.cycle == "2" and item.occurrence.due == date(2031, 11, 25)


def test_window_recurs_by_the_calendar() -> None:
    ob = Obligation("k", "t", "每年12月1日至12月15日", since=TODAY)
    item = current_item(ob, _done("2026", date(2026, 12, 3)), CAL, date(2026, 12, 3))
    assert item.occurrence.cycle == "2027"
    assert (item.occurrence.opens, item.occurrence.due) == (date(2027, 12, 1), date(2027, 12, 15))
    assert item.status == "upcoming"


def test_validity_renewal_starts_a_new_period_from_completion() -> None:
    ob = Obligation("k", "t", "有效期3年", start=date(2024, 3, 15), since=TODAY)
    item = current_item(ob, _done("1", date(2027, 2, 1)), CAL, date(2027, 2, 1), trigger=ob.start)
    # Renewed 2027-02-01 → valid to 2030-01-31 (first day counts).
    assert item.occurrence.cycle == "2" and item.occurrence.expires == date(2030, 1, 31)


@pytest.mark.parametrize(
    "rule, trigger, today, status",
    [
        ("培训结束后10个工作日内", date(2026, 9, 30), date(2026, 11, 21), "overdue"),  # due 10/20
        ("培训结束后10个工作日内", date(2026, 9, 30), date(2026, 10, 20), "due_today"),
        ("培训结束后10个工作日内", date(2026, 9, 30), date(2026, 10, 13), "due_soon"),  # within 30 days
        ("每年12月1日至12月15日", None, date(2026, 12, 2), "window_open"),
        ("每年12月1日至12月15日", None, date(2026, 11, 21), "due_soon"),  # 24 days before the close
        ("每年4月30日前", None, date(2026, 11, 21), "upcoming"),
        ("3年内不得申报", date(2026, 3, 10), date(2026, 11, 21), "blocked"),
        ("有效期至2026年7月31日", None, date(2026, 11, 21), "ended"),
    ],
)
def test_status(rule: str, trigger: date | None, today: date, status: str) -> None:
    ob = Obligation("k", "t", rule, start=trigger, since=date(2026, 7, 1))
    assert current_item(ob, {}, CAL, today, trigger=trigger).status == status


def test_working_day_lead_time_stage() -> None:
    # Due Tue 10/20; 5 working days before is Tue 10/13 (10/14–10/20 are 5 working days).
    ob = Obligation(
        "k", "t", "培训结束后10个工作日内", start=date(2026, 9, 30), lead_times=("5个工作日",), since=date(2026, 9, 1)
    )
    assert current_item(ob, {}, CAL, date(2026, 10, 12), trigger=ob.start).status == "upcoming"
    item = current_item(ob, {}, CAL, date(2026, 10, 13), trigger=ob.start)
    assert (item.status, item.stage) == ("due_soon", "5个工作日")


def test_missing_trigger_is_reported_not_raised() -> None:
    ob = Obligation("k", "t", "培训结束后10个工作日内", trigger="training_end", since=TODAY)
    item = current_item(ob, {}, CAL, TODAY)
    assert item.status == "invalid" and "training_end" in str(item.problem)


def test_chain_counts_from_the_other_obligations_due_then_its_completion() -> None:
    from deadlines.core.agenda import build_agenda

    apply = Obligation(
        "apply", "申请", "培训结束后1年内", trigger="end", params={"end": "2026-03-02"}, since=date(2026, 3, 2)
    )
    review = Obligation("review", "审核", "收到申请后15个工作日内", trigger="@apply", since=date(2026, 3, 2))
    items = {i.obligation.key: i for i in build_agenda([apply, review], [], lambda r: CAL, TODAY)}
    # The application is due one year after 2026-03-02: Tue 2027-03-02 (provisional year, an ordinary Tuesday).
    assert items["apply"].due == date(2027, 3, 2)
    # Until the application is done, the review counts from its due date: 15 working days after 3/2 → 3/23.
    assert items["review"].due == date(2027, 3, 23)
    done = [Completion("apply", "once", date(2026, 11, 20))]
    items = {i.obligation.key: i for i in build_agenda([apply, review], done, lambda r: CAL, TODAY)}
    # Done Fri 2026-11-20 → 15 working days: 11/23–11/27 (5), 11/30–12/4 (10), 12/7–12/11 (15).
    assert items["review"].due == date(2026, 12, 11)


def test_chain_loop_is_reported() -> None:
    from deadlines.core.agenda import build_agenda

    a = Obligation("a", "A", "10日内", trigger="@b", since=TODAY)
    b = Obligation("b", "B", "10日内", trigger="@a", since=TODAY)
    statuses = {i.obligation.key: i.status for i in build_agenda([a, b], [], lambda r: CAL, TODAY)}
    assert statuses == {"a": "invalid", "b": "invalid"}


def test_a_policy_in_force_is_never_overdue() -> None:
    ob = Obligation("k", "《国家标准管理办法》施行", "自2023年3月1日起施行", since=date(2023, 1, 1))
    assert current_item(ob, {}, CAL, date(2023, 2, 20)).status == "due_soon"  # 9 days before: within 30日
    assert current_item(ob, {}, CAL, TODAY).status == "in_force"
