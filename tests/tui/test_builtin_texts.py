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
