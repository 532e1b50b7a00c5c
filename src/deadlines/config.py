"""The configuration file (`config.toml` in the config dir): schema, reading, writing.

One table, `SETTINGS`, declares every key with its type, default and help;
it drives validation, `deadlines config show|set` and the docs. Reading a
malformed file is a ConfigError naming the file and the key. No password is
ever a setting: the SMTP password comes from the environment or a command.
The group-robot webhooks and signing secrets (`notify.*`) are settings, marked
`secret`, and are shown masked. The free-form tables `notify.routes` and
`notify.people` are kept as read (`Config.tables`); `app.channels` checks them.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deadlines.core.errors import ConfigError, InputError
from deadlines.core.i18n import Text
from deadlines.core.validation import EMAIL, check_region_name
from deadlines.fsutil import atomic_write_text

if TYPE_CHECKING:
    from email.headerregistry import Address

PASSWORD_ENV = "DEADLINES_SMTP_PASSWORD"


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    bounds: tuple[int, int] | None = None
    """For int settings: the smallest and largest value allowed."""
    address: bool = False
    """A mail address (`name@example.com` or `Name <name@example.com>`), or empty."""
    secret: bool = False
    """A webhook URL or signing secret: shown masked, never printed."""


SETTINGS: tuple[Setting, ...] = (
    Setting("lang", str, "zh", "Interface and reminder-mail language: zh or en.", ("zh", "en")),
    Setting("region", str, "", "Region overlay (a file in calendars/regions/), e.g. guangxi; empty for none."),
    Setting(
        "store.url",
        str,
        "",
        "The database when --db and DEADLINES_DB are not given: a file path, or postgresql://user@host/db "
        "for a team's server (password from PGPASSWORD, ~/.pgpass or store.password_command).",
    ),
    Setting(
        "store.password_command",
        str,
        "",
        "A command that prints the PostgreSQL password (e.g. pass show deadlines/db); never stored here.",
    ),
    Setting("smtp.host", str, "", "SMTP server for reminder mail, e.g. smtp.qq.com, smtp.163.com, smtp.exmail.qq.com."),
    Setting(
        "smtp.port",
        int,
        0,
        "SMTP port; 0 means the usual one for smtp.security (465 ssl, 587 starttls, 25 none).",
        bounds=(0, 65535),
    ),
    Setting(
        "smtp.security",
        str,
        "ssl",
        "ssl: TLS from the first byte (port 465, what QQ/163 mail want); starttls: upgrade on port 587; "
        "none: no encryption, only for a relay on this machine (localhost).",
        ("ssl", "starttls", "none"),
    ),
    Setting("smtp.user", str, "", "Login name; empty to send without logging in (a local relay)."),
    Setting(
        "smtp.from",
        str,
        "",
        "Sender address, optionally with a name: 合规提醒 <compliance@example.com>.",
        address=True,
    ),
    Setting(
        "smtp.password_command",
        str,
        "",
        f"A command that prints the SMTP password (or 授权码), e.g. `pass show mail/smtp`; "
        f"used when {PASSWORD_ENV} is not set. The password itself is never stored.",
    ),
    Setting(
        "smtp.cafile",
        str,
        "",
        "A PEM file of the CA (or self-signed certificate) to trust instead of the system's, for a local test server. "
        "Certificates are always verified.",
    ),
    Setting("smtp.timeout", int, 30, "Seconds to wait on the SMTP server (connect, each reply).", bounds=(1, 600)),
    Setting(
        "remind.escalation",
        str,
        "",
        "Address that also gets items overdue by more than escalate_after_days; empty for none.",
        address=True,
    ),
    Setting(
        "remind.admin",
        str,
        "",
        "Address of whoever runs deadlines: one mail a day with what only they can act on (next year's calendar "
        "missing, dates that cannot be computed, obligations with no owner, bad owner addresses), with the commands "
        "to run; empty: remind only says so on stderr.",
        address=True,
    ),
    Setting(
        "remind.default_to",
        str,
        "",
        "Address that gets the reminders of obligations with no owner; empty: such reminders go to nobody "
        "(remind says so on every run).",
        address=True,
    ),
    Setting(
        "remind.escalate_after_days",
        int,
        7,
        "Days overdue after which an item also goes to remind.escalation.",
        bounds=(0, 3650),
    ),
    Setting(
        "notify.wecom",
        str,
        "",
        "企业微信 group robot webhook (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…): the default group.",
        secret=True,
    ),
    Setting(
        "notify.dingtalk",
        str,
        "",
        "钉钉 custom robot webhook (https://oapi.dingtalk.com/robot/send?access_token=…): the default group.",
        secret=True,
    ),
    Setting("notify.dingtalk_secret", str, "", "钉钉 加签 secret (SEC…), when the robot has 加签 on.", secret=True),
    Setting(
        "notify.feishu",
        str,
        "",
        "飞书 custom bot webhook (https://open.feishu.cn/open-apis/bot/v2/hook/…): the default group.",
        secret=True,
    ),
    Setting("notify.feishu_secret", str, "", "飞书 签名校验 secret, when the bot has it on.", secret=True),
    Setting("notify.timeout", int, 10, "Seconds to wait on a group robot's server.", bounds=(1, 120)),
)
BY_KEY = {s.key: s for s in SETTINGS}
TABLES = ("notify.routes", "notify.people")
"""Tables of named entries kept as read: routing of items to other groups, and who to @-mention."""


@dataclass(frozen=True)
class Config:
    """The settings in force: the file's values over the defaults."""

    values: dict[str, Any]
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    """`notify.routes` and `notify.people` as read: {name: {key: value}}."""

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key, BY_KEY[key].default)

    def with_value(self, key: str, value: Any) -> Config:
        return Config({**self.values, key: value}, self.tables)


