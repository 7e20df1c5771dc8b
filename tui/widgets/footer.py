"""The key bar at the bottom of every screen: Textual's footer, rebuilt only when what it shows
changes.

Textual's footer rebuilds itself (removes and mounts a widget per key) each time a screen's
bindings may have changed: focus moved, a screen pushed, a dynamic action's state. At the start
that is five times in the first second, 12–120 ms of the UI thread each (measured at 100k
documents), while the dashboard's figures wait to be drawn; most of them change nothing. Here
the changes of one refresh are taken together, and the bar is rebuilt only if the keys it
would show (with their labels and whether they are enabled) are not those it shows.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


def shown_bindings(screen: Screen) -> tuple:
    """What a footer on `screen` shows: each key shown, its label, action and state."""
    return tuple(
        (binding.key, binding.action, binding.description, enabled, tooltip)
        for _node, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


class Footer(TextualFooter):
    """Textual's footer, rebuilt once for the binding changes of one refresh, and not at all
    when the keys it shows stay the same."""

    _queued = False
    _shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if not self._queued:
            self._queued = True
            self.call_after_refresh(self._settled, screen)

    def _settled(self, screen: Screen) -> None:
        self._queued = False
        if self.is_attached and screen is self.screen and self._shown is not None:
            shown = shown_bindings(screen)
            if shown == self._shown and (self.children or not shown):
                return  # the same keys: nothing to rebuild
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        self._shown = shown_bindings(self.screen) if self.is_attached else None
        await super().recompose()
