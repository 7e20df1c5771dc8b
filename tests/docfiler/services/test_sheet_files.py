"""Register files as they arrive (issue 13, §1 and §4): CSV in the encodings Chinese offices
save, WPS and old Excel formats — and broken files, each refused with a Chinese message before
anything is written."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from docfiler.errors import ValidationError
from docfiler.services import sheet_read
from docfiler.services.sheet_import import plan_import, run_import
from tests.docfiler.services.helpers import D, document, snapshot
from tests.docfiler.services.sheets import office_row, write_sheet

CSV_ROWS = (
    "盖州市人民政府规范性文件目录,,,\n"
    "序号,文件名称,文号,发布日期\n"
    "1,盖州市城乡居民临时救助实施办法,盖政发〔2016〕9号,2016-03-01\n"
    ",,,\n"
    "2,关于公布盖州市现行有效规范性文件目录的通知,盖政办发〔2016〕51号,2016年5月20日\n"
)


def refusal(office, path, **kwargs) -> str:
    before = snapshot(office)
    with pytest.raises(ValidationError) as refused:
        plan_import(office=office, path=path, **kwargs)
    assert snapshot(office) == before
    return str(refused.value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_the_encodings_offices_save(sqlite_office, tmp_path, encoding):
    path = tmp_path / "目录.csv"
    path.write_bytes(CSV_ROWS.encode(encoding))
    plan = plan_import(office=sqlite_office, path=path)
    assert (plan.header_row, plan.rows, plan.ignored, plan.added) == (2, 2, 1, 2)
    run_import(office=sqlite_office, plan=plan)
    assert document(sqlite_office, "盖政办发〔2016〕51号").published_on == D(2016, 5, 20)


def test_tab_separated_unicode_text_as_excel_saves_it(sqlite_office, tmp_path):
    path = tmp_path / "目录.txt"
    path.write_bytes(CSV_ROWS.replace(",", "\t").encode("utf-16"))
    plan = plan_import(office=sqlite_office, path=path)
    assert plan.added == 2


def test_an_et_file_is_read_when_it_holds_a_workbook(sqlite_office, tmp_path):
    source = write_sheet(
        tmp_path / "r.xlsx", [office_row("盖政发〔2016〕9号", "某办法", "2016-03-01")]
    )
    wps = tmp_path / "目录.et"
    shutil.copy(source, wps)
    assert plan_import(office=sqlite_office, path=wps).added == 1


def test_an_et_file_calamine_cannot_read_asks_for_xlsx(sqlite_office, tmp_path):
    path = tmp_path / "目录.et"
    path.write_bytes(b"\x00WPS et private format" * 10)
    assert refusal(sqlite_office, path) == (
        "“目录.et”是 WPS 表格自有格式（.et），无法直接读取。请在 WPS 中打开它，"
        "“另存为”Excel 工作簿（.xlsx）后再导入。"
    )


def test_a_sheet_chosen_by_name(sqlite_office, tmp_path):
    path = write_sheet(tmp_path / "r.xlsx", [office_row("盖政发〔2016〕9号", "某办法")])
    assert plan_import(office=sqlite_office, path=path, sheet="目录").added == 1
    assert refusal(sqlite_office, path, sheet="2016年") == (
        "“r.xlsx”中没有名为“2016年”的工作表。本文件的工作表：目录。"
    )


# ---------------------------------------------------------------------------- broken files


def test_a_word_document_renamed_xlsx(sqlite_office, tmp_path):
    from docx import Document

    path = tmp_path / "目录.xlsx"
    word = Document()
    word.add_paragraph("盖州市人民政府规范性文件目录")
    word.save(path)
    assert refusal(sqlite_office, path) == (
        "“目录.xlsx”是 Word 文档（.docx），不是 Excel 表格（可能只是改了扩展名）。"
        "请导入登记簿的 Excel 表格；Word 里的表格可以复制到 Excel 中保存为 .xlsx 后再导入。"
    )


def test_a_password_protected_workbook(sqlite_office, tmp_path):
    """An encrypted .xlsx is an OLE2 compound file holding an `EncryptedPackage` stream."""
    path = tmp_path / "加密.xlsx"
    directory_entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00")
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + directory_entry)
    assert refusal(sqlite_office, path) == (
        "“加密.xlsx”设有打开密码（已加密），无法读取。请在 Excel 或 WPS 中输入密码打开，"
        "取消密码（文件→信息→保护工作簿→用密码进行加密，清空密码）后另存，再导入。"
    )


def test_a_damaged_file(sqlite_office, tmp_path):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive at all")
    assert refusal(sqlite_office, path).startswith("“坏.xlsx”已损坏，无法打开")
    other = tmp_path / "坏.xls"
    other.write_bytes(b"plain text, not a workbook")
    assert refusal(sqlite_office, other).startswith(
        "“坏.xls”不是 Excel 表格（文件内容既不是 .xlsx 也不是 .xls 格式）"
    )


def test_a_file_that_is_no_spreadsheet_at_all(sqlite_office, tmp_path):
    (tmp_path / "目录.pdf").write_bytes(b"%PDF-1.4")
    assert refusal(sqlite_office, tmp_path / "目录.pdf") == (
        "“目录.pdf”不是表格文件：只能导入 Excel（.xlsx、.xls）、WPS 表格（.et）、.ods 或 .csv 文件。"
    )
    assert refusal(sqlite_office, tmp_path / "没有.xlsx") == (
        f"找不到文件“{tmp_path / '没有.xlsx'}”，请核对文件名和所在文件夹。"
    )
    (tmp_path / "空.xlsx").write_bytes(b"")
    assert refusal(sqlite_office, tmp_path / "空.xlsx") == (
        "“空.xlsx”是空文件（0 字节），没有可导入的内容。"
    )


def test_a_100_mb_sheet_is_refused_unread(sqlite_office, tmp_path):
    path = tmp_path / "大.xlsx"
    with path.open("wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.write(b"PK\x03\x04")
        handle.truncate(100 * 1024 * 1024)
    assert refusal(sqlite_office, path) == (
        "“大.xlsx”有 100 MB，超过导入上限 40 MB：登记簿表格通常只有几 MB。请删去图片、"
        "多余的工作表和格式，或把表格拆成几个文件分别导入。"
    )


def test_a_workbook_that_unpacks_too_large_is_refused(sqlite_office, tmp_path, monkeypatch):
    path = write_sheet(tmp_path / "r.xlsx", [office_row("盖政发〔2016〕9号", "某办法")])
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    monkeypatch.setattr(sheet_read, "MAX_UNPACKED_BYTES", unpacked - 1)
    assert "解压后有" in refusal(sqlite_office, path)


def test_too_many_rows_are_refused_before_they_are_read(sqlite_office, tmp_path, monkeypatch):
    rows = [office_row(f"盖政发〔2016〕{n}号", f"第{n}号办法", serial=n) for n in range(1, 11)]
    path = write_sheet(tmp_path / "r.xlsx", rows)
    monkeypatch.setattr(sheet_read, "MAX_ROWS", 11)
    assert refusal(sqlite_office, path) == (
        "工作表“目录”有 12 行，超过一次导入的上限 11 行。请把表格拆成几个文件分别导入。"
    )


def test_a_header_of_merged_cells_nothing_can_be_read_from(sqlite_office, tmp_path):
    path = write_sheet(
        tmp_path / "合并.xlsx",
        [["文件信息", None, None, "其他"], ["某办法", "盖政发〔2016〕9号", "2016-03-01", None]],
        headers=None,
        banner=None,
        merges=["A1:C1"],
    )
    assert refusal(sqlite_office, path) == (
        "工作表“目录”的前 30 行中找不到表头：表头须有“文号”（或发文字号）和“标题”（或文件名称）两列。"
        "如果表头用了别的叫法，请用 --map 指明，如 --map 文号=C --map 标题=文件名称；"
        "如果表头是几行合并的单元格，请把它改成一行、每列一个名称后再导入。"
    )


def test_empty_rows_and_section_headings_are_not_documents(sqlite_office, tmp_path):
    path = write_sheet(
        tmp_path / "r.xlsx",
        [
            ["一、市政府文件"],
            [None] * 10,
            office_row("盖政发〔2016〕9号", "某办法", "2016-03-01"),
            [None] * 10,
            ["二、市政府办公室文件"],
            office_row("盖政办发〔2016〕51号", "某目录", "2016-05-20", serial=2),
        ],
        merges=["A3:J3", "A7:J7"],
    )
    plan = plan_import(office=sqlite_office, path=path)
    assert (plan.rows, plan.ignored, plan.added, plan.bad) == (2, 4, 2, ())


def test_a_sheet_without_document_rows(sqlite_office, tmp_path):
    path = write_sheet(tmp_path / "r.xlsx", [])
    plan = plan_import(office=sqlite_office, path=path)
    assert (plan.rows, plan.added) == (0, 0)
    done = run_import(office=sqlite_office, plan=plan)
    assert done.added == 0


def test_a_register_that_starts_in_column_b_is_named_by_its_real_letters(sqlite_office, tmp_path):
    path = write_sheet(
        tmp_path / "r.xlsx",
        [[None, "某办法", "盖政发〔2016〕9号", "2016-03-01"]],
        headers=[None, "标题", "代号", "公布日期"],
        banner=None,
    )
    plan = plan_import(office=sqlite_office, path=path, mapping=["文号=C"])
    assert [(m["field"], m["column"]) for m in plan.mapping] == [
        ("标题", "B"),
        ("文号", "C"),
        ("公布日期", "D"),
    ]
    assert (plan.header_row, plan.added) == (1, 1)


OLD_FORMATS = Path(__file__).resolve().parents[2] / "data"
"""sample_docs/office-register.xlsx saved by LibreOffice Calc as Excel 97–2003 (.xls) and as
OpenDocument (.ods): the same cells in the formats older offices still keep."""


@pytest.mark.parametrize("name", ["office-register.xls", "office-register.ods"])
def test_the_office_register_saved_as_xls_or_ods_reads_as_the_xlsx(sample_office, name):
    plan = plan_import(office=sample_office, path=OLD_FORMATS / name)
    assert (plan.sheet, plan.header_row, plan.rows, plan.added, plan.bad) == (
        "规范性文件目录",
        3,
        39,
        39,
        (),
    )
    run_import(office=sample_office, plan=plan)
    assert document(sample_office, "盖政发〔2015〕6号").published_on == D(2015, 2, 27)  # serial
    assert document(sample_office, "盖政办发〔2017〕19号").published_on == D(2017, 4, 10)
    assert document(sample_office, "盖政发〔2013〕37号").valid_until == D(2015, 8, 31)
