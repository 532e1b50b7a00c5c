"""The Chinese time expressions, one family at a time, each with the schedule it builds.

A form is a regular expression over normalised text (see `textnorm`) that
matches a time expression anywhere in a clause, and a builder (`builders`)
that turns its groups into a schedule. `rules.read_rule` tries every form and keeps the
longest match; the words around it are the document's own. Families:
fixed dates and windows; annual dates, month-ends and windows; spans
(quarters, months, half-years, 上中下旬); monthly and period-end filings;
periods from a trigger (bare, with the event, or from a written date);
windows and deadlines before an expiry; validity, cycles, named periods,
minimums and maximums; policies in force, sunsets and bans.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from deadlines.core.cycles import Review
from deadlines.core.grammar.builders import (
    Groups,
    after_span,
    annual,
    annual_month_end,
    annual_window,
    date_of,
    day_of_month,
    effective,
    event_name,
    every_one,
    fixed,
    fixed_month,
    fixed_window,
    fixed_year_end,
    half,
    month_span,
    monthly,
    part,
    period,
    quarter,
    review,
    sunset,
    sunset_term,
    validity,
)
from deadlines.core.grammar.lexicon import BEFORE, DIGIT, EVENT, PERIOD, RANGE, VERB, WITHIN, N, date_, md
from deadlines.core.kinds import Schedule
from deadlines.core.schedules import Ban, BeforeExpiry, InForce, Relative
from deadlines.core.triggered import BeforeWindow, ByExpiry, Dated, Minimum, NamedWindow, NextMonth


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


_CHECKS = r"(?:复审|复核|复查|评估|审查|检验|检查|检测|评价|考核)"
_NAMES = r"公开征求意见|征求意见|公示|公告|异议|整改|过渡|试用|观察|考察|培育|评议"
_SUFFIX = r"(?:\(工作日\))?"

_FORMS: list[Form] = [
    Form("sunset", re.compile(rf"(?:自?{date_('b')}起{VERB}?,?)?有效期(?:至|到){date_('e')}止?"), sunset),
    Form("sunset", re.compile(rf"自{date_('b')}起{VERB},?有效期(?:为)?(?P<n>{PERIOD})"), sunset_term),
    Form("in-force", re.compile(rf"自?{date_('b')}起{VERB}"), lambda g, t: InForce(date_of(g, "b", t))),
    Form(
        "in-force",
        re.compile(
            rf"自(?P<event>{EVENT})之日起(?:(?P<delay>{PERIOD})后)?(?P<verb>施行|实施|执行|生效)"
            rf"(?:,?有效期(?:为)?(?P<term>{PERIOD}))?"
        ),
        effective,
        event=True,
    ),
    Form(
        "validity",
        re.compile(
            rf"有效期(?:一般)?(?:为|是)?(?P<n>{PERIOD})(?:[,;]?(?:有效期)?(?:届满|到期|期满)前(?P<lead>{PERIOD})(?P<win>{WITHIN})?)?"
            rf"(?:,?自(?:发布|公告|公布|认定|发证|颁发|批准)之日起计算)?"
        ),
        validity,
    ),
    Form(
        "cycle",
        re.compile(
            rf"(?P<name>(?:复审|复核|复查|评审|评估|审查|检查)?周期)(?:一般)?(?:不超过|不得超过|为|最长为|最长)?(?P<n>{PERIOD})"
        ),
        review,
    ),
    Form("cycle", re.compile(rf"(?P<name>每届任期|任期)(?:一般)?(?:为|是)?(?P<n>{PERIOD})"), review),
    Form(
        "cycle",
        re.compile(rf"每(?P<n>{PERIOD}){_CHECKS}(?:[一1]次)?"),
        lambda g, t: Review(period(g)),
    ),
    Form("cycle", re.compile(rf"每(?P<n>{PERIOD})一次"), lambda g, t: Review(period(g), "")),
    Form("cycle", re.compile(rf"每(?P<unit>年|季度|半年|月){_CHECKS}?[一1]次"), every_one),
    Form(
        "ban",
        re.compile(
            rf"(?:自(?P<event>{EVENT})之日起,?(?P<who0>[^,;。]{{0,12}}?))?"
            rf"(?P<n>{PERIOD}){WITHIN}(?P<who>[^,;。不]{{0,20}})不得(?P<what>[^,;。]+)"
        ),
        lambda g, t: Ban(period(g), g["what"] or "", event_name(g)),
        event=True,
        words=("who0", "who", "what"),
    ),
    Form(
        "before-window",
        re.compile(rf"(?:期限|有效期)?(?P<word>届满|到期|期满)前的?(?P<n>{PERIOD}){WITHIN}"),
        lambda g, t: BeforeWindow(period(g), g["word"] or "期满"),
    ),
    Form(
        "before-window",
        re.compile(
            rf"(?:期限|有效期)?(?P<word>届满|到期|期满)前(?P<far>{PERIOD}){RANGE}(?P<n>{PERIOD})(?:期间|之间|内)"
        ),
        lambda g, t: BeforeWindow(period(g, "far"), g["word"] or "期满", period(g)),
    ),
    Form(
        "by-expiry",
        re.compile(rf"(?:期限|有效期)?(?P<word>届满|到期|期满)前(?![的至{DIGIT}半])"),
        lambda g, t: ByExpiry(g["word"] or "届满"),
    ),
    Form(
        "next-month",
        re.compile(rf"(?P<event>{EVENT})(?:之日)?(?:以后|之后|后)?的次月(?P<d>{N})[日号](?:{BEFORE}|{WITHIN})?"),
        lambda g, t: NextMonth(day_of_month(g, t), event_name(g)),
        event=True,
    ),
    Form(
        "before",
        re.compile(rf"(?:期限|有效期)?(?P<anchor>届满|到期|期满|截止)?(?P<n>{PERIOD}){BEFORE}"),
        lambda g, t: BeforeExpiry(period(g), "", g.get("anchor") or ""),  # type: ignore[arg-type]
    ),
    Form(
        "before",
        re.compile(rf"(?:期限|有效期)?(?P<anchor>届满|到期|期满|截止)前(?:至少)?(?P<n>{PERIOD})(?!{WITHIN})"),
        lambda g, t: BeforeExpiry(period(g), "", g.get("anchor") or "届满"),  # type: ignore[arg-type]
    ),
    Form(
        "ahead",
        re.compile(rf"(?P<least>至少)?提前(?P<n>{PERIOD})"),
        lambda g, t: BeforeExpiry(period(g), "至少提前" if g.get("least") else "提前", ""),
    ),
    Form(
        "annual-window",
        re.compile(
            rf"(?P<pre>每年|次年|第二年)度?的?{md('s')}{RANGE}(?P<ey2>次年|第二年)?(?:(?P<em>{N})月)?(?P<ed>{N})[日号]"
            rf"(?:{BEFORE}|止|{WITHIN}|期间)?"
        ),
        annual_window,
    ),
    Form("annual", re.compile(rf"(?P<pre>每年|次年|第二年)度?的?{md('e')}(?:{BEFORE}|止)?"), annual),
    Form(
        "annual-month-end",
        re.compile(rf"(?P<pre>每年|次年|第二年)度?(?:(?P<em>{N})月|年)(?:底|末){BEFORE}?"),
        annual_month_end,
    ),
    Form("quarter", re.compile(r"(?P<pre>每年|次年)(?:第)?(?P<q>[一二三四1-4])季度"), quarter),
    Form("quarter", re.compile(r"每(?:个)?季度"), quarter),
    Form("month", re.compile(rf"(?P<pre>每年|次年)(?P<m>{N})月份?"), month_span),
    Form("month", re.compile(r"每(?:个)?月"), month_span),
    Form("half", re.compile(r"(?P<pre>每年|次年)?(?P<h>上|下)半年"), half),
    Form("half", re.compile(r"每半年(?:一次)?"), half),
    Form("part", re.compile(rf"(?P<pre>每年|次年|第二年)?(?P<m>{N})月(?P<p>上|中|下)旬"), part),
    Form("part", re.compile(r"每(?:个)?月(?P<p>上|中|下)旬"), part),
    Form("monthly", re.compile(rf"(?P<pre>每月|次月|下月|月后)的?(?P<d>{N})[日号](?:{BEFORE}|止|{WITHIN})?"), monthly),
    Form(
        "monthly",
        re.compile(rf"(?P<pre>每月|次月|下月)的?第(?P<d>{N})(?P<wd>个工作日)(?:结束)?(?:{BEFORE}|{WITHIN})?"),
        monthly,
    ),
    Form(
        "after-span",
        re.compile(
            rf"(?:每个?)?(?P<u>月份?|月度|季度?|半年度?|年度|年)(?:结束|终了|期满)(?:之日)?(?:后|起)(?P<n>{PERIOD}){WITHIN}?"
        ),
        after_span,
    ),
    Form("year-end", re.compile(rf"(?P<y>{N})年(?:底|年底|末|年末){BEFORE}?"), fixed_year_end),
    Form("month-end", re.compile(rf"(?P<y>{N})年(?P<m>{N})月(?P<end>底|末){BEFORE}?"), fixed_month),
    Form("month-window", re.compile(rf"(?P<y>{N})年(?P<m>{N})月份?(?![{DIGIT}日号底末])"), fixed_month),
    Form(
        "fixed-window",
        re.compile(
            rf"{date_('s')}{RANGE}(?:(?:(?:(?P<ey>{N})年)?(?P<em>{N})月)?(?P<ed>{N})[日号]|{date_('f')})(?:{BEFORE}|止)?"
        ),
        fixed_window,
    ),
    Form("fixed", re.compile(rf"{date_('e')}(?:{BEFORE}|止)?"), fixed),
    Form(
        "dated",
        re.compile(rf"自{date_('s')}起(?P<n>{PERIOD}){WITHIN}{_SUFFIX}"),
        lambda g, t: Dated(date_of(g, "s", t), period(g)),
    ),
    Form(
        "maximum",
        re.compile(
            rf"(?:(?:自|从)(?P<event>{EVENT})(?:之日)?起)?(?:期限)?(?:一般|最长)?不得?超过(?P<n>{PERIOD}){_SUFFIX}"
        ),
        lambda g, t: Relative(period(g), event_name(g), "max"),
        event=True,
    ),
    Form(
        "minimum",
        re.compile(rf"(?P<name>{_NAMES})?(?:的)?(?:期限|期)?\(?(?:一般|原则上)?(?:应)?不[少短]于(?P<n>{PERIOD})\)?"),
        lambda g, t: Minimum(period(g), g.get("name") or ""),
    ),
    Form(
        "named-window",
        re.compile(rf"(?P<name>(?:{_NAMES})的?(?:期限|期))(?:一般)?(?:为|是)?(?P<n>{PERIOD})"),
        lambda g, t: NamedWindow(g["name"] or "", period(g)),
    ),
    Form(
        "relative",
        re.compile(
            rf"(?:自|从|在|于)?(?P<event>{EVENT})(?:之日|当日)?(?:以后|之后|后|起)的?(?P<n>{PERIOD}){WITHIN}?{_SUFFIX}"
        ),
        lambda g, t: Relative(period(g), event_name(g)),
        event=True,
    ),
    Form("period", re.compile(rf"(?P<n>{PERIOD}){WITHIN}?{_SUFFIX}"), lambda g, t: Relative(period(g))),
]
FORMS: tuple[Form, ...] = tuple(_FORMS)
