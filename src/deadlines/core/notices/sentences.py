"""Reading the sentences of one festival section into days.

A section is 「一、元旦：…」 of a yearly notice, or the body of a supplementary
notice (one festival). Its text is cut into sentences at 。 ; . and each
sentence with a date is read completely or reported, never skipped:

- 「1月1日至3日放假调休，共3天。」「1月1日至3日放假公休，共3天。」
  「9月3日至5日调休放假，共3天。」「2015年9月3日全国放假1天。」 — a block of rest
  days (the range mark may be 至, -, —, ～; the end may omit its month).
- 「4月5日放假，4月6日（星期一）补休。」「5月1日放假，与周末连休。」
- 「9月28日（周日）、10月11日（周六）上班。」 — make-up working days.
- 「延长2020年春节假期至2月2日（…），2月3日（星期一）起正常上班。」 — an extension.
- The 2008–2009 and 2015 explanations 「其中，1月1日为法定节假日，12月29日（星期六）
  公休日调至12月31日（星期一）」「其中9月3日（星期四）放假，9月4日（星期五）调休」:
  they set no day, but every date in them must be a day of the section's
  block or one of its 上班 days, which is checked.

In a yearly notice's section, a sentence without a date is skipped unless
it speaks of days off or work (放假, 调休, 上班, 几天, N天): then it is
reported, since it may say something we would otherwise miss. 「鼓励……」
changes no day; 「节假日期间……」 closes the section, and any sentence of
days after it on the same line is left for the caller to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from deadlines.core.caldata import DayEntry
from deadlines.core.i18n import Text, day_label
from deadlines.core.lunar import lunar_to_solar
from deadlines.core.notices.dates import DATE, Unreadable, Written, read_dates

FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
"""The festivals a yearly notice has sections for (values of caldata.HOLIDAY_NAMES_ZH)."""

_D = "Ⓓ"
"""Stands for one date (with its annotation) in a sentence's skeleton; NFKC
folds Ⓓ to D, so no normalised text contains it."""
_RANGE = rf"{_D}(?:(?:至|-+){_D})?"
_BLOCK = re.compile(
    rf"(?P<rest>{_RANGE})(?:全国)?(?:调休)?放假(?:调休|公休)?"
    rf"(?:,{_D}(?P<makeup>补休)|,(?P<weekend>与周末连休))?"
    r"(?:(?:,?共)?(?P<total>\d+)天)?(?:,不调休)?"
    rf"(?:,?(?P<work>{_D}(?:(?:[、,]|和){_D})*上班))?"
)
_WORK = re.compile(rf"(?P<work>{_D}(?:(?:[、,]|和){_D})*)(?:照常)?上班")
_EXTEND = re.compile(
    rf"延长(?:\d{{4}}年)?(?P<name>{'|'.join(FESTIVALS)})假期至{_D}(?:,(?P<back>{_D})起(?:正常|照常)?上班)?"
)
_EXPLAINS = re.compile(r"^其中|法定(?:节)?假日|公休|调至")
_SPEAKS_OF_DAYS = re.compile(r"放假|补休|调休|连休|上班|几天|\d+天")
SETS_DAYS = re.compile(r"放假|上班|补休|调休|连休")
"""Words of a sentence that sets days (for text found outside the sections)."""
_CLOSINGS = r"(?:节假日|调休放假|放假|假日|劳动节|春节|国庆节)期间"
_CLOSING = re.compile(rf"^{_CLOSINGS}")
_SKIPPED = re.compile(rf"^(?:鼓励|{_CLOSINGS})")
_LEADING = re.compile(r"^[-•·\s]*(?:(?:[一二三四五六七八九十]+|\d+)、)?(?:其中)?[,:]?")


@dataclass(frozen=True)
class Unread:
    """A sentence that was not read, and why."""

    sentence: str
    why: Text


@dataclass(frozen=True)
class Extension:
    """「延长…假期至M月D日」: the festival's block runs on to `until`."""

    name: str
    until: date


@dataclass
class Section:
    """What one section's sentences say."""

    names: tuple[str, ...]
    entries: dict[date, DayEntry] = field(default_factory=dict)
    unread: list[Unread] = field(default_factory=list)
    extension: Extension | None = None
    closed: bool = False
    """The section ran into the closing paragraph (on the same line)."""
    late: list[str] = field(default_factory=list)
    """Sentences of days after the closing paragraph (「节假日期间……」) on the same line: a page
    flattened to one line, or a repost's own summary. The caller checks them against the notice."""
    _explained: list[tuple[str, list[Written]]] = field(default_factory=list)


