"""A document's footer offers only what applies to it as it stands; a hidden key says why."""

from __future__ import annotations

from tests.tui.helpers import run_async, screen_text, settle
from tui.screens.detail import DocumentScreen

SIZE = (120, 40)


async def open_document(pilot, number: str) -> DocumentScreen:
    pilot.app.open_document(number)
    await settle(pilot)
    assert isinstance(pilot.app.screen, DocumentScreen)
    return pilot.app.screen


def footer(pilot) -> str:
    return screen_text(pilot).splitlines()[-1]


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


@run_async
async def test_a_draft_offers_its_procedure_not_filing_or_repeal(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "盖政发〔2026〕104号")  # 起草中
        line = footer(pilot)
        for shown in ("o 听取意见", "r 送审", "d 集体讨论", "s 签发", "p 公布", "n 下一步"):
            assert shown in line, shown
        for hidden in ("b 报送备案", "x 废止", "f 审核结论", "v 修改完毕"):
            assert hidden not in line, hidden
        await pilot.press("x")
        await pilot.pause()
        assert "文件尚未公布，不能废止或宣布失效。" in messages(app)
        await pilot.press("f")
        await pilot.pause()
        assert "没有待登记结论的合法性审核：先报送合法性审核（r）。" in messages(app)


@run_async
async def test_a_published_document_offers_filing_and_repeal_not_the_procedure(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "盖政办发〔2026〕73号")  # published, filings due
        line = footer(pilot)
        for shown in ("b 报送备案", "x 废止", "n 下一步"):
            assert shown in line, shown
        for hidden in ("o 听取意见", "r 送审", "d 集体讨论", "s 签发", "p 公布"):
            assert hidden not in line, hidden
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)  # no form
        assert "文件已经公布，制定程序已经完成。" in messages(app)


@run_async
async def test_a_repealed_document_offers_little_and_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "盖政发〔2017〕58号")  # repealed
        line = footer(pilot)
        assert "x 废止" not in line and "b 报送备案" not in line
        await pilot.press("b")
        await pilot.pause()
        assert "文件已废止，不再办理这一事项。" in messages(app)
