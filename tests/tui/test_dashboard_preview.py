"""The dashboard shows the day's work before the office is open (issue 15): a current register
is read without SQLAlchemy first (docfiler.queries.dashboard), then again through the office.

Until the office is open the lists can be read and moved in, but a write (报送 a filing) waits,
with a word why, instead of failing or doing nothing.
"""

from __future__ import annotations

import gc
import threading

from textual.widgets import Static

from docfiler.queries.dashboard import read_direct
from docfiler.store.direct import DirectRegister
from tests.conftest import TODAY
from tests.tui.helpers import run_async, settle
from tests.tui.test_dashboard_filings import TO_CONGRESS, messages, on_row
from tui.app import OFFICE_FAILED, OFFICE_OPENING, DocfilerApp
from tui.forms.base import FormScreen
from tui.screens.dashboard import DashboardScreen

SIZE = (120, 40)


class HeldOpener:
    """An office opener that reads the register directly at once but opens the office only
    when the test lets it (as a slow start would)."""

    def __init__(self, office, current: bool = True, fails: Exception | None = None) -> None:
        self.office = office
        self.current = current
        self.fails = fails
        self.url = office.engine.url.render_as_string(hide_password=False)
        self.release = threading.Event()

    def read_dashboard(self):
        if not self.current:
            return None
        register = DirectRegister.open(self.url, self.office.rulebook)
        assert register is not None
        register.today = lambda: TODAY
        return read_direct(register)

    def __call__(self):
        assert self.release.wait(20), "the test never let the office open"
        if self.fails is not None:
            raise self.fails
        return self.office


async def wait_for(pilot, condition, rounds: int = 200) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the screen never showed it")


def counts_line(app) -> str:
    return str(app.screen.query_one("#counts", Static).render())


@run_async
async def test_the_dashboard_shows_its_counts_and_reminders_before_the_office_is_open(
    sample_office,
):
    opener = HeldOpener(sample_office)
    app = DocfilerApp(opener, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        try:
            await wait_for(pilot, lambda: "登记簿共" in counts_line(app))
            assert not app.ready and app.office is None
            # The sample register on 2026-11-26 (as tests/tui/test_dashboard_filings.py).
            line = counts_line(app)
            assert "今天 2026年11月26日" in line
            assert "现行有效 22 件" in line and "合法性审核中 2 件" in line
            assert "待报送备案 6 项" in line and "登记簿共 44 件" in line
            screen = app.screen
            assert isinstance(screen, DashboardScreen)
            overdue = screen.query_one("#group-overdue")
            assert overdue.row_count >= 6

            # Enter on a filing (its submission form writes): told to wait, nothing opens.
            await on_row(pilot, TO_CONGRESS)
            await pilot.press("enter")
            await pilot.pause()
            assert not isinstance(app.screen, FormScreen)
            assert OFFICE_OPENING in messages(app)
            await pilot.press("b")  # 批量报送 likewise
            await pilot.pause()
            assert not isinstance(app.screen, FormScreen)
        finally:
            opener.release.set()
        await settle(pilot)
        assert app.ready and app.office is sample_office
        # Read again through the office: the same counts, and now the backup line too.
        assert "登记簿共 44 件" in counts_line(app)
        assert str(app.screen.query_one("#backup-line", Static).render()) != ""
        await on_row(pilot, TO_CONGRESS)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and app.screen.id == "submit-filing-form"


@run_async
async def test_a_register_that_needs_work_on_opening_waits_for_the_office(sample_office):
    """No direct reader (an older schema, a changed basis …): the dashboard says 正在读取 until
    the office has opened, upgraded and recounted."""
    opener = HeldOpener(sample_office, current=False)
    app = DocfilerApp(opener, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        try:
            await pilot.pause(0.3)
            assert counts_line(app) == "正在读取…"
        finally:
            opener.release.set()
        await settle(pilot)
        assert "登记簿共 44 件" in counts_line(app)


@run_async
async def test_when_the_office_then_fails_to_open_the_clerk_is_told_so_not_to_wait(
    sample_office,
):
    from docfiler.errors import DocfilerError
    from tui.dialogs.error import ErrorDialog

    opener = HeldOpener(sample_office, fails=DocfilerError("数据库文件已损坏。"))
    app = DocfilerApp(opener, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "登记簿共" in counts_line(app))
        opener.release.set()
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorDialog))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert counts_line(app) == OFFICE_FAILED
        await on_row(pilot, TO_CONGRESS)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert messages(app)[-1] == OFFICE_FAILED


@run_async
async def test_the_register_searches_are_warmed_once_after_the_dashboard(make_app, monkeypatch):
    calls = []
    monkeypatch.setattr("docfiler.queries.register_warm.warm", calls.append)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "登记簿共 44 件" in counts_line(app)
        assert calls == [app.office]
        app.notify_data_changed()  # after a write the dashboard reloads: not warmed again
        await settle(pilot)
        assert calls == [app.office]


@run_async
async def test_what_the_start_loaded_is_kept_out_of_the_collectors_full_passes(make_app):
    """A full pass of the cyclic collector walks every object not frozen. What the start loads
    for good — modules (the write path's too), screens, the statements compiled ahead — is
    frozen once the dashboard has loaded it: on PostgreSQL at 100k the ~50,000 objects it left
    took 30–60 ms a pass, a stalled keystroke every few seconds of typing."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gc.collect(1)  # whatever survives the young passes is what a full pass walks
        walked = len(gc.get_objects(generation=2))
        assert gc.get_freeze_count() > 100_000
        # About 500 alone, 8,000 after other tests in this process; ~22,000 without the freeze
        # after the write path is loaded (the searches compiled ahead, the dashboard's data).
        assert walked < 15_000
    assert gc.get_freeze_count() == 0  # the app gives it back when it ends