def read_section(names: tuple[str, ...], body: str, year: int, *, strict: bool = False) -> Section:
    """Read every sentence of a section's text (already normalised).

    `strict` (a yearly notice's festival section): a sentence without a date
    that speaks of days off or work is reported too.
    """
    section = Section(names)
    for sentence in filter(None, (s.strip() for s in re.split(r"[。.;!?]", body))):
        section.closed = section.closed or bool(_CLOSING.match(sentence))
        if section.closed:
            if DATE.search(sentence) and SETS_DAYS.search(sentence):
                section.late.append(sentence)
            continue
        if not DATE.search(sentence):
            if strict and _SPEAKS_OF_DAYS.search(sentence) and not _SKIPPED.match(sentence):
                section.unread.append(
                    Unread(
                        sentence,
                        Text("这句话谈到放假或上班，却没有日期", "it speaks of days off or work but gives no date"),
                    )
                )
            continue
        if _SKIPPED.match(sentence):
            continue
        try:
            _read_sentence(section, sentence, year)
        except Unreadable as e:
            section.unread.append(Unread(sentence, e.why))
    _check_explanations(section)
    if not any(not e.workday for e in section.entries.values()) and section.extension is None and not section.unread:
        section.unread.append(
            Unread(f"{'、'.join(names)}:{body}", Text("这一段没有放假日期", "this section gives no days off"))
        )
    return section


def agrees(sentence: str, year: int, days: dict[date, DayEntry]) -> bool:
    """Whether a sentence outside the sections (a repost's own summary) reads as days already set."""
    scratch = Section(("",))
    try:
        _read_sentence(scratch, sentence, year)
    except Unreadable:
        return False
    return bool(scratch.entries) and all(d in days and days[d].workday == e.workday for d, e in scratch.entries.items())


def _read_sentence(section: Section, sentence: str, year: int) -> None:
    dates = read_dates(sentence, year, new_year=section.names == ("元旦",))
    prefaced = _strip_preface(DATE.sub(_D, sentence))
    skeleton = _LEADING.sub("", prefaced)
    if "(" in skeleton or ")" in skeleton:
        raise Unreadable(
            "括号不完整或不在日期之后（文本可能被截断）",
            "a bracket is unclosed or not after a date (the text may be cut)",
        )
    block = _BLOCK.fullmatch(skeleton)
    work = _WORK.fullmatch(skeleton)
    extend = _EXTEND.fullmatch(skeleton)
    if block is not None:
        _read_block(section, sentence, block, dates)
    elif work is not None:
        _add_work(section, sentence, [w.day for w in dates])
    elif extend is not None:
        _read_extension(section, extend, dates)
    elif _EXPLAINS.search(prefaced):
        _read_explanation(section, sentence, skeleton, dates)
    else:
        raise Unreadable(
            "无法理解这句话，应形如「10月1日至7日放假调休，共7天」「5月1日放假，与周末连休」或「9月28日（周日）上班」",
            "this sentence is not understood; expected forms like 「10月1日至7日放假调休，共7天」, "
            "「5月1日放假，与周末连休」 or 「9月28日（周日）上班」",
        )


def _strip_preface(skeleton: str) -> str:
    """Drop words before the first date that set nothing: 「特作如下调休：」, 「为使全国人民…，」."""
    head, colon, tail = skeleton.partition(":")
    if colon and _D not in head:
        skeleton = tail
    clauses = skeleton.split(",")
    while len(clauses) > 1 and _D not in clauses[0] and not re.search(r"其中|放假|休|上班|延长", clauses[0]):
        clauses.pop(0)
    return ",".join(clauses)


