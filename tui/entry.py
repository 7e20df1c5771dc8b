"""The `docfiler` command: docfiler's CLI, opening this terminal UI when run without a command.

The console script points here (pyproject.toml, [project.scripts]): the UI is handed to the CLI,
so the core starts it without ever importing `tui` or Textual.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def open_terminal_ui(open_office: Callable[[], Any]) -> None:
    """Draw the first frame at once; the office is opened (and migrated) in a worker."""
    from tui.app import run_app

    run_app(open_office)


def main() -> None:
    from docfiler.cli import main as run_cli

    sys.exit(run_cli(open_ui=open_terminal_ui))
