"""Reading period expressions: 「10个工作日」「30日」「3个月」「1年」「60日前」, "10 working days".

Our own small grammar, in Chinese and English, over text that `textnorm`
has normalised (full-width digits, traditional characters, Chinese numerals).
An expression it cannot read is an ExpressionError that quotes it — never a
guess. Rule texts (schedules) build on this in `rules.py`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from deadlines.core.errors import ExpressionError
from deadlines.core.periods import Period, Unit
from deadlines.core.textnorm import NUMBER, normalize, parse_number

_ZH_UNITS: dict[str, tuple[Unit, int]] = {
    "日(工作日)": ("workday", 1),
    "个工作日": ("workday", 1),
    "工作日": ("workday", 1),
    "个自然日": ("day", 1),
    "自然日": ("day", 1),
    "日": ("day", 1),
    "天": ("day", 1),
    "周": ("day", 7),
    "个星期": ("day", 7),
    "星期": ("day", 7),
    "个月": ("month", 1),
    "年": ("year", 1),
}
_ZH = re.compile(
    rf"^(?P<sign>-)?(?:期限届满|届满|到期|期满)?(?P<n>{NUMBER}|半)"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in sorted(_ZH_UNITS, key=len, reverse=True))})"
    r"(?P<dir>以内|之内|内|以后|之后|后|以前|之前|前)?$"
)
_EN_UNITS: dict[str, tuple[Unit, int]] = {
    "working day": ("workday", 1),
    "business day": ("workday", 1),
    "workday": ("workday", 1),
    "calendar day": ("day", 1),
    "day": ("day", 1),
    "week": ("day", 7),
    "month": ("month", 1),
    "year": ("year", 1),
}
_EN = re.compile(
    rf"^(?:within )?(?P<sign>-)?(?P<n>\d+) ?(?P<unit>{'|'.join(sorted(_EN_UNITS, key=len, reverse=True))})s?"
    r"(?: (?P<dir>before|after|later|earlier|ago))?$"
)


def _bad(text: str) -> ExpressionError:
    return ExpressionError(
        f"无法识别期间「{text}」。可写成：10个工作日、30日、3个月、1年、60日前；或 10 working days、30 days、3 months、1 year、-60 days。",
        f"cannot read the period {text!r}. Write e.g. 10个工作日, 30日, 3个月, 1年, 60日前, "
        "or 10 working days, 30 days, 3 months, 1 year, -60 days.",
    )


@lru_cache(maxsize=1024)
def parse_period(text: str, *, start_counts: bool = False) -> Period:
    """A period from its Chinese or English expression, or an ExpressionError quoting it."""
    norm = normalize(text).lower()
    m = _ZH.match(norm)
    if m is not None:
        unit, factor = _ZH_UNITS[m.group("unit")]
        if m.group("n") == "半":
            if unit != "year":
                raise _bad(text)
            amount, unit, factor = 6, "month", 1
        else:
            try:
                amount = parse_number(m.group("n"))
            except ValueError:
                raise _bad(text) from None
        backward = bool(m.group("sign")) or (m.group("dir") or "") in ("前", "之前", "以前")
    else:
        m = _EN.match(norm)
        if m is None:
            raise _bad(text)
        unit, factor = _EN_UNITS[m.group("unit")]
        try:
            amount = parse_number(m.group("n"))
        except ValueError:
            raise _bad(text) from None
        backward = bool(m.group("sign")) or m.group("dir") in ("before", "earlier", "ago")
    if amount <= 0 or amount * factor > 100_000:
        raise ExpressionError(
            f"期间「{text}」的数量应为 1 到 100000 之间的整数。",
            f"the period {text!r} must count between 1 and 100000.",
        )
    statute = bool(m.groupdict().get("unit", "").startswith("日("))
    return Period(amount * factor, unit, backward, start_counts, statute)
