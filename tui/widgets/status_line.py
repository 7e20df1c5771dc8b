"""A one-line status text that repaints without a re-layout."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widget import Widget


class StatusLine(Widget):
    """One line of text that never changes size: updating it repaints, with no re-layout."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        width: 1fr;
    }
    """

    text: reactive[str] = reactive("", layout=False)

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = text

    def render(self) -> str:
        return self.text
