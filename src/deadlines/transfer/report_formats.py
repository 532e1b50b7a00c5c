"""The status report laid out: the same tables as Markdown, a self-contained HTML page for A4, or an XLSX workbook.

`tables` turns a `Report` into titled tables of typed cells (text, whole
numbers, dates, a rate); each format writes those tables and nothing else,
so the three never disagree. XLSX (openpyxl): one sheet per table, Chinese
headers, the header row frozen, dates as date cells, text cells stored as
text so a title starting with = is never a formula. HTML: one file with its
CSS inline, sized for A4, table headers repeated on each printed page.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from deadlines.core.agenda import Item
from deadlines.core.i18n import Lang, Text
from deadlines.core.terms import ROLE, STATUS
from deadlines.transfer.report import BY_TEXT, HORIZONS, NONE, Report, days_late, earliest

Cell = str | int | float | date | None
ReportFormat = Literal["xlsx", "html", "md"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("xlsx", "html", "md")


@dataclass(frozen=True)
class Table:
    """One titled table; `sheet` is its short name (an XLSX sheet name, at most 31 characters)."""

    sheet: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def tables(report: Report, lang: Lang) -> list[Table]:
    """The report's tables in order: summary, by role, by group, overdue, upcoming, completions."""
    t = (lambda zh, en: zh) if lang == "zh" else (lambda zh, en: en)
    statuses = report.statuses
    status_heads = tuple(STATUS[s].render(lang) for s in statuses)
    total = t("合计", "Total")
    rate = report.on_time_rate
    summary = (
        (t("报告日期", "Report date"), report.today),
        (t("统计期间", "Period"), f"{report.start.isoformat()} – {report.end.isoformat()}"),
        (t("义务总数", "Obligations"), len(report.items)),
        (t("已逾期", "Overdue"), len(report.overdue)),
        (t("30 天内到期", "Due within 30 days"), len(report.upcoming(HORIZONS[0]))),
        (t("90 天内到期", "Due within 90 days"), len(report.upcoming(HORIZONS[1]))),
        (t("期间完成", "Completed in the period"), len(report.completions)),
        (t("按时完成率", "On-time rate"), "—" if rate is None else f"{rate:.0%}"),
        (
            t("推算日期（官方日历未发布）", "Provisional dates (no official calendar yet)"),
            sum(_provisional(i) for i in report.items),
        ),
    )

    def counts(label: str, counter: dict[str, int]) -> tuple[Cell, ...]:
        return (label, *(counter.get(s, 0) for s in statuses), sum(counter.values()))

    by_name = BY_TEXT[report.by].render(lang)
    out = [
        Table(t("概况", "Summary"), t("概况", "Summary"), (t("项目", "Item"), t("数值", "Value")), summary),
        Table(
            t("按状态和角色", "By status and role"),
            t("按状态和角色统计", "By status and role"),
            (t("角色", "Role"), *status_heads, total),
            tuple(counts(ROLE[role].render(lang), c) for role, c in report.by_role().items()),
        ),
        Table(
            t(f"按{by_name}", f"By {by_name.lower()}"),
            t(f"按{by_name}统计", f"By {by_name.lower()}"),
            (by_name, *status_heads, total),
            tuple(counts(group or NONE.render(lang), c) for group, c in report.by_group().items()),
        ),
        Table(
            t("逾期", "Overdue"),
            t("逾期事项", "Overdue items"),
            (
                t("键", "Key"),
                t("标题", "Title"),
                t("负责人", "Owners"),
                t("到期日", "Due"),
                t("逾期天数", "Days late"),
                t("推算日期", "Provisional"),
                t("出处", "Source"),
            ),  # fmt: skip
            tuple(
                (
                    i.obligation.key,
                    i.obligation.title,
                    _owners(i),
                    earliest(i),
                    days_late(i, report.today),
                    _provisional_text(i, t),
                    i.obligation.source,
                )  # fmt: skip
                for i in report.overdue
            ),
        ),
    ]
    soon = report.upcoming(HORIZONS[0])
    later = [i for i in report.upcoming(HORIZONS[1]) if i not in soon]
    for sheet, title, items in (
        (t("30天内", "Within 30 days"), t("30 天内到期", "Due within 30 days"), soon),
        (t("31-90天", "31-90 days"), t("31–90 天内到期", "Due in 31 to 90 days"), later),
    ):
        out.append(
            Table(
                sheet,
                title,
                (
                    t("键", "Key"),
                    t("标题", "Title"),
                    t("负责人", "Owners"),
                    t("状态", "Status"),
                    t("到期日", "Due"),
                    t("窗口开始", "Window opens"),
                    t("剩余天数", "Days left"),
                    t("推算日期", "Provisional"),
                ),  # fmt: skip
                tuple(
                    (
                        i.obligation.key,
                        i.obligation.title,
                        _owners(i),
                        STATUS[i.status].render(lang),
                        earliest(i),
                        i.occurrence.opens if i.occurrence else None,
                        -days_late(i, report.today),
                        _provisional_text(i, t),
                    )  # fmt: skip
                    for i in items
                ),
            )
        )
    out.append(
        Table(
            t("期间完成", "Completed"),
            t("期间内完成", "Completed in the period"),
            (
                t("键", "Key"),
                t("标题", "Title"),
                t("期次", "Cycle"),
                t("完成日期", "Done on"),
                t("按时", "On time"),
                t("证明", "Evidence"),
                t("登记人", "By"),
            ),  # fmt: skip
            tuple(
                (
                    d.obligation.key,
                    d.obligation.title,
                    d.completion.cycle,
                    d.completion.done_on,
                    t("是", "yes") if d.on_time else t("否（逾期完成）", "no (late)"),
                    d.completion.evidence,
                    d.completion.by,
                )  # fmt: skip
                for d in report.completions
            ),
        )
    )
    return out


