"""Properties of the rule grammar.

1. Nothing is silently dropped: inserting a time word (the list in issue #10) anywhere into an
   accepted text either refuses it or changes what was read (the schedule or the qualifiers
   noted). The only exception is an insertion that forms an ordinary word (内容, 起草), which the
   lexicon says carries no time meaning.
2. Canonical form: every accepted text, rendered back (`describe()`), reads to the same schedule.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from deadlines.core.errors import ExpressionError
from deadlines.core.grammar.lexicon import time_words
from deadlines.core.rules import Reading, read_rule
from deadlines.core.textnorm import normalize

TIME_WORDS = (
    "每年", "每月", "每季度", "每半年", "次月", "次年", "前", "内", "后", "起", "止", "至",
    "届满", "期满", "提前", "不少于", "不超过", "一般", "最迟",
)  # fmt: skip

_CORPUS = tomllib.loads((Path(__file__).parent.parent / "data" / "rules" / "corpus.toml").read_text("utf-8"))


def _reads(text: str) -> Reading | None:
    try:
        return read_rule(text)
    except ExpressionError:
        return None


EXAMPLES = [
    "每年4月30日前",
    "每年12月1日至12月15日",
    "次年1月3日至1月8日",
    "每年6月底前",
    "每年年底前",
    "每年第一季度",
    "每年3月份",
    "每半年",
    "次年1月下旬",
    "每月15日前",
    "次月15日前",
    "月后18日前",
    "次月第5个工作日结束前",
    "每季度结束后15日内",
    "季度终了之日起15日内",
    "年度终了之日起五个月内",
    "次年三月一日至六月三十日内",
    "30日",
    "10个工作日",
    "3个月",
    "1年",
    "30 days",
    "within 30 days",
    "10 working days after training end",
    "受理之日起20个工作日内",
    "于受理之日起10个工作日内作出决定",
    "期满前六个月内",
    "届满前6个月内",
    "提前90日",
    "至少提前10个工作日",
    "期限届满60日前",
    "自2026年12月1日起30日内",
    "自公布之日起30日后施行，有效期三年",
    "自发布之日起执行",
    "自2018年12月1日起实施，有效期5年",
    "公示期为7个工作日",
    "评估周期为三年",
    "每届任期为4年",
    "每12个月一次",
    "征求意见期限一般不少于三十日",
    "期限一般不得超过二十四个月",
    "有效期3年，届满前6个月内申请",
    "證書有效期為三年",
    "2023年8月",
    "2023年7月20日至22日",
    "3年内不得申报",
    "自受理之日起二十日内（工作日）",
    "在该行政许可有效期届满前作出决定",
    "代扣税款后的次月十五日内",
    "有效期届满前12个月至6个月期间申请再注册",
    "自发现上述违法行为之日起，该项目单位五年内不得再次申请",
]
ACCEPTED = [t for t in dict.fromkeys(EXAMPLES + [p["text"] for p in _CORPUS["phrase"]]) if _reads(t) is not None]


def test_the_examples_are_all_read() -> None:
    assert [t for t in EXAMPLES if _reads(t) is None] == []


def _what_was_read(r: Reading) -> tuple[object, tuple[str, ...]]:
    return r.schedule, tuple(n.zh for n in r.notes)


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(ACCEPTED), st.sampled_from(TIME_WORDS), st.floats(min_value=0, max_value=1))
@example("每年4月30日前", "前", 1.0)
@example("复审周期不超过5年", "一般", 4 / 9)
@example("每季度结束后15日内", "每年", 0.0)
def test_inserting_a_time_word_never_goes_unnoticed(text: str, word: str, where: float) -> None:
    at = round(where * len(text))
    changed = text[:at] + word + text[at:]
    # Skip an insertion the lexicon reads as part of an ordinary word (国内, 起草, a 《title》).
    norm_at = len(normalize(text[:at]))
    found = time_words(normalize(changed))
    assume(any(norm_at <= pos < norm_at + len(word) or pos <= norm_at < pos + len(w) for pos, w in found))
    before = read_rule(text)
    after = _reads(changed)
    assert after is None or _what_was_read(after) != _what_was_read(before), (changed, after)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ACCEPTED))
def test_the_canonical_form_reads_back_to_the_same_schedule(text: str) -> None:
    schedule = read_rule(text).schedule
    canonical = schedule.describe().zh
    assert read_rule(canonical).schedule == schedule, canonical


_CN = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    """12 → 十二, 30 → 三十, 105 → 一百零五: how documents write counts."""
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    rest = n % 100
    tail = (
        ""
        if rest == 0
        else ("零" + _CN[rest])
        if rest < 10
        else _chinese(rest)
        if rest >= 20
        else "一" + _chinese(rest)
    )
    return _CN[n // 100] + "百" + tail


numbers = st.integers(min_value=1, max_value=120)
spelled = st.one_of(numbers.map(str), numbers.map(_chinese))
units = st.sampled_from(["日", "天", "个工作日", "个月", "年"])
months = st.integers(min_value=1, max_value=12)
days = st.integers(min_value=1, max_value=31)
TEMPLATES = [
    "每年{m}月{d}日前",
    "每年{m}月{d}日至{m2}月{d2}日",
    "次年{m}月{d}日至{m2}月{d2}日",
    "每年{m}月底前",
    "每年{m}月下旬",
    "每月{d}日前",
    "次月{d}日前",
    "次月第{k}个工作日结束前",
    "每季度结束后{n}{u}内",
    "年度终了之日起{n}{u}内",
    "{n}{u}",
    "{n}{u}内",
    "受理之日起{n}{u}内",
    "期满前{n}{u}内",
    "期限届满{n}{u}前",
    "提前{n}{u}",
    "至少提前{n}{u}",
    "自2026年{m}月{d}日起{n}{u}内",
    "有效期{n}{u}",
    "有效期{n}{u}，届满前{k}个月内申请",
    "复审周期不超过{n}{u}",
    "每{n}{u}一次",
    "公示期为{n}{u}",
    "征求意见期限一般不少于{n}{u}",
    "期限一般不得超过{n}{u}",
    "{n}{u}内不得申报",
    "自公布之日起{n}{u}后施行，有效期{k}年",
    "2026年{m}月{d}日前",
    "2026年{m}月",
]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(TEMPLATES),
    spelled,
    units,
    months,
    days,
    months,
    days,
    st.integers(min_value=1, max_value=12),
)
def test_generated_texts_round_trip(template: str, n: str, u: str, m: int, d: int, m2: int, d2: int, k: int) -> None:
    text = template.format(n=n, u=u, m=m, d=d, m2=m2, d2=d2, k=k)
    reading = _reads(text)
    assume(reading is not None)  # 2月30日 and friends are refused, rightly
    assert reading is not None
    canonical = reading.schedule.describe().zh
    assert read_rule(canonical).schedule == reading.schedule, (text, canonical)
