"""The Chinese time expressions, one family at a time, each with the schedule it builds.

A form is a regular expression over normalised text (see `textnorm`) that
matches a time expression anywhere in a clause, and a builder that turns its
groups into a schedule. `rules.read_rule` tries every form and keeps the
longest match; the words around it are the document's own. Families:
fixed dates and windows; annual dates, month-ends and windows; spans
(quarters, months, half-years, 上中下旬); monthly and period-end filings;
periods from a trigger (bare, with the event, or from a written date);
windows and deadlines before an expiry; validity, cycles, named periods,
minimums and maximums; policies in force, sunsets and bans.
"""

from __future__ import annotations

import calendar as _stdcal
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from deadlines.core.cycles import Review, Validity
from deadlines.core.dates import make_date
from deadlines.core.errors import ExpressionError
from deadlines.core.grammar.lexicon import BEFORE, DIGIT, EVENT, PERIOD, RANGE, VERB, WITHIN, N, date_, md
from deadlines.core.kinds import Schedule
from deadlines.core.parse import parse_period
from deadlines.core.periods import Period, step
from deadlines.core.recurring import AfterSpan, Annual, Monthly, Span, SpanUnit
from deadlines.core.schedules import Ban, BeforeExpiry, FixedDate, InForce, Relative, Sunset
from deadlines.core.textnorm import parse_number
from deadlines.core.triggered import BeforeWindow, Dated, Effective, Minimum, NamedWindow

Groups = Mapping[str, str | None]


@dataclass(frozen=True)
class Form:
    """One time expression: its name (shown by `deadlines rule`), pattern and builder."""

    name: str
    pattern: re.Pattern[str]
    build: Callable[[Groups, str], Schedule]
    event: bool = False
    """The pattern captures a trigger event name (checked for time words)."""
    words: tuple[str, ...] = ()
    """Groups of the document's own words inside the match (a ban's subject and action): no time word allowed."""


def _num(g: Groups, key: str) -> int:
    return parse_number(g[key] or "")


def _date(g: Groups, p: str, text: str) -> date:
    iso = g.get(f"{p}iso")
    if iso:
        y, m, d = (int(x) for x in iso.split("-"))
        return make_date(y, m, d, text)
    year = _num(g, f"{p}y")
    if year < 1000:  # 「下一年1月1日」: 一年 is not a year
        raise ExpressionError(
            f"规则「{text}」中的「{g[f'{p}y']}年」不是年份：请写四位年份。",
            f"the rule {text!r} has {g[f'{p}y']!r}年, which is not a year: write four digits.",
        )
    return make_date(year, _num(g, f"{p}m"), _num(g, f"{p}d"), text)


def _yearly(month: int, day: int, text: str) -> tuple[int, int]:
    """A month and day valid in some year (2月29日 is; 2月30日 is not)."""
    if not 1 <= month <= 12 or not 1 <= day <= _stdcal.monthrange(2024, month)[1]:
        raise ExpressionError(
            f"规则「{text}」中的 {month}月{day}日 不存在。请检查日期。",
            f"the rule {text!r} names {month:02d}-{day:02d}, which does not exist. Check the date.",
        )
    return month, day


def _month(g: Groups, key: str, text: str) -> int:
    month = _num(g, key)
    if not 1 <= month <= 12:
        raise ExpressionError(f"规则「{text}」中的 {month}月 不存在。", f"the rule {text!r} names month {month}.")
    return month


def _period(g: Groups, key: str = "n") -> Period:
    p = parse_period(g[key] or "")
    if p.unit == "year" and p.amount >= 1000:
        raise ExpressionError(
            f"「{g[key]}」是年份，不是期间：请写完整日期（如 {p.amount}年12月31日前）。",
            f"{g[key]!r} is a year, not a period: write a whole date (e.g. {p.amount}年12月31日前).",
        )
    return p


def _offset(g: Groups) -> int:
    return 1 if (g.get("pre") or "") in ("次年", "第二年") else 0


def _event(g: Groups) -> str:
    return (g.get("event") or "").strip()


# -- builders ---------------------------------------------------------------------


def _sunset(g: Groups, text: str) -> Schedule:
    return Sunset(_date(g, "e", text), _date(g, "b", text) if g.get("by") or g.get("biso") else None)


def _sunset_term(g: Groups, text: str) -> Schedule:
    begin = _date(g, "b", text)
    term = _period(g)
    return Sunset(step(None, begin, term.amount, term.unit) - timedelta(days=1), begin)


