"""The core imports no textual, click or tinydb; only `deadlines.store` imports tinydb."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import deadlines
import deadlines.core

FORBIDDEN_IN_CORE = ("textual", "click", "tinydb")


def test_core_imports_no_ui_or_storage() -> None:
    modules = [f"deadlines.core.{m.name}" for m in pkgutil.iter_modules(deadlines.core.__path__)]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + f"bad = [m for m in {FORBIDDEN_IN_CORE!r} if m in sys.modules]\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(modules) >= 8
    assert out.stdout.strip() == ""


def test_only_the_store_imports_tinydb() -> None:
    root = Path(deadlines.__file__).parent
    importers = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "import tinydb" in p.read_text(encoding="utf-8") or "from tinydb" in p.read_text(encoding="utf-8")
    )
    assert importers == ["store/embedded.py"]
