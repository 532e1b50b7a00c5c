"""`deadlines report`: the figures in the XLSX (read back with openpyxl), the HTML (parsed) and the Markdown
match the store.

The store, on 2026-12-01 (official 2026 calendar; 2027 provisional):
* cas-window 积分奖励申请, 每年12月1日至12月15日, li: window open, due 12-15 (14 days left).
* cas-basic 基础学分登记, 10 working days after 2026-09-30, li: due 10-20 (National Day skipped),
  so 42 days late on 12-01 (11 left in October + 30 in November + 1).
* policy 政策有效期, 有效期至2026年12月31日, no owner: a policy sunset stored as information: 生效中
  (in force) until 12-31, so it is counted by status but never listed as due.
* evil, a title that is a spreadsheet formula, 每年12月20日前, wang: due soon, 19 days left.
* prov 培训结束后10个工作日内 from 2027-02-01, li: over 2027's 春节, which has no official
  notice yet: provisional, 2027-02-15 at the earliest (76 days), upcoming.
* late-one 2026年11月10日前 done 11-12 (late); ontime 2026年11月30日前 done 11-28 (on time):
  two completions in the period 11-01..12-01, on-time rate 50%.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

LI, WANG = "li@example.com", "wang@example.com"
EVIL = '=HYPERLINK("http://example.invalid/x","点此")'
DAY = "2026-12-01"


@pytest.fixture
def store(cli):
    add = ("--today", "2026-11-01", "add")
    cli(*add, "积分奖励申请", "--rule", "每年12月1日至12月15日", "--key", "cas-window", "--owner", LI, "--tag", "积分")
    cli(*add, "基础学分登记", "--rule", "培训结束后10个工作日内", "--start", "2026-09-30", "--key", "cas-basic",
        "--owner", LI, "--source", "000 第71行")  # fmt: skip
    cli(*add, "政策有效期", "--rule", "有效期至2026年12月31日", "--key", "policy", "--role", "info")
    cli(*add, EVIL, "--rule", "每年12月20日前", "--key", "evil", "--owner", WANG)
    cli(*add, "春节后培训学分登记", "--rule", "培训结束后10个工作日内", "--start", "2027-02-01", "--key", "prov",
        "--owner", LI)  # fmt: skip
    cli(*add, "年度报告", "--rule", "2026年11月10日前", "--key", "late-one", "--owner", LI)
    cli(*add, "季度填报", "--rule", "2026年11月30日前", "--key", "ontime", "--owner", WANG)
    assert cli("--today", "2026-11-12", "done", "late-one", "--evidence", "报送回执 2026-118").exit_code == 0
    assert cli("--today", "2026-11-28", "done", "ontime", "--evidence", "=cmd|' /C calc'!A0").exit_code == 0
    return cli


def listed_statuses(cli) -> Counter[str]:
    """The store's own answer: `deadlines list --format json` on the day."""
    items = json.loads(cli("--today", DAY, "list", "--format", "json").stdout)
    return Counter(i["status"] for i in items)


def report(cli, tmp_path: Path, name: str, *more: str) -> Path:
    out = tmp_path / name
    r = cli("--today", DAY, "report", "--from", "2026-11-01", "--to", DAY, *more, "-o", str(out))
    assert r.exit_code == 0, r.stderr
    return out


def rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_xlsx_figures_match_the_store(store, tmp_path) -> None:
    book = openpyxl.load_workbook(report(store, tmp_path, "r.xlsx"))
    assert book.sheetnames == ["概况", "按状态和角色", "按负责人", "逾期", "30天内", "31-90天", "期间完成"]
    summary = dict(rows(book["概况"])[1:])
    assert summary["义务总数"] == 7 == sum(listed_statuses(store).values())
    # Due within 30 days: the window closing 12-15 and 12-20; within 90 also 春节后培训学分登记 (Feb 2027).
    # The policy's end (info, 生效中) asks nothing of anyone and is not "due".
    assert summary["已逾期"] == 1 and summary["30 天内到期"] == 2 and summary["90 天内到期"] == 3
    assert summary["期间完成"] == 2 and summary["按时完成率"] == "50%"
    assert summary["推算日期（官方日历未发布）"] == 1
    assert summary["报告日期"] == datetime(2026, 12, 1)

    head, duty, authority, info = rows(book["按状态和角色"])
    # The policy end (role info) is 生效中 until 2026-12-31, never 即将到期 like a duty.
    assert head == ["角色", "已逾期", "窗口开放", "即将到期", "未到期", "已完成", "生效中", "合计"]
    assert duty == ["本单位义务", 1, 1, 1, 1, 2, 0, 6]
    assert authority == ["主管部门环节", 0, 0, 0, 0, 0, 0, 0]
    assert info == ["政策信息", 0, 0, 0, 0, 0, 1, 1]
    listed = listed_statuses(store)
    assert [duty[n] + authority[n] + info[n] for n in range(1, 7)] == [
        listed[s] for s in ("overdue", "window_open", "due_soon", "upcoming", "done", "in_force")
    ]

    owners = {r[0]: r[1:] for r in rows(book["按负责人"])[1:]}
    assert owners == {LI: [1, 1, 0, 1, 1, 0, 4], WANG: [0, 0, 1, 0, 1, 0, 2], "（无）": [0, 0, 0, 0, 0, 1, 1]}

    (head, overdue) = rows(book["逾期"])
    assert head[:5] == ["键", "标题", "负责人", "到期日", "逾期天数"]
    assert overdue[:5] == ["cas-basic", "基础学分登记", LI, datetime(2026, 10, 20), 42] and overdue[6] == "000 第71行"

    soon = rows(book["30天内"])[1:]
    assert [(r[0], r[4], r[6]) for r in soon] == [
        ("cas-window", datetime(2026, 12, 15), 14),
        ("evil", datetime(2026, 12, 20), 19),
    ]
    assert soon[0][5] == datetime(2026, 12, 1)  # the window's opening day
    (later,) = rows(book["31-90天"])[1:]
    assert later[0] == "prov" and later[4] == datetime(2027, 2, 15) and later[6] == 76
    assert later[7] == "推算：2027-02-15–2027-02-23"

    done = rows(book["期间完成"])[1:]
    assert [(r[0], r[3], r[4], r[5]) for r in done] == [
        ("late-one", datetime(2026, 11, 12), "否（逾期完成）", "报送回执 2026-118"),
        ("ontime", datetime(2026, 11, 28), "是", "=cmd|' /C calc'!A0"),
    ]


