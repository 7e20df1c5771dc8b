"""Issue 10, items 2 and 9, read from the XML: the sized columns, the line and page geometry of
the body text, the page number's place, placeholders never left empty, and a template without
its group line. The same things rendered by LibreOffice: test_render.py."""

import re
import shutil
import zipfile

from docx import Document as open_docx
from docx.oxml.ns import qn

from docfiler.outputs.word import Group, find_template, render
from tests.docfiler.outputs.read_back import outline

TYPE_WIDTH_PT = 156 / 25.4 * 72  # 442.2
TWIPS_PER_MM = 1440 / 25.4


def _xml(path, part="word/document.xml") -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(part).decode("utf-8")


def _rows(count, number="盖政办发〔2026〕{}号"):
    return [
        {
            "no": str(i),
            "title": f"《盖州市城乡居民最低生活保障对象认定和动态管理办法（第{i}稿）》",
            "number": number.format(i),
            "dates": "2026年11月30日",
            "note": "",
        }
        for i in range(1, count + 1)
    ]


def _grid(path) -> list[int]:
    return [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', _xml(path))]


def test_columns_are_sized_from_what_they_hold(tmp_path):
    out = tmp_path / "目录.docx"
    fields = {"title": "目录", "subtitle": None, "footnote": None}
    optional = frozenset({"valid_until"})  # the 有效期至 column, left out as docfiler does
    render(
        find_template("catalogue"),
        out,
        fields=fields,
        groups=[Group(None, _rows(120))],
        left_out=optional,
    )
    no, title, number, dates, note = _grid(out)
    # 五号 10.5 pt, margins 114 twips, 1 pt slack: 文号 盖政办发〔2026〕120号 = 7 + 3.5 + ¼ em
    # = 112.875 pt → (112.875 + 1) × 20 + 114 = 2391.5 → 2392; the date 8.25 em = 86.625 pt
    # → 1867; 序号 "序号" 21 pt → 554; 备注 its header, 21 pt → 534; 文件名称 the rest of 8844.
    assert (no, number, dates, note) == (554, 2392, 1867, 534)
    assert title == 8844 - 554 - 2392 - 1867 - 534
    # Shorter numbers, a narrower 文号 column and a wider 文件名称.
    short = tmp_path / "短.docx"
    render(
        find_template("catalogue"),
        short,
        fields=fields,
        groups=[Group(None, _rows(9, "盖政发〔2026〕{}号"))],
        left_out=optional,
    )
    assert _grid(short)[2] < number and _grid(short)[1] > title
    # Every cell of a column has the grid's width.
    widths = re.findall(r'<w:tcW w:w="(\d+)" w:type="dxa"/>', _xml(out))
    assert [int(w) for w in widths[:5]] == _grid(out)


def test_body_text_holds_28_characters_a_line_and_22_lines_a_page():
    document = _xml(find_template("filing_report"))
    styles = _xml(find_template("filing_report"), "word/styles.xml")
    assert '<w:docGrid w:type="lines" w:linePitch="579"/>' in document
    normal = re.search(r'<w:style w:type="paragraph" w:default="1".*?</w:style>', styles).group(0)
    assert 'w:line="579" w:lineRule="exact"' in normal  # 22 × 28.95 pt = 637 pt ≤ 225 mm
    assert 22 * 579 <= 225 * TWIPS_PER_MM < 23 * 579
    condensed = int(re.search(r'<w:spacing w:val="(-?\d+)"/>', normal).group(1)) / 20
    character = 16 + condensed  # 3号, condensed
    assert 28 * character <= TYPE_WIDTH_PT < 29 * character


def test_the_page_number_sits_7_mm_below_the_type_area_one_character_in():
    document = open_docx(str(find_template("catalogue")))
    section = document.sections[0]
    pg_mar = document.element.body.sectPr.find(qn("w:pgMar"))
    bottom, footer = int(pg_mar.get(qn("w:bottom"))), int(pg_mar.get(qn("w:footer")))
    line = 280  # the page number's line: exactly 14 pt (4号)
    gap_mm = (bottom - footer - line) / TWIPS_PER_MM
    assert abs(gap_mm - 7) < 0.1
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.paragraph_format.right_indent.pt == 14  # 空一字: one 4号 character
    assert even.paragraph_format.left_indent.pt == 14
    assert odd.text == "— 1 —" and even.text == "— 1 —"


def test_no_placeholder_is_left_empty_or_unfilled(tmp_path):
    out = tmp_path / "目录.docx"
    render(
        find_template("catalogue"),
        out,
        fields={"title": "目录", "subtitle": "", "footnote": None},  # "" and None: both dropped
        groups=[Group("盖州市人民政府（1件）", _rows(1))],
    )
    body = open_docx(str(out)).paragraphs
    assert [p.text for p in body] == ["目录", "盖州市人民政府（1件）"]
    with zipfile.ZipFile(out) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                assert "{{" not in package.read(name).decode("utf-8"), name


def test_a_placeholder_typed_with_spaces_is_filled(tmp_path):
    folder = tmp_path / "模板"
    folder.mkdir()
    template = folder / "catalogue.docx"
    shutil.copy(find_template("catalogue"), template)
    edited = open_docx(str(template))
    edited.paragraphs[0].runs[0].text = "{{ title }}"
    edited.save(str(template))
    out = tmp_path / "目录.docx"
    render(template, out, fields={"title": "目录"}, groups=[Group(None, _rows(1))])
    assert open_docx(str(out)).paragraphs[0].text == "目录"


def test_without_the_group_line_the_groups_make_one_table_numbered_through(tmp_path):
    """An office that deletes the {{group}} line: tables back to back would show as one table
    whose 序号 starts again at 1."""
    template = tmp_path / "catalogue.docx"
    document = open_docx(str(find_template("catalogue")))
    heading = next(p for p in document.paragraphs if p.text == "{{group}}")
    heading._p.getparent().remove(heading._p)
    document.save(str(template))
    out = tmp_path / "目录.docx"
    render(
        template,
        out,
        fields={"title": "目录"},
        groups=[Group("盖州市人民政府（2件）", _rows(2)), Group("盖州市人民政府办公室", _rows(3))],
    )
    tables = [item for item in outline(out) if isinstance(item, list)]
    assert len(tables) == 1
    assert [row[0] for row in tables[0]] == ["序号", "1", "2", "3", "4", "5"]
