"""Search by any piece of a 文号 or a title word, in the register and the palette, the match
highlighted where the clerk looks (issue 11, item 4)."""

from __future__ import annotations

from tests.tui.helpers import run_async, screen_text, settle, type_text
from tests.tui.test_help_and_palette import palette_prompts
from tests.tui.test_register import numbers, open_register
from tui.widgets.page_list import PageList

SIZE = (120, 40)


def marked_pieces(table: PageList, row: int) -> list[str]:
    """The text drawn bold and underlined on a row of the list, as the terminal gets it."""
    strip = table.render_line(row + 1)  # line 0 is the header
    return [
        segment.text
        for segment in strip
        if segment.style is not None and segment.style.bold and segment.style.underline
    ]


@run_async
async def test_the_register_finds_a_piece_of_a_number_and_marks_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("slash")
        await type_text(pilot, "2016]9")  # as typed on an ASCII keyboard
        await settle(pilot)
        assert numbers(screen) == ["盖政发〔2016〕9号"]
        assert marked_pieces(screen.query_one(PageList), 0) == ["2016〕9"]
        assert "共 1 件" in screen_text(pilot)


@run_async
async def test_the_register_marks_title_words(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("slash")
        await type_text(pilot, "救助")
        await settle(pilot)
        assert numbers(screen) == ["盖民发〔2024〕3号", "盖民发〔2019〕21号", "盖政发〔2016〕9号"]
        table = screen.query_one(PageList)
        assert [marked_pieces(table, row) for row in range(3)] == [["救助"]] * 3


@run_async
async def test_the_palette_finds_documents_by_a_piece_of_a_number_or_a_title_word(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        wanted = "打开 盖政发〔2016〕9号《盖州市城乡居民临时救助实施办法》"
        texts = await palette_prompts(pilot, "(2016)9", wanted)
        assert any(text.startswith(wanted) for text in texts), texts
        await pilot.press("escape")
        texts = await palette_prompts(pilot, "临时救助", wanted)
        assert any(text.startswith(wanted) for text in texts), texts


@run_async
async def test_the_palette_says_in_chinese_when_nothing_matches(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette_prompts(pilot, "无此操作也无此文件", "没有找到")
        await pilot.pause(0.8)  # the palette waits 0.5 s before saying so
        text = screen_text(pilot)
        assert "没有找到匹配的操作或文件" in text
        assert "No matches" not in text
