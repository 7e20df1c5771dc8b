"""`docfiler export` as a clerk runs it on the sample register (a private copy: an export adds
an audit entry), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from tests.docfiler.cli.conftest import Cli

T = dt.datetime  # openpyxl reads a date cell as a datetime at midnight


def documents(path) -> list[tuple]:
    return list(openpyxl.load_workbook(path)["文件"].iter_rows(min_row=2, values_only=True))


def test_export_prints_where_and_how_many(sample_copy: Cli, tmp_path):
    path = tmp_path / "登记簿.xlsx"
    result = sample_copy.ok("export", "-o", str(path))
    assert result.lines[0] == f"已导出《盖州市行政规范性文件登记簿》（截至2026年11月26日）：{path}"
    assert result.lines[1] == "  文件：44 件"
    assert [line.split("：")[0] for line in result.lines[2:]] == [
        *("  备案", "  程序", "  关系", "  清理决定", "  制定机关"),
    ]
    assert result.lines[-1] == "  制定机关：6 个"  # the rulebook's two and four departments
    assert openpyxl.load_workbook(path).sheetnames == [
        *("文件", "备案", "程序", "关系", "清理决定", "制定机关"),
    ]
    by_number = {row[2]: row for row in documents(path)}
    assert len(by_number) == 44
    # How a document ended (domain.status.ending): 状态, 失效日期 (its first day out of force),
    # 失效理由. Five years from 2010-07-01; repealed by 盖政发〔2017〕58号 from 2017-09-01.
    assert by_number["盖政发〔2010〕49号"][8:11] == ("已失效", T(2015, 7, 1), "有效期届满")
    assert by_number["盖政发〔2012〕72号"][8:11] == (
        *("已废止", T(2017, 9, 1), "被盖政发〔2017〕58号废止"),
    )
    assert by_number["盖政发〔2016〕9号"][8:11] == ("现行有效", None, None)


def test_an_existing_file_is_not_overwritten_without_force(sample_copy: Cli, tmp_path):
    path = tmp_path / "登记簿.xlsx"
    path.write_bytes(b"not a workbook")
    refused = sample_copy("export", "-o", str(path))
    assert refused.code != 0 and refused.out == ""
    assert refused.err == (
        f"错误：“{path}”已存在，没有覆盖，也没有生成任何文件。"
        "要覆盖它请加 --force，或用 -o 换一个文件名。\n"
    )
    assert path.read_bytes() == b"not a workbook"
    sample_copy.ok("export", "-o", str(path), "--force")
    assert len(documents(path)) == 44


def test_the_list_of_a_years_documents(sample_copy: Cli, tmp_path):
    path = tmp_path / "2025年目录.xlsx"
    result = sample_copy.ok("export", "-o", str(path), "--year", "2025")
    assert result.lines == [
        f"已导出《盖州市2025年制定的行政规范性文件目录》（截至2026年11月26日）：{path}",
        "  文件：3 件",
    ]
    assert openpyxl.load_workbook(path).sheetnames == ["文件"]
    assert [row[2] for row in documents(path)] == [  # by date of publication
        "盖政发〔2025〕27号",  # 2025-04-16
        "盖教发〔2025〕15号",  # 2025-05-09
        "盖政办发〔2025〕42号",  # 2025-06-11
    ]


def test_the_register_as_it_stood_on_a_past_day(sample_copy: Cli, tmp_path):
    # By the end of 2016: the 7 documents published in 2016 and the 5 of 2010-2015; the drafts
    # were registered only when the sample register was loaded.
    path = tmp_path / "2016年底.xlsx"
    result = sample_copy.ok("export", "-o", str(path), "--as-of", "2016-12-31")
    assert result.lines[:2] == [
        f"已导出《盖州市行政规范性文件登记簿》（截至2016年12月31日）：{path}",
        "  文件：12 件",
    ]
    found = documents(path)
    assert [row[2] for row in found] == [
        *("盖政发〔2010〕49号", "盖政办发〔2011〕58号", "盖政发〔2012〕72号"),
        *("盖政办发〔2014〕19号", "盖政发〔2015〕31号", "盖政发〔2016〕9号"),
        *("盖政办发〔2016〕14号", "盖政办发〔2016〕51号", "盖政办发〔2016〕67号"),
        *("盖政办发〔2016〕85号", "盖政办发〔2016〕88号", "盖政发〔2016〕117号"),
    ]
    assert found[0][8] == "已失效"  # valid until 2015-06-30


def test_json_names_the_file_and_each_sheet(sample_copy: Cli, tmp_path):
    path = tmp_path / "登记簿.xlsx"
    data = json.loads(sample_copy.ok("export", "-o", str(path), "--year", "2025", "--json").out)
    assert data["path"] == str(path)
    assert data["as_of"] == "2026-11-26" and data["year"] == 2025
    assert data["sheets"] == {"文件": 3}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "登记簿.docx"), "输出文件“{folder}/登记簿.docx”应以 .xlsx 结尾，如 登记簿.xlsx。"),
        (("-o", "登记簿.xlsx", "--year", "2027"), "年份 2027 无法导出：应在 1949 年到 2026 年"),
        (("-o", "登记簿.xlsx", "--as-of", "2026-13-01"), "截至日期"),
        (("-o", "登记簿.xlsx", "--year", "去年"), "--year"),
    ],
)
def test_bad_arguments_are_refused_in_chinese(sample_copy: Cli, tmp_path, args, message):
    folder = tmp_path / "导出"
    folder.mkdir()
    args = tuple(str(folder / a) if a.startswith("登记簿") else a for a in args)
    result = sample_copy("export", *args)
    assert result.code != 0
    assert message.format(folder=folder) in result.err
    assert "Traceback" not in result.err and "Error" not in result.err
    assert list(folder.iterdir()) == []


def test_a_folder_is_not_a_file_name(sample_copy: Cli, tmp_path):
    folder = tmp_path / "导出.xlsx"
    folder.mkdir()
    result = sample_copy("export", "-o", str(folder))
    assert result.code != 0
    assert f"“{folder}”是一个文件夹，请给出文件名" in result.err
    assert list(folder.iterdir()) == []
