"""What screens, forms and dialogs may ask of the app, without importing it.

`tui.app` imports the screens (lazily); if they imported the app back, the two would form a
cycle. They ask `host(self.app)` instead: the same object, typed as this Protocol.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App
    from textual.worker import Worker

    from docfiler.office import Office
    from tui.collector import Collector


class Host(Protocol):
    """The part of DocfilerApp the rest of the UI uses."""

    office: Office | None
    choices: Any
    ready: bool
    data_version: int
    cursor_blink: bool
    collector: Collector

    def notify_data_changed(self) -> None:
        """Something was written: the active screen reloads now, the others when shown."""

    def refresh_choices(self) -> None:
        """A new document may bring a new year or authority to the register's filters."""

    def report_worker_state(self, event: Worker.StateChanged) -> None:
        """The one place where a failed worker becomes an error dialog."""

    def show_error(self, error: BaseException, title: str | None = None) -> None:
        """An error dialog: a DocfilerError in its own words, anything else logged."""

    def open_document(self, number: str) -> None:
        """Push the detail screen of one document."""

    def show_mode(self, mode: str, then: Callable[[], None] | None = None) -> None:
        """F2/F3/F4/F9: that screen as it was left, whatever was opened on top closed first;
        `then` runs once it shows."""

    def require_office(self) -> bool:
        """Whether the database is open (if not, the clerk is told to wait)."""

    def notify(self, message: str, *, title: str = "", severity: Any = "information") -> None:
        """A toast (Textual's App.notify)."""


def host(app: App) -> Host:
    """The running app, as the Host the UI talks to."""
    return cast("Host", app)
