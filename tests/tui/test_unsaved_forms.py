"""Issue 11: leaving a form with typed input, or quitting while one is open, asks first
(放弃已填写的内容？ 放弃 / 继续填写); an untouched form closes at once."""

from __future__ import annotations

from textual.widgets import Button, Input, Static

from tests.tui.helpers import run_async, settle, type_text
from tui.dialogs.confirm import ConfirmDialog
from tui.forms.base import FormScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.register import RegisterScreen
from tui.widgets.page_list import PageList

SIZE = (120, 40)


async def open_register_form(pilot) -> FormScreen:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen) and form.id == "register-form"
    return form


def question(app) -> tuple[str, str, list[str]]:
    """The question on screen: its title, its detail and its buttons."""
    dialog = app.screen
    assert isinstance(dialog, ConfirmDialog)
    detail = str(dialog.query_one("#confirm-detail", Static).render())
    return dialog.question, detail, [str(b.label) for b in dialog.query(Button).results(Button)]


DISCARD = (
    "放弃已填写的内容？",
    "“登记文件（草案）”中填写的内容还没有保存。",
    ["放弃（y）", "继续填写（n）"],
)


@run_async
async def test_an_untouched_form_closes_at_once(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_register_form(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


@run_async
async def test_esc_on_a_changed_form_asks_and_keeps_the_input(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_register_form(pilot)
        await pilot.press("tab")  # to 标题
        await type_text(pilot, "盖州市某某管理办法")
        title = form.query_one("#f-title", Input)
        await pilot.press("escape")
        await settle(pilot)
        assert question(app) == DISCARD

        await pilot.press("n")  # 继续填写: the form as it was, the cursor where it was
        await settle(pilot)
        assert app.screen is form
        assert form.focused is title
        assert title.value == "盖州市某某管理办法"

        await pilot.press("escape", "escape")  # Esc on the question is 继续填写 too
        await settle(pilot)
        assert app.screen is form and form.focused is title

        form.query_one("#cancel", Button).press()  # the 取消 button asks as Esc does
        await settle(pilot)
        assert question(app) == DISCARD
        await pilot.press("y")  # 放弃
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


@run_async
async def test_typing_the_field_back_to_what_it_was_closes_at_once(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_register_form(pilot)
        await type_text(pilot, "x")
        await pilot.press("backspace", "escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


@run_async
async def test_going_to_another_screen_from_a_changed_form_asks_first(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_register_form(pilot)
        await type_text(pilot, "盖政发[2026]120")
        await app.run_action("show_dashboard")  # 工作台 in the palette (F2 off a form)
        await settle(pilot)
        assert question(app) == DISCARD
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#f-number", Input).value == "盖政发[2026]120"
        await app.run_action("show_dashboard")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


@run_async
async def test_quitting_with_a_changed_form_asks_first(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        form = await open_register_form(pilot)
        await type_text(pilot, "盖政发[2026]120")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert question(app) == DISCARD
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running and app.screen is form

        # The form waits under the dashboard while the clerk looks at the register (登记簿 in
        # the palette): the register's q and ctrl+c know of it.
        await app.run_action("show_register")
        await settle(pilot)
        assert isinstance(app.screen, RegisterScreen)
        await pilot.press("ctrl+c")
        await pilot.pause(0.2)
        hints = [str(n.message) for n in app._notifications if n.title == "要退出吗？"]
        assert hints == [
            "要退出 docfiler，请按 q 或 ctrl+q。表单中填写的内容还没有保存，退出前会先询问。"
        ]
        app.screen.query_one(PageList).focus()
        await pilot.press("q")
        await settle(pilot)
        assert question(app) == DISCARD
        await pilot.press("escape")  # 继续填写
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, RegisterScreen)
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


@run_async
async def test_quitting_without_typed_input_does_not_ask(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_register_form(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
