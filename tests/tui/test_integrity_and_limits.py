"""Issue 14 in the terminal UI: the quick integrity check at start warns about a damaged database
(item 9), and reading an oversized .docx is refused in the dialog, which stays usable (item 11)."""

from __future__ import annotations

from textual.widgets import Input, Static

from docfiler.office import Office
from tests.docfiler.outputs.test_reader_limits import _docx
from tests.docfiler.queries.test_integrity import _damaged_copy
from tests.tui.helpers import run_async, settle
from tui.dialogs.docx import OpenDocxDialog

SIZE = (120, 40)
WARNING_START = "数据库完整性快速检查未通过，数据库文件可能已损坏"


def _messages(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


@run_async
async def test_a_healthy_register_starts_without_a_warning(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.ready
        assert not any(WARNING_START in message for message in _messages(app))


@run_async
async def test_a_damaged_database_is_warned_about_at_start(sqlite_sample_office, tmp_path):
    from tui.app import DocfilerApp

    damaged = _damaged_copy(sqlite_sample_office, tmp_path)
    office = Office.open(f"sqlite:///{damaged}", upgrade=False)
    app = DocfilerApp(office, cursor_blink=False)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            assert app.ready  # the clerk can still look, and is told
            (warning,) = [m for m in _messages(app) if WARNING_START in m]
            assert "退出后运行 docfiler check 查看详情" in warning
    finally:
        office.close()


@run_async
async def test_an_oversized_docx_is_refused_in_the_dialog(make_app, tmp_path):
    flood = _docx(tmp_path / "段落.docx", b"<w:p/>", repeat=25_000)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = OpenDocxDialog(start=tmp_path)
        app.push_screen(dialog)
        await settle(pilot)
        dialog.query_one("#docx-path", Input).value = str(flood)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        error = str(dialog.query_one("#docx-error", Static).render())
        assert "段落数超过上限 20,000 个" in error
        assert "只保留正文" in error
