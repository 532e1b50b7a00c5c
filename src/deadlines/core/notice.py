"""Reading the State Council's yearly holiday notice into calendar entries.

`parse_notice` reads the text of 国务院办公厅关于YYYY年部分节假日安排的通知, pasted
or saved as a file, in any wording the notices have used since 2016: 周 or
星期, 农历 annotations, full- or half-width punctuation, traditional
characters (all folded by `textnorm.normalize`). Only the festival sections
(「一、元旦：…」) are read; the preamble, the closing paragraphs, the signature
and the date line are ignored. Inside a section, every sentence must be one
we understand, else the whole notice is refused with that sentence quoted:
a wrong calendar is worse than none.

Sentences understood (each may carry 「（周四）」「（农历除夕、周二）」 after a date,
and the weekday is checked):

- 「1月1日至3日放假调休，共3天。」 — every day from the first to the last;
  the range mark may be 至, -, —, ～; the end may omit its month (and year).
- 「4月5日放假，共1天。」「1月1日放假1天，不调休。」「5月1日放假。」 — one day.
- 「1月1日放假，1月2日（星期一）补休。」 — the holiday, the weekend after it,
  and the 补休 day.
- 「5月1日放假，与周末连休。」 — the holiday and the weekend next to it.
- 「9月28日（周日）、10月11日（周六）上班。」 — make-up working days.
- 「鼓励……」 and 「节假日期间……」 sentences change no day and are skipped.

共N天, when written, must equal the block's length. A date without a year
belongs to the notice's year, except a 12月 date in the 元旦 section, which
belongs to the year before; a date may also state its year
(「2022年12月31日至2023年1月2日」). Days outside the notice's year are kept
with their real dates: the caller decides which year's calendar they go to.

Names are caldata's Chinese holiday names. In a combined 「中秋节、国庆节」
section (either order) every day is 国庆节, except the 中秋 day itself
(农历八月十五), which is 中秋节 unless it is 10月1日. This is how
chinese-calendar names the combined blocks of 2009, 2012, 2017, 2020, 2023
and 2025 (中秋 on 10-03, 09-30, 10-04, 10-01, 09-29, 10-06); its 上班 days are
named 国庆节.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from deadlines.core.caldata import FIRST_YEAR, LAST_YEAR, DayEntry
from deadlines.core.errors import NoticeParseError
from deadlines.core.i18n import day_label
from deadlines.core.lunar import lunar_to_solar
from deadlines.core.textnorm import normalize

FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
"""The festivals a notice has sections for (values of caldata.HOLIDAY_NAMES_ZH)."""
_COMBINED = {"中秋节", "国庆节"}

_NAMES = "|".join(FESTIVALS)
_HEADER = re.compile(rf"(?:[一二三四五六七八九十]+、)?((?:{_NAMES})(?:、(?:{_NAMES}))*):")
_ORDINAL_LINE = re.compile(r"^[一二三四五六七八九十]+、")
_TITLE = re.compile(r"(?:国务院办公厅)?关于(\d{4})年\s*部分节假日安排的通知")
_PREAMBLE_YEAR = re.compile(r"现将(\d{4})年")
_FULL_DATE_YEAR = re.compile(r"(\d{4})年\d{1,2}月\d{1,2}日")

_DATE = re.compile(r"((?:(?:(\d{4})年)?(\d{1,2})月)?(\d{1,2})日)(?:\(([^()]*)\))?")
_D = "Ⓓ"
"""Stands for one date (with its annotation) in a sentence's skeleton; NFKC
folds Ⓓ to D, so no normalised text contains it."""
_SENTENCE = re.compile(
    rf"(?:(?P<rest>{_D}(?:(?:至|-+){_D})?)放假(?:调休)?"
    rf"(?:,{_D}(?P<makeup>补休)|,(?P<weekend>与周末连休))?"
    r"(?:(?:,?共)?(?P<total>\d+)天)?(?:,不调休)?)?"
    rf",?(?P<work>{_D}(?:[、,]{_D})*上班)?"
)
_SKIPPED = ("鼓励", "节假日期间")
_Section = tuple[tuple[str, ...], str]
"""A festival section: its festival names and the rest of its line."""
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_WEEKDAY_INDEX = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6}


@dataclass(frozen=True)
class Notice:
    """What one yearly notice says: its year, title and the days it changes."""

    year: int
    title: str
    entries: tuple[DayEntry, ...]
    """Every day of every holiday block (weekends included) and every 上班 day,
    sorted by date; some may fall in the year before."""


def parse_notice(text: str, year: int | None = None) -> Notice:
    """Read a notice's text; `year` overrides (and must agree with) its title.

    Raises NoticeParseError, quoting the sentence, for anything not understood.
    """
    norm = normalize(text)
    sections = _sections(norm)
    title = _TITLE.search(norm)
    year = _notice_year(norm, title, sections, year)
    entries: dict[date, DayEntry] = {}
    for names, body in sections:
        rested = False
        for sentence in filter(None, (s.strip() for s in re.split(r"[。.;]", body))):
            if sentence.startswith(_SKIPPED):
                continue
            for entry in _read_sentence(sentence, names, year):
                if entry.day in entries:
                    raise _fail(
                        sentence,
                        f"{day_label(entry.day).zh} 在通知中出现了两次",
                        f"{day_label(entry.day).en} appears twice in the notice",
                    )
                entries[entry.day] = entry
                rested = rested or not entry.workday
        if not rested:
            raise _fail(f"{'、'.join(names)}:{body}", "这一段没有放假日期", "this section gives no days off")
    return Notice(
        year,
        re.sub(r"\s", "", title[0]) if title else f"{year}年部分节假日安排（导入的通知文本，无标题）",
        tuple(sorted(entries.values(), key=lambda e: e.day)),
    )


def _fail(quoted: str, why_zh: str, why_en: str) -> NoticeParseError:
    return NoticeParseError(
        f"无法导入通知中的「{quoted}」：{why_zh}。请对照国务院办公厅通知原文改正这一句后重新导入。",
        f"cannot import {quoted!r} from the notice: {why_en}. "
        "Correct it against the State Council notice and import again.",
    )


def _sections(norm: str) -> list[_Section]:
    """The festival sections, in order; an ordinal line that is not one is an error."""
    sections: list[_Section] = []
    for line in norm.splitlines():
        headers = list(_HEADER.finditer(line))
        if not headers and _ORDINAL_LINE.match(line):
            raise _fail(
                line,
                f"这一段没有以节日名称和冒号开头（{'、'.join(FESTIVALS)}）",
                f"this section does not start with a festival name and a colon ({', '.join(FESTIVALS)})",
            )
        for i, h in enumerate(headers):
            end = headers[i + 1].start() if i + 1 < len(headers) else len(line)
            names = tuple(h[1].split("、"))
            if len(names) > 1 and (set(names) != _COMBINED or len(names) != 2):
                raise _fail(h[0], "只有中秋节和国庆节会合并放假", "only 中秋节 and 国庆节 are ever combined")
            sections.append((names, line[h.end() : end]))
    if not sections:
        raise NoticeParseError(
            "通知文本中没有找到节日段落（如「一、元旦：1月1日放假……」）。请粘贴通知正文，至少包括各节日的放假安排。",
            "no festival sections (like 「一、元旦：1月1日放假……」) found in the notice text. "
            "Paste the notice itself, with at least the arrangements for each festival.",
        )
    return sections


def _notice_year(norm: str, title: re.Match[str] | None, sections: list[_Section], year: int | None) -> int:
    """The year from `year`, else the title or preamble, else the latest full date."""
    stated_m = title or _PREAMBLE_YEAR.search(norm)
    stated = int(stated_m[1]) if stated_m else None
    if year is not None and stated not in (None, year):
        raise NoticeParseError(
            f"通知写的是 {stated} 年，但指定的年份是 {year}。请去掉 --year，或改为 --year {stated}。",
            f"the notice is for {stated}, but the year given is {year}. Drop --year, or use --year {stated}.",
        )
    years = [int(y) for _, body in sections for y in _FULL_DATE_YEAR.findall(body)]
    found = year or stated or max(years, default=None)
    if found is None:
        raise NoticeParseError(
            "无法确定通知的年份：文中没有「关于YYYY年部分节假日安排的通知」标题，也没有带年份的日期。"
            "请用 --year 指定，例如 --year 2026。",
            "cannot tell the notice's year: the text has no title 「关于YYYY年部分节假日安排的通知」 "
            "and no date with a year. Give it with --year, e.g. --year 2026.",
        )
    if not FIRST_YEAR <= found <= LAST_YEAR:
        raise NoticeParseError(
            f"通知年份 {found} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间。请检查年份。",
            f"the notice's year {found} is not between {FIRST_YEAR} and {LAST_YEAR}. Check the year.",
        )
    return found


def _read_sentence(sentence: str, names: tuple[str, ...], year: int) -> list[DayEntry]:
    """The days one sentence of a festival section rests or works."""
    skeleton = _DATE.sub(_D, sentence)
    m = _SENTENCE.fullmatch(skeleton)
    if m is None or not (m["rest"] or m["work"]):
        raise _fail(
            sentence,
            "无法理解这句话，应形如「10月1日至7日放假调休，共7天」「5月1日放假，与周末连休」或「9月28日（周日）上班」",
            "this sentence is not understood; expected forms like 「10月1日至7日放假调休，共7天」, "
            "「5月1日放假，与周末连休」 or 「9月28日（周日）上班」",
        )
    dates = _dates(sentence, year, new_year=names == ("元旦",))

    def first_date(group: str) -> int:
        return skeleton[: m.start(group)].count(_D)

    entries: list[DayEntry] = []
    if m["rest"]:
        first, last = dates[first_date("rest")], dates[first_date("rest") + m["rest"].count(_D) - 1]
        if last < first:
            raise _fail(sentence, "结束日期早于开始日期", "the range ends before it starts")
        if m["makeup"]:
            makeup = dates[first_date("makeup") - 1]
            if makeup <= last or any(d.weekday() < 5 for d in _days(last + timedelta(1), makeup - timedelta(1))):
                raise _fail(
                    sentence,
                    "补休日应在放假日之后，中间只隔着周末",
                    "the 补休 day must follow the holiday with only a weekend between",
                )
            last = makeup
        if m["weekend"]:
            stated = (first, last)
            while (first - timedelta(1)).weekday() >= 5:
                first -= timedelta(1)
            while (last + timedelta(1)).weekday() >= 5:
                last += timedelta(1)
            if (first, last) == stated:
                raise _fail(sentence, "说与周末连休，但前后都不是周末", "it says 与周末连休, but no weekend adjoins it")
        block = _days(first, last)
        if m["total"] and int(m["total"]) != len(block):
            raise _fail(
                sentence,
                f"写明共{m['total']}天，但 {first.isoformat()} 至 {last.isoformat()} 是 {len(block)} 天",
                f"it says {m['total']} days, but {first.isoformat()} to {last.isoformat()} is {len(block)} days",
            )
        entries += [DayEntry(d, False, _rest_name(names, d)) for d in block]
    if m["work"]:
        start = first_date("work")
        for d in dates[start : start + m["work"].count(_D)]:
            if d.weekday() < 5:
                raise _fail(
                    sentence,
                    f"上班日 {day_label(d).zh} 本来就是工作日",
                    f"the 上班 day {day_label(d).en} is a working day anyway",
                )
            entries.append(DayEntry(d, True, "国庆节" if len(names) > 1 else names[0]))
    return entries


def _dates(sentence: str, year: int, new_year: bool) -> list[date]:
    """The sentence's dates in order, weekday annotations checked.

    A date without a month takes the month and year of the date before it.
    """
    dates: list[date] = []
    for token in _DATE.finditer(sentence):
        written, y, mo, d, note = token.groups()
        if mo is None:
            if not dates:
                raise _fail(sentence, f"「{written}」缺少月份", f"{written!r} has no month")
            y_int, mo_int = dates[-1].year, dates[-1].month
        else:
            mo_int = int(mo)
            y_int = int(y) if y else year - 1 if new_year and mo_int == 12 else year
        try:
            day = date(y_int, mo_int, int(d))
        except ValueError:
            raise _fail(
                sentence,
                f"没有 {y_int}年{mo_int}月{d}日 这一天",
                f"there is no such day as {y_int}-{mo_int:02d}-{int(d):02d}",
            ) from None
        for part in re.split(r"[、,]", note) if note else ():
            if part.startswith("农历"):
                continue
            w = _WEEKDAY.fullmatch(part)
            if w is None:
                raise _fail(
                    sentence,
                    f"括号中的「{part}」既不是星期也不是农历日期",
                    f"{part!r} in brackets is neither a weekday nor a 农历 date",
                )
            if _WEEKDAY_INDEX[w[1]] != day.weekday():
                raise _fail(
                    sentence,
                    f"{written} 标注为{part}，但 {day_label(day).zh}；请核对日期和年份",
                    f"{written} is marked {part}, but it is {day_label(day).en}; check the date and the year",
                )
        dates.append(day)
    return dates


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(i) for i in range((last - first).days + 1)]


def _rest_name(names: tuple[str, ...], d: date) -> str:
    if len(names) == 1:
        return names[0]
    mid_autumn = lunar_to_solar(d.year, 8, 15)
    return "中秋节" if d == mid_autumn and d != date(d.year, 10, 1) else "国庆节"
