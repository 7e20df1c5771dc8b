"""备份登记簿 in the TUI (issue 13, §3): the palette command makes a backup in the data folder's
backups, the dialog shows where, and the dashboard's line follows.

DOCFILER_DATA_DIR is a fresh folder per test (tests/conftest.py). The sample register's "today"
is 2026-11-26 while the backup is stamped with the real clock (later): queries.backups counts
no negative days, so the dashboard says 今天.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Button

from tests.tui.helpers import run_async, screen_text, settle
from tests.tui.test_help_and_palette import palette_prompts
from tui.dialogs.backup import BackupDialog
from tui.screens.dashboard import DashboardScreen

SMALL = (80, 24)


class Recorder:
    """An opener that only records what it was asked to open."""

    def __init__(self) -> None:
        self.opened: list[Path] = []

    def __call__(self, path: Path) -> None:
        self.opened.append(path)


def backups() -> list[Path]:
    folder = Path(os.environ["DOCFILER_DATA_DIR"]) / "backups"
    return sorted(folder.glob("*.zip")) if folder.is_dir() else []


@run_async
async def test_the_palette_backs_up_the_register_and_the_dashboard_says_today(make_app):
    app = make_app()
    app.opener = opener = Recorder()
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one("#backup-line").render())
        assert line == "尚未备份登记簿　请备份（命令面板 ctrl+p → 备份登记簿）。"
        texts = await palette_prompts(pilot, "备份", "备份登记簿")
        index = next(i for i, t in enumerate(texts) if "备份登记簿" in t)
        app.screen.query_one("CommandList").highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, BackupDialog)
        made = backups()
        assert len(made) == 1 and made[0].name.startswith("docfiler-备份-")
        result = str(dialog.query_one("#backup-result").render())
        assert result.startswith(f"已备份到：\n{made[0].resolve()}\n备份的数据：")
        assert "规范性文件" in result
        # At 80×24 the whole dialog shows, its buttons too.
        for button in ("#backup-open-folder", "#backup-close"):
            widget = dialog.query_one(button, Button)
            assert app.screen.region.contains_region(widget.region), button
        await pilot.press("enter")  # 打开文件夹 has the focus
        assert opener.opened == [made[0].resolve().parent]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert str(app.screen.query_one("#backup-line").render()) == "上次备份：今天"
        assert "请备份" not in screen_text(pilot)
