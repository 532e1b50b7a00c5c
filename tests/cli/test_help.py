"""`--help` in Chinese by default and English with --lang en, for every command (issue 15 point 8)."""

from __future__ import annotations

import click

from deadlines.cli import main
from deadlines.cli.help_zh import COMMANDS, OPTIONS


def _commands() -> list[tuple[str, click.Command]]:
    ctx = click.Context(main)
    out: list[tuple[str, click.Command]] = []

    def walk(command: click.Command, path: str) -> None:
        out.append((path, command))
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk(sub, f"{path} {name}")

    walk(main, "deadlines")
    return out


def test_every_command_and_option_has_its_chinese() -> None:
    commands = _commands()
    assert len(commands) >= 40
    assert [path for path, _ in commands if path not in COMMANDS] == []
    untranslated = {
        p.help
        for _, c in commands
        for p in c.params
        if isinstance(p, click.Option) and p.help and p.help not in OPTIONS
    }
    assert untranslated == set()


def test_help_is_chinese_by_default_and_english_on_request(cli) -> None:
    for path, _ in _commands():
        words = path.split()[1:]
        zh = cli(*words, "--help")
        assert zh.exit_code == 0, path
        assert zh.stdout.startswith("用法：") and COMMANDS[path][:8] in zh.stdout, path
        assert "Show this message and exit." not in zh.stdout, path
        en = cli("--lang", "en", *words, "--help")
        assert en.stdout.startswith("Usage:") and "Show this message and exit." in en.stdout, path
