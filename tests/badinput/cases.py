"""The table of bad inputs: every command and option, each with the exit code the contract gives it.

2 is a usage error (a bad value, option, date, file), 1 is a command that ran
and found errors (an unknown key, a batch line that failed). Every case must
end with one line on stderr, no traceback, and the database untouched. The
dates are checked against the official calendar's range (2004–2099, what
`calc` accepts); the cases the issue found by hand are marked #12.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import openpyxl


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    code: int
    stdin: bytes | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    """Files made in the test's directory first; `{dir}` in args is that directory."""
    lines: int | None = 1
    """How many stderr lines (None: any, for a batch whose errors go to stdout)."""
    pending: str = ""
    """Why this case still fails: a fix in a file another engineer owns (the test is a strict xfail)."""


BAD_DATES = [
    "1900-01-01",  # #12: before the official calendar
    "2003-12-31",  # #12
    "2100-01-01",  # #12: after the lunar tables
    "9999-12-31",  # #12
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-04-31",
    "2025-02-29",  # 2025 is not a leap year
    "abc",
    "",
    "2026/13/01",
    "20261301",
    "2026-1-32",
    "2026年2月30日",
    "0000-01-01",
    "-2026-01-01",
    "2026-01-01T00:00",
    "2026-01-01\nx",  # #12 point 13: a newline in a value
    "9" * 5000,  # #12: a 5000-digit number
]
BAD_PERIODS = [
    "abc",
    "",
    "10个星球",
    "三个季节",
    "-",
    "0个工作日",
    "99999999999999999999日",
    "9" * 5000 + "日",
    "1e9日",
    "10个工作日\n20日",
    "三十日以内又五日",
    "\x00",
]
BAD_RULES = [
    "每年十三月一日前",
    "每年2月30日前",
    "有效期9999年",  # #12
    "100000年内不得申报",  # #12
    "2003年1月5日前",
    "2100年1月1日前",
    "明天",
    "",
    "   ",
    "每年4月31日前",
    "每年第五季度",
    "培训结束后10个世纪内",
    "9" * 5000 + "日",
    "每年4月30日前\n每年5月1日前",
]
BAD_KEYS = [
    "a b",  # #12: a key with a space
    "../etc",  # #12: path parts
    "a/../b",
    "/abs",
    "x/",
    ".",
    "..",
    "@k",
    "a\\b",
    "a\tb",
    "a\nb",
    "全角　空格",
    "k" * 121,
    "a..b",
]
BAD_EMAILS = ["li at example.com", "li@", "@example.com", "li@example", "li@@example.com", "a b@example.com", "", "<>"]
BAD_LEADS = ["10000个工作日", "99999个月", "60日前", "abc", "3年", "800日", "0日", ""]
BAD_CUTOFFS = ["25:00", "17:60", "1700", "abc", "17:00:00", "-1:00", "", "24:00"]
BAD_REGIONS = ["atlantis", "../x", "GUANGXI", "guangxi/../x", "", "a b", "x" * 41]
BAD_MONTHS = ["9999-12", "2003-12", "2100-01", "2026-13", "2026-00", "abc", "2026", "2026-1-1", "", "12-2026"]
BAD_YEARS = ["9999", "2003", "2100", "0", "-1", "abc", "2026.5", "1" * 30]

NOTICE_BIG5 = "國務院辦公廳關於2026年部分節假日安排的通知\n元旦：1月1日至3日放假調休。\n".encode("big5")


def _xlsx_bomb() -> bytes:
    book = openpyxl.Workbook()
    book.active["XFD1048576"] = "x"
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def _zip_not_xlsx() -> bytes:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return raw.getvalue()


