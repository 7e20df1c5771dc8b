"""The campaign screen (定期清理): Pilot tests checked in the database, and snapshots at 120×40
of the worklist and of the inline reason (their look is the point).

Most tests push the screen on a campaign of their own once the office is open; the last one opens
it with F4, as the clerk does.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input, Select, Static

from docfiler.queries.campaigns import campaign_items, campaign_status
from docfiler.queries.documents import show_document
from docfiler.services.cleanup import decide, start_campaign
from docfiler.services.legal_bases import mark_higher_law
from tests.conftest import TODAY
from tests.tui.helpers import run_async, screen_text, settle, type_text
from tui.dialogs.error import ErrorDialog
from tui.dialogs.outputs import CleanupReportDialog
from tui.forms.cleanup import DEFAULT_BASIS, FinishCampaignDialog, StartCampaignDialog
from tui.screens import campaign as campaign_module
from tui.screens.campaign import CampaignScreen
from tui.screens.campaign_parts import Worklist
from tui.screens.dashboard import DashboardScreen

SIZE = (120, 40)
NAME = "2026年行政规范性文件清理"
REPEAL = "盖政发〔2022〕38号"
INVALID = "盖财发〔2020〕46号"  # validity ended: flagged 有效期届满
AMEND = "盖政办发〔2025〕42号"
KEEP = "盖政发〔2026〕21号"
DRAFT = "盖政发[2026]104"  # typed as a clerk would; the canonical form is 盖政发〔2026〕104号


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Default output folders (~/docfiler-输出) land in the test's own directory."""
    path = tmp_path / "home"
    monkeypatch.setenv("HOME", str(path))
    return path


async def open_campaign(pilot, campaign=None) -> CampaignScreen:
    await settle(pilot)
    pilot.app.push_screen(CampaignScreen(pilot.app.office, campaign))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CampaignScreen)
    return screen


def move_to(screen: CampaignScreen, number: str) -> None:
    worklist = screen.query_one(Worklist)
    worklist.focus()
    worklist.move_cursor(worklist.keys.index(number))


def decisions(office, campaign) -> dict[str, tuple[str | None, str | None]]:
    items = campaign_items(office=office, campaign=campaign, limit=1000)["items"]
    return {i["doc_number"]: (i["decision"], i["reason"]) for i in items}


def amended_by(office, campaign, number) -> str | None:
    from sqlmodel import select

    from docfiler.store.tables import CleanupItem, Document

    with office.reading() as session:
        item = session.exec(
            select(CleanupItem)
            .join(Document, Document.id == CleanupItem.document_id)
            .where(CleanupItem.campaign_id == campaign, Document.doc_number == number)
        ).one()
        amending = session.get(Document, item.amended_by_id) if item.amended_by_id else None
        return amending.doc_number if amending else None


def error_text(app) -> str:
    assert isinstance(app.screen, ErrorDialog), type(app.screen)
    return str(app.screen.query_one("#error-message", Static).render())


