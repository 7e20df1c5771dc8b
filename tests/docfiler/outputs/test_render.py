"""Issue 10, "Must show": every output rendered by LibreOffice and read back with
`pdftotext -layout` as a reader sees the page: no 文号, 序号 or date broken over two lines,
titles whole, the lists holding exactly their documents, a page number on every page 7 mm below
the type area, 28 characters a line and 22 lines a page of body text.

The register fills pages: 130 documents, long titles, 3-digit 序号, numbers such as
盖政办发〔2026〕73号 (big_register.py). Fonts: Times New Roman is metric-compatible with
Liberation Serif (fonts-liberation), which LibreOffice puts in its place; without it digits are
set in a wider font and the check would measure the machine, not the document."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from docfiler.outputs.catalogue import make_catalogue, make_repealed_list
from docfiler.outputs.cleanup_report import make_cleanup_report
from docfiler.outputs.filing_report import make_filing_report
from docfiler.outputs.word import Group, find_template, render
from tests.conftest import make_office
from tests.docfiler.outputs import big_register
from tests.docfiler.outputs.test_word import soffice  # noqa: F401  (the fixture)

NUMBER_TAIL = re.compile(r"〔\d{4}〕\d+号")
TYPE_BOTTOM_PT = (37 + 225) / 25.4 * 72
MM = 72 / 25.4


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
                    office=office, output=folder / "report.docx", body=big_register.BODY
                ),
            }
            cleanup = make_cleanup_report(
                office=office, campaign=big_register.CAMPAIGN, folder=folder / "cleanup"
            )
        finally:
            office.close()
    for index, output in enumerate(cleanup.outputs):
        outputs[f"cleanup-{index}"] = output
    outputs["letter"] = _long_letter(folder / "letter.docx")
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
        fields={"title": "报告", "addressee": "营口市人民政府", "intro": LETTER, "group": None},
        groups=[Group(None, [])],
    )
    return _Letter(path)


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


TABLES = ["catalogue", "repealed", "report", *[f"cleanup-{i}" for i in range(5)]]


@pytest.mark.parametrize("name", TABLES)
def test_no_number_or_date_is_broken_and_the_list_is_exact(rendered, name):
    output, pages, _ = rendered[name]
    lines = [line for page in pages for line in _squeezed(page)]
    tails = sum(len(NUMBER_TAIL.findall(line)) for line in lines)
    assert tails == len(output.documents), name  # no 文号 more, none broken at 〔2026〕73|号
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


@pytest.mark.parametrize("name", TABLES)
def test_no_serial_number_is_broken(rendered, name):
    output, pages, _ = rendered[name]
    first = [re.match(r" {0,3}(\d+)(\s|$)", line) for page in pages for line in page]
    serials = [int(m.group(1)) for m in first if m]  # the 序号 column starts the line
    assert len(serials) == output.rows, (name, serials)
    for before, after in zip([0, *serials], serials, strict=False):
        assert after in (before + 1, 1), (name, before, after)  # one run per group


@pytest.mark.parametrize("name", [*TABLES, "letter"])
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
