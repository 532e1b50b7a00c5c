"""The architecture, enforced: which package may import which (read from the source, not by running it).

    core ← store ← transfer, remind ← app ← cli, tui

- `core` is the pure domain: it imports nothing of ours outside core, and no click, textual,
  tinydb or psycopg.
- the shared modules (`config`, `paths`, `fsutil`) import only core.
- `store` is the only package that imports tinydb or psycopg; it imports nothing above it.
- `transfer` and `remind` import nothing of app, cli or tui.
- `app` imports no click or textual, and nothing of cli or tui.
- `tui` never imports cli; `cli` imports tui only to launch it (in `cli/__init__.py`).

Every import counts, including those inside functions. The checker is tested on a small tree
with a forbidden import, so this test can fail.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import deadlines

ROOT = Path(deadlines.__file__).parent

LAYERS = ("core", "shared", "store", "transfer", "remind", "app", "cli", "tui")
SHARED = ("config", "paths", "fsutil")
ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "shared": {"core", "shared"},
    "store": {"core", "shared", "store"},
    "transfer": {"core", "shared", "store", "transfer"},
    "remind": {"core", "shared", "store", "transfer", "remind"},
    "app": {"core", "shared", "store", "transfer", "remind", "app"},
    "cli": {"core", "shared", "store", "transfer", "remind", "app", "cli"},
    "tui": {"core", "shared", "store", "transfer", "remind", "app", "tui"},
}
FOREIGN_ALLOWED: dict[str, set[str]] = {
    "click": {"cli"},
    "textual": {"tui"},
    "tinydb": {"store"},
    "psycopg": {"store"},
}
EXCEPTIONS = {("cli/__init__.py", "tui")}
"""The bare `deadlines` command opens the TUI: the CLI's one way into it."""


def layer_of(relative: Path) -> str:
    top = relative.parts[0]
    if len(relative.parts) == 1:
        return "shared" if relative.stem in SHARED else "top"
    return top


def imported(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def violations(root: Path, package: str = "deadlines") -> list[str]:
    """Every import that breaks the rules above, as 'file: imports module'."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        layer = layer_of(relative)
        if layer == "top":  # __init__ (the version) and __main__ (calls the CLI)
            continue
        for module in imported(ast.parse(path.read_text(encoding="utf-8"))):
            parts = module.split(".")
            if parts[0] == package and len(parts) > 1:
                target = "shared" if parts[1] in SHARED else parts[1]
                if target in LAYERS and target not in ALLOWED[layer]:
                    if (str(relative), target) not in EXCEPTIONS:
                        found.append(f"{relative}: imports {module}")
            elif parts[0] in FOREIGN_ALLOWED and layer not in FOREIGN_ALLOWED[parts[0]]:
                found.append(f"{relative}: imports {module}")
    return found


def test_the_code_keeps_its_layers() -> None:
    assert violations(ROOT) == []


def test_every_package_is_a_known_layer() -> None:
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(LAYERS), packages - set(LAYERS)
    loose = {p.stem for p in ROOT.glob("*.py")} - {"__init__", "__main__", *SHARED}
    assert loose == set(), f"modules loose at the package top: {loose}"


def test_the_checker_finds_forbidden_imports(tmp_path: Path) -> None:
    """A small tree with one import of each forbidden kind: the checker names every one, and no allowed one."""
    files = {
        "core/rules.py": "from deadlines.store import Store\nimport click\n",
        "store/db.py": "def f():\n    from deadlines.app.workspace import Workspace\n",
        "tui/app.py": "from deadlines.cli.context import pass_app\nfrom deadlines.app import changes\n",
        "app/ops.py": "import textual.app\nfrom deadlines.core.models import Obligation\n",
        "remind/run.py": "import tinydb\n",
        "cli/calc.py": "from deadlines.tui import run\n",
        "cli/__init__.py": "from deadlines.tui import run\n",
        "config.py": "from deadlines.store import Store\n",
    }
    for name, code in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(code, encoding="utf-8")
    assert violations(tmp_path) == [
        "app/ops.py: imports textual.app",
        "cli/calc.py: imports deadlines.tui",
        "config.py: imports deadlines.store",
        "core/rules.py: imports deadlines.store",
        "core/rules.py: imports click",
        "remind/run.py: imports tinydb",
        "store/db.py: imports deadlines.app.workspace",
        "tui/app.py: imports deadlines.cli.context",
    ]


def test_cron_commands_load_no_tui_smtp_or_spreadsheet_code() -> None:
    """`deadlines due` and `list` run from cron and scripts: they must not pay for textual, openpyxl or smtplib."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from deadlines.cli import main\n"
        "CliRunner().invoke(main, ['--today', '2026-11-21', 'due', '--format', 'json'])\n"
        "print(','.join(m for m in ('textual', 'openpyxl', 'smtplib', 'icalendar') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
