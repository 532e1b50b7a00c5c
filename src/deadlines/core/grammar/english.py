"""English rule texts: a small anchored grammar ("every year Dec 1 - Dec 15", "10 working days after training end").

English is for users who type it; documents are Chinese. A text is read
whole or not at all (no words around it), and a plain date falls back to
dateparser only when it names a year, so "30 days" is never "30 days ago".
"""

from __future__ import annotations

import re
from datetime import date

from deadlines.core.cycles import Review, Validity
from deadlines.core.dates import make_date
from deadlines.core.errors import ExpressionError
from deadlines.core.kinds import Schedule
from deadlines.core.parse import parse_period
from deadlines.core.recurring import Annual
from deadlines.core.schedules import Ban, BeforeExpiry, FixedDate, Relative, Sunset

_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
_MD = r"(?P<{p}mon>[a-z]{{3}})[a-z]*\.? (?P<{p}d>\d{{1,2}})"
_PERIOD = r"\d+ (?:working |business |calendar )?(?:day|week|month|year)s?"
_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("annual-window", re.compile(rf"^every year {_MD.format(p='s')} ?(?:-|to|until) ?{_MD.format(p='e')}$")),
    ("annual", re.compile(rf"^every year (?:by|before) {_MD.format(p='e')}$")),
    ("relative", re.compile(rf"^(?:within )?(?P<n>{_PERIOD}) (?:after|from) (?P<event>.+)$")),
    ("period", re.compile(rf"^(?:within )?(?P<n>{_PERIOD})$")),
    ("validity", re.compile(rf"^valid(?: for)? (?P<n>{_PERIOD})$")),
    ("cycle", re.compile(rf"^review every (?P<n>{_PERIOD})$")),
    ("before", re.compile(rf"^(?P<n>{_PERIOD}) before (?:expiry|the deadline|expiration)$")),
    ("ban", re.compile(rf"^no (?P<what>.+) for (?P<n>{_PERIOD})$")),
    ("sunset", re.compile(r"^(?:valid |in force )?until (?P<e>\d{4}-\d{2}-\d{2})$")),
]


def _md(m: re.Match[str], p: str, text: str) -> tuple[int, int]:
    month = _MONTHS.get(m.group(f"{p}mon"))
    day = int(m.group(f"{p}d"))
    if month is None:
        raise ExpressionError(f"规则「{text}」中的月份无法识别。", f"the rule {text!r} names no month I know.")
    make_date(2024, month, day, text)
    return month, day


def read_english(text: str, lower: str) -> tuple[str, Schedule] | None:
    """(form name, schedule) for an English rule text, or None when no form matches."""
    for name, pattern in _FORMS:
        m = pattern.match(lower)
        if m is None:
            continue
        g = m.groupdict()
        if name in ("annual", "annual-window"):
            return name, Annual(_md(m, "e", text), _md(m, "s", text) if g.get("smon") else None)
        if name == "relative":
            return name, Relative(parse_period(g["n"]), g["event"])
        if name == "period":
            return name, Relative(parse_period(g["n"]))
        if name == "validity":
            return name, Validity(parse_period(g["n"]))
        if name == "cycle":
            return name, Review(parse_period(g["n"]))
        if name == "before":
            return name, BeforeExpiry(parse_period(g["n"]), "", "届满")
        if name == "ban":
            return name, Ban(parse_period(g["n"]), g["what"])
        y, mo, d = (int(x) for x in g["e"].split("-"))
        return name, Sunset(make_date(y, mo, d, text))
    fallback = _dateparser_date(text)
    return ("fixed", FixedDate(fallback)) if fallback is not None else None


def _dateparser_date(text: str) -> date | None:
    """A plain date in a form our grammar lacks ("December 15, 2026"), read strictly.

    Only a text that names a year is tried: dateparser reads "30 days" as 30
    days ago. With zh/en only, strict parsing and all three parts required,
    it returns None instead of guessing, and we check it read a whole day.
    """
    if not re.search(r"\b(?:19|20)\d\d\b", text) or not re.search(r"[A-Za-z]", text):
        return None
    if re.search(r"\b(?:ago|days?|weeks?|months?|years?|before|after|within|next|last)\b", text, re.I):
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
