"""The register screen: one SQL page at a time, filters, sorting, search as typed."""

from __future__ import annotations

from textual.widgets import Select

from tests.tui.helpers import run_async, settle, type_text
from tui.messages import PageLoaded
from tui.screens.detail import DocumentScreen
from tui.screens.register import COUNT_DELAY, Filters, RegisterScreen

SIZE = (120, 40)


async def open_register(pilot) -> RegisterScreen:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RegisterScreen)
    return screen


def numbers(screen: RegisterScreen) -> list[str]:
    return list(screen.query_one("#register-table").keys)


def titles(screen: RegisterScreen) -> list[str]:
    return [cells[1].text for cells in screen.query_one("#register-table").rows]


def status_line(screen: RegisterScreen) -> str:
    return screen.query_one("#page-status").text


@run_async
async def test_search_by_title_words_as_typed(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        assert len(numbers(screen)) == 44
        await pilot.press("slash")
        assert screen.focused is screen.query_one("#search")
        await type_text(pilot, "救")
        await settle(pilot)
        one = titles(screen)
        assert one and all("救" in title for title in one)
        await type_text(pilot, "助")
        await settle(pilot)
        two = titles(screen)
        assert two and all("救助" in title for title in two)
        assert len(two) <= len(one)
        assert f"共 {len(two)} 件" in status_line(screen)


@run_async
async def test_search_by_doc_number_in_any_form(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("slash")
        await type_text(pilot, "盖政发[2016]9")
        await settle(pilot)
        assert numbers(screen)[0] == "盖政发〔2016〕9号"
        assert all(n.startswith("盖政发〔2016〕9") for n in numbers(screen))
        # Enter in the search box goes to the list; Enter on a row opens the document.
        await pilot.press("enter")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.number == "盖政发〔2016〕9号"


@run_async
async def test_filters_by_status_year_and_authority(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        screen.query_one("#status-filter", Select).value = "in_force"
        await settle(pilot)
        assert "共 15 件" in status_line(screen)
        screen.query_one("#year-filter", Select).value = 2022
        await settle(pilot)
        assert numbers(screen) == ["盖政发〔2022〕38号", "盖政办发〔2022〕6号"]
        screen.query_one("#authority-filter", Select).value = "盖州市人民政府"
        await settle(pilot)
        assert numbers(screen) == ["盖政发〔2022〕38号"]
        await pilot.press("x")
        await settle(pilot)
        assert len(numbers(screen)) == 44


@run_async
async def test_pages_are_read_from_sql_one_at_a_time(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        screen.page_size = 10
        screen.request(0)
        await settle(pilot)
        first = numbers(screen)
        assert len(first) == 10
        assert "第 1–10 件" in status_line(screen)
        assert "第 1/5 页" in status_line(screen)
        await pilot.press("n")
        await settle(pilot)
        second = numbers(screen)
        assert len(second) == 10 and not set(first) & set(second)
        assert "第 11–20 件" in status_line(screen)
        # Moving down past the last row reads the next page; up past the first, the previous.
        table = screen.query_one("#register-table")
        table.move_cursor(row=9)
        await pilot.press("down")
        await settle(pilot)
        assert "第 21–30 件" in status_line(screen)
        assert table.cursor_row == 0
        await pilot.press("up")
        await settle(pilot)
        assert numbers(screen) == second
        assert table.cursor_row == 9
        await pilot.press("p")
        await settle(pilot)
        assert numbers(screen) == first
        # The last page is short, and there is no page after it.
        screen.request(40)
        await settle(pilot)
        assert len(numbers(screen)) == 4
        await pilot.press("n")
        await settle(pilot)
        assert len(numbers(screen)) == 4


@run_async
async def test_sorting(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        assert numbers(screen)[0].endswith("〔2026〕104号")  # newest first
        await pilot.press("r")
        await settle(pilot)
        assert "排序：年份↑" in status_line(screen)
        assert "〔2010〕" in numbers(screen)[0]
        await pilot.press("s")
        await settle(pilot)
        assert "排序：文号" in status_line(screen)
        await pilot.press("s", "s")
        await settle(pilot)
        assert "排序：标题" in status_line(screen)


@run_async
async def test_command_palette_opens_a_document_by_number(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "盖政发[2016]9")
        for _ in range(20):
            await pilot.pause(0.05)
            palette = app.screen
            options = palette.query_one("CommandList")
            texts = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            if any("盖政发〔2016〕9号" in t for t in texts):
                break
        assert any("打开 盖政发〔2016〕9号" in t for t in texts), texts
        index = next(i for i, t in enumerate(texts) if "盖政发〔2016〕9号" in t)
        options.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.number == "盖政发〔2016〕9号"


@run_async
async def test_command_palette_offers_the_actions(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_document("盖政发〔2026〕104号")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "公布")
        texts = []
        for _ in range(20):
            await pilot.pause(0.05)
            options = app.screen.query_one("CommandList")
            texts = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            if texts:
                break
        assert any("公布：盖政发〔2026〕104号" in t for t in texts), texts


@run_async
async def test_a_number_search_brings_its_total_without_a_count(make_app, monkeypatch):
    counts = []
    monkeypatch.setattr(RegisterScreen, "load_count", lambda self, *args: counts.append(args))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        screen.page_size = 5
        await pilot.press("slash")
        await type_text(pilot, "盖政发[")
        await settle(pilot)
        await pilot.pause(COUNT_DELAY * 2)
        assert screen.page.has_more and len(numbers(screen)) == 5
        assert all(n.startswith("盖政发〔") for n in numbers(screen))
        assert screen.total is not None and f"共 {screen.total} 件" in status_line(screen)
        assert counts == []
        assert app._batch_count == 0  # the keystrokes' repaints are not held any more


@run_async
async def test_typing_on_cancels_the_pending_count(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        screen.page_size = 3
        await pilot.press("slash")
        await type_text(pilot, "办")
        await settle(pilot)
        assert screen.page.has_more and screen.total is None and screen.count_timer is not None
        pending = screen.count_ticket
        await type_text(pilot, "法")
        assert pending.dropped()  # the count of “办” will not run (or stops if it has started)
        await settle(pilot)
        await pilot.pause(COUNT_DELAY * 2)
        await settle(pilot)
        expected = sum("办法" in title for title in all_titles(app))
        assert f"共 {expected} 件" in status_line(screen)


@run_async
async def test_a_superseded_page_is_not_shown(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        screen.filters = Filters(search="救助")
        screen.request(0)
        old = screen.in_flight
        screen.filters = Filters(search="盖政发[2016]9")
        screen.request(0)
        await settle(pilot)
        assert numbers(screen)[0] == "盖政发〔2016〕9号"
        # A page read for the old request, arriving late, changes nothing.
        screen.post_message(PageLoaded(old, screen.page))
        await settle(pilot)
        assert screen.shown[0].search == "盖政发[2016]9"
        assert screen.in_flight is None
        # Nor does one read for the same filters before the data changed.
        screen.load_page = lambda *args: None  # the reads never finish
        screen.request(0)
        before = screen.in_flight
        screen.request(0, fresh=True)
        assert screen.in_flight is not before and screen.in_flight == before
        repaints = screen.repaints
        screen.post_message(PageLoaded(before, screen.page))
        await settle(pilot)
        assert screen.repaints == repaints and screen.in_flight is not None


@run_async
async def test_a_failed_page_releases_the_held_repaints(make_app, monkeypatch):
    from docfiler.queries import register as browse

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("slash")

        def broken(**_):
            raise RuntimeError("数据库出错")

        monkeypatch.setattr(browse, "register_page", broken)
        await type_text(pilot, "救")
        await settle(pilot)
        assert app._batch_count == 0
        assert screen.in_flight is None


def all_titles(app) -> list[str]:
    from docfiler.queries import documents as queries

    return [d["title"] for d in queries.list_documents(office=app.office)]


@run_async
async def test_a_search_longer_than_its_box_scrolls_with_the_cursor(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("slash")
        search = screen.query_one("#search")
        width = search.scrollable_content_region.width
        await type_text(pilot, "救")
        await settle(pilot)
        assert search.virtual_size.width == width and search.scroll_offset.x == 0
        await type_text(pilot, "助" * width)
        await settle(pilot)
        assert search.virtual_size.width > width and search.scroll_offset.x > 0
        assert "助" in search.render_line(0).text
