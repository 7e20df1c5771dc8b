"""The register's 进度 column and its filter by a draft's stage (issue 11: the next step always
visible), Esc in the register (clear the search, then back one level), and the focus on the list
after every dialog (item 9). On the sample register, both back ends; stages worked out by hand
from sample_docs/register.toml (see tests/docfiler/queries/test_register_stage.py)."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, Select

from docfiler import services
from tests.tui.helpers import run_async, screen_text, settle, type_text
from tests.tui.test_register import numbers, open_register, status_line
from tui.dialogs.help import HelpScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.detail import DocumentScreen
from tui.screens.register import RegisterScreen
from tui.screens.register_parts import COLUMNS, status_options
from tui.widgets.page_list import PageList, column_widths

SIZE = (120, 40)


def progress(screen: RegisterScreen) -> dict[str, str]:
    table = screen.query_one(PageList)
    return {key: cells[5].text for key, cells in zip(table.keys, table.rows, strict=True)}


def line_of(pilot, number: str) -> str:
    return next(line for line in screen_text(pilot).splitlines() if number in line)


def header_line(pilot) -> str:
    """The list's header (the search box's hint above it names 文号 too)."""
    return [line for line in screen_text(pilot).splitlines() if "文号" in line][-1]


def on_list(screen: RegisterScreen) -> bool:
    return screen.focused is screen.query_one(PageList)


# ---------------------------------------------------------------------------- the 进度 column


@run_async
async def test_each_row_says_where_its_procedure_stands(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        header = header_line(pilot)
        assert header.index("状态") < header.index("进度") < header.index("备案")
        shown = progress(screen)
        assert shown["盖政发〔2026〕104号"] == "起草中"
        assert shown["盖政办发〔2026〕86号"] == "听取意见中"
        assert shown["盖政发〔2026〕101号"] == "审核中"
        assert shown["盖政办发〔2025〕76号"] == "审核不合法"
        assert shown["盖财发〔2026〕58号"] == "待公布"
        assert shown["盖政办发〔2026〕73号"] == "待报备"  # published, filing overdue
        assert shown["盖政办发〔2026〕66号"] == "待补正"  # 暂缓办理备案登记
        assert shown["盖政发〔2016〕117号"] == "待答复"
        assert shown["盖政发〔2016〕9号"] == "已办结"
        assert shown["盖民发〔2019〕21号"] == "—"  # repealed
        line = line_of(pilot, "盖政发〔2026〕101号")
        assert "草案" in line and "审核中" in line


def test_the_authority_column_gives_way_first_then_progress():
    labels = [column.label for column in COLUMNS]

    def shown(width: int) -> list[str]:
        widths = column_widths(COLUMNS, width)
        return [label for label, w in zip(labels, widths, strict=True) if w]

    every = ["文号", "标题", "制定机关", "发布日期", "状态", "进度", "备案"]
    assert shown(200) == every
    # 制定机关 first: the 文号's agency code says it, and the title keeps twelve characters
    assert shown(120) == ["文号", "标题", "发布日期", "状态", "进度", "备案"]
    assert shown(100) == ["文号", "标题", "发布日期", "状态", "备案"]
    assert shown(80) == ["文号", "标题", "状态", "备案"]


@run_async
async def test_at_80_columns_the_register_has_no_progress_column(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_register(pilot)
        header = header_line(pilot)
        assert "状态" in header and "备案" in header and "进度" not in header


# ---------------------------------------------------------------------------- the stage filter


def test_the_status_filter_offers_the_stages_of_a_draft_under_its_status():
    assert [label for label, _value in status_options()] == [
        "草案",
        "· 起草中",
        "· 听取意见中",
        "· 审核中",
        "· 审核不合法",
        "· 待修改",
        "· 待公平审查",
        "· 待集体讨论",
        "· 待签发",
        "· 待公布",
        "已公布未施行",
        "现行有效",
        "已失效",
        "已废止",
        "已宣布失效",
    ]


@run_async
async def test_the_drafts_of_one_stage(make_app, sample_office):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        status = screen.query_one("#status-filter", Select)
        status.value = "审核中"
        await settle(pilot)
        assert numbers(screen) == ["盖政发〔2026〕101号", "盖民发〔2026〕39号"]
        assert "共 2 件" in status_line(screen)
        assert "审核中" in screen_text(pilot).splitlines()[2]  # the filter itself says so
        status.value = "听取意见中"
        await settle(pilot)
        assert numbers(screen) == ["盖政办发〔2026〕86号", "盖政办〔2016〕125号"]
        status.value = "待集体讨论"
        await settle(pilot)
        assert numbers(screen) == [] and "没有符合条件的文件" in status_line(screen)

        # The review of 101 ends (合法): it waits for the collective decision now.
        services.finish_review(
            office=sample_office,
            number="盖政发〔2026〕101号",
            finished=dt.date(2026, 11, 25),
            outcome="合法",
        )
        app.notify_data_changed()
        await settle(pilot)
        assert numbers(screen) == ["盖政发〔2026〕101号"]
        assert progress(screen) == {"盖政发〔2026〕101号": "待集体讨论"}

        status.value = "draft"  # every draft, whatever its stage
        await settle(pilot)
        assert len(numbers(screen)) == 7
        await pilot.press("x")
        await settle(pilot)
        assert status.value == Select.NULL and len(numbers(screen)) == 44
        assert screen.filters.stage is None


# ---------------------------------------------------------------------------- Esc


@run_async
async def test_esc_clears_the_search_then_goes_back_to_the_dashboard(make_app):
    """The sequence pinned: Esc with a search typed clears it (every document again, the cursor
    in the list), wherever the focus is; Esc in the list without a search goes back (F3's own
    screen: to the dashboard, as F2); F3 brings the register back as it was left."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("slash")
        await type_text(pilot, "救助")
        await settle(pilot)
        assert len(numbers(screen)) == 3
        await pilot.press("escape")  # in the search box
        await settle(pilot)
        assert screen.query_one("#search", Input).value == ""
        assert len(numbers(screen)) == 44 and on_list(screen)
        assert "搜索" not in status_line(screen)
        assert app.screen is screen

        await pilot.press("slash")
        await type_text(pilot, "救助")
        await pilot.press("enter")  # to the list, the search kept
        await settle(pilot)
        assert on_list(screen) and len(numbers(screen)) == 3
        await pilot.press("escape")  # in the list: the search goes first
        await settle(pilot)
        assert app.screen is screen and on_list(screen)
        assert screen.query_one("#search", Input).value == "" and len(numbers(screen)) == 44

        await pilot.press("escape")  # nothing left to clear: back one level
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen is screen and on_list(screen)


