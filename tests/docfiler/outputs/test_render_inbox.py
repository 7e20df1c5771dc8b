"""Issue 12, "Must show": the reviewer's letters (审查意见书, 通报, 审查建议答复书) rendered by
LibreOffice and read back with `pdftotext` as a reader sees the page, the way test_render.py
checks the other outputs: the 版头 (the organ's name large and centred, the 发文字号 centred
under it), the title where docfiler broke it, body lines of 28 characters, the 通报's table with
no 文号 or date broken, the signature block, a page number on every page.

The sample register (sample_docs/register.toml, today 2026-11-26) on SQLite: the layout does not
depend on the database (test_review_letters.py checks the content on both)."""

from __future__ import annotations

import re

import pytest

from docfiler.outputs.review_letters import make_opinion_letter, make_reply_letter
from docfiler.outputs.review_notice import make_notice
from docfiler.outputs.review_texts import notice_title_lines
from tests.docfiler.outputs.test_render import (  # noqa: F401  (latin_metrics: the fixture)
    MM,
    _convert,
    _pages,
    _squeezed,
    _words,
    latin_metrics,
)
from tests.docfiler.outputs.test_word import soffice  # noqa: F401  (the fixture)

LEFT_EDGE = 28 * MM
RIGHT_EDGE = (28 + 156) * MM
CENTRE = (LEFT_EDGE + RIGHT_EDGE) / 2


@pytest.fixture(scope="module")
def rendered(soffice, latin_metrics, sqlite_demo, tmp_path_factory):  # noqa: F811
    """{name: (WordOutput, pages as lists of lines, the PDF)}."""
    folder = tmp_path_factory.mktemp("render-inbox")
    office = sqlite_demo
    outputs = {
        "opinion": make_opinion_letter(
            office=office,
            output=folder / "opinion.docx",
            number="盖司备审〔2026〕1号",
            contact="（联系人：李某，电话：0417-7123456）",
        ),
        "notice": make_notice(
            office=office, output=folder / "notice.docx", year=2026, number="盖司〔2026〕8号"
        ),
        "reply": make_reply_letter(office=office, output=folder / "reply.docx", suggestion_id=1),
    }
    _convert(soffice, [o.path for o in outputs.values()], folder / "pdf")
    return {
        name: (o, *_pages(folder / "pdf" / (o.path.stem + ".pdf"))) for name, o in outputs.items()
    }


NAMES = ["opinion", "notice", "reply"]


@pytest.mark.parametrize("name", NAMES)
def test_every_page_has_its_number_and_the_title_is_whole(rendered, name):
    output, pages, _ = rendered[name]
    text = "".join("".join(_squeezed(page)) for page in pages)
    assert output.title in text
    for number, page in enumerate(pages, start=1):
        assert _squeezed(page)[-1] == f"—{number}—", (name, number, page[-1])


@pytest.mark.parametrize(
    ("name", "number"),
    [("opinion", "盖司备审〔2026〕1号"), ("notice", "盖司〔2026〕8号"), ("reply", None)],
)
def test_the_masthead_is_large_and_centred_over_the_number(rendered, name, number):
    _, pages, pdf = rendered[name]
    first = _squeezed(pages[0])
    assert first[0] == "盖州市司法局"
    words = _words(pdf, 1)
    masthead = next(w for w in words if w[3] == "盖州市司法局")
    x0, x1, top, _ = masthead
    assert abs((x0 + x1) / 2 - CENTRE) < 3  # 居中排布
    assert x1 - x0 > 7 * 30  # seven characters of 小初 (36 pt), not of the body's 16 pt
    assert top > (37 + 35) * MM - 12  # 35 mm under the top of the type area (§7.2.3)
    if number is None:
        assert first[1] == "关于《盖州市困难群众救助资金管理办法》"  # a draft: no number
        return
    assert first[1] == number
    line = [w for w in words if w[2] > top + 20 and w[2] < top + 120]
    assert abs((min(w[0] for w in line) + max(w[1] for w in line)) / 2 - CENTRE) < 3


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("opinion", ["关于", "《盖州市财政专项资金绩效评价管理办法》", "的审查意见书"]),
        ("notice", notice_title_lines("盖州市司法局", 2026)),
        ("reply", ["关于《盖州市困难群众救助资金管理办法》", "审查建议的答复"]),
    ],
)
def test_the_title_breaks_where_docfiler_broke_it(rendered, name, lines):
    _, pages, _ = rendered[name]
    first = _squeezed(pages[0])
    at = first.index(lines[0])
    assert first[at : at + len(lines)] == lines


