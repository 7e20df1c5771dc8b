"""The XML of a compilation (规范性文件汇编): the table of contents as a Word TOC field with its
entries and page numbers already in place, and each document's pages (its title as a heading the
TOC collects, its 文号 and dates, its full text).

Styles (Heading1, Heading2, TOC1, TOC2, DocInfo, BodyText, Chapter) come from the template
(scripts/make_templates.py), so the office restyles them in Word; only what must hold whatever
the style says is written here: each document starts a page, the bookmarks the TOC links to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docfiler.domain.text_checks import strip_controls

TOC_INSTRUCTION = r'TOC \o "1-2" \h \z \u'
"""Headings of levels 1–2 (制定机关, 文件标题), as hyperlinks, from the outline levels."""
MISSING_BODY = "（正文未录入）"
NOTHING = "（截至该日没有现行有效的文件。）"
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇]+[编章节]\s*\S")
_CHAPTER_MAX = 30
"""A line 第一章 总则 … no longer than this is a chapter heading, centred, not a paragraph."""


@dataclass(frozen=True)
class Heading:
    """A TOC entry: its level (1 制定机关, 2 文件标题), text and bookmark."""

    level: int
    text: str
    bookmark: str


def text(value: str) -> str:
    """Text for a w:t element: control characters dropped, XML escaped."""
    return escape(strip_controls(value))


def bookmark_name(index: int) -> str:
    """_Toc + digits: the names Word gives the bookmarks of its TOC entries."""
    return f"_Toc{100000000 + index}"


def _run(value: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text(value)}</w:t></w:r>'


def _field(instruction: str, result: str) -> str:
    """A complex field: instruction, then its cached result (runs)."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + result
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def toc(headings: Iterable[Heading], pages: Mapping[str, int] | None) -> str:
    """The table of contents: one TOC field whose cached result is an entry per heading, a
    hyperlink to its bookmark with its page number (a PAGEREF field; empty where `pages` has
    none, Word fills it on 更新域). Without headings, the field alone."""
    pages = pages or {}
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {TOC_INSTRUCTION} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    paragraphs = []
    for index, heading in enumerate(headings):
        page = pages.get(heading.bookmark)
        number = _run(str(page)) if page is not None else ""
        entry = (
            f'<w:hyperlink w:anchor="{heading.bookmark}" w:history="1">'
            + _run(heading.text)
            + "<w:r><w:tab/></w:r>"
            + _field(f"PAGEREF {heading.bookmark} \\h", number)
            + "</w:hyperlink>"
        )
        paragraphs.append(
            f'<w:p><w:pPr><w:pStyle w:val="TOC{heading.level}"/></w:pPr>'
            + (begin if index == 0 else "")
            + entry
            + "</w:p>"
        )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    if not paragraphs:
        return '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>' + begin + end + "</w:p>"
    return "".join(paragraphs) + f"<w:p>{end}</w:p>"


def heading(level: int, value: str, bookmark: str, index: int, *, new_page: bool) -> str:
    """A heading paragraph (Heading1 制定机关, Heading2 文件标题) inside its bookmark; with
    `new_page` it starts a page whatever its style says."""
    props = f'<w:pStyle w:val="Heading{level}"/>' + ("<w:pageBreakBefore/>" if new_page else "")
    return (
        f"<w:p><w:pPr>{props}</w:pPr>"
        f'<w:bookmarkStart w:id="{index}" w:name="{bookmark}"/>'
        + _run(value)
        + f'<w:bookmarkEnd w:id="{index}"/></w:p>'
    )


def info(number: str, dates: str) -> str:
    """The 文号 and, under it, the dates line, centred under the title."""
    second = f'<w:r><w:br/><w:t xml:space="preserve">{text(dates)}</w:t></w:r>' if dates else ""
    return f'<w:p><w:pPr><w:pStyle w:val="DocInfo"/></w:pPr>{_run(number)}{second}</w:p>'


def body(value: str | None) -> str:
    """The full text, a paragraph a line (empty lines dropped); 第一章 总则 and the like
    centred; （正文未录入） where the register holds no text."""
    lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
    if not lines:
        return f'<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr>{_run(MISSING_BODY)}</w:p>'
    out = []
    for line in lines:
        style = "Chapter" if len(line) <= _CHAPTER_MAX and _CHAPTER.match(line) else "BodyText"
        out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{_run(line)}</w:p>')
    return "".join(out)
