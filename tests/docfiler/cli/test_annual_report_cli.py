"""`docfiler annual-report` as a clerk runs it on the sample register (SQLite and PostgreSQL).

The sample's 2016: seven documents of the government (盖政发〔2016〕9号 the first), each filed
with 营口市人民政府 and 盖州市人大常委会 on time; the cleanup “2016年盖州市规范性文件清理”
recorded as finished on 2016-05-20 without its decisions; no filings from units. The report
writes files only, so the shared read-only register serves.
"""

from __future__ import annotations

import openpyxl

from tests.docfiler.cli.conftest import Cli, word_paragraphs, word_rows


def test_the_report_and_its_tables_are_written(sample: Cli, tmp_path):
    docx, xlsx = tmp_path / "2016年报告.docx", tmp_path / "2016年报告.xlsx"
    result = sample.ok(
        "annual-report",
        "--year",
        "2016",
        "-o",
        str(docx),
        "--xlsx",
        str(xlsx),
        "--date",
        "2017-01-20",
    )
    assert result.lines == [
        f"已生成《盖州市人民政府2016年度规范性文件备案审查工作报告》：{docx}",
        "统计截止日：2016年12月31日；报告日期：2017年1月20日",
        f"表格：{xlsx}",
        "  本级政府报备：8 行",
        "  制定的文件：7 行",
        "  备案审查：11 行",
        "  审查建议：3 行",
        "  清理：1 行",
        "  统计口径：30 行",
    ]
    paragraphs = word_paragraphs(docx)
    assert "2017年1月20日" in paragraphs
    rule_of_law = next(p for p in paragraphs if p.startswith("一是加强规范性文件备审监督"))
    assert (
        "2016年制定规范性文件7件，即《盖州市城乡居民临时救助实施办法》（盖政发〔2016〕9号）"
        in rule_of_law
    )
    assert "已按时向营口市人民政府和盖州市人大常委会报送备案，报备率、报备及时率均为100%。" in (
        rule_of_law
    )
    rows = word_rows(docx)
    assert ("报备率", "100%", "100%") in rows
    assert ("2016年盖州市规范性文件清理", "2016年5月20日", "0", "0", "0", "0", "0") in rows
    book = openpyxl.load_workbook(xlsx)
    assert book["制定的文件"]["C2"].value == "盖政发〔2016〕9号"


def test_the_figures_as_json_with_their_definitions(sample: Cli):
    data = sample.json("annual-report", "--year", "2016")
    assert (data["year"], data["as_of"], data["complete"]) == (2016, "2016-12-31", True)
    own = data["figures"]["own"]
    assert own["made"] == 7
    assert own["bodies"][0] == {
        "body": "营口市人民政府",
        "due": 7,
        "filed": 7,
        "on_time": 7,
        "late": 0,
        "overdue": 0,
        "pending": 0,
        "filing_rate": {"numerator": 7, "denominator": 7, "percent": "100%"},
        "timely_rate": {"numerator": 7, "denominator": 7, "percent": "100%"},
    }
    assert own["documents"][0]["filings"][0] == {
        "body": "营口市人民政府",
        "due": "2016-02-18",
        "submitted": "2016-02-16",
        "state": "on_time",
    }
    assert data["figures"]["inbox"]["received"] == 0
    assert data["figures"]["inbox"]["correction_rate"] is None
    assert data["figures"]["cleanup"]["campaigns"] == [
        {
            "name": "2016年盖州市规范性文件清理",
            "as_of": "2016-03-31",
            "finished": "2016-05-20",
            "total": 0,
            "kept": 0,
            "amended": 0,
            "repealed": 0,
            "declared_invalid": 0,
        }
    ]
    assert data["definitions"]["own"]["filing_rate"] == (
        "报备率 = 已报备 ÷（应报备件数 − 未到期）；分母为 0 时不计算"
    )
    assert set(data["definitions"]) == {"own", "inbox", "cleanup"}


def test_bad_years_and_missing_files_are_refused_in_chinese(sample: Cli, tmp_path):
    too_early = sample("annual-report", "--year", "1990", "--json")
    assert (too_early.code, too_early.out) == (1, "")
    assert too_early.err == (
        "错误：登记簿中最早的记录在2010年，1990年没有任何记录。请改为2010年或以后的年份。\n"
    )
    future = sample("annual-report", "--year", "2027", "--json")
    assert future.err == (
        "错误：2027年还没有到，不能生成该年度的报告。请改为2026年或以前的年份"
        "（2026年的数据截至今天）。\n"
    )
    assert sample("annual-report", "--year", "二〇一六", "--json").err.startswith(
        "错误：--year 的值应为整数"
    )
    nothing = sample("annual-report", "--year", "2016")
    assert nothing.err == (
        "错误：请用 -o 给出 Word 报告的文件名，如 -o 年度备案审查工作报告.docx；只看数据请加 --json。\n"
    )
    wrong = sample("annual-report", "--year", "2016", "-o", str(tmp_path / "报告.xlsx"))
    assert wrong.err == f"错误：输出文件“{tmp_path / '报告.xlsx'}”应以 .docx 结尾。\n"
    assert list(tmp_path.iterdir()) == []


def test_an_existing_report_is_kept_without_force(sample: Cli, tmp_path):
    docx = tmp_path / "报告.docx"
    docx.write_bytes(b"old")
    refused = sample("annual-report", "--year", "2016", "-o", str(docx))
    assert refused.code == 1 and refused.out == ""
    assert refused.err == (
        f"错误：“{docx}”已存在，没有覆盖，也没有生成任何文件。"
        "要覆盖它请加 --force，或用 -o 换一个文件名。\n"
    )
    assert docx.read_bytes() == b"old"
    sample.ok("annual-report", "--year", "2016", "-o", str(docx), "--force")
    assert "特此报告。" in word_paragraphs(docx)
