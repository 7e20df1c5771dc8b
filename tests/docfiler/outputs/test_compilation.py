"""The compilation (规范性文件汇编) of the sample register (sample_docs/register.toml), today
2026-11-26: the catalogue's documents in the catalogue's order, each from a new page, a real TOC
field listing them, and — rendered by LibreOffice — the TOC's page numbers where the titles are."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docfiler import services
from docfiler.errors import ConfigError
from docfiler.outputs import compilation
from docfiler.outputs.catalogue import catalogue_data
from docfiler.outputs.compilation import make_compilation
from docfiler.outputs.compilation_xml import MISSING_BODY, NOTHING
from tests.docfiler.outputs.test_word import soffice, to_pdf  # noqa: F401  (the fixture)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GOVERNMENT = [
    ("盖政发〔2016〕9号", "盖州市城乡居民临时救助实施办法"),
    ("盖政发〔2016〕117号", "关于公布新一轮自主清理调整行政审批事项及最终保留行政许可事项的决定"),
    ("盖政发〔2022〕38号", "盖州市城市供热管理办法"),
    ("盖政发〔2023〕29号", "盖州市城乡居民最低生活保障实施办法"),
    ("盖政发〔2024〕33号", "盖州市国有土地上房屋征收与补偿实施办法"),
    ("盖政发〔2026〕21号", "盖州市优化营商环境若干规定"),
    ("盖政发〔2026〕96号", "盖州市城市生活垃圾分类管理办法"),  # published, in force 2027-01-01
]
GENERAL_OFFICE = [
    ("盖政办发〔2016〕14号", "关于公布市政府部门行政审批中介服务事项清单的通知"),
    ("盖政办发〔2016〕51号", "关于公布盖州市人民政府现行有效规范性文件目录的通知"),
    ("盖政办发〔2016〕67号", "盖州市行政机关制定行政执法自由裁量基本标准规定"),
    ("盖政办发〔2016〕85号", "盖州市重大行政处罚决定备案审查办法"),
    ("盖政办发〔2016〕88号", "关于公布市政府取消行政审批等事项后续监管措施清单的通知"),
    ("盖政办发〔2022〕6号", "盖州市政府投资项目管理办法"),
    ("盖政办发〔2025〕42号", "盖州市城区共享电动自行车停放管理暂行办法"),
    ("盖政办发〔2026〕66号", "盖州市城区公共停车场建设和管理办法"),
    ("盖政办发〔2026〕73号", "盖州市城区临时占道经营管理办法"),
    ("盖政办发〔2026〕81号", "盖州市城区餐饮服务业油烟污染防治管理办法"),
]
# Not in it: drafts, the 修改决定 盖政发〔2025〕27号, repealed/invalid/lapsed documents, and the
# departments' documents (盖民发, 盖财发, 盖教发, 盖自然资发) — the government's own catalogue.
EXPECTED = GOVERNMENT + GENERAL_OFFICE
WITHOUT_TEXT = [
    "盖政发〔2016〕9号",
    "盖政发〔2016〕117号",
    "盖政办发〔2016〕14号",
    "盖政办发〔2016〕51号",
    "盖政办发〔2016〕67号",
    "盖政办发〔2016〕85号",
    "盖政办发〔2016〕88号",
    "盖政办发〔2026〕66号",
    "盖政办发〔2026〕73号",
    "盖政办发〔2026〕81号",
]


def _paragraphs(path: Path) -> list[dict]:
    """Each paragraph of document.xml: style, text, page break before, bookmarks, TOC anchors."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    out = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        out.append(
            {
                "style": style.get(f"{W}val") if style is not None else None,
                "text": "".join(t.text or "" for t in p.iter(f"{W}t")),
                "break": p.find(f"{W}pPr/{W}pageBreakBefore") is not None,
                "bookmarks": [b.get(f"{W}name") for b in p.iter(f"{W}bookmarkStart")],
                "anchors": [h.get(f"{W}anchor") for h in p.iter(f"{W}hyperlink")],
                "instructions": "".join(i.text or "" for i in p.iter(f"{W}instrText")),
            }
        )
    return out


def _styled(paragraphs: list[dict], style: str) -> list[dict]:
    return [p for p in paragraphs if p["style"] == style]


def _under(paragraphs: list[dict], title: str) -> list[str]:
    """The texts of the paragraphs after a document's title heading."""
    at = next(
        i for i, p in enumerate(paragraphs) if p["style"] == "Heading2" and p["text"] == title
    )
    return [p["text"] for p in paragraphs[at + 1 : at + 3]]


