"""Word in and out from the TUI: each dialog driven with Pilot, the file opened with python-docx
and the database checked afterwards.

The expected documents are written out by hand from sample_docs/register.toml ('today' is
2026-11-26), not read back from docfiler's own catalogue queries.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import threading
from pathlib import Path

import pytest
from docx import Document as open_docx
from textual.widgets import Input, OptionList, Select, Static

from docfiler.errors import ValidationError
from docfiler.queries.documents import show_document
from docfiler.services.cleanup import start_campaign
from docfiler.services.demo import sample_register_path
from docfiler.services.imports import import_documents
from tests.conftest import TODAY, make_office
from tests.tui.helpers import run_async, settle
from tui.dialogs.docx import OpenDocxDialog, docx_entries, prefill_from_docx
from tui.dialogs.filing_report import (
    FilingReportDialog,
    filing_report_for_body,
    filing_report_for_document,
)
from tui.dialogs.outputs import (
    EVERYONE,
    CatalogueDialog,
    CleanupReportDialog,
    RepealedListDialog,
)
from tui.forms.base import FormField, check_number
from tui.forms.documents import DocxPrefillForm

SIZE = (120, 40)
SAMPLE_DOCX = sample_register_path().parent / "docx" / "gaizhengfa-2016-009.docx"
OVERDUE = "盖政办发〔2026〕73号"  # published 2026-10-15, filed nowhere yet

# Valid on 2026-11-01: published by then, within five years (two for 暂行) and neither repealed
# nor declared invalid, not a 修改决定; grouped 本级政府, 政府办公室 (the rulebook's order), then
# the departments in the order the register adds them (民政局, 财政局, 自然资源局, 教育局), each
# by year and serial.
IN_FORCE_2026_11_01 = [
    # The 2016 documents state no validity period: still in force.
    "盖政发〔2016〕9号",
    "盖政发〔2016〕117号",
    "盖政发〔2022〕38号",
    "盖政发〔2023〕29号",
    "盖政发〔2024〕33号",
    # not 盖政发〔2025〕27号, the 修改决定 of 〔2023〕29号
    "盖政发〔2026〕21号",
    "盖政办发〔2016〕14号",
    "盖政办发〔2016〕51号",
    "盖政办发〔2016〕67号",
    "盖政办发〔2016〕85号",
    "盖政办发〔2016〕88号",
    "盖政办发〔2022〕6号",
    "盖政办发〔2025〕42号",  # 暂行, 有效期2年: until 2027-06-30
    "盖政办发〔2026〕66号",
    "盖政办发〔2026〕73号",
    "盖民发〔2024〕3号",
    "盖财发〔2023〕27号",
    "盖自然资发〔2024〕23号",
    "盖自然资发〔2026〕19号",
    "盖教发〔2025〕15号",
]
# Ended between 2024-01-01 and 2026-11-26: two declared invalid in the 2024 cleanup, one repealed
# by 盖民发〔2024〕3号, one whose valid_until (2025-12-31) has passed.
ENDED_SINCE_2024 = [
    "盖政办发〔2019〕61号",
    "盖政办发〔2020〕9号",
    "盖民发〔2019〕21号",
    "盖财发〔2020〕46号",
]
# Never submitted to 营口市人民政府, by publication date: 73号 and 81号. (96号 went on 2026-11-16;
# 66号 went on 2026-09-18 and was sent back: a report to the whole body lists only filings not
# yet submitted, as docfiler.outputs.filing_report documents.)
PENDING_AT_YINGKOU = ["盖政办发〔2026〕73号", "盖政办发〔2026〕81号"]


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


def table_rows(path: Path) -> list[dict[str, str]]:
    """Every row of every table in a generated file, by its column header, as a clerk reads it."""
    found = []
    for table in open_docx(str(path)).tables:
        header = [cell.text for cell in table.rows[0].cells]
        found += [
            dict(zip(header, (c.text for c in row.cells), strict=True)) for row in table.rows[1:]
        ]
    return found


def numbers_in(path: Path) -> list[str]:
    return [row["文号"] for row in table_rows(path)]


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in open_docx(str(path)).paragraphs if p.text.strip()]


def form_error(screen) -> str:
    return str(screen.query_one("#form-error", Static).render())


def progress_label(dialog) -> str:
    return str(dialog.query_one("#progress-label").render())


async def close_after_generating(pilot, dialog) -> None:
    """The result stays in the dialog (with the path and 打开文件) until Esc closes it."""
    assert pilot.app.screen is dialog
    assert dialog.query_one("#output-done").has_class("-ready"), form_error(dialog)
    await pilot.press("escape")
    await settle(pilot)
    assert pilot.app.screen is not dialog


# ---------------------------------------------------------------------------- catalogue


@run_async
async def test_catalogue_with_progress(make_app, home, monkeypatch):
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
        assert output.value == "~/docfiler-输出/现行有效行政规范性文件目录-2026-11-26.docx"
        dialog.query_one("#f-authority", Select).value = EVERYONE  # 全部制定机关
        dialog.query_one("#f-validity", Select).value = "yes"
        dialog.query_one("#f-as_of", Input).value = "2026-11-01"  # the file name follows
        await pilot.pause()
        assert output.value == "~/docfiler-输出/现行有效行政规范性文件目录-2026-11-01.docx"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await close_after_generating(pilot, dialog)

        # Only one authority, to a file named by the clerk.
        dialog = await open_dialog(pilot, CatalogueDialog(TODAY, app.choices.authorities))
        dialog.query_one("#f-authority", Select).value = "盖州市教育局"
        dialog.query_one("#f-output", Input).value = str(home / "教育局.docx")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await close_after_generating(pilot, dialog)

    path = home / "docfiler-输出" / "现行有效行政规范性文件目录-2026-11-01.docx"
    assert numbers_in(path) == IN_FORCE_2026_11_01
    text = paragraphs(path)
    assert text[:2] == ["盖州市现行有效行政规范性文件目录", "（截至2026年11月1日，共20件）"]
    assert "盖州市人民政府（6件）" in text and "盖州市自然资源局（2件）" in text
    heating = next(r for r in table_rows(path) if r["文号"] == "盖政发〔2022〕38号")
    assert heating["文件名称"] == "《盖州市城市供热管理办法》"
    investment = next(r for r in table_rows(path) if r["文号"] == "盖政办发〔2022〕6号")
    assert investment["有效期至"] == "2027年2月28日"
    assert seen == [(20, 20), (2, 2)]  # the progress bar is fed by the generator's callback
    education = table_rows(home / "教育局.docx")
    assert [(r["文号"], r["文件名称"], r["备注"]) for r in education] == [
        ("盖教发〔2025〕15号", "《盖州市义务教育学校招生入学管理办法》", ""),
        # published 2026-11-20, in force from 2026-12-01: valid, listed, marked
        ("盖教发〔2026〕41号", "《盖州市校外培训机构监督管理办法》", "2026年12月1日起施行"),
    ]  # not 〔2021〕5号 (试行): it lapsed in 2023


@run_async
async def test_catalogue_by_default_is_the_governments_own(make_app, home):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot, CatalogueDialog(TODAY, app.choices.authorities))
        await pilot.press("ctrl+s")
        await settle(pilot)
        await close_after_generating(pilot, dialog)
    path = home / "docfiler-输出" / "现行有效行政规范性文件目录-2026-11-26.docx"
    assert paragraphs(path)[:4] == [
        "盖州市人民政府现行有效行政规范性文件目录",
        "（截至2026年11月26日，共17件）",
        "盖州市人民政府（7件）",
        "盖州市人民政府办公室（10件）",
    ]
    rows = table_rows(path)
    assert "有效期至" not in rows[0]
    waiting = next(r for r in rows if r["文号"] == "盖政发〔2026〕96号")
    assert (waiting["序号"], waiting["备注"]) == ("7", "2027年1月1日起施行")
    assert rows[-1]["序号"] == "17"


class CancelGate(threading.Event):
    """The dialog's `cancelled` flag, asked by the generator between batches of rows. The first
    time it is asked, it waits (on the worker's thread) until the clerk has pressed Esc: the
    cancellation then always lands mid-file, however fast the machine."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = threading.Event()

    def is_set(self) -> bool:
        self.asked.set()
        self.wait(timeout=10)
        return super().is_set()


@run_async
async def test_catalogue_can_be_cancelled(make_app, tmp_path, home):
    # A register large enough for docfiler to write the catalogue in several batches.
    office = make_office(f"sqlite:///{tmp_path / 'large.db'}")
    import_documents(
        office=office,
        records=[
            {
                "number": f"盖政发〔2025〕{n}号",
                "title": f"示例管理办法（第{n}号）",
                "published": dt.date(2025, 3, 1),
            }
            for n in range(1, 2101)
        ],
    )
    app = make_app(office)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, CatalogueDialog(TODAY))
        dialog.cancelled = gate = CancelGate()
        await pilot.press("ctrl+s")
        while not gate.asked.is_set():
            await asyncio.sleep(0.01)
        await pilot.pause()
        assert dialog.query_one("#output-progress").has_class("-running")
        done = progress_label(dialog)
        assert "/2100 件" in done and "2100/2100" not in done  # part of the rows written
        await pilot.press("escape")  # cancels; the dialog stays and says so
        await settle(pilot)
        assert app.screen is dialog
        assert "已取消" in form_error(dialog)
        assert not dialog.query_one("#output-progress").has_class("-running")
        await pilot.press("escape")  # now it closes
        await settle(pilot)
        assert app.screen is not dialog
    office.close()
    assert not [p.name for p in home.rglob("*") if p.is_file()]  # no file, not even a part


