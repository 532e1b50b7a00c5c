"""Rule text → schedule: read completely, or refuse precisely.

A clause as the document writes it (「应在每年4月30日前通过培育平台更新企业信息」,
「于受理之日起10个工作日内作出决定」) is normalised (`textnorm`), its one time
expression is found by the grammar (`grammar.forms`: the longest match of any
form), and the words around it are kept as the description. Nothing with time
meaning is ever dropped: a time word left outside the expression, or inside
the name of the trigger event, refuses the rule with that fragment quoted and
a form that would be read (`grammar.refusals`) — unless its clause only points
back at the anchor (`grammar.references`), which the reading then notes. A
trailing 「（工作日）」 marks a statute whose 日 are working days (行政许可法第八十二条).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import lru_cache

from deadlines.core.errors import DeadlinesError, ExpressionError
from deadlines.core.grammar.english import read_english
from deadlines.core.grammar.forms import FORMS, Form
from deadlines.core.grammar.lexicon import (
    BOUNDARY_AFTER,
    BOUNDARY_BEFORE,
    DIGIT,
    LEAD_WORDS,
    QUALIFIERS,
    SPLIT_BEFORE,
    SPLIT_START,
    event_problem,
    time_words,
)
from deadlines.core.grammar.reading import Reading
from deadlines.core.grammar.references import reference
from deadlines.core.grammar.refusals import bad_event, left_over, unread
from deadlines.core.i18n import Text
from deadlines.core.kinds import Schedule
from deadlines.core.periods import Period
from deadlines.core.recurring import Annual, Monthly
from deadlines.core.schedules import Ban, FixedDate
from deadlines.core.textnorm import normalize

__all__ = ["Reading", "parse_rule", "read_rule"]

_STATUTE = "(工作日)"
_STATUTE_NOTE = Text(
    "「（工作日）」：本规则的「日」依法按工作日计算（行政许可法第八十二条）。",
    "(工作日): this rule's days are working days by statute (Administrative Licensing Law art. 82).",
)
_SPACED_DASH = re.compile(r"(?<=\d) ?- ?(?=\d)")
"""「2022 - 8 - 29」 as some documents space it."""
_EVENT_MARK = re.compile(r"^(?P<pre>.*(?:自|从|于|在))(?P<event>[^自从于在]+)$")


def parse_rule(text: str) -> Schedule:
    """The schedule a rule text describes, or an ExpressionError quoting what could not be read."""
    return read_rule(text).schedule


@lru_cache(maxsize=4096)
def read_rule(text: str) -> Reading:
    """How a rule text reads: its schedule, the expression, the words kept, the qualifiers."""
    norm = _SPACED_DASH.sub("-", normalize(text)).strip().rstrip("。.；;,， ")
    try:
        if norm and not re.search(r"[\u3400-\u9fff]", norm):
            found = read_english(text, norm.lower())
            if found is not None:
                return Reading(text, found[1], found[0], norm)
            if re.search(r"[A-Za-z]", norm):
                raise unread(text, norm, norm, _accepts)
        return _read_chinese(text, norm)
    except ExpressionError:
        raise
    except DeadlinesError as e:
        raise ExpressionError(f"规则「{text}」中：{e.text.zh}", f"in the rule {text!r}: {e.text.en}") from None
    except ValueError:  # a number no rule can mean (parse_number refuses over 9 digits)
        raise ExpressionError(
            f"规则「{text}」中的数字过大，无法作为日期或期间：请检查数字。",
            f"the rule {text!r} has a number too large for a date or a period: check the numbers.",
        ) from None


def _accepts(candidate: str) -> bool:
    try:
        read_rule(candidate)
    except ExpressionError:
        return False
    return True


@dataclass(frozen=True)
class _Match:
    """A form's match, with an event name split from the words before it (「用人单位应当自」「用工」)."""

    form: Form
    start: int
    end: int
    groups: dict[str, str | None]
    bad_word: str | None = None
    """A time word inside the event name: this match cannot be the reading."""


def _matches(norm: str) -> list[_Match]:
    """Every match of every form, longest first (the first form listed wins a tie)."""
    found: list[tuple[int, int, _Match]] = []
    for order, form in enumerate(FORMS):
        for m in form.pattern.finditer(norm):
            groups, start, bad = dict(m.groupdict()), m.start(), None
            if form.event and groups.get("event"):
                split = _EVENT_MARK.match(groups["event"] or "")
                if split is not None:
                    groups["event"] = split.group("event")
                    start = m.start("event") + len(split.group("pre"))
                bad = event_problem((groups["event"] or "").strip())
            for name in form.words:
                found_words = time_words(groups.get(name) or "")
                bad = bad or (found_words[0][1] if found_words else None)
            found.append((-(m.end() - start), order, _Match(form, start, m.end(), groups, bad)))
    return [match for _, _, match in sorted(found, key=lambda t: (t[0], t[1]))]


