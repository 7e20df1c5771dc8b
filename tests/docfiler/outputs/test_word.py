"""The Word engine and the page layout, checked as a clerk would: open the file (in Word's place,
python-docx and LibreOffice) and read what it says. What each list contains is checked in
test_catalogue.py, test_filing_report.py and test_cleanup_report.py."""

import datetime as dt
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docfiler.errors import ConfigError, ValidationError
from docfiler.outputs.catalogue import make_catalogue, make_repealed_list
from docfiler.outputs.cleanup_report import make_cleanup_report
from docfiler.outputs.filing_report import make_filing_report
from docfiler.outputs.word import Group, find_template, render
from tests.docfiler.outputs.read_back import numbers, paragraphs

D = dt.date
TODAY = D(2026, 11, 26)


def test_layout_follows_gbt_9704(sqlite_demo, tmp_path):
    out = tmp_path / "目录.docx"
    make_catalogue(office=sqlite_demo, output=out)
    document = open_docx(str(out))
    section = document.sections[0]

    def mm(length):
        return round(length / 36000)  # EMU per mm

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert mm(section.top_margin) == 37
    assert mm(section.left_margin) == 28
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225
    title = document.styles["Title"]
    assert title.font.size == Pt(22)
    assert title.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    # Header row repeats on every page; rows never split across pages.
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    # Page numbers: "— 1 —" in 4号 宋体, odd pages right, even pages left.
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # RIGHT, LEFT
    for footer in (odd, even):
        xml = footer._p.xml
        assert "PAGE" in xml and footer.text.startswith("— ") and footer.text.endswith(" —")
        assert footer.runs[0].font.size == Pt(14)
        assert footer.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_a_change_made_to_the_template_shows_in_the_output(sqlite_demo, tmp_path, monkeypatch):
    office_templates = tmp_path / "模板"
    office_templates.mkdir()
    template = office_templates / "catalogue.docx"
    shutil.copy(find_template("catalogue"), template)
    edited = open_docx(str(template))
    edited.styles["Title"].font.size = Pt(26)
    edited.styles["Title"].element.rPr.rFonts.set(qn("w:eastAsia"), "华文中宋")
    edited.sections[0].left_margin = Mm(30)
    edited.save(str(template))
    monkeypatch.setenv("DOCFILER_TEMPLATE_DIR", str(office_templates))
    out = tmp_path / "目录.docx"
    make_catalogue(office=sqlite_demo, output=out, authorities=["盖州市民政局"])
    result = open_docx(str(out))
    assert result.styles["Title"].font.size == Pt(26)
    assert result.styles["Title"].element.rPr.rFonts.get(qn("w:eastAsia")) == "华文中宋"
    assert round(result.sections[0].left_margin.mm) == 30
    assert numbers(out) == ["盖民发〔2024〕3号"]


def test_a_placeholder_split_across_runs_by_word_is_still_filled(
    sqlite_demo, tmp_path, monkeypatch
):
    folder = tmp_path / "模板"
    folder.mkdir()
    template = folder / "catalogue.docx"
    shutil.copy(find_template("catalogue"), template)
    edited = open_docx(str(template))
    title = edited.paragraphs[1]  # after the 附件 label, left out of a list on its own
    assert title.text == "{{title}}"
    run = title.runs[0]
    run.text = "{{ti"
    title.add_run("tle}}")
    edited.save(str(template))
    monkeypatch.setenv("DOCFILER_TEMPLATE_DIR", str(folder))
    out = tmp_path / "目录.docx"
    make_catalogue(office=sqlite_demo, output=out)
    assert paragraphs(out)[0] == "盖州市人民政府现行有效行政规范性文件目录"


