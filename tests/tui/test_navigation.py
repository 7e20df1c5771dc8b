"""F2/F3/F4 always land on their own screen, in the state it was left (issue 11, bug 1)."""

from __future__ import annotations

from tests.tui.helpers import run_async, settle, type_text
from tests.tui.test_register import numbers, open_register
from tui.screens.campaign import CampaignScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.detail import DocumentScreen
from tui.screens.register import RegisterScreen

SIZE = (120, 40)


@run_async
async def test_f3_from_a_document_opened_in_the_register_goes_back_to_the_list(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        register = await open_register(pilot)
        await pilot.press("slash")
        await type_text(pilot, "救助")
        await settle(pilot)
        await pilot.press("enter", "enter")  # to the list, then open the first row
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen is register  # the same list, its search kept
        assert register.query_one("#search").value == "救助"
        assert numbers(register) == ["盖民发〔2024〕3号", "盖民发〔2019〕21号", "盖政发〔2016〕9号"]


@run_async
async def test_f2_f3_after_a_document_never_bring_back_an_old_one(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        await pilot.press("enter")  # open the first row
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, RegisterScreen)


@run_async
async def test_f4_then_f2_goes_to_the_dashboard_and_f4_comes_back(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        campaign = app.screen
        assert isinstance(campaign, CampaignScreen)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("f4")
        await settle(pilot)
        assert app.screen is campaign


@run_async
async def test_x_clears_the_filters_and_leaves_the_cursor_in_the_list(make_app):
    """Issue 11, item 10: not on a cleared dropdown."""
    from textual.widgets import Select

    from tui.widgets.page_list import PageList

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        year = screen.query_one("#year-filter", Select)
        year.value = 2022
        year.focus()
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert year.value == Select.NULL
        assert screen.focused is screen.query_one(PageList)
        assert len(numbers(screen)) == 44


@run_async
async def test_slash_from_the_dashboard_opens_the_register_search(make_app):
    """Issue 11: / searches from every screen; q on a document goes back, not out."""
    from textual.widgets import Input

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, RegisterScreen)
        assert app.screen.focused is app.screen.query_one("#search", Input)
        await type_text(pilot, "救助")
        await settle(pilot)
        assert len(numbers(app.screen)) == 3
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, RegisterScreen)
        assert app.is_running
