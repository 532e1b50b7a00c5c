"""The group-robot part of a remind run: route items to groups, plan against the send log, send, record.

Configuration (config.toml):

* `notify.wecom`, `notify.dingtalk` (+ `notify.dingtalk_secret`),
  `notify.feishu` (+ `notify.feishu_secret`): the default groups.
* `[notify.routes.NAME]` with any of `owners`, `tags`, `profiles` (lists) and
  its own `wecom`/`dingtalk`/`feishu` (+ secrets): an item matching a route
  (any owner, any tag, or its profile) goes to that route's groups; an item
  no route matches goes to the default groups.
* `[notify.people."owner@example.com"]` with `wecom` (userid), `mobile`
  (钉钉 @), `feishu` (open_id): how to @-mention an owner in each service.

Each group is a recipient of the same send log as the mail, named by its
target id (`wecom:3f9a1c2b7d`): the planner (`remind.plan`) runs once per
group over the items routed to it, so a reminder is recorded per
(obligation, occurrence, stage, group), a second run sends nothing, and a
group that failed gets the same reminders on the next run. One message per
group per run; what does not fit the service's size limit is counted in it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Any

from deadlines.app.workspace import Workspace
from deadlines.config import Config
from deadlines.core.agenda import Item
from deadlines.core.calendar import Coverage
from deadlines.core.clock import Clock
from deadlines.core.errors import ConfigError, DeliveryError
from deadlines.core.i18n import Text
from deadlines.core.models import Obligation
from deadlines.remind.letter import owner_warning
from deadlines.remind.plan import failed_rows, plan, sent_rows
from deadlines.remind.robots import SERVICES, Robot, Service, post
from deadlines.remind.robots.board import Board, Line, compose_board
from deadlines.store.ledger import Ledger

Say = Callable[[Text], None]
_ROUTE_LISTS = ("owners", "tags", "profiles")
_ROBOT_KEYS = ("wecom", "dingtalk", "dingtalk_secret", "feishu", "feishu_secret")
_PEOPLE_KEYS = ("wecom", "mobile", "feishu")


@dataclass(frozen=True)
class Route:
    """Items of these owners, tags or profiles go to these groups."""

    name: str
    owners: frozenset[str]
    tags: frozenset[str]
    profiles: frozenset[str]
    robots: tuple[Robot, ...]

    def matches(self, ob: Obligation) -> bool:
        return bool(
            self.owners & {o.lower() for o in ob.owners}
            or self.tags & set(ob.tags)
            or (ob.profile is not None and ob.profile in self.profiles)
        )


@dataclass(frozen=True)
class Channels:
    """The groups configured: the default ones, the routes, and how to mention each owner."""

    default: tuple[Robot, ...]
    routes: tuple[Route, ...]
    people: dict[str, dict[str, str]]
    timeout: int

    @property
    def configured(self) -> bool:
        return bool(self.default or self.routes)

    def groups_of(self, ob: Obligation) -> tuple[Robot, ...]:
        """The groups an obligation's reminders go to."""
        routed = [robot for route in self.routes if route.matches(ob) for robot in route.robots]
        return tuple(routed) if routed else self.default


def service_module(service: Service) -> ModuleType:
    """The module that renders and signs messages for `service`."""
    import importlib

    return importlib.import_module(f"deadlines.remind.robots.{service}")


def read(settings: Config) -> Channels:
    """The channels in the settings, or a ConfigError naming the table and key that is wrong."""
    default = _robots({k.removeprefix("notify."): settings[f"notify.{k}"] for k in _ROBOT_KEYS}, "notify")
    routes = []
    for name, entry in settings.tables.get("notify.routes", {}).items():
        where = f"notify.routes.{name}"
        _known(entry, (*_ROUTE_LISTS, *_ROBOT_KEYS), where)
        lists = {}
        for key in _ROUTE_LISTS:
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"「{where}.{key}」应是字符串列表。", f"{where}.{key} must be a list of strings.")
            lists[key] = frozenset(v.lower() if key == "owners" else v for v in value)
        if not any(lists.values()):
            raise ConfigError(
                f"「{where}」没有 owners、tags 或 profiles，不会匹配任何义务。",
                f"{where} has no owners, tags or profiles, so it matches nothing.",
            )
        robots = _robots({k: entry.get(k, "") for k in _ROBOT_KEYS}, where)
        if not robots:
            raise ConfigError(
                f"「{where}」没有群机器人（wecom、dingtalk 或 feishu）。",
                f"{where} names no group robot (wecom, dingtalk or feishu).",
            )
        routes.append(Route(name, lists["owners"], lists["tags"], lists["profiles"], robots))
    people = {}
    for owner, entry in settings.tables.get("notify.people", {}).items():
        _known(entry, _PEOPLE_KEYS, f"notify.people.{owner}")
        people[owner.lower()] = {k: str(v) for k, v in entry.items()}
    return Channels(default, tuple(routes), people, settings["notify.timeout"])


def _known(entry: Mapping[str, Any], keys: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(entry) - set(keys))
    if unknown:
        raise ConfigError(
            f"「{where}」中的键 {'、'.join(unknown)} 未知；可用的键：{'、'.join(keys)}。",
            f"unknown key(s) {', '.join(unknown)} in {where}; known keys: {', '.join(keys)}.",
        )


