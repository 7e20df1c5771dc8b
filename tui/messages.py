"""Messages that thread workers post back to the UI. Workers never touch widgets."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class OfficeReady(Message, bubble=False):
    """The database is open (and the heavy modules imported): screens may load."""

    def __init__(self, office: Any, choices: Any) -> None:
        super().__init__()
        self.office = office
        self.choices = choices


class DataChanged(Message, bubble=False):
    """A service call wrote to the database: visible screens reload."""


class DashboardLoaded(Message, bubble=False):
    def __init__(self, today: Any, reminders: list[Any], counts: dict[str, int]) -> None:
        super().__init__()
        self.today = today
        self.reminders = reminders
        self.counts = counts


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


class ChoicesLoaded(Message, bubble=False):
    """The years and authorities for the register's filters."""

    def __init__(self, choices: Any) -> None:
        super().__init__()
        self.choices = choices


class DocumentLoaded(Message, bubble=False):
    def __init__(self, view: dict[str, Any]) -> None:
        super().__init__()
        self.view = view


class Saved(Message, bubble=False):
    """A form's service call succeeded."""

    def __init__(self, result: Any) -> None:
        super().__init__()
        self.result = result


class CountersignsLoaded(Message, bubble=False):
    def __init__(self, rows: list[Any], selected: int | None) -> None:
        super().__init__()
        self.rows = rows
        self.selected = selected
