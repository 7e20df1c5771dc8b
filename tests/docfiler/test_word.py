"""Word outputs, checked as a clerk would: open the file and read what it says."""

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

from docfiler.errors import ConfigError, NotFoundError
from docfiler.outputs.catalogue import make_catalogue, make_filing_report, make_repealed_list
from docfiler.outputs.word import find_template
from docfiler.queries.authorities import list_authorities
from docfiler.services.demo import load_register_file, sample_register_path
from tests.conftest import make_office

D = dt.date


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The sample register in SQLite, built once for the module."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCFILER_CONFIG_DIR", str(folder / "config"))
        patch.setenv("DOCFILER_OPERATOR", "测试员")
        office = make_office(f"sqlite:///{folder / 'demo.db'}")
        load_register_file(office=office, path=sample_register_path())
    yield office
    office.close()


def table_rows(path: Path) -> list[list[str]]:
    rows = []
    for table in open_docx(str(path)).tables:
        for row in table.rows:
            rows.append([cell.text for cell in row.cells])
    return rows


def catalogue_numbers(path: Path) -> list[str]:
    return [row[2] for row in table_rows(path) if row[0] != "序号"]


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in open_docx(str(path)).paragraphs]


def test_catalogue_lists_exactly_the_documents_in_force(demo, tmp_path):
    from docfiler.queries.documents import list_documents

    out = tmp_path / "目录.docx"
    result = make_catalogue(office=demo, output=out, as_of=D(2026, 11, 26))
    in_force = {
        d["doc_number"]
        for d in list_documents(office=demo, status="in_force", as_of=D(2026, 11, 26))
    }
    numbers = catalogue_numbers(out)
    assert sorted(numbers) == sorted(in_force)
    assert result["rows"] == len(in_force) > 5
    texts = paragraphs(out)
    assert texts[0] == "盖州市现行有效规范性文件目录"
    assert f"共{len(in_force)}件" in texts[1]
    headings = [t for t in texts if t.endswith("件）") and t != texts[1]]
    assert headings[0].startswith("盖州市人民政府（")
    assert any(h.startswith("盖州市人民政府办公室（") for h in headings)


def test_catalogue_never_lists_drafts_or_unpublished_documents(demo, tmp_path):
    out = tmp_path / "目录.docx"
    make_catalogue(office=demo, output=out, as_of=D(2026, 11, 26))
    numbers = catalogue_numbers(out)
    assert "盖政办〔2016〕125号" not in numbers  # a draft
    assert "盖政发〔2026〕96号" not in numbers  # published, not yet in force
    assert "盖政办发〔2019〕61号" not in numbers  # declared invalid


def test_catalogue_orders_by_year_then_serial_within_each_authority(demo, tmp_path):
    out = tmp_path / "目录.docx"
    make_catalogue(office=demo, output=out, as_of=D(2026, 11, 26))
    document = open_docx(str(out))
    for table in document.tables:
        keys = []
        for row in table.rows[1:]:
            from docfiler.domain.docnumber import parse

            number = parse(row.cells[2].text)
            keys.append((number.year, number.serial))
        assert keys == sorted(keys)
        assert [int(r.cells[0].text) for r in table.rows[1:]] == list(range(1, len(keys) + 1))


def test_amendment_dates_appear_in_the_date_column(demo, tmp_path):
    out = tmp_path / "目录.docx"
    make_catalogue(office=demo, output=out, as_of=D(2026, 11, 26))
    rows = {row[2]: row for row in table_rows(out)}
    amended = rows["盖政发〔2023〕29号"]
    assert amended[3].splitlines()[0] == "2023年4月12日"
    assert amended[3].splitlines()[1].endswith("修订")


def test_a_past_date_reproduces_the_catalogue_as_it_stood(demo, tmp_path):
    out = tmp_path / "2017.docx"
    make_catalogue(office=demo, output=out, as_of=D(2017, 1, 1))
    numbers = catalogue_numbers(out)
    assert "盖政发〔2016〕9号" in numbers
    assert not any("〔2022〕" in n or "〔2026〕" in n for n in numbers)


def test_catalogue_for_one_authority(demo, tmp_path):
    out = tmp_path / "民政.docx"
    make_catalogue(office=demo, output=out, authority="盖州市民政局")
    assert all(n.startswith("盖民发") for n in catalogue_numbers(out))
    assert paragraphs(out)[0] == "盖州市民政局现行有效规范性文件目录"
    with pytest.raises(NotFoundError, match="没有名为"):
        make_catalogue(office=demo, output=out, authority="盖州市不存在局")


def test_layout_follows_gbt_9704(demo, tmp_path):
    out = tmp_path / "目录.docx"
    make_catalogue(office=demo, output=out)
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


def test_a_change_made_to_the_template_shows_in_the_output(demo, tmp_path, monkeypatch):
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
    make_catalogue(office=demo, output=out)
    result = open_docx(str(out))
    assert result.styles["Title"].font.size == Pt(26)
    assert result.styles["Title"].element.rPr.rFonts.get(qn("w:eastAsia")) == "华文中宋"
    assert round(result.sections[0].left_margin.mm) == 30
    assert catalogue_numbers(out)


