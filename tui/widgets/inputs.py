"""Text inputs: one that honours the app's cursor-blink setting, and the register's search box."""

from __future__ import annotations

from textual.widgets import Input


class TextInput(Input):
    """An Input that honours the app's cursor-blink setting (off in snapshot tests)."""

    def on_mount(self) -> None:
        if not getattr(self.app, "cursor_blink", True):
            self.cursor_blink = False


class SearchInput(TextInput):
    """A search box in which typing does not lay the whole screen out again.

    Input makes its scrollable width the width of its text, so every character typed changes the
    widget's virtual size, and Textual then lays out the whole screen before drawing it (a few
    milliseconds a keystroke, as the list it searches waits to be drawn). Until the text outgrows
    the box this one keeps that width the box's own: the same drawing, without the layout.
    """

    @property
    def content_width(self) -> int:
        width = super().content_width
        if self.styles.width is not None and self.styles.width.is_auto:
            return width  # sized by its text: the text's width it must be
        return max(width, self.scrollable_content_region.width)
