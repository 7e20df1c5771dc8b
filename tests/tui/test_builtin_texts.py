"""Texts that come from Textual itself are Chinese too (issue 11, item 6)."""

from __future__ import annotations

from pathlib import Path

from tests.tui.helpers import run_async, screen_text, settle

SIZE = (120, 40)


@run_async
async def test_ctrl_c_says_in_chinese_how_to_quit(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause(0.2)
        assert shown(app) == [("要退出吗？", "要退出 docfiler，请按 q 或 ctrl+q。")]
        assert "要退出吗" in screen_text(pilot)  # the toast is on screen


@run_async
async def test_a_screenshot_without_a_downloads_folder_is_saved_here(
    make_app, tmp_path, monkeypatch
):
    monkeypatch.setattr("platformdirs.user_downloads_path", lambda: tmp_path / "无此文件夹")
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        saved = app.save_screenshot()
        await pilot.pause(0.2)
        assert saved is not None and saved.parent == Path(tmp_path)
        assert saved.read_text(encoding="utf-8").startswith("<svg")
        assert shown(app) == [("截图", f"截图已保存：{saved}")]


@run_async
async def test_a_screenshot_that_cannot_be_written_says_why_in_chinese(
    make_app, tmp_path, monkeypatch
):
    locked = tmp_path / "只读"
    locked.mkdir()
    monkeypatch.setattr("platformdirs.user_downloads_path", lambda: locked)
    monkeypatch.setattr(Path, "write_text", _refuse)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.save_screenshot() is None
        await pilot.pause(0.2)
        assert shown(app) == [
            ("截图", f"截图未能保存到 {locked}。请检查该文件夹是否存在、是否可写，磁盘是否已满。")
        ]


def shown(app) -> list[tuple[str, str]]:
    return [(n.title, str(n.message)) for n in app._notifications]


def _refuse(self, *args, **kwargs):
    raise PermissionError(13, "Permission denied")


@run_async
async def test_a_refusal_in_a_form_says_how_in_the_forms_terms(make_app):
    """Issue 11, item 7: an unknown agency code, refused in the register form, says what to do
    in the UI's terms (the 制定机关 field, m on the dashboard), never the CLI's --authority."""
    from tests.tui.helpers import fill
    from tui.forms.base import FormScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        fill(pilot, number="盖某发〔2026〕3号", title="盖州市某某管理办法")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.error_text == (
            "机关代字“盖某发”不属于任何已登记的制定机关。"
            "请在“制定机关”一栏选定制定机关，或在工作台按 m 为它登记这个代字。"
        )
        assert "--authority" not in screen_text(pilot)
