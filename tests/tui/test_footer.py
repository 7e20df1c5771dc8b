"""The key bar at the bottom (tui.widgets.footer): the keys that apply now, rebuilt when they
change, and only then (Textual's rebuilt itself five times in the first second of a start)."""

from __future__ import annotations

import datetime as dt

from docfiler import services
from tests.tui.helpers import run_async, screen_text, settle
from tui.screens.detail import DocumentScreen
from tui.widgets.footer import Footer

SIZE = (120, 40)


def footer(pilot) -> str:
    return screen_text(pilot).splitlines()[-1]


@run_async
async def test_the_keys_change_when_the_document_does(make_app, sample_office):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_document("盖政发〔2026〕101号")  # under legality review since 10-20
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        assert "f 审核结论" in footer(pilot)
        assert "v 修改完毕" not in footer(pilot)
        services.finish_review(  # another clerk, meanwhile
            office=sample_office,
            number="盖政发〔2026〕101号",
            finished=dt.date(2026, 11, 20),
            outcome="应当予以修改",
        )
        screen.reload()
        await settle(pilot)
        assert "f 审核结论" not in footer(pilot)
        assert "v 修改完毕" in footer(pilot)


@run_async
async def test_the_key_bar_is_built_once_at_the_start_not_at_every_focus_change(
    make_app, monkeypatch
):
    built: list[str] = []
    real = Footer.recompose

    async def counted(self) -> None:
        built.append(type(self.screen).__name__)
        await real(self)

    monkeypatch.setattr(Footer, "recompose", counted)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert built == ["DashboardScreen"]
        assert "f3 登记簿" in footer(pilot)
        await pilot.press("tab")  # focus moves on the dashboard: the same keys
        await settle(pilot)
        assert built == ["DashboardScreen"]
        app.action_show_register()
        await settle(pilot)
        assert "n 下一页" in footer(pilot)  # the list has the focus
        await pilot.press("slash")  # the search box: its keys only
        await settle(pilot)
        assert "n 下一页" not in footer(pilot) and "/ 搜索" in footer(pilot)
