"""The `docfiler` command: docfiler's CLI, opening this terminal UI when run without a command.

The console script points here (pyproject.toml, [project.scripts]): the UI is handed to the CLI,
so the core starts it without ever importing `tui` or Textual.

A bare `docfiler` in a terminal (at most `--db` and `--operator`) opens the UI directly: the
CLI's own imports (Typer, Rich's help) would delay the first frame by about 0.15 s.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

_UI_OPTIONS = ("--db", "--operator")


def open_terminal_ui(open_office: Callable[[], Any]) -> None:
    """Draw the first frame at once; the office is opened (and migrated) in a worker.

    The cyclic collector is off until that frame is drawn (DocfilerApp._start turns it back
    on): importing Textual and composing the dashboard make few cycles but enough objects for
    some 140 collections, about 80 ms of a 0.5 s start."""
    import gc

    gc.disable()
    from tui.app import run_app

    run_app(open_office)


def bare_ui_options(args: list[str]) -> dict[str, str] | None:
    """The options of a bare `docfiler [--db URL] [--operator NAME]`, or None for anything
    else (a command, --help, an unknown or incomplete option: the CLI deals with those)."""
    options: dict[str, str] = {}
    rest = list(args)
    while rest:
        name, _, value = rest.pop(0).partition("=")
        if name not in _UI_OPTIONS or name in options:
            return None
        if not _:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        options[name] = value
    return options


def office_opener(options: dict[str, str]) -> Callable[[], Any]:
    """What the UI calls in its worker: open (and migrate) the office these options name (its
    `read_dashboard()` first shows the dashboard without SQLAlchemy: docfiler.opener)."""
    from docfiler.opener import OfficeOpener

    return OfficeOpener(options.get("--db"), options.get("--operator"))


def main() -> None:
    """Run the UI or the CLI. A Ctrl-C while the CLI is still being imported says the same one
    Chinese line (exit code 130) as one during a command, never a traceback."""
    options = bare_ui_options(sys.argv[1:])
    if options is not None and sys.stdin.isatty() and sys.stdout.isatty():
        open_terminal_ui(office_opener(options))
        sys.exit(0)
    import gc

    gc.disable()  # until the office is open (docfiler.queries.bulk.collector_back_on)
    try:
        from docfiler.resident import delegate

        code = delegate(sys.argv[1:])  # a command, run by the resident process
        if code is None:
            from docfiler.cli import main as run_cli
            from docfiler.cli.root import exit_process
    except KeyboardInterrupt:
        _interrupted()
    if code is not None:
        sys.exit(code)
    exit_process(run_cli(open_ui=open_terminal_ui))


def _interrupted() -> None:
    import os

    from docfiler.errors import INTERRUPTED, INTERRUPTED_EXIT_CODE

    print(INTERRUPTED, file=sys.stderr, flush=True)
    os._exit(INTERRUPTED_EXIT_CODE)