def test_a_placeholder_split_across_runs_by_word_is_still_filled(demo, tmp_path, monkeypatch):
    folder = tmp_path / "模板"
    folder.mkdir()
    template = folder / "catalogue.docx"
    shutil.copy(find_template("catalogue"), template)
    edited = open_docx(str(template))
    title = edited.paragraphs[0]
    assert title.text == "{{title}}"
    run = title.runs[0]
    run.text = "{{ti"
    title.add_run("tle}}")
    edited.save(str(template))
    monkeypatch.setenv("DOCFILER_TEMPLATE_DIR", str(folder))
    out = tmp_path / "目录.docx"
    make_catalogue(office=demo, output=out)
    assert paragraphs(out)[0] == "盖州市现行有效规范性文件目录"


def test_a_broken_template_gives_a_chinese_message(demo, tmp_path, monkeypatch):
    folder = tmp_path / "模板"
    folder.mkdir()
    (folder / "catalogue.docx").write_text("不是 Word 文件", encoding="utf-8")
    monkeypatch.setenv("DOCFILER_TEMPLATE_DIR", str(folder))
    with pytest.raises(ConfigError, match="不是有效的 Word 文档"):
        make_catalogue(office=demo, output=tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_a_missing_office_template_falls_back_to_the_shipped_one(demo, tmp_path, monkeypatch):
    monkeypatch.setenv("DOCFILER_TEMPLATE_DIR", str(tmp_path / "没有这个目录"))
    assert find_template("catalogue").parent.name == "templates"


def test_repealed_list_gives_dates_and_reasons(demo, tmp_path):
    out = tmp_path / "废止.docx"
    make_repealed_list(office=demo, output=out, since=D(2022, 1, 1))
    rows = {row[2]: row for row in table_rows(out) if row[0] != "序号"}
    invalid = rows["盖政办发〔2019〕61号"]
    assert invalid[4].endswith("宣布失效") and invalid[5]
    repealed = rows["盖政发〔2017〕58号"]
    assert repealed[4].endswith("废止")
    assert "盖政发〔2016〕9号" not in rows  # lapsed in 2021, before --since


def test_filing_report_to_one_body(demo, tmp_path):
    out = tmp_path / "备案报告.docx"
    result = make_filing_report(office=demo, output=out, body="营口市人民政府")
    texts = paragraphs(out)
    assert texts[0].startswith("关于报送《") and texts[0].endswith("备案的报告")
    assert "营口市人民政府：" in texts
    rows = [row for row in table_rows(out) if row[0] != "序号"]
    assert [row[2] for row in rows] == result["documents"]
    assert all(row[4] == "正式文本、起草说明、制定依据" for row in rows)
    assert "盖州市人民政府办公室" in texts  # the sender: the authority of both documents
    assert "2026年11月26日" in texts
    one = make_filing_report(
        office=demo,
        output=tmp_path / "one.docx",
        body="盖州市人大常委会",
        documents=["盖政发[2016]9号"],
    )
    assert one["documents"] == ["盖政发〔2016〕9号"]
    with pytest.raises(NotFoundError, match="不需要向"):
        make_filing_report(
            office=demo,
            output=tmp_path / "x.docx",
            body="盖州市人民政府",
            documents=["盖政发〔2016〕9号"],
        )


def test_output_is_written_atomically(demo, tmp_path):
    out = tmp_path / "目录.docx"
    make_catalogue(office=demo, output=out)
    assert zipfile.is_zipfile(out)
    assert not list(tmp_path.glob("*.part"))


@pytest.fixture(scope="module")
def soffice():
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        if os.environ.get("DOCFILER_REQUIRE_LIBREOFFICE"):
            pytest.fail("需要 LibreOffice（.ci/run 会安装）")
        pytest.skip("没有 LibreOffice，跳过 PDF 转换检查")
    return binary


def to_pdf(soffice: str, docx: Path) -> tuple[int, str]:
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


def test_every_output_converts_to_pdf_with_its_text(demo, tmp_path, soffice):
    services_count = len(list_authorities(office=demo))
    assert services_count >= 2
    outputs = {
        "catalogue": make_catalogue(office=demo, output=tmp_path / "catalogue.docx"),
        "repealed": make_repealed_list(office=demo, output=tmp_path / "repealed.docx"),
        "report": make_filing_report(
            office=demo, output=tmp_path / "report.docx", body="营口市人民政府"
        ),
    }
    for name, result in outputs.items():
        pages, text = to_pdf(soffice, tmp_path / f"{name}.docx")
        assert pages >= 1
        assert "".join(result["title"].split()) in text
        assert "—1—" in text
    big_pages, _ = to_pdf(soffice, tmp_path / "repealed.docx")
    assert big_pages >= 2
