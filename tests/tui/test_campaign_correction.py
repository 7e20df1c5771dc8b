"""The campaign screen after a campaign is finished: 更正 of a decision in its form (issue 11,
item 5), and the focus back on the worklist after every dialog of the screen (item 9).

Checked in the database on both back ends; the campaign is the tests' own (the sample register's
finished campaigns have no worklist).
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Checkbox, Input, Select, Static

from docfiler.queries.campaigns import campaign_status
from docfiler.queries.documents import show_document
from docfiler.services.cleanup import decide, finish_campaign, start_campaign
from tests.conftest import TODAY
from tests.tui.helpers import fill, run_async, screen_text, settle
from tests.tui.test_campaign import REPEAL, decisions, move_to, open_campaign
from tui.dialogs.error import ErrorDialog
from tui.dialogs.outputs import CleanupReportDialog
from tui.forms.cleanup import CorrectDecisionDialog, FinishCampaignDialog, StartCampaignDialog
from tui.screens.campaign import CampaignScreen
from tui.screens.campaign_parts import Worklist

SIZE = (120, 40)
NAME = "2026年行政规范性文件清理"
FINISHED = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Default output folders (~/docfiler-输出) land in the test's own directory."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def decided_campaign(office, *, finish: bool = True) -> int:
    """A campaign of 2026-11-01: REPEAL 废止, every other document 继续有效; finished 2026-11-20."""
    started = start_campaign(office=office, name=NAME, as_of=dt.date(2026, 11, 1))
    for number in decisions(office, started.id):
        if number == REPEAL:
            decide(
                office=office, campaign=started.id, number=number, decision="废止", reason="替代"
            )
        else:
            decide(office=office, campaign=started.id, number=number, decision="继续有效")
    if finish:
        finish_campaign(office=office, campaign=started.id, on=FINISHED)
    return started.id


def focused_on_worklist(screen: CampaignScreen) -> bool:
    return screen.focused is screen.query_one(Worklist)


def form_error(form) -> str:
    return str(form.query_one("#form-error", Static).render())


@run_async
async def test_a_finished_campaigns_decision_is_corrected_in_its_form(make_app, sample_office):
    campaign = decided_campaign(sample_office)
    assert show_document(office=sample_office, number=REPEAL)["status"] == "repealed"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_campaign(pilot, campaign)
        assert screen.finished
        assert "e 更正" in screen_text(pilot).splitlines()[-1]  # in the footer
        move_to(screen, REPEAL)
        row = screen.query_one(Worklist).cursor_row
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CorrectDecisionDialog)
        assert form.query_one("#f-on", Input).value == TODAY.isoformat()
        assert "本件的清理意见为“废止”（替代）" in screen_text(pilot)

        # A date before the campaign was finished: docfiler refuses, the form says why.
        fill(pilot, decision="继续有效", reason="误判，仍需执行", on="2026-11-19")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "早于清理完成日期" in form_error(form)
        assert decisions(sample_office, campaign)[REPEAL] == ("废止", "替代")

        fill(pilot, on=TODAY.isoformat())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        worklist = screen.query_one(Worklist)
        assert worklist.cursor_row == row and focused_on_worklist(screen)
        assert worklist.rows[row][4].text == "继续有效"  # the 清理意见 cell
        assert worklist.rows[row][5].text == "误判，仍需执行"  # the 理由 cell
        assert "废止 0" in str(screen.query_one("#campaign-decisions").render())
    assert decisions(sample_office, campaign)[REPEAL] == ("继续有效", "误判，仍需执行")
    document = show_document(office=sample_office, number=REPEAL)
    assert (document["status"], document["repealed"]) == ("in_force", None)
    assert campaign_status(office=sample_office, campaign=campaign)["decisions"]["废止"] == 0


@run_async
async def test_a_correction_to_repeal_takes_effect_on_its_date(make_app, sample_office):
    campaign = decided_campaign(sample_office)
    number = "盖政发〔2026〕21号"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_campaign(pilot, campaign)
        move_to(screen, number)
        await pilot.press("e")
        await settle(pilot)
        options = [value for _label, value in app.screen.query_one("#f-decision", Select)._options]
        assert options[1:] == ["修改", "废止", "宣布失效"]  # a blank first; not 继续有效 again
        form = app.screen
        fill(pilot, decision="废止")
        await pilot.press("ctrl+s")  # no reason: the form asks for one, nothing is written
        await settle(pilot)
        assert app.screen is form and "请填写“更正理由”" in form_error(form)
        assert decisions(sample_office, campaign)[number] == ("继续有效", None)
        fill(pilot, reason="已被新文件替代")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and focused_on_worklist(screen)
    document = show_document(office=sample_office, number=number)
    assert (document["status"], document["repealed"]) == ("repealed", TODAY.isoformat())


@run_async
async def test_esc_closes_the_form_and_leaves_the_cursor_on_its_row(make_app, sample_office):
    campaign = decided_campaign(sample_office)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_campaign(pilot, campaign)
        move_to(screen, REPEAL)
        row = screen.query_one(Worklist).cursor_row
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, CorrectDecisionDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one(Worklist).cursor_row == row and focused_on_worklist(screen)
    assert decisions(sample_office, campaign)[REPEAL] == ("废止", "替代")


@run_async
async def test_the_correction_key_is_offered_only_once_finished(make_app, sample_office):
    campaign = decided_campaign(sample_office, finish=False)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_campaign(pilot, campaign)
        assert not screen.finished
        assert "更正" not in screen_text(pilot).splitlines()[-1]
        move_to(screen, REPEAL)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is screen  # nothing opened: decide with 1–4 instead


# ---------------------------------------------------------------------------- focus (item 9)


@run_async
async def test_after_the_finish_dialog_the_focus_is_on_the_worklist(make_app, sample_office):
    campaign = decided_campaign(sample_office, finish=False)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_campaign(pilot, campaign)
        screen.query_one("#undecided-only", Checkbox).focus()
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FinishCampaignDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and focused_on_worklist(screen)
        screen.query_one("#unit-filter", Select).focus()
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")  # confirmed: finished today
        await settle(pilot)
        assert app.screen is screen and screen.finished and focused_on_worklist(screen)


@run_async
async def test_after_the_finish_refusal_the_focus_is_on_the_worklist(make_app, sample_office):
    start_campaign(office=sample_office, name=NAME, as_of=TODAY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_campaign(pilot, NAME)
        screen.query_one("#undecided-only", Checkbox).focus()
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)  # 23 documents without a decision
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and focused_on_worklist(screen)


@run_async
async def test_after_the_start_and_report_dialogs_the_focus_is_on_the_worklist(
    make_app, sample_office
):
    campaign = decided_campaign(sample_office)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_campaign(pilot, campaign)
        screen.query_one("#unit-filter", Select).focus()
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, CleanupReportDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and focused_on_worklist(screen)
        screen.query_one("#undecided-only", Checkbox).focus()
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, StartCampaignDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and focused_on_worklist(screen)


@run_async
async def test_back_from_a_document_the_focus_is_on_the_worklist(make_app, sample_office):
    campaign = decided_campaign(sample_office)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_campaign(pilot, campaign)
        move_to(screen, REPEAL)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not screen
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and focused_on_worklist(screen)
        assert screen.cursor_item()["doc_number"] == REPEAL
