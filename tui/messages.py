"""Messages that thread workers post back to the UI. Workers never touch widgets.

Every message here is posted by a worker to the screen (or app) that started it, and handled
there on the UI thread; none bubbles.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.message import Message

# ---------------------------------------------------------------------------- the app


class OfficeReady(Message, bubble=False):
    """The database is open (and the heavy modules imported): screens may load."""

    def __init__(self, office: Any, choices: Any) -> None:
        super().__init__()
        self.office = office
        self.choices = choices


class DataChanged(Message, bubble=False):
    """A service call wrote to the database: visible screens reload."""


class ChoicesLoaded(Message, bubble=False):
    """The years and authorities for the register's filters."""

    def __init__(self, choices: Any) -> None:
        super().__init__()
        self.choices = choices


class CountersignsLoaded(Message, bubble=False):
    def __init__(self, rows: list[Any], selected: int | None) -> None:
        super().__init__()
        self.rows = rows
        self.selected = selected


# ---------------------------------------------------------------------------- screens


class DashboardLoaded(Message, bubble=False):
    def __init__(
        self,
        today: Any,
        reminders: list[Any],
        counts: dict[str, int],
        painted: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.today = today
        self.reminders = reminders
        self.counts = counts
        self.painted = painted
        """Called once the screen has drawn them (the office's opening waits for it)."""


class PageLoaded(Message, bubble=False):
    """One page of the register, for the request identified by `request`."""

    def __init__(self, request: tuple, page: Any) -> None:
        super().__init__()
        self.request = request
        self.page = page


class CountLoaded(Message, bubble=False):
    def __init__(self, request: tuple, total: int) -> None:
        super().__init__()
        self.request = request
        self.total = total


class DocumentLoaded(Message, bubble=False):
    def __init__(self, view: dict[str, Any]) -> None:
        super().__init__()
        self.view = view


class CampaignLoaded(Message, bubble=False):
    """campaign_status of the campaign shown (None: there is no campaign yet)."""

    def __init__(self, sequence: int, status: dict[str, Any] | None, reload_page: bool) -> None:
        super().__init__()
        self.sequence = sequence
        self.status = status
        self.reload_page = reload_page


class WorklistLoaded(Message, bubble=False):
    def __init__(self, request: tuple, page: dict[str, Any]) -> None:
        super().__init__()
        self.request = request
        self.page = page


class DecisionSaved(Message, bubble=False):
    def __init__(self, number: str, result: Any) -> None:
        super().__init__()
        self.number = number
        self.result = result


class FinishChecked(Message, bubble=False):
    """What finishing would do (finish_consequences) and, if refused, what is undecided."""

    def __init__(self, consequences: Any, status: dict[str, Any] | None) -> None:
        super().__init__()
        self.consequences = consequences
        self.status = status


# ---------------------------------------------------------------------------- forms and dialogs


class Saved(Message, bubble=False):
    """A form's service call succeeded."""

    def __init__(self, result: Any) -> None:
        super().__init__()
        self.result = result


class SubmissionsRecorded(Message, bubble=False):
    """services.submit_filings answered: the filings recorded and those refused (with why)."""

    def __init__(self, done: list[Any], refused: list[tuple[str, str]]) -> None:
        super().__init__()
        self.done = done
        self.refused = refused


class DocxRead(Message, bubble=False):
    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__()
        self.fields = fields


class FolderListed(Message, bubble=False):
    def __init__(self, folder: Path, entries: list[Path] | None, error: str = "") -> None:
        super().__init__()
        self.folder = folder
        self.entries = entries
        self.error = error
