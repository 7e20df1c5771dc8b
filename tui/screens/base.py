"""What every docfiler screen shares: reload when the data changed, forward worker errors."""

from __future__ import annotations

from typing import ClassVar

from textual.screen import Screen
from textual.worker import Worker

from tui.messages import DataChanged
from tui.protocol import Host, host


class DocfilerScreen(Screen):
    """A screen that loads its data in thread workers and reloads when the data changed."""

    HELP_TITLE: ClassVar[str] = ""
    """The screen's section in the help (帮助)."""
    HELP_NOTES: ClassVar[tuple[tuple[str, str], ...]] = ()
    """What the help says beyond the bindings: (keys, what they do)."""

    loaded_version = -1

    @property
    def docfiler(self) -> Host:
        return host(self.app)

    def on_screen_resume(self) -> None:
        self.reload_if_stale()

    def on_data_changed(self, _message: DataChanged) -> None:
        self.reload_if_stale()

    def reload_if_stale(self) -> None:
        app = self.docfiler
        if app.ready and self.loaded_version != app.data_version:
            self.loaded_version = app.data_version
            self.reload()

    def reload(self) -> None:
        """Start the workers that load this screen's data."""

    def show_unavailable(self, text: str) -> None:
        """The database could not be opened: say so where the data would be."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.docfiler.report_worker_state(event)
