"""Click's usage errors in Chinese, global options anywhere on the line, and "did you mean".

Click writes its own messages in English. Rather than patch click, the error
boundary rewrites the handful of messages click produces (no such option or
command, a missing argument, an invalid value, an extra argument) into both
languages, keeping the names and values click quoted.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence

from deadlines.core.i18n import Text

GLOBAL_OPTIONS = ("--today", "--db", "--lang")
"""Options of the group that may also be written after the command name."""

_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], Text]]


def _rule(pattern: str, zh: str) -> _Rule:
    """A click message pattern and its Chinese wording (`{name}`-style groups from the pattern)."""
    compiled = re.compile(pattern)
    return compiled, lambda m: Text(zh.format(**m.groupdict()), m.string)


_RULES: tuple[_Rule, ...] = (
    _rule(
        r"^No such option '(?P<name>[^']+)'\. \(Did you mean one of: (?P<ps>.+)\?\)$",
        "没有选项 {name}。您是否想用 {ps}？",
    ),
    _rule(r"^No such option '(?P<name>[^']+)'\. \(Did you mean (?P<ps>.+)\?\)$", "没有选项 {name}。您是否想用 {ps}？"),
    _rule(r"^No such option: (?P<name>\S+?)\.?$", "没有选项 {name}。"),
    _rule(r"^No such option '(?P<name>[^']+)'\.$", "没有选项 {name}。"),
    _rule(
        r"^No such command '(?P<name>[^']+)'\. \(Did you mean (?P<ps>.+)\?\)$", "没有命令「{name}」。您是否想用 {ps}？"
    ),
    _rule(r"^No such command '(?P<name>[^']+)'\.$", "没有命令「{name}」。"),
    _rule(r"^Missing argument '(?P<name>[^']+)'\.$", "缺少参数 {name}。"),
    _rule(r"^Missing option '(?P<name>[^']+)'\.$", "缺少选项 {name}。"),
    _rule(r"^Option '(?P<name>[^']+)' requires an argument\.$", "选项 {name} 需要一个值。"),
    _rule(r"^Option '(?P<name>[^']+)' requires (?P<n>\d+) arguments\.$", "选项 {name} 需要 {n} 个值。"),
    _rule(r"^Option '(?P<name>[^']+)' does not take a value\.$", "选项 {name} 不接受值。"),
    _rule(r"^Got unexpected extra arguments? \((?P<args>.*)\)$", "多余的参数：{args}。"),
    _rule(
        r"^Invalid value for '(?P<name>[^']+)': '(?P<value>.*)' is not one of (?P<choices>.+)\.$",
        "选项 {name} 的值「{value}」无效，可选：{choices}。",
    ),
    _rule(
        r"^Invalid value for '(?P<name>[^']+)': '(?P<value>.*)' is not (?P<choice>'[^']*')\.$",
        "选项 {name} 的值「{value}」无效，应为 {choice}。",
    ),
    _rule(
        r"^Invalid value for '(?P<name>[^']+)': '?(?P<value>.*?)'? is not a valid (?P<kind>[a-z ]+)\.$",
        "选项 {name} 的值「{value}」不是有效的数字。",
    ),
    _rule(
        r"^Invalid value for '(?P<name>[^']+)': (?P<value>.*) is not in the range (?P<range>.+)\.$",
        "选项 {name} 的值 {value} 超出范围 {range}。",
    ),
    _rule(r"^Invalid value for '(?P<name>[^']+)': (?P<rest>.*)$", "选项 {name} 的值无效：{rest}"),
    _rule(r"^Invalid value for (?P<name>[^':]+): (?P<rest>.*)$", "{name} 的值无效：{rest}"),
)


def translated(message: str) -> Text:
    """A click usage message in both languages (an unknown one stays as click wrote it)."""
    for pattern, make in _RULES:
        m = pattern.match(message)
        if m:
            return make(m)
    return Text(message, message)


def suggestion(name: str, known: Iterable[str]) -> str | None:
    """The closest known name to a mistyped one, if any is close."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def hoist_global_options(args: Sequence[str], commands: Iterable[str]) -> list[str]:
    """`deadlines rule X --today D` → `deadlines --today D rule X`: global options moved before the command.

    Only options after the command name move, to just before it, so they win over the same option
    written earlier on the line; everything after `--` stays where it is.
    """
    args = list(args)
    names = set(commands)
    start = 0
    while start < len(args) and args[start] not in names:
        takes_value = args[start] in GLOBAL_OPTIONS
        start += 2 if takes_value else 1
    if start >= len(args):
        return args
    moved: list[str] = []
    rest: list[str] = [args[start]]
    i = start + 1
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            if "=" in arg or i + 1 >= len(args):
                moved.append(arg)
                i += 1
            else:
                moved.extend(args[i : i + 2])
                i += 2
            continue
        rest.append(arg)
        i += 1
    return args[:start] + moved + rest
