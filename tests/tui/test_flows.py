"""Pilot tests: each flow driven end to end through the UI, checked in the database."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, Static

from docfiler import services
from docfiler.queries import documents as queries
from tests.tui.helpers import fill, run_async, screen_text, settle, type_text
from tui.dialogs.error import ErrorDialog
from tui.dialogs.help import HelpScreen
from tui.forms.base import FormScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.detail import DocumentScreen
from tui.screens.register import RegisterScreen

SIZE = (120, 40)
NEW_NUMBER = "盖政发〔2026〕120号"
NEW_TITLE = "盖州市城市道路挖掘管理办法"


def dashboard_items(app) -> list[tuple[str | None, str | None]]:
    screen = app.screen
    assert isinstance(screen, DashboardScreen)
    return [(r.doc_number, r.party) for r in screen.reminders_by_key.values()]


def form_error(app) -> str:
    return str(app.screen.query_one("#form-error", Static).render())


async def save(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


@run_async
async def test_register_to_filing_end_to_end(make_app, sample_office):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)

        # 登记: the number is typed in a loose form and checked as typed.
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "盖政发[2026]120")
        hint = app.screen.query_one("#hint-number", Static)
        assert "规范写法：盖政发〔2026〕120号" in str(hint.render())
        fill(pilot, title=NEW_TITLE, drafting_unit="盖州市住房和城乡建设局")
        await save(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.number == NEW_NUMBER

        steps = [
            ("o", {"on": "2026-11-02", "method": "政府网站公开征求意见"}),
            ("r", {"submitted": "2026-11-05"}),
            ("f", {"finished": "2026-11-10", "outcome": "合法"}),
            ("d", {"meeting": "盖州市人民政府第30次常务会议", "on": "2026-11-16"}),
            ("s", {"on": "2026-11-18", "signed_by": "市长"}),
            ("p", {"on": "2026-11-20"}),
        ]
        for key, values in steps:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, FormScreen), key
            fill(pilot, **values)
            await save(pilot)
            assert isinstance(app.screen, DocumentScreen), (key, form_error(app))

        view = queries.show_document(office=sample_office, number=NEW_NUMBER)
        assert view["published"] == "2026-11-20"
        assert view["signed_by"] == "市长"
        assert [f["body"] for f in view["filings"]] == ["营口市人民政府", "盖州市人大常委会"]
        assert all(f["submitted"] is None for f in view["filings"])

        # The new filings are on the dashboard.
        await pilot.press("escape")
        await settle(pilot)
        items = dashboard_items(app)
        assert (NEW_NUMBER, "营口市人民政府") in items
        assert (NEW_NUMBER, "盖州市人大常委会") in items

        # Record both filings from the document, opened from its dashboard row.
        screen = app.screen
        key = next(k for k, r in screen.reminders_by_key.items() if r.doc_number == NEW_NUMBER)
        table = next(t for t in screen.query(".reminders") if key in t.keys)
        table.focus()
        table.move_cursor(table.keys.index(key))
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        for body in ("营口市人民政府", "盖州市人大常委会"):
            await pilot.press("b")
            await settle(pilot)
            fill(pilot, body=body, submitted="2026-11-25", receipt="营备〔2026〕9号")
            await save(pilot)
            assert isinstance(app.screen, DocumentScreen), form_error(app)

        await pilot.press("escape")
        await settle(pilot)
        assert all(number != NEW_NUMBER for number, _ in dashboard_items(app))

    view = queries.show_document(office=sample_office, number=NEW_NUMBER)
    assert [f["submitted"] for f in view["filings"]] == ["2026-11-25", "2026-11-25"]
    actions = [entry["summary"] for entry in view["audit"]]
    assert len(actions) == 9  # register, 6 procedure steps, 2 filings


async def open_document(pilot, number: str) -> None:
    pilot.app.open_document(number)
    await settle(pilot)
    assert isinstance(pilot.app.screen, DocumentScreen)


@run_async
async def test_refused_publish_shows_the_reason_and_changes_nothing(make_app, sample_office):
    number = "盖政发〔2026〕104号"  # a draft: no opinions, review or decision yet
    before = queries.show_document(office=sample_office, number=number)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_document(pilot, number)
        await pilot.press("p")
        await settle(pilot)
        fill(pilot, on="2026-11-25")
        await save(pilot)
        assert isinstance(app.screen, FormScreen)  # the form stays open
        message = form_error(app)
        assert "不能公布" in message
        assert "未听取意见" in message
        assert app.screen.query_one("#form-error").has_class("-visible")
        assert "不能公布" in screen_text(pilot)
        assert app.screen.query_one("#f-on", Input).value == "2026-11-25"
    after = queries.show_document(office=sample_office, number=number)
    assert after["published"] is None
    assert after["filings"] == []
    assert after["version"] == before["version"]
    assert after["audit"] == before["audit"]


@run_async
async def test_stale_edit_says_so_and_keeps_the_typed_text(make_app, sample_office):
    number = "盖政发〔2016〕9号"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_document(pilot, number)
        seen = app.screen.view["version"]
        await pilot.press("e")
        await settle(pilot)
        # Another clerk saves first.
        services.update_document(
            office=sample_office, number=number, changes={"note": "另一位同事的修改"}
        )
        fill(pilot, title="盖州市城乡居民临时救助实施办法（修订）")
        await save(pilot)
        assert isinstance(app.screen, FormScreen)
        message = str(app.screen.query_one("#conflict-text").render())
        assert "已被其他人修改" in message
        assert "仍保留" in message
        title = app.screen.query_one("#f-title", Input).value
        assert title == "盖州市城乡居民临时救助实施办法（修订）"
        view = queries.show_document(office=sample_office, number=number)
        assert view["title"] == "盖州市城乡居民临时救助实施办法"
        assert view["note"] == "另一位同事的修改"
        assert view["version"] == seen + 1

        # The form shows what changed; saving again without choosing changes nothing
        # (the choices themselves: tests/tui/test_conflict_merge.py).
        assert "备注：另一位同事的修改" in message
        await save(pilot)
        assert isinstance(app.screen, FormScreen)
    view = queries.show_document(office=sample_office, number=number)
    assert view["title"] == "盖州市城乡居民临时救助实施办法"
    assert view["version"] == seen + 1


@run_async
async def test_number_is_checked_as_typed(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await type_text(pilot, "盖政发[16]9号")
        hint = app.screen.query_one("#hint-number", Static)
        assert hint.has_class("-invalid")
        assert "年" in str(hint.render())
        assert str(hint.render()) in screen_text(pilot)  # under the field, where it is typed
        fill(pilot, title=NEW_TITLE)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert form_error(app) and form_error(app) in screen_text(pilot)
        assert app.screen.query_one("#f-title", Input).value == NEW_TITLE  # nothing lost
        # Corrected, the hint gives the number as it will be registered.
        fill(pilot, number="盖政发〔2016〕9")
        await pilot.pause()
        assert not hint.has_class("-invalid")
        assert "规范写法：盖政发〔2016〕9号" in screen_text(pilot)


@run_async
async def test_a_locked_database_is_said_in_chinese_in_the_ui(make_app, monkeypatch):
    """Issue 14, item 8: the environment's faults read as the CLI says them, in the UI too."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    def locked(**_kwargs):
        fault = sqlite3.OperationalError("database is locked")
        fault.sqlite_errorcode = 5  # SQLITE_BUSY
        raise OperationalError("SELECT 1", {}, fault)

    monkeypatch.setattr(queries, "register_counts", locked)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        message = str(app.screen.query_one("#error-message", Static).render())
        assert message.startswith("数据库正由另一个程序写入")
        assert "config.toml 的 [database] 一节调大 busy_timeout" in message  # not eaten as markup
        assert "locked" not in message and "OperationalError" not in message


