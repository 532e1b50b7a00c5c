"""Real notice pages (tests/data/notices-real, sources in SOURCES.md), checked day by day
against chinese-calendar: each alone, all of a span in any order, with the supplementary
notices; and the truncated or damaged pages refused."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from chinese_calendar import constants
from hypothesis import given, settings
from hypothesis import strategies as st

from deadlines.core.caldata import YearData, official_from_package
from deadlines.core.errors import NoticeParseError
from deadlines.core.notices import Notice, parse_notice
from deadlines.core.notices.years import build_year

REAL = Path(__file__).parents[1] / "data" / "notices-real"
CLEAN = Path(__file__).parents[1] / "data" / "notices"

# Complete yearly notices as reposted (the year to pass when the page never states it).
YEARLY = {
    "2010-o571.txt": None,  # news repost, 放假公休, a footer line 「8日起可拨打…」
    "2010-bztdxxl.txt": None,  # forum anti-copy noise on every line, title split by noise, 二○○九年 date
    "2011-ctia.txt": None,  # signature without a date, disclaimer after it
    "2011-wikisource-hant.txt": None,  # traditional characters, wiki header with other dates
    "2012-mudaan.txt": None,  # 上班 sentences wrapped onto their own lines, 二?一一年, a trailing article
    "2012-dgahdf-hant-pinyin.txt": None,  # traditional with pinyin after characters, no preamble
    "2013-xinji-noise.txt": None,  # noise lines, signature and date on one line
    "2014-lishewen.txt": None,  # 原标题 line, 补休, 与周末连休
    "2014-executivefront-hant-pinyin.txt": 2014,  # no year anywhere (date line 「12月11日」)
    "2015-zhijia.txt": None,  # 「…安排通知」 title, (除夕)/(大年初六) annotations, page footer
    "2015-tjtfjx-hant-dashes.txt": None,  # news lead, 「——春節(jié):」 headings, 「国务院办公厅要求,」
    "2018-scgw-gov.txt": None,  # government site breadcrumbs with the title twice
    "2021-0798ci.txt": None,  # page with title before and after the text
    "2021-zhibohancheng-hant-pinyin.txt": None,  # pinyin, sentences without a final 。
    "2022-beijing-gov.txt": None,  # metadata header with ISO dates
    "2016-gov-cn.txt": None,  # gov.cn page: metadata block with the title and 成文日期 before the text
    "2016-p719-hant-pinyin.txt": None,  # traditional with pinyin, title split over lines
    "2023-pc-daily.txt": None,  # headings without numbers, a footer 「电脑…来源: FM93交通之声」 with no closing
    "2023-big5-china-hant.txt": None,  # traditional, news lead with 「12月8日電」 before the title
    "2023-huibangqyh-forum.txt": None,  # forum print page, title in its header
    "2024-mingchenghao.txt": None,  # title in 《》 in a news lead; 鼓励…除夕(2月9日)休息; ICP footer, no signature
    "2024-xasb168.txt": None,  # title split 「国务院办公厅」/「关于2024年…」 like the signature
    "2024-chengju-no-headings-numbers.txt": 2024,  # no title, no year; 「节假日期间须知:」
    "2025-wxredian.txt": None,  # sections only, after a one-line lead naming the notice
    "2025-cctv-big5-hant.txt": None,  # traditional 週, preamble with dates (自2025年1月1日起)
    "2025-gyhiac-spam-footer.txt": None,  # 「分別」, signature followed by 【编辑】 on its line
    "2026-saidakeji.txt": None,  # 鼓励 paragraph, 相关阅读 list after the signature
    "2026-17173.txt": None,  # no addressee, no signature, 【来源:快科技】 after the closing
    "2026-vniud74-seo-garbled.txt": 2026,  # SEO words spliced into the preamble's festival list
    "2023-wddqw-one-line.txt": None,  # the whole page on one line, the date after the closing on it
    "2022-gsdjw-commentary.txt": None,  # no title; commentary 「不!调!休!」 after the last section
}
SUPPLEMENTS = {
    "2015-supplement-xuexila.txt": "2015-zhijia.txt",
    "2015-supplement-mpfi-hant-pinyin.txt": "2015-tjtfjx-hant-dashes.txt",
    "2019-supplement-bendibao.txt": None,  # the yearly 2019 notice is tests/data/notices/2019.txt
    "2019-supplement-hmsrbp-hant-pinyin.txt": None,
    "2020-supplement-farmer.txt": None,
}
# Pages that must be refused, and why (a phrase of the message).
REFUSED = {
    # Cut off in 中秋节 mid-sentence (「…调至9月15日(星期」); the preamble's 国庆节 is missing too.
    "2008-cdc-truncated.txt": (None, "括号不完整或不在日期之后（文本可能被截断）（另有 1 处）"),
    # Cut off inside the 国庆节 section: 「…照常公休；1」.
    "2009-foodmate-truncated.txt": (None, "文本在这里中断"),
    # 「之后的内容被隐藏了」 after 春节: five announced festivals missing.
    "2013-flfgdq-truncated.txt": (None, "通知开头列出了清明节"),
    # 2月15日 is not 除夕 (2月18日 is): a repost that garbled the annotations.
    "2015-xjsq-wrong-annotations.txt": (None, "标注为除夕"),
    # The 2016 text under a 2018 title: 2月6日 2018 is a Tuesday, and 「六、中秋节：10月4日」 is cut.
    "2018-xszwdq-mislabelled.txt": (None, "标注为星期六"),
    # A repost's own summary line after the closing paragraph, in no form the notice uses.
    "2017-gmntv-summary-after-closing.txt": (2017, "10月1日至8日放假调休,共8天,与国庆连休"),
    # A repost that drops the 清明节 line the preamble announces.
    "2023-freewechat-drops-qingming.txt": (None, "通知开头列出了清明节"),
    # A generated summary with the wrong 劳动节 make-up days: 4月28日 2025 is a Monday.
    "2025-fudaoke-wrong-workdays.txt": (None, "4月28日 标注为周日，但 2025-04-28（周一）"),
    # A "calendar table" page with made-up 上班 days (2023-01-03 is a Tuesday) and a wrong 劳动节.
    "2023-wddqw-wrong-table.txt": (None, "本来就是工作日"),
}


def _official(d: date) -> bool:
    return chinese_calendar.is_workday(d)


def _year_days(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(i) for i in range((date(year + 1, 1, 1) - first).days)]


def _set_by_others(year: int) -> set[date]:
    """Days of `year` that chinese-calendar has from another notice: the next year's 元旦 block
    in December, and the supplementary notices of 2015, 2019 and 2020."""
    named = constants.holidays | constants.workdays
    days = {d for d in _year_days(year) if d.month == 12 and str(named.get(d)) == "New Year's Day"}
    days |= {d for d in _year_days(year) if str(named.get(d)) == "Anti-Fascist 70th Day"}
    days |= {date(2019, 4, 28), date(2019, 5, 2), date(2019, 5, 3), date(2019, 5, 4), date(2019, 5, 5)}
    days |= {date(2020, 1, 31), date(2020, 2, 1), date(2020, 2, 2)}
    return {d for d in days if d.year == year}


def _parse(name: str, year: int | None = None) -> Notice:
    folder = REAL if (REAL / name).exists() else CLEAN
    return parse_notice((folder / name).read_text(encoding="utf-8"), year)


def _status(notice: Notice) -> dict[date, bool]:
    return {e.day: e.workday for e in notice.entries}


@pytest.mark.parametrize("name", YEARLY)
def test_each_yearly_page_alone_is_day_exact(name: str) -> None:
    notice = _parse(name, YEARLY[name])
    status = _status(notice)
    skip = _set_by_others(notice.year)
    wrong = [d for d in _year_days(notice.year) if d not in skip and status.get(d, d.weekday() < 5) != _official(d)]
    assert notice.kind == "yearly" and wrong == []
    # Days the notice names in the year before (a 元旦 block from December) are right too.
    assert all(status[d] == _official(d) for d in status if d.year < notice.year)


@pytest.mark.parametrize("name", REFUSED)
def test_truncated_or_damaged_pages_are_refused(name: str) -> None:
    year, phrase = REFUSED[name]
    with pytest.raises(NoticeParseError) as info:
        _parse(name, year)
    assert phrase in info.value.text.zh
    assert "没有写入任何内容" in info.value.text.zh and "--partial" in info.value.text.en


def test_partial_reading_keeps_what_was_read_and_lists_the_rest() -> None:
    notice = parse_notice((REAL / "2009-foodmate-truncated.txt").read_text(encoding="utf-8"), partial=True)
    assert [u.sentence for u in notice.unread] == ["1"]
    spring = [e.day for e in notice.entries if e.name == "春节" and not e.workday]
    assert spring == [date(2009, 1, 25) + timedelta(i) for i in range(7)]
    # Everything it did read agrees with the official calendar (the 国庆 make-up days are lost with the cut).
    assert all(_official(e.day) == e.workday for e in notice.entries)


def test_the_2008_wording_is_read_where_the_page_is_whole() -> None:
    # 「其中…为法定节假日…公休日调至…」 explanations, 「（即农历除夕至正月初六）」, 「“五一”国际劳动节：」;
    # the page stops inside 中秋节, so 国庆节 is missing and the last sentence is cut.
    notice = parse_notice((REAL / "2008-cdc-truncated.txt").read_text(encoding="utf-8"), partial=True)
    assert [u.why.zh[:12] for u in notice.unread] == ["括号不完整或不在日期之后", "通知开头列出了国庆节，但"]
    read = {e.day: e.workday for e in notice.entries}
    assert min(read) == date(2007, 12, 29) and max(read) == date(2008, 9, 15)
    assert all(_official(d) == w for d, w in read.items())
    first = date(2008, 1, 1)
    assert all(read.get(d, d.weekday() < 5) == _official(d) for d in (first + timedelta(i) for i in range(250)))


@pytest.mark.parametrize("name", SUPPLEMENTS)
def test_supplements_are_recognised(name: str) -> None:
    notice = _parse(name)
    assert notice.kind == "supplement"
    expected = {
        2015: ("国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知", "抗战胜利70周年纪念日"),
        2019: ("国务院办公厅关于调整2019年劳动节假期安排的通知", "劳动节"),
        2020: ("国务院办公厅关于延长2020年春节假期的通知", "春节"),
    }[notice.year]
    assert notice.title == expected[0]
    names = {e.name for e in notice.entries} | ({notice.extension.name} if notice.extension else set())
    assert names == {expected[1]}


def _base(year: int) -> YearData:
    """The plain week: what a year would be with no data at all, so only notices count."""
    return YearData(year, "official", "plain week", ())


def _yearly_for(year: int) -> str:
    return next((n for n in YEARLY if n.startswith(str(year)) and YEARLY[n] is None), f"{year}.txt")


def test_supplements_apply_on_top_of_the_yearly_notice_in_any_order() -> None:
    for supplement, yearly in SUPPLEMENTS.items():
        year = int(supplement[:4])
        notices = [_parse(yearly or f"{year}.txt"), _parse(supplement)]
        for order in (notices, notices[::-1]):
            built = {e.day: e for e in build_year(year, order, _base(year)).entries}
            wrong = [
                d
                for d in _year_days(year)
                if d.month < 12
                and built.get(d) is not None
                and built[d].workday != _official(d)
                or built.get(d) is None
                and (d.weekday() < 5) != _official(d)
                and d.month < 12
            ]
            assert wrong == [], (supplement, wrong)
    # The 2019 labour-day days name both notices, the yearly one first.
    built = {
        e.day: e
        for e in build_year(2019, [_parse("2019-supplement-bendibao.txt"), _parse("2019.txt")], _base(2019)).entries
    }
    assert built[date(2019, 5, 1)].notices == (
        "国务院办公厅关于2019年部分节假日安排的通知",
        "国务院办公厅关于调整2019年劳动节假期安排的通知",
    )
    assert built[date(2019, 5, 3)].notices == ("国务院办公厅关于调整2019年劳动节假期安排的通知",)


def test_extension_alone_over_the_official_data_changes_nothing() -> None:
    official = official_from_package(2020)
    assert official is not None
    built = build_year(2020, [_parse("2020-supplement-farmer.txt")], official)
    assert {(e.day, e.workday) for e in built.entries} == {(e.day, e.workday) for e in official.entries}


SPAN = [_yearly_for(y) for y in range(2010, 2027)]
SPAN_SUPPLEMENTS = ["2015-supplement-xuexila.txt", "2019-supplement-bendibao.txt", "2020-supplement-farmer.txt"]


def _span_notices() -> list[Notice]:
    out = []
    for name in SPAN:
        out.append(_parse(name, 2016 if name == "2016.txt" else None))
    return out + [_parse(n) for n in SPAN_SUPPLEMENTS]


_NOTICES = _span_notices()
_YEARS = sorted({n.year for n in _NOTICES})


def _wrong_days(year: int, order: list[Notice]) -> list[date]:
    built = {e.day: e for e in build_year(year, order, _base(year)).entries}
    last_complete = year < max(_YEARS)  # December of the last year waits for next year's notice
    return [
        d
        for d in _year_days(year)
        if (d.month < 12 or last_complete) and (built[d].workday if d in built else d.weekday() < 5) != _official(d)
    ]


def test_every_year_of_the_span_is_day_exact_forwards_and_backwards() -> None:
    for order in (_NOTICES, _NOTICES[::-1]):
        assert {y: _wrong_days(y, order) for y in _YEARS} == {y: [] for y in _YEARS}


@settings(max_examples=40, deadline=None)
@given(st.permutations(_NOTICES))
def test_any_import_order_builds_the_same_years(order: list[Notice]) -> None:
    for year in _YEARS:
        assert build_year(year, order, _base(year)) == build_year(year, _NOTICES, _base(year))


def test_a_titled_page_without_a_preamble_still_needs_every_festival() -> None:
    # The 2024 repost has the title but no preamble; with its 清明节 line lost it must not import.
    text = (REAL / "2024-mingchenghao.txt").read_text(encoding="utf-8")
    lost = "\n".join(line for line in text.splitlines() if "清明节" not in line)
    with pytest.raises(NoticeParseError) as info:
        parse_notice(lost)
    assert "每年的通知都安排七个节日，但文本中没有清明节的放假安排" in info.value.text.zh
