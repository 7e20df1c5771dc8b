"""What a user interface is handed to open the office: `docfiler` without a command gives one to
the terminal UI, which draws its first frame and then opens the office in a worker.

`direct_register()` comes first there: a register that needs nothing done on opening is read
without SQLAlchemy (docfiler.store.direct), so the dashboard shows the day's work while the
office is still being opened. This module imports neither.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docfiler.office import Office
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
