"""Reading a published normative document from Word (.docx).

:func:`read_document` extracts the 发文字号, the title, the 成文日期 and the body text from a
document laid out per GB/T 9704-2012 (letterhead, number line, title, 主送机关, body, signature,
date, 版记), and also copes with what offices actually send: the number in a letterhead table or
a content control, a title split over several centred paragraphs, the title above the number
(as websites reprint documents), a decree number on two lines (``营口市人民政府令`` / ``第35号``),
full-width digits and brackets, and a 成文日期 in Chinese numerals (``二〇一六年三月一日``).

How the parts are found (every paragraph and table cell, in document order, split at line
breaks into *lines*; formatting is resolved through the paragraph and character styles):

* **发文字号**: the first line in the header (before the first article or sentence of body text)
  that consists of a number and nothing else but brackets, a ``文号：`` label or a
  ``签发人：…`` entry, and that :func:`docfiler.domain.docnumber.try_parse` accepts. Numbers cited in
  the body (``国发〔2014〕47号``) or listed in an attachment's table are never taken for it.
* **Letterhead** (``authority_line``): the lines just above the number that look like a
  发文机关标志 (ending in 文件, red or very large type).
* **Title**: the first title-like line after the number (centred, large or bold type, or a word
  such as 办法/规定/通知/决定/意见/细则/方案), joined with the centred lines in the same type
  that follow it (a title split over paragraphs). Failing that, the title-like lines just above
  the number; failing that, the 《…》 named in a 现予公布/印发 sentence.
* **主送机关** (``addressee``): the first line after the title if it ends with a colon and reads
  as a list of addressees rather than a sentence.
* **成文日期**: the first line after the title that is nothing but a date, ``2016年3月1日`` or
  ``二〇一六年三月一日``. Dates inside sentences (施行日期), the 印发 line of the 版记 and dates
  in an attachment's table after the signature are not taken for it.
* **Signature** (``signatory``): up to three short lines just above the date that are right-
  aligned or end like an authority's name (人民政府, 办公室, 局 …).
* **Body**: the lines between the title (and 主送 line) and the signature; without a date, up to
  the 版记 (抄送 / 印发) or the end.

Errors a clerk can act on raise :class:`docfiler.errors.ValidationError` with a Chinese message:
a missing file, a file that is not a .docx (PDF, legacy .doc, a renamed text file, Excel …), and a
document without a recognisable 发文字号. Anything merely doubtful (no title, no date, the number's
year differing from the date's) is returned in ``warnings``.

The module reads in three steps: :mod:`docfiler.outputs.reader_lines` opens the file and gives
its lines with their formatting, :mod:`docfiler.outputs.reader_parts` recognises each part,
and :func:`read_document` puts them together. python-docx is imported only when a file is
read, so importing this module is cheap.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from docfiler.domain.docnumber import DocNumber, try_parse
from docfiler.errors import ValidationError
from docfiler.outputs.reader_lines import (
    Line,
    as_written,
    collect_lines,
    normalize,
    open_docx,
    text_box_lines,
)
from docfiler.outputs.reader_parts import (
    PUBLISH_RE,
    Found,
    attachment_names,
    attachment_start,
    date_of,
    find_number,
    find_title,
    is_addressee,
    is_blank,
    is_colophon,
    is_signature,
    letterhead_above,
    numbers_in_table,
    previous_nonblank,
    printed,
    tidy,
    title_above,
)
from docfiler.outputs.reader_validity import stated_validity

__all__ = ["ReadResult", "read_document"]


@dataclass
class ReadResult:
    """What was read from one document. ``doc_number`` is in canonical form."""

    doc_number: str
    title: str | None
    written_on: dt.date | None  # 成文日期
    body: str
    authority_line: str | None = None  # 发文机关标志 (letterhead), e.g. 盖州市人民政府文件
    addressee: str | None = None  # 主送机关, without the final colon
    signatory: str | None = None  # 发文机关署名
    doc_number_as_written: str | None = None
    source: str | None = None  # the file name
    warnings: list[str] = field(default_factory=list)
    valid_years: int | None = None  # 有效期N年, as the text states it
    valid_until: dt.date | None = None  # 有效期至……, as the text states it
    authorities: list[str] = field(default_factory=list)
    """The issuing organs the letterhead names, in its order (several: 联合发文)."""
    attachments: list[str] = field(default_factory=list)
    """The names in the 附件说明 (附件：1.×× 2.××), which is not part of the body."""
    printed_by: str | None = None  # 印发机关, from the 版记
    printed_on: dt.date | None = None  # 印发日期, from the 版记

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict; dates in ISO form (``2016-03-01``)."""
        return {
            "source": self.source,
            "doc_number": self.doc_number,
            "doc_number_as_written": self.doc_number_as_written,
            "title": self.title,
            "written_on": self.written_on.isoformat() if self.written_on else None,
            "authority_line": self.authority_line,
            "addressee": self.addressee,
            "signatory": self.signatory,
            "body": self.body,
            "valid_years": self.valid_years,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "authorities": list(self.authorities),
            "attachments": list(self.attachments),
            "printed_by": self.printed_by,
            "printed_on": self.printed_on.isoformat() if self.printed_on else None,
            "warnings": list(self.warnings),
        }

    def as_json(self, indent: int | None = 2) -> str:
        """JSON text (UTF-8, Chinese not escaped), dates in ISO form."""
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=indent)


