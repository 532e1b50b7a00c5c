"""The per-robot rate limit: 企业微信 takes 20 messages a minute, so the 21st waits for the first to age out.

The throttle is given a clock that only moves when it sleeps, so the test
sees exactly how long it would wait, without waiting.
"""

from __future__ import annotations

from deadlines.remind.robots import Robot
from deadlines.remind.robots.post import Throttle


class Ticking:
    """A monotonic clock that advances by 1 s per reading and by the time slept."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        self.now += 1.0
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_the_21st_wecom_message_in_a_minute_waits_and_other_robots_do_not() -> None:
    t = Ticking()
    throttle = Throttle(clock=t.clock, sleep=t.sleep)
    group = Robot("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a")
    other = Robot("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=b")
    for _ in range(20):
        throttle.wait(group)
    assert t.slept == []  # sends 1..20 stamped at t = 1..20
    throttle.wait(other)
    assert t.slept == []  # a different group has its own limit
    throttle.wait(group)  # reads the clock at 22: the first send (t=1) leaves the window at 61
    assert t.slept == [39.0]
    feishu = Robot("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/c")
    for _ in range(21):
        throttle.wait(feishu)
    assert t.slept == [39.0]  # 飞书 takes 100 a minute