@run_async
async def test_unexpected_error_opens_a_dialog_and_the_app_goes_on(make_app, monkeypatch, caplog):
    def broken(**_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(queries, "register_counts", broken)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        message = str(app.screen.query_one("#error-message", Static).render())
        assert "意外错误" in message
        assert "disk on fire" not in message and "RuntimeError" not in message  # English: log only
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, RegisterScreen)
        assert app.screen.query_one("#register-table").row_count == 44
    assert "disk on fire" in caplog.text


@run_async
async def test_docfiler_error_shows_its_own_message(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_document("盖政发〔2026〕999号")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "没有文号为" in str(app.screen.query_one("#error-message", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


@run_async
async def test_help_and_quit(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@run_async
async def test_countersign_request_and_reply(make_app, sample_office):
    from docfiler.queries import pickers

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        fill(pilot, title="营口市户外广告设施管理办法（征求意见稿）", received="2026-11-24")
        await save(pilot)
        assert isinstance(app.screen, DashboardScreen), form_error(app)
        open_before = pickers.countersigns(office=sample_office)
        new = next(c for c in open_before if c.title.startswith("营口市户外广告"))
        app.action_reply_countersign(new.id)
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        fill(pilot, replied="2026-11-26", summary="无意见")
        await save(pilot)
        assert isinstance(app.screen, DashboardScreen), form_error(app)
    still_open = {c.id for c in pickers.countersigns(office=sample_office)}
    assert new.id not in still_open
    assert len(still_open) == len(open_before) - 1


@run_async
async def test_dashboard_moves_between_groups_and_opens_documents(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        overdue = screen.query_one("#group-overdue")
        week = screen.query_one("#group-week")
        assert screen.focused is overdue
        overdue.move_cursor(overdue.row_count - 1)
        await pilot.press("down")
        assert screen.focused is week and week.cursor_row == 0
        await pilot.press("up")
        assert screen.focused is overdue and overdue.cursor_row == overdue.row_count - 1
        reminder = screen.reminders_by_key[overdue.keys[overdue.cursor_row]]
        await pilot.press("o")  # Enter on a filing row opens its submission form instead
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.number == reminder.doc_number


@run_async
async def test_a_database_that_cannot_be_opened_is_reported(make_app):
    from docfiler.errors import ConfigError

    def refuse():
        raise ConfigError("无法打开数据库 sqlite:///nowhere.db")

    from tui.app import DocfilerApp

    app = DocfilerApp(refuse, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "无法打开数据库" in str(app.screen.query_one("#error-message", Static).render())
        await pilot.press("enter")
        await pilot.press("a")  # no office: the app says so and keeps running
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert "数据库未能打开" in str(app.screen.query_one("#counts", Static).render())


@run_async
async def test_add_authority_then_register_with_its_code(make_app, sample_office):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        fill(pilot, name="盖州市住房和城乡建设局", codes="盖住建发")
        await save(pilot)
        assert isinstance(app.screen, DashboardScreen), form_error(app)
        assert "盖州市住房和城乡建设局" in app.choices.authorities
        await pilot.press("a")
        await settle(pilot)
        fill(pilot, number="盖住建发〔2026〕3号", title="盖州市建筑工地扬尘治理办法")
        await save(pilot)
        assert isinstance(app.screen, DocumentScreen), form_error(app)
    view = queries.show_document(office=sample_office, number="盖住建发〔2026〕3号")
    assert view["authority"] == "盖州市住房和城乡建设局"


@run_async
async def test_today_is_the_office_today(make_app, sample_office):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        counts = str(app.screen.query_one("#counts", Static).render())
        assert "2026年11月26日" in counts
    assert sample_office.today() == dt.date(2026, 11, 26)
