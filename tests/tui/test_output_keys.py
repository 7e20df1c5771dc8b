"""Issue 11: the Word outputs one key away (F5 目录, F6 废止失效目录, F7 备案报告, F8 汇编),
generated with Enter, never replacing a file without asking, the result kept on screen with
buttons that open the file or its folder.

'today' is 2026-11-26; the expected counts are those of sample_docs/register.toml, written out
by hand in tests/tui/test_outputs.py (17 documents of the government and its 办公室).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as open_docx
from textual.widgets import Button, Input, Static

from tests.tui.helpers import run_async, settle
from tui.dialogs.compilation import CompilationDialog
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.filing_report import FilingReportDialog
from tui.dialogs.opener import open_with_desktop
from tui.dialogs.outputs import CatalogueDialog, RepealedListDialog
from tui.screens.campaign import CampaignScreen
from tui.screens.detail import DocumentScreen
from tui.screens.register import RegisterScreen

SIZE = (120, 40)
CATALOGUE = "现行有效行政规范性文件目录-2026-11-26.docx"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """~/docfiler-输出 lands in the test's own folder."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("HOME", str(path))
    return path


class Recorder:
    """An opener that only records what it was asked to open."""

    def __init__(self) -> None:
        self.opened: list[Path] = []

    def __call__(self, path: Path) -> None:
        self.opened.append(path)


def shown(dialog) -> str:
    return str(dialog.query_one("#output-result", Static).render())


def note(dialog) -> str:
    return str(dialog.query_one("#output-note", Static).render())


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in open_docx(str(path)).paragraphs if p.text.strip()]


@run_async
async def test_each_output_has_its_key_on_the_dashboard(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, kind in (
            ("f5", CatalogueDialog),
            ("f6", RepealedListDialog),
            ("f7", FilingReportDialog),
            ("f8", CompilationDialog),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, kind), key
            button = app.screen.query_one("#save", Button)
            assert str(button.label) == "生成（ctrl+s）"
            await pilot.press("escape")  # nothing typed: closes at once
            await settle(pilot)
            assert not isinstance(app.screen, kind), key


@run_async
async def test_f5_works_on_the_register_a_document_and_the_campaign(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, RegisterScreen)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, CatalogueDialog)
        await pilot.press("escape")
        app.open_document("盖政发〔2016〕9号")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, CatalogueDialog)
        await pilot.press("escape")
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, CampaignScreen)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, CompilationDialog)


@run_async
async def test_todays_catalogue_is_two_keys_from_the_dashboard(make_app, home):
    app = make_app()
    app.opener = opener = Recorder()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CatalogueDialog)  # the result stays on screen
        path = home / "docfiler-输出" / CATALOGUE
        assert shown(dialog) == (
            f"已生成《盖州市人民政府现行有效行政规范性文件目录》（17 件）\n{path}"
        )
        # 打开文件 has the focus; 打开文件夹 beside it.
        assert dialog.focused is dialog.query_one("#open-file", Button)
        await pilot.press("enter")
        await settle(pilot)
        dialog.query_one("#open-folder", Button).press()
        await settle(pilot)
        assert opener.opened == [path, path.parent]
        assert note(dialog) == f"已打开：{path.parent}"
        await pilot.press("escape")  # generated: closes without asking
        await settle(pilot)
        assert not isinstance(app.screen, CatalogueDialog)
    assert paragraphs(path)[:2] == [
        "盖州市人民政府现行有效行政规范性文件目录",
        "（截至2026年11月26日，共17件）",
    ]


@run_async
async def test_an_existing_file_is_replaced_only_after_asking(make_app, home):
    existing = home / "docfiler-输出" / CATALOGUE
    existing.parent.mkdir()
    existing.write_bytes(b"the clerk's own file")
    app = make_app()
    app.opener = Recorder()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5", "enter")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        assert question.question == "覆盖已有的文件？"
        assert str(existing) in str(question.query_one("#confirm-detail", Static).render())
        assert [str(b.label) for b in question.query(Button).results(Button)] == [
            "覆盖（y）",
            "取消（n）",
        ]
        await pilot.press("n")  # 取消: nothing written, back in the output field
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CatalogueDialog)
        assert dialog.focused is dialog.query_one("#f-output", Input)
        assert not dialog.query_one("#output-done").has_class("-ready")
        assert existing.read_bytes() == b"the clerk's own file"

        await pilot.press("enter")  # asks again; Enter answers 覆盖
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert shown(dialog).endswith(str(existing))
    assert existing.read_bytes()[:2] == b"PK"


@run_async
async def test_without_an_opening_program_the_dialog_says_where_the_file_is(
    make_app, home, monkeypatch
):
    monkeypatch.setattr("tui.dialogs.opener.shutil.which", lambda _name: None)
    app = make_app()
    app.opener = open_with_desktop
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RepealedListDialog)
        path = home / "docfiler-输出" / "废止和失效行政规范性文件目录-2026-11-26.docx"
        assert shown(dialog).endswith(f"\n{path}")
        dialog.query_one("#open-file", Button).press()
        await settle(pilot)
        assert note(dialog) == f"本机没有可用的打开程序，文件在：{path}"


def test_the_opener_starts_the_desktop_program_without_waiting(monkeypatch, tmp_path):
    started = []

    class Popen:
        def __init__(self, command, **options):
            started.append((command, options.get("start_new_session")))

        def wait(self):
            raise AssertionError("the opener must not wait for the program")

    monkeypatch.setattr("tui.dialogs.opener.sys.platform", "linux")
    monkeypatch.setattr("tui.dialogs.opener.shutil.which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr("tui.dialogs.opener.subprocess.Popen", Popen)
    assert open_with_desktop(tmp_path) is None
    monkeypatch.setattr("tui.dialogs.opener.sys.platform", "darwin")
    assert open_with_desktop(tmp_path / "目录.docx") is None
    assert started == [
        (["/usr/bin/xdg-open", str(tmp_path)], True),
        (["/usr/bin/open", str(tmp_path / "目录.docx")], True),
    ]


@run_async
async def test_f8_generates_the_compilation(make_app, home):
    app = make_app()
    app.opener = Recorder()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CompilationDialog)
        output = dialog.query_one("#f-output", Input).value
        assert output == "~/docfiler-输出/现行有效行政规范性文件汇编-2026-11-26.docx"
        dialog.query_one("#f-pages").value = "no"  # no LibreOffice in this test: quick
        dialog.query_one("#f-as_of", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        path = home / "docfiler-输出" / "现行有效行政规范性文件汇编-2026-11-26.docx"
        lines = shown(dialog).splitlines()
        assert lines[:2] == [
            "已生成《盖州市人民政府现行有效行政规范性文件汇编》（17 件）",
            str(path),
        ]
    assert path.read_bytes()[:2] == b"PK"
