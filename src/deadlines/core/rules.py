"""Rule text → schedule: the Chinese (and English) forms the documents use.

Our own grammar comes first: one regular expression per form, over text that
`textnorm` has normalised (full-width digits, traditional characters, spaces
inside dates, Chinese numerals). dateparser is only a fallback for a plain
date, with strict settings. A text nothing understands is an ExpressionError
that quotes it — never a guess. A month and day without a year or 「每年」
(「12月15日前」) is refused for the same reason: it could be any year.
"""

from __future__ import annotations

import calendar as _stdcal
import re
from datetime import date, timedelta
from functools import lru_cache

from deadlines.core.dates import add_months, make_date
from deadlines.core.errors import DeadlinesError, ExpressionError
from deadlines.core.parse import parse_period
from deadlines.core.periods import Period
from deadlines.core.schedules import (
    Annual,
    Ban,
    BeforeExpiry,
    FixedDate,
    InForce,
    Relative,
    Review,
    Schedule,
    Span,
    Sunset,
    Validity,
)
from deadlines.core.textnorm import NUMBER, normalize, parse_number

N = NUMBER
YMD = rf"(?P<{{p}}y>{N})年(?P<{{p}}m>{N})月(?P<{{p}}d>{N})[日号]"
MD = rf"(?P<{{p}}m>{N})月(?P<{{p}}d>{N})[日号]"
RANGE = r"(?:至|到|-|~)"
BEFORE = r"(?:前|之前|以前|止|截止)?"
PERIOD = rf"{N}(?:个工作日|工作日|个自然日|自然日|日|天|个月|年|周)"


def _ymd(p: str) -> str:
    return YMD.format(p=p)


def _md(p: str) -> str:
    return MD.format(p=p)


def _date(m: re.Match[str], p: str, text: str, year: int | None = None) -> date:
    y = year if year is not None else parse_number(m.group(f"{p}y"))
    return make_date(y, parse_number(m.group(f"{p}m")), parse_number(m.group(f"{p}d")), text)


def _yearly(month: int, day: int, text: str) -> tuple[int, int]:
    """A month and day valid in some year (2月29日 is; 2月30日 is not)."""
    if not 1 <= month <= 12 or not 1 <= day <= _stdcal.monthrange(2024, month)[1]:
        raise ExpressionError(
            f"规则「{text}」中的 {month}月{day}日 不存在。请检查日期。",
            f"the rule {text!r} names {month:02d}-{day:02d}, which does not exist. Check the date.",
        )
    return month, day


def _md_pair(m: re.Match[str], p: str, text: str) -> tuple[int, int]:
    return _yearly(parse_number(m.group(f"{p}m")), parse_number(m.group(f"{p}d")), text)


_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("sunset", re.compile(rf"^(?:自{_ymd('b')}起(?:施行|实施|执行|生效)?,?)?有效期(?:至|到){_ymd('e')}(?:止)?$")),
    ("in-force", re.compile(rf"^自?{_ymd('b')}起(?:施行|实施|执行|生效)$")),
    (
        "validity",
        re.compile(
            rf"^有效期(?:为)?(?P<n>{PERIOD})(?:[,;](?:有效期)?(?:届满|到期|期满)前(?P<lead>{PERIOD})(?:内)?(?:申请|提出|办理|复核|复审|换证|申报|重新认定|续期)?.*)?$"
        ),
    ),
    ("review", re.compile(rf"^(?:复审|复核|复查|评审)周期(?:一般)?(?:不超过|不得超过|为|最长)?(?P<n>{PERIOD})$")),
    ("review", re.compile(rf"^每(?P<n>{PERIOD})(?:复审|复核|复查|评估|审查)(?:一次)?$")),
    ("ban", re.compile(rf"^(?P<n>{PERIOD})内不得(?P<what>.+)$")),
    ("before", re.compile(rf"^(?:期限|有效期)?(?:届满|到期|期满|截止)?(?P<n>{PERIOD})(?:前|之前|以前)$")),
    (
        "before",
        re.compile(rf"^(?:期限|有效期)?(?:届满|到期|期满|截止)前(?P<n>{PERIOD})(?:内)?(?:申请|提出|办理|报送)?$"),
    ),
    ("annual", re.compile(rf"^(?P<pre>每年|次年|第二年){_md('s')}{RANGE}(?:(?P<em>{N})月)?(?P<ed>{N})[日号]{BEFORE}$")),
    ("annual", re.compile(rf"^(?P<pre>每年|次年|第二年){_md('e')}{BEFORE}$")),
    ("quarter", re.compile(r"^(?P<pre>每年|次年)(?:第)?(?P<q>[一二三四1-4])季度$")),
    ("quarter", re.compile(r"^每(?:个)?季度$")),
    ("month", re.compile(rf"^(?P<pre>每年|次年)(?P<m>{N})月份?$")),
    ("month", re.compile(r"^每(?:个)?月$")),
    ("half", re.compile(r"^(?P<pre>每年|次年)?(?P<h>上|下)半年$")),
    ("part", re.compile(rf"^(?P<pre>每年|次年|第二年)?(?P<m>{N})月(?P<p>上|中|下)旬$")),
    ("part", re.compile(r"^每(?:个)?月(?P<p>上|中|下)旬$")),
    ("year-end", re.compile(rf"^(?P<y>{N})年(?:底|年底|末|年末){BEFORE}$")),
    ("month-end", re.compile(rf"^(?P<y>{N})年(?P<m>{N})月(?:底|末){BEFORE}$")),
    ("fixed-window", re.compile(rf"^{_ymd('s')}{RANGE}(?:(?:(?P<ey>{N})年)?(?P<em>{N})月)?(?P<ed>{N})[日号]{BEFORE}$")),
    ("fixed", re.compile(rf"^{_ymd('e')}{BEFORE}$")),
    ("iso", re.compile(r"^(?P<d>\d{4}-\d{2}-\d{2})(?:前|之前|以前)?$")),
    (
        "relative",
        re.compile(
            rf"^(?:自|从|在|于)?(?P<event>.*?)(?:之日|当日)?(?:后|起|以后|之后)(?P<n>{PERIOD})(?:内|以内|之内)?$"
        ),
    ),
    ("relative", re.compile(rf"^(?P<n>{PERIOD})(?:内|以内|之内)$")),
]