@pytest.fixture
def compiled(sample_office, tmp_path):
    out = tmp_path / "汇编.docx"
    return make_compilation(office=sample_office, output=out, paginate=False), out


def test_the_catalogue_documents_in_the_catalogue_order(compiled):
    result, out = compiled
    assert result.documents == tuple(number for number, _ in EXPECTED)
    assert [p["text"] for p in _styled(_paragraphs(out), "Heading2")] == [t for _, t in EXPECTED]
    assert [p["text"] for p in _styled(_paragraphs(out), "Heading1")] == [
        "盖州市人民政府（7件）",
        "盖州市人民政府办公室（10件）",
    ]
    assert result.title == "盖州市人民政府现行有效行政规范性文件汇编"
    assert result.missing_text == tuple(WITHOUT_TEXT)


def test_the_cover_names_the_government_and_the_date(compiled):
    _, out = compiled
    cover = [p["text"] for p in _paragraphs(out)[:4]]
    assert cover == [
        "盖州市人民政府现行有效行政规范性文件汇编",  # 盖州市人民政府 / 现行有效…汇编, two lines
        "（截至2026年11月26日，共17件）",
        "盖州市人民政府",
        "2026年11月",
    ]


def test_each_document_starts_a_page(compiled):
    _, out = compiled
    paragraphs = _paragraphs(out)
    headings = [(i, p) for i, p in enumerate(paragraphs) if p["style"] in ("Heading1", "Heading2")]
    for position, (index, p) in enumerate(headings):
        after_authority = position > 0 and paragraphs[index - 1]["style"] == "Heading1"
        first_in_body = position == 0
        # a title right under its authority's heading shares that heading's new page
        assert p["break"] == (not first_in_body and not after_authority), p["text"]
    # the body section starts on a page of its own (section break), numbered from 1
    with zipfile.ZipFile(out) as package:
        xml = package.read("word/document.xml").decode()
    assert xml.count("<w:sectPr") == 3
    assert '<w:pgNumType w:fmt="decimal" w:start="1"/>' in xml


def test_number_dates_and_text_under_each_title(compiled):
    _, out = compiled
    paragraphs = _paragraphs(out)
    assert _under(paragraphs, "盖州市城乡居民最低生活保障实施办法") == [
        "盖政发〔2023〕29号（2023年4月12日发布，2025年4月16日根据盖政发〔2025〕27号修改）",
        "第一条 为规范城乡居民最低生活保障工作，保障困难群众基本生活，根据《社会救助暂行办法》，"
        "结合本市实际，制定本办法。",
    ]
    assert _under(paragraphs, "盖州市城市生活垃圾分类管理办法")[0] == (
        "盖政发〔2026〕96号（2026年11月6日发布，2027年1月1日起施行）"
    )
    assert _under(paragraphs, "盖州市城乡居民临时救助实施办法") == [
        "盖政发〔2016〕9号（2016年2月3日发布）",
        MISSING_BODY,
    ]


def test_the_toc_is_a_word_field_listing_every_heading(compiled):
    _, out = compiled
    paragraphs = _paragraphs(out)
    entries = [p for p in paragraphs if p["style"] in ("TOC1", "TOC2")]
    assert entries[0]["instructions"].startswith(' TOC \\o "1-2" \\h \\z \\u ')
    assert [p["text"] for p in entries] == [
        "盖州市人民政府（7件）",
        *[title for _, title in GOVERNMENT],
        "盖州市人民政府办公室（10件）",
        *[title for _, title in GENERAL_OFFICE],
    ]
    bookmarks = [b for p in paragraphs for b in p["bookmarks"]]
    assert [a for p in entries for a in p["anchors"]] == bookmarks
    assert all(f"PAGEREF {p['anchors'][0]} \\h" in p["instructions"] for p in entries)


@pytest.mark.parametrize(
    ("options", "catalogue"),
    [
        ({"everyone": True}, {"everyone": True}),
        ({"authorities": ["盖州市民政局"]}, {"authorities": ["盖州市民政局"]}),
        ({"as_of": dt.date(2017, 1, 1)}, {"as_of": dt.date(2017, 1, 1)}),
    ],
)
def test_the_same_selection_as_the_catalogue(sample_office, tmp_path, options, catalogue):
    result = make_compilation(
        office=sample_office, output=tmp_path / "c.docx", paginate=False, **options
    )
    assert result.documents == catalogue_data(office=sample_office, **catalogue).documents


