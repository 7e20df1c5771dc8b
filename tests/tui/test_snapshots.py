"""Snapshots where the look is the point: each main screen's layout and colours, and the error
dialog, at 120×40 with the sample register and 'today' fixed at 2026-11-26.

What a screen says and does is tested with Pilot (test_register, test_detail, test_flows,
test_help_and_palette …): a renamed word then breaks the one test about it, not every picture.
Update after a deliberate change of the look: pytest tests/tui --snapshot-update, then look at
the SVG files under tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from tests.tui.helpers import settle

SIZE = (120, 40)


def test_dashboard(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=settle)


def test_register(snap_compare, make_app):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_document_detail(snap_compare, make_app):
    async def before(pilot):
        await settle(pilot)
        pilot.app.open_document("盖民发〔2019〕21号")  # repealed, with relations and filings
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_error_dialog(snap_compare, make_app):
    async def before(pilot):
        await settle(pilot)
        pilot.app.open_document("盖政发〔2026〕999号")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)
