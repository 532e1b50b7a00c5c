"""The words of rule texts: regex fragments, and which words carry time meaning.

A rule text is read completely or refused. The grammar reads one time
expression; every other word is the document's own (the action, the
subject) and is kept as the description — unless it carries time meaning,
in which case the rule is refused with that word quoted. `time_words` is
the one test of that, used on what is left around the expression and on the
name of a trigger event.
"""

from __future__ import annotations

import re

from deadlines.core.textnorm import NUMBER

N = NUMBER
DIGIT = NUMBER[1:-2]
"""The characters of a number, for use inside a character class."""
UNIT = r"(?:日\(工作日\)|个工作日|工作日|个自然日|自然日|日|天|个月|年|周|个星期|星期)"
PERIOD = rf"(?:{N}|半){UNIT}"
WITHIN = r"(?:以内|之内|内)"
BEFORE = r"(?:之前|以前|前)"
VERB = r"(?:施行|实施|执行|生效)"
RANGE = r"(?:至|到|-)"


def date_(p: str) -> str:
    """A full date, Chinese (2026年12月1日, 二〇二二年十一月七日) or ISO (2026-12-01), groups prefixed `p`."""
    return rf"(?:(?P<{p}y>{N})年(?P<{p}m>{N})月(?P<{p}d>{N})[日号]|(?<![A-Za-z0-9.-])(?P<{p}iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})(?![A-Za-z0-9.-]))"


def md(p: str) -> str:
    """A month and day (4月30日), groups prefixed `p`."""
    return rf"(?P<{p}m>{N})月(?P<{p}d>{N})[日号]"


EVENT = r"[^,;:!?()\[\]。「」『』0-9]{1,30}?"
"""The name of a trigger event (受理, 培训结束, 收到申请): checked afterwards by `event_problem`."""

# Words that carry time meaning. A rule is refused when one is left outside
# the expression read (or hides in an event name).
_TIME_WORDS = (
    "每年", "每月", "每季", "每半年", "每周", "每日", "每天", "每届", "次月", "次年", "次日", "下月",
    "当年", "当月", "上年", "年终", "年初", "月初", "今年", "明年", "去年", "年度", "季度", "月份", "月底", "年底", "月末", "年末",
    "上旬", "中旬", "下旬", "工作日", "届满", "期满", "到期", "提前", "不少于", "不超过", "不得超过", "不迟于",
    "一般", "最迟", "最晚", "截止", "截至", "逾期", "限期", "期限", "周期", "有效期", "当日", "当天", "即日",
    "还剩", "剩余", "过去", "以来", "节假日", "假日", "假期", "休息日", "调休", "不得", "不准", "禁止",
    "大约", "大概", "左右", "约为", "至少", "前", "内", "后", "起", "止", "至", "半",
)  # fmt: skip
# 年度 as an adjective before a noun (年度企业所得税纳税申报表, 年度工作计划), not 年度终了 or 每年度.
_ANNUAL_NOUN = r"(?<![每上下本当次])年度(?=[\u4e00-\u9fff])(?![终结内前后底末的起止中次每])"
# Compounds in which those characters carry no time meaning.
_PLAIN_WORDS = (
    "内容", "内部", "国内", "境内", "省内", "市内", "区内", "县内", "行业内", "范围内", "体系内", "区域内",
    "前款", "前述", "前项", "前条", "前列", "前往", "前提", "后果", "后台", "起草", "发起", "提起", "起诉",
    "一起", "引起", "防止", "停止", "甚至", "以至", "乃至", "至关", "至于", "终止", "中止", "废止", "年度报告", "上一年度", "上年度",
)  # fmt: skip
_TIME_RE = re.compile(
    "|".join(
        [
            rf"{N}{UNIT}",
            rf"{N}月(?:{N}[日号])?",
            rf"{N}年",
            r"\d{4}-\d{1,2}-\d{1,2}",
            r"(?<!\d)(?:19|20)\d\d(?!\d)",
            r"(?:周|星期|礼拜)[一二三四五六日天]",
            r"(?i:\d+ ?(?:d|w|m|y|days?|weeks?|months?|years?)\b)",
        ]
        + [re.escape(w) for w in sorted(_TIME_WORDS, key=len, reverse=True)]
    )
)
_PLAIN_RE = re.compile("|".join([re.escape(w) for w in sorted(_PLAIN_WORDS, key=len, reverse=True)] + [_ANNUAL_NOUN]))
# Words that name an event the period counts from; allowed inside an event name.
_EVENT_WORDS = re.compile(r"有效期|期限|届满|期满|到期|截止")


_TITLE_RE = re.compile(r"《[^《》]*》")
"""A document's title (《2022年企业标准“领跑者”重点领域建议表》) is a name, not a time expression."""


def time_words(text: str) -> list[tuple[int, str]]:
    """Each word with time meaning in `text` as (position, word); plain compounds (内容, 起草) and titles skipped."""
    masked = _PLAIN_RE.sub(lambda m: "\0" * len(m.group()), _TITLE_RE.sub(lambda m: "\0" * len(m.group()), text))
    return [(m.start(), m.group()) for m in _TIME_RE.finditer(masked)]


def event_problem(event: str) -> str | None:
    """The first time word in an event name that is not part of naming the event (每年 in 「每年培训结束」)."""
    masked = _EVENT_WORDS.sub(lambda m: "\0" * len(m.group()), event)
    found = time_words(masked)
    return found[0][1] if found else None


# Words around the expression that qualify it and are recorded as read.
QUALIFIERS = {
    "截止时间为": ("截止时间：所定日期为最后一天。", "截止时间 (deadline): the date is the last day."),
    "截止日期为": ("截止日期：所定日期为最后一天。", "截止日期 (deadline): the date is the last day."),
    "至少": ("至少：最短期限，按最短计算。", "至少 (at least): the shortest length is counted."),
    "最迟": ("最迟：所定日期为最后期限。", "最迟 (at the latest): the date is the last day."),
    "最晚": ("最晚：所定日期为最后期限。", "最晚 (at the latest): the date is the last day."),
    "不迟于": ("不迟于：所定日期当日仍可办理。", "不迟于 (no later than): the day itself still counts."),
    "一般": ("一般：按一般情形计算，特殊情形的例外不在此计。", "一般 (as a rule): exceptions are not tracked."),
    "原则上": ("原则上：按一般情形计算。", "原则上 (in principle): the usual case is tracked."),
}
LEAD_WORDS = (
    "应当在",
    "应当于",
    "应当自",
    "应当",
    "应在",
    "应于",
    "应",
    "并于",
    "须在",
    "须于",
    "须",
    "需在",
    "需",
    "在",
    "于",
    "自",
    "从",
)
"""Words before the expression that only mark the duty; dropped from the description."""
BOUNDARY_AFTER = ("以上", "以下", "左右", "多", "余", "以后", "之后", "以来", "未", "无", "没有", "曾", "年", "月", "日", "次", "度", "天", "周")  # fmt: skip
BOUNDARY_BEFORE = ("近", "满", "超过", "不足", "未满", "不满", "每", "前", "头", "最后", "约")  # fmt: skip
"""Words that change what a period next to them means (「12个月以上」「近三年」「三年内未发生」「约15个工作日」):
the rule is refused."""
SPLIT_BEFORE = ("次", "本", "上", "下", "当", "年", "月", "度", "每")
SPLIT_START = f"年月季半周旬度日每次{DIGIT}"
"""A prefix ending in 次/本/上… before an expression starting with 年/月/a number splits a word (「次|月后18日前」)."""
