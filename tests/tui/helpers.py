"""Helpers for driving the app: wait until the workers are done, fill a form."""

from __future__ import annotations

import asyncio
import functools
from typing import Any

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