def test_a_broken_template_gives_a_chinese_message(sqlite_demo, tmp_path, monkeypatch):
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "catalogue.docx").write_text("不是 Word 文件", encoding="utf-8")
    monkeypatch.setenv("DOCFILER_TEMPLATE_DIR", str(folder))
    with pytest.raises(ConfigError, match="不是有效的 Word 文档"):
        make_catalogue(office=sqlite_demo, output=tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_a_template_without_a_row_to_repeat_is_refused(tmp_path):
    template = tmp_path / "catalogue.docx"
    document = open_docx(str(find_template("catalogue")))
    table = document.tables[0]
    table._tbl.remove(table.rows[1]._tr)  # the {{no}} row
    document.save(str(template))
    with pytest.raises(ConfigError, match=r"catalogue\.docx 中没有含 \{\{no\}\} 的表格行"):
        render(template, tmp_path / "x.docx", fields={"title": "目录"}, groups=[])
    assert list(tmp_path.iterdir()) == [template]


def test_a_missing_office_template_falls_back_to_the_shipped_one(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCFILER_TEMPLATE_DIR", str(tmp_path / "没有这个目录"))
    assert find_template("catalogue").parent.name == "templates"


def test_output_is_written_atomically(sqlite_demo, tmp_path):
    out = tmp_path / "目录.docx"
    make_catalogue(office=sqlite_demo, output=out)
    assert zipfile.is_zipfile(out)
    assert not list(tmp_path.glob("*.part"))


def _rows(count: int) -> list[dict[str, str]]:
    return [
        {"no": str(i), "title": f"《办法{i}》", "number": f"盖政发〔2020〕{i}号", "dates": ""}
        for i in range(1, count + 1)
    ]


def test_rendering_reports_progress_in_batches_and_can_be_cancelled(tmp_path):
    seen: list[int] = []
    out = tmp_path / "目录.docx"
    written = render(
        find_template("catalogue"),
        out,
        fields={"title": "目录", "subtitle": None, "footnote": None},
        groups=[Group("盖州市人民政府", _rows(4500))],
        progress=seen.append,
    )
    assert written == 4500
    assert seen == [2000, 4000, 4500]
    assert numbers(out)[-1] == "盖政发〔2020〕4500号"

    cancelled = tmp_path / "取消.docx"
    with pytest.raises(ValidationError, match="已取消，未生成文件。"):
        render(
            find_template("catalogue"),
            cancelled,
            fields={"title": "目录"},
            groups=[Group("盖州市人民政府", _rows(4500))],
            cancelled=lambda: True,
        )
    assert not cancelled.exists()
    assert not list(tmp_path.glob("*.part"))


def test_text_is_escaped_and_line_breaks_kept(tmp_path):
    out = tmp_path / "目录.docx"
    render(
        find_template("catalogue"),
        out,
        fields={"title": "A & B <目录>", "subtitle": None, "footnote": None},
        groups=[
            Group(
                None,
                [{"no": "1", "title": "《甲》", "number": "盖政发〔2020〕1号", "dates": "一\n二"}],
            )
        ],
        left_out=frozenset({"valid_until"}),
    )
    assert paragraphs(out)[0] == "A & B <目录>"
    rows = [[c.text for c in r.cells] for r in open_docx(str(out)).tables[0].rows]
    assert rows[1] == ["1", "《甲》", "盖政发〔2020〕1号", "一\n二", ""]


def test_control_characters_in_stored_text_never_break_the_file(tmp_path):
    """Issue 14 item 5: a title stored with U+000B (copied from Word) made document.xml invalid
    XML that Word would not open. The engine drops what XML 1.0 cannot carry."""
    out = tmp_path / "目录.docx"
    render(
        find_template("catalogue"),
        out,
        fields={"title": "目\x0b录\x00", "subtitle": None, "footnote": None},
        groups=[
            Group(
                "盖州市\x0c人民政府",
                [
                    {
                        "no": "1",
                        "title": "《甲\x0b乙\x1f》",
                        "number": "盖政发〔2020〕1号",
                        "dates": "一\n二",
                    }
                ],
            )
        ],
    )
    with zipfile.ZipFile(out) as package:
        from lxml import etree

        etree.fromstring(package.read("word/document.xml"))  # well-formed XML
    assert paragraphs(out)[0] == "目录"
    rows = [[c.text for c in r.cells] for r in open_docx(str(out)).tables[0].rows]
    assert rows[1][:4] == ["1", "《甲乙》", "盖政发〔2020〕1号", "一\n二"]


# ---------------------------------------------------------------------------- PDF


@pytest.fixture(scope="module")
def soffice():
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        if os.environ.get("DOCFILER_REQUIRE_LIBREOFFICE"):
            pytest.fail("需要 LibreOffice（.ci/run 会安装）")
        pytest.skip("没有 LibreOffice，跳过 PDF 转换检查")
    return binary


def to_pdf(soffice: str, docx: Path) -> tuple[int, str]:
    """(pages, the text of the PDF as `pdftotext -layout` gives it, whitespace removed)."""
    profile = docx.parent / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = docx.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, "".join(text.split())


def in_order(text: str, fragments: list[str]) -> bool:
    """Each fragment appears in `text`, after the one before it."""
    at = 0
    for fragment in fragments:
        at = text.find(fragment, at)
        if at < 0:
            return False
        at += len(fragment)
    return True


def test_every_output_converts_to_pdf_with_its_text(sqlite_demo, tmp_path, soffice):
    # Table cells wrap where the machine's fonts put the line ends, so the text checked is what
    # stands outside the tables: titles, counts, group headings in order, the letter, page numbers.
    office = sqlite_demo
    make_catalogue(office=office, output=tmp_path / "catalogue.docx", as_of=TODAY)
    make_repealed_list(office=office, output=tmp_path / "repealed.docx", as_of=TODAY)
    make_filing_report(office=office, output=tmp_path / "report.docx", body="营口市人民政府")
    cleanup = make_cleanup_report(
        office=office, campaign="2024年盖州市行政规范性文件全面清理", folder=tmp_path / "清理"
    )
    expected = {
        tmp_path / "catalogue.docx": [
            "盖州市人民政府现行有效行政规范性文件目录",  # the government's own (item 4)
            "（截至2026年11月26日，共17件）",
            "盖州市人民政府（7件）",
            "盖州市人民政府办公室（10件）",
        ],
        tmp_path / "repealed.docx": [
            "盖州市废止和失效行政规范性文件目录",
            "（截至2026年11月26日，共13件）",  # the 2016 documents state no validity
            "盖州市人民政府（5件）",
            "盖州市人民政府办公室（5件）",
            "盖州市民政局（1件）",
            "盖州市财政局（1件）",
            "盖州市教育局（1件）",
        ],
        tmp_path / "report.docx": [
            "盖州市人民政府关于报送《盖州市城区临时占道经营管理办法》等2件行政规范性文件备案的报告",
            "营口市人民政府：",
            "根据《辽宁省规章规范性文件备案办法》",
            "特此报告。",
            "附件：1.盖州市城区临时占道经营管理办法（盖政办发〔2026〕73号）及起草说明、合法性审核意见"
            "2.盖州市城区餐饮服务业油烟污染防治管理办法（盖政办发〔2026〕81号）及起草说明、"
            "合法性审核意见",
            "盖州市人民政府",
            "2026年11月26日",
        ],
        cleanup.outputs[-1].path: [
            "盖州市现行有效行政规范性文件目录变化情况",
            "（与2016年5月20日公布的目录相比，共13项）",
        ],
    }
    for docx, fragments in expected.items():
        pages, text = to_pdf(soffice, docx)
        assert pages >= 1
        assert in_order(text, fragments), (docx.name, text)
        assert "—1—" in text  # the page number
    pages, _ = to_pdf(soffice, tmp_path / "repealed.docx")
    assert pages >= 2  # 13 documents in 5 groups: the table runs on, its header row repeated
