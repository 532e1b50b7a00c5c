"""Refusing a rule text precisely: quote the fragment not read, and propose a form that is.

Suggestions are built from the user's own numbers and units (「二十日」 →
「受理之日起20日内」, 「7月10日前」 → 「每年7月10日前」) and offered only when
the grammar reads them, so a refusal never proposes another refusal.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from deadlines.core.errors import ExpressionError
from deadlines.core.grammar.lexicon import DIGIT, UNIT, N
from deadlines.core.textnorm import parse_number

_EXAMPLES = (
    "每年4月30日前、每年12月1日至12月15日、次月15日前、每季度结束后15日内、受理之日起20个工作日内、"
    "30日、期满前6个月内、有效期3年、复审周期不超过5年、2026年10月8日前"
)
_NO_YEAR = re.compile(rf"(?<![{DIGIT}年])(?P<m>{N})月(?:(?P<d>{N})[日号]|(?P<end>底|末))")
_PERIOD = re.compile(rf"(?P<n>{N})(?P<u>{UNIT})")


def _clean(unit: str) -> str:
    return {"天": "日", "工作日": "个工作日", "自然日": "日", "个自然日": "日", "星期": "周", "个星期": "周"}.get(
        unit, unit
    )


def candidates(norm: str) -> list[str]:
    """Rule texts close to `norm`, built from its numbers (unchecked)."""
    out: list[str] = []
    no_year = _NO_YEAR.search(norm)
    if no_year:
        m = parse_number(no_year.group("m"))
        if no_year.group("end"):
            out.append(f"每年{m}月底前")
        else:
            out.append(f"每年{m}月{parse_number(no_year.group('d'))}日前")
    for found in _PERIOD.finditer(norm):
        n, unit = parse_number(found.group("n")), _clean(found.group("u"))
        if unit == "年" and n > 1900:
            continue
        p = f"{n}{unit}"
        if "季" in norm:
            out.append(f"每季度结束后{p}内")
        if "年度" in norm:
            out.append(f"每年度结束后{p}内")
        if "月" in norm and unit != "个月":
            out.append(f"每月结束后{p}内")
        if re.search("届满|期满|到期", norm):
            out += [f"期满前{p}内", f"期限届满{p}前"]
        if "提前" in norm:
            out.append(f"提前{p}")
        event = re.search(r"(?:自|从|于)(?P<e>[\u4e00-\u9fff]{1,12}?)(?:之日|后|起)", norm)
        if event:
            out.append(f"{event.group('e')}之日起{p}内")
        out += [f"{p}内", f"{p}"]
        break
    return out


def _quote(fragment: str, text: str) -> str:
    return fragment if fragment and fragment != text else text


def unread(text: str, fragment: str, norm: str, accepts: Callable[[str], bool]) -> ExpressionError:
    """The rule cannot be read: name the fragment and propose up to two forms that can."""
    suggestions = [c for c in dict.fromkeys(candidates(fragment or norm)) if accepts(c)][:2]
    frag = _quote(fragment, text)
    missing_year = _no_year(text, fragment or norm, norm)
    if missing_year is not None:
        return missing_year
    if suggestions:
        zh = "、".join(f"「{s}」" for s in suggestions)
        return ExpressionError(
            f"无法读取规则「{text}」中的「{frag}」。可改写为 {zh}（其余写法见 deadlines rule --help）。",
            f"cannot read {frag!r} in the rule {text!r}. Write e.g. {', '.join(suggestions)} "
            "(more forms: deadlines rule --help).",
        )
    return ExpressionError(
        f"无法读取规则「{text}」中的「{frag}」。可用的写法如：{_EXAMPLES}（见 deadlines rule --help）。",
        f"cannot read {frag!r} in the rule {text!r}. Forms that work: 每年4月30日前, 每季度结束后15日内, "
        "受理之日起20个工作日内, 30日, 期满前6个月内, 有效期3年, 2026-10-08, '30 days', "
        "'10 working days after training end' (see deadlines rule --help).",
    )


def _no_year(text: str, fragment: str, norm: str) -> ExpressionError | None:
    """A month and day with no year (「7月10日前」「11月底前」): say so, and propose 每年… or a year."""
    found = _NO_YEAR.search(fragment)
    if found is None or re.search(rf"{N}年|每年|次年", norm):
        return None
    md = found.group()
    one = candidates(md + "前")[0]
    return ExpressionError(
        f"规则「{text}」中的「{md}」只有月日，没有年份：每年一次请写「{one}」，只此一次请写明年份（如「2027年{md}前」）。",
        f"the rule {text!r} has {md!r}, a month and day with no year: write {one!r} for every year, "
        f"or give the year (e.g. '2027年{md}前').",
    )


def left_over(text: str, fragment: str, word: str, read: str, canonical: str) -> ExpressionError:
    """A time word outside the expression read: refuse rather than drop it."""
    missing_year = _no_year(text, fragment, fragment)
    if missing_year is not None:
        return missing_year
    return ExpressionError(
        f"规则「{text}」中的「{fragment}」含有时间词「{word}」，未能与「{read}」一并读入：一条规则只写一个期限，"
        f"如「{canonical}」；其余请另建一项义务。",
        f"in the rule {text!r}, {fragment!r} has the time word {word!r}, which could not be read together with "
        f"{read!r}: write one deadline per rule, e.g. {canonical!r}, and add the rest as another obligation.",
    )


def bad_event(text: str, event: str, word: str) -> ExpressionError:
    """An event name with a time word in it (「每年培训结束后」): refuse, naming the word."""
    return ExpressionError(
        f"规则「{text}」的起算事件「{event}」中含有时间词「{word}」，无法确定从哪一日起算：请只写事件名，如「培训结束后10个工作日内」。",
        f"the rule {text!r} counts from {event!r}, which has the time word {word!r}: name only the event, "
        "e.g. 培训结束后10个工作日内.",
    )