_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
_EN_MD = r"(?P<{p}mon>[a-z]{{3}})[a-z]*\.? (?P<{p}d>\d{{1,2}})"
_EN_PERIOD = r"\d+ (?:working |business |calendar )?(?:day|week|month|year)s?"
_EN_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("annual", re.compile(rf"^every year {_EN_MD.format(p='s')} ?(?:-|to|until) ?{_EN_MD.format(p='e')}$")),
    ("annual", re.compile(rf"^every year (?:by|before) {_EN_MD.format(p='e')}$")),
    ("relative", re.compile(rf"^(?:within )?(?P<n>{_EN_PERIOD}) (?:after|from) (?P<event>.+)$")),
    ("validity", re.compile(rf"^valid(?: for)? (?P<n>{_EN_PERIOD})$")),
    ("review", re.compile(rf"^review every (?P<n>{_EN_PERIOD})$")),
    ("before", re.compile(rf"^(?P<n>{_EN_PERIOD}) before (?:expiry|the deadline|expiration)$")),
    ("ban", re.compile(rf"^no (?P<what>.+) for (?P<n>{_EN_PERIOD})$")),
    ("sunset", re.compile(r"^(?:valid |in force )?until (?P<e>\d{4}-\d{2}-\d{2})$")),
]


def _unknown(text: str) -> ExpressionError:
    return ExpressionError(
        f"无法识别规则「{text}」。可用的写法如：每年12月1日至12月15日、次年1月3日至1月8日、每年4月30日前、每年第一季度、"
        "每年3月份、上半年、次年1月下旬、培训结束后10个工作日内、有效期3年、复审周期不超过5年、期限届满60日前、"
        "有效期至2026年7月31日、自2022年8月1日起施行、3年内不得申报、2026年10月8日前（见 deadlines rule --help）。",
        f"cannot read the rule {text!r}. Forms that work: 每年12月1日至12月15日, 每年4月30日前, 培训结束后10个工作日内, "
        "有效期3年, 复审周期不超过5年, 期限届满60日前, 有效期至2026年7月31日, 3年内不得申报, 2026-10-08, "
        "'every year Dec 1 - Dec 15', '10 working days after training end' (see deadlines rule --help).",
    )


@lru_cache(maxsize=4096)
def parse_rule(text: str) -> Schedule:
    """The schedule a rule text describes, or an ExpressionError quoting the text."""
    norm = normalize(text).rstrip("。.；;")
    if not norm:
        raise _unknown(text)
    try:
        for kind, pattern in _FORMS:
            m = pattern.match(norm)
            if m is not None:
                return _build(kind, m, text)
        lower = norm.lower()
        for kind, pattern in _EN_FORMS:
            m = pattern.match(lower)
            if m is not None:
                return _build_en(kind, m, text)
    except DeadlinesError as e:
        if isinstance(e, ExpressionError):
            raise
        raise ExpressionError(f"规则「{text}」中：{e.text.zh}", f"in the rule {text!r}: {e.text.en}") from None
    except ValueError:  # a number no rule can mean (parse_number refuses over 9 digits)
        raise _unknown(text) from None
    if re.search(rf"^(?:{N})月(?:{N})[日号]", norm):
        raise ExpressionError(
            f"规则「{text}」只有月日，没有年份：请写「每年{norm}」或写明年份（如 2026年{norm}）。",
            f"the rule {text!r} has a month and day but no year: write 每年… for a yearly date, or give the year.",
        )
    fallback = _dateparser_date(text)
    if fallback is not None:
        return FixedDate(fallback)
    raise _unknown(text)


