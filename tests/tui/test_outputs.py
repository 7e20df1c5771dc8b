"""Word in and out from the TUI: each dialog driven with Pilot, the file opened with python-docx
and the database checked afterwards."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import time
from pathlib import Path

import pytest
from docx import Document as open_docx
from textual.widgets import Input, OptionList, Select, Static

from docfiler.errors import ValidationError
from docfiler.outputs.catalogue import catalogue_data, filing_report_data
from docfiler.queries.documents import show_document
from docfiler.services.cleanup import start_campaign
from docfiler.services.demo import sample_register_path
from tests.conftest import TODAY
from tests.tui.helpers import run_async, settle
from tui.forms import FormField, check_number
from tui.outputs import (
    CatalogueDialog,
    CleanupReportDialog,
    DocxPrefillForm,
    FilingReportDialog,
    OpenDocxDialog,
    RepealedListDialog,
    docx_entries,
    filing_report_for_body,
    filing_report_for_document,
    prefill_from_docx,
)
from tui.screens.detail import DocumentScreen

SIZE = (120, 40)
SAMPLE_DOCX = sample_register_path().parent / "docx" / "gaizhengfa-2016-009.docx"
OVERDUE = "盖政办发〔2026〕73号"  # published 2026-10-15, filed nowhere yet


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """Default output folders (~/docfiler-输出) land in the test's own directory."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("HOME", str(path))
    return path


async def open_dialog(pilot, screen):
    await settle(pilot)
    pilot.app.push_screen(screen)
    await settle(pilot)
    assert pilot.app.screen is screen
    return screen


def numbers_in(path: Path) -> list[str]:
    """The 文号 column of every table in a generated file, as a clerk would read it."""
    found = []
    for table in open_docx(str(path)).tables:
        header = [cell.text for cell in table.rows[0].cells]
        column = header.index("文号")
        found += [row.cells[column].text for row in table.rows[1:]]
    return found


def form_error(screen) -> str:
    return str(screen.query_one("#form-error", Static).render())


def catalogue_numbers(office, as_of, authority=None) -> list[str]:
    data = catalogue_data(office=office, as_of=as_of, authority=authority)
    return [row["number"] for group in data["groups"] for row in group.rows]


# ---------------------------------------------------------------------------- catalogue


@run_async
async def test_catalogue_with_progress(make_app, sample_office, home, monkeypatch):
    seen: list[tuple[int, int]] = []
    original = CatalogueDialog._progress

    def recording(self, done, total):
        seen.append((done, total))
        original(self, done, total)

    monkeypatch.setattr(CatalogueDialog, "_progress", recording)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot, CatalogueDialog(TODAY, app.choices.authorities))
        output = dialog.query_one("#f-output", Input)
        assert output.value == "~/docfiler-输出/现行有效规范性文件目录-2026-11-26.docx"
        dialog.query_one("#f-as_of", Input).value = "2026-11-01"  # the file name follows
        await pilot.pause()
        assert output.value == "~/docfiler-输出/现行有效规范性文件目录-2026-11-01.docx"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not dialog

        # Only one authority, to a file named by the clerk.
        dialog = await open_dialog(pilot, CatalogueDialog(TODAY, app.choices.authorities))
        dialog.query_one("#f-authority", Select).value = "盖州市教育局"
        dialog.query_one("#f-output", Input).value = str(home / "教育局.docx")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not dialog

    path = home / "docfiler-输出" / "现行有效规范性文件目录-2026-11-01.docx"
    expected = catalogue_numbers(sample_office, dt.date(2026, 11, 1))
    assert numbers_in(path) == expected and len(expected) > 10
    assert seen[-2] == (len(expected), len(expected))  # fed by the progress callback
    education = catalogue_numbers(sample_office, TODAY, "盖州市教育局")
    assert numbers_in(home / "教育局.docx") == education and education