HEADER = b"key,title,rule\n"
IMPORT_FILES: list[tuple[str, str, bytes]] = [
    ("empty", "x.csv", b""),
    ("only-blank-lines", "x.csv", b"\n\n \n"),
    ("no-rule-column", "x.csv", b"key,title\nk,t\n"),
    ("unknown-column", "x.csv", b"key,title,rule,colour\nk,t,2026-05-01,red\n"),
    ("repeated-column", "x.csv", b"key,title,rule,rule\nk,t,2026-05-01,2026-05-02\n"),
    ("utf16", "x.csv", "key,title,rule\n".encode("utf-16")),
    ("binary", "x.csv", bytes(range(256)) * 4),
    ("big5", "x.csv", "key,title,rule\nk,標準化總結,每年4月30日前\n".encode("big5")),  # #12 point 11
    ("huge-cell", "x.csv", HEADER + b"k," + "长".encode() * 131_073 + b",2026-05-01\n"),  # #12
    ("open-quote", "x.csv", HEADER + b'k,"never closed,2026-05-01\n' + b"x" * 200_000),
    ("xls", "x.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
    ("xlsx-bomb", "x.xlsx", _xlsx_bomb()),  # #12 point 6
    ("xlsx-not-a-zip", "x.xlsx", b"PK\x03\x04 not really a zip"),
    ("xlsx-zip-without-workbook", "x.xlsx", _zip_not_xlsx()),
    ("json-syntax", "x.json", b'[{"title": "t", "rule": }]'),
    ("json-not-a-list", "x.json", b'{"title": "t", "rule": "2026-05-01"}'),
    ("json-deep", "x.json", b"[" * 100_000 + b"]" * 100_000),  # #12
    ("json-deep-cell", "x.json", b'[{"title": "t", "rule": "2026-05-01", "notes": ' + b"[" * 50 + b"]" * 50 + b"}]"),
    ("json-long-number", "x.json", b'[{"key": ' + b"9" * 5000 + b', "title": "t", "rule": "2026-05-01"}]'),  # #12
    ("json-unknown-key", "x.json", b'[{"title": "t", "rule": "2026-05-01", "colour": "red"}]'),
]
IMPORT_ROWS: list[tuple[str, bytes]] = [
    ("start-1900", b"key,title,rule,start\nk,t,\xe6\x9c\x89\xe6\x95\x88\xe6\x9c\x9f3\xe5\xb9\xb4,1900-01-01\n"),
    ("start-2100", "key,title,rule,start\nk,t,有效期3年,2100-01-01\n".encode()),
    ("start-not-iso", "key,title,rule,start\nk,t,有效期3年,2026/9/30\n".encode()),
    ("rule-9999-years", "key,title,rule\nk,t,有效期9999年\n".encode()),  # #12
    ("rule-unreadable", "key,title,rule\nk,t,每年十三月一日前\n".encode()),
    ("lead-10000-workdays", "key,title,rule,lead_times\nk,t,每年4月30日前,10000个工作日\n".encode()),  # #12
    ("lead-99999-months", "key,title,rule,lead_times\nk,t,每年4月30日前,99999个月\n".encode()),  # #12
    ("key-with-space", "key,title,rule\na b,t,每年4月30日前\n".encode()),
    ("key-path", "key,title,rule\n../x,t,每年4月30日前\n".encode()),
    ("region-unknown", "key,title,rule,region\nk,t,每年4月30日前,atlantis\n".encode()),  # #12
    ("region-path", "key,title,rule,region\nk,t,每年4月30日前,../guangxi\n".encode()),  # #12
    ("owner-bad", "key,title,rule,owners\nk,t,每年4月30日前,li at example\n".encode()),
    ("cutoff-bad", "key,title,rule,cutoff\nk,t,每年4月30日前,25:00\n".encode()),
    ("title-empty", "key,title,rule\nk,,每年4月30日前\n".encode()),
    ("duplicate-keys", "key,title,rule\nk,t,每年4月30日前\nk,u,每年5月30日前\n".encode()),
    ("extra-cells", "key,title,rule\nk,t,每年4月30日前,extra\n".encode()),
    ("ndjson-bad-line", b'{"title": "t", "rule": "2026-05-01"}\nnot json\n'),
    ("json-list-title", b'[{"title": ["a"], "rule": "2026-05-01"}]'),
]


def cases() -> list[Case]:
    out: list[Case] = []
    add = ("add", "标题", "--rule", "每年4月30日前")

    # global options
    for i, d in enumerate(BAD_DATES):
        out.append(Case(f"global-today-{i}", ("--today", d, "list"), 2))
    out += [
        Case("global-lang", ("--lang", "fr", "list"), 2),
        Case("global-db-directory", ("--db", "{dir}", "list"), 2),
        Case("unknown-command", ("frobnicate",), 2),
        Case("unknown-option", ("list", "--frobnicate"), 2),
    ]

    # calc
    for i, d in enumerate(BAD_DATES):
        out.append(Case(f"calc-start-{i}", ("calc", d, "10个工作日"), 2))
    for i, p in enumerate(BAD_PERIODS):
        out.append(Case(f"calc-period-{i}", ("calc", "2026-09-28", p), 2))
    for i, c in enumerate(BAD_CUTOFFS):
        out.append(Case(f"calc-cutoff-{i}", ("calc", "2026-09-28", "10个工作日", "--cutoff", c), 2))
    for i, r in enumerate(BAD_REGIONS):
        out.append(Case(f"calc-region-{i}", ("calc", "2026-09-28", "10个工作日", "--region", r), 2))  # #12 point 10
    out += [
        Case("calc-no-args", ("calc",), 2),
        Case("calc-batch-and-args", ("calc", "2026-09-28", "1日", "--batch", "-"), 2, stdin=b""),
        Case("calc-batch-missing-file", ("calc", "--batch", "{dir}/nope.tsv"), 2),
        Case("calc-batch-big5", ("calc", "--batch", "-"), 2, stdin="2026-09-28\t十個工作日\n".encode("big5")),  # #12
        Case("calc-batch-binary", ("calc", "--batch", "-"), 2, stdin=bytes(range(256))),  # #12
        Case(
            "calc-batch-bad-lines",
            ("calc", "--batch", "-"),
            1,
            stdin=b"2026-09-28\n1900-01-01\t1\xe6\x97\xa5\n",
            lines=None,
        ),
        Case(
            "calc-batch-5000-digits",
            ("calc", "--batch", "-"),
            1,
            stdin=b"2026-09-28\t" + b"9" * 5000 + "日\n".encode(),
            lines=None,
        ),
    ]

    # rule
    for i, r in enumerate(BAD_RULES):
        out.append(Case(f"rule-{i}", ("rule", r), 2))
    for i, d in enumerate(BAD_DATES[:12]):
        out.append(Case(f"rule-from-{i}", ("rule", "培训结束后10个工作日内", "--from", d), 2))
    out.append(Case("rule-count-0", ("rule", "每年4月30日前", "--count", "0"), 2))

    # calendar
    for i, m in enumerate(BAD_MONTHS):
        out.append(Case(f"calendar-show-{i}", ("calendar", "show", m), 2))  # #12: 9999-12
    for i, d in enumerate(BAD_DATES[:12]):
        out.append(Case(f"calendar-day-{i}", ("calendar", "day", d), 2))
    for i, y in enumerate(BAD_YEARS):
        out.append(Case(f"calendar-days-{i}", ("calendar", "days", y), 2))
    out += [
        Case("calendar-day-region", ("calendar", "day", "2026-04-17", "--region", "atlantis"), 2),
        Case("notice-big5", ("calendar", "import-notice", "-"), 2, stdin=NOTICE_BIG5),  # #12: was a traceback
        Case("notice-binary", ("calendar", "import-notice", "-"), 2, stdin=bytes(range(256))),  # #12
        Case("notice-empty", ("calendar", "import-notice", "-"), 2, stdin=b""),
        Case("notice-prose", ("calendar", "import-notice", "-"), 2, stdin="今天天气很好。".encode()),
        Case("notice-missing-file", ("calendar", "import-notice", "{dir}/nope.txt"), 2),
        Case(
            "notice-bad-year",
            ("calendar", "import-notice", "-", "--year", "1900"),
            2,
            stdin="元旦：1月1日放假。".encode(),
        ),
    ]

    # add
    for i, k in enumerate(BAD_KEYS):
        out.append(Case(f"add-key-{i}", (*add, "--key", k), 2))
    for i, r in enumerate(BAD_RULES):
        out.append(Case(f"add-rule-{i}", ("add", "标题", "--rule", r), 2))
    for i, d in enumerate(BAD_DATES):
        out.append(Case(f"add-start-{i}", ("add", "标题", "--rule", "有效期3年", "--start", d), 2))  # #12 point 9
    for i, e in enumerate(BAD_EMAILS):
        out.append(Case(f"add-owner-{i}", (*add, "--owner", e), 2))
    for i, lead in enumerate(BAD_LEADS):
        out.append(Case(f"add-lead-{i}", (*add, "--lead", lead), 2))  # #12 point 2
    for i, c in enumerate(BAD_CUTOFFS):
        out.append(Case(f"add-cutoff-{i}", (*add, "--cutoff", c), 2))
    for i, r in enumerate(BAD_REGIONS):
        out.append(Case(f"add-region-{i}", (*add, "--region", r), 2))
    out += [
        Case("add-no-rule", ("add", "标题"), 2),
        Case("add-empty-title", ("add", "", "--rule", "每年4月30日前"), 2),
        Case("add-blank-title", ("add", "   ", "--rule", "每年4月30日前"), 2),
        Case("add-trigger-empty", ("add", "标题", "--rule", "培训结束后10个工作日内", "--trigger", ""), 2),  # #12
        Case("add-trigger-at", ("add", "标题", "--rule", "培训结束后10个工作日内", "--trigger", "@"), 2),
        Case("add-trigger-unset", ("add", "标题", "--rule", "培训结束后10个工作日内", "--trigger", "end"), 2),
        Case(
            "add-trigger-self",
            ("add", "标题", "--key", "k9", "--rule", "培训结束后10个工作日内", "--trigger", "@k9"),
            2,
        ),
        Case("add-set-no-equals", (*add, "--set", "end"), 2),
        Case("add-set-empty-name", (*add, "--set", "=2026-01-01"), 2),
        Case(
            "add-set-1900",
            ("add", "标题", "--rule", "培训结束后10个工作日内", "--trigger", "end", "--set", "end=1900-01-01"),
            2,
        ),
        Case(
            "add-set-bad-date",
            ("add", "标题", "--rule", "培训结束后10个工作日内", "--trigger", "end", "--set", "end=2026-02-30"),
            2,
        ),
        Case("add-existing-key", (*add, "--key", "cas-window"), 2),
        Case(
            "add-trigger-nokey",
            ("add", "标题", "--rule", "培训结束后10个工作日内", "--trigger", "@nokey"),
            2
        ),  # #12
        Case(
            "add-lead-before-2004",
            ("add", "旧事项", "--rule", "2004年1月5日前", "--lead", "5个工作日"),
            2
        ),  # #12
    ]

    # edit, rm, restore, show, done, history: unknown keys (1) and bad values (2)
    for command in (("edit", "nokey", "--notes", "x"), ("rm", "nokey"), ("restore", "nokey"), ("show", "nokey"),
                    ("done", "nokey"), ("history", "nokey")):  # fmt: skip
        out.append(Case(f"{command[0]}-unknown-key", command, 1))
    for i, d in enumerate(BAD_DATES):
        out.append(Case(f"edit-start-{i}", ("edit", "leader", "--start", d), 2))  # #12 point 9
    for i, r in enumerate(BAD_RULES):
        out.append(Case(f"edit-rule-{i}", ("edit", "leader", "--rule", r), 2))
    for i, e in enumerate(BAD_EMAILS):
        out.append(Case(f"edit-owner-{i}", ("edit", "leader", "--owner", e), 2))
    for i, lead in enumerate(BAD_LEADS):
        out.append(Case(f"edit-lead-{i}", ("edit", "leader", "--lead", lead), 2))
    for i, r in enumerate(BAD_REGIONS):
        out.append(Case(f"edit-region-{i}", ("edit", "leader", "--region", r), 2))
    out += [
        Case("edit-trigger-self", ("edit", "cas-basic", "--trigger", "@cas-basic"), 2),  # #12
        Case("edit-trigger-empty", ("edit", "cas-basic", "--trigger", ""), 2),  # #12
        Case("edit-title-empty", ("edit", "leader", "--title", ""), 2),
        Case("show-count-0", ("show", "leader", "--count", "0"), 2),
        Case("show-count-99", ("show", "leader", "--count", "99"), 2),
        Case("rm-no-key", ("rm",), 2),
        Case("done-twice-same-cycle-on-bad", ("done", "leader", "--on", "2026-02-30"), 2),
    ]
    for i, d in enumerate(BAD_DATES):
        out.append(Case(f"done-on-{i}", ("done", "leader", "--on", d), 2))

    # list and due
    for command in ("list", "due"):
        out += [
            Case(f"{command}-status", (command, "--status", "nonsense"), 2),
            Case(f"{command}-format", (command, "--format", "xml"), 2),
        ]
    out += [
        Case("due-within-negative", ("due", "--within", "-1"), 2),
        Case("due-within-huge", ("due", "--within", "999999"), 2),
        Case("due-within-text", ("due", "--within", "abc"), 2),
    ]

    # profile
    apply = ("profile", "apply", "cas-training-credits")
    out += [
        Case("profile-unknown", ("profile", "apply", "nope"), 1),
        Case("profile-show-unknown", ("profile", "show", "nope"), 1),
        Case("profile-missing-param", apply, 2),  # #12 point 10
        Case("profile-unknown-param", (*apply, "--set", "training_end=2026-09-30", "--set", "nope=1"), 2),
        Case("profile-as-space", (*apply, "--set", "training_end=2026-09-30", "--as", "a b"), 2),  # #12
        Case("profile-as-path", (*apply, "--set", "training_end=2026-09-30", "--as", "../x"), 2),
        Case("profile-owner", (*apply, "--set", "training_end=2026-09-30", "--owner", "li at example"), 2),
        Case("profile-set-no-equals", (*apply, "--set", "training_end"), 2),
    ]
    for i, d in enumerate(BAD_DATES):
        out.append(Case(f"profile-date-{i}", (*apply, "--set", f"training_end={d}"), 2))  # #12 point 10

    # import
    for name, filename, data in IMPORT_FILES:
        out.append(Case(f"import-{name}", ("import", f"{{dir}}/{filename}"), 2, files={filename: data}))
    for name, data in IMPORT_ROWS:
        filename = "x.ndjson" if name.startswith("ndjson") else "x.json" if name.startswith("json") else "x.csv"
        out.append(Case(f"import-row-{name}", ("import", f"{{dir}}/{filename}"), 1, files={filename: data}, lines=3))
        out.append(
            Case(
                f"import-row-{name}-dry",
                ("import", f"{{dir}}/{filename}", "--dry-run"),
                1,
                files={filename: data},
                lines=3,
            )
        )
    out += [
        Case("import-missing-file", ("import", "{dir}/nope.csv"), 2),
        Case("import-directory", ("import", "{dir}"), 2),
        Case("import-format", ("import", "{dir}/x.csv", "--format", "xml"), 2, files={"x.csv": b"key,title,rule\n"}),
        Case(
            "import-encoding-unknown",
            ("import", "{dir}/x.csv", "--encoding", "klingon"),
            2,
            files={"x.csv": b"key,title,rule\n"},
        ),
        Case(
            "import-encoding-wrong",
            ("import", "{dir}/x.csv", "--encoding", "ascii"),
            2,
            files={"x.csv": "key,title,rule\nk,标题,2026-05-01\n".encode()},
        ),
        Case("import-stdin-binary", ("import", "-"), 2, stdin=bytes(range(256)) * 4),
        Case(
            "import-as-json-but-csv",
            ("import", "{dir}/x.csv", "--format", "json"),
            2,
            files={"x.csv": b"key,title,rule\n"},
        ),
    ]

    # export
    out += [
        Case("export-format", ("export", "--format", "xml"), 2),
        Case("export-to-directory", ("export", "-o", "{dir}"), 2),  # #12 point 5
        Case("export-to-device", ("export", "-o", "/dev/null"), 2),  # #12 point 5
        Case("export-under-a-file", ("export", "-o", "{dir}/a-file/x.json"), 1, files={"a-file": b"x"}),
    ]

    # remind
    r = ("remind", "--smtp-host", "127.0.0.1", "--smtp-security", "none", "--from", "robot@example.com")
    out += [
        Case("remind-port-0", ("remind", "--smtp-port", "0"), 2),
        Case("remind-port-70000", ("remind", "--smtp-port", "70000"), 2),
        Case("remind-port-text", ("remind", "--smtp-port", "abc"), 2),
        Case("remind-security", ("remind", "--smtp-security", "tls"), 2),
        Case("remind-from", ("remind", "--from", "robot at example"), 2),
        Case("remind-no-host", ("remind", "--from", "robot@example.com"), 2),
        Case("remind-no-sender", ("remind", "--smtp-host", "127.0.0.1", "--smtp-security", "none"), 2),
        Case(
            "remind-remote-plain",
            ("remind", "--smtp-host", "smtp.qq.com", "--smtp-security", "none", "--from", "a@b.cn"),
            2,
        ),
        Case(
            "remind-user-no-password",
            ("remind", "--smtp-host", "smtp.qq.com", "--smtp-user", "a@b.cn", "--from", "a@b.cn"),
            2,
        ),
        Case(
            "remind-user-non-ascii",
            ("remind", "--smtp-host", "smtp.qq.com", "--smtp-user", "李@b.cn", "--from", "a@b.cn"),
            2,
        ),
        Case("remind-cafile-missing", (*r, "--smtp-cafile", "{dir}/nope.pem"), 2),
        Case(
            "remind-cafile-not-pem", (*r, "--smtp-cafile", "{dir}/x.pem"), 2, files={"x.pem": b"not a certificate"}
        ),  # #12
    ]
    for i, d in enumerate(BAD_DATES[:12]):
        out.append(Case(f"remind-today-{i}", ("remind", "--dry-run", "--today", d), 2))

    # config
    config_cases = [
        ("smtp.password", "hunter2"),
        ("smtp.port", "abc"),
        ("smtp.port", "70000"),
        ("smtp.port", "-1"),
        ("smtp.port", "9" * 5000),
        ("smtp.security", "tls"),
        ("smtp.from", "robot at example"),
        ("remind.escalation", "boss at example"),
        ("remind.default_to", "nobody"),
        ("remind.escalate_after_days", "abc"),
        ("lang", "fr"),
        ("region", "atlantis"),  # #12
        ("region", "../guangxi"),  # #12
        ("region", "a b"),
        ("smpt.host", "x"),
        ("", "x"),
        ("smtp.host\nx", "y"),
    ]
    for i, (key, value) in enumerate(config_cases):
        out.append(Case(f"config-set-{i}", ("config", "set", key, value), 2))
    out += [
        Case("config-set-missing-value", ("config", "set", "lang"), 2),
        Case("config-unknown-subcommand", ("config", "frob"), 2),
        Case("activate-unknown-key", ("activate", "nokey"), 1),
        Case("activate-not-optional", ("activate", "leader"), 2),
        Case("activate-no-key", ("activate",), 2),
        Case("report-unknown-suffix", ("report", "-o", "r.foo"), 2),
        Case("report-bad-format", ("report", "--format", "pdf", "-o", "r"), 2),
        Case("report-bad-from", ("report", "--from", "2026-13-01", "-o", "r.md"), 2),
        Case("report-from-after-to", ("report", "--from", "2026-12-01", "--to", "2026-11-01", "-o", "r.md"), 2),
        Case("report-xlsx-to-stdout", ("report", "--format", "xlsx", "-o", "-"), 2),
        Case("report-bad-by", ("report", "--by", "dept", "-o", "r.md"), 2),
        Case("report-1900", ("report", "--from", "1900-01-01", "-o", "r.md"), 2),
        Case("notify-unknown-service", ("notify", "test", "wechat"), 2),
        Case("notify-unset", ("notify", "test", "wecom"), 2),
        Case("notify-unknown-subcommand", ("notify", "frob"), 2),
        Case("db-unknown-subcommand", ("db", "frob"), 2),
        Case("db-copy-without-target", ("db", "copy"), 2),
        Case("db-init-other-scheme", ("db", "init", "ftp://example.com/x"), 2),
        Case("db-copy-unreachable-server", ("db", "copy", "--to", "postgresql://nobody@127.0.0.1:1/x"), 2),
        Case("doctor-option", ("doctor", "--frob"), 2),
        Case("locate-option", ("locate", "--frob"), 2),
    ]
    return out


CASES = cases()
