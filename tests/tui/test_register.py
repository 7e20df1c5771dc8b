"""The register screen: one SQL page at a time, filters, sorting, search as typed."""

from __future__ import annotations

import gc

from textual.widgets import Select

from tests.tui.helpers import run_async, screen_text, settle, type_text
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
        assert "共 22 件" in status_line(screen)
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
async def test_typing_on_cancels_the_pending_count(make_app, monkeypatch):
    from tui.screens import register

    counted: list[str] = []
    load_count = RegisterScreen.load_count

    def counting(self, office, request, browse_filter, ticket):
        counted.append(browse_filter.search)
        return load_count(self, office, request, browse_filter, ticket)

    monkeypatch.setattr(RegisterScreen, "load_count", counting)
    # While “办” is typed the count waits far longer than the test: it is still pending when
    # “法” follows, however slow the machine. The count of “办法” then comes at once.
    monkeypatch.setattr(register, "COUNT_DELAY", 600)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        screen.page_size = 3
        await pilot.press("slash")
        await type_text(pilot, "办")
        await settle(pilot)
        assert screen.page.has_more and screen.total is None and screen.count_timer is not None
        assert "共 … 件" in status_line(screen)
        pending = screen.count_ticket
        monkeypatch.setattr(register, "COUNT_DELAY", 0.01)
        await type_text(pilot, "法")
        assert pending.dropped()  # the count of “办” will not run
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        # 34 titles in sample_docs/register.toml contain 办法 (no 文号 does).
        assert "共 34 件" in status_line(screen)
    assert counted == ["办法"]


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
        assert gc.isenabled() and app.collector.held_since is None, "the collector is back on"


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


# ---------------------------------------------------------------------------- what the clerk sees

RELIEF = [  # titles with 救助 in sample_docs/register.toml, newest year first
    ("盖民发〔2024〕3号", "盖州市特困人员救助供养实施细则"),
    ("盖民发〔2019〕21号", "盖州市特困人员救助供养实施细则"),
    ("盖政发〔2016〕9号", "盖州市城乡居民临时救助实施办法"),
]
REPEALED = [  # 废止 by a later document (sample_docs/README.md), newest year first
    "盖民发〔2019〕21号",
    "盖政发〔2017〕58号",
    "盖政发〔2012〕72号",
]


def shown_rows(pilot) -> list[str]:
    """The register's lines on screen that show a document."""
    return [line for line in screen_text(pilot).splitlines() if "〕" in line and "号" in line]


@run_async
async def test_two_characters_typed_show_only_their_matches(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_register(pilot)
        await pilot.press("slash")
        await type_text(pilot, "救助")
        await settle(pilot)
        rows = shown_rows(pilot)
        assert len(rows) == 3
        for line, (number, title) in zip(rows, RELIEF, strict=True):
            assert number in line and title in line  # at 120 columns the whole title shows
        assert "已废止" in rows[1] and "现行有效" in rows[2]  # 2016: no stated validity
        text = screen_text(pilot)
        assert "第 1–3 件　共 3 件　第 1/1 页　排序：年份↓　搜索“救助”" in text


@run_async
async def test_the_status_filter_shows_the_repealed_documents(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        screen.query_one("#status-filter", Select).value = "repealed"
        await settle(pilot)
        rows = shown_rows(pilot)
        assert [next(n for n in REPEALED if n in line) for line in rows] == REPEALED
        assert all("已废止" in line for line in rows)
        assert "已废止" in screen_text(pilot).splitlines()[2]  # the filter itself says so
        assert "共 3 件" in status_line(screen)


@run_async
async def test_the_typed_character_and_its_page_come_in_one_frame(make_app):
    """A keystroke is drawn once: the character in the box together with the list it finds
    (drawn apart, the list came a frame, ~15 ms, after the character)."""
    app = make_app()
    frames: list[tuple[bool, bool, str]] = []  # (input written, list rows written, the query)
    display = app._display

    def recording(screen, renderable) -> None:
        display(screen, renderable)
        spans = getattr(renderable, "spans", None)
        if renderable is None or app._batch_count or spans is None or screen.id != "register":
            return
        rows = {y for y, _, _ in spans}
        box, table = screen.query_one("#search").region, screen.query_one("#register-table").region
        frames.append(
            (
                any(box.y <= y < box.bottom for y in rows),
                any(table.y < y < table.bottom for y in rows),
                screen.query_one("#search").value,
            )
        )

    app._display = recording
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("slash")
        await settle(pilot)
        for typed in ("救", "救助"):
            frames.clear()
            await pilot.press(typed[-1])
            await settle(pilot)
            echoed = [f for f in frames if f[0] and f[2] == typed]
            assert echoed, f"“{typed}” was never drawn"
            assert echoed[0][1], f"“{typed}” was drawn in a frame without its list"
        assert "搜索“救助”" in status_line(screen)
        assert titles(screen) and all("救助" in title for title in titles(screen))
