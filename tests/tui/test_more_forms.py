"""Every write the CLI can make has its form (issue 11, item 5): 宣布失效 (i), 制定依据 (j) on a
document, 上位法变化 from the palette. Expected values from sample_docs/register.toml."""

from __future__ import annotations

from tests.tui.helpers import fill, run_async, settle
from tests.tui.test_detail import SIZE, open_document
from tests.tui.test_help_and_palette import palette_prompts
from tui.forms.base import FormScreen


@run_async
async def test_declaring_a_document_invalid(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_document(pilot, "盖政发〔2024〕33号")
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title == "宣布失效：盖政发〔2024〕33号"
        fill(pilot, on="2026-11-25", reason="调整对象已消失")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert (screen.view["declared_invalid"], screen.view["invalid_reason"]) == (
            "2026-11-25",
            "调整对象已消失",
        )
        assert screen.view["status_label"] == "已宣布失效"


@run_async
async def test_a_legal_basis_from_the_document(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_document(pilot, "盖政发〔2026〕104号")
        await pilot.press("j")
        await settle(pilot)
        fill(pilot, title="《辽宁省犬类管理规定》", number="辽宁省人民政府令第320号")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert [(b["title"], b["number"]) for b in screen.view["legal_bases"]] == [
            ("辽宁省犬类管理规定", "辽宁省人民政府令第320号")
        ]


@run_async
async def test_a_higher_law_change_from_the_palette(make_app):
    from docfiler.queries.reminders import reminders

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        texts = await palette_prompts(pilot, "上位法", "登记上位法变化")
        index = next(i for i, t in enumerate(texts) if "登记上位法变化" in t)
        app.screen.query_one("CommandList").highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        fill(
            pilot,
            title="社会救助暂行办法",
            number="国务院令第649号",
            status="已修改",
            on="2026-11-20",
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        flagged = {
            r.doc_number
            for r in reminders(office=app.office)
            if r.kind == "cleanup" and r.doc_number
        }
        # the in-force documents resting on 国务院令第649号 (register.toml's legal_bases)
        assert flagged == {"盖政发〔2016〕9号", "盖政发〔2023〕29号", "盖民发〔2024〕3号"}
