"""Where things live: the data dir, the database, config, shipped data.

The one place paths are decided. `DEADLINES_HOME`, when set, holds
everything (database, config, user calendars), which is what tests and
scripts use; otherwise the platform's user data and config dirs (XDG on
Linux). Functions, not constants, and nothing is created by asking.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "deadlines"
_PACKAGE_DATA = Path(__file__).parent / "_data"
_REPO_ROOT = Path(__file__).resolve().parents[2]


def home() -> Path | None:
    value = os.environ.get("DEADLINES_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """The data dir: DEADLINES_HOME, else the platform's user data dir."""
    return home() or platformdirs.user_data_path(APP, appauthor=False)


def config_dir() -> Path:
    """The config dir: DEADLINES_HOME, else the platform's user config dir."""
    return home() or platformdirs.user_config_path(APP, appauthor=False)


def config_file() -> Path:
    return config_dir() / "config.toml"


def db_file(override: Path | None = None) -> Path:
    """The database file: `--db` if given, else `deadlines.json` in the data dir."""
    return override if override is not None else data_dir() / "deadlines.json"


def user_calendar_dir() -> Path:
    """User calendars (`import-notice` writes here), one `YYYY.json` per year."""
    return data_dir() / "calendars"


def shipped(name: str) -> Path:
    """A shipped data dir (`calendars`, `profiles`): inside the wheel, or the source tree."""
    packaged = _PACKAGE_DATA / name
    return packaged if packaged.is_dir() else _REPO_ROOT / name
