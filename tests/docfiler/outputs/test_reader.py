"""Tests for docfiler.outputs.reader: reading the number, title, 成文日期 and body of a Word document."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from docfiler.errors import ValidationError
from docfiler.outputs.reader import ReadResult, read_document
from docfiler.outputs.reader_lines import normalize
from docfiler.outputs.reader_parts import date_of

ROOT = Path(__file__).resolve().parents[3]
SAMPLE_DIR = ROOT / "sample_docs" / "docx"
REGISTER = ROOT / "sample_docs" / "register.toml"


def _load_generator():
    spec = importlib.util.spec_from_file_location(
        "make_sample_docx", ROOT / "scripts" / "make_sample_docx.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


GENERATOR = _load_generator()
SAMPLES = GENERATOR.SAMPLES


def _register() -> dict[str, dict]:
    with REGISTER.open("rb") as handle:
        return {doc["number"]: doc for doc in tomllib.load(handle)["document"]}


# ───────────────────────────── the sample files ─────────────────────────────


def test_there_are_enough_samples_with_varied_number_forms():
    assert len(SAMPLES) >= 6
    assert sorted(path.name for path in SAMPLE_DIR.glob("*.docx")) == sorted(
        sample.filename for sample in SAMPLES
    )
    written = [sample.number_as_written for sample in SAMPLES]
    for mark in ("〔", "[", "【", "（", "第"):
        assert any(mark in number for number in written), mark
    assert any(any("０" <= ch <= "９" for ch in number) for number in written)
    assert any(len(sample.title_lines) > 1 for sample in SAMPLES)
    assert any(sample.letterhead_in_table for sample in SAMPLES)
    assert any("〇" in sample.date_text for sample in SAMPLES)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.filename)
def test_every_sample_reads_to_its_number_title_and_date(sample):
    result = read_document(SAMPLE_DIR / sample.filename)

    assert result.doc_number == sample.number
    assert result.doc_number_as_written == sample.number_as_written
    assert result.title == sample.title
    assert result.written_on == sample.written_on
    assert result.authority_line == sample.letterhead
    assert result.signatory == sample.signature
    assert result.addressee == (sample.addressee.rstrip("：") if sample.addressee else None)
    assert result.source == sample.filename
    assert result.warnings == []

    assert sample.first_paragraph in result.body
    assert result.body.splitlines()[0] == sample.body[0][1]  # starts right after title/主送
    # The body stops before the signature: no 成文日期, no 版记, no attachment table.
    assert sample.date_text not in result.body
    assert "抄送" not in result.body
    assert sample.printed_by not in result.body.splitlines()[-1]
    assert not result.body.endswith("印发")
    assert "序号" not in result.body


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.filename)
def test_samples_agree_with_the_register(sample):
    entry = _register()[sample.number]
    result = read_document(SAMPLE_DIR / sample.filename)
    assert result.title == entry["title"]
    assert result.written_on == entry["signed"]  # 成文日期 is the signing date
    assert entry["sample"] is not sample.real


def test_committed_samples_match_the_generator(tmp_path):
    """Re-running scripts/make_sample_docx.py reproduces what is committed."""
    GENERATOR.write_all(tmp_path)
    for sample in SAMPLES:
        fresh = read_document(tmp_path / sample.filename).as_dict()
        committed = read_document(SAMPLE_DIR / sample.filename).as_dict()
        assert fresh == committed, f"{sample.filename}：请运行 scripts/make_sample_docx.py"


def test_samples_use_gbt_9704_layout():
    document = docx.Document(str(SAMPLE_DIR / "gaizhengfa-2016-009.docx"))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    title = next(p for p in document.paragraphs if p.text == "盖州市城乡居民临时救助实施办法")
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    article = next(p for p in document.paragraphs if p.text.startswith("第二条"))
    assert all(
        r._r.rPr.rFonts.get(qn("w:eastAsia")) in ("仿宋_GB2312", "黑体") for r in article.runs
    )
    assert {r.font.size for r in article.runs} == {Pt(16)}


# ───────────────────────────── files that are not Word documents ─────────────────────────────


def test_text_file_renamed_docx_is_rejected(tmp_path):
    path = tmp_path / "盖政发〔2016〕9号.docx"
    path.write_text("盖政发〔2016〕9号\n盖州市城乡居民临时救助实施办法\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_document(path)
    assert str(caught.value) == (
        "“盖政发〔2016〕9号.docx”不是 Word 文档（.docx），请另存为 .docx 后再试。"
    )


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(ValidationError, match=r"找不到文件.*nothing\.docx"):
        read_document(tmp_path / "nothing.docx")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("x.pdf", b"%PDF-1.7\n...", "“x.pdf”是 PDF 文件，不是 Word 文档（.docx）"),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
            "另存为“Word 文档（*.docx）”",
        ),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "设有打开密码"),
        ("old.doc", b"not even ole", "旧版 Word/WPS 文档"),
        ("empty.docx", b"", "是空文件"),
        ("broken.docx", b"PK\x03\x04garbage", "可能不完整或已损坏"),
        ("x.rtf", b"{\\rtf1\\ansi ...}", "是 RTF 格式"),
    ],
)
def test_non_word_files_get_a_chinese_message(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=re.escape(expected)):
        read_document(path)


def test_excel_workbook_is_named(tmp_path):
    path = tmp_path / "目录.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ValidationError, match="是Excel 工作簿，不是 Word 文档"):
        read_document(path)


def test_folder_is_rejected(tmp_path):
    with pytest.raises(ValidationError, match="是文件夹"):
        read_document(tmp_path)


def test_broken_word_package_gets_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")  # not even XML
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ValidationError, match=re.escape("无法作为 Word 文档（.docx）打开")):
        read_document(path)


# ───────────────────────────── documents built here ─────────────────────────────


def _doc(tmp_path: Path, lines, name: str = "doc.docx") -> Path:
    """A .docx from (text, options) pairs; options: center, right, size, bold, red, table."""
    document = docx.Document()
    for item in lines:
        text, options = (item, {}) if isinstance(item, str) else item
        if options.get("table"):
            table = document.add_table(rows=1, cols=len(text))
            for cell, value in zip(table.rows[0].cells, text, strict=True):
                cell.paragraphs[0].add_run(value)
            continue
        paragraph = document.add_paragraph()
        if options.get("center"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if options.get("right"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(text)
        if "size" in options:
            run.font.size = Pt(options["size"])
        run.bold = options.get("bold")
        if options.get("red"):
            run.font.color.rgb = docx.shared.RGBColor(0xFF, 0, 0)
    path = tmp_path / name
    document.save(str(path))
    return path


LETTERHEAD = ("盖州市人民政府办公室文件", {"center": True, "size": 36, "red": True})
TITLE = ("盖州市城区餐饮服务业油烟污染防治管理办法", {"center": True, "size": 22})
ARTICLE_1 = "第一条　为防治城区餐饮服务业油烟污染，改善人居环境，结合本市实际，制定本办法。"
ARTICLE_2 = "第二条　本办法自2026年12月1日起施行。"
SIGNATURE = ("盖州市人民政府办公室", {"right": True})


def test_round_trip_of_a_plain_document(tmp_path):
    path = _doc(
        tmp_path,
        [
            LETTERHEAD,
            "",
            ("盖政办发〔2026〕81号", {"center": True}),
            "",
            TITLE,
            "",
            "各乡镇人民政府，各管理区管委会，市政府各部门：",
            ARTICLE_1,
            ARTICLE_2,
            "",
            SIGNATURE,
            ("2026年11月16日", {"right": True}),
            "抄送：市人大常委会办公室。",
            "盖州市人民政府办公室\t2026年11月18日印发",
        ],
    )
    result = read_document(path)
    assert isinstance(result, ReadResult)
    assert result.doc_number == "盖政办发〔2026〕81号"
    assert result.title == "盖州市城区餐饮服务业油烟污染防治管理办法"
    assert result.written_on == dt.date(2026, 11, 16)
    assert result.body == f"{ARTICLE_1}\n{ARTICLE_2}"
    assert result.addressee == "各乡镇人民政府，各管理区管委会，市政府各部门"
    assert result.authority_line == "盖州市人民政府办公室文件"
    assert result.signatory == "盖州市人民政府办公室"
    assert result.warnings == []


def test_as_json_gives_iso_dates_and_readable_chinese(tmp_path):
    path = _doc(
        tmp_path,
        [("盖政办发〔2026〕81号", {"center": True}), TITLE, ARTICLE_1, SIGNATURE, "2026年11月16日"],
    )
    text = read_document(path).as_json()
    assert "盖政办发〔2026〕81号" in text  # not \\u-escaped
    data = json.loads(text)
    assert data["written_on"] == "2026-11-16"
    assert data["doc_number"] == "盖政办发〔2026〕81号"
    assert data["title"] == TITLE[0]
    assert data["warnings"] == []


def test_document_without_number_names_its_title(tmp_path):
    path = _doc(
        tmp_path,
        [
            LETTERHEAD,
            TITLE,
            # A number cited in the body is not the document's own number.
            "第一条　根据《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号），制定本办法。",
            ("国发〔2014〕47号", {"center": True}),
            SIGNATURE,
            "2026年11月16日",
        ],
        name="草稿.docx",
    )
    with pytest.raises(ValidationError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith("在“草稿.docx”中没有找到发文字号")
    assert "《盖州市城区餐饮服务业油烟污染防治管理办法》" in message


def test_invalid_number_explains_what_is_wrong(tmp_path):
    path = _doc(tmp_path, [LETTERHEAD, ("盖政办发〔16〕81号", {"center": True}), TITLE, ARTICLE_1])
    with pytest.raises(ValidationError, match=r"没有找到发文字号.*年份只有两位"):
        read_document(path)


def test_empty_document_has_no_number(tmp_path):
    with pytest.raises(ValidationError, match="没有找到发文字号"):
        read_document(_doc(tmp_path, []))


def test_title_above_the_number_as_websites_print_it(tmp_path):
    path = _doc(
        tmp_path,
        [
            TITLE,
            ("（盖政办发〔2026〕81号）", {"center": True}),
            ARTICLE_1,
            SIGNATURE,
            ("2026年11月16日", {"right": True}),
        ],
    )
    result = read_document(path)
    assert result.doc_number == "盖政办发〔2026〕81号"
    assert result.title == TITLE[0]
    assert result.body == ARTICLE_1
    assert result.authority_line is None


def test_decree_number_on_two_lines(tmp_path):
    path = _doc(
        tmp_path,
        [
            ("营口市人民政府令", {"center": True, "size": 36, "red": True}),
            ("第35号", {"center": True}),
            "《营口市城市供热管理办法》已经2016年3月1日市政府第40次常务会议通过，现予公布，自2016年5月1日起施行。",
            ("市长　张三", {"right": True}),
            ("2016年3月10日", {"right": True}),
        ],
    )
    result = read_document(path)
    assert result.doc_number == "营口市人民政府令第35号"
    assert result.authority_line == "营口市人民政府令"
    assert result.title == "营口市城市供热管理办法"
    assert any(
        "书名号" in warning or "《营口市城市供热管理办法》" in warning
        for warning in result.warnings
    )
    assert result.written_on == dt.date(2016, 3, 10)
    assert result.signatory == "市长　张三"


def test_number_with_signer_in_a_table_and_plain_title_split_over_lines(tmp_path):
    path = _doc(
        tmp_path,
        [
            LETTERHEAD,
            (("盖政办〔2016〕125号", "签发人：李四"), {"table": True}),
            ("盖州市人民政府办公室关于审议盖州市相对集中", {"center": True}),
            ("行政许可权改革方案的请示", {"center": True}),
            "营口市人民政府：",
            "为深化行政审批制度改革，我市拟开展相对集中行政许可权改革，现将方案呈上，请予审议。",
            SIGNATURE,
            "二〇一六年十月三十一日",
        ],
    )
    result = read_document(path)
    assert result.doc_number == "盖政办〔2016〕125号"
    assert result.title == "盖州市人民政府办公室关于审议盖州市相对集中行政许可权改革方案的请示"
    assert result.addressee == "营口市人民政府"
    assert result.written_on == dt.date(2016, 10, 31)
    assert result.body.startswith("为深化行政审批制度改革")


def test_number_in_a_content_control(tmp_path):
    document = docx.Document()
    document.add_paragraph("盖州市人民政府文件")
    holder = document.add_paragraph("盖政发 [ 2016 ] 0９ 号")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(content)
    holder._p.addprevious(sdt)
    content.append(holder._p)
    title = document.add_paragraph("盖州市城乡居民临时救助实施办法")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(ARTICLE_1)
    path = tmp_path / "sdt.docx"
    document.save(str(path))
    result = read_document(path)
    assert result.doc_number == "盖政发〔2016〕9号"
    assert result.doc_number_as_written == "盖政发 [ 2016 ] 0９ 号"
    assert result.title == "盖州市城乡居民临时救助实施办法"
    assert result.written_on is None
    assert result.warnings == ["没有找到成文日期（如“2016年3月1日”），请手工填写。"]


def test_doubtful_dates_are_warned_about(tmp_path):
    path = _doc(
        tmp_path,
        [("盖政发〔2016〕9号", {"center": True}), TITLE, ARTICLE_1, SIGNATURE, "2016年2月30日"],
    )
    result = read_document(path)
    assert result.written_on is None
    assert result.warnings == ["成文日期“2016年2月30日”不是有效日期，请核对后手工填写。"]

    path = _doc(
        tmp_path,
        [("盖政发〔2016〕9号", {"center": True}), TITLE, ARTICLE_1, SIGNATURE, "2017年1月3日"],
        name="b.docx",
    )
    result = read_document(path)
    assert result.written_on == dt.date(2017, 1, 3)
    assert result.warnings == ["发文字号的年份（2016年）与成文日期（2017年）不一致，请核对。"]


def test_no_title_is_a_warning_not_an_error(tmp_path):
    path = _doc(tmp_path, [("盖政发〔2016〕9号", {"center": True}), ARTICLE_1, "2016年2月1日"])
    result = read_document(path)
    assert result.title is None
    assert "没有找到标题，请手工填写。" in result.warnings
    assert result.body == ARTICLE_1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016年3月1日", dt.date(2016, 3, 1)),
        ("２０１６年３月１日", dt.date(2016, 3, 1)),
        ("二〇一六年三月一日", dt.date(2016, 3, 1)),
        ("二○一六年十月十日", dt.date(2016, 10, 10)),
        ("二〇一六年十二月二十一日", dt.date(2016, 12, 21)),
        ("二〇一六年十二月三十一日", dt.date(2016, 12, 31)),
        ("二〇一六年二月三十日", None),
        ("二〇一六年十三月一日", None),
    ],
)
def test_dates_in_arabic_and_chinese_numerals(text, expected):
    is_date, value = date_of(normalize(text))
    assert is_date
    assert value == expected


def test_importing_the_reader_does_not_import_python_docx():
    code = "import sys, docfiler.outputs.reader; print('docx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_number_drawn_in_a_text_box(tmp_path):
    from docx.oxml import parse_xml

    document = docx.Document()
    anchor = document.add_paragraph()
    box = parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>盖州市财政局文件</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>盖财发〔2023〕27号</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    anchor._p.append(box)
    title = document.add_paragraph("盖州市财政专项资金管理办法")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("第一条　为规范财政专项资金管理，提高资金使用效益，制定本办法。")
    document.add_paragraph("盖州市财政局").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("2023年7月6日")
    path = tmp_path / "box.docx"
    document.save(str(path))
    result = read_document(path)
    assert result.doc_number == "盖财发〔2023〕27号"
    assert result.title == "盖州市财政专项资金管理办法"
    assert result.written_on == dt.date(2023, 7, 6)
    assert result.signatory == "盖州市财政局"


# ───────────────────────────── issue 10, item 10 ─────────────────────────────

RED_HEAD = {"center": True, "size": 30, "red": True}


def test_joint_letterhead_attachments_and_printing_date(tmp_path):
    path = _doc(
        tmp_path,
        [
            ("盖州市财政局文件", RED_HEAD),
            ("盖州市人力资源和社会保障局文件", RED_HEAD),
            "",
            ("盖财发〔2026〕3号", {"center": True}),
            TITLE,
            "各乡镇人民政府：",
            ARTICLE_1,
            ARTICLE_2,
            "",
            "附件：1.盖州市城区餐饮服务业油烟净化设施",
            "安装标准",
            "2.申请表",
            "",
            ("盖州市财政局", {"right": True}),
            ("盖州市人力资源和社会保障局", {"right": True}),
            ("2026年3月1日", {"right": True}),
            "抄送：市人大常委会办公室。",
            "盖州市财政局办公室　　2026年3月2日印发",
        ],
    )
    result = read_document(path)
    assert result.authorities == ["盖州市财政局", "盖州市人力资源和社会保障局"]
    assert result.body == f"{ARTICLE_1}\n{ARTICLE_2}"  # the 附件说明 is not body text
    assert result.attachments == ["盖州市城区餐饮服务业油烟净化设施安装标准", "申请表"]
    assert result.printed_by == "盖州市财政局办公室"
    assert result.printed_on == dt.date(2026, 3, 2)
    assert result.written_on == dt.date(2026, 3, 1)
    data = result.as_dict()
    assert data["printed_on"] == "2026-03-02"
    assert data["authorities"] == ["盖州市财政局", "盖州市人力资源和社会保障局"]


def test_joint_letterhead_in_a_table_keeps_the_organs_in_order(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    cells = ((0, 0, "盖州市财政局"), (1, 0, "盖州市人力资源和社会保障局"), (0, 1, "文件"))
    for row, column, text in cells:
        run = table.cell(row, column).paragraphs[0].add_run(text)
        run.font.size = Pt(30)
        run.font.color.rgb = docx.shared.RGBColor(0xFF, 0, 0)
    table.cell(0, 1).merge(table.cell(1, 1))  # 文件 beside both names, as GB/T 9704 §7.2.4
    for text in ("盖财发〔2026〕3号", TITLE[0], "各乡镇人民政府：", ARTICLE_1):
        document.add_paragraph(text)
    path = tmp_path / "joint.docx"
    document.save(str(path))
    result = read_document(path)
    assert result.authorities == ["盖州市财政局", "盖州市人力资源和社会保障局"]
    assert result.authority_line == "盖州市财政局\n盖州市人力资源和社会保障局文件"
    assert result.doc_number == "盖财发〔2026〕3号"


def test_a_single_letterhead_names_one_organ(tmp_path):
    path = _doc(
        tmp_path, [LETTERHEAD, ("盖政办发〔2026〕81号", {"center": True}), TITLE, ARTICLE_1]
    )
    result = read_document(path)
    assert result.authorities == ["盖州市人民政府办公室"]
    assert result.attachments == [] and result.printed_on is None


def test_a_catalogue_is_not_a_normative_document(tmp_path):
    document = docx.Document()
    document.add_paragraph("盖州市人民政府现行有效行政规范性文件目录")
    table = document.add_table(rows=3, cols=4)
    values = [
        ("序号", "文件名称", "文号", "发布日期"),
        ("1", "《盖州市城乡居民临时救助实施办法》", "盖政发〔2016〕9号", "2016年2月3日"),
        ("2", "《盖州市城区临时占道经营管理办法》", "盖政办发〔2026〕73号", "2026年10月15日"),
    ]
    for row, texts in zip(table.rows, values, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.paragraphs[0].add_run(text)
    path = tmp_path / "目录.docx"
    document.save(str(path))
    with pytest.raises(ValidationError) as refused:
        read_document(path)
    assert refused.value.message == (
        "“目录.docx”不是规范性文件：文中的文号都在一张列有 2 个文号的表格里"
        "（像是文件目录或清单），没有发文字号、标题和正文。"
        "请选择规范性文件本身的 Word 文档；目录中的文件请逐件登记。"
    )


def test_docfilers_own_catalogue_is_refused(sqlite_demo, tmp_path):
    from docfiler.outputs.catalogue import make_catalogue

    path = make_catalogue(office=sqlite_demo, output=tmp_path / "catalogue.docx").path
    with pytest.raises(ValidationError, match="不是规范性文件"):
        read_document(path)
