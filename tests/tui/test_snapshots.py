"""Snapshots of every screen at 120×40 with the sample register and 'today' fixed at 2026-11-26.

Update after a deliberate change of the UI: pytest tests/tui --snapshot-update, then look at the
SVG files under tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from tests.tui.helpers import fill, settle, type_text

SIZE = (120, 40)


def test_dashboard(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=settle)


def test_register(snap_compare, make_app):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_register_search_two_characters(snap_compare, make_app):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "救助")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_register_filtered_by_status(snap_compare, make_app):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        pilot.app.screen.query_one("#status-filter").value = "repealed"
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_document_detail(snap_compare, make_app):
    async def before(pilot):
        await settle(pilot)
        pilot.app.open_document("盖民发〔2019〕21号")  # repealed, with relations and filings
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_document_detail_pending_filings(snap_compare, make_app):
    async def before(pilot):
        await settle(pilot)
        pilot.app.open_document("盖政办发〔2026〕73号")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_register_form_number_checked_as_typed(snap_compare, make_app):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        fill(pilot, number="盖政发〔16〕9号", title="盖州市城市道路挖掘管理办法")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_publish_refused(snap_compare, make_app):
    async def before(pilot):
        await settle(pilot)
        pilot.app.open_document("盖政发〔2026〕104号")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        fill(pilot, on="2026-11-25")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_help(snap_compare, make_app):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_error_dialog(snap_compare, make_app):
    async def before(pilot):
        await settle(pilot)
        pilot.app.open_document("盖政发〔2026〕999号")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)