def shown(key: str, value: Any) -> str:
    """A value as `config show` prints it: a secret is masked (a URL keeps only its host)."""
    if not BY_KEY[key].secret or not value:
        return toml_value(value)
    from urllib.parse import urlsplit

    host = urlsplit(value).netloc if "://" in value else ""
    return json.dumps(f"{urlsplit(value).scheme}://{host}/***" if host else "***")


def _flatten(doc: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for k, v in doc.items():
        if isinstance(v, dict):
            flat.update(_flatten(v, f"{prefix}{k}."))
        else:
            flat[f"{prefix}{k}"] = v
    return flat


def setting(key: str, where: Text) -> Setting:
    """The declared setting `key`, or a ConfigError listing the known keys (`where` says whose key it was)."""
    found = BY_KEY.get(key)
    if found is not None:
        return found
    if key.endswith("password"):
        raise ConfigError(
            f"{where.zh}中的「{key}」不可用：密码不保存在配置里。请设置环境变量 {PASSWORD_ENV}，"
            "或用 deadlines config set smtp.password_command '命令' 给出读取密码的命令。",
            f"{key!r} in {where.en} is not allowed: passwords are never stored in the config. Set {PASSWORD_ENV}, "
            "or give a command that prints it: deadlines config set smtp.password_command 'COMMAND'.",
        )
    known = ", ".join(sorted(BY_KEY))
    raise ConfigError(
        f"{where.zh}中的键「{key}」未知。可用的键：{known}。",
        f"unknown key {key!r} in {where.en}. Known keys: {known}.",
    )


def check(key: str, value: Any, where: Text) -> Any:
    """`value` if it suits setting `key`, else a ConfigError that says what it should be."""
    s = setting(key, where)
    if not _typed(value, s):
        raise ConfigError(
            f"{where.zh}中「{key}」的值 {value!r} 类型不对，应为 {s.type.__name__}。",
            f"{key!r} in {where.en} is {value!r}; it must be a {s.type.__name__}.",
        )
    if s.choices and value not in s.choices:
        raise ConfigError(
            f"{where.zh}中「{key}」应为 {'、'.join(s.choices)} 之一，而不是 {value!r}。",
            f"{key!r} in {where.en} must be one of {', '.join(s.choices)}, not {value!r}.",
        )
    if s.address and value:
        try:
            parse_address(value)
        except InputError as e:
            raise ConfigError(f"{where.zh}中「{key}」：{e.text.zh}", f"{key!r} in {where.en}: {e.text.en}") from None
    if key == "region" and value:
        try:
            check_region_name(value)
        except InputError as e:
            raise ConfigError(f"{where.zh}中「{key}」：{e.text.zh}", f"{key!r} in {where.en}: {e.text.en}") from None
    if s.bounds and not s.bounds[0] <= value <= s.bounds[1]:
        lo, hi = s.bounds
        raise ConfigError(
            f"{where.zh}中「{key}」应在 {lo} 到 {hi} 之间，而不是 {value}。",
            f"{key!r} in {where.en} must be from {lo} to {hi}, not {value}.",
        )
    return value


def _typed(value: Any, s: Setting) -> bool:
    return isinstance(value, s.type) and (s.type is bool or not isinstance(value, bool))


def parse_address(text: str) -> Address:
    """One mail address, `name@example.com` or `合规提醒 <name@example.com>`, or an InputError quoting it.

    Stricter than a pattern: the address must also be one an e-mail header can
    carry as it is (an ASCII local part, no `..`), since that is where it goes.
    """
    from email.headerregistry import Address
    from email.utils import getaddresses

    found = getaddresses([text])
    try:
        if len(found) != 1 or not EMAIL.match(found[0][1]):
            raise ValueError(text)
        name, addr = found[0]
        return Address(display_name=name, addr_spec=addr)
    except ValueError:
        raise InputError(
            f"「{text}」不是可用的邮箱地址，应如 name@example.com 或 名字 <name@example.com>。",
            f"{text!r} is not a usable mail address like name@example.com or Name <name@example.com>.",
        ) from None


def parse_value(key: str, text: str, where: Text) -> Any:
    """A value typed on the command line, converted to the setting's type and checked."""
    if setting(key, where).type is int:
        try:
            number = int(text)
        except ValueError:
            raise ConfigError(
                f"{where.zh}中「{key}」应为整数，而不是「{text}」。",
                f"{key!r} in {where.en} must be a whole number, not {text!r}.",
            ) from None
        return check(key, number, where)
    value = check(key, text, where)
    if key == "region" and value:
        check_region_exists(value)
    return value


def known_regions() -> list[str]:
    """The regions shipped in calendars/regions/, by name."""
    from deadlines import paths

    return sorted(p.stem for p in (paths.shipped("calendars") / "regions").glob("*.json"))


def check_region_exists(name: str) -> str:
    """`name` if calendars/regions/ has it, else an InputError listing the regions there are (exit 2)."""
    known = known_regions()
    if name not in known:
        raise InputError(
            f"没有地区「{name}」。可用的地区：{'、'.join(known) or '无'}。",
            f"no region {name!r}. Known regions: {', '.join(known) or 'none'}.",
        )
    return name


def load(path: Path) -> Config:
    """The configuration from `path` (defaults when the file does not exist)."""
    if not path.exists():
        return Config({})
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(
            f"配置文件 {path} 无法解析：{e}。请修正或删除该文件。",
            f"the config file {path} cannot be read: {e}. Fix or delete it.",
        ) from None
    where = Text(f"配置文件 {path} ", f"the config file {path}")
    tables = {name: _table(doc, name, where) for name in TABLES}
    return Config({k: check(k, v, where) for k, v in _flatten(doc).items()}, {k: v for k, v in tables.items() if v})


def _table(doc: dict[str, Any], name: str, where: Text) -> dict[str, Any]:
    """Take the table `name` (dotted) out of `doc`: {entry: {key: value}}, or a ConfigError."""
    parent, _, leaf = name.rpartition(".")
    holder = doc.get(parent, {})
    found = holder.pop(leaf, {}) if isinstance(holder, dict) else {}
    if not isinstance(found, dict) or not all(isinstance(v, dict) for v in found.values()):
        raise ConfigError(
            f"{where.zh}中的「{name}」应是一组表，如 [{name}.名称]。",
            f"{name!r} in {where.en} must be a set of tables like [{name}.NAME].",
        )
    return found


def toml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def save(path: Path, config: Config) -> None:
    """Write the values back, grouped in TOML tables by their dotted prefix."""
    tables: dict[str, list[str]] = {}
    for key in sorted(config.values):
        table, _, name = key.rpartition(".")
        tables.setdefault(table, []).append(f"{name} = {toml_value(config.values[key])}")
    parts = []
    for table in sorted(tables):
        header = f"[{table}]\n" if table else ""
        parts.append(header + "\n".join(tables[table]) + "\n")
    for name, entries in sorted(config.tables.items()):
        for entry, body in entries.items():
            lines = [f"{k} = {toml_value(v)}" for k, v in body.items()]
            parts.append(f"[{name}.{json.dumps(entry, ensure_ascii=False)}]\n" + "\n".join(lines) + "\n")
    atomic_write_text(path, "\n".join(parts))
