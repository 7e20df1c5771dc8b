"""Helpers for driving the app: wait until the workers are done, fill a form."""

from __future__ import annotations

import asyncio
import functools
import io
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Select


async def settle(pilot: Pilot, rounds: int = 60) -> None:
    """Wait until no worker runs and the messages they posted are handled."""
    app = pilot.app
    quiet = 0
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if any(worker.is_running for worker in app.workers):
            quiet = 0
            continue
        quiet += 1
        if quiet >= 2:
            return
    raise AssertionError("workers did not finish")


def fill(pilot: Pilot, **values: Any) -> None:
    """Set form fields (by name) on the active screen."""
    screen = pilot.app.screen
    for name, value in values.items():
        widget = screen.query_one(f"#f-{name}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value


async def type_text(pilot: Pilot, text: str) -> None:
    """Type into the focused widget, one key per character (CJK included).

    Pilot cannot press some full-width punctuation (〔〕【】): use ASCII brackets or `fill`.
    """
    await pilot.press(*list(text))


def run_async(test):
    """Run an async test without an async pytest plugin (the project has none)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return asyncio.run(test(*args, **kwargs))

    return wrapper


def screen_text(pilot: Pilot) -> str:
    """The terminal as the clerk sees it now, as plain text (the modal and what shows under it).

    Drawn as App.export_screenshot draws its SVG, through the compositor, without the styles.
    """
    app = pilot.app
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=False)