def _effective(g: Groups, text: str) -> Schedule:
    delay = _period(g, "delay") if g.get("delay") else None
    term = _period(g, "term") if g.get("term") else None
    return Effective(_event(g), delay, term, g.get("verb") or "施行")


def _validity(g: Groups, text: str) -> Schedule:
    lead = _period(g, "lead") if g.get("lead") else None
    return Validity(_period(g), lead, bool(lead and g.get("win")))


def _annual_window(g: Groups, text: str) -> Schedule:
    start = _yearly(_num(g, "sm"), _num(g, "sd"), text)
    end_month = _num(g, "em") if g.get("em") else start[0]
    end = _yearly(end_month, _num(g, "ed"), text)
    if g.get("ey2") and g.get("pre") == "每年" and end >= start:
        raise ExpressionError(
            f"规则「{text}」的窗口超过一年（至次年同一时段之后）：请检查起止日期。",
            f"the rule {text!r} describes a window longer than a year: check its dates.",
        )
    return Annual(end, start, _offset(g))


def _annual(g: Groups, text: str) -> Schedule:
    return Annual(_yearly(_num(g, "em"), _num(g, "ed"), text), None, _offset(g))


def _annual_month_end(g: Groups, text: str) -> Schedule:
    month = _month(g, "em", text) if g.get("em") else 12
    return Annual((month, _stdcal.monthrange(2024, month)[1]), None, _offset(g))


def _quarter(g: Groups, text: str) -> Schedule:
    q = g.get("q")
    index = None if q is None else "一二三四".index(q) + 1 if q in "一二三四" else int(q)
    return Span("quarter", index, year_offset=_offset(g))


def _month_span(g: Groups, text: str) -> Schedule:
    return Span("month", _month(g, "m", text) if g.get("m") else None, year_offset=_offset(g))


def _half(g: Groups, text: str) -> Schedule:
    h = g.get("h")
    return Span("half", None if h is None else 1 if h == "上" else 2, year_offset=_offset(g))


def _part(g: Groups, text: str) -> Schedule:
    month = _month(g, "m", text) if g.get("m") else None
    return Span("part", "上中下".index(g["p"] or "上") + 1, month, _offset(g))


def _monthly(g: Groups, text: str) -> Schedule:
    day = _num(g, "d")
    workday = bool(g.get("wd"))
    if not 1 <= day <= (23 if workday else 31):
        raise ExpressionError(f"规则「{text}」中的 {day}日 不存在。", f"the rule {text!r} names day {day}.")
    return Monthly(day, 0 if g.get("pre") == "每月" else 1, workday)


_SPAN_WORDS: dict[str, SpanUnit] = {"月": "month", "季": "quarter", "半年": "half", "年": "year"}


def _after_span(g: Groups, text: str) -> Schedule:
    word = (g.get("u") or "").removesuffix("度").removesuffix("份")
    return AfterSpan(_SPAN_WORDS[word], _period(g))


def _fixed_year_end(g: Groups, text: str) -> Schedule:
    return FixedDate(make_date(_num(g, "y"), 12, 31, text))


def _fixed_month(g: Groups, text: str) -> Schedule:
    y, m = _num(g, "y"), _month(g, "m", text)
    last = make_date(y, m, _stdcal.monthrange(y, m)[1], text)
    return FixedDate(last) if g.get("end") else FixedDate(last, last.replace(day=1))


def _fixed_window(g: Groups, text: str) -> Schedule:
    opens = _date(g, "s", text)
    if g.get("fiso") or g.get("fy"):
        due = _date(g, "f", text)
    else:
        year = _num(g, "ey") if g.get("ey") else opens.year
        month = _num(g, "em") if g.get("em") else opens.month
        due = make_date(year, month, _num(g, "ed"), text)
    if due < opens:
        raise ExpressionError(f"规则「{text}」的结束日早于开始日。", f"the rule {text!r} ends before it starts.")
    return FixedDate(due, opens)


def _fixed(g: Groups, text: str) -> Schedule:
    return FixedDate(_date(g, "e", text))


def _review(g: Groups, text: str) -> Schedule:
    return Review(_period(g), g.get("name") or "")


_CHECKS = r"(?:复审|复核|复查|评估|审查|检验|检查|检测|评价|考核)"
_ONE = {"年": "1年", "季度": "3个月", "半年": "6个月", "月": "1个月"}


def _every_one(g: Groups, text: str) -> Schedule:
    """「每年一次」「每季度检查一次」: a cycle of one year, quarter, half-year or month."""
    return Review(parse_period(_ONE[g["unit"] or "年"]), "")


