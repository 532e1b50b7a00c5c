"""The rule grammar: the five confident-wrong or refused cases of issue #10, and how refusals read.

Dates worked out by hand on the 2026 official calendar (国办发明电〔2025〕7号:
元旦 1/1–1/3, 春节 2/15–2/23, 国庆 10/1–10/7; every date below is an ordinary
weekday unless said).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from deadlines.core.agenda import occurrences_of
from deadlines.core.calendar import CalendarSources, WorkCalendar
from deadlines.core.errors import ExpressionError
from deadlines.core.models import Obligation
from deadlines.core.rules import parse_rule, read_rule
from deadlines.core.schedules import MissingTrigger

CAL = WorkCalendar(CalendarSources())


def occs(rule: str, trigger: date | None, since: date, count: int = 1):
    ob = Obligation("k", "t", rule, start=trigger)
    return occurrences_of(ob, CAL, since, count, trigger=trigger)


# -- 1. "30 days" was dateparser's "30 days ago" ---------------------------------------


def test_30_days_counts_forward_from_the_trigger_not_back_from_today(cli) -> None:
    r = cli("--today", "2026-11-21", "rule", "30 days", "--from", "2026-11-16")
    assert r.exit_code == 0
    # Mon 11/16 not counted; day 30 is Wed 12/16, a working day. Before: 2026-11-01 (30 days before today... of a clock).
    dates = [line for line in r.stdout.splitlines() if line.startswith("20")]
    assert dates == ["2026-12-16（周三）"]


@pytest.mark.parametrize("text", ["30 days", "within 30 days", "30日", "30天", "三十日内"])
def test_bare_calendar_day_periods_are_relative(text: str) -> None:
    assert occs(text, date(2026, 11, 16), date(2026, 11, 21))[0].due == date(2026, 12, 16)


@pytest.mark.parametrize("text", ["7d", "1d", "-60 days", "60 days before", "30 days ago"])
def test_shorthand_and_relative_english_is_refused_not_a_past_date(text: str) -> None:
    with pytest.raises(ExpressionError):
        parse_rule(text)


# -- 2. 期满前六个月内 was a deadline on the day the window opens ---------------------------


@pytest.mark.parametrize(
    "text, opens",
    [
        # Expiry Thu 2026-12-31; 6 months back is 2026-06-30 (第二百零二条's corresponding day).
        ("期满前六个月内", date(2026, 6, 30)),
        ("届满前6个月内", date(2026, 6, 30)),
        # One month back from 12/31 is 11/30.
        ("期满前一个月内", date(2026, 11, 30)),
    ],
)
def test_a_window_before_expiry_ends_at_the_expiry(text: str, opens: date) -> None:
    occ = occs(text, date(2026, 12, 31), date(2026, 1, 1))[0]
    assert (occ.kind, occ.opens, occ.due) == ("window", opens, date(2026, 12, 31))


def test_a_window_before_expiry_on_a_rest_day_is_due_the_working_day_before() -> None:
    # Expiry Sun 2026-11-15: due Fri 11/13; window from 5/15.
    occ = occs("期满前六个月内", date(2026, 11, 15), date(2026, 1, 1))[0]
    assert (occ.opens, occ.due) == (date(2026, 5, 15), date(2026, 11, 13))


def test_validity_with_a_renewal_window() -> None:
    # Valid 3 years from Mon 2023-03-06 (first day counts) → until Thu 2026-03-05; renew within 6 months before:
    # window from 2025-09-05, due on the last day of validity, 2026-03-05.
    occ = occs("有效期为3年，有效期届满前6个月内申请复审", date(2023, 3, 6), date(2025, 1, 1))[0]
    assert (occ.kind, occ.opens, occ.due, occ.expires) == (
        "validity",
        date(2025, 9, 5),
        date(2026, 3, 5),
        date(2026, 3, 5),
    )


# -- 3. 每季度结束后15日内 was one date: 每季度 was dropped ------------------------------------


def test_quarterly_filing_recurs_every_quarter(cli) -> None:
    got = occs("每季度结束后15日内", date(2026, 11, 16), date(2026, 1, 1), 4)
    # Quarter ends 12/31, 3/31, 6/30, 9/30; day 15 after each: 1/15 Thu, 4/15 Wed, 7/15 Wed, 10/15 Thu.
    assert [(o.cycle, o.opens, o.due) for o in got] == [
        ("2025-Q4", date(2026, 1, 1), date(2026, 1, 15)),
        ("2026-Q1", date(2026, 4, 1), date(2026, 4, 15)),
        ("2026-Q2", date(2026, 7, 1), date(2026, 7, 15)),
        ("2026-Q3", date(2026, 10, 1), date(2026, 10, 15)),
    ]
    r = cli("--today", "2026-01-01", "rule", "每季度结束后15日内", "--from", "2026-11-16", "--count", "3")
    assert r.exit_code == 0
    assert sum(1 for line in r.stdout.splitlines() if line.startswith("2026-")) == 3
    assert "未使用 --from" in r.stderr


def test_quarter_end_relative_deadlines_recur() -> None:
    # 季度终了之日起15日内: the same filing, said as the tax rules say it.
    assert parse_rule("季度终了之日起15日内") == parse_rule("每季度结束后15日内")


# -- 4. 自2026年12月1日起30日内 counted from --from -----------------------------------------


def test_a_written_start_date_wins_over_the_trigger() -> None:
    # 12/1 not counted; day 30 is Thu 12/31.
    occ = occs("自2026年12月1日起30日内", date(2026, 11, 16), date(2026, 11, 21))[0]
    assert occ.due == date(2026, 12, 31)


# -- 5. a bare period with a start was refused by add and import ---------------------------


def test_add_takes_a_bare_period_with_a_start(cli) -> None:
    r = cli("--today", "2026-11-21", "add", "复审", "--rule", "30日", "--start", "2026-11-01", "--key", "r1")
    assert r.exit_code == 0, r.stderr
    # 11/1 + 30 days = Tue 12/1.
    shown = cli("--today", "2026-11-21", "list", "--format", "json")
    assert [i["next_due"] for i in json.loads(shown.stdout)] == ["2026-12-01"]


def test_import_takes_a_bare_period_with_a_start(cli, tmp_path: Path) -> None:
    csv = tmp_path / "rows.csv"
    csv.write_text("key,title,rule,start\nb1,报告,10个工作日,2026-09-30\n", encoding="utf-8")
    r = cli("--today", "2026-10-01", "import", str(csv))
    assert r.exit_code == 0, r.stderr
    shown = cli("--today", "2026-10-01", "list", "--format", "json")
    # 10 working days after 9/30: 10/1–10/7 off, Sat 10/10 worked → 10/20.
    assert [i["next_due"] for i in json.loads(shown.stdout)] == ["2026-10-20"]


# -- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, fragment, proposal",
    [
        ("7月10日前", "7月10日", "每年7月10日前"),
        ("2月28号以前", "2月28号", "每年2月28日前"),
        ("报名截止日期7月7日", "7月7日", "每年7月7日前"),
        ("11月底前", "11月底", "每年11月底前"),
    ],
)
def test_no_year_is_refused_with_the_yearly_form(text: str, fragment: str, proposal: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_rule(text)
    message = info.value.text.zh
    assert f"「{fragment}」" in message and f"「{proposal}」" in message and "没有年份" in message
    parse_rule(proposal)


def test_a_refusal_quotes_the_fragment_and_proposes_a_form_from_its_numbers() -> None:
    text = "二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日"
    with pytest.raises(ExpressionError) as info:
        parse_rule(text)
    message = info.value.text.zh
    assert "「可以延长十日」" in message  # the clause not read, not the whole text
    assert "「20日内」" in message  # built from the user's 二十日


def test_a_missing_trigger_names_its_event() -> None:
    with pytest.raises(MissingTrigger) as info:
        occs("于受理之日起20个工作日内作出决定", None, date(2026, 11, 21))
    assert "「受理之日」" in info.value.text.zh


def test_english_refusals_are_bilingual() -> None:
    with pytest.raises(ExpressionError) as info:
        parse_rule("whenever")
    assert "whenever" in info.value.text.en and "「whenever」" in info.value.text.zh


def test_a_time_word_in_the_event_is_refused() -> None:
    with pytest.raises(ExpressionError, match="每年"):
        parse_rule("每年培训结束后10个工作日内")


# -- the reading ------------------------------------------------------------------------


def test_the_document_words_are_kept_as_the_description() -> None:
    r = read_rule("应在每年4月30日前通过培育平台更新企业信息")
    assert (r.schedule.describe().zh, r.description) == ("每年4月30日前", "通过培育平台更新企业信息")
    r = read_rule("于受理之日起10个工作日内作出决定")
    assert (r.schedule.event, r.description) == ("受理", "作出决定")  # type: ignore[union-attr]


def test_traditional_forms_read() -> None:
    assert read_rule("證書有效期為三年").schedule == parse_rule("有效期3年")


def test_statute_working_days_are_marked_and_cited() -> None:
    # 行政许可法: 20 日 counted as working days. From Wed 2026-09-30: 10/1–10/7 off, Sat 10/10 worked:
    # 10/8 (1), 10/9 (2), 10/10 (3), 10/12–16 (8), 10/19–23 (13), 10/26–30 (18), 11/2 (19), 11/3 (20) → Tue 11/3.
    # Counted as calendar days it would be 10/20.
    r = read_rule("行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定（工作日）")
    assert "第八十二条" in r.notes[-1].zh
    occ = occs(r.text, date(2026, 9, 30), date(2026, 9, 30))[0]
    assert occ.due == date(2026, 11, 3)
    assert any("第八十二条" in line.zh for line in occ.explanation)


def test_the_rule_command_shows_its_reading(cli) -> None:
    r = cli("rule", "征求意见期限一般不少于三十日", "--from", "2026-11-02")
    assert r.exit_code == 0
    head = r.stdout.split("\n\n")[0]
    assert "最短期限" in head and "单位：日" in head and "起算日不计入" in head and "一般" in head


def test_the_statute_option_marks_the_rule(cli) -> None:
    r = cli(
        "--today", "2026-09-30", "rule", "自受理之日起二十日内作出决定", "--from", "2026-09-30", "--statute-workdays"
    )
    assert r.exit_code == 0
    # As test_statute_working_days_are_marked_and_cited: the 20th working day is Tue 11/3.
    assert [line for line in r.stdout.splitlines() if line.startswith("20")] == ["2026-11-03（周二）"]
    assert "第八十二条" in r.stdout
