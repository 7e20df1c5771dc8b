"""Issue 14, item 10 in the TUI: a Word output asks before it replaces a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.conftest import TODAY
from tests.tui.helpers import run_async, settle
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.outputs import CatalogueDialog, RepealedListDialog

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("HOME", str(path))
    return path


@pytest.mark.parametrize(
    ("make_dialog", "name"),
    [
        (lambda: RepealedListDialog(TODAY), "废止和失效行政规范性文件目录-2026-11-26.docx"),
        (lambda: CatalogueDialog(TODAY), "现行有效行政规范性文件目录-2026-11-26.docx"),
    ],
)
@run_async
async def test_an_existing_file_is_replaced_only_after_asking(make_app, home, make_dialog, name):
    existing = home / "docfiler-输出" / name
    existing.parent.mkdir()
    existing.write_bytes(b"the clerk's own file")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = make_dialog()
        app.push_screen(dialog)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmDialog)  # 覆盖已有的文件？ naming the file
        assert str(existing) in str(question.query_one("#confirm-detail", Static).render())
        await pilot.press("n")  # 取消
        await settle(pilot)
        assert app.screen is dialog
        assert existing.read_bytes() == b"the clerk's own file"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")  # 覆盖
        await settle(pilot)
        assert app.screen is dialog and dialog.query_one("#output-done").has_class("-ready")
    assert existing.read_bytes()[:2] == b"PK"