def test_the_documents_of_2017(sample_office, tmp_path):
    result = make_compilation(
        office=sample_office, output=tmp_path / "c.docx", paginate=False, as_of=dt.date(2017, 1, 1)
    )
    assert result.documents == (
        "盖政发〔2012〕72号",
        "盖政发〔2015〕31号",
        "盖政发〔2016〕9号",
        "盖政发〔2016〕117号",
        "盖政办发〔2016〕14号",
        "盖政办发〔2016〕51号",
        "盖政办发〔2016〕67号",
        "盖政办发〔2016〕85号",
        "盖政办发〔2016〕88号",
    )


def test_nothing_to_compile_still_gives_a_document(sample_office, tmp_path):
    out = tmp_path / "c.docx"
    result = make_compilation(
        office=sample_office,
        output=out,
        authorities=["盖州市自然资源局"],
        as_of=dt.date(2016, 1, 1),
    )
    assert (result.rows, result.documents, result.paged) == (0, (), False)
    texts = [p["text"] for p in _paragraphs(out)]
    assert texts[:2] == [
        "盖州市自然资源局现行有效行政规范性文件汇编",
        "（截至2016年1月1日，共0件）",
    ]
    assert NOTHING in texts


def test_a_broken_template_leaves_no_file(sample_office, tmp_path):
    broken = tmp_path / "templates"
    broken.mkdir()
    with zipfile.ZipFile(broken / "compilation.docx", "w") as package:
        package.writestr(
            "word/document.xml", f'<w:document xmlns:w="{W[1:-1]}"><w:body/></w:document>'
        )
    out = tmp_path / "c.docx"
    with pytest.raises(ConfigError, match="toc"):
        make_compilation(office=sample_office, output=out, template_dir=broken, paginate=False)
    assert list(tmp_path.glob("c.docx*")) == []


# ---------------------------------------------------------------------------- rendered

LONG = (
    "第一条 为规范城乡居民临时救助工作，保障困难群众基本生活，根据《社会救助暂行办法》制定本办法。"
)


def _pdf_pages(soffice: str, docx: Path) -> list[list[str]]:  # noqa: F811
    to_pdf(soffice, docx)
    text = subprocess.run(
        ["pdftotext", "-layout", str(docx.with_suffix(".pdf")), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [["".join(line.split()) for line in page.splitlines() if line.strip()]
            for page in text.split("\f")]  # fmt: skip


@pytest.mark.parametrize("part_bytes", [None, 3000])
def test_rendered_the_toc_gives_the_page_each_title_is_on(
    sqlite_sample_office,
    tmp_path,
    soffice,  # noqa: F811
    monkeypatch,
    part_bytes,
):
    """Page numbers from one LibreOffice draft, and from drafts of a few documents each (as a
    large compilation is paged), both as LibreOffice lays out the whole file."""
    if part_bytes:
        monkeypatch.setattr(compilation, "_DRAFT_BYTES", part_bytes)
    # a text of several pages moves every later document on
    services.update_document(
        office=sqlite_sample_office,
        number="盖政发〔2016〕9号",
        changes={"body_text": "\n".join([LONG] * 60)},
    )
    out = tmp_path / "汇编.docx"
    result = make_compilation(office=sqlite_sample_office, output=out)
    assert result.paged and result.paging_problem == ""
    pages = _pdf_pages(soffice, out)
    footers = [page[-1] if page else "" for page in pages]
    numbered = {
        int(m.group(1)): page
        for page, footer in zip(pages, footers, strict=True)
        if (m := re.fullmatch(r"—(\d+)—", footer))
    }
    assert sorted(numbered) == list(range(1, len(numbered) + 1))  # every body page numbered
    assert len(numbered) >= len(EXPECTED) + 5  # the long text took six pages
    assert re.fullmatch(r"—I—", footers[1])  # the TOC's own pages: I, II …
    toc_pages = [page for page, footer in zip(pages, footers, strict=True) if "I" in footer]
    toc = "".join(line for page in toc_pages for line in page[:-1])
    for number, title in EXPECTED:
        listed = re.search(re.escape(title) + r"\.*(\d+)", toc)
        assert listed, title
        page = int(listed.group(1))
        top = "".join(numbered[page][:6])
        assert title + number in top, (title, page)
