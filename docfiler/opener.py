"""What a user interface is handed to open the office: `docfiler` without a command gives one to
the terminal UI, which draws its first frame and then opens the office in a worker.

`read_dashboard()` comes first there: a register that needs nothing done on opening is read
without SQLAlchemy (docfiler.store.direct, docfiler.queries.dashboard), so the dashboard shows
the day's work while the office is still being opened. This module imports neither.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docfiler.office import Office
    from docfiler.queries.dashboard import Dashboard
    from docfiler.store.direct import DirectRegister


class OfficeOpener:
    """Opens (and migrates) the office the global --db and --operator name when called."""

    def __init__(
        self,
        db: str | None = None,
        operator: str | None = None,
        *,
        open_office: Callable[[], Office] | None = None,
    ) -> None:
        self.db = db
        self.operator = operator
        self._open_office = open_office
        """How to open it, if not with Office.open (the CLI's, which also closes it)."""

    def __call__(self) -> Office:
        if self._open_office is not None:
            return self._open_office()
        from docfiler.office import Office

        return Office.open(self.db, operator=self.operator)

    def direct_register(self) -> DirectRegister | None:
        """The register through its driver alone when it is current; None otherwise (and for
        any error: opening the office explains it)."""
        from docfiler.config import Settings
        from docfiler.store.direct import DirectRegister

        try:
            settings = Settings.load(database_url=self.db, operator=self.operator)
        except Exception:
            return None
        return DirectRegister.open(settings.database_url, settings.rulebook)

    def read_dashboard(self) -> Dashboard | None:
        """The dashboard read without opening the office; None when the register needs the
        office first (it upgrades, recounts, explains errors), or anything failed.

        The UI calls this in its office worker after its first frame: started before it (in a
        thread from process start) it made the first frame 0.2–0.3 s later, importing and
        parsing alongside Textual."""
        try:
            register = self.direct_register()
            if register is None:
                return None
            from docfiler.queries.dashboard import read_direct

            return read_direct(register)
        except Exception:  # opening the office explains whatever this was
            logging.getLogger("docfiler").exception("dashboard read before opening")
            return None
