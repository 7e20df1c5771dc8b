"""Step by step with n: each saved step opens the next one's form, with the previous step's
date filled in, until the clerk presses Esc — a document from registration to 公布 in at most
12 command keys (issue 11's keystroke budget; benchmarks/key_budget.py prints the table)."""

from __future__ import annotations

from textual.widgets import Input, Select

from docfiler.queries import documents as queries
from tests.tui.helpers import fill, run_async, settle, type_text
from tui.forms.base import FormScreen
from tui.screens.detail import DocumentScreen

SIZE = (120, 40)
NUMBER = "盖政发〔2026〕121号"


class Keys:
    """Presses keys and counts them (typed text is not counted: it is not a command key)."""

    def __init__(self, pilot) -> None:
        self.pilot = pilot
        self.count = 0

    async def __call__(self, *keys: str) -> None:
        for key in keys:
            self.count += 1
            await self.pilot.press(key)
            await settle(self.pilot)


def form_id(app) -> str | None:
    return app.screen.id if isinstance(app.screen, FormScreen) else None


async def register(pilot, press: Keys) -> None:
    await press("a")
    await type_text(pilot, "盖政发[2026]121")
    fill(pilot, title="盖州市城市道路挖掘修复管理办法")
    await press("ctrl+s")
    assert isinstance(pilot.app.screen, DocumentScreen)


@run_async
async def test_registration_to_publication_today_in_twelve_keys(make_app, sample_office):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        press = Keys(pilot)
        await register(pilot, press)
        await press("n")
        assert form_id(app) == "opinions-form"
        await press("ctrl+s")
        assert form_id(app) == "submit-review-form"  # opened by itself
        await press("ctrl+s")
        assert form_id(app) == "finish-review-form"
        assert isinstance(app.focused, Select)  # the conclusion first
        await press("enter", "down", "enter")  # open the list, take 合法
        assert app.screen.query_one("#f-outcome", Select).value == "合法"
        await press("ctrl+s")
        assert form_id(app) == "decision-form"
        await type_text(pilot, "盖州市人民政府第31次常务会议")
        await press("ctrl+s")
        assert form_id(app) == "signing-form"
        await press("ctrl+s")
        assert form_id(app) == "publish-form"
        await press("ctrl+s")
        assert form_id(app) == "submit-filing-form"  # 备案 is next: the clerk may stop here
        assert press.count <= 12, press.count
        await press("escape")
        assert isinstance(app.screen, DocumentScreen)
        await pilot.pause(0.3)
        assert form_id(app) is None  # Esc ended the chain: no form reopens
    view = queries.show_document(office=sample_office, number=NUMBER)
    assert (view["published"], view["signed"], view["decisions"][0]["date"]) == (
        "2026-11-26",
        "2026-11-26",
        "2026-11-26",
    )
    assert view["reviews"][0]["outcome"] == "合法"


@run_async
async def test_past_dates_each_form_starts_from_the_previous_steps_date(make_app, sample_office):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        press = Keys(pilot)
        await register(pilot, press)
        await press("n")
        await type_text(pilot, "2026-10-09")  # the date field has the focus, its text selected
        await press("ctrl+s")
        assert app.focused.value == "2026-10-09"  # 报送日期 starts at 听取意见's date
        await type_text(pilot, "2026-10-12")
        await press("ctrl+s")
        assert app.screen.query_one("#f-finished", Input).value == "2026-10-12"
        await press("enter", "down", "enter", "tab")
        await type_text(pilot, "2026-10-20")
        await press("ctrl+s")
        await type_text(pilot, "盖州市人民政府第29次常务会议")
        await press("tab")
        assert app.focused.value == "2026-10-20"
        await type_text(pilot, "2026-10-23")
        await press("ctrl+s")
        assert app.focused.value == "2026-10-23"
        await type_text(pilot, "2026-10-26")
        await press("ctrl+s")
        assert app.focused.value == "2026-10-26"
        await type_text(pilot, "2026-10-28")
        await press("ctrl+s")
        assert form_id(app) == "submit-filing-form"
        assert press.count <= 14, press.count
    view = queries.show_document(office=sample_office, number=NUMBER)
    assert [o["date"] for o in view["opinions"]] == ["2026-10-09"]
    assert (view["reviews"][0]["submitted"], view["reviews"][0]["finished"]) == (
        "2026-10-12",
        "2026-10-20",
    )
    assert (view["decisions"][0]["date"], view["signed"], view["published"]) == (
        "2026-10-23",
        "2026-10-26",
        "2026-10-28",
    )


@run_async
async def test_a_form_opened_by_its_own_key_does_not_chain(make_app, sample_office):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        press = Keys(pilot)
        await register(pilot, press)
        await press("o")  # 听取意见 by its key, not by n
        assert form_id(app) == "opinions-form"
        await press("ctrl+s")
        await pilot.pause(0.3)
        assert isinstance(app.screen, DocumentScreen)