@run_async
async def test_a_campaign_from_start_to_finish(make_app, sample_office, home):
    office = sample_office
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        # No campaign is open: the screen shows the last finished one and offers a new one.
        screen = await open_campaign(pilot)
        assert screen.finished
        assert screen.status["name"] == "2024年盖州市行政规范性文件全面清理"
        await pilot.press("3")  # a finished campaign takes no decisions
        assert screen.reason_for is None

        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, StartCampaignDialog)
        assert app.screen.query_one("#f-name", Input).value == NAME
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.status["name"] == NAME and not screen.finished
        total = screen.status["total"]
        assert total == 23 and len(screen.query_one(Worklist).keys) == total
        campaign = screen.campaign_id

        # 废止 with a reason typed inline.
        move_to(screen, REPEAL)
        await pilot.press("3")
        assert screen.query_one("#reason", Input).has_focus
        await type_text(pilot, "已被新规定替代")
        await pilot.press("enter")
        await settle(pilot)
        assert decisions(office, campaign)[REPEAL] == ("废止", "已被新规定替代")
        assert not screen.query_one("#reason-bar").has_class("-open")
        assert "已提出清理意见 1/23 件" in str(
            screen.query_one("#campaign-progress-label").render()
        )

        # 宣布失效: the flag is the reason already typed in.
        move_to(screen, INVALID)
        await pilot.press("4")
        assert screen.query_one("#reason", Input).value == "有效期已于2025年12月31日届满"
        await pilot.press("enter")
        await settle(pilot)
        assert decisions(office, campaign)[INVALID] == ("宣布失效", "有效期已于2025年12月31日届满")

        # 修改 without a reason is refused with the service's message; the bar stays open.
        move_to(screen, AMEND)
        await pilot.press("2")
        assert screen.query_one("#amended-by").display
        await pilot.press("enter")
        await settle(pilot)
        assert "须写明理由" in error_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one("#reason-bar").has_class("-open")
        screen.query_one("#reason", Input).focus()
        await type_text(pilot, "与上位法不一致")
        await pilot.press("tab")
        await type_text(pilot, f"{DRAFT}")  # the amending document, still a draft
        await pilot.press("enter")
        await settle(pilot)
        assert decisions(office, campaign)[AMEND] == ("修改", "与上位法不一致")
        assert amended_by(office, campaign, AMEND) == "盖政发〔2026〕104号"

        # Esc cancels a reason: nothing is written.
        move_to(screen, KEEP)
        await pilot.press("3")
        await type_text(pilot, "不用了")
        await pilot.press("escape")
        assert not screen.query_one("#reason-bar").has_class("-open")
        await settle(pilot)
        assert decisions(office, campaign)[KEEP] == (None, None)

        # 继续有效 is one key; the cursor moves on to the next document.
        move_to(screen, KEEP)
        row = screen.query_one(Worklist).cursor_row
        await pilot.press("1")
        await settle(pilot)
        assert decisions(office, campaign)[KEEP] == ("继续有效", None)
        assert screen.query_one(Worklist).cursor_row == row + 1
        assert screen.items[row]["decision"] == "继续有效"

        # Finishing while anything is undecided is refused, and nothing changes.
        await pilot.press("f")
        await settle(pilot)
        message = error_text(app)
        assert "19 件文件没有清理意见，不能完成" in message
        await pilot.press("escape")
        await settle(pilot)
        assert campaign_status(office=office, campaign=campaign)["finished"] is None
        assert show_document(office=office, number=REPEAL)["status"] == "in_force"

        # The rest are decided by another clerk; finishing goes through the confirmation.
        for number, (decision, _reason) in decisions(office, campaign).items():
            if decision is None:
                decide(office=office, campaign=campaign, number=number, decision="继续有效")
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FinishCampaignDialog)
        consequences = str(app.screen.query_one("#finish-consequences", Static).render())
        assert consequences == "将废止 1 件、宣布失效 1 件、修改 1 件，继续有效 20 件"
        assert app.screen.query_one("#f-on", Input).value == TODAY.isoformat()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.finished
        assert not screen.check_action("decide", ())

        # The materials of the finished campaign, into the default folder.
        await pilot.press("r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CleanupReportDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # the result stays, with 打开文件夹, until Esc
        assert dialog.query_one("#output-done").has_class("-ready")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    folder = home / "docfiler-输出" / NAME
    # the lists (附件1–4), the change appendix, and the texts (issue 10, item 8)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [
            "清理结果的决定.docx",
            "修改决定.docx",
            "清理情况的报告.docx",
            "现行有效行政规范性文件目录.docx",
            "修改的行政规范性文件目录.docx",
            "废止的行政规范性文件目录.docx",
            "宣布失效的行政规范性文件目录.docx",
            "目录变化情况.docx",
        ]
    )

    status = campaign_status(office=office, campaign=campaign)
    assert status["finished"] == TODAY.isoformat()
    assert status["decisions"] == {"继续有效": 20, "修改": 1, "废止": 1, "宣布失效": 1}
    assert show_document(office=office, number=REPEAL)["status"] == "repealed"
    lapsed = show_document(office=office, number=INVALID)  # lapsed before, now also declared
    assert (lapsed["declared_invalid"], lapsed["invalid_reason"]) == (
        TODAY.isoformat(),
        "有效期已于2025年12月31日届满",
    )
    assert show_document(office=office, number=AMEND)["status"] == "in_force"
    assert show_document(office=office, number=KEEP)["status"] == "in_force"


@run_async
async def test_a_wrong_finish_date_is_refused_inside_the_confirmation(make_app, sample_office):
    started = start_campaign(office=sample_office, name=NAME, as_of=dt.date(2026, 11, 1))
    for item in campaign_items(office=sample_office, campaign=started.id)["items"]:
        decide(
            office=sample_office,
            campaign=started.id,
            number=item["doc_number"],
            decision="继续有效",
        )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_campaign(pilot, started.id)
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FinishCampaignDialog)
        dialog.query_one("#f-on", Input).value = "2026-10-01"  # before the as-of date
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "早于清理基准日" in str(dialog.query_one("#form-error", Static).render())
        await pilot.press("escape")  # the date was changed: 放弃已填写的内容？
        await settle(pilot)
        await pilot.press("y")  # 放弃
        await settle(pilot)
        assert app.screen is screen and not screen.finished
    assert campaign_status(office=sample_office, campaign=started.id)["finished"] is None


