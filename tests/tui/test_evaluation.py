"""有效期评估 from the document screen: the 有效期 reminder goes once it is recorded."""

from __future__ import annotations

from docfiler.queries import documents as queries
from docfiler.queries.reminders import reminders
from tests.tui.helpers import fill, run_async, screen_text, settle
from tui.forms.base import FormScreen
from tui.screens.detail import DocumentScreen

SIZE = (120, 40)
NUMBER = "盖政办发〔2022〕6号"  # 有效期5年, valid until 2027-02-28: to be evaluated by 2026-08-31


def validity_reminders(office) -> list[str]:
    return [r.doc_number for r in reminders(office=office) if r.kind == "validity"]


@run_async
async def test_the_evaluation_form_records_it_and_clears_the_reminder(make_app, sample_office):
    assert NUMBER in validity_reminders(sample_office)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_document(NUMBER)
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        text = screen_text(pilot)
        assert f"有效期评估：{NUMBER}" in text and "有效期至 2027-02-28。" in text
        fill(pilot, on="2026-11-26", outcome="lapse", note="到期后不再执行")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
    assert NUMBER not in validity_reminders(sample_office)
    audit = queries.show_document(office=sample_office, number=NUMBER)["audit"]
    assert audit[-1]["summary"] == f"{NUMBER} 有效期评估：到期失效"


@run_async
async def test_a_document_without_validity_cannot_be_evaluated(make_app, sample_office):
    number = "盖政发〔2016〕9号"  # states no validity period
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_document(number)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert "本文件没有有效期，无需评估。" in screen_text(pilot)
        fill(pilot, on="2026-11-26", outcome="lapse")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # refused, the form stays open
        assert "没有有效期，无需评估" in screen_text(pilot)
