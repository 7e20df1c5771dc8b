"""Reading a generated .docx back as a clerk sees it: the text of its paragraphs and tables."""

from __future__ import annotations

from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

Outline = list[str | list[list[str]]]


def outline(path: Path) -> Outline:
    """The body in order: each paragraph with text, and each table as its rows of cell texts
    (the header row first)."""
    document = open_docx(str(path))
    found: Outline = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = Paragraph(child, document).text
            if text.strip():
                found.append(text)
        elif child.tag == qn("w:tbl"):
            found.append([[cell.text for cell in row.cells] for row in Table(child, document).rows])
    return found


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in open_docx(str(path)).paragraphs]


def numbers_of(found: Outline) -> list[str]:
    """The 文号 column of every table in an outline, header rows left out."""
    listed = []
    for table in found:
        if isinstance(table, list):
            column = table[0].index("文号")
            listed += [row[column] for row in table[1:]]
    return listed


def numbers(path: Path) -> list[str]:
    """The 文号 column of every table in the file, header rows left out."""
    return numbers_of(outline(path))