def test_xlsx_has_frozen_headers_date_cells_and_no_formulas(store, tmp_path) -> None:
    path = report(store, tmp_path, "r.xlsx")
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(c.font.bold for c in sheet[1])
    evil = next(r for r in book["30天内"].iter_rows(min_row=2) if r[0].value == "evil")
    assert evil[1].value == EVIL and evil[1].data_type == "s"
    assert evil[4].is_date and evil[4].number_format == "yyyy-mm-dd"
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)  # not one formula in the file


class Tables(HTMLParser):
    """Every <table> of a page as rows of cell texts, and the tags and attributes seen."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.tags: list[tuple[str, dict]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_html_is_one_printable_page_with_the_same_figures(store, tmp_path) -> None:
    page = report(store, tmp_path, "r.html", "--by", "tag").read_text(encoding="utf-8")
    parsed = Tables()
    parsed.feed(page)
    assert "@page { size: A4" in page and "display: table-header-group" in page
    assert not [t for t, a in parsed.tags if t in ("script", "link", "img", "iframe")]  # self-contained
    summary, by_role, by_tag, overdue, soon, later, done = parsed.tables
    assert dict(summary[1:])["义务总数"] == "7" and dict(summary[1:])["按时完成率"] == "50%"
    assert by_role[1] == ["本单位义务", "1", "1", "1", "1", "2", "0", "6"]
    assert {r[0]: r[-1] for r in by_tag[1:]} == {"积分": "1", "（无）": "6"}
    assert overdue[1][:5] == ["cas-basic", "基础学分登记", LI, "2026-10-20", "42"]
    assert [r[0] for r in soon[1:]] == ["cas-window", "evil"] and soon[2][1] == EVIL
    assert later[1][7] == "推算：2027-02-15–2027-02-23"
    assert [r[0] for r in done[1:]] == ["late-one", "ontime"]


def test_markdown_tables_and_english(store, tmp_path) -> None:
    text = report(store, tmp_path, "r.md").read_text(encoding="utf-8")
    assert "| cas-basic | 基础学分登记 | li@example.com | 2026-10-20 | 42 |" in text
    assert "| ontime | 季度填报 | once | 2026-11-28 | 是 | =cmd\\|' /C calc'!A0 |" in text  # | escaped
    english = store("--lang", "en", "--today", DAY, "report", "--format", "md", "-o", "-")
    assert english.exit_code == 0 and "## Overdue items" in english.stdout
    assert "| Period | 2026-12-01 – 2026-12-01 |" in english.stdout  # by default: this month so far
    assert "| On-time rate | — |" in english.stdout  # no completion on 12-01


def test_bad_options_are_one_line_errors(store, tmp_path) -> None:
    backwards = store(
        "--today", DAY, "report", "--from", "2026-12-01", "--to", "2026-11-01", "-o", str(tmp_path / "r.md")
    )
    assert backwards.exit_code == 2 and "--from" in backwards.stderr and not (tmp_path / "r.md").exists()
    unknown = store("--today", DAY, "report", "-o", str(tmp_path / "r.pdf"))
    assert unknown.exit_code == 2 and "--format" in unknown.stderr
    stdout = store("--today", DAY, "report", "--format", "xlsx", "-o", "-")
    assert stdout.exit_code == 2 and "XLSX" in stdout.stderr
