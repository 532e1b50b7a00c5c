"""Typed errors: each says what was wrong and how to fix it, in both languages.

They are raised anywhere and turned into one line on stderr and an exit code
at a single boundary (the CLI's group, the TUI's notify). Exit codes follow
the contract in the README: 1 the command ran but found errors, 2 usage errors.
"""

from __future__ import annotations

from deadlines.core.i18n import Text


class DeadlinesError(Exception):
    """Base of every error a user can cause or meet; never a programming bug."""

    exit_code: int = 1

    def __init__(self, zh: str, en: str) -> None:
        self.text = Text(zh, en)
        super().__init__(en)

    def __str__(self) -> str:
        return str(self.text)


class InputError(DeadlinesError):
    """A value the user typed or a script passed cannot be used (exit 2)."""

    exit_code = 2


class DateError(InputError):
    """A date that does not exist or cannot be read (2月30日, 2026-13-01)."""


class ExpressionError(InputError):
    """A period expression or rule text we cannot read; the message quotes it."""


class CalendarRangeError(InputError):
    """A date outside the years the calendar can answer for (before 2004)."""


class NoticeParseError(InputError):
    """A State Council holiday notice with a sentence we cannot understand."""


class CalendarDataError(DeadlinesError):
    """A calendar file (official, user or regional) that is malformed."""


class ProfileError(DeadlinesError):
    """A profile file that is malformed, or a profile parameter that is missing."""


class StoreError(DeadlinesError):
    """The database file cannot be read or written safely."""


class UnreachableError(StoreError):
    """The database server cannot be reached or refuses the login (exit 2: fix the URL, the network or the password)."""

    exit_code = 2


class NotFoundError(DeadlinesError):
    """A key, profile or region that does not exist."""


class ConfigError(DeadlinesError):
    """The configuration file or a configuration value is wrong (exit 2: fix the config)."""

    exit_code = 2


class DeliveryError(DeadlinesError):
    """Mail could not be delivered (server down, auth refused, recipient refused)."""


class ConflictError(DeadlinesError):
    """A record changed since the caller read it (another writer saved first); `current` is what is stored now."""

    def __init__(self, zh: str, en: str, *, current: dict[str, object] | None = None) -> None:
        super().__init__(zh, en)
        self.current = current or {}
