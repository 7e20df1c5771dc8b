"""Keystroke → repainted list, in process: the app under Textual's `run_test` (120×40, headless).

Run as a child with docfiler imported from `--source`:

    .venv/bin/python benchmarks/tui_inprocess.py URL GAP OUT.json

Keys are the events `pilot.press` sends (`events.Key` through the driver), posted at a fixed pace
(one every GAP seconds, on a schedule, whatever the app is doing; Pilot's own waits for idle
are left out, as a clerk does not wait). A frame counts when the compositor hands it to the
driver (`App._display`, not held by a batch) and the register list was drawn into it (a frame
with only the typed character does not count): the time of each frame and the query the register
list showed in it are recorded, and a keystroke's latency runs from its key event to the first
frame showing its query or a longer one typed after it (superseded). Headless, nothing is written
to a terminal: the tmux figures include that, these do not.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time

import tui  # noqa: F401  (first, as `docfiler` does: it sets Textual's frame rate)

# isort: split
from textual import events
from textual.keys import _character_to_key

from docfiler.office import Office
from tui.app import DocfilerApp
from tui.widgets.page_list import PageList

LOST_AFTER = 10.0
PAUSE = 0.5


def list_written(screen, renderable) -> bool:
    """Whether this frame writes the register list's rows (not just the typed character)."""
    spans = getattr(renderable, "spans", None)
    if spans is None:
        return True  # a whole-screen update
    region = screen.query_one(PageList).region
    return any(region.y < y < region.bottom for y, _, _ in spans)


class Bench(DocfilerApp):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.frames: list[tuple[float, str]] = []

    def _display(self, screen, renderable) -> None:
        super()._display(screen, renderable)
        if renderable is None or self._batch_count:
            return
        shown = getattr(screen, "shown", None)
        if screen.id == "register" and shown is not None and list_written(screen, renderable):
            self.frames.append((time.perf_counter(), shown[0].search))

    def key(self, key: str, character: str | None) -> None:
        event = events.Key(key, character)
        event.set_sender(self)
        self._driver.send_message(event)

    def type(self, character: str) -> None:
        self.key(character if character.isalnum() else _character_to_key(character), character)

    def last_search(self) -> str | None:
        return self.frames[-1][1] if self.frames else None


async def until(predicate, timeout: float) -> None:
    start = time.perf_counter()
    while not predicate():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the app never got there")
        await asyncio.sleep(0.005)


async def type_query(app: Bench, query: str, gap: float) -> list[tuple[float, bool]]:
    prefixes = {query[: i + 1]: i for i in range(len(query))}
    first_frame = len(app.frames)
    begin = time.perf_counter()
    sent = []
    for i, character in enumerate(query):
        await asyncio.sleep(max(0.0, begin + i * gap - time.perf_counter()))
        sent.append(time.perf_counter())
        app.type(character)
    with contextlib.suppress(TimeoutError):
        await until(lambda: app.last_search() == query, LOST_AFTER)
    frames = [(t, prefixes.get(search, -1)) for t, search in app.frames[first_frame:]]
    found = []
    for i, at in enumerate(sent):
        answer = next(((t, k) for t, k in frames if t >= at and k >= i), None)
        if answer is None:
            found.append((float("inf"), False))
        else:
            found.append((answer[0] - at, answer[1] != i))
    return found


async def run(url: str, gap: float, searches: dict[str, list[str]]) -> dict:
    app = Bench(lambda: Office.open(url))
    keys: dict[str, list] = {group: [] for group in searches}
    error = None
    async with app.run_test(size=(120, 40)):
        await until(lambda: app.ready, 120)
        app.action_show_register()
        await until(lambda: app.last_search() == "", 120)
        register = app.screen
        register.query_one("#search").focus()
        await asyncio.sleep(PAUSE)
        for group, queries in searches.items():
            for query in queries:
                if error is not None:  # the rest are lost: the error dialog takes the keys
                    keys[group] += [(float("inf"), False)] * len(query)
                    continue
                keys[group] += await type_query(app, query, gap)
                if app.screen is not register:
                    error = f"界面弹出 {type(app.screen).__name__}"
                    continue
                app.key("ctrl+u", None)
                try:
                    await until(lambda: app.last_search() == "", LOST_AFTER * 3)
                except TimeoutError:
                    error = "清空搜索框后列表没有重绘"
                await asyncio.sleep(PAUSE)
        app.exit()
    return {"keys": keys, "error": error}


def main() -> None:
    url, gap, out, searches = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
    result = asyncio.run(run(url, gap, json.loads(searches)))
    keys = result["keys"]
    plain = {g: [[None if ms == float("inf") else ms, s] for ms, s in v] for g, v in keys.items()}
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"keys": plain, "error": result["error"]}, handle)


if __name__ == "__main__":
    main()