@run_async
async def test_esc_from_a_filter_goes_to_the_list_first(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        year = screen.query_one("#year-filter", Select)
        year.value = 2022
        year.focus()
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and on_list(screen)
        assert year.value == 2022  # a filter is not a search: x clears the filters
        await pilot.press("slash")  # an empty search box: Esc goes to the list too
        await pilot.press("escape")
        assert app.screen is screen and on_list(screen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


# ---------------------------------------------------------------------------- focus (item 9)


@run_async
async def test_back_from_a_document_the_focus_is_on_the_list(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        await pilot.press("down", "enter")  # the second row
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and on_list(screen)
        assert screen.query_one(PageList).cursor_row == 1


@run_async
async def test_after_a_dialog_the_focus_is_on_the_list_unless_a_search_was_being_typed(
    make_app,
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_register(pilot)
        screen.query_one("#authority-filter", Select).focus()
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and on_list(screen)

        screen.query_one("#status-filter", Select).focus()
        await pilot.press("a")  # 登记文件
        await settle(pilot)
        assert app.screen.id == "register-form"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and on_list(screen)

        await pilot.press("slash")
        await type_text(pilot, "救")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        search = screen.query_one("#search", Input)
        assert app.screen is screen and screen.focused is search  # typing on where it was
        assert search.value == "救"
