"""The `docfiler` command line. Every command calls the same services and queries as the TUI.

The root command lives in `root`, one module per area registers its commands, `zh` puts Typer
into Chinese and `printing` writes what the clerk sees. The console script is `docfiler.cli:run`.
"""

from docfiler.cli.root import app, main, run
from docfiler.cli.state import State

__all__ = ["State", "app", "main", "run"]