def _robots(values: Mapping[str, Any], where: str) -> tuple[Robot, ...]:
    out = []
    for service in SERVICES:
        url = values.get(service, "")
        if not isinstance(url, str) or not url:
            continue
        if not url.startswith(("https://", "http://")):
            raise ConfigError(
                f"「{where}.{service}」应是机器人的 webhook 地址（https://…）。",
                f"{where}.{service} must be the robot's webhook URL (https://…).",
            )
        out.append(Robot(service, url, str(values.get(f"{service}_secret", "") or "")))
    return tuple(out)


def mail_wanted(settings: Config, smtp_host: str) -> bool:
    """Mail goes when an SMTP server is set, or when no group is (then its absence is the error)."""
    return bool(smtp_host) or not read(settings).configured


@dataclass
class Result:
    """What the channel part of a run did: messages sent, their failures, the previews of a dry run."""

    sent: int = 0
    failures: list[DeliveryError] = field(default_factory=list)
    previews: list[str] = field(default_factory=list)


def run(ws: Workspace, ledger: Ledger, calendars: Coverage, *, dry_run: bool, say: Say) -> Result:
    """Send each configured group its one message of today's reminders (or preview it), recording each outcome."""
    result = Result()
    chans = read(ws.settings)
    if not chans.configured:
        return result
    sends = ledger.snapshot.sends
    missing = ws.today.year + 1 if calendars.next_year_missing else None
    throttle = post.Throttle()
    for robot, items in route(ledger.agenda(ws.calendar_for, ws.today), chans).items():
        owners = {i.obligation.key: tuple(o.lower() for o in i.obligation.owners) for i in items}
        anonymous = [replace(i, obligation=replace(i.obligation, owners=())) for i in items]
        digests = plan(anonymous, sends, ws.calendar_for, ws.today, default_to=robot.target, missing_year=missing)
        for digest in digests.digests:
            board = compose_board(digest, owners, ws.lang, owner_warning(calendars, ws.today))
            body = service_module(robot.service).render(board, chans.people, ws.lang)
            message_id = f"{robot.target}/{digest.fingerprint}"
            if dry_run:
                result.previews.append(f"== {robot.label} ==\n{json.dumps(body, ensure_ascii=False, indent=2)}\n")
                result.sent += 1
                continue
            try:
                deliver(robot, body, chans.timeout, throttle)
            except DeliveryError as error:
                result.failures.append(error)
                ws.store.record_sends(
                    failed_rows(digest, sends, message_id=message_id, at=ws.clock.stamp(), error=error.text.en)
                )
                say(error.text)
                continue
            ws.store.record_sends(sent_rows(digest, sends, message_id=message_id, at=ws.clock.stamp()))
            result.sent += 1
            n = len(digest.entries)
            say(
                Text(
                    f"已发到{robot.label.zh}：1 条消息（{n} 项）。", f"sent to {robot.label.en}: 1 message ({n} items)."
                )
            )
    return result


def route(items: Iterable[Item], chans: Channels) -> dict[Robot, list[Item]]:
    """Each group with the items whose reminders go to it, groups in the order first met."""
    by_target: dict[str, tuple[Robot, list[Item]]] = {}
    for item in items:
        for robot in chans.groups_of(item.obligation):
            by_target.setdefault(robot.target, (robot, []))[1].append(item)
    return {robot: its for robot, its in by_target.values()}


def deliver(robot: Robot, body: dict[str, Any], timeout: int, throttle: post.Throttle) -> dict[str, Any]:
    """Sign and send one message (waiting first if the robot's rate limit needs it); the service's reply."""
    throttle.wait(robot)
    url, signed = service_module(robot.service).signed(robot, body, Clock().now().timestamp())
    return post.send(robot, url, signed, timeout)


def test(ws: Workspace, service: Service, route: str | None = None) -> tuple[Robot, dict[str, Any]]:
    """Send one test message to the default group of `service` (or a route's); the robot and the service's reply."""
    chans = read(ws.settings)
    if route is not None:
        found = next((r for r in chans.routes if r.name == route), None)
        if found is None:
            names = [r.name for r in chans.routes]
            raise ConfigError(
                f"没有路由 notify.routes.{route}。已有的路由：{'、'.join(names) or '无'}。",
                f"no route notify.routes.{route}. Routes: {', '.join(names) or 'none'}.",
            )
        robots, where = found.robots, f"notify.routes.{route}.{service}"
    else:
        robots, where = chans.default, f"notify.{service}"
    robot = next((r for r in robots if r.service == service), None)
    if robot is None:
        raise ConfigError(
            f"没有设置 {where}：deadlines config set notify.{service} WEBHOOK地址（路由在 config.toml 中设置）。",
            f"{where} is not set: deadlines config set notify.{service} WEBHOOK_URL (routes are set in config.toml).",
        )
    t = Text(
        f"deadlines notify test：{ws.clock.stamp()}。看到这条消息，说明群机器人设置正确。",
        f"deadlines notify test: {ws.clock.stamp()}. If you see this, the group robot is set up correctly.",
    )
    title = Text("【合规提醒】测试消息", "[deadlines] test message").render(ws.lang)
    board = Board(title, (), ((Text("测试", "Test").render(ws.lang), (Line(t.render(ws.lang), ()),)),), "")
    body = service_module(service).render(board, chans.people, ws.lang)
    return robot, deliver(robot, body, chans.timeout, post.Throttle())
