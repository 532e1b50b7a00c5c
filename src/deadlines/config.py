"""The configuration file (`config.toml` in the config dir): schema, reading, writing.

One table, `SETTINGS`, declares every key with its type, default and help;
it drives validation, `deadlines config show` and the docs. Reading a
malformed file is a ConfigError naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deadlines.core.errors import ConfigError
from deadlines.fsutil import atomic_write_text


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] = ()


SETTINGS: tuple[Setting, ...] = (
    Setting("lang", str, "zh", "Interface language: zh or en.", ("zh", "en")),
    Setting("region", str, "", "Region overlay (a file in calendars/regions/), e.g. guangxi; empty for none."),
)
_BY_KEY = {s.key: s for s in SETTINGS}


@dataclass(frozen=True)
class Config:
    """The settings in force: the file's values over the defaults."""

    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key, _BY_KEY[key].default)


def _flatten(doc: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for k, v in doc.items():
        if isinstance(v, dict):
            flat.update(_flatten(v, f"{prefix}{k}."))
        else:
            flat[f"{prefix}{k}"] = v
    return flat


def _check(path: Path, key: str, value: Any) -> Any:
    setting = _BY_KEY.get(key)
    if setting is None:
        known = ", ".join(sorted(_BY_KEY))
        raise ConfigError(
            f"配置文件 {path} 中的键「{key}」未知。可用的键：{known}。",
            f"unknown key {key!r} in the config file {path}. Known keys: {known}.",
        )
    if not isinstance(value, setting.type) or isinstance(value, bool) and setting.type is not bool:
        raise ConfigError(
            f"配置文件 {path} 中「{key}」的值 {value!r} 类型不对，应为 {setting.type.__name__}。",
            f"{key!r} in the config file {path} is {value!r}; it must be a {setting.type.__name__}.",
        )
    if setting.choices and value not in setting.choices:
        raise ConfigError(
            f"配置文件 {path} 中「{key}」应为 {'、'.join(setting.choices)} 之一，而不是 {value!r}。",
            f"{key!r} in the config file {path} must be one of {', '.join(setting.choices)}, not {value!r}.",
        )
    return value


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
    return Config({k: _check(path, k, v) for k, v in _flatten(doc).items()})


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def save(path: Path, config: Config) -> None:
    """Write the non-default values back, grouped in TOML tables by their dotted prefix."""
    tables: dict[str, list[str]] = {}
    for key in sorted(config.values):
        table, _, name = key.rpartition(".")
        tables.setdefault(table, []).append(f"{name} = {_toml_value(config.values[key])}")
    parts = []
    for table in sorted(tables):
        header = f"[{table}]\n" if table else ""
        parts.append(header + "\n".join(tables[table]) + "\n")
    atomic_write_text(path, "\n".join(parts))