def _clause(text: str, pos: int) -> str:
    """The clause of `text` around position `pos` (between punctuation marks)."""
    start = max(text.rfind(c, 0, pos) for c in ",;:") + 1
    ends = [i for i in (text.find(c, pos) for c in ",;:") if i >= 0]
    return text[start : min(ends) if ends else len(text)]


def _trim_prefix(prefix: str) -> tuple[str, list[Text]]:
    """Drop the duty words (应当, 在, 于) and read the qualifiers (最迟, 一般) just before the expression."""
    notes: list[Text] = []
    changed = True
    while changed and prefix:
        changed = False
        for word in (*QUALIFIERS, *LEAD_WORDS):
            if prefix.endswith(word):
                prefix = prefix[: -len(word)]
                if word in QUALIFIERS:
                    notes.append(Text(*QUALIFIERS[word]))
                changed = True
                break
    return prefix, notes[::-1]


def _read_chinese(text: str, norm: str) -> Reading:
    statute = norm.endswith(_STATUTE) and not norm.endswith(f"日{_STATUTE}")
    body = norm.removesuffix(_STATUTE) if statute else norm
    matches = _matches(body)
    if not matches:
        found = time_words(body)
        raise unread(text, _clause(body, found[0][0]) if found else body, body, _accepts)
    clean = [m for m in matches if m.bad_word is None]
    if not clean:
        first = matches[0]
        if first.form.event:
            raise bad_event(text, (first.groups["event"] or "").strip(), first.bad_word or "")
        raise unread(text, _clause(body, first.start), body, _accepts)
    m = clean[0]
    form, groups = m.form, m.groups
    prefix, suffix, expression = body[: m.start], body[m.end :], body[m.start : m.end]
    schedule = form.build(groups, text)
    whole_prefix = prefix
    prefix, notes = _trim_prefix(prefix)
    notes = [Text(*QUALIFIERS[q]) for q in QUALIFIERS if q in expression] + notes + _end_notes(expression, schedule)
    if (
        re.search(rf"[{DIGIT}半]$", prefix)
        or re.match(rf"[{DIGIT}半]", suffix)
        or suffix.startswith(BOUNDARY_AFTER)
        or prefix.endswith(BOUNDARY_BEFORE)
        or (prefix.endswith(SPLIT_BEFORE) and re.match(rf"[{SPLIT_START}]", expression) is not None)
    ):
        raise unread(text, _clause(body, m.start), body, _accepts)
    for part, offset in ((whole_prefix, 0), (suffix, len(body) - len(suffix))):
        by_clause: dict[str, list[str]] = {}
        for p, w in time_words(part):
            if (w == "不得" and isinstance(schedule, Ban)) or (offset == 0 and p >= len(prefix)):
                continue  # the ban's own words; the qualifiers read (最迟, 一般, 截止时间为)
            by_clause.setdefault(_clause(body, offset + p), []).append(w)
        for clause, words in by_clause.items():
            note = reference(clause, words, schedule)
            if note is None:
                raise left_over(text, clause, words[0], expression, schedule.describe().zh)
            notes.append(note)
    if statute:
        schedule = _by_statute(schedule)
        notes.append(_STATUTE_NOTE)
    description = prefix + suffix.lstrip("的,")
    return Reading(text, schedule, form.name, expression, description, tuple(notes))


_ON_OR_BEFORE = Text("「前」：按通知惯例含当日。", "'前' (before): the day itself included, as filing notices mean it.")
_THROUGH = Text("「止」：含当日。", "'止' (until): the day itself included.")
_WITHIN = Text(
    "「内」：含本数（民法典第一千二百五十九条）。", "'内' (within): the number included (Civil Code art. 1259)."
)


_NEXT_YEAR_END = Text("「至次年」：窗口的结束日写明在次年。", "'至次年': the window's end is written in the next year.")
_NEXT_YEAR_RE = re.compile(r"(?:至|到|-)(?:次年|第二年)")


def _end_notes(expression: str, schedule: Schedule) -> list[Text]:
    """How the words closing the expression were read (前, 止, 内, 至次年): which days it includes."""
    if _NEXT_YEAR_RE.search(expression):
        return [_NEXT_YEAR_END, *_end_notes(_NEXT_YEAR_RE.sub("至", expression), schedule)]
    end = expression.removesuffix(_STATUTE)
    if end.endswith("前") and isinstance(schedule, (FixedDate, Annual, Monthly)):
        return [_ON_OR_BEFORE]
    if end.endswith("止"):
        return [_THROUGH]
    if end.endswith("内"):
        return [_WITHIN]
    return []


def _by_statute(schedule: Schedule) -> Schedule:
    """Every period in 日 counted as working days, as 行政许可法第八十二条 says."""
    assert is_dataclass(schedule)
    changes = {}
    for f in fields(schedule):
        value = getattr(schedule, f.name)
        if isinstance(value, Period) and value.unit == "day":
            changes[f.name] = replace(value, unit="workday", by_statute=True)
    return replace(schedule, **changes)  # type: ignore[type-var, arg-type]
