"""parse_notice: real notices checked day by day against chinese-calendar, and refusals."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from chinese_calendar import constants

from deadlines.core.caldata import HOLIDAY_NAMES_ZH
from deadlines.core.errors import NoticeParseError
from deadlines.core.notices import FESTIVALS, parse_notice

NOTICES = Path(__file__).parents[1] / "data" / "notices"

# notice file → the year to pass (None: the parser finds it in the text).
FILES = {
    "2026.txt": None,  # 周 with 农历 annotations, full-width punctuation
    "2025.txt": None,  # 8-day 春节, 5-day 劳动节, 「放假1天，不调休」, 国庆节、中秋节 (中秋 on 10-06)
    "2024.txt": None,  # half-width punctuation, - and — ranges, 与周末连休 into 2023, a 鼓励 sentence
    "2023.txt": None,  # 星期, 元旦 from 2022年12月31日, 中秋节、国庆节 (中秋 on 09-29)
    "2020.txt": None,  # 国庆节、中秋节 with 中秋 on 10-01
    "2019.txt": None,  # 元旦 block and 上班 day in 2018, 与周末连休, a bare 「5月1日放假」
    "2017.txt": None,  # traditional characters, full-width digits, 补休, 与周末连休, 中秋 on 10-04
    "2016.txt": 2016,  # sections only (no title, no year), ～ and — ranges, 礼拜
}

# Days where chinese-calendar differs from the yearly notice, because of a later notice.
LATER_CHANGES = {
    # 国务院办公厅关于调整2019年劳动节假期安排的通知: 5月1日至4日放假调休，4月28日、5月5日上班.
    2019: [date(2019, 4, 28), date(2019, 5, 2), date(2019, 5, 3), date(2019, 5, 5)],
    # 国务院办公厅关于延长2020年春节假期的通知: 延长至2月2日.
    2020: [date(2020, 1, 31), date(2020, 2, 1)],
}


def _read(name: str) -> str:
    return (NOTICES / name).read_text(encoding="utf-8")


def _error(text: str, year: int | None = 2026) -> NoticeParseError:
    with pytest.raises(NoticeParseError) as info:
        parse_notice(text, year)
    return info.value


@pytest.mark.parametrize("name", FILES)
def test_every_day_matches_chinese_calendar(name: str) -> None:
    year = int(name[:4])
    notice = parse_notice(_read(name), FILES[name])
    assert notice.year == year
    status = {e.day: e.workday for e in notice.entries}
    days = {date(year, 1, 1) + timedelta(i) for i in range(366)} | set(status)
    wrong = [
        d
        for d in sorted(days)
        if (d.year == year or d in status) and status.get(d, d.weekday() < 5) != chinese_calendar.is_workday(d)
    ]
    assert wrong == LATER_CHANGES.get(year, [])


@pytest.mark.parametrize("name", FILES)
def test_names_match_chinese_calendar(name: str) -> None:
    notice = parse_notice(_read(name), FILES[name])
    named = constants.holidays | constants.workdays
    changed = LATER_CHANGES.get(notice.year, [])
    assert [e.day for e in notice.entries] == sorted({e.day for e in notice.entries})
    assert {e.certainty for e in notice.entries} == {"certain"}
    assert {e.name for e in notice.entries} <= set(FESTIVALS) <= set(HOLIDAY_NAMES_ZH.values())
    wrong = [
        (e.day, e.name)
        for e in notice.entries
        if e.day in named and e.day not in changed and e.name != HOLIDAY_NAMES_ZH[str(named[e.day])]
    ]
    assert wrong == []


def test_titles() -> None:
    assert parse_notice(_read("2026.txt")).title == "国务院办公厅关于2026年部分节假日安排的通知"
    assert parse_notice(_read("2016.txt"), 2016).title == "2016年部分节假日安排（导入的通知文本，无标题）"


def test_blocks_include_their_weekends_and_days_of_the_year_before() -> None:
    days = {e.day: e for e in parse_notice(_read("2024.txt")).entries}
    assert [(d.isoformat(), e.name) for d, e in days.items() if d <= date(2024, 1, 1)] == [
        ("2023-12-30", "元旦"),
        ("2023-12-31", "元旦"),
        ("2024-01-01", "元旦"),
    ]
    assert days[date(2024, 6, 8)].name == "端午节"
    assert date(2024, 2, 9) not in days  # 除夕: 「鼓励……休息」 is not a day off
    labour = [e.day.isoformat() for e in parse_notice(_read("2017.txt")).entries if e.name == "劳动节"]
    assert labour == ["2017-04-29", "2017-04-30", "2017-05-01"]
    dragon = [e.day.isoformat() for e in parse_notice("五、端午节：6月20日放假，6月22日（星期一）补休。", 2015).entries]
    assert dragon == ["2015-06-20", "2015-06-21", "2015-06-22"]


@pytest.mark.parametrize(
    ("name", "mid_autumn"),
    [
        ("2017.txt", date(2017, 10, 4)),
        ("2023.txt", date(2023, 9, 29)),
        ("2025.txt", date(2025, 10, 6)),
        ("2020.txt", None),
    ],
)
def test_combined_block_names_only_the_mid_autumn_day(name: str, mid_autumn: date | None) -> None:
    notice = parse_notice(_read(name))
    autumn = [e.day for e in notice.entries if e.day.month in (9, 10) and e.name == "中秋节"]
    assert autumn == ([mid_autumn] if mid_autumn else [])  # 2020: 中秋 is 10月1日, named 国庆节
    work = [e.name for e in notice.entries if e.workday and e.day.month in (9, 10)]
    assert set(work) == {"国庆节"}


@pytest.mark.parametrize("mark", ["至", "-", "—", "～", "~", "——"])
def test_range_marks(mark: str) -> None:
    notice = parse_notice(f"一、元旦：1月1日（周四）{mark}3日（周六）放假调休，共3天。1月4日（周日）上班。", 2026)
    assert [(e.day.day, e.workday) for e in notice.entries] == [(1, False), (2, False), (3, False), (4, True)]


def test_twelfth_month_in_new_year_section_is_the_year_before() -> None:
    notice = parse_notice("元旦：12月30日至1月1日放假调休，共3天。12月29日（星期六）上班。", 2019)
    assert [(e.day.isoformat(), e.workday) for e in notice.entries] == [
        ("2018-12-29", True),
        ("2018-12-30", False),
        ("2018-12-31", False),
        ("2019-01-01", False),
    ]


def test_year_from_preamble_or_full_dates() -> None:
    assert parse_notice(_read("2025.txt").split("\n", 2)[2]).year == 2025  # without its title
    assert parse_notice("一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。").year == 2023


def test_sentence_not_understood_is_quoted() -> None:
    e = _error(_read("2026.txt").replace("5月9日（周六）上班", "5月9日（周六）照常上课"))
    assert "「5月9日(周六)照常上课」" in e.text.zh
    assert "'5月9日(周六)照常上课'" in e.text.en


def test_weekday_mismatch() -> None:
    e = _error("一、元旦：1月1日（周五）至3日（周六）放假调休，共3天。")
    assert "1月1日 标注为周五，但 2026-01-01（周四）" in e.text.zh
    assert "marked 周五, but it is 2026-01-01 (Thu)" in e.text.en


def test_day_count_mismatch() -> None:
    e = _error("七、国庆节：10月1日至7日放假调休，共8天。")
    assert "「10月1日至7日放假调休,共8天」" in e.text.zh
    assert "写明共8天，但 2026-10-01 至 2026-10-07 是 7 天" in e.text.zh
    assert "it says 8 days, but 2026-10-01 to 2026-10-07 is 7 days" in e.text.en


def test_no_year() -> None:
    e = _error(_read("2016.txt"), None)
    assert "--year" in e.text.zh and "--year" in e.text.en


def test_year_disagrees_with_title() -> None:
    e = _error(_read("2026.txt"), 2025)
    assert "通知写的是 2026 年，但指定的年份是 2025" in e.text.zh
    assert "the notice is for 2026, but the year given is 2025" in e.text.en


def test_day_that_does_not_exist() -> None:
    e = _error("二、春节：2月30日放假。")
    assert "「2月30日放假」" in e.text.zh and "没有 2026年2月30日 这一天" in e.text.zh
    assert "there is no such day as 2026-02-30" in e.text.en


def test_no_festival_sections() -> None:
    e = _error("节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。")
    assert "没有找到节日段落" in e.text.zh and "no festival sections" in e.text.en


@pytest.mark.parametrize(
    ("text", "zh"),
    [
        ("一、元宵节：3月3日放假。", "没有以节日名称和冒号开头"),
        ("一、元旦、春节：1月1日放假。", "只有中秋节和国庆节会合并放假"),
        ("一、元旦：1月5日（周日）上班。", "这一段没有放假日期"),
        ("一、元旦：1月1日（农历腊月初二、公历）放假。", "括号中的「公历」既不是星期也不是农历日期"),
        ("一、元旦：1月1日（农历冬月十三）放假。", "标注为农历冬月十三，但 2025 年的农历冬月十三不是 2025-01-01"),
        ("二、春节：1月28日（除夕）至2月4日放假调休，共8天。1月27日（除夕）上班。", "标注为除夕"),
        ("一、元旦：1月1日放假，与周末连休。", "前后都不是周末"),  # 2025-01-01 is a Wednesday
        ("一、元旦：1月1日放假，1月6日（星期一）补休。", "中间只隔着周末"),
        ("一、元旦：1月1日至3日放假调休，共3天。1月2日（周四）上班。", "本来就是工作日"),
        ("一、元旦：1月1日至3日放假。二、春节：1月3日放假。", "出现了两次"),
        ("四、劳动节：5日至1日放假。", "缺少月份"),
        ("四、劳动节：5月5日至5月1日放假。", "结束日期早于开始日期"),
    ],
)
def test_refusals(text: str, zh: str) -> None:
    e = _error(text, 2025)
    assert zh in e.text.zh