@pytest.mark.parametrize("name", NAMES)
def test_body_lines_hold_28_characters(rendered, name):
    """Counted on the lines of 汉字 and full-width marks only: a digit is narrower, and where
    one sits next to a 汉字 the layout adds a little space."""
    _, pages, _ = rendered[name]
    lines = [line for page in pages for line in _squeezed(page)]
    start = next(i for i, line in enumerate(lines) if line.endswith("："))  # the 主送机关
    wide = [line for line in lines[start + 1 :] if not any(c.isascii() for c in line)]
    assert max(map(len, wide)) == 28, wide


def test_the_opinion_letter_says_what_to_do_and_by_when(rendered):
    _, pages, _ = rendered["opinion"]
    text = "".join("".join(_squeezed(page)) for page in pages)
    assert "盖州市财政局：" in text
    assert "（一）违法增加义务或减损权利方面。第十二条要求申报单位缴纳绩效评价保证金" in text
    assert "并于2026年6月5日前将处理情况书面报告本机关。" in text


def test_the_notices_tables_break_no_number_or_date(rendered):
    output, pages, _ = rendered["notice"]
    lines = [line for page in pages for line in _squeezed(page)]
    assert lines.count("序号文号文件名称应报送日期实际报送日期逾期天数") == 2  # one per unit
    for number in output.documents:
        assert any(number in line for line in lines), number
    assert sum(len(re.findall(r"〔\d{4}〕\d+号", line)) for line in lines) >= len(output.documents)
    rows = {number: next(line for line in lines if number in line) for number in output.documents}
    assert rows["盖教发〔2026〕45号"].endswith("2026.9.162026.9.3014")
    assert rows["盖教发〔2026〕9号"].endswith("—未报送—")
    assert rows["盖财发〔2026〕12号"].endswith("2026.3.202026.3.3010")
    headings = [line for line in lines if line.startswith(("一、", "二、"))]
    assert headings == [
        "一、盖州市教育局（逾期报送1件，未报送1件）",
        "二、盖州市财政局（逾期报送1件）",
    ]


@pytest.mark.parametrize(
    ("name", "date"),
    [("opinion", "2026年5月6日"), ("notice", "2026年11月26日"), ("reply", "2026年11月5日")],
)
def test_the_signature_block(rendered, name, date):
    _, pages, pdf = rendered[name]
    last = _squeezed(pages[-1])
    at = last.index(date)
    assert last[at - 1] == "盖州市司法局"
    words = _words(pdf, len(pages))
    date_y = next(y for _x0, x1, y, t in words if t == "日" and x1 > 400)
    on_line = [w for w in words if abs(w[2] - date_y) < 1]
    assert abs((RIGHT_EDGE - max(w[1] for w in on_line)) - 4 * 16) < 3  # 右空四字
    sender = next(w for w in words if w[3] == "盖州市司法局" and w[2] < date_y and w[2] > 300)
    left, right = min(w[0] for w in on_line), max(w[1] for w in on_line)
    centre = (sender[0] + sender[1]) / 2
    # The template centres the name over the widest date (2026年11月26日, §7.3.5.1); over a
    # shorter one it stands a little left of the date's centre, never beyond the date.
    if date.endswith("11月26日"):
        assert abs(centre - (left + right) / 2) < 4
    assert left < centre < right
    if name == "opinion":
        assert last[at + 1] == "（联系人：李某，电话：0417-7123456）"