@run_async
async def test_filters_and_pages_are_read_from_sql(make_app, sample_office, monkeypatch):
    monkeypatch.setattr(campaign_module, "PAGE_SIZE", 5)
    started = start_campaign(office=sample_office, name=NAME, as_of=TODAY)
    decide(office=sample_office, campaign=NAME, number="盖政发〔2023〕29号", decision="继续有效")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_campaign(pilot, NAME)
        worklist = screen.query_one(Worklist)
        assert len(worklist.keys) == 5
        status = screen.query_one("#worklist-status").text
        assert "第 1–5 件" in status and "共 23 件" in status and "第 1/5 页" in status

        await pilot.press("end", "down")  # past the last row: the next page
        await settle(pilot)
        assert "第 6–10 件" in screen.query_one("#worklist-status").text
        assert worklist.cursor_row == 0
        await pilot.press("pageup")  # before the first row: the previous page, on its last row
        await settle(pilot)
        assert "第 1–5 件" in screen.query_one("#worklist-status").text
        assert worklist.cursor_row == 4

        screen.query_one("#unit-filter", Select).value = "盖州市民政局"
        await settle(pilot)
        assert {i["drafting_unit"] for i in screen.items} == {"盖州市民政局"}
        assert len(screen.items) == 4  # with 盖政发〔2016〕9号, still in force
        await pilot.press("u")
        await settle(pilot)
        assert [i["doc_number"] for i in screen.items] == [
            "盖政发〔2016〕9号",
            "盖民发〔2024〕3号",
            "盖政发〔2025〕27号",
        ]
        assert "只看未决" in screen.query_one("#worklist-status").text
    assert started.total == 23


@run_async
async def test_a_decision_made_meanwhile_by_someone_else_is_not_overwritten(
    make_app, sample_office
):
    start_campaign(office=sample_office, name=NAME, as_of=TODAY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_campaign(pilot, NAME)
        move_to(screen, REPEAL)
        decide(office=sample_office, campaign=NAME, number=REPEAL, decision="废止", reason="替代")
        await pilot.press("1")
        await settle(pilot)
        assert "已被其他人修改" in error_text(app)
        await pilot.press("enter")
        await settle(pilot)
        row = next(i for i in screen.items if i["doc_number"] == REPEAL)
        assert row["decision"] == "废止"  # the page was read again
    assert decisions(sample_office, NAME)[REPEAL] == ("废止", "替代")


# ---------------------------------------------------------------------------- snapshots


def prepared_campaign(office, *, decide_all: bool = False) -> int:
    """A campaign with a basis changed in higher law (需清理) and a few decisions."""
    mark_higher_law(
        office=office,
        title="社会救助暂行办法",
        number="国务院令第649号",
        status="已修改",
        on=dt.date(2026, 10, 1),
    )
    started = start_campaign(office=office, name=NAME, as_of=TODAY, basis=DEFAULT_BASIS)
    plan = {
        REPEAL: ("废止", "已被新规定替代"),
        INVALID: ("宣布失效", "有效期届满"),
        AMEND: ("修改", "与上位法不一致"),
        KEEP: ("继续有效", None),
    }
    for item in campaign_items(office=office, campaign=started.id)["items"]:
        decision, reason = plan.get(item["doc_number"], ("继续有效" if decide_all else None, None))
        if decision:
            decide(
                office=office,
                campaign=started.id,
                number=item["doc_number"],
                decision=decision,
                reason=reason,
            )
    return started.id


def test_campaign_screen(snap_compare, make_app, sample_office):
    campaign = prepared_campaign(sample_office)

    async def before(pilot):
        screen = await open_campaign(pilot, campaign)
        move_to(screen, "盖民发〔2024〕3号")  # 需清理: its legal basis was amended
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_campaign_reason_typed_inline(snap_compare, make_app, sample_office):
    campaign = prepared_campaign(sample_office)

    async def before(pilot):
        screen = await open_campaign(pilot, campaign)
        move_to(screen, "盖政办发〔2026〕73号")
        await pilot.press("2")
        await type_text(pilot, "与上位法不一致")
        await pilot.press("tab")
        await type_text(pilot, "盖政办发[2027]3号")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


@run_async
async def test_the_finish_confirmation_lists_the_consequences(make_app, sample_office):
    campaign = prepared_campaign(sample_office, decide_all=True)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_campaign(pilot, campaign)
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FinishCampaignDialog)
        text = screen_text(pilot)
        assert f"完成清理：{NAME}" in text
        # 23 documents (the 2016 ones state no validity, so they are in force): the three
        # planned decisions, the other twenty kept.
        assert "将废止 1 件、宣布失效 1 件、修改 1 件，继续有效 20 件" in text
        assert "2026-11-26" in text and "确认完成（Enter）" in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and not screen.finished
    assert campaign_status(office=sample_office, campaign=campaign)["finished"] is None


# ---------------------------------------------------------------------------- wired into the app


@run_async
async def test_f4_opens_the_campaign_screen_once(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, CampaignScreen)
        await pilot.press("f4")
        await settle(pilot)
        assert sum(isinstance(s, CampaignScreen) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
