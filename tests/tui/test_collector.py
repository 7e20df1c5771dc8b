"""The cyclic garbage collector is kept off a keystroke's path (tui.collector, tui.strip_cycles).

What the clerk would notice is a stalled keystroke; what these tests pin is its cause: a pass of
the collector between a keystroke and its frame, and the garbage that made the passes long.
"""

from __future__ import annotations

import asyncio
import gc

import pytest
from rich.segment import Segment
from textual.cache import FIFOCache
from textual.strip import Strip

from tests.tui.helpers import run_async, settle, type_text
from tests.tui.test_register import SIZE, open_register
from tui import strip_cycles
from tui.collector import HOLD_AT_MOST, NEVER, OVERDUE, QUIET, Collector
from tui.screens.register import COLLECT_AFTER


@pytest.fixture(autouse=True)
def collector_as_found():
    """Each test leaves the process's collector as it found it (on, CPython's thresholds)."""
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.set_threshold(*threshold)
    (gc.enable if enabled else gc.disable)()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def owe_full_passes(times: int, every: int) -> None:
    """Make CPython count `times * every` middle passes since the last full one."""
    gc.collect()
    for _ in range(times * every):
        gc.collect(1)


def owing(times: int) -> tuple[Clock, Collector]:
    """An installed collector on a clock of its own, owing `times` full passes (every 3)."""
    gc.set_threshold(700, 10, 3)
    clock = Clock()
    collector = Collector(clock)
    collector.install()
    owe_full_passes(times, 3)
    return clock, collector


def test_install_leaves_full_passes_to_tick_and_uninstall_gives_them_back():
    gc.set_threshold(700, 10, 10)
    collector = Collector()
    collector.install()
    assert gc.get_threshold() == (700, 10, NEVER)
    collector.install()  # twice is once
    collector.uninstall()
    assert gc.get_threshold() == (700, 10, 10)


def test_a_hold_turns_the_collector_off_until_released():
    gc.enable()
    collector = Collector()
    collector.hold()
    assert gc.isenabled(), "not installed (the app not started): nothing is held"
    collector.install()
    collector.hold()
    assert not gc.isenabled()
    collector.hold()  # a second keystroke while the first page is on its way
    collector.release()
    assert gc.isenabled()
    collector.release()
    assert gc.isenabled()


def test_a_hold_leaves_a_collector_turned_off_elsewhere_off():
    collector = Collector()
    collector.install()
    gc.disable()  # as the start keeps it until the office is open
    collector.hold()
    collector.release()
    assert not gc.isenabled()


def test_uninstall_turns_a_held_collector_back_on():
    collector = Collector()
    collector.install()
    collector.hold()
    collector.uninstall()
    assert gc.isenabled()


def test_an_owed_full_pass_waits_until_the_clerk_is_idle():
    clock, collector = owing(1)
    collector.touched()
    clock.now += QUIET / 2
    collector.tick()
    assert collector.full_passes == 0
    clock.now += QUIET
    collector.tick()
    assert collector.full_passes == 1
    assert gc.get_count()[2] == 0, "the full pass was run"
    collector.tick()
    assert collector.full_passes == 1, "nothing owed any more"


def test_no_pass_while_a_page_is_on_its_way_and_a_stuck_hold_ends():
    clock, collector = owing(1)
    collector.hold()
    clock.now += QUIET * 2
    collector.tick()
    assert collector.full_passes == 0 and not gc.isenabled()
    clock.now += HOLD_AT_MOST
    collector.tick()
    assert gc.isenabled(), "a page that never came does not keep the collector off"
    assert collector.full_passes == 1


def test_a_long_overdue_pass_runs_even_while_the_clerk_types():
    _clock, collector = owing(OVERDUE - 1)
    collector.touched()
    collector.tick()
    assert collector.full_passes == 0
    owe_full_passes(OVERDUE, 3)
    collector.touched()
    collector.tick()
    assert collector.full_passes == 1


# ---------------------------------------------------------------------------- strips


def test_a_strip_divided_at_its_own_end_is_freed_without_the_collector():
    assert strip_cycles.install()
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds is kept in gc.garbage
    try:
        strip = Strip([Segment("盖政发"), Segment("〔2016〕9号")])
        assert strip.divide([strip.cell_length]) == [strip]
        del strip
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage if isinstance(o, Strip | FIFOCache)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert not left, "the strip and its caches were left to the collector"


def test_other_divisions_are_textuals_own():
    strip_cycles.install()
    strip = Strip([Segment("临时救助"), Segment("实施办法")])
    parts = strip.divide([4, 8, 16])
    assert [part.text for part in parts] == ["临时", "救助", "实施办法"]
    assert [part.cell_length for part in parts] == [4, 4, 8]
    assert strip.divide([16]) == [strip]


# ---------------------------------------------------------------------------- the register


@run_async
async def test_no_collection_between_a_keystroke_and_its_page(make_app, monkeypatch):
    from docfiler.queries import register as browse

    app = make_app()
    seen = []
    page = browse.register_page

    def watched(**kwargs):
        seen.append(gc.isenabled())
        return page(**kwargs)

    monkeypatch.setattr(browse, "register_page", watched)
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        assert app.collector.installed and gc.get_threshold()[2] == NEVER
        await pilot.press("slash")
        seen.clear()
        await type_text(pilot, "救助")
        await settle(pilot)
        assert seen and not any(seen), "a page was read with the collector on"
        await asyncio.sleep(COLLECT_AFTER * 3)
        await pilot.pause()
        assert gc.isenabled(), "the collector stayed off after the page was drawn"
        assert "搜索“救助”" in app.screen.query_one("#page-status").text
    assert gc.get_threshold()[2] != NEVER, "the app's end gave CPython its schedule back"


@run_async
async def test_typing_into_the_register_leaves_no_strips_to_the_collector(make_app, monkeypatch):
    # Textual's own divide, as before any app of this process wrapped it: the app does.
    monkeypatch.setattr(Strip, "divide", getattr(Strip.divide, "__wrapped__", Strip.divide))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        await pilot.press("slash")
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            for word in ("救助", "供热"):
                await type_text(pilot, word)
                await settle(pilot)
                await pilot.press("ctrl+u")
                await settle(pilot)
            gc.collect()
            left = [type(o).__name__ for o in gc.garbage]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
    assert "Strip" not in left and "FIFOCache" not in left
