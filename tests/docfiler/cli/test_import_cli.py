"""`docfiler import` as a clerk runs it (issue 13, §1): the preview, the confirmation, the import
of sample_docs/office-register.xlsx into the demo register, bad rows, broken files — on SQLite
and PostgreSQL."""

from __future__ import annotations

import io
import json

import pytest

from tests.docfiler.cli.conftest import SAMPLE_DOCS
from tests.docfiler.services.sheets import office_row, write_sheet

REGISTER = str(SAMPLE_DOCS / "office-register.xlsx")
PREVIEW = [
    "文件：office-register.xlsx，工作表“规范性文件目录”（表头在第 3 行）",
    "各列的对应：",
    "  标题 ← B 列“文件名称”",
    "  文号 ← C 列“发文字号”",
    "  制定机关 ← D 列“发文机关”",
    "  公布日期 ← E 列“印发日期”",
    "  施行日期 ← F 列“施行日期”",
    "  有效期 ← G 列“有效期”",
    "  状态 ← H 列“是否有效”",
    "  备案情况 ← I 列“备案情况”",
    "  备注 ← J 列“备注”",
    "  不导入的列：A 列“序号”",
    "共 39 行文件（另有 3 个空行或分类标题行，不导入）：",
    "  新增 39 件，更新 0 件，跳过 0 件（已在登记簿中、内容一致），有误 0 行",
]


