"""Issue 10, "Must show": every output rendered by LibreOffice and read back with
`pdftotext -layout` as a reader sees the page: no 文号, 序号 or date broken over two lines,
titles whole, the lists holding exactly their documents, a page number on every page 7 mm below
the type area, 28 characters a line and 22 lines a page of body text.

The register fills pages: 130 documents, long titles, 3-digit 序号, numbers such as
盖政办发〔2026〕73号 (big_register.py). Fonts: Times New Roman is metric-compatible with
Liberation Serif (fonts-liberation), which LibreOffice puts in its place; without it digits are
set in a wider font and the check would measure the machine, not the document."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest

from docfiler.outputs.catalogue import make_catalogue, make_repealed_list
from docfiler.outputs.cleanup_report import LISTED, make_cleanup_report
from docfiler.outputs.filing_report import make_filing_report
from docfiler.outputs.filing_report_text import report_title, title_lines
from docfiler.outputs.word import Group, find_template, render
from tests.conftest import make_office
from tests.docfiler.outputs import big_register
from tests.docfiler.outputs.test_word import soffice  # noqa: F401  (the fixture)

NUMBER_TAIL = re.compile(r"〔\d{4}〕\d+号")
TYPE_BOTTOM_PT = (37 + 225) / 25.4 * 72
MM = 72 / 25.4
REPORT_DATE = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def latin_metrics():
    found = subprocess.run(["fc-match", "Times New Roman"], capture_output=True, text=True).stdout
    if "Times" not in found and "Liberation Serif" not in found:
        message = "需要 Times New Roman 或等宽替代字体 Liberation Serif（fonts-liberation）"
        if os.environ.get("DOCFILER_REQUIRE_LIBREOFFICE"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def rendered(soffice, latin_metrics, tmp_path_factory):  # noqa: F811
    """{name: (WordOutput, pages as lists of lines, whitespace removed, the PDF)}."""
    folder = tmp_path_factory.mktemp("render")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCFILER_CONFIG_DIR", str(folder / "config"))
        patch.setenv("DOCFILER_OPERATOR", "测试员")
        office = make_office(f"sqlite:///{folder / 'register.db'}")
        try:
            big_register.fill(office)
            outputs = {
                "catalogue": make_catalogue(office=office, output=folder / "catalogue.docx"),
                "repealed": make_repealed_list(office=office, output=folder / "repealed.docx"),
                "report": make_filing_report(
                    office=office,
                    output=folder / "report.docx",
                    body=big_register.BODY,
                    report_number="盖政〔2026〕12号",
                    signer="王某某",
                    on=REPORT_DATE,
                    contact="李某",
                    phone="0417-7123456",
                ),
            }
            cleanup = make_cleanup_report(
                office=office, campaign=big_register.CAMPAIGN, folder=folder / "cleanup"
            )
        finally:
            office.close()
    lists = [o for o in cleanup.outputs if o.path.name in LISTED]  # texts: test_cleanup_decision
    for index, output in enumerate(lists):
        outputs[f"cleanup-{index}"] = output
    outputs["letter"] = _long_letter(folder / "letter.docx")
    outputs["short-title"] = _short_title(folder / "short-title.docx")
    _convert(soffice, [o.path for o in outputs.values()], folder / "pdf")
    return {
        name: (o, *_pages(folder / "pdf" / (o.path.stem + ".pdf"))) for name, o in outputs.items()
    }


class _Letter:
    def __init__(self, path: Path) -> None:
        self.path, self.title, self.documents, self.rows = path, "报告", (), 0


LETTER = "盖州市人民政府办公室按照规范性文件备案审查的有关规定报送备案材料" * 60


def _long_letter(path: Path) -> _Letter:
    """The filing report's template with a body long enough to fill two pages."""
    render(
        find_template("filing_report"),
        path,
        fields={
            "title": "报告",
            "title_lines": "报告",
            "addressee": "营口市人民政府",
            "intro": LETTER,
            "group": None,
        },
        groups=[Group(None, [])],
    )
    return _Letter(path)


SHORT_TITLE = report_title("盖州市人民政府", ["盖州市城区临时占道经营管理办法", "另一件"])


