"""What every command shares: the global --db and --operator, and the office they open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

OpenUI = Callable[[Callable[[], Any]], None]
"""Opens a user interface on the office that the callable it is given opens."""


class State:
    """The global options; the office is opened (and migrated) on first use only.

    `open_ui` is the interface `docfiler` opens when run without a command in a terminal. The
    `docfiler` command (tui/entry.py) hands in the terminal UI; the core never imports it.
    """

    def __init__(
        self, db: str | None = None, operator: str | None = None, open_ui: OpenUI | None = None
    ):
        self.db = db
        self.operator = operator
        self.open_ui = open_ui
        self._office = None

    def office(self, *, upgrade: bool = True):
        if self._office is None:
            from docfiler.office import Office
            from docfiler.queries.bulk import collector_back_on

            self._office = Office.open(self.db, operator=self.operator, upgrade=upgrade)
            collector_back_on()  # the libraries are loaded
        return self._office

    def direct_register(self):
        """The register read through its driver alone, when nothing needs doing on opening
        (docfiler.store.direct: about 0.35 s sooner than opening the office); None otherwise."""
        if self._office is not None:
            return None
        return self.opener().direct_register()

    def opener(self):
        """What the terminal UI is handed: it opens this state's office (closed with it)."""
        from docfiler.opener import OfficeOpener

        return OfficeOpener(self.db, self.operator, open_office=self.office)

    def settings(self):
        from docfiler.config import Settings

        return Settings.load(database_url=self.db, operator=self.operator)

    def template_dir(self) -> Path | None:
        """The office's own Word template folder, if it configured one."""
        return self.settings().template_dir

    def database_facts(self) -> tuple[str | None, float | None]:
        """The register as an error names it (a SQLite file, an address without password) and
        the SQLite busy timeout in seconds; (None, None) when even the settings cannot be read."""
        if self._office is not None:
            from docfiler.store.engine import busy_timeout_of, database_label

            engine = self._office.engine
            return database_label(engine), busy_timeout_of(engine)
        try:
            settings = self.settings()
        except Exception:  # the settings are what failed: name nothing
            return None, None
        from docfiler.config import mask_secrets

        url = settings.database_url
        if url.startswith("sqlite:///"):
            return url[len("sqlite:///") :] or None, settings.busy_timeout
        return mask_secrets(url), None

    def close(self) -> None:
        if self._office is not None:
            self._office.close()
            self._office = None


def state_of(ctx: typer.Context) -> State:
    return ctx.ensure_object(State)


def office_of(ctx: typer.Context):
    """The office named by --db (or the configured one), opened on first use."""
    return state_of(ctx).office()


def safe_url(office) -> str:
    """The database address without its password, as shown to the clerk."""
    return office.engine.url.render_as_string(hide_password=True)
