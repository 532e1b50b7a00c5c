"""`deadlines remind` to 企业微信, 钉钉 and 飞书 groups, against a local stand-in of the services (robot_server).

Dates (official 2026 calendar), as in tests/cli/test_remind.py: 积分奖励申请 is
the window 12-01..12-15, so on 11-15 its 30日 stage begins; 基础学分登记 is due
2026-10-20 (10 working days after 09-30, over National Day), so on 11-15 it
is 26 days overdue (its weekly overdue series is at overdue+21).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from deadlines.store import Store
from tests.channels.robot_server import RobotServer

ADDED = "2026-11-01"
LI, WANG = "li@example.com", "wang@example.com"
WECOM_KEY = "693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa"
DING_TOKEN = "b1e0c9d8a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918ffeeddcc"
DING_SECRET = "SEC5a3ecf88f2b3eb50db30ecfc00f53033ac909c99bf7f88fd612bda89d7f3a9dc"
FEISHU_TOKEN = "2f4e6a8c-1b3d-4f5a-9c7e-0d2b4f6a8c1e"
FEISHU_SECRET = "qZ3kYv8mW1xT5rB9nL2c"
SECRETS = (WECOM_KEY, DING_TOKEN, DING_SECRET, FEISHU_TOKEN, FEISHU_SECRET)
PEOPLE = f"""
[notify.people."{LI}"]
wecom = "LiSi"
mobile = "13800001111"
feishu = "ou_7d8a6e6df7621556ce0d21922b676706ccs"
"""


@pytest.fixture
def robots() -> Iterator[RobotServer]:
    server = RobotServer(secrets={DING_TOKEN: DING_SECRET, FEISHU_TOKEN: FEISHU_SECRET}).start()
    yield server
    server.stop()


@pytest.fixture
def db(isolated_home: Path) -> Path:
    return isolated_home / "deadlines.json"


@pytest.fixture
def two(cli):
    add = ("--today", ADDED, "add")
    cli(*add, "积分奖励申请", "--rule", "每年12月1日至12月15日", "--key", "cas-window", "--owner", LI, "--owner", WANG,
        "--tag", "积分")  # fmt: skip
    cli(*add, "基础学分登记", "--rule", "培训结束后10个工作日内", "--start", "2026-09-30", "--key", "cas-basic",
        "--owner", LI)  # fmt: skip
    return cli


def configure(home: Path, server: RobotServer, *, ding_secret: str = DING_SECRET, extra: str = PEOPLE) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        f"""[notify]
wecom = "{server.url("wecom", WECOM_KEY)}"
dingtalk = "{server.url("dingtalk", DING_TOKEN)}"
dingtalk_secret = "{ding_secret}"
feishu = "{server.url("feishu", FEISHU_TOKEN)}"
feishu_secret = "{FEISHU_SECRET}"
{extra}""",
        encoding="utf-8",
    )


def group_rows(db: Path) -> dict[tuple[str, str, str], str]:
    """(key, stage, service) -> state, for the rows of group recipients."""
    return {
        (r["key"], r["stage"], r["recipient"].split(":")[0]): r["state"]
        for r in Store(db).sends().values()
        if ":" in r["recipient"]
    }


def feishu_elements(received) -> list[dict]:
    post = received.body["content"]["post"]["zh_cn"]
    return [element for paragraph in post["content"] for element in paragraph]


def test_each_group_gets_one_signed_message_mentioning_the_owner(two, robots, db, isolated_home) -> None:
    configure(isolated_home, robots)
    r = two("remind", "--today", "2026-11-15")
    assert r.exit_code == 0, r.stderr
    assert [x.service for x in robots.received] == ["wecom", "dingtalk", "feishu"]
    assert all(x.accepted for x in robots.received), [x.reply for x in robots.received]
    wecom, ding, feishu = robots.received
    content = wecom.body["markdown"]["content"]
    assert content.startswith("## 【合规提醒】2026-11-15：逾期 1 项，即将到期 1 项")
    assert "**已逾期（1 项）**" in content and "**即将到期（1 项）**" in content
    overdue_line = next(line for line in content.splitlines() if "基础学分登记" in line)
    assert "2026-10-20（周二） · 已逾期 26 天（18 个工作日）" in overdue_line and "<@LiSi>" in overdue_line
    window_line = next(line for line in content.splitlines() if "积分奖励申请" in line)
    assert "<@LiSi>" in window_line and WANG in window_line  # wang has no 企业微信 userid: named, not mentioned
    assert "窗口 2026-12-01–2026-12-15" in window_line
    assert ding.query["timestamp"] and ding.query["sign"]  # 加签 in the query, checked by the server
    assert ding.body["at"] == {"atMobiles": ["13800001111"], "isAtAll": False}
    assert "@13800001111" in ding.body["markdown"]["text"]  # 钉钉 shows the mention only if the text has it
    assert ding.body["markdown"]["title"] == "【合规提醒】2026-11-15：逾期 1 项，即将到期 1 项"
    assert feishu.body["timestamp"] and feishu.body["sign"]
    ats = [e for e in feishu_elements(feishu) if e["tag"] == "at"]
    assert ats == [{"tag": "at", "user_id": "ou_7d8a6e6df7621556ce0d21922b676706ccs"}] * 2
    assert "已发到企业微信 wecom:" in r.stderr and "（2 项）" in r.stderr
    rows = group_rows(db)
    for service in ("wecom", "dingtalk", "feishu"):
        assert rows[("cas-basic", "overdue+21", service)] == "sent"
        assert rows[("cas-window", "30日", service)] == "sent"


def test_a_second_run_sends_nothing(two, robots, isolated_home) -> None:
    configure(isolated_home, robots)
    assert two("remind", "--today", "2026-11-15").exit_code == 0
    again = two("remind", "--today", "2026-11-15")
    assert again.exit_code == 0 and "没有需要发送的提醒" in again.stderr
    assert len(robots.received) == 3
    later = two("remind", "--today", "2026-11-16")  # no new stage began: still nothing
    assert later.exit_code == 0 and len(robots.received) == 3


def test_a_bad_signature_exits_1_naming_the_channel_and_is_retried(two, robots, db, isolated_home) -> None:
    configure(isolated_home, robots, ding_secret="SECwrong0000000000000000000000000000")
    r = two("remind", "--today", "2026-11-15")
    assert r.exit_code == 1
    assert "钉钉 dingtalk:" in r.stderr and "errcode 310000" in r.stderr and "下次运行时会重试" in r.stderr
    assert [(x.service, x.accepted) for x in robots.received] == [
        ("wecom", True),
        ("dingtalk", False),
        ("feishu", True),
    ]
    rows = group_rows(db)
    assert rows[("cas-basic", "overdue+21", "dingtalk")] == "failed"
    assert rows[("cas-basic", "overdue+21", "wecom")] == "sent"
    configure(isolated_home, robots)  # the right secret
    retry = two("remind", "--today", "2026-11-15")
    assert retry.exit_code == 0, retry.stderr
    assert [(x.service, x.accepted) for x in robots.received[3:]] == [("dingtalk", True)]
    assert group_rows(db)[("cas-basic", "overdue+21", "dingtalk")] == "sent"
    assert Store(db).sends()[next(k for k in Store(db).sends() if "|dingtalk:" in k)]["attempts"] == 2


def test_an_errcode_reply_is_a_failure_even_with_http_200(two, robots, isolated_home) -> None:
    configure(isolated_home, robots)
    robots.forced[WECOM_KEY] = {"errcode": 45009, "errmsg": "api freq out of limit"}
    r = two("remind", "--today", "2026-11-15")
    assert r.exit_code == 1 and "企业微信 wecom:" in r.stderr and "errcode 45009" in r.stderr
    del robots.forced[WECOM_KEY]
    assert two("remind", "--today", "2026-11-15").exit_code == 0
    assert [x.service for x in robots.received[3:]] == ["wecom"]


def test_secrets_never_appear_in_output_errors_or_config_show(two, robots, isolated_home, cli) -> None:
    configure(isolated_home, robots, ding_secret="SECwrong0000000000000000000000000000")
    outputs = []
    for args in (("remind", "--today", "2026-11-15"), ("remind", "--today", "2026-11-15", "--dry-run"),
                 ("config", "show"), ("config", "show", "--json"), ("notify", "test", "dingtalk")):  # fmt: skip
        result = cli(*args)
        outputs.append(result.stdout + result.stderr)
    robots.stop()  # now the server is gone: a connection error must not show the URL either
    down = cli("remind", "--today", "2026-11-16")
    assert down.exit_code == 1 and "钉钉 dingtalk:" in down.stderr and "Connection refused" in down.stderr
    outputs.append(down.stdout + down.stderr)
    everything = "\n".join(outputs)
    for secret in (*SECRETS, "SECwrong0000000000000000000000000000"):
        assert secret not in everything
    assert '"http://127.0.0.1:' in everything and "/***" in everything  # config show: host kept, rest masked
    robots.start()  # for the fixture's stop


def test_dry_run_previews_the_group_messages_and_sends_nothing(two, robots, db, isolated_home) -> None:
    configure(isolated_home, robots)
    r = two("remind", "--today", "2026-11-15", "--dry-run")
    assert r.exit_code == 0, r.stderr
    assert robots.received == [] and group_rows(db) == {}
    assert "== 企业微信 wecom:" in r.stdout and "<@LiSi>" in r.stdout and '"atMobiles"' in r.stdout


def test_routes_send_tagged_items_to_their_own_group(two, robots, isolated_home) -> None:
    route = f"""