def _short_title(path: Path) -> _Letter:
    """A report whose 《…》 fits a line: the page must break the title where docfiler did."""
    render(
        find_template("filing_report"),
        path,
        fields={
            "title": SHORT_TITLE,
            "title_lines": "\n".join(title_lines(SHORT_TITLE)),
            "addressee": "营口市人民政府",
            "intro": "现将有关文件报送备案。",
            "group": None,
        },
        groups=[Group(None, [])],
    )
    letter = _Letter(path)
    letter.title = SHORT_TITLE
    return letter


def _convert(soffice: str, files: list[Path], outdir: Path) -> None:  # noqa: F811
    profile = outdir.parent / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )


def _pages(pdf: Path) -> tuple[list[list[str]], Path]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [[line for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    return [page for page in pages if page], pdf


def _squeezed(lines: list[str]) -> list[str]:
    return ["".join(line.split()) for line in lines]


def _table_part(name: str, pages: list[list[str]]) -> list[list[str]]:
    """The lines a list's checks read: the filing report's table only (its letter text above
    and below names the documents again, in sentences that wrap as sentences do)."""
    if name != "report":
        return pages
    lines = [line for page in pages for line in page]
    squeezed = _squeezed(lines)
    start = squeezed.index("序号文件名称文号发布日期")
    end = squeezed.index("特此报告。")
    return [lines[start:end]]


TABLES = ["catalogue", "repealed", "report", *[f"cleanup-{i}" for i in range(5)]]


@pytest.mark.parametrize("name", TABLES)
def test_no_number_or_date_is_broken_and_the_list_is_exact(rendered, name):
    output, pages, _ = rendered[name]
    pages = _table_part(name, pages)
    lines = [line for page in pages for line in _squeezed(page)]
    tails = sum(len(NUMBER_TAIL.findall(line)) for line in lines)
    # A catalogue names the 修改决定 in the amended document's 备注 (根据…修改), once.
    named = 1 if name in ("catalogue", "cleanup-3") else 0
    assert tails == len(output.documents) + named, name  # none broken at 〔2026〕73|号
    at = 0
    for number in output.documents:  # each whole on one line, in the list's order
        at = next((i for i in range(at, len(lines)) if number in lines[i]), None)
        assert at is not None, (name, number)
    dates = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
    with_dates = [line for line in lines if "年" in line]
    for line in with_dates:
        for broken in re.findall(r"\d{4}年\d{1,2}月(?:\d{1,2})?$|\d{4}年\d{1,2}$|\d{4}年$", line):
            assert dates.search(line), (name, line, broken)
    assert output.rows == len(output.documents) or name.startswith("cleanup-4")


def test_the_catalogue_holds_exactly_the_valid_documents(rendered):
    """Issue 10, items 1 and 5, as a reader of the PDF sees them: the document awaiting its
    施行日期 is listed and marked, the 修改决定 is not, and the amended one says by which."""
    output, pages, _ = rendered["catalogue"]
    lines = [line for page in pages for line in _squeezed(page)]
    listed = {tail for line in lines for tail in re.findall(r"盖政办?发〔\d{4}〕\d+号", line)}
    assert listed - {big_register.AMENDMENT} == big_register.in_catalogue()
    assert set(output.documents) == big_register.in_catalogue()
    at = next(i for i, line in enumerate(lines) if big_register.AWAITING in line)
    assert "2027年1月1日" in "".join(lines[at - 2 : at + 3])  # its 施行日期, whole, in 备注
    amended = next(i for i, line in enumerate(lines) if big_register.number(2) in line)
    near = "".join(lines[amended - 2 : amended + 3])
    assert big_register.AMENDMENT.removeprefix("盖政发") in near  # 根据…修改 in 备注
    assert "".join(lines).count(big_register.AMENDMENT.removeprefix("盖政发")) == 1


@pytest.mark.parametrize("name", TABLES)
def test_no_serial_number_is_broken(rendered, name):
    output, pages, _ = rendered[name]
    pages = _table_part(name, pages)
    first = [re.match(r" {0,3}(\d+)(\s|$)", line) for page in pages for line in page]
    serials = [int(m.group(1)) for m in first if m]  # the 序号 column starts the line
    assert len(serials) == output.rows, (name, serials)
    if name in ("catalogue", "repealed"):  # 序号 runs on through the whole list
        assert serials == list(range(1, output.rows + 1)), name
    for before, after in zip([0, *serials], serials, strict=False):
        assert after in (before + 1, 1), (name, before, after)  # one run per group


@pytest.mark.parametrize("name", [*TABLES, "letter", "short-title"])
def test_titles_are_whole_and_every_page_has_its_number(rendered, name):
    output, pages, pdf = rendered[name]
    text = "".join("".join(_squeezed(page)) for page in pages)
    assert output.title in text
    for number, page in enumerate(pages, start=1):
        assert _squeezed(page)[-1] == f"—{number}—", (name, number, page[-1])
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    dash = [float(y) for y in re.findall(r'yMin="([\d.]+)"[^>]*>—</word>', bbox)]
    assert dash, name
    gap = (max(dash) - TYPE_BOTTOM_PT) / MM  # the page number's line, below the type area
    assert 6 <= gap <= 9, gap


def test_body_text_runs_28_characters_a_line_22_lines_a_page(rendered):
    _, pages, _ = rendered["letter"]
    second = _squeezed(pages[1])[:-1]  # the page number left out
    assert len(second) == 22
    assert {len(line) for line in second[:-1]} == {28}


# ---------------------------------------------------------------------------- the filing report


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, yMin, text) of every word on one page."""
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>'
    return [(float(a), float(c), float(b), t) for a, b, c, t in re.findall(pattern, bbox)]


@pytest.mark.parametrize("name", ["report", "short-title"])
def test_the_title_breaks_where_docfiler_broke_it(rendered, name):
    output, pages, _ = rendered[name]
    expected = title_lines(output.title)
    first = _squeezed(pages[0])
    at = first.index(expected[0])
    assert first[at : at + len(expected)] == expected
    if name == "short-title":  # the 《…》 fits a line: it is not broken
        assert expected == [
            "盖州市人民政府关于报送",
            "《盖州市城区临时占道经营管理办法》",
            "等2件行政规范性文件备案的报告",
        ]


def test_the_report_number_and_signer_share_the_first_line(rendered):
    _, pages, _ = rendered["report"]
    assert _squeezed(pages[0])[0] == "盖政〔2026〕12号签发人：王某某"


def test_the_signature_block_date_four_characters_from_the_right(rendered):
    _, pages, pdf = rendered["report"]
    words = _words(pdf, len(pages))
    date_y = next(y for _x0, x1, y, t in words if t == "日" and x1 > 400)
    date = [w for w in words if abs(w[2] - date_y) < 1]
    sender = next(w for w in words if w[3] == "盖州市人民政府" and w[2] < date_y)
    right_edge = (28 + 156) * MM
    assert abs((right_edge - max(w[1] for w in date)) - 4 * 16) < 3  # 右空四字 (§7.3.5.1)
    date_centre = (min(w[0] for w in date) + max(w[1] for w in date)) / 2
    assert abs((sender[0] + sender[1]) / 2 - date_centre) < 4  # 以成文日期为准居中
    assert 0 < date_y - sender[2] < 40  # the line above the date
    last = _squeezed(pages[-1])
    at = last.index("2026年11月26日")
    assert last[at - 1 : at + 2] == [
        "盖州市人民政府",
        "2026年11月26日",
        "（联系人：李某，电话：0417-7123456）",
    ]


def test_the_attachment_lines_are_numbered_in_the_standard_form(rendered):
    output, pages, _ = rendered["report"]
    lines = [line for page in pages for line in page]
    squeezed = _squeezed(lines)
    start = next(i for i, line in enumerate(squeezed) if line.startswith("附件："))
    assert squeezed[start].startswith("附件：1.盖州市人民政府")  # the first document's title
    items = [
        int(m.group(1)) for line in squeezed[start:] if (m := re.match(r"(?:附件：)?(\d+)\.", line))
    ]
    assert items == list(range(1, len(output.documents) + 1))
    indent = len(lines[start]) - len(lines[start].lstrip())
    for line in lines[start + 1 : start + 6]:  # the next names start under the first number
        assert len(line) - len(line.lstrip()) > indent
