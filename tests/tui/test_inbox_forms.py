"""备案审查 forms, driven as a clerk drives them (F9, a step's key, the form, ctrl+s): a
department's document received late with a missing 起草说明 → 暂缓 → 补正 → 予以备案登记 →
审查意见 → 处理情况 → 办结, the list showing each stage; refusals keep what was typed; n opens
the next step. Today is 2026-11-26; both databases, at 80×24 and 120×40."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Select

from tests.tui.helpers import fill, run_async, screen_text, settle
from tests.tui.test_inbox_screen import filings, open_inbox, pick, row_text
from tui.screens.inbox import InboxScreen

SIZES = [(80, 24), (120, 40)]
NUMBER = "盖民发〔2026〕50号"
TITLE = "盖州市临时救助实施办法"


async def save(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def step(pilot, key: str, form_id: str) -> None:
    await pick(pilot, NUMBER)
    await pilot.press(key)
    await settle(pilot)
    assert pilot.app.screen.id == form_id


def tick(pilot, *materials: str) -> None:
    for box in pilot.app.screen.query(".form-check").results(Checkbox):
        box.value = str(box.label) in materials


def compact(text: str) -> str:
    """The screen's text without spaces and line breaks (a line wrapped at 80 columns)."""
    return "".join(text.split())


def counts(pilot) -> str:
    """The number in each stage, as the line above the list says (counted in SQL), unspaced."""
    return compact(str(pilot.app.screen.query_one("#inbox-counts").content))


def form_error(pilot) -> str:
    return str(pilot.app.screen.query_one("#form-error").content)


async def receive_late_without_drafting_note(pilot) -> None:
    await pilot.press("i")
    await settle(pilot)
    assert pilot.app.screen.id == "inbox-receive-form"
    fill(
        pilot,
        unit="盖州市民政局",
        number=NUMBER,
        title=TITLE,
        published="2026-10-20",
        received="2026-11-16",
    )
    tick(pilot, "备案报告", "正式文本", "制定依据", "合法性审核意见")
    await save(pilot)
    assert isinstance(pilot.app.screen, InboxScreen)


async def register_refused_then_deferred(pilot) -> None:
    await step(pilot, "r", "inbox-register-form")
    form = pilot.app.screen
    assert "缺少材料：起草说明" in screen_text(pilot)
    assert form.query_one("#f-outcome", Select).value == "暂缓办理备案登记"
    fill(pilot, outcome="予以备案登记", on="2026-11-17", reason="先试予以登记")
    await save(pilot)
    assert pilot.app.screen is form  # refused: the form stays, as typed
    assert "报送材料不全（缺起草说明），不能予以备案登记" in form_error(pilot)
    assert form.typed()["on"] == "2026-11-17" and form.typed()["reason"] == "先试予以登记"
    fill(pilot, outcome="暂缓办理备案登记", reason="缺起草说明")
    await save(pilot)
    assert isinstance(pilot.app.screen, InboxScreen)


async def review_with_an_opinion(pilot) -> None:
    await step(pilot, "s", "inbox-review-form")
    fill(
        pilot,
        result="审查意见",
        on="2026-11-23",
        c2="第六条要求申请人提供无犯罪记录证明，无法律依据",
        kind="建议自行修改",
        reasoning="没有法律、法规依据，不得增加公民义务。",
    )
    await save(pilot)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@run_async
