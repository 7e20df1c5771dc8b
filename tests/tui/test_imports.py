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


HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "docx", "openpyxl", "docfiler")


def ui_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "tui").rglob("*.py")
        if path.name != "__main__.py"
    )


def test_importing_the_app_is_cheap():
    loaded = modules_after("import tui.app")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_every_ui_module_imports_docfiler_only_when_used():
    """Screens, forms and dialogs import docfiler inside their workers and functions: any of
    them may be imported before the database is open, and the first frame waits for none."""
    names = ui_modules()
    assert "tui.screens.campaign" in names and "tui.dialogs.outputs" in names
    loaded = modules_after("import " + ", ".join(names))
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_the_core_never_imports_textual():
    loaded = modules_after(
        "import docfiler.queries.register, docfiler.queries, docfiler.queries.reminders, docfiler.services"
    )
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "tui")}