def _read_block(section: Section, sentence: str, m: re.Match[str], dates: list[Written]) -> None:
    def first(group: str) -> int:
        return m.string[: m.start(group)].count(_D)

    first_i = first("rest")
    start, last = dates[first_i].day, dates[first_i + m["rest"].count(_D) - 1].day
    if last < start:
        raise Unreadable("结束日期早于开始日期", "the range ends before it starts")
    if m["makeup"]:
        makeup = dates[first("makeup") - 1].day
        if makeup <= last or any(d.weekday() < 5 for d in _days(last + timedelta(1), makeup - timedelta(1))):
            raise Unreadable(
                "补休日应在放假日之后，中间只隔着周末",
                "the 补休 day must follow the holiday with only a weekend between",
            )
        last = makeup
    if m["weekend"]:
        stated = (start, last)
        while (start - timedelta(1)).weekday() >= 5:
            start -= timedelta(1)
        while (last + timedelta(1)).weekday() >= 5:
            last += timedelta(1)
        if (start, last) == stated:
            raise Unreadable("说与周末连休，但前后都不是周末", "it says 与周末连休, but no weekend adjoins it")
    block = _days(start, last)
    if m["total"] and int(m["total"]) != len(block):
        raise Unreadable(
            f"写明共{m['total']}天，但 {start.isoformat()} 至 {last.isoformat()} 是 {len(block)} 天",
            f"it says {m['total']} days, but {start.isoformat()} to {last.isoformat()} is {len(block)} days",
        )
    _add(section, sentence, [DayEntry(d, False, _rest_name(section.names, d)) for d in block])
    if m["work"]:
        i = first("work")
        _add_work(section, sentence, [w.day for w in dates[i : i + m["work"].count(_D)]])


def _add_work(section: Section, sentence: str, days: list[date]) -> None:
    for d in days:
        if d.weekday() < 5:
            raise Unreadable(
                f"上班日 {day_label(d).zh} 本来就是工作日", f"the 上班 day {day_label(d).en} is a working day anyway"
            )
    name = "国庆节" if len(section.names) > 1 else section.names[0]
    _add(section, sentence, [DayEntry(d, True, name) for d in days])


def _add(section: Section, sentence: str, entries: list[DayEntry]) -> None:
    """Add days; a day said twice must be said the same way."""
    for entry in entries:
        before = section.entries.get(entry.day)
        if before is not None and before.workday != entry.workday:
            raise Unreadable(
                f"{day_label(entry.day).zh} 既说放假又说上班",
                f"{day_label(entry.day).en} is said to be both off and worked",
            )
    section.entries.update((e.day, e) for e in entries)


def _read_extension(section: Section, m: re.Match[str], dates: list[Written]) -> None:
    until = dates[0].day
    if m["back"] is not None:
        back = dates[1].day
        if back != until + timedelta(1) or back.weekday() >= 5:
            raise Unreadable(
                f"{day_label(back).zh} 起上班，与延长至 {day_label(until).zh} 不衔接",
                f"work from {day_label(back).en} does not follow an extension to {day_label(until).en}",
            )
    section.extension = Extension(m["name"], until)


def _read_explanation(section: Section, sentence: str, skeleton: str, dates: list[Written]) -> None:
    """「其中…为法定节假日…调至…，…上班」: read the 上班 clauses; keep the rest to check at the end."""
    i = 0
    explained: list[Written] = []
    for clause in skeleton.split(","):
        n = clause.count(_D)
        work = _WORK.fullmatch(_LEADING.sub("", clause))
        if work is not None:
            _add_work(section, sentence, [w.day for w in dates[i : i + n]])
        else:
            explained += dates[i : i + n]
        i += n
    section._explained.append((sentence, explained))


def _check_explanations(section: Section) -> None:
    """Every date an explanation names must be a day the section rests or works."""
    for sentence, written in section._explained:
        stray = [w for w in written if w.day not in section.entries]
        if stray:
            label = day_label(stray[0].day)
            section.unread.append(
                Unread(
                    sentence,
                    Text(
                        f"这句说明提到的 {label.zh} 不在本段的放假或上班日期中",
                        f"this explanation names {label.en}, which is not among the section's days off or work",
                    ),
                )
            )


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(i) for i in range((last - first).days + 1)]


def _rest_name(names: tuple[str, ...], d: date) -> str:
    """A rest day's name; in a combined 中秋节、国庆节 block only the 中秋 day itself is 中秋节."""
    if len(names) == 1:
        return names[0]
    mid_autumn = lunar_to_solar(d.year, 8, 15)
    return "中秋节" if d == mid_autumn and d != date(d.year, 10, 1) else "国庆节"
