"""Dates inside a notice sentence, and the annotations written after them.

A notice writes a date as 「10月1日」, 「2022年12月31日」 or a bare 「3日」 (the
month and year of the date before it), often followed by an annotation in
brackets: 「（周四）」「（星期日）」「（农历除夕、周二）」「（即农历除夕至正月初六）」
「（星期五、“五一”国际劳动节）」「（清明节）」「（大年初六）」. Every annotation we
can check is checked — weekdays, lunar dates, the festival's own day — so
that a repost with a wrong date or year is refused rather than imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from deadlines.core.errors import DateError
from deadlines.core.i18n import Text, day_label
from deadlines.core.lunar import chuxi, lunar_to_solar, qingming
from deadlines.core.textnorm import parse_number

DATE = re.compile(r"((?:(?:(\d{4})年)?(\d{1,2})月)?(\d{1,2})日)(?:\(([^()]*)\))?")
"""A date and its optional annotation (text already normalised: （） are ())."""

_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_WEEKDAY_INDEX = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6}
_LUNAR = re.compile(
    r"(正|一|二|三|四|五|六|七|八|九|十|十一|十二|冬|腊)月(初[一二三四五六七八九十]|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九])"
)
_LUNAR_MONTHS = {"正": 1, "冬": 11, "腊": 12}
_QUOTES = str.maketrans("", "", "“”\"'‘’「」")


class Unreadable(Exception):
    """A sentence we cannot read, with the reason in both languages."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.why = Text(zh, en)


@dataclass(frozen=True)
class Written:
    """One date as written: its text and the day it names."""

    text: str
    day: date


def read_dates(sentence: str, year: int, new_year: bool) -> list[Written]:
    """The sentence's dates in order, annotations checked.

    A date without a year belongs to `year`, except a 12月 date when
    `new_year` (the 元旦 section), which belongs to the year before. A date
    without a month takes the month and year of the date before it.
    """
    dates: list[Written] = []
    for token in DATE.finditer(sentence):
        written, y, mo, d, note = token.groups()
        if mo is None:
            if not dates:
                raise Unreadable(f"「{written}」缺少月份", f"{written!r} has no month")
            y_int, mo_int = dates[-1].day.year, dates[-1].day.month
        else:
            mo_int = int(mo)
            y_int = int(y) if y else year - 1 if new_year and mo_int == 12 else year
        try:
            day = date(y_int, mo_int, int(d))
        except ValueError:
            raise Unreadable(
                f"没有 {y_int}年{mo_int}月{d}日 这一天", f"there is no such day as {y_int}-{mo_int:02d}-{int(d):02d}"
            ) from None
        for part in re.split(r"[、,]", note.translate(_QUOTES)) if note else ():
            _check_annotation(written, part.strip(), day)
        dates.append(Written(written, day))
    return dates


def _check_annotation(written: str, part: str, day: date) -> None:
    """Refuse an annotation that contradicts the date; accept what cannot be checked only if it is lunar."""
    if not part or part.startswith("即"):
        return  # 「（即农历除夕至正月初六）」 describes the whole range
    w = _WEEKDAY.fullmatch(part)
    if w is not None:
        if _WEEKDAY_INDEX[w[1]] != day.weekday():
            raise Unreadable(
                f"{written} 标注为{part}，但 {day_label(day).zh}；请核对日期和年份",
                f"{written} is marked {part}, but it is {day_label(day).en}; check the date and the year",
            )
        return
    expected = _annotated_days(part.removeprefix("农历"), day)
    if expected is None:
        if part.startswith("农历"):
            return
        raise Unreadable(
            f"括号中的「{part}」既不是星期也不是农历日期",
            f"{part!r} in brackets is neither a weekday nor a 农历 date",
        )
    if day not in expected:
        raise Unreadable(
            f"{written} 标注为{part}，但 {day.year} 年的{part}不是 {day.isoformat()}；请核对日期和年份",
            f"{written} is marked {part}, but {part} of {day.year} is not {day.isoformat()}; "
            "check the date and the year",
        )


def _annotated_days(part: str, day: date) -> set[date] | None:
    """The days an annotation such as 除夕, 正月初七, 清明节 can mean near `day`, or None if unknown."""
    part = part.removesuffix("当日")
    y = day.year
    fixed = {"元旦": (1, 1), "新年": (1, 1), "劳动节": (5, 1), "五一": (5, 1), "五一国际劳动节": (5, 1)}
    fixed |= {"国际劳动节": (5, 1)}
    if part in fixed:
        return {date(y, *fixed[part])}
    if part in ("国庆", "国庆节"):
        return {date(y, 10, d) for d in (1, 2, 3)}
    if part in ("除夕", "大年三十"):
        return {chuxi(y), chuxi(y + 1)}
    if part in ("清明", "清明节"):
        return {qingming(y)}
    lunar = {"春节": (1, 1), "端午": (5, 5), "端午节": (5, 5), "中秋": (8, 15), "中秋节": (8, 15)}
    if part in lunar:
        return {lunar_to_solar(y, *lunar[part])}
    part = re.sub(r"^大年(?=初)", "正月", part)
    m = _LUNAR.fullmatch(part)
    if m is None:
        return None
    month = _LUNAR_MONTHS.get(m[1]) or parse_number(m[1])
    lunar_day = parse_number(m[2].removeprefix("初").replace("廿", "二十"))
    found: set[date] = set()
    for lunar_year in (y - 1, y):
        try:
            found.add(lunar_to_solar(lunar_year, month, lunar_day))
        except DateError:  # that lunar month has no such day this year: no candidate
            continue
    return found