def read_document(path: str | os.PathLike[str]) -> ReadResult:
    """Read the 发文字号, title, 成文日期 and body of a published document in Word (.docx).

    Raises :class:`ValidationError` (Chinese message) if the file is missing or not a .docx,
    or if no 发文字号 can be recognised.
    """
    path = Path(path)
    lines, found = _lines_and_number(open_docx(path))
    if found.number_index is None:
        raise _no_number(path.name, lines, found)
    _refuse_a_list(path.name, lines, found)
    number = try_parse(found.number_text)
    assert number is not None  # find_number only returns parseable numbers
    start = _title_start(lines, found)
    title, body_start = find_title(lines, start, len(lines))
    if title is None:
        title, body_start = title_above(lines, found.number_index), start
    addressee, body_start = _addressee(lines, body_start)
    warnings: list[str] = []
    date_index, written_on = _written_date(lines, body_start)
    if date_index is None:
        signatory, body_end = None, _colophon_at(lines, body_start)
        warnings.append("没有找到成文日期（如“2016年3月1日”），请手工填写。")
    else:
        signatory, body_end = _signature(lines, date_index, body_start)
        if written_on is None:
            warnings.append(f"成文日期“{lines[date_index].text}”不是有效日期，请核对后手工填写。")
    body_end, attachments = _attachments(lines, body_start, body_end)
    body_lines = [lines[k].text for k in range(body_start, body_end) if not is_blank(lines[k])]
    if title is None and body_lines and (named := _title_named_in(body_lines[0])):
        title = named
        warnings.append(f"没有找到单独的标题行，标题取自正文中的《{title}》，请核对。")
    body = "\n".join(body_lines)
    warnings += _doubts(title, body, number, written_on)
    number_as_written, letterhead = _as_printed(lines, found)
    letterhead = _wenjian_last(letterhead)
    valid_years, valid_until = stated_validity(body)
    printed_by, printed_on = _printed(lines, body_end)
    return ReadResult(
        doc_number=str(number),
        title=title,
        written_on=written_on,
        body=body,
        authority_line=letterhead,
        addressee=addressee,
        signatory=signatory,
        doc_number_as_written=number_as_written,
        source=path.name,
        warnings=warnings,
        valid_years=valid_years,
        valid_until=valid_until,
        authorities=_organs(letterhead),
        attachments=attachments,
        printed_by=printed_by,
        printed_on=printed_on,
    )


def _refuse_a_list(name: str, lines: list[Line], found: Found) -> None:
    """A file whose "number" is one row of a table listing several (a catalogue, a list of
    repealed documents) is not a normative document: refused, not misread."""
    assert found.number_index is not None
    table = lines[found.number_index].table
    if table is None:
        return
    count = numbers_in_table(lines, table)
    if count >= 2:
        raise ValidationError(
            f"“{name}”不是规范性文件：文中的文号都在一张列有 {count} 个文号的表格里"
            "（像是文件目录或清单），没有发文字号、标题和正文。"
            "请选择规范性文件本身的 Word 文档；目录中的文件请逐件登记。"
        )


def _attachments(lines: list[Line], body_start: int, body_end: int) -> tuple[int, list[str]]:
    """The 附件说明 at the end of the body: (where the body now ends, the attachment names)."""
    at = attachment_start(lines, body_start, body_end)
    if at is None:
        return body_end, []
    return at, attachment_names([lines[k] for k in range(at, body_end) if not is_blank(lines[k])])


def _printed(lines: list[Line], after: int) -> tuple[str | None, dt.date | None]:
    """印发机关 and 印发日期 from the 版记 line (… 2016年3月1日印发)."""
    for k in range(after, len(lines)):
        found = printed(lines[k])
        if found is not None:
            return found
    return None, None


def _wenjian_last(letterhead: str | None) -> str | None:
    """A joint letterhead's 文件, printed beside the names (a cell of its own), after the last
    name: 盖州市财政局 / 盖州市人力资源和社会保障局文件."""
    if not letterhead or "\n" not in letterhead:
        return letterhead
    names = [line for line in letterhead.split("\n") if line != "文件"]
    if len(names) == letterhead.count("\n") + 1 or not names:
        return letterhead
    return "\n".join(names) + "文件"


