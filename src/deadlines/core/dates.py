"""Reading and shifting calendar dates: strict parsing and month arithmetic.

`parse_date` reads one full date as people write it (ISO, 2026/10/08,
2026年10月8日, 2026年10月8号, 二〇二六年十月八日, full-width digits) and refuses
anything else: a date that does not exist (2月30日) is an error that says why,
never a silent correction. `add_months` is 民法典 第二百零二条's month step.
"""

from __future__ import annotations

import calendar as _cal
import re
from datetime import date

from deadlines.core.errors import DateError
from deadlines.core.textnorm import NUMBER, normalize, parse_number

_FULL = re.compile(rf"^(?P<y>{NUMBER})\s*(?:年|[-/.])\s*(?P<m>{NUMBER})\s*(?:月|[-/.])\s*(?P<d>{NUMBER})\s*(?:日|号)?$")


def make_date(year: int, month: int, day: int, quoted: str) -> date:
    """A date from its parts, or a DateError quoting the text it came from."""
    if not 1 <= month <= 12:
        raise DateError(
            f"「{quoted}」不是有效日期：没有 {month} 月。请写成 YYYY-MM-DD，例如 2026-10-08。",
            f"{quoted!r} is not a valid date: there is no month {month}. Write it as YYYY-MM-DD, e.g. 2026-10-08.",
        )
    last = _cal.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= last or not 1 <= year <= 9999:
        raise DateError(
            f"「{quoted}」不是有效日期：{year}年{month}月只有 {last} 天。请检查日期。",
            f"{quoted!r} is not a valid date: {year}-{month:02d} has only {last} days. Check the date.",
        )
    return date(year, month, day)


def parse_date(text: str) -> date:
    """One full date with year, month and day, in any of the forms we accept."""
    norm = normalize(text)
    m = _FULL.match(norm)
    if m is None:
        raise DateError(
            f"无法识别日期「{text}」。请写成 YYYY-MM-DD（如 2026-10-08）或 2026年10月8日。",
            f"cannot read the date {text!r}. Write it as YYYY-MM-DD (e.g. 2026-10-08) or 2026年10月8日.",
        )
    try:
        y, mo, d = (parse_number(m.group(k)) for k in "ymd")
    except ValueError:
        raise DateError(
            f"无法识别日期「{text}」中的数字。请写成 YYYY-MM-DD。",
            f"cannot read the numbers in the date {text!r}. Write it as YYYY-MM-DD.",
        ) from None
    return make_date(y, mo, d, text)


def add_months(d: date, months: int) -> date:
    """The corresponding day `months` later (or earlier); the month's last day if none.

    民法典 第二百零二条: 到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日.
    """
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise DateError(
            f"{d.isoformat()} 加 {months} 个月超出可表示的日期范围。",
            f"{d.isoformat()} plus {months} months is out of the representable date range.",
        )
    return date(year, month, min(d.day, _cal.monthrange(year, month)[1]))
