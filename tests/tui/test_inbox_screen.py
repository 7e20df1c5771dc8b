"""备案审查 (F9): the inbox by stage and unit with each stage's deadline, a filed document's
detail, the steps offered only where they apply, 审查建议, the year's chart, and the dashboard's
inbox reminders opening it. On the sample register's reviewer's year (today 2026-11-26), both
databases, at 80×24 and 120×40."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from textual.widgets import Select

from tests.tui.helpers import run_async, screen_text, settle
from tui.screens.inbox import InboxScreen
from tui.screens.inbox_figures import FiguresScreen, bar_text
from tui.screens.inbox_filing import InboxFilingScreen
from tui.widgets.page_list import PageList

SIZES = [(80, 24), (120, 40)]
SAMPLE_ORDER = [  # the latest received first, the never filed last
    "盖自然资发〔2026〕27号",
    "盖民发〔2026〕45号",
    "盖教发〔2026〕45号",
    "盖财发〔2026〕30号",
    "盖自然资发〔2026〕5号",
    "盖财发〔2026〕12号",
    "盖民发〔2026〕8号",
    "盖教发〔2025〕31号",
    "盖教发〔2026〕9号",
]


async def open_inbox(pilot) -> InboxScreen:
    await settle(pilot)
    await pilot.press("f9")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, InboxScreen)
    return screen


async def pick(pilot, key: str, list_id: str = "#inbox-filings") -> None:
    table = pilot.app.screen.query_one(list_id, PageList)
    table.move_cursor(table.keys.index(key))
    await settle(pilot)


def filings(pilot) -> PageList:
    return pilot.app.screen.query_one("#inbox-filings", PageList)


def row_text(pilot, key: str) -> str:
    table = filings(pilot)
    return " ".join(cell.text for cell in table.rows[table.keys.index(key)])


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@run_async
async def test_f9_lists_the_filings_with_each_stage_and_its_deadline(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_inbox(pilot)
        assert filings(pilot).keys == SAMPLE_ORDER
        text = screen_text(pilot)
        line = str(pilot.app.screen.query_one("#inbox-counts").content)
        assert line == (
            "待登记 1　暂缓登记待补正 0　已补正待登记 0　审查中 1　待处理情况 0　已办结 4　"
            "未报备 2　不予备案登记 1"
        )
        assert "【报备文件】　审查建议" in text
        # The review started 2026-11-26 is due 30 days later, 2026-12-26 a Saturday: Monday.
        assert row_text(pilot, "盖民发〔2026〕45号") == (
            "审查中 盖州市民政局 盖民发〔2026〕45号 盖州市养老服务补贴发放管理办法 2026-12-28 剩 32 日"
        )
        assert row_text(pilot, "盖教发〔2025〕31号").endswith("2025-11-18 逾期 373 日")
        assert "剩 32 日" in text and "逾期 373 日" in text
        if size == (120, 40):
            assert "盖州市民政局" in text and "2026-12-28" in text
            assert "盖州市养老服务补贴发放管理办法" in text  # the whole title has room
        else:
            assert "2026-12-28" not in text  # the due date gives way; 剩余 stays
            assert "盖州市养老服务补贴发放管" in text  # the title keeps 12 characters at least
        assert "第 1–9 件　共 9 件" in text


@run_async
async def test_the_inbox_filters_by_stage_and_by_unit(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_inbox(pilot)
        screen.query_one("#inbox-stage", Select).value = "done"
        await settle(pilot)
        assert filings(pilot).keys == [
            "盖财发〔2026〕30号",
            "盖自然资发〔2026〕5号",
            "盖财发〔2026〕12号",
            "盖民发〔2026〕8号",
        ]
        assert "第 1–4 件　共 4 件" in screen_text(pilot)
        screen.query_one("#inbox-unit", Select).value = "盖州市财政局"
        await settle(pilot)
        assert filings(pilot).keys == ["盖财发〔2026〕30号", "盖财发〔2026〕12号"]
        # The never filed, the oldest due first.
        screen.query_one("#inbox-unit", Select).clear()
        screen.query_one("#inbox-stage", Select).value = "unfiled"
        await settle(pilot)
        assert filings(pilot).keys == ["盖教发〔2025〕31号", "盖教发〔2026〕9号"]
        await pilot.press("x")
        await settle(pilot)
        assert filings(pilot).keys == SAMPLE_ORDER


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@run_async
async def test_enter_shows_a_filing_as_inbox_show_tells_it(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_inbox(pilot)
        await pick(pilot, "盖财发〔2026〕12号")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InboxFilingScreen)
        text = screen_text(pilot)
        for shown in (
            "盖财发〔2026〕12号",
            "已办结",
            "盖州市财政局",
            "2026-03-30（逾期 10 日）",
            "2026-03-31　缺起草说明",
            "2026-04-09",
            "审查意见　盖司备审〔2026〕1号（建议自行修改）",
        ):
            assert shown in text, shown
        await pilot.press("end")  # the reviews and follow-up below
        await settle(pilot)
        text = screen_text(pilot)
        assert "2026-06-18　已纠正（纠正后文件 盖财发〔2026〕30号）" in text
        assert "没有待办的步骤" in text or size == (80, 24)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)


@run_async
async def test_only_the_steps_that_apply_are_offered(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inbox(pilot)
        await pick(pilot, "盖民发〔2026〕8号")  # 已办结: nothing to do
        footer = screen_text(pilot).splitlines()[-1]
        assert "审查结论" not in footer and "登记结论" not in footer
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)  # no form: a note says why
        await pick(pilot, "盖民发〔2026〕45号")  # 审查中
        footer = screen_text(pilot).splitlines()[-1]
        assert "s 审查结论" in footer and "登记结论" not in footer
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.id == "inbox-review-form"


@run_async
async def test_the_suggestions_list_and_its_steps(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_inbox(pilot)
        await pilot.press("t")
        await settle(pilot)
        table = app.screen.query_one("#inbox-suggestions", PageList)
        assert table.keys == ["2", "1"]  # the one awaiting its reply first
        text = screen_text(pilot)
        assert "报备文件　【审查建议】" in text
        assert "审查建议共 2 件，未答复 1 件" in text
        assert "剩 52 日" in text  # received 2026-11-18, 60 days: 2027-01-17
        await pick(pilot, "1", "#inbox-suggestions")  # answered: no step left
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        await pick(pilot, "2", "#inbox-suggestions")
        await pilot.press("h")
        await settle(pilot)
        assert app.screen.id == "inbox-reply-form"


def figure(text: str, label: str) -> int:
    """The number the chart shows beside `label`."""
    found = re.search(rf"{label}\s+(\d+)", text)
    assert found is not None, label
    return int(found.group(1))


def test_bars_are_drawn_in_eighths_of_a_cell():
    assert bar_text(7, 7, 10) == "██████████"
    assert bar_text(5, 7, 10) == "███████▏"  # 5/7 of 80 eighths = 57.1: 7 cells and 1/8
    assert bar_text(1, 7, 10) == "█▍"  # 11.4 eighths: 11
    assert bar_text(1, 1000, 10) == "▏"  # too small to see, yet not nothing
    assert bar_text(0, 7, 10) == ""


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@run_async
async def test_the_years_figures_as_a_chart(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_inbox(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, FiguresScreen)
        text = screen_text(pilot)
        assert "2026年备案审查数据" in text
        for label, value in (("收到报备文件", 7), ("其中按期", 5), ("其中逾期", 2)):
            assert figure(text, label) == value, label
        assert figure(text, "提出审查意见") == 2
        longest = next(line for line in text.splitlines() if "收到报备文件" in line)
        assert "████████████" in longest
        await pilot.press("left")
        await settle(pilot)
        text = screen_text(pilot)
        assert "2025年备案审查数据" in text
        assert figure(text, "收到报备文件") == 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)


async def _dashboard_row(pilot, kind: str) -> tuple[PageList, str]:
    dashboard = pilot.app.screen
    for table in dashboard.query(".reminders").results(PageList):
        for key in table.keys:
            reminder = dashboard.reminders_by_key.get(key)
            if reminder is not None and reminder.kind == kind:
                return table, key
    raise AssertionError(f"no {kind} reminder on the dashboard")


@run_async
async def test_enter_on_an_inbox_reminder_lands_on_the_filing(make_app, sample_office):
    from docfiler import services

    services.register_incoming(
        office=sample_office,
        number="盖自然资发〔2026〕27号",
        outcome="暂缓办理备案登记",
        on=dt.date(2026, 11, 26),
        reason="缺起草说明",
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table, key = await _dashboard_row(pilot, "incoming_supplement")
        table.focus()
        table.move_cursor(table.keys.index(key))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InboxFilingScreen)
        assert app.screen.number == "盖自然资发〔2026〕27号"
        assert "补正期限 2026-12-11" in screen_text(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)


@run_async
async def test_enter_on_a_suggestion_reminder_lands_on_the_suggestion(make_app, sample_office):
    from docfiler import services

    services.receive_suggestion(
        office=sample_office,
        proposer="王某",
        received=dt.date(2026, 10, 1),
        request="认为第三条的申请条件过严",
        number="盖民发〔2026〕45号",
    )
    services.receive_suggestion(  # the same person, the same document, a second request
        office=sample_office,
        proposer="王某",
        received=dt.date(2026, 9, 29),
        request="认为第五条的补贴标准过低",
        number="盖民发〔2026〕45号",
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dashboard = app.screen
        for wanted, request in (
            ("3", "认为第三条的申请条件过严"),
            ("4", "认为第五条的补贴标准过低"),
        ):
            app.switch_mode("dashboard")
            await settle(pilot)
            table, key = next(
                (table, k)
                for table in dashboard.query(".reminders").results(PageList)
                for k in table.keys
                if (r := dashboard.reminders_by_key.get(k)) is not None
                and r.kind == "suggestion"
                and r.record_id == int(wanted)
            )
            table.focus()
            table.move_cursor(table.keys.index(key))
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, InboxScreen)
            suggestions = app.screen.query_one("#inbox-suggestions", PageList)
            assert suggestions.display
            assert suggestions.keys[suggestions.cursor_row] == wanted
            assert f"审查建议 {wanted}（王某）：{request}" in screen_text(pilot)
