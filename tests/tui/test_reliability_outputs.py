"""Issue 14, item 10 in the TUI: a Word output asks before it replaces a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.conftest import TODAY
from tests.tui.helpers import run_async, settle
from tui.dialogs.outputs import CatalogueDialog, RepealedListDialog

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("HOME", str(path))
    return path


def _error(screen) -> str:
    return str(screen.query_one("#form-error", Static).render())


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
        assert app.screen is dialog
        assert _error(dialog) == (
            f"“{existing}”已存在，没有覆盖，也没有生成任何文件。"
            "再按 ctrl+s 将覆盖它们；不想覆盖，请改一个名称后再按 ctrl+s。"
        )
        assert existing.read_bytes() == b"the clerk's own file"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not dialog
    assert existing.read_bytes()[:2] == b"PK"
