"""The detail screen never says more than the register knows (issue 11, item 10): a filing
answered is 已办结, not still 已报送; a 不合法 review is not drawn with a passed one's green ●."""

from __future__ import annotations

from rich.console import Console

from tests.tui.helpers import run_async, screen_text
from tests.tui.test_detail import SIZE, line_with, open_document
from tui.screens import detail_view


def step_marks(view) -> dict[str, str]:
    """The procedure step → the colour its ● is drawn in, as the terminal gets it."""
    console = Console(width=120, color_system="truecolor", force_terminal=True)
    lines = console.render_lines(detail_view.timeline_table(view), pad=False)
    marks = {}
    for line in lines:
        text = "".join(segment.text for segment in line)
        for segment in line:
            if segment.text.strip() == "●":
                name = text.split("●", 1)[1].split()[0]
                marks[name] = segment.style.color.name if segment.style.color else ""
    return marks


@run_async
async def test_an_unlawful_review_is_red_and_a_clear_one_green(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_document(pilot, "盖政办发〔2025〕76号")  # 不合法, 2025-11-03
        assert step_marks(screen.view)["合法性审核"] == "red"
        screen = await open_document(pilot, "盖政发〔2024〕33号")  # 应当予以修改, then revised
        assert step_marks(screen.view)["合法性审核"] == "green"
        screen = await open_document(pilot, "盖政发〔2026〕101号")  # still under review
        assert step_marks(screen.view)["合法性审核"] == "yellow"


@run_async
async def test_an_answered_filing_is_finished_not_still_sent(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "盖政发〔2016〕9号")
        row = line_with(screen_text(pilot), "营口市人民政府")
        assert "予以备案登记" in row and row.rstrip().endswith("已办结")
        assert "已报送" not in row


@run_async
async def test_a_refiling_after_supplement_keeps_the_history_and_is_on_time(make_app):
    """Issue 11, bug 2: 盖政办发〔2026〕66号 was answered 暂缓办理备案登记 on 2026-11-13 (补正 by
    2026-11-30); filed again today (2026-11-26) it is on time, and the first submission and its
    answer stay in the table."""
    from tests.tui.helpers import fill, settle

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_document(pilot, "盖政办发〔2026〕66号")
        await pilot.press("b")
        await settle(pilot)
        fill(pilot, submitted="2026-11-26", receipt="营备〔2026〕31号")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        text = screen_text(pilot)
        current = line_with(text, "营口市人民政府  ")  # the filing row, not 下一步
        assert "2026-11-26" in current and "已报送，待答复" in current
        assert "下一步：登记营口市人民政府的备案意见" in text
        first = line_with(text, "第1次报送")
        assert "2026-09-18" in first and "暂缓办理备案登记" in first and "2026-11-13" in first
        second = line_with(text, "第2次报送")
        assert "2026-11-26" in second and "营备〔2026〕31号" in second and "按期" in second
        assert "超期" not in text


@run_async
async def test_the_next_step_is_shown_and_n_opens_its_form(make_app):
    """Issue 11: "the next step is always visible and one key away"."""
    from tests.tui.helpers import settle
    from tui.forms.base import FormScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_document(pilot, "盖政发〔2026〕101号")  # under review since 10-20
        assert "下一步：登记合法性审核结论（期限 2026-11-10，逾期 16 日）　按 n 打开" in (
            screen_text(pilot)
        )
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title == "登记合法性审核结论：盖政发〔2026〕101号"
        await pilot.press("escape")
        await settle(pilot)
        await open_document(pilot, "盖政发〔2016〕9号")
        assert "程序已完成，没有待办的步骤。" in screen_text(pilot)


@run_async
async def test_a_fair_competition_review_has_its_form(make_app):
    """Issue 11, item 5: every write the CLI can make has its form."""
    from tests.tui.helpers import fill, settle

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_document(pilot, "盖政发〔2026〕104号")
        await pilot.press("c")
        await settle(pilot)
        fill(pilot, on="2026-11-25", conclusion="未发现排除、限制竞争的内容", reviewer="市场监管局")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert screen.view["fair_competition"][0]["conclusion"] == "未发现排除、限制竞争的内容"
        assert "未发现排除、限制竞争的内容" in line_with(screen_text(pilot), "公平竞争审查")
