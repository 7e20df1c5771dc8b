"""Issue 11, Word prefill: the picker opens where the clerk last read a document (remembered
across runs), else in the documents folder; a typed path opens; what the .docx gave is kept
when the register form is saved."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from textual.widgets import Input, Static

from docfiler.queries.documents import document_body, show_document
from tests.tui.helpers import run_async, settle, type_text
from tui import memory
from tui.dialogs.docx import OpenDocxDialog
from tui.forms.documents import DocxPrefillForm
from tui.screens.detail import DocumentScreen

SIZE = (120, 40)
NUMBER = "盖政办发〔2026〕120号"
TITLE = "盖州市城区停车场管理办法"
ARTICLE_1 = "第一条　为规范城区停车场管理，方便群众出行，结合本市实际，制定本办法。"
ARTICLE_2 = "第二条　本办法自2026年12月1日起施行。"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """A home folder and a state folder of the test's own."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("HOME", str(path))
    monkeypatch.setenv("DOCFILER_STATE_DIR", str(tmp_path / "state"))
    return path


def published(folder: Path, name: str = "停车.docx") -> Path:
    """A published document as the office receives it: 文号, title, body, 成文日期."""
    document = docx.Document()
    for text, centred in (
        (NUMBER, True),
        (TITLE, True),
        ("各乡镇人民政府，市政府各部门：", False),
        (ARTICLE_1, False),
        (ARTICLE_2, False),
        ("盖州市人民政府办公室", False),
        ("2026年11月16日", False),
    ):
        paragraph = document.add_paragraph()
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    document.save(str(path))
    return path


# ---------------------------------------------------------------------------- where it opens


def test_the_picker_opens_in_the_documents_folder_then_where_the_clerk_last_read(home):
    assert memory.docx_start_folder() == home  # nothing remembered, no documents folder
    (home / "文档").mkdir()
    assert memory.docx_start_folder() == home / "文档"
    (home / "Documents").mkdir()
    assert memory.docx_start_folder() == home / "Documents"
    received = home / "下载" / "收文"
    received.mkdir(parents=True)
    memory.remember_docx_folder(received)
    assert memory.docx_start_folder() == received
    received.rmdir()  # a remembered folder that is gone: the documents folder again
    assert memory.docx_start_folder() == home / "Documents"


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"docx_folder": 7}', ""])
def test_a_damaged_state_file_is_taken_as_empty(home, content):
    memory.state_file().parent.mkdir(parents=True)
    memory.state_file().write_text(content, encoding="utf-8")
    assert memory.docx_start_folder() == home
    memory.remember_docx_folder(home / "下载")  # and it is written afresh
    assert json.loads(memory.state_file().read_text(encoding="utf-8")) == {
        "docx_folder": str(home / "下载")
    }


def test_a_state_folder_that_cannot_be_written_stops_nothing(home, tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("DOCFILER_STATE_DIR", str(blocked / "state"))  # under a file
    memory.remember_docx_folder(home)
    assert memory.load() == {}
    assert memory.docx_start_folder() == home


# ---------------------------------------------------------------------------- in the app


async def open_picker(pilot) -> OpenDocxDialog:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DocxPrefillForm)
    await pilot.press("ctrl+o")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, OpenDocxDialog)
    return dialog


def path_field(dialog) -> Input:
    return dialog.query_one("#docx-path", Input)


def folder_line(dialog) -> str:
    return str(dialog.query_one("#docx-folder", Static).render())


@run_async
async def test_a_typed_name_is_read_and_its_folder_remembered_for_the_next_run(make_app, home):
    documents = home / "文档"
    received = home / "下载" / "收文"
    published(received)
    documents.mkdir()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_picker(pilot)
        assert path_field(dialog).value == f"{documents}/"
        assert folder_line(dialog) == f"文件夹：{documents}"

        # A typed folder is listed (and the field follows it) ...
        path_field(dialog).value = "~/下载/收文"
        await pilot.press("enter")
        await settle(pilot)
        assert folder_line(dialog) == f"文件夹：{received}"
        assert path_field(dialog).value == f"{received}/"
        assert dialog.entries[1:] == [received / "停车.docx"]  # after ⬆ 上一级文件夹

        # ... and a name typed after it is read.
        await type_text(pilot, "停车.docx")
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, DocxPrefillForm)
        assert form.query_one("#f-number", Input).value == NUMBER
        assert form.query_one("#f-title", Input).value == TITLE

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_picker(pilot)
        assert path_field(dialog).value == f"{received}/"
        assert folder_line(dialog) == f"文件夹：{received}"


@run_async
async def test_a_name_without_a_folder_is_read_in_the_folder_shown(make_app, home):
    published(home, "收文.docx")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_picker(pilot)
        path_field(dialog).value = "收文.docx"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DocxPrefillForm)
        assert app.screen.query_one("#f-number", Input).value == NUMBER
    assert memory.load() == {"docx_folder": str(home)}


@run_async
async def test_the_body_and_date_read_from_word_are_stored_with_the_new_document(
    make_app, home, sample_office
):
    published(home / "文档")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_picker(pilot)
        await type_text(pilot, "停车.docx")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DocxPrefillForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)  # registered, then opened
    view = show_document(office=sample_office, number=NUMBER)
    assert (view["title"], view["status"]) == (TITLE, "draft")
    assert document_body(office=sample_office, number=NUMBER) == f"{ARTICLE_1}\n{ARTICLE_2}"
    assert view["written"] == "2026-11-16"  # the 成文日期 under the authority's name
