"""The detail screen (文件详情): what it shows of one document, and which filings its forms offer.

Expected values are worked out by hand from sample_docs/register.toml, 'today' 2026-11-26.
"""

from __future__ import annotations

from textual.widgets import Select

from tests.tui.helpers import run_async, screen_text, settle
from tui.forms.base import FormScreen
from tui.screens.detail import DocumentScreen

SIZE = (120, 40)


async def open_document(pilot, number: str) -> DocumentScreen:
    await settle(pilot)
    pilot.app.open_document(number)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DocumentScreen)
    return screen


def line_with(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


def select_values(screen, name: str) -> list[str]:
    select = screen.query_one(f"#f-{name}", Select)
    return [value for _label, value in select._options if value != Select.NULL]


@run_async
async def test_a_document_filed_nowhere_shows_both_deadlines_overdue(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "盖政办发〔2026〕73号")
        text = screen_text(pilot)
        heading = line_with(text, "《盖州市城区临时占道经营管理办法》")
        assert "盖政办发〔2026〕73号" in heading and "现行有效" in heading
        # Published 2026-10-15. 营口市人民政府: 15 days → 2026-10-30, 27 days ago.
        # 盖州市人大常委会: 30 days → Saturday 2026-11-14, so Monday 2026-11-16, 10 days ago.
        yingkou = line_with(text, "营口市人民政府      ")
        assert "2026-10-30" in yingkou and "逾期 27 日" in yingkou
        congress = line_with(text, "盖州市人大常委会")
        assert "2026-11-16" in congress and "逾期 10 日" in congress
        assert "公布        2026-10-15" in text  # the timeline's last step


@run_async
async def test_the_filing_table_shows_the_refiling_period_and_the_first_submission(make_app):
    # 盖政办发〔2026〕66号: submitted to 营口市人民政府 2026-09-18 (due 09-24); 暂缓办理备案登记
    # 2026-11-13 (法规规章备案审查条例, 国务院令第789号) → 补正 within 15 days: 11-28 is a
    # Saturday → 11-30, 4 days from 2026-11-26. The first submission stays in the table.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "盖政办发〔2026〕66号")
        text = screen_text(pilot)
        current = line_with(text, "暂缓办理备案登记  ")
        assert "2026-11-30" in current and "剩 4 日" in current
        first = line_with(text, "第1次报送")
        assert "2026-09-24" in first and "2026-09-18" in first and "2026-11-13" in first


@run_async
async def test_a_returned_filing_is_offered_again_and_an_accepted_one_is_not(make_app):
    # 盖政办发〔2026〕66号: 营口市人民政府 answered 暂缓办理备案登记, 盖州市人大常委会 予以备案登记.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "盖政办发〔2026〕66号")
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert select_values(app.screen, "body") == ["营口市人民政府"]
        await pilot.press("escape")
        await pilot.press("t")  # an answer may be recorded for either submitted filing
        await settle(pilot)
        assert select_values(app.screen, "body") == ["营口市人民政府", "盖州市人大常委会"]


@run_async
async def test_nothing_to_submit_is_said_instead_of_a_form(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_document(pilot, "盖政发〔2022〕38号")  # filed and accepted twice
        await pilot.press("b")
        await settle(pilot)
        assert app.screen is screen
        assert "没有待报送的备案事项。" in screen_text(pilot)
        draft = await open_document(pilot, "盖政发〔2026〕104号")
        await pilot.press("b")
        await settle(pilot)
        assert app.screen is draft
        assert "文件尚未公布，没有备案事项。" in screen_text(pilot)
