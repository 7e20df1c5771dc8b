"""Issue 12, "Must show": the yearly account rendered by LibreOffice and read back with
`pdftotext -layout`, as a reader sees the pages: the title whole, a page number on every page,
every 文号 and date of the tables whole on one line, the tables' rows, the 依法行政 paragraph
and the note of definitions all there. The sample register's 2016 (seven documents filed on
time) and 2026 (filings missing and not yet due, the units' filings, 审查建议)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from docfiler.outputs.annual_report import make_annual_report
from docfiler.outputs.annual_report_text import rule_of_law_paragraph
from docfiler.queries.annual_report import annual_report
from tests.docfiler.outputs.test_render import (  # noqa: F401  (latin_metrics: the fixture)
    _convert,
    _pages,
    _squeezed,
    latin_metrics,
)
from tests.docfiler.outputs.test_word import soffice  # noqa: F401  (the fixture)

YEARS = (2016, 2026)
DATE = re.compile(
    r"(?<![\d.])\d{4}\.\d{1,2}\.\d{1,2}(?![\d.])"
)  # 表2 writes 2026.3.27: the title keeps the room


@pytest.fixture(scope="module")
def rendered(sqlite_demo, soffice, latin_metrics, tmp_path_factory):  # noqa: F811
    """{year: (the report's figures, the PDF's pages as lists of lines)}."""
    folder = tmp_path_factory.mktemp("annual")
    reports = {}
    for year in YEARS:
        make_annual_report(
            office=sqlite_demo,
            year=year,
            output=folder / f"{year}.docx",
            on=dt.date(2026, 11, 26),
            contact="李某",
            phone="0417-7123456",
        )
        reports[year] = annual_report(office=sqlite_demo, year=year)
    _convert(soffice, [folder / f"{year}.docx" for year in YEARS], folder / "pdf")
    return {year: (reports[year], _pages(folder / "pdf" / f"{year}.pdf")[0]) for year in YEARS}


def _lines(pages: list[list[str]]) -> list[str]:
    """The text's lines, the page numbers left out (a paragraph runs on over them)."""
    return [line for page in pages for line in _squeezed(page)[:-1]]


@pytest.mark.parametrize("year", YEARS)
def test_the_title_is_whole_and_every_page_has_its_number(rendered, year):
    _, pages = rendered[year]
    first = _squeezed(pages[0])
    assert first[:3] == [
        "盖州市人民政府",
        f"{year}年度规范性文件备案审查工作报告",
        "营口市人民政府：",
    ]
    for number, page in enumerate(pages, start=1):
        assert _squeezed(page)[-1] == f"—{number}—", (year, number, page[-1])


@pytest.mark.parametrize("year", YEARS)
def test_every_number_and_date_of_the_documents_table_is_whole(rendered, year):
    report, pages = rendered[year]
    lines = _lines(pages)
    start = next(i for i, line in enumerate(lines) if line.startswith("表2"))
    end = next(i for i, line in enumerate(lines) if line.startswith("二、"))
    table = lines[start:end]
    at = 0
    for document in report.documents:  # each 文号 whole on a line, in the table's order
        at = next(i for i in range(at, len(table)) if document.doc_number in table[i])
    submitted = [
        f.submitted for d in report.documents for f in d.filings if f.submitted is not None
    ]
    spaced = [line for page in pages for line in page]  # columns still apart: 2016.4.1 2016.4.15
    first = next(i for i, line in enumerate(spaced) if line.strip().startswith("表2"))
    last = next(i for i, line in enumerate(spaced) if line.strip().startswith("二、"))
    found = [day for line in spaced[first:last] for day in DATE.findall(line)]
    assert len(found) == len(submitted)  # none broken over two lines
    for line in table:
        assert not re.search(r"\d{4}(\.(\d{1,2}\.?)?)?$", line), line


def test_2016_reads_as_the_seed_report_does(rendered):
    report, pages = rendered[2016]
    lines = _lines(pages)
    text = "".join(lines)
    assert "项目营口市人民政府盖州市人大常委会" in lines
    assert "应报备件数77" in lines and "报备率100%100%" in lines
    assert rule_of_law_paragraph(report) in text
    assert "“2016年盖州市规范性文件清理”以2016年3月31日为清理基准日" in text
    assert "特此报告。" in lines


def test_2026_shows_what_is_missing_and_what_is_not_yet_due(rendered):
    report, pages = rendered[2026]
    lines = _lines(pages)
    text = "".join(lines)
    assert "（2026年度尚未结束，数据截至2026年11月26日" in text
    city = report.bodies[0]
    assert f"逾期未报备{city.overdue}" in "".join(lines)
    assert "未报送" in text and "已逾期" in text and "未到期" in text
    assert f"收到报备文件{report.inbox['received']}" in lines
    assert rule_of_law_paragraph(report) in text
    at = lines.index("2026年11月26日")  # the signature block, then the 附注 and the note
    assert lines[at - 1 : at + 2] == [
        "盖州市人民政府",
        "2026年11月26日",
        "（联系人：李某，电话：0417-7123456）",
    ]
    note = "".join(lines[at + 2 : at + 4])
    assert note.startswith("注：数据按登记簿中登记的日期统计，统计截止日为2026年11月26日")
