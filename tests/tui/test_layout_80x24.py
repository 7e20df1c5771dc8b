"""Every screen at 80×24, at 120×40, and at 200×50 where using the width is the point.

Pilot tests assert on what the clerk sees (`screen_text`) and where the widgets are (their
regions); the snapshots at the end are one each of the dashboard, the register, the detail and a
form at 80×24, and the form at 120×40 (the other screens at 120×40: test_snapshots.py).
'Today' is 2026-11-26 on the sample register (tests/conftest.py).
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Button, Input

from tests.tui.helpers import fill, run_async, screen_text, settle
from tui.forms.base import FormScreen
from tui.screens.campaign import CampaignScreen
from tui.screens.detail import DocumentScreen
from tui.widgets.page_list import Column, PageList, column_widths

SMALL = (80, 24)
MEDIUM = (120, 40)
LARGE = (200, 50)
NUMBER = "盖政办发〔2026〕66号"  # 《盖州市城区公共停车场建设和管理办法》, due to 营口 in 4 days
TITLE = "盖州市城区公共停车场建设和管理办法"


def lines_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


def on_screen(app, widget: Widget) -> bool:
    """The whole widget is drawn inside the terminal (not cut off, not scrolled away)."""
    region = widget.region
    return region.area > 0 and app.screen.region.contains_region(region)


async def open_edit_form(pilot) -> FormScreen:
    await settle(pilot)
    pilot.app.open_document(NUMBER)
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FormScreen)
    return screen


# ---------------------------------------------------------------------------- the column rule


def test_columns_give_way_in_their_order_and_the_title_takes_the_rest():
    columns = [
        Column("文号", 22),
        Column("标题", 0),
        Column("机关", 20, hide=1),
        Column("日期", 10, hide=2),
        Column("状态", 12),
    ]
    # Each column has a space either side: 22 + 20 + 10 + 12 fixed take 72 cells.
    assert column_widths(columns, 120) == [22, 46, 20, 10, 12]
    assert column_widths(columns, 200) == [22, 126, 20, 10, 12]
    # 80: with 机关 the title would keep fewer than 20 cells: 机关 hides, 日期 stays.
    assert column_widths(columns, 80) == [22, 28, 0, 10, 12]
    assert column_widths(columns, 60) == [22, 20, 0, 0, 12]
    # Narrower than what never hides: the title still shows a few characters.
    assert column_widths(columns, 30)[1] == 4


# ---------------------------------------------------------------------------- forms


@run_async
async def test_at_80_by_24_a_long_form_scrolls_and_its_buttons_stay_on_screen(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        form = await open_edit_form(pilot)
        box = form.query_one(".form-box")
        assert app.screen.region.contains_region(box.region)
        for button in ("#save", "#cancel"):
            assert on_screen(app, form.query_one(button, Button)), button
        fields = form.query_one(".form-fields")
        assert fields.max_scroll_y > 0  # more fields than room: they scroll, the buttons stay
        last = list(form.query(".form-input"))[-1]
        last.focus()
        await settle(pilot)
        assert on_screen(app, last)
        assert on_screen(app, form.query_one("#save", Button))

        # A refusal is shown whole, above the buttons, and what was typed stays.
        fill(pilot, title="")
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = form.query_one("#form-error")
        assert on_screen(app, error)
        assert "请填写“标题”。" in screen_text(pilot)
        assert on_screen(app, form.query_one("#save", Button))
        assert form.query_one("#f-drafting_unit", Input).value == "盖州市住房和城乡建设局"


@run_async
async def test_at_120_by_40_the_whole_edit_form_shows_without_scrolling(make_app):
    app = make_app()
    async with app.run_test(size=MEDIUM) as pilot:
        form = await open_edit_form(pilot)
        assert form.query_one(".form-fields").max_scroll_y == 0
        assert on_screen(app, form.query_one("#save", Button))
        assert form.query_one(".form-box").region.height < 40  # a box, not the whole screen


# ---------------------------------------------------------------------------- dashboard


@run_async
async def test_at_80_columns_the_dashboard_keeps_the_number_the_days_left_and_a_real_title(
    make_app,
):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "逾期事项" in text  # the counts wrap onto a second line rather than lose it
        header = lines_with(text, "文号")[0]
        assert "剩余" in header and "标题" in header and "事项" in header
        assert "备案机关/对象" not in header and "期限" not in header  # they gave way
        row = lines_with(text, NUMBER)[0]
        assert "剩 4 日" in row
        assert "盖州市城区公共停车场" in row  # 20 cells of title at least, not "盖…"


@run_async
async def test_at_200_columns_the_dashboard_shows_whole_titles_and_every_column(make_app):
    app = make_app()
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        header = lines_with(text, "文号")[0]
        for label in ("事项", "标题", "备案机关/对象", "期限", "剩余"):
            assert label in header, label
        row = lines_with(text, NUMBER)[0]
        assert TITLE in row and "营口市人民政府" in row and "2026-11-30" in row


# ---------------------------------------------------------------------------- register


async def open_register(pilot) -> str:
    await settle(pilot)
    await pilot.press("f3")
    await settle(pilot)
    return screen_text(pilot)


@run_async
async def test_at_80_columns_the_register_keeps_number_title_and_status(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        text = await open_register(pilot)
        header = lines_with(text, "文号")[-1]
        assert "标题" in header and "状态" in header and "备案" in header
        assert "制定机关" not in header and "发布日期" not in header
        row = lines_with(text, NUMBER)[0]
        assert "盖州市城区公共停车场建设" in row and "现行有效" in row
        widths = column_widths(app.screen.query_one(PageList).columns, 80)
        assert widths[0] == 22 and widths[1] >= 20  # the whole 文号; a title worth reading
        assert app.screen.query_one("#search").region.width >= 24  # room to type a search


@run_async
async def test_at_120_columns_only_the_authority_gives_way_and_200_shows_every_column(make_app):
    long_title = "盖州市人民政府关于修改《盖州市城乡居民最低生活保障实施办法》的决定"
    for size in (MEDIUM, LARGE):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            text = await open_register(pilot)
            header = lines_with(text, "文号")[-1]
            for label in ("标题", "发布日期", "状态", "进度", "备案"):
                assert label in header, (size, label)
            # 制定机关 (which the 文号's agency code says) makes room for the title at 120
            assert ("制定机关" in header) == (size == LARGE)
            assert (long_title in text) == (size == LARGE)  # the width goes to the titles


# ---------------------------------------------------------------------------- detail


async def open_detail(pilot, number: str = NUMBER) -> DocumentScreen:
    await settle(pilot)
    pilot.app.open_document(number)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DocumentScreen)
    return screen


@run_async
async def test_at_80_columns_the_detail_panels_stack_and_the_timeline_reads_in_lines(make_app):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_detail(pilot)
        fields = screen.query_one("#doc-fields").region
        timeline = screen.query_one("#doc-timeline").region
        assert timeline.y >= fields.bottom and timeline.x == fields.x
        assert timeline.width >= 76
        body = screen.query_one("#detail-body")
        body.scroll_to_widget(screen.query_one("#doc-timeline"), animate=False, top=True)
        await settle(pilot)
        text = screen_text(pilot)
        assert lines_with(text, "合法性审核  2026-08-10  报送合法性审核（盖州市司法局）")
        body.scroll_to_widget(screen.query_one("#doc-filings"), animate=False, top=True)
        await settle(pilot)
        text = screen_text(pilot)
        header = lines_with(text, "备案机关")[0]
        assert "剩余" in header and "回执号" not in header  # the filing table fits in 80
        assert "剩 4 日" in lines_with(text, "营口市人民政府")[0]


@run_async
async def test_at_120_columns_the_detail_panels_stand_side_by_side(make_app):
    app = make_app()
    async with app.run_test(size=MEDIUM) as pilot:
        screen = await open_detail(pilot)
        fields = screen.query_one("#doc-fields").region
        timeline = screen.query_one("#doc-timeline").region
        assert timeline.y == fields.y and timeline.x >= fields.right
        assert "回执号" in lines_with(screen_text(pilot), "备案机关")[0]


# ---------------------------------------------------------------------------- campaign


@run_async
async def test_at_80_by_24_the_campaign_worklist_and_reason_bar_fit(make_app, sample_office):
    from tests.tui.test_campaign import open_campaign, prepared_campaign

    campaign = prepared_campaign(sample_office)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_campaign(pilot, campaign)
        assert isinstance(screen, CampaignScreen)
        text = screen_text(pilot)
        header = lines_with(text, "文号")[-1]
        assert "标题" in header and "清理意见" in header and "起草单位" not in header
        row = lines_with(text, "盖政办发〔2016〕51号")[0]
        assert "关于公布盖州市" in row  # 16 cells of title at least
        await pilot.press("2")  # 修改: the reason bar opens
        await settle(pilot)
        reason = screen.query_one("#reason", Input)
        assert on_screen(app, reason) and reason.region.width >= 16
        assert on_screen(app, screen.query_one("#amended-by", Input))


# ---------------------------------------------------------------------------- snapshots


def test_dashboard_80x24(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SMALL, run_before=settle)


def test_register_80x24(snap_compare, make_app):
    async def before(pilot):
        await open_register(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=before)


def test_detail_80x24(snap_compare, make_app):
    """Scrolled to the timeline: the panels stacked, the procedure one event a line."""

    async def before(pilot):
        screen = await open_detail(pilot)
        screen.query_one("#detail-body").scroll_to_widget(
            screen.query_one("#doc-timeline"), animate=False, top=True
        )
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=before)


def test_form_with_error_80x24(snap_compare, make_app):
    async def before(pilot):
        await open_edit_form(pilot)
        fill(pilot, title="")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=before)


def test_form_120x40(snap_compare, make_app):
    async def before(pilot):
        await open_edit_form(pilot)

    assert snap_compare(make_app(), terminal_size=MEDIUM, run_before=before)