[notify.routes.jifen]
tags = ["积分"]
wecom = "{robots.url("wecom", "route-key-for-the-credit-team")}"
"""
    configure(isolated_home, robots, extra=route)
    assert two("remind", "--today", "2026-11-15").exit_code == 0
    by_token = {x.token: x.body for x in robots.of("wecom")}
    assert "积分奖励申请" in by_token["route-key-for-the-credit-team"]["markdown"]["content"]
    assert "基础学分登记" not in by_token["route-key-for-the-credit-team"]["markdown"]["content"]
    default = by_token[WECOM_KEY]["markdown"]["content"]
    assert "基础学分登记" in default and "积分奖励申请" not in default
    assert WANG in by_token["route-key-for-the-credit-team"]["markdown"]["content"]  # no people entry: named


def test_a_long_digest_is_cut_to_the_wecom_limit_and_counts_the_rest(cli, robots, db, isolated_home) -> None:
    configure(isolated_home, robots)
    for n in range(60):
        cli("--today", ADDED, "add", f"第{n:02d}项 国家标准化管理委员会关于团体标准自我声明公开的年度报送义务（示例）",
            "--rule", "培训结束后10个工作日内", "--start", "2026-09-30", "--key", f"item-{n:02d}", "--owner", LI)  # fmt: skip
    r = cli("remind", "--today", "2026-11-15")
    assert r.exit_code == 0, r.stderr
    (wecom,) = robots.of("wecom")
    content = wecom.body["markdown"]["content"]
    assert len(content.encode("utf-8")) <= 4096
    shown = sum("国家标准化管理委员会" in line for line in content.splitlines())
    assert 5 < shown < 60
    assert f"还有 {60 - shown} 项，见邮件/终端" in content
    (ding,) = robots.of("dingtalk")
    assert "还有" not in ding.body["markdown"]["text"]  # 60 lines fit in 钉钉's 20000 bytes
    rows = [k for k in Store(db).sends() if "|wecom:" in k and k.startswith("item-")]
    assert len(rows) == 60  # the message accounted for all of them


def test_mail_may_be_unset_when_a_group_is_set_but_not_both(cli, robots, isolated_home) -> None:
    cli("--today", ADDED, "add", "基础学分登记", "--rule", "培训结束后10个工作日内", "--start", "2026-09-30")
    nothing = cli("remind", "--today", "2026-11-15")
    assert nothing.exit_code == 2 and "smtp.host" in nothing.stderr  # no mail, no group: the usual error
    configure(isolated_home, robots, extra="")
    r = cli("remind", "--today", "2026-11-15")
    assert r.exit_code == 0, r.stderr
    assert len(robots.received) == 3  # the item has no owner: it still goes to the groups


def test_notify_test_sends_one_message_and_prints_the_answer(cli, robots, isolated_home) -> None:
    configure(isolated_home, robots)
    r = cli("notify", "test", "feishu")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["code"] == 0
    (sent,) = robots.received
    assert sent.accepted and "deadlines notify test" in json.dumps(sent.body, ensure_ascii=False)
    route = f'[notify.routes.credit]\ntags = ["积分"]\nwecom = "{robots.url("wecom", "credit-team-key")}"\n'
    configure(isolated_home, robots, extra=route)
    assert cli("notify", "test", "wecom", "--route", "credit").exit_code == 0
    assert robots.received[-1].token == "credit-team-key" and robots.received[-1].accepted
    unknown = cli("notify", "test", "wecom", "--route", "nope")
    assert unknown.exit_code == 2 and "notify.routes.nope" in unknown.stderr and "credit" in unknown.stderr
    isolated_home.joinpath("config.toml").write_text("", encoding="utf-8")
    missing = cli("notify", "test", "wecom")
    assert missing.exit_code == 2 and "deadlines config set notify.wecom" in missing.stderr


def test_a_route_with_an_unknown_key_is_a_config_error(cli, robots, isolated_home) -> None:
    configure(isolated_home, robots, extra='[notify.routes.x]\ntag = ["积分"]\nwecom = "https://example.invalid/x"\n')
    cli("--today", ADDED, "add", "基础学分登记", "--rule", "培训结束后10个工作日内", "--start", "2026-09-30")
    r = cli("remind", "--today", "2026-11-15")
    assert r.exit_code == 2 and "notify.routes.x" in r.stderr and "tag" in r.stderr


def test_config_set_keeps_the_routing_tables(cli, robots, isolated_home) -> None:
    configure(isolated_home, robots)
    assert cli("config", "set", "notify.timeout", "5").exit_code == 0
    text = isolated_home.joinpath("config.toml").read_text(encoding="utf-8")
    assert f'[notify.people."{LI}"]' in text and 'mobile = "13800001111"' in text and "timeout = 5" in text


def test_mail_and_groups_go_in_one_run_under_one_send_log(two, robots, db, isolated_home) -> None:
    from tests.smtp_server import SmtpServer, free_port, recipients

    configure(isolated_home, robots)
    smtp = SmtpServer("none", free_port(), None, None).start()  # type: ignore[arg-type]
    try:
        r = two("remind", "--today", "2026-11-15", *smtp.options())
        assert r.exit_code == 0, r.stderr
        assert recipients(smtp.messages) == [LI, WANG] and len(robots.received) == 3
        assert "已发送 2 封提醒" in r.stderr
        again = two("remind", "--today", "2026-11-15", *smtp.options())
        assert again.exit_code == 0 and len(smtp.messages) == 2 and len(robots.received) == 3
    finally:
        smtp.stop()
    recipients_logged = {row["recipient"].split(":")[0] for row in Store(db).sends().values()}
    assert recipients_logged == {LI, WANG, "wecom", "dingtalk", "feishu"}
