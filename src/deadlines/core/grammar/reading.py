"""How a rule text was read: the schedule, and in words what was taken from where.

`deadlines rule` prints these lines before the dates, so a user can check
the reading: the kind, what it counts from (a fixed date, the trigger, a
span's end, the expiry), the period and unit, which days are included, and
the document's own words kept as the description.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from deadlines.core.cycles import Review, Validity
from deadlines.core.i18n import Text
from deadlines.core.kinds import Schedule
from deadlines.core.periods import Period
from deadlines.core.recurring import AfterSpan, Annual, Monthly, Span
from deadlines.core.schedules import Ban, BeforeExpiry, FixedDate, InForce, Relative, Sunset
from deadlines.core.triggered import BeforeWindow, ByExpiry, Dated, Effective, Minimum, NamedWindow, NextMonth

KIND_TEXT: dict[type, Text] = {
    FixedDate: Text("固定日期", "fixed date"),
    Annual: Text("每年的日期或窗口", "yearly date or window"),
    Span: Text("日历期间窗口（季度、月、半年、旬）", "calendar span window (quarter, month, half-year, ten days)"),
    Monthly: Text("每月申报日", "monthly filing date"),
    AfterSpan: Text("期末后申报期（每期重复）", "filing period after each span (recurring)"),
    Relative: Text("自触发事件起算的期间", "period from a trigger event"),
    Dated: Text("自文中日期起算的期间", "period from a date in the text"),
    BeforeExpiry: Text("倒数期限（须至少提前）", "backward deadline (at least that early)"),
    BeforeWindow: Text("届满前窗口", "window before expiry"),
    Validity: Text("有效期（到期前续期）", "validity (renew before it ends)"),
    Review: Text("周期（自上次完成起算）", "cycle (from the last completion)"),
    Minimum: Text("最短期限（最早结束日）", "minimum (earliest end)"),
    NamedWindow: Text("命名期间窗口", "named period window"),
    Sunset: Text("政策有效期", "policy in force until"),
    InForce: Text("政策施行", "policy in force from"),
    Effective: Text("政策自事件起施行", "policy in force from an event"),
    Ban: Text("禁止期", "ban period"),
    ByExpiry: Text("届满前期限", "deadline by the expiry"),
    NextMonth: Text("事件次月的申报日", "a day of the month after an event"),
}

_START_NOT_COUNTED = Text(
    "起算日不计入，期间最后一日计入（民法典第二百零一条）；「以内」含本数。",
    "The start day is not counted; the last day is (Civil Code art. 201); 'within' includes the number.",
)
_ON_OR_BEFORE = Text(
    "「前」按通知惯例包含当日；文件所定日期遇休息日不顺延。",
    "'Before' includes the day itself; a date the document fixes does not move on a rest day.",
)
_WINDOW = Text("窗口含首尾两日。", "The window includes its first and last days.")


def _period(p: Period) -> Text:
    d = replace(p, backward=False).describe()
    unit = {"day": ("日（自然日）", "calendar days"), "workday": ("工作日", "working days")}.get(
        p.unit, ("月" if p.unit == "month" else "年", p.unit + "s")
    )
    return Text(f"期间：{d.zh}，单位：{unit[0]}", f"Period: {d.en}; unit: {unit[1]}")


def _anchor_and_days(s: Schedule) -> list[Text]:
    """What the schedule counts from, its period, and which days it includes."""
    if isinstance(s, (FixedDate, Annual, Span, Monthly)):
        anchor = Text("起算：文件写明的日期", "Anchor: the dates the document writes")
        return [
            anchor,
            _WINDOW if getattr(s, "opens", None) or getattr(s, "start", None) or isinstance(s, Span) else _ON_OR_BEFORE,
        ]
    if isinstance(s, AfterSpan):
        return [Text("起算：每期最后一日", "Anchor: the last day of each span"), _period(s.period), _START_NOT_COUNTED]
    if isinstance(s, Dated):
        return [
            Text(f"起算：文中日期 {s.start.isoformat()}", f"Anchor: the date {s.start.isoformat()} in the text"),
            _period(s.period),
            _START_NOT_COUNTED,
        ]
    if isinstance(s, Relative):
        event = f"「{s.event}」之日" if s.event else "触发日期（--from/--start）"
        lines = [Text(f"起算：{event}", f"Anchor: {s.event or 'the trigger date (--from/--start)'}"), _period(s.period)]
        if s.limit == "max":
            lines.append(Text("最长期限：以此为截止日。", "A maximum: this is the deadline."))
        return [*lines, _START_NOT_COUNTED]
    if isinstance(s, ByExpiry):
        return [Text("起算：届满日（触发日期）", "Anchor: the expiry (trigger date)"), _ON_OR_BEFORE]
    if isinstance(s, NextMonth):
        return [Text(f"起算：「{s.event}」所在月的次月", f"Anchor: the month after {s.event}"), _ON_OR_BEFORE]
    if isinstance(s, (BeforeExpiry, BeforeWindow)):
        anchor = Text(
            "起算：届满日或事件日（触发日期），向前倒数", "Anchor: the expiry or event (trigger date), counted back"
        )
        days = (
            Text("窗口自倒数所至之日起，至届满日止。", "The window runs from the day counted back to the expiry.")
            if isinstance(s, BeforeWindow)
            else Text(
                "倒数时届满日不计入；落在休息日则提前到前一个工作日。",
                "The expiry day is not counted; a rest day moves back to the previous working day.",
            )
        )
        return [anchor, _period(s.period), days]
    if isinstance(s, Validity):
        lines = [
            Text("起算：发证日（触发日期），其后自上次续期起", "Anchor: the issue date (trigger), then each renewal"),
            _period(s.period),
        ]
        if s.lead:
            lines.append(_period(s.lead))
        return [*lines, Text("首日计入（有效期自发证之日起）。", "The first day counts (valid from the issue date).")]
    if isinstance(s, (Review, Minimum, NamedWindow, Ban)):
        return [
            Text("起算：触发日期（周期：上次完成之日）", "Anchor: the trigger date (cycles: the last completion)"),
            _period(s.period),
            _START_NOT_COUNTED,
        ]
    if isinstance(s, Effective):
        lines = [Text(f"起算：「{s.event}」之日", f"Anchor: {s.event}")]
        lines += [_period(p) for p in (s.delay, s.term) if p]
        return lines
    return [Text("起算：文件写明的日期", "Anchor: the dates the document writes")]


@dataclass(frozen=True)
class Reading:
    """A rule text as read: its schedule, the expression read, and the document's words kept."""

    text: str
    schedule: Schedule
    form: str
    """The grammar family that read it (annual, relative, after-span, …)."""
    expression: str
    """The time expression read, as normalised."""
    description: str = ""
    """The document's own words around the expression (the action, the subject)."""
    notes: tuple[Text, ...] = ()
    """Qualifiers read with it (最迟, 一般, 日 counted as working days)."""

    def lines(self) -> tuple[Text, ...]:
        kind = KIND_TEXT[type(self.schedule)]
        d = self.schedule.describe()
        out = [
            Text(
                f"读作：{kind.zh}「{d.zh}」（读取「{self.expression}」）",
                f"Read as: {kind.en}, {d.en} (from {self.expression!r})",
            ),
            *_anchor_and_days(self.schedule),
            Text(f"说明：{self.description or '（无）'}", f"Description: {self.description or '(none)'}"),
            *self.notes,
        ]
        return tuple(out)