def _period(text: str, rule_text: str) -> Period:
    try:
        return parse_period(text)
    except ExpressionError:
        raise _unknown(rule_text) from None


def _offset(m: re.Match[str]) -> int:
    return 1 if (m.groupdict().get("pre") or "") in ("次年", "第二年") else 0


def _build(kind: str, m: re.Match[str], text: str) -> Schedule:
    g = m.groupdict()
    if kind == "sunset":
        begin = _date(m, "b", text) if g.get("by") else None
        return Sunset(_date(m, "e", text), begin)
    if kind == "in-force":
        return InForce(_date(m, "b", text))
    if kind == "validity":
        lead = _period(g["lead"], text) if g.get("lead") else None
        return Validity(_period(g["n"], text), lead)
    if kind == "review":
        return Review(_period(g["n"], text))
    if kind == "ban":
        return Ban(_period(g["n"], text), g["what"])
    if kind == "before":
        return BeforeExpiry(_period(g["n"], text))
    if kind == "annual":
        end_month = parse_number(g["em"]) if g.get("em") else None
        if g.get("sm"):
            start = _md_pair(m, "s", text)
            end = _yearly(end_month or start[0], parse_number(g["ed"]), text)
            return Annual(end, start, _offset(m))
        return Annual(_md_pair(m, "e", text), None, _offset(m))
    if kind == "quarter":
        q = g.get("q")
        return Span(
            "quarter",
            None if q is None else "一二三四".index(q) + 1 if q in "一二三四" else int(q),
            year_offset=_offset(m),
        )
    if kind == "month":
        month = parse_number(g["m"]) if g.get("m") else None
        if month is not None and not 1 <= month <= 12:
            raise _unknown(text)
        return Span("month", month, year_offset=_offset(m))
    if kind == "half":
        return Span("half", 1 if g["h"] == "上" else 2, year_offset=_offset(m))
    if kind == "part":
        month = parse_number(g["m"]) if g.get("m") else None
        if month is not None and not 1 <= month <= 12:
            raise _unknown(text)
        return Span("part", "上中下".index(g["p"]) + 1, month, _offset(m))
    if kind == "year-end":
        return FixedDate(make_date(parse_number(g["y"]), 12, 31, text))
    if kind == "month-end":
        y, mo = parse_number(g["y"]), parse_number(g["m"])
        return FixedDate(add_months(make_date(y, mo, 1, text), 1) - timedelta(days=1))
    if kind == "fixed-window":
        opens = _date(m, "s", text)
        year = parse_number(g["ey"]) if g.get("ey") else opens.year
        month = parse_number(g["em"]) if g.get("em") else opens.month
        due = make_date(year, month, parse_number(g["ed"]), text)
        if due < opens:
            raise ExpressionError(f"规则「{text}」的结束日早于开始日。", f"the rule {text!r} ends before it starts.")
        return FixedDate(due, opens)
    if kind == "fixed":
        return FixedDate(_date(m, "e", text))
    if kind == "iso":
        y, mo, d = (int(x) for x in g["d"].split("-"))
        return FixedDate(make_date(y, mo, d, text))
    if kind == "relative":
        return Relative(_period(g["n"], text), (g.get("event") or "").strip())
    raise AssertionError(kind)


def _en_md(m: re.Match[str], p: str, text: str) -> tuple[int, int]:
    month = _MONTHS.get(m.group(f"{p}mon"))
    if month is None:
        raise _unknown(text)
    return _yearly(month, int(m.group(f"{p}d")), text)


def _build_en(kind: str, m: re.Match[str], text: str) -> Schedule:
    g = m.groupdict()
    if kind == "annual":
        start = _en_md(m, "s", text) if g.get("smon") else None
        return Annual(_en_md(m, "e", text), start)
    if kind == "relative":
        return Relative(_period(g["n"], text), g["event"])
    if kind == "validity":
        return Validity(_period(g["n"], text))
    if kind == "review":
        return Review(_period(g["n"], text))
    if kind == "before":
        return BeforeExpiry(_period(g["n"], text))
    if kind == "ban":
        return Ban(_period(g["n"], text), g["what"])
    if kind == "sunset":
        y, mo, d = (int(x) for x in g["e"].split("-"))
        return Sunset(make_date(y, mo, d, text))
    raise AssertionError(kind)


def _dateparser_date(text: str) -> date | None:
    """A plain date in a form our grammar lacks ("December 15, 2026"), read strictly.

    dateparser in auto-detect reads 「10月8日」 as 2010-08-21; with zh/en only,
    strict parsing and all three parts required, it returns None instead of
    guessing, and we check that it really read a day, a month and a year.
    """
    if not re.search(r"\d", text) or not re.search(r"[A-Za-z]", text):
        return None
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en", "zh"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"},
    )
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None or data.period != "day":
        return None
    return data.date_obj.date()
