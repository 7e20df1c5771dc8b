"""An Excel workbook (.xlsx) written by streaming: sheets of rows of text, whole numbers and
dates, each read once as it is written, so memory stays flat however many rows there are.

Every sheet gets a bold, filled header row, frozen, and an autofilter over its rows; a date is a
real date (Excel's serial number, shown yyyy-mm-dd). Column widths fit the header and the first
SAMPLE_ROWS rows: a bounded sample, since a first pass would read everything twice and the
widths must come before the rows. A sheet longer than Excel allows goes on in a sheet named
“…（续1）”. What the workbook is (its title, when it was made, the day it shows) goes in its
document properties, so every sheet starts with its header row and stays machine-readable.

SpreadsheetML is written here directly (inline strings, one style sheet) rather than through
openpyxl's write-only mode: openpyxl spends about 5 µs on each cell, 12.6 s for 100,000 rows of
the 文件 sheet alone (openpyxl 3.1.5 with lxml, measured on the development machine), where the
whole export should take under 5 s at 100,000 documents (issue 15); the strings below take about
a tenth of that. openpyxl and python-calamine read the result back in the tests.

A sheet's XML may also be written by another process into a file of its own (`write_parts`)
and copied in (`Prebuilt`): `docfiler export` on two cores (`outputs.workbook_split`). The
parts of the package around the sheets are in `outputs.xlsx_package`.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from itertools import chain, islice
from typing import IO, Any, Protocol
from xml.sax.saxutils import escape

from docfiler.errors import ValidationError
from docfiler.outputs.widths import text_em, widest_em
from docfiler.outputs.xlsx_package import (
    MAIN,
    REL,
    STYLES,
    XML,
    Properties,
    column_letter,
    write_package,
)

SAMPLE_ROWS = 500
"""Rows of each sheet whose texts size its columns (with the header)."""
MIN_WIDTH, MAX_WIDTH = 6.0, 60.0
"""Column widths in Excel's units (the width of a digit); a CJK character counts two."""
FILTER_BUTTON = 2.5
"""What a header needs beside its text for the autofilter's button."""
MAX_ROWS = 1_048_576
"""The rows of an Excel sheet, its header row included."""
MAX_CELL = 32_767
"""The characters an Excel cell holds."""
FLUSH_ROWS = 1000
QUEUED = 4
TEXT_CACHE = 5000
"""The most texts of one column whose XML is kept to be written again."""
_EPOCH = dt.date(1899, 12, 30).toordinal()
"""Day 0 of Excel's date serial numbers (the 1900 date system, as Excel counts it)."""
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold: dropped (the register's own writes refuse them anyway)."""
_EDGES = " \t\n\r"
"""Characters at either end of a text that XML would drop unless told to keep them."""
_HEADER_STYLE, _DATE_STYLE = 1, 2


class SheetRows(Protocol):
    """What a sheet is made of (`queries.export_rows.Sheet`); `tab`: its place among the
    workbook's tabs, which need not be the order the sheets are written in."""

    name: str
    headers: tuple[str, ...]
    rows: Iterable[tuple]
    tab: int


Progress = Callable[[str, int], None]
"""Called with a sheet's name and the rows written to it so far."""


@dataclass(frozen=True)
class _Written:
    name: str
    headers: tuple[str, ...]
    rows: int
    part: int
    """The sheet's part: sheet{part}.xml, written in this order."""
    tab: int


@dataclass(frozen=True)
class Part:
    """One sheet's XML (or the rest of a sheet too long for Excel: “…（续1）”) written by
    `write_parts` — in another process — into a file, from `start`, `size` bytes long."""

    name: str
    headers: tuple[str, ...]
    rows: int
    tab: int
    start: int
    size: int


@dataclass(frozen=True)
class Prebuilt:
    """Sheets whose XML another process wrote into `source` (`write_parts`): `parts` gives each
    one once it is complete (and may wait for it). `write_workbook` copies them in."""

    source: IO[bytes]
    parts: Iterable[Part]


COPY_BYTES = 1 << 20
"""The bytes of a prebuilt part read (and handed to the compressing thread) at a time."""


def write_workbook(
    raw: IO[bytes],
    sheets: Iterable[SheetRows | Prebuilt],
    properties: Properties,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, int]:
    """Write the workbook of `sheets` into `raw`, in their order, listed by their `tab`.
    Returns the rows of each sheet written (headers apart), by sheet name, as listed."""
    written: list[_Written] = []
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("xl/styles.xml", STYLES)

        def member(_name: str) -> AbstractContextManager[_Compressing]:
            return _member(archive, f"xl/worksheets/sheet{len(written) + 1}.xml")

        for sheet in sheets:
            if isinstance(sheet, Prebuilt):
                for part in sheet.parts:
                    with member(part.name) as stream:
                        _copy(sheet.source, part.start, part.size, stream)
                    written.append(
                        _Written(part.name, part.headers, part.rows, len(written) + 1, part.tab)
                    )
                continue
            for name, count in _sheet_parts(sheet, member, progress, cancelled):
                written.append(_Written(name, sheet.headers, count, len(written) + 1, sheet.tab))
        written.sort(key=lambda w: (w.tab, w.part))
        write_package(archive, written, properties)
    return {sheet.name: sheet.rows for sheet in written}


def write_parts(out: IO[bytes], sheets: Iterable[SheetRows]) -> Iterator[Part]:
    """Each sheet's XML written into `out`, one part after another (a sheet too long for Excel
    makes several); each part is yielded once it is written and flushed, for another process
    to copy into its workbook (`Prebuilt`)."""
    for sheet in sheets:
        start = out.tell()
        for name, count in _sheet_parts(sheet, lambda _name: nullcontext(out), None, None):
            out.flush()
            end = out.tell()
            yield Part(name, sheet.headers, count, sheet.tab, start, end - start)
            start = end


def _sheet_parts(
    sheet: SheetRows,
    begin: Callable[[str], AbstractContextManager[Any]],
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> Iterator[tuple[str, int]]:
    """Write `sheet` as one part or, when it is too long for Excel, several (“…（续1）” …), each
    into what `begin(name)` gives; yields each part's name and rows as it is complete."""
    rows: Iterator[tuple] | None = iter(sheet.rows)
    part = 0
    while rows is not None:
        name = f"{sheet.name}（续{part}）" if part else sheet.name
        with begin(name) as stream:
            count, rows = _write_sheet(stream, name, sheet.headers, rows, progress, cancelled)
        yield name, count
        part += 1


def _copy(source: IO[bytes], start: int, size: int, stream: _Compressing) -> None:
    """`size` bytes of `source` from `start` into `stream` (without moving `source`'s position:
    another process may be writing to it)."""
    fd, end = source.fileno(), start + size
    while start < end:
        data = os.pread(fd, min(COPY_BYTES, end - start), start)
        if not data:
            raise OSError(f"临时文件不完整：缺少 {end - start} 字节。")
        stream.write(data)
        start += len(data)


@contextmanager
def _member(archive: zipfile.ZipFile, path: str) -> Iterator[_Compressing]:
    """A sheet's member of the archive, written through a `_Compressing` thread."""
    member = archive.open(path, "w", force_zip64=True)
    with member, _Compressing(member) as stream:
        yield stream


class _Compressing:
    """Writes handed to a zip member by a second thread: deflating and writing one batch (which
    release the GIL) overlap building the next. At most QUEUED batches wait."""

    def __init__(self, member: IO[bytes]) -> None:
        self.member = member
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUED)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="docfiler-xlsx", daemon=True)

    def __enter__(self) -> _Compressing:
        self.thread.start()
        return self

    def _run(self) -> None:
        while (data := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.member.write(data)
                except BaseException as exc:  # handed to the writing thread
                    self.error = exc

    def write(self, data: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(data)

    def __exit__(self, *exc: object) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None and exc[0] is None:
            raise self.error


def _write_sheet(
    stream: _Compressing | IO[bytes],
    name: str,
    headers: Sequence[str],
    rows: Iterator[tuple],
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> tuple[int, Iterator[tuple] | None]:
    """One sheet's XML, its rows written as they are read, at most what Excel holds. Returns
    how many rows it holds, and the rows left over (None when there are none)."""
    sample = list(islice(rows, min(SAMPLE_ROWS, MAX_ROWS - 1)))
    starts = [f'<c r="{column_letter(i)}' for i in range(len(headers))]
    texts = _text_caches(len(headers), sample)
    stream.write(_sheet_head(column_widths(headers, sample)).encode())
    header = "".join(
        f'{start}1" t="inlineStr" s="{_HEADER_STYLE}"><is><t>{escape(text)}</t></is></c>'
        for start, text in zip(starts, headers, strict=True)
    )
    batch = [f'<row r="1">{header}</row>']
    number = 1
    for values in chain(sample, islice(rows, MAX_ROWS - 1 - len(sample))):
        number += 1
        batch.append(_row(values, number, starts, texts))
        if len(batch) >= FLUSH_ROWS:
            stream.write("".join(batch).encode())
            batch.clear()
            if progress:
                progress(name, number - 1)
            if cancelled and cancelled():
                raise ValidationError("已取消，未生成文件。")
    stream.write("".join(batch).encode())
    last = f"{column_letter(len(headers) - 1)}{number}"
    stream.write(f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>'.encode())
    if progress:
        progress(name, number - 1)
    following = next(rows, None) if number == MAX_ROWS else None
    return number - 1, (None if following is None else chain([following], rows))


def _text_caches(columns: int, sample: Sequence[tuple]) -> list[dict[str, str] | None]:
    """A cache of the XML of each text for each column whose sampled texts repeat (at most
    half of them distinct: 制定机关, 状态, 是/否 …); None for the others (文号, 标题 …)."""
    caches: list[dict[str, str] | None] = []
    for index in range(columns):
        texts = [row[index] for row in sample if type(row[index]) is str]
        caches.append({} if texts and len(set(texts)) * 2 <= len(texts) else None)
    return caches


def _row(
    values: Iterable[Any], number: int, starts: Sequence[str], texts: Sequence[dict | None]
) -> str:
    """One row of cells: text inline, a date as its serial number in the date style, a number
    as it is; None and empty text leave the cell out. `starts`: each column's `<c r="X`;
    `texts`: each column's cache of text XML, or None (see `_text_caches`)."""
    at = f'{number}"'
    cells = []
    add = cells.append
    for start, value, cache in zip(starts, values, texts, strict=True):
        kind = type(value)
        if kind is str:
            if value:
                xml = cache.get(value) if cache is not None else None
                if xml is None:
                    plain = _SPECIAL.search(value) is None and len(value) <= MAX_CELL
                    if plain and value[0] not in _EDGES and value[-1] not in _EDGES:
                        xml = f"<t>{value}</t>"  # most texts: nothing to escape or keep
                    else:
                        xml = _text(value)
                    if cache is not None and len(cache) < TEXT_CACHE:
                        cache[value] = xml
                add(f'{start}{at} t="inlineStr"><is>{xml}</is></c>')
        elif kind is dt.date:
            add(f'{start}{at} s="{_DATE_STYLE}"><v>{value.toordinal() - _EPOCH}</v></c>')
        elif kind is int or kind is float:
            add(f"{start}{at}><v>{value}</v></c>")
        elif value is not None:  # a bool, a time: as its text
            add(f'{start}{at} t="inlineStr"><is>{_text(str(value))}</is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def _text(value: str) -> str:
    """`<t>value</t>`, escaped, kept whole (spaces at its ends too), within Excel's limit."""
    if len(value) > MAX_CELL:
        value = value[: MAX_CELL - 1] + "…"  # never reached by the register's own columns
    if _SPECIAL.search(value):
        value = escape(_ILLEGAL.sub("", value))
    if value and (value[0] in _EDGES or value[-1] in _EDGES):
        return f'<t xml:space="preserve">{value}</t>'
    return f"<t>{value}</t>"


def column_widths(headers: Sequence[str], sample: Sequence[tuple]) -> list[float]:
    """Each column's width in Excel's units: its header (bold, with the filter button) or the
    widest of its sampled values, a CJK character counting two, within MIN_WIDTH..MAX_WIDTH."""
    widths = []
    for index, header in enumerate(headers):
        texts = [_shown(row[index]) for row in sample if row[index] not in (None, "")]
        need = max(2 * text_em(header) + FILTER_BUTTON, 2 * widest_em(texts) + 1.5)
        widths.append(round(min(max(need, MIN_WIDTH), MAX_WIDTH), 1))
    return widths


def _shown(value: Any) -> str:
    return value.isoformat() if type(value) is dt.date else str(value)


def _sheet_head(widths: Sequence[float]) -> str:
    columns = "".join(
        f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
        for i, width in enumerate(widths, 1)
    )
    return (
        f'{XML}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetViews>'
        '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
        ' state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>'
        f'</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{columns}</cols><sheetData>'
    )