@run_async
async def test_catalogue_can_be_cancelled(make_app, home, monkeypatch):
    import docfiler.outputs.catalogue

    def slow(*, progress, cancelled, **_kwargs):
        progress(0, 100_000)
        deadline = time.monotonic() + 10
        while not cancelled():
            assert time.monotonic() < deadline, "never cancelled"
            time.sleep(0.01)
        raise ValidationError("已取消，未生成文件。")  # what docfiler.outputs.word.render says

    monkeypatch.setattr(docfiler.outputs.catalogue, "make_catalogue", slow)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot, CatalogueDialog(TODAY))
        await pilot.press("ctrl+s")
        for _ in range(200):
            if dialog.query_one("#output-progress").has_class("-running"):
                break
            await asyncio.sleep(0.01)
        assert "0/100000" in str(dialog.query_one("#progress-label").render())
        await pilot.press("escape")  # cancels; the dialog stays and says so
        await settle(pilot)
        assert app.screen is dialog
        assert "已取消" in form_error(dialog)
        assert not dialog.query_one("#output-progress").has_class("-running")
        await pilot.press("escape")  # now it closes
        await settle(pilot)
        assert app.screen is not dialog
    assert not (home / "docfiler-输出").exists()


@run_async
async def test_repealed_list(make_app, sample_office, home):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, RepealedListDialog(TODAY))
        dialog.query_one("#f-since", Input).value = "2024-01-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not dialog
    numbers = numbers_in(home / "docfiler-输出" / "废止和失效规范性文件目录-2026-11-26.docx")
    assert "盖民发〔2019〕21号" in numbers  # repealed 2024
    assert "盖政发〔2016〕9号" not in numbers  # lapsed long before 2024


# ---------------------------------------------------------------------------- filing report


@run_async
async def test_filing_report_of_one_body_then_record_the_submission(make_app, sample_office, home):
    body = "营口市人民政府"
    pending = filing_report_data(office=sample_office, body=body)["documents"]
    assert OVERDUE in pending and len(pending) >= 2
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot, filing_report_for_body(app))
        assert not dialog.check_action("submit_all", ())  # nothing generated yet
        dialog.query_one("#f-body", Select).value = body
        await pilot.pause()
        output = dialog.query_one("#f-output", Input).value
        assert output == "~/docfiler-输出/备案报告-营口市人民政府-2026-11-26.docx"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # it stays open for the next step
        result = str(dialog.query_one("#report-result", Static).render())
        assert f"列出 {len(pending)} 件" in result
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is not dialog

    assert numbers_in(home / "docfiler-输出" / "备案报告-营口市人民政府-2026-11-26.docx") == pending
    for number in pending:
        filings = show_document(office=sample_office, number=number)["filings"]
        filing = next(f for f in filings if f["body"] == body)
        assert filing["submitted"] == TODAY.isoformat(), number