@run_async
async def test_repealed_list(make_app, home):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, RepealedListDialog(TODAY))
        dialog.query_one("#f-since", Input).value = "2024-01-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await close_after_generating(pilot, dialog)
    path = home / "docfiler-输出" / "废止和失效行政规范性文件目录-2026-11-26.docx"
    assert numbers_in(path) == ENDED_SINCE_2024  # not 盖政发〔2016〕9号: lapsed in 2021
    assert "（2024年1月1日至2026年11月26日，共4件）" in paragraphs(path)


# ---------------------------------------------------------------------------- filing report


@run_async
async def test_filing_report_of_one_body_then_record_the_submission(make_app, sample_office, home):
    body = "营口市人民政府"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot, filing_report_for_body(app))
        assert not dialog.check_action("submit_all", ())  # nothing generated yet
        dialog.query_one("#f-body", Select).value = body
        await pilot.pause()
        await pilot.press("ctrl+s")  # 发文字号 and 签发人 are asked for first
        await settle(pilot)
        assert "请填写“发文字号”。" in form_error(dialog)
        dialog.query_one("#f-report_number", Input).value = "盖政〔2026〕12号"
        dialog.query_one("#f-signer", Input).value = "王某某"
        dialog.query_one("#f-report_date", Input).value = "2026-11-27"
        output = dialog.query_one("#f-output", Input).value
        assert output == "~/docfiler-输出/备案报告-营口市人民政府-2026-11-26.docx"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # it stays open for the next step
        result = str(dialog.query_one("#output-result", Static).render())
        assert "列出 2 件：" + "、".join(PENDING_AT_YINGKOU) in result
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is not dialog

    path = home / "docfiler-输出" / "备案报告-营口市人民政府-2026-11-26.docx"
    assert numbers_in(path) == PENDING_AT_YINGKOU
    paragraphs = [p.text for p in open_docx(str(path)).paragraphs if p.text.strip()]
    assert paragraphs[0] == "\t盖政〔2026〕12号\t签发人：王某某"
    assert paragraphs[-2:] == ["盖州市人民政府", "2026年11月27日"]  # the date in the form
    for number in PENDING_AT_YINGKOU:
        filings = show_document(office=sample_office, number=number)["filings"]
        filing = next(f for f in filings if f["body"] == body)
        assert filing["submitted"] == "2026-11-26", number
    untouched = show_document(office=sample_office, number="盖政发〔2026〕96号")["filings"]
    assert next(f for f in untouched if f["body"] == body)["submitted"] == "2026-11-16"


@run_async
async def test_filing_report_of_one_document_refusal_keeps_the_dialog(
    make_app, sample_office, home
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = show_document(office=sample_office, number=OVERDUE)
        dialog = await open_dialog(pilot, filing_report_for_document(app, view))
        options = dialog.query_one("#f-body", Select)._options
        assert [value for _label, value in options if value != Select.NULL] == [
            "营口市人民政府",
            "盖州市人大常委会",
        ]
        dialog.query_one("#f-body", Select).value = "盖州市人大常委会"
        dialog.query_one("#f-report_number", Input).value = "盖政〔2026〕13号"
        dialog.query_one("#f-signer", Input).value = "王某某"
        dialog.query_one("#f-output", Input).value = str(home / "人大.docx")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert numbers_in(home / "人大.docx") == [OVERDUE]

        dialog.query_one("#f-submitted", Input).value = "2026-10-01"  # before publication
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is dialog
        assert f"未登记 1 件：{OVERDUE}：" in form_error(dialog)
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
        assert isinstance(app.screen, DocxPrefillForm)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, OpenDocxDialog)
