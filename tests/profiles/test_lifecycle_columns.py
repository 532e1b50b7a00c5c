"""role, until, optional and active as import columns, in `list --format json` and in the CSV export."""

from __future__ import annotations

import csv
import io
import json

T = ("--today", "2026-12-01")
HEADER = ["key", "title", "rule", "start", "role", "until", "optional", "active"]


def rows_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([HEADER, *rows])
    return buffer.getvalue()


ROWS = [
    # 004 L4489/L4505: 枣庄 Q4 window, in force until 2023-11-30.
    ["zz-q4", "标准化项目奖励申请受理", "每年第四季度", "", "duty", "2023-11-30", "", ""],
    # 004 L3268: 天津's yearly call, the bureau's step.
    ["tj-call", "发布当年标准化资助项目申报通知", "每年上半年", "", "authority", "", "", ""],
    # 004 L4885: 海南 extension request, needed only when the deadline cannot be met.
    ["hn-ext", "延期申请", "期限届满60日前", "2026-12-21", "", "", "true", ""],
]


def test_import_reads_the_lifecycle_columns(cli) -> None:
    r = cli(*T, "import", "-", "--format", "csv", input=rows_csv(ROWS))
    assert r.exit_code == 0, r.stderr
    items = {i["key"]: i for i in json.loads(cli(*T, "list", "--format", "json").stdout)}
    assert (items["zz-q4"]["until"], items["zz-q4"]["status"]) == ("2023-11-30", "ended")
    # On 2026-12-01 the 2026 H1 call is past; the next is the 2027 H1 one, expected, never overdue.
    assert (items["tj-call"]["role"], items["tj-call"]["status"], items["tj-call"]["next_due"]) == (
        "authority",
        "expected",
        "2027-06-30",
    )
    # An optional row with no `active` column starts inactive: 60 days before 2026-12-21 is 2026-10-22.
    assert (items["hn-ext"]["active"], items["hn-ext"]["status"], items["hn-ext"]["next_due"]) == (
        False,
        "optional",
        "2026-10-22",
    )
    exported = list(csv.DictReader(io.StringIO(cli(*T, "export", "--format", "csv").stdout)))
    by_key = {row["key"]: row for row in exported}
    assert (by_key["hn-ext"]["optional"], by_key["hn-ext"]["active"], by_key["zz-q4"]["until"]) == (
        "true",
        "false",
        "2023-11-30",
    )


def test_a_bad_role_or_flag_names_the_row_and_column(cli) -> None:
    bad = [
        ["x1", "标题", "每年第四季度", "", "boss", "", "", ""],
        ["x2", "标题", "每年第四季度", "", "duty", "", "maybe", ""],
    ]
    r = cli(*T, "import", "-", "--format", "csv", input=rows_csv(bad))
    assert r.exit_code == 1
    assert "role" in r.stderr and "duty" in r.stderr and "optional" in r.stderr
    assert json.loads(cli(*T, "list", "--format", "json").stdout) == []
