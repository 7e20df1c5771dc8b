"""从 Excel 导入登记簿 in the TUI (issue 13, §1): preview, the bad rows, 跳过有误的行, a mapping
changed, cancel, a broken file — on the sample register, both databases, at 80×24; and a
workbook `docfiler export` wrote, shown as what it is and restored into an empty database.

The sheet (built with openpyxl) has a banner in row 1, the header in row 2 and three documents:
row 4's 印发日期 is “已发布”, which is no date. Today is 2026-11-26 on the sample register.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
from textual.widgets import Button, Checkbox, Select

from docfiler import services
from docfiler.errors import NotFoundError
from docfiler.outputs.workbook import export_register
from docfiler.queries.authorities import list_authorities
from docfiler.queries.documents import register_counts, show_document
from tests.conftest import _postgres_url, make_office
from tests.docfiler.services.sheets import office_row, write_sheet
from tests.tui.helpers import fill, run_async, screen_text, settle
from tests.tui.test_help_and_palette import palette_prompts
from tui.dialogs.import_sheet import ImportSheetDialog

SMALL = (80, 24)
D = dt.date
NEW = ("盖政发〔2015〕71号", "盖政发〔2015〕72号", "盖政发〔2015〕73号")
TITLES = ("盖州市导入测试甲办法", "盖州市导入测试乙办法", "盖州市导入测试丙办法")
BAD_ROW = "第 4 行：公布日期“已发布”无法识别为日期，请写成 2016-03-01、2016.3.1 或 2016年3月1日。"


def office_sheet(folder: Path) -> Path:
    return write_sheet(
        folder / "登记簿.xlsx",
        [
            office_row(NEW[0], TITLES[0], D(2015, 3, 1), effective=D(2015, 4, 1), serial=1),
            office_row(NEW[1], TITLES[1], "已发布", effective=D(2015, 5, 1), serial=2),
            office_row(NEW[2], TITLES[2], D(2015, 6, 1), effective=D(2015, 7, 1), serial=3),
        ],
    )


def registered(office, numbers=NEW) -> list[str]:
    """Which of `numbers` the register holds."""
    found = []
    for number in numbers:
        try:
            show_document(office=office, number=number)
        except NotFoundError:
            continue
        found.append(number)
    return found


async def open_dialog(pilot, path: Path) -> ImportSheetDialog:
    await settle(pilot)
    pilot.app.action_import_sheet()
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportSheetDialog)
    fill(pilot, path=str(path))
    return dialog


async def preview(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


async def refused(pilot) -> None:
    """Wait for a worker that fails (settle would raise its error) to be gone, then settle."""
    for _ in range(1000):
        await pilot.pause(0.01)
        if not any(worker.is_running for worker in pilot.app.workers):
            break
    await pilot.pause()
    await settle(pilot)


def import_button(dialog) -> Button:
    return dialog.query_one("#import", Button)


@run_async
async def test_the_preview_shows_the_counts_and_the_bad_row_and_blocks_until_skip(
    make_app, tmp_path
):
    app = make_app()
    path = office_sheet(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_dialog(pilot, path)
        assert import_button(dialog).disabled  # nothing previewed yet
        await preview(pilot)
        summary = str(dialog.query_one("#plan-summary").render())
        assert "文件：登记簿.xlsx，工作表“目录”（表头在第 2 行）" in summary
        assert "新增 2 件　更新 0 件　跳过 0 件（已在登记簿中、内容一致）　有误 1 行" in summary
        assert "不导入的列：A 列“序号”" in summary
        assert BAD_ROW in str(dialog.query_one("#plan-rows-text").render())
        # The bad row blocks the import until 跳过有误的行 is ticked.
        assert import_button(dialog).disabled
        assert "有 1 行有误，不能导入" in str(dialog.query_one("#import-hint").render())
        await pilot.click(import_button(dialog))
        await settle(pilot)
        assert registered(app.office) == []
        dialog.query_one("#skip-bad", Checkbox).value = True
        await settle(pilot)
        assert not import_button(dialog).disabled
        # At 80×24 the buttons stay on screen with the preview.
        for button in ("#save", "#import", "#cancel"):
            widget = dialog.query_one(button, Button)
            assert app.screen.region.contains_region(widget.region), button
        import_button(dialog).press()
        await settle(pilot)
        done = "已导入：新增 2 件，更新 0 件，跳过 0 件（已在登记簿中），跳过有误的 1 行（已记入操作记录）。"
        assert done in str(dialog.query_one("#import-done").render())
        assert registered(app.office) == [NEW[0], NEW[2]]  # the skipped row is not in
        assert dialog.query_one("#cancel", Button).label.plain == "关闭（Esc）"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportSheetDialog)


@run_async
async def test_a_mapping_changed_previews_again_and_changes_the_result(make_app, tmp_path):
    app = make_app()
    path = office_sheet(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_dialog(pilot, path)
        await preview(pilot)
        published = dialog.query_one("#map-4", Select)  # 公布日期, from E 列“印发日期”
        assert dialog.map_fields["map-4"] == "公布日期"
        assert published.value == "E"
        published.value = "F"  # 公布日期 ← F 列“施行日期”: row 4 now has a date
        await settle(pilot)
        summary = str(dialog.query_one("#plan-summary").render())
        assert "新增 3 件　更新 0 件　跳过 0 件（已在登记簿中、内容一致）　有误 0 行" in summary
        assert "不导入的列：A 列“序号”、E 列“印发日期”" in summary
        assert dialog.query_one("#map-4", Select).value == "F"
        assert dialog.query_one("#map-5", Select).value == ""  # 施行日期 lost its column
        assert not dialog.query_one("#skip-bad").display  # no bad rows: nothing to skip
        assert not import_button(dialog).disabled
        import_button(dialog).press()
        await settle(pilot)
        assert registered(app.office) == list(NEW)
        view = show_document(office=app.office, number=NEW[1])
        assert (view["title"], view["published"]) == (TITLES[1], "2015-05-01")


@run_async
async def test_cancel_and_escape_leave_the_register_unchanged(make_app, tmp_path):
    app = make_app()
    path = office_sheet(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_dialog(pilot, path)
        before = register_counts(office=app.office, as_of=D(2026, 11, 26))
        await preview(pilot)
        dialog.query_one("#skip-bad", Checkbox).value = True
        await settle(pilot)
        # Esc pressed as soon as 导入 starts: the import is rolled back.
        dialog.action_import()
        dialog.action_cancel()
        await refused(pilot)
        assert "已取消，未写入任何数据。" in screen_text(pilot)
        assert registered(app.office) == []
        assert register_counts(office=app.office, as_of=D(2026, 11, 26)) == before
        assert app.screen is dialog and not import_button(dialog).disabled
        # Esc when nothing runs closes the dialog; nothing was written.
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportSheetDialog)
        assert registered(app.office) == []


@run_async
async def test_a_word_file_renamed_xlsx_is_refused_in_chinese(make_app, tmp_path):
    app = make_app()
    fake = tmp_path / "登记簿.xlsx"
    docx = next(Path("sample_docs/docx").glob("*.docx"))
    shutil.copy(docx, fake)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_dialog(pilot, fake)
        await preview(pilot)
        error = dialog.query_one("#form-error")
        assert str(error.render()).startswith(
            "“登记簿.xlsx”是 Word 文档（.docx），不是 Excel 表格（可能只是改了扩展名）。"
        )
        assert app.screen.region.contains_region(error.region)  # shown, not scrolled away
        assert not dialog.query_one("#plan").has_class("-ready")
        assert import_button(dialog).disabled
        # A folder typed (the field starts with one) names the sheets in it.
        office_sheet(tmp_path)
        fill(pilot, path=str(tmp_path))
        await preview(pilot)
        message = str(dialog.query_one("#form-error").render())
        assert message.startswith(f"“{tmp_path}”是文件夹：请在路径后面接着输入表格的文件名")
        assert message.endswith("该文件夹中的表格：登记簿.xlsx。")


@run_async
async def test_the_palette_opens_the_dialog_in_the_folder_last_read_from(make_app, tmp_path):
    app = make_app()
    path = office_sheet(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        texts = await palette_prompts(pilot, "导入", "从 Excel 导入登记簿")
        index = next(i for i, t in enumerate(texts) if "从 Excel 导入登记簿" in t)
        app.screen.query_one("CommandList").highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ImportSheetDialog)
        fill(pilot, path=str(path))
        await preview(pilot)
        await pilot.press("escape")
        await settle(pilot)
        app.action_import_sheet()
        await settle(pilot)
        assert app.screen.query_one("#f-path").value == f"{tmp_path}/"


# ---------------------------------------------------------------------------- docfiler's workbook

RESTORED = (
    "docfiler 导出的登记簿：将恢复 文件 44 件、备案 59 条、程序 122 条、关系 5 条、制定依据 23 条、"
    "清理活动 2 个、清理决定 0 条。"
)


@contextmanager
def empty_office(sample_office, tmp_path: Path) -> Iterator:
    """A freshly initialised database of the sample's kind: the rulebook's authorities only."""
    if sample_office.engine.dialect.name == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path / 'empty.db'}"])
    else:
        urls = _postgres_url()
    office = make_office(next(urls))
    try:
        yield office
    finally:
        office.close()
        if hasattr(urls, "close"):
            urls.close()


@run_async
async def test_docfilers_workbook_is_shown_as_a_restore_and_restored(
    make_app, sample_office, tmp_path
):
    """The sample register's export, into an empty database that has 盖州市民政局 as a township:
    the dialog says what the restore brings back, the three departments it adds and how the
    workbook differs from the database's 民政局 (kept); no columns to map; 导入 restores."""
    workbook = tmp_path / "登记簿.xlsx"
    export_register(office=sample_office, output=workbook)
    with empty_office(sample_office, tmp_path) as target:
        services.add_authority(
            office=target, name="盖州市民政局", codes=["盖民发"], kind="township"
        )
        app = make_app(target)
        async with app.run_test(size=SMALL) as pilot:
            dialog = await open_dialog(pilot, workbook)
            await preview(pilot)
            summary = str(dialog.query_one("#plan-summary").render())
            assert summary.splitlines()[:3] == [
                "文件：登记簿.xlsx",
                RESTORED,
                "将新增制定机关 3 个：盖州市财政局、盖州市自然资源局、盖州市教育局。",
            ]
            listed = str(dialog.query_one("#plan-rows-text").render())
            assert listed.splitlines() == [
                "制定机关与登记簿不一致（1 个，保留登记簿中的，不改动）：",
                "  “制定机关”表第 4 行：“盖州市民政局”机关类别登记簿中为“乡镇人民政府、街道办事处”，"
                "工作簿中为“政府部门”；保留登记簿中的，未改动。",
            ]
            assert not dialog.query_one("#plan-mapping").display
            assert not dialog.query(Select)  # no columns to map
            assert not dialog.query_one("#skip-bad").display
            assert registered(target, ("盖政发〔2016〕9号",)) == []  # the preview wrote nothing
            assert not import_button(dialog).disabled
            import_button(dialog).press()
            await settle(pilot)
            done = str(dialog.query_one("#import-done").render())
            assert done == (
                "已恢复：文件 44 件、备案 59 条、程序 122 条、关系 5 条、制定依据 23 条、清理活动 2 个、"
                "清理决定 0 条，新增制定机关 3 个。"
            )
            assert registered(target, ("盖政发〔2016〕9号", "盖民发〔2019〕21号")) == [
                "盖政发〔2016〕9号",
                "盖民发〔2019〕21号",
            ]
            kinds = {a["name"]: a["kind"] for a in list_authorities(office=target)}
            assert kinds["盖州市民政局"] == "township"  # kept as the database had it
            assert kinds["盖州市教育局"] == "department"