def _owners(item: Item) -> str:
    return "、".join(item.obligation.owners)


def _provisional(item: Item) -> bool:
    return bool(item.occurrence and item.occurrence.provisional)


def _provisional_text(item: Item, t: Callable[[str, str], str]) -> str:
    occ = item.occurrence
    if occ is None or not occ.provisional:
        return ""
    return t(f"推算：{occ.earliest}–{occ.latest}", f"provisional: {occ.earliest} to {occ.latest}")


def heading(report: Report, lang: Lang) -> str:
    return Text(
        f"合规状态报告（{report.today.isoformat()}）", f"Compliance status report ({report.today.isoformat()})"
    ).render(lang)


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def to_markdown(report: Report, lang: Lang) -> str:
    """GitHub-style Markdown: a heading and one pipe table per section (| and line breaks escaped)."""
    out = [f"# {heading(report, lang)}", ""]
    for table in tables(report, lang):
        out += [f"## {table.title}", ""]
        if not table.rows:
            out += [Text("（无）", "(none)").render(lang), ""]
            continue
        out.append("| " + " | ".join(_md(h) for h in table.headers) + " |")
        out.append("|" + "|".join(" ---: " if _numeric(table, n) else " --- " for n in range(len(table.headers))) + "|")
        out += ["| " + " | ".join(_md(_text(c)) for c in row) + " |" for row in table.rows]
        out.append("")
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _numeric(table: Table, column: int) -> bool:
    return bool(table.rows) and all(isinstance(row[column], int | float) for row in table.rows)


_CSS = """
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10pt; color: #222; }
h1 { font-size: 16pt; margin: 0 0 8pt; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; break-after: avoid; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; margin-bottom: 6pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
p.none { color: #666; }
@media screen { body { max-width: 190mm; margin: 10mm auto; } }
"""


def to_html(report: Report, lang: Lang) -> str:
    """One self-contained page (inline CSS, no scripts, no external files) that prints on A4."""
    esc = html.escape
    title = esc(heading(report, lang))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
    ]
    for n, table in enumerate(tables(report, lang)):
        out.append(f'<h2 id="t{n}">{esc(table.title)}</h2>')
        if not table.rows:
            out.append(f'<p class="none">{esc(Text("（无）", "(none)").render(lang))}</p>')
            continue
        out.append(
            f'<table aria-labelledby="t{n}"><thead><tr>'
            + "".join(f"<th>{esc(h)}</th>" for h in table.headers)
            + "</tr></thead><tbody>"
        )
        for row in table.rows:
            cells = "".join(
                f'<td class="n">{esc(_text(c))}</td>' if isinstance(c, int | float) else f"<td>{esc(_text(c))}</td>"
                for c in row
            )
            out.append(f"<tr>{cells}</tr>")
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def to_xlsx(report: Report, lang: Lang) -> bytes:
    """An XLSX workbook: one sheet per table, header row bold and frozen, dates as dates, text never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EEEEEE")
    for table in tables(report, lang):
        sheet = book.create_sheet(table.sheet[:31])
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
        for r, row in enumerate(table.rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # stored as text: a title like "=1+1" stays text, never a formula
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        for c, head in enumerate(table.headers, start=1):
            widest = max([_width(head), *(_width(_text(row[c - 1])) for row in table.rows)])
            sheet.column_dimensions[get_column_letter(c)].width = min(60, widest + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _width(text: str) -> int:
    """Columns a text takes in a spreadsheet: a CJK character is about two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def render(report: Report, fmt: ReportFormat, lang: Lang) -> bytes:
    """The report in `fmt`, as the bytes of the file to write."""
    if fmt == "xlsx":
        return to_xlsx(report, lang)
    return (to_html(report, lang) if fmt == "html" else to_markdown(report, lang)).encode("utf-8")