def answer(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_a_dry_run_previews_the_office_register_and_writes_nothing(sample_copy):
    result = sample_copy.ok("import", REGISTER, "--dry-run")
    assert result.lines == [*PREVIEW, "试导入（--dry-run）：未写入任何数据。"]
    assert sample_copy("show", "盖政发〔2012〕8号").code == 1  # still not on the register


def test_answering_no_writes_nothing(sample_copy, monkeypatch):
    answer(monkeypatch, "n\n")
    result = sample_copy("import", REGISTER)
    assert result.code == 1
    assert result.lines[: len(PREVIEW)] == PREVIEW
    assert result.lines[-1].endswith("已取消，未写入任何数据。")
    assert "确认导入（新增 39 件，更新 0 件）？" in result.out
    assert sample_copy("show", "盖政发〔2012〕8号").code == 1


def test_confirming_imports_the_whole_register_once(sample_copy, monkeypatch):
    answer(monkeypatch, "y\n")
    result = sample_copy.ok("import", REGISTER)
    assert result.lines[-1].endswith("已导入：新增 39 件，更新 0 件，跳过 0 件（已在登记簿中）。")
    shown = sample_copy.ok("show", "盖政发〔2012〕8号").out
    assert "公布：2012-03-15" in shown
    assert "  废止：2019-05-01\n" in shown  # no reason on record: no empty （）
    lapsed = sample_copy.json("show", "盖政发〔2013〕37号")
    assert (lapsed["status"], lapsed["valid_until"]) == ("lapsed", "2015-08-31")
    serial = sample_copy.json("show", "盖政发〔2015〕6号")  # the bare Excel serial 42062
    assert serial["published"] == "2015-02-27"
    office_doc = sample_copy.json("show", "盖政办发〔2017〕19号")  # 二〇一七年四月十日
    assert office_doc["published"] == "2017-04-10"
    assert office_doc["authority"] == "盖州市人民政府办公室"  # 市政府办公室 in the sheet

    again = sample_copy.ok("import", REGISTER, "--yes")
    assert "  新增 0 件，更新 0 件，跳过 39 件（已在登记簿中、内容一致），有误 0 行" in again.lines
    assert again.lines[-1] == "没有需要导入的内容：表中的文件都已在登记簿中，或没有文件行。"


def test_json_for_scripts(sample_copy):
    data = json.loads(sample_copy.ok("import", REGISTER, "--yes", "--json").out)
    assert data["imported"] == {
        "file": "office-register.xlsx",
        "sheet": "规范性文件目录",
        "added": 39,
        "updated": 0,
        "skipped": 0,
        "bad_skipped": 0,
    }
    assert (data["plan"]["header_row"], data["plan"]["rows"], data["plan"]["bad"]) == (3, 39, [])
    refused = sample_copy("import", REGISTER, "--json")
    assert refused.code == 1
    assert refused.err.startswith("错误：加 --json 时不能询问确认：请同时加 --yes")


def bad_register(tmp_path):
    return str(
        write_sheet(
            tmp_path / "台账.xlsx",
            [
                office_row("盖政发〔2016〕201号", "甲办法", "2016-03-01"),
                office_row("盖政发〔2016〕202号", "乙办法", "2016.2.30"),
            ],
        )
    )


def test_bad_rows_stop_the_import_unless_skipped(sample_copy, tmp_path):
    path = bad_register(tmp_path)
    result = sample_copy("import", path, "--yes")
    assert result.code == 1
    assert result.lines[-2:] == [
        "有误的行（1 行）：",
        "  第 4 行：公布日期“2016.2.30”不是有效日期（2016年没有2月30日）。",
    ]
    assert result.err.strip() == (
        "有误的行不能导入：请改正表格后重新导入，或加 --skip-bad 跳过这 1 行（跳过的行记入操作记录）。"
        "未写入任何数据。"
    )
    assert sample_copy("show", "盖政发〔2016〕201号").code == 1

    skipped = sample_copy.ok("import", path, "--yes", "--skip-bad")
    assert skipped.lines[-1] == (
        "已导入：新增 1 件，更新 0 件，跳过 0 件（已在登记簿中），跳过有误的 1 行（已记入操作记录）。"
    )
    assert sample_copy.ok("show", "盖政发〔2016〕201号")


def test_the_clerk_maps_a_column(sample_copy, tmp_path):
    path = write_sheet(
        tmp_path / "t.xlsx",
        [["某办法", "盖政发〔2016〕203号", "2016-03-01"]],
        headers=["规范性文件", "文号", "日期"],
        banner=None,
    )
    refused = sample_copy("import", str(path), "--dry-run")
    assert refused.code == 1
    assert refused.err.startswith("错误：工作表“目录”的前 30 行中找不到表头")
    result = sample_copy.ok(
        "import", str(path), "--map", "标题=规范性文件", "--map", "公布日期=C", "--yes"
    )
    assert "  标题 ← A 列“规范性文件”" in result.lines
    assert "  公布日期 ← C 列“日期”" in result.lines
    assert sample_copy.json("show", "盖政发〔2016〕203号")["published"] == "2016-03-01"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("目录.xlsx", b"", "错误：“目录.xlsx”是空文件（0 字节），没有可导入的内容。"),
        (
            "目录.doc",
            b"x",
            "错误：“目录.doc”不是表格文件：只能导入 Excel（.xlsx、.xls）、WPS 表格（.et）、"
            ".ods 或 .csv 文件。",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_one_chinese_line(
    sample_copy, tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    result = sample_copy("import", str(path))
    assert result.code == 1
    assert result.err.strip() == message
    assert "Traceback" not in result.err


def test_a_missing_sheet_names_the_sheets_there_are(sample_copy):
    result = sample_copy("import", REGISTER, "--sheet", "2016年", "--dry-run")
    assert result.code == 1
    assert result.err.strip() == (
        "错误：“office-register.xlsx”中没有名为“2016年”的工作表。本文件的工作表：规范性文件目录。"
    )


def test_docfilers_own_workbook_is_recognised_and_restored(cli, tmp_path, capsys):
    """A workbook `docfiler export` wrote, imported into an empty database: the preview says so,
    counts what each sheet brings back and names the authority it adds; confirming restores the
    document with its procedure and filings, and the department with its code."""
    from tests.docfiler.cli.conftest import Cli, publish_new_document

    source = Cli(f"sqlite:///{tmp_path / 'source.db'}", capsys)
    source.ok("init")
    cli.ok("init")
    number = "盖政发〔2026〕5号"
    publish_new_document(
        source,
        number,
        "盖州市城区养犬管理规定",
        heard="2026-10-09",
        reviewed="2026-10-19",
        decided="2026-11-05",
        published="2026-11-10",
    )
    source.ok("file", number, "--body", "营口市人民政府", "--submitted", "2026-11-12")
    source.ok("authority", "add", "盖州市民政局", "--code", "盖民发")
    workbook = str(tmp_path / "登记簿.xlsx")
    source.ok("export", "-o", workbook)
    preview = [
        "文件：登记簿.xlsx",
        "docfiler 导出的登记簿：将恢复 文件 1 件、备案 1 条、程序 3 条、关系 0 条、制定依据 0 条、"
        "清理活动 0 个、清理决定 0 条。",
        "将新增制定机关 1 个：盖州市民政局。",
        "（恢复文件的办理程序、备案、关系和清理决定；登记簿中没有的制定机关按“制定机关”表新增，"
        "已有的以登记簿为准；工作簿中没有正文、会签和收到的备案，不恢复。）",
        "试导入（--dry-run）：未写入任何数据。",
    ]
    assert cli.ok("import", workbook, "--dry-run").lines == preview
    assert cli("show", number).code == 1  # the preview wrote nothing
    assert "盖州市民政局" not in cli.ok("authority", "list").out
    done = cli.ok("import", workbook, "--yes")
    assert done.lines[-1] == (
        "已恢复：文件 1 件、备案 1 条、程序 3 条、关系 0 条、制定依据 0 条、清理活动 0 个、"
        "清理决定 0 条，新增制定机关 1 个。"
    )
    assert (
        "盖州市民政局  代字：盖民发  备案机关：盖州市人民政府" in cli.ok("authority", "list").lines
    )
    shown = cli.ok("show", number).out
    assert "公布：2026-11-10" in shown
    assert "2026-11-12" in shown  # the filing with 营口