@run_async
async def test_an_older_workbook_lists_what_cannot_be_restored(make_app, sample_office, tmp_path):
    """An export without the 制定机关 sheet into an empty database: the departments' documents
    cannot be restored; 导入 waits for 跳过无法恢复的内容, then restores the rest."""
    workbook = tmp_path / "登记簿.xlsx"
    export_register(office=sample_office, output=workbook)
    book = openpyxl.load_workbook(workbook)
    del book["制定机关"]
    book.save(workbook)
    with empty_office(sample_office, tmp_path) as target:
        app = make_app(target)
        async with app.run_test(size=SMALL) as pilot:
            dialog = await open_dialog(pilot, workbook)
            await preview(pilot)
            summary = str(dialog.query_one("#plan-summary").render())
            assert "此工作簿没有“制定机关”表（较早版本导出），制定机关须已登记" in summary
            listed = str(dialog.query_one("#plan-rows-text").render()).splitlines()
            count = int(listed[0].removeprefix("无法恢复（").removesuffix(" 处）："))
            assert listed[1] == (
                "  “文件”表第 18 行：没有名为“盖州市民政局”的制定机关。已登记的有：盖州市人民政府、"
                "盖州市人民政府办公室。新的机关请先用 `docfiler authority add` 添加。"
            )
            skip = dialog.query_one("#skip-bad", Checkbox)
            assert skip.display
            assert str(skip.label) == "跳过无法恢复的内容，恢复其余的（跳过的记入操作记录）"
            assert import_button(dialog).disabled
            hint = str(dialog.query_one("#import-hint").render())
            assert hint.startswith(f"有 {count} 处无法恢复，不能导入：")
            skip.value = True
            await settle(pilot)
            import_button(dialog).press()
            await settle(pilot)
            done = str(dialog.query_one("#import-done").render())
            assert done.startswith("已恢复：文件 33 件、")
            assert done.endswith(f"，跳过无法恢复的 {count} 处（已记入操作记录）。")
            assert registered(target, ("盖政发〔2016〕9号", "盖民发〔2019〕21号")) == [
                "盖政发〔2016〕9号"
            ]