def _organs(letterhead: str | None) -> list[str]:
    """The organs a letterhead names, in order: 文件 dropped, whether it follows each name or
    stands on its own beside the names of a joint letterhead."""
    if not letterhead:
        return []
    organs = []
    for line in letterhead.split("\n"):
        name = line.removesuffix("文件")
        if name and name not in organs:
            organs.append(name)
    return organs


def _lines_and_number(document) -> tuple[list[Line], Found]:
    """The document's lines and where its number is, looking in text boxes if need be."""
    lines = collect_lines(document)
    found = find_number(lines)
    if found.number_index is not None:
        return lines, found
    extra = text_box_lines(document)
    box = find_number(extra)
    if box.number_index is None:
        found.bad_numbers.extend(box.bad_numbers)
        return lines, found
    # The number is drawn in a text box: read the rest from the body as if it came first.
    return extra[: box.number_end] + lines, box


def _no_number(name: str, lines: list[Line], found: Found) -> ValidationError:
    title, _ = find_title(lines, 0, len(lines))
    message = f"在“{name}”中没有找到发文字号（如“盖政发〔2016〕9号”）。"
    if title:
        message += f"找到的标题是《{title}》。"
    if found.bad_numbers:
        message += "文中的文号有误：" + found.bad_numbers[0]
    message += (
        "请确认这是已印发的正式文件（发文字号在版头红色分隔线上方），或在登记时手工填写文号。"
    )
    return ValidationError(message)


def _title_start(lines: list[Line], found: Found) -> int:
    """Where to look for the title: after the number, and after the rest of a letterhead table
    (签发人, 紧急程度 …) that holds it."""
    assert found.number_index is not None
    start = found.number_end or found.number_index + 1
    table = lines[found.number_index].table
    while table is not None and start < len(lines) and lines[start].table == table:
        start += 1
    return start


def _addressee(lines: list[Line], body_start: int) -> tuple[str | None, int]:
    """The 主送机关 line, if the body opens with one: (addressee, where the body starts)."""
    i = body_start
    while i < len(lines) and is_blank(lines[i]):
        i += 1
    if i < len(lines) and is_addressee(lines[i]):
        return tidy(lines[i].text).rstrip(":："), i + 1
    return None, body_start


def _written_date(lines: list[Line], body_start: int) -> tuple[int | None, dt.date | None]:
    """成文日期: the first line after the title that is only a date, outside tables, or inside
    one when a signature stands just above it in the same table. (index, the date if valid)."""
    for k in range(body_start, len(lines)):
        is_date, value = date_of(lines[k].norm)
        if not is_date:
            continue
        if lines[k].table is not None:
            above = previous_nonblank(lines, k, body_start)
            if (
                above is None
                or lines[above].table != lines[k].table
                or not is_signature(lines[above])
            ):
                continue
        return k, value
    return None, None


def _signature(lines: list[Line], date_index: int, body_start: int) -> tuple[str | None, int]:
    """Up to three signature lines just above the date: (signatory, where the body ends)."""
    body_end = date_index
    signature: list[int] = []
    k = previous_nonblank(lines, date_index, body_start)
    while k is not None and len(signature) < 3 and is_signature(lines[k]):
        signature.append(k)
        body_end = k
        k = previous_nonblank(lines, k, body_start)
    if not signature:
        return None, body_end
    return "、".join(lines[s].text for s in reversed(signature)), body_end


def _colophon_at(lines: list[Line], body_start: int) -> int:
    """Without a date, the body ends at the 版记 (抄送 / 印发), or at the end."""
    return next((k for k in range(body_start, len(lines)) if is_colophon(lines[k])), len(lines))


def _title_named_in(sentence: str) -> str | None:
    """The 《…》 a 现予公布 / 印发 sentence names."""
    match = re.search(PUBLISH_RE, normalize(sentence))
    return match.group(1) if match else None


def _doubts(
    title: str | None, body: str, number: DocNumber, written_on: dt.date | None
) -> list[str]:
    warnings = []
    if title is None:
        warnings.append("没有找到标题，请手工填写。")
    if not body:
        warnings.append("没有找到正文。")
    if number.year is not None and written_on is not None and number.year != written_on.year:
        warnings.append(
            f"发文字号的年份（{number.year}年）与成文日期（{written_on.year}年）不一致，请核对。"
        )
    return warnings


def _as_printed(lines: list[Line], found: Found) -> tuple[str, str | None]:
    """The number as written in the file, and the letterhead above it."""
    assert found.number_index is not None and found.number_text is not None
    if found.split_decree:
        # 营口市人民政府令 / 第35号: the first line is the letterhead as well.
        return found.number_text, letterhead_above(lines, found.number_index + 1)
    return (
        as_written(lines[found.number_index].text, found.number_text),
        letterhead_above(lines, found.number_index),
    )