_NAMES = r"公开征求意见|征求意见|公示|公告|异议|整改|过渡|试用|观察|考察|培育|评议"
_SUFFIX = r"(?:\(工作日\))?"

_FORMS: list[Form] = [
    Form("sunset", re.compile(rf"(?:自?{date_('b')}起{VERB}?,?)?有效期(?:至|到){date_('e')}止?"), _sunset),
    Form("sunset", re.compile(rf"自{date_('b')}起{VERB},?有效期(?:为)?(?P<n>{PERIOD})"), _sunset_term),
    Form("in-force", re.compile(rf"自?{date_('b')}起{VERB}"), lambda g, t: InForce(_date(g, "b", t))),
    Form(
        "in-force",
        re.compile(
            rf"自(?P<event>{EVENT})之日起(?:(?P<delay>{PERIOD})后)?(?P<verb>施行|实施|执行|生效)"
            rf"(?:,?有效期(?:为)?(?P<term>{PERIOD}))?"
        ),
        _effective,
        event=True,
    ),
    Form(
        "validity",
        re.compile(
            rf"有效期(?:一般)?(?:为|是)?(?P<n>{PERIOD})(?:[,;]?(?:有效期)?(?:届满|到期|期满)前(?P<lead>{PERIOD})(?P<win>{WITHIN})?)?"
            rf"(?:,?自(?:发布|公告|公布|认定|发证|颁发|批准)之日起计算)?"
        ),
        _validity,
    ),
    Form(
        "cycle",
        re.compile(
            rf"(?P<name>(?:复审|复核|复查|评审|评估|审查|检查)?周期)(?:一般)?(?:不超过|不得超过|为|最长为|最长)?(?P<n>{PERIOD})"
        ),
        _review,
    ),
    Form("cycle", re.compile(rf"(?P<name>每届任期|任期)(?:一般)?(?:为|是)?(?P<n>{PERIOD})"), _review),
    Form(
        "cycle",
        re.compile(rf"每(?P<n>{PERIOD}){_CHECKS}(?:[一1]次)?"),
        lambda g, t: Review(_period(g)),
    ),
    Form("cycle", re.compile(rf"每(?P<n>{PERIOD})一次"), lambda g, t: Review(_period(g), "")),
    Form("cycle", re.compile(rf"每(?P<unit>年|季度|半年|月){_CHECKS}?[一1]次"), _every_one),
    Form(
        "ban",
        re.compile(
            rf"(?:自(?P<event>{EVENT})之日起,?(?P<who0>[^,;。]{{0,12}}?))?"
            rf"(?P<n>{PERIOD}){WITHIN}(?P<who>[^,;。不]{{0,20}})不得(?P<what>[^,;。]+)"
        ),
        lambda g, t: Ban(_period(g), g["what"] or "", _event(g)),
        event=True,
        words=("who0", "who", "what"),
    ),
    Form(
        "before-window",
        re.compile(rf"(?:期限|有效期)?(?P<word>届满|到期|期满)前的?(?P<n>{PERIOD}){WITHIN}"),
        lambda g, t: BeforeWindow(_period(g), g["word"] or "期满"),
    ),
    Form(
        "before",
        re.compile(rf"(?:期限|有效期)?(?P<anchor>届满|到期|期满|截止)?(?P<n>{PERIOD}){BEFORE}"),
        lambda g, t: BeforeExpiry(_period(g), "", g.get("anchor") or ""),  # type: ignore[arg-type]
    ),
    Form(
        "before",
        re.compile(rf"(?:期限|有效期)?(?P<anchor>届满|到期|期满|截止)前(?:至少)?(?P<n>{PERIOD})(?!{WITHIN})"),
        lambda g, t: BeforeExpiry(_period(g), "", g.get("anchor") or "届满"),  # type: ignore[arg-type]
    ),
    Form(
        "ahead",
        re.compile(rf"(?P<least>至少)?提前(?P<n>{PERIOD})"),
        lambda g, t: BeforeExpiry(_period(g), "至少提前" if g.get("least") else "提前", ""),
    ),
    Form(
        "annual-window",
        re.compile(
            rf"(?P<pre>每年|次年|第二年)度?的?{md('s')}{RANGE}(?P<ey2>次年|第二年)?(?:(?P<em>{N})月)?(?P<ed>{N})[日号]"
            rf"(?:{BEFORE}|止|{WITHIN}|期间)?"
        ),
        _annual_window,
    ),
    Form("annual", re.compile(rf"(?P<pre>每年|次年|第二年)度?的?{md('e')}(?:{BEFORE}|止)?"), _annual),
    Form(
        "annual-month-end",
        re.compile(rf"(?P<pre>每年|次年|第二年)度?(?:(?P<em>{N})月|年)(?:底|末){BEFORE}?"),
        _annual_month_end,
    ),
    Form("quarter", re.compile(r"(?P<pre>每年|次年)(?:第)?(?P<q>[一二三四1-4])季度"), _quarter),
    Form("quarter", re.compile(r"每(?:个)?季度"), _quarter),
    Form("month", re.compile(rf"(?P<pre>每年|次年)(?P<m>{N})月份?"), _month_span),
    Form("month", re.compile(r"每(?:个)?月"), _month_span),
    Form("half", re.compile(r"(?P<pre>每年|次年)?(?P<h>上|下)半年"), _half),
    Form("half", re.compile(r"每半年(?:一次)?"), _half),
    Form("part", re.compile(rf"(?P<pre>每年|次年|第二年)?(?P<m>{N})月(?P<p>上|中|下)旬"), _part),
    Form("part", re.compile(r"每(?:个)?月(?P<p>上|中|下)旬"), _part),
    Form("monthly", re.compile(rf"(?P<pre>每月|次月|下月|月后)的?(?P<d>{N})[日号](?:{BEFORE}|止|{WITHIN})?"), _monthly),
    Form(
        "monthly",
        re.compile(rf"(?P<pre>每月|次月|下月)的?第(?P<d>{N})(?P<wd>个工作日)(?:结束)?(?:{BEFORE}|{WITHIN})?"),
        _monthly,
    ),
    Form(
        "after-span",
        re.compile(
            rf"(?:每个?)?(?P<u>月份?|月度|季度?|半年度?|年度|年)(?:结束|终了|期满)(?:之日)?(?:后|起)(?P<n>{PERIOD}){WITHIN}?"
        ),
        _after_span,
    ),
    Form("year-end", re.compile(rf"(?P<y>{N})年(?:底|年底|末|年末){BEFORE}?"), _fixed_year_end),
    Form("month-end", re.compile(rf"(?P<y>{N})年(?P<m>{N})月(?P<end>底|末){BEFORE}?"), _fixed_month),
    Form("month-window", re.compile(rf"(?P<y>{N})年(?P<m>{N})月份?(?![{DIGIT}日号底末])"), _fixed_month),
    Form(
        "fixed-window",
        re.compile(
            rf"{date_('s')}{RANGE}(?:(?:(?:(?P<ey>{N})年)?(?P<em>{N})月)?(?P<ed>{N})[日号]|{date_('f')})(?:{BEFORE}|止)?"
        ),
        _fixed_window,
    ),
    Form("fixed", re.compile(rf"{date_('e')}(?:{BEFORE}|止)?"), _fixed),
    Form(
        "dated",
        re.compile(rf"自{date_('s')}起(?P<n>{PERIOD}){WITHIN}{_SUFFIX}"),
        lambda g, t: Dated(_date(g, "s", t), _period(g)),
    ),
    Form(
        "maximum",
        re.compile(
            rf"(?:(?:自|从)(?P<event>{EVENT})(?:之日)?起)?(?:期限)?(?:一般|最长)?不得?超过(?P<n>{PERIOD}){_SUFFIX}"
        ),
        lambda g, t: Relative(_period(g), _event(g), "max"),
        event=True,
    ),
    Form(
        "minimum",
        re.compile(rf"(?P<name>{_NAMES})?(?:的)?(?:期限|期)?\(?(?:一般|原则上)?(?:应)?不[少短]于(?P<n>{PERIOD})\)?"),
        lambda g, t: Minimum(_period(g), g.get("name") or ""),
    ),
    Form(
        "named-window",
        re.compile(rf"(?P<name>(?:{_NAMES})的?(?:期限|期))(?:一般)?(?:为|是)?(?P<n>{PERIOD})"),
        lambda g, t: NamedWindow(g["name"] or "", _period(g)),
    ),
    Form(
        "relative",
        re.compile(
            rf"(?:自|从|在|于)?(?P<event>{EVENT})(?:之日|当日)?(?:以后|之后|后|起)的?(?P<n>{PERIOD}){WITHIN}?{_SUFFIX}"
        ),
        lambda g, t: Relative(_period(g), _event(g)),
        event=True,
    ),
    Form("period", re.compile(rf"(?P<n>{PERIOD}){WITHIN}?{_SUFFIX}"), lambda g, t: Relative(_period(g))),
]
FORMS: tuple[Form, ...] = tuple(_FORMS)