async def test_a_filing_goes_through_every_step_in_the_forms(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_inbox(pilot)
        await receive_late_without_drafting_note(pilot)
        # Published 2026-10-20, due 15 days later (2026-11-04), received 12 days late.
        assert NUMBER in filings(pilot).keys
        assert row_text(pilot, NUMBER).startswith("待登记 盖州市民政局")
        await pick(pilot, NUMBER)
        line = compact(screen_text(pilot))  # the line under the list, wrapped at 80
        assert (
            "盖民发〔2026〕50号《盖州市临时救助实施办法》：待登记，逾期12日报送，缺起草说明" in line
        )

        await register_refused_then_deferred(pilot)
        # 补正 within 15 days of 2026-11-17: 2026-12-02.
        assert row_text(pilot, NUMBER) == (
            f"暂缓登记待补正 盖州市民政局 {NUMBER} {TITLE} 2026-12-02 剩 6 日"
        )
        assert counts(pilot).startswith("待登记1暂缓登记待补正1已补正待登记0")

        await step(pilot, "b", "inbox-supplement-form")
        assert pilot.app.screen.query_one(".form-check", Checkbox).value  # 起草说明, ticked
        fill(pilot, on="2026-11-19")
        await save(pilot)
        assert row_text(pilot, NUMBER).startswith("已补正待登记")
        assert counts(pilot).startswith("待登记1暂缓登记待补正0已补正待登记1审查中1")

        await step(pilot, "r", "inbox-register-form")
        assert "报送材料齐全" in screen_text(pilot)
        fill(pilot, outcome="予以备案登记", on="2026-11-20")
        await save(pilot)
        # Review within 30 days: 2026-12-20 is a Sunday, so Monday 2026-12-21.
        assert row_text(pilot, NUMBER) == (
            f"审查中 盖州市民政局 {NUMBER} {TITLE} 2026-12-21 剩 25 日"
        )
        assert "审查中2待处理情况0已办结4" in counts(pilot)

        await review_with_an_opinion(pilot)
        # The third 审查意见 of 2026 (the sample has two); 处理情况 within 30 days: 2026-12-23.
        assert row_text(pilot, NUMBER) == (
            f"待处理情况 盖州市民政局 {NUMBER} {TITLE} 2026-12-23 剩 27 日"
        )
        assert "审查中1待处理情况1已办结4" in counts(pilot)

        await step(pilot, "c", "inbox-report-form")
        fill(pilot, on="2026-11-25", report="已删除第六条中无犯罪记录证明的要求")
        await save(pilot)
        assert row_text(pilot, NUMBER).endswith("— 待办结")
        assert "处理情况已于2026-11-25收到，待办结" in compact(screen_text(pilot))

        await step(pilot, "d", "inbox-close-form")
        fill(pilot, outcome="已废止", on="2026-11-26")
        await save(pilot)
        assert row_text(pilot, NUMBER).startswith("已办结")
        assert counts(pilot) == (
            "待登记1暂缓登记待补正0已补正待登记0审查中1待处理情况0已办结5未报备2不予备案登记1"
        )

        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        text = screen_text(pilot)
        assert "2026-11-23　审查意见　盖司备审〔2026〕3号（建议自行修改）" in text
        assert "2026-11-26　已废止" in text


@run_async
async def test_close_as_corrected_without_the_revised_document_is_refused_in_the_form(
    make_app, sample_office
):
    import datetime as dt

    from docfiler import services

    services.finish_incoming_review(
        office=sample_office,
        number="盖民发〔2026〕45号",
        on=dt.date(2026, 11, 26),
        result="审查意见",
        findings={"适当性": "补贴标准过低"},
        reasoning="明显不当。",
        opinion_kind="建议自行修改",
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_inbox(pilot)
        await pick(pilot, "盖民发〔2026〕45号")
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        fill(pilot, outcome="已纠正", note="单位电话告知已修改")
        await save(pilot)
        assert app.screen is form
        assert "已纠正须写明纠正后的文件" in form_error(pilot)
        assert form.typed()["note"] == "单位电话告知已修改"
        fill(pilot, corrected_by="盖教发〔2026〕9号")  # known, but never filed
        await save(pilot)
        assert app.screen is form
        assert "纠正后的文件“盖教发〔2026〕9号”须是另一件已接收登记的文件" in form_error(pilot)
        assert form.typed()["note"] == "单位电话告知已修改"
        await pilot.press("escape")  # typed input: asked first
        await settle(pilot)
        assert app.screen is not form and "放弃" in screen_text(pilot)


@run_async
async def test_n_opens_the_next_step_and_receive_takes_an_unfiled_document(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_inbox(pilot)
        await pick(pilot, "盖自然资发〔2026〕27号")  # 待登记
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.id == "inbox-register-form"
        await pilot.press("escape")
        await settle(pilot)
        await pick(pilot, "盖教发〔2025〕31号")  # 未报备
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert form.id == "inbox-receive-form"
        typed = form.typed()
        assert typed["unit"] == "盖州市教育局"
        assert typed["number"] == "盖教发〔2025〕31号"
        assert typed["published"] == "2025-11-03"
        fill(pilot, received="2026-11-26")
        tick(pilot, "备案报告", "正式文本", "起草说明", "制定依据", "合法性审核意见")
        await save(pilot)
        assert row_text(pilot, "盖教发〔2025〕31号").startswith("待登记")


@run_async
async def test_an_unfiled_document_and_a_suggestion_entered_in_their_forms(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_inbox(pilot)
        await pilot.press("u")
        await settle(pilot)
        fill(
            pilot,
            unit="盖州市财政局",
            number="盖财发〔2026〕3号",
            title="盖州市政府采购内部控制办法",
            published="2026-01-15",
        )
        await save(pilot)
        assert row_text(pilot, "盖财发〔2026〕3号").startswith("未报备")
        await pilot.press("t")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        fill(pilot, proposer="张某", received="2026-12-01", request="认为第四条违法")
        await save(pilot)
        assert app.screen is form  # a date after today is refused, nothing is lost
        assert "收到日期" in form_error(pilot)
        fill(pilot, received="2026-11-20", number="盖财发〔2026〕30号")
        await save(pilot)
        table = app.screen.query_one("#inbox-suggestions")
        assert table.keys == ["2", "3", "1"]  # open ones, the oldest first
        await pick(pilot, "3", "#inbox-suggestions")
        await pilot.press("n")  # its document is registered: a review may start
        await settle(pilot)
        assert app.screen.id == "inbox-suggestion-review-form"
