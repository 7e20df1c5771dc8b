"""The UI must open fast and the core must stay headless: checked in fresh interpreters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def modules_after(statement: str) -> set[str]:
    code = f"{statement}; import sys; print('\\n'.join(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return set(output.split())


def test_importing_the_app_is_cheap():
    loaded = modules_after("import tui.app")
    heavy = {m for m in loaded if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "alembic", "docx")}
    assert not heavy
    assert not {m for m in loaded if m.startswith("docfiler")}


def test_the_core_never_imports_textual():
    loaded = modules_after(
        "import docfiler.queries.register, docfiler.queries, docfiler.queries.reminders, docfiler.services"
    )
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "tui")}
