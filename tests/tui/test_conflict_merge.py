"""Issue 14, item 14 (TUI side): after a conflict the form shows what the colleague changed,
and no save goes through until the clerk has chosen 重新载入 or 保留我的修改并保存.

Two sessions on one register: the app (the clerk, 测试员) and a second office (the colleague,
同事李四) writing through the services while the clerk's form is open.
"""

from __future__ import annotations

import json

from sqlmodel import select
from textual.widgets import Input

from docfiler import services
from docfiler.office import Office
from docfiler.queries import documents as queries
from docfiler.store.tables import AuditEntry
from tests.tui.helpers import fill, run_async, screen_text, settle
from tui.forms.base import FormScreen
from tui.forms.conflict import ConflictPanel
from tui.screens.detail import DocumentScreen

NUMBER = "盖政发〔2016〕9号"
TITLE = "盖州市城乡居民临时救助实施办法"
THEIRS = "盖州市城乡居民临时救助实施办法（同事修订）"
MINE = "盖州市城乡居民临时救助实施办法（我的修订）"
COLLEAGUE = "同事李四"


def colleague_of(office: Office) -> Office:
    """A second session on the same register, saving as another clerk."""
    return Office(engine=office.engine, rulebook=office.rulebook, operator=COLLEAGUE)


def panel(app) -> ConflictPanel:
    return app.screen.query_one(ConflictPanel)


def panel_text(app) -> str:
    return str(app.screen.query_one("#conflict-text").render())


async def edit_with_a_colleague_first(pilot, office: Office, **colleague) -> int:
    """Open the edit form, let the colleague save `colleague` changes, type MINE, save."""
    pilot.app.open_document(NUMBER)
    await settle(pilot)
    seen = pilot.app.screen.view["version"]
    await pilot.press("e")
    await settle(pilot)
    services.update_document(office=colleague_of(office), number=NUMBER, changes=colleague)
    fill(pilot, title=MINE)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FormScreen)
    assert panel(pilot.app).has_class("-visible")
    return seen


@run_async
async def test_the_conflict_shows_what_changed_and_a_second_save_does_not_overwrite(
    make_app, sample_office
):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        seen = await edit_with_a_colleague_first(pilot, sample_office, title=THEIRS)
        text = panel_text(app)
        assert f"第 {seen} 版，现为第 {seen + 1} 版" in text
        assert f"{COLLEAGUE}：修改文件 {NUMBER}：标题" in text
        assert f"标题：{THEIRS} ／ 您填写：{MINE}" in text
        assert "重新载入" in screen_text(pilot) and "保留我的修改并保存" in screen_text(pilot)

        # ctrl+s before choosing: nothing is saved, the panel stays, the typing stays.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and panel(app).has_class("-visible")
        assert app.screen.query_one("#f-title", Input).value == MINE
        view = queries.show_document(office=sample_office, number=NUMBER)
        assert (view["title"], view["version"]) == (THEIRS, seen + 1)

        # 重新载入: the colleague's title in the form; the clerk may go on and save.
        await pilot.click("#conflict-reload")
        await settle(pilot)
        assert not panel(app).has_class("-visible")
        assert app.screen.query_one("#f-title", Input).value == THEIRS
        fill(pilot, note="核对后补充的备注")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
    view = queries.show_document(office=sample_office, number=NUMBER)
    assert (view["title"], view["note"]) == (THEIRS, "核对后补充的备注")
    assert view["version"] == seen + 2


@run_async
async def test_keep_mine_saves_over_theirs_knowingly_and_is_audited(make_app, sample_office):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        seen = await edit_with_a_colleague_first(
            pilot, sample_office, title=THEIRS, drafting_unit="盖州市应急管理局"
        )
        text = panel_text(app)
        assert f"标题：{THEIRS} ／ 您填写：{MINE}" in text
        assert "起草单位：盖州市应急管理局（您未改动此项）" in text
        await pilot.click("#conflict-merge")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
    view = queries.show_document(office=sample_office, number=NUMBER)
    assert view["title"] == MINE
    assert view["drafting_unit"] == "盖州市应急管理局"  # the field the clerk left alone
    assert view["version"] == seen + 2
    with sample_office.reading() as session:
        last = session.exec(
            select(AuditEntry)
            .where(AuditEntry.document_id == sample_office_document_id(sample_office))
            .order_by(AuditEntry.id.desc())
            .limit(2)
        ).all()
    assert [(e.operator, e.action) for e in last] == [("测试员", "update"), (COLLEAGUE, "update")]
    assert json.loads(last[0].details) == {"title": {"from": THEIRS, "to": MINE}}


def sample_office_document_id(office: Office) -> int:
    from docfiler.store.tables import Document

    with office.reading() as session:
        return session.exec(select(Document.id).where(Document.doc_number == NUMBER)).one()


@run_async
async def test_at_80_by_24_the_difference_and_both_choices_are_visible(make_app, sample_office):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await edit_with_a_colleague_first(pilot, sample_office, title=THEIRS)
        shown = screen_text(pilot)
        assert "已被其他人修改" in shown and "本次保存未执行" in shown
        assert "标题：" in shown and "（同事修订）" in shown
        for button in ("#conflict-reload", "#conflict-merge"):
            region = app.screen.query_one(button).region
            assert region.height >= 1 and region.bottom <= 24 and region.right <= 80, button
        assert "重新载入" in shown and "保留我的修改并保存" in shown
        await pilot.click("#conflict-merge")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
    assert queries.show_document(office=sample_office, number=NUMBER)["title"] == MINE


@run_async
async def test_a_procedure_form_shows_the_change_and_waits_for_the_choice(make_app, sample_office):
    number = "盖政发〔2026〕104号"  # a draft
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_document(number)
        await settle(pilot)
        before = app.screen.view
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        services.update_document(
            office=colleague_of(sample_office), number=number, changes={"note": "同事的备注"}
        )
        fill(pilot, on="2026-11-20", method="座谈会")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "备注：同事的备注" in panel_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(queries.show_document(office=sample_office, number=number)["opinions"]) == len(
            before["opinions"]
        )
        await pilot.click("#conflict-merge")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
    after = queries.show_document(office=sample_office, number=number)
    assert len(after["opinions"]) == len(before["opinions"]) + 1
    assert after["note"] == "同事的备注"