@run_async
async def test_filing_report_of_one_document_refusal_keeps_the_dialog(
    make_app, sample_office, home
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = show_document(office=sample_office, number=OVERDUE)
        dialog = await open_dialog(pilot, filing_report_for_document(app, view))
        options = [value for _label, value in dialog.query_one("#f-body", Select)._options]
        assert "营口市人民政府" in options and "盖州市人大常委会" in options
        dialog.query_one("#f-body", Select).value = "盖州市人大常委会"
        dialog.query_one("#f-output", Input).value = str(home / "人大.docx")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert numbers_in(home / "人大.docx") == [OVERDUE]

        dialog.query_one("#f-submitted", Input).value = "2026-10-01"  # before publication
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is dialog
        assert "未登记 1 件" in form_error(dialog)
        assert all(
            f["submitted"] is None
            for f in show_document(office=sample_office, number=OVERDUE)["filings"]
        )

        dialog.query_one("#f-submitted", Input).value = "2026-11-25"
        dialog.query_one("#submit-all").focus()
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is not dialog

        # A published document with nothing left to file: the app says so, no dialog.
        done = show_document(office=sample_office, number="盖政发〔2022〕38号")
        assert filing_report_for_document(app, done) is None

    filings = {
        f["body"]: f["submitted"]
        for f in show_document(office=sample_office, number=OVERDUE)["filings"]
    }
    assert filings == {"营口市人民政府": None, "盖州市人大常委会": "2026-11-25"}


# ---------------------------------------------------------------------------- cleanup report


@run_async
async def test_cleanup_report_is_refused_before_the_campaign_is_finished(
    make_app, sample_office, home
):
    started = start_campaign(office=sample_office, name="2026年清理", as_of=TODAY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, CleanupReportDialog(started.id, started.name))
        assert dialog.query_one("#f-folder", Input).value == "~/docfiler-输出/2026年清理"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "尚未完成" in form_error(dialog)
    # make_cleanup_report makes the folder before it checks the campaign: no file is written.
    assert not list(home.rglob("*.docx"))


# ---------------------------------------------------------------------------- reading a .docx


def test_prefill_from_docx_reads_the_register_fields(tmp_path):
    fields = prefill_from_docx(SAMPLE_DOCX)
    assert fields["number"] == "盖政发〔2016〕9号"
    assert fields["title"] == "盖州市城乡居民临时救助实施办法"
    assert fields["written_on"] == "2016-02-01"
    assert len(fields["body"]) > 100
    text = tmp_path / "通知.docx"
    text.write_text("不是 Word 文档", encoding="utf-8")
    with pytest.raises(ValidationError, match="不是 Word 文档"):
        prefill_from_docx(text)


def test_the_picker_lists_folders_and_word_documents_only(tmp_path):
    folder = tmp_path / "下载"
    folder.mkdir()
    for name in ("a.docx", "b.txt", ".hidden.docx", "c.DOCX"):
        (folder / name).write_bytes(b"")
    (folder / "子文件夹").mkdir()
    assert [p.name for p in docx_entries(folder)] == ["子文件夹", "a.docx", "c.DOCX"]


@run_async
async def test_register_form_prefills_itself_from_a_docx(make_app, home):
    form = DocxPrefillForm(
        form_id="register-form",
        title="登记文件（草案）",
        fields=[
            FormField("number", "文号", required=True, check=check_number),
            FormField("title", "标题", required=True),
        ],
        save=lambda _office, values: values,
        success="",
    )
    broken = home / "坏文件.docx"
    broken.write_text("x", encoding="utf-8")
    downloads = home / "下载"
    downloads.mkdir()
    shutil.copy(SAMPLE_DOCX, downloads / "临时救助.docx")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, form)
        await pilot.press("ctrl+o")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, OpenDocxDialog)

        dialog.query_one("#docx-path", Input).value = str(broken)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "不是 Word 文档" in str(dialog.query_one("#docx-error", Static).render())

        # Picked from the list: into the folder, then the document.
        files = dialog.query_one("#docx-files", OptionList)
        files.focus()
        files.highlighted = dialog.entries.index(downloads)
        await pilot.press("enter")
        await settle(pilot)
        assert "下载" in str(dialog.query_one("#docx-folder", Static).render())
        files.highlighted = dialog.entries.index(downloads / "临时救助.docx")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#f-number", Input).value == "盖政发〔2016〕9号"
        assert form.query_one("#f-title", Input).value == "盖州市城乡居民临时救助实施办法"
        hint = str(form.query_one("#hint-number", Static).render())
        assert "规范写法：盖政发〔2016〕9号" in hint


# ---------------------------------------------------------------------------- wired into the app


@pytest.mark.skipif(
    not hasattr(DocumentScreen, "action_filing_report"),
    reason="备案报告的 w 键尚未接入 tui/screens/detail.py",
)
@run_async
async def test_w_on_a_document_opens_its_filing_report(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_document(OVERDUE)
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, FilingReportDialog)
        assert app.screen.documents == [OVERDUE]


@run_async
async def test_the_register_form_offers_ctrl_o(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        if not isinstance(app.screen, DocxPrefillForm):
            pytest.skip("登记表单的 ctrl+o 尚未接入 tui/forms.py")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, OpenDocxDialog)
