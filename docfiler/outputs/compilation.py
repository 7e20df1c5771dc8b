"""The compilation of the valid documents' full texts (规范性文件汇编; seed report §三: "印刷了
《盖州市规范性文件汇编》进行发放"): a cover, a table of contents with page numbers, then each
document on a page of its own — title, 文号 and dates, full text — in the catalogue's order.

Which documents, and in what order, is the catalogue's (queries.catalogue: published by the date
and not ended; the government and its 办公室 by default, `authorities`, or every authority),
grouped and numbered as outputs.listing groups every list. The text is the register's 正文
(documentbody), read a batch at a time while document.xml is streamed to a temporary file.

The TOC is a real Word field (TOC \\o "1-2" \\h \\z \\u) that Word updates; its entries are written
in with the page numbers LibreOffice gives them (compilation_pages), so the file is right when
opened or printed as it is. The body's pages are numbered from 1 (the cover has no number, the
TOC pages I, II …), so the TOC's own length never shifts them.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlmodel import select

from docfiler.domain.labels import date_label
from docfiler.errors import ConfigError, ValidationError
from docfiler.office import Office
from docfiler.outputs import compilation_pages as paging
from docfiler.outputs import compilation_xml as xml
from docfiler.outputs.catalogue import select_catalogue
from docfiler.outputs.word import (
    _compile,
    _copy_other_parts,
    _fill,
    _merge_split_placeholders,
    _paragraph_around,
    find_template,
)
from docfiler.queries.catalogue import (
    Amendment,
    awaiting_effect,
)
from docfiler.store.tables import Document, DocumentBody

_BATCH = 200
"""Bodies read from the database at a time."""
_CHUNK = 1 << 20
_DRAFT_BYTES = 400_000
"""Body XML laid out by one LibreOffice draft (about 250 pages): a large compilation is laid
out in parts, by two or more LibreOffice processes at once where there are the processors."""


@dataclass(frozen=True)
class Entry:
    """One document of the compilation."""

    id: int
    number: str
    title: str
    dates: str
    """（2023年4月12日发布，2025年4月16日根据盖政发〔2025〕27号修改）"""


@dataclass(frozen=True)
class Part:
    """The documents of one issuing authority, under its heading 机关名称（N件）."""

    heading: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Contents:
    organ: str
    """Whose documents: 盖州市人民政府 (and its 办公室), one authority, or 盖州市 for all."""
    title: str
    subtitle: str
    parts: tuple[Part, ...]

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(entry for part in self.parts for entry in part.entries)


@dataclass(frozen=True)
class CompilationOutput:
    """The file written: its title, the documents in it (文号, in order), those with no stored
    text, and whether the TOC's page numbers were filled in (False without LibreOffice)."""

    path: Path
    title: str
    rows: int
    documents: tuple[str, ...]
    missing_text: tuple[str, ...]
    paged: bool
    paging_problem: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "title": self.title,
            "rows": self.rows,
            "documents": list(self.documents),
            "missing_text": list(self.missing_text),
            "paged": self.paged,
        }


def dates_line(
    published: dt.date, amended: Sequence[Amendment], effective: dt.date | None, as_of: dt.date
) -> str:
    """（发布日期发布，each amendment 根据…修改，××起施行 if not yet in force on `as_of`）."""
    parts = [f"{date_label(published)}发布"]
    parts += [f"{date_label(a.published_on)}根据{a.number}修改" for a in amended]
    if awaiting_effect(effective, as_of):
        parts.append(f"{date_label(effective)}起施行")
    return "（" + "，".join(parts) + "）"


def compilation_contents(
    *,
    office: Office,
    as_of: dt.date | None = None,
    authorities: Sequence[str] = (),
    everyone: bool = False,
) -> Contents:
    """The documents of the catalogue of `as_of` for the scope, in the catalogue's order
    (`catalogue.select_catalogue`: one selection for both)."""
    as_of = as_of or office.today()
    chosen = select_catalogue(office, as_of, authorities, everyone)
    entries: dict[str, Entry] = {}

    def row(index: int, d: Document) -> dict[str, str]:
        amended = chosen.amendments.get(d.id, [])
        dates = dates_line(d.published_on, amended, d.effective_on, as_of)
        entries[d.doc_number] = Entry(d.id, d.doc_number, d.title.strip(), dates)
        return {"number": d.doc_number}

    parts = tuple(
        Part(g.heading or "", tuple(entries[r["number"]] for r in g.rows))
        for g in chosen.groups(row)
    )
    return Contents(
        organ=chosen.scope.name,
        title=f"{chosen.scope.name}现行有效行政规范性文件汇编",
        subtitle=f"（截至{date_label(as_of)}，共{len(chosen.documents)}件）",
        parts=parts,
    )


def _bodies(office: Office, entries: Sequence[Entry]) -> Iterator[tuple[Entry, str | None]]:
    """Each entry with its stored text (None: none recorded), read a batch at a time."""
    for start in range(0, len(entries), _BATCH):
        batch = entries[start : start + _BATCH]
        with office.reading() as session:
            rows = session.execute(
                select(DocumentBody.document_id, DocumentBody.text).where(
                    DocumentBody.document_id.in_([e.id for e in batch])
                )
            ).all()
        texts = dict(rows)
        for entry in batch:
            yield entry, texts.get(entry.id)


@dataclass(frozen=True)
class _Template:
    """document.xml cut at the {{toc}} and {{body}} paragraphs, the other fields filled."""

    head: str
    middle: str
    tail: str


def _template(source: zipfile.ZipFile, path: Path, fields: dict[str, str]) -> _Template:
    from lxml import etree

    try:
        document = _merge_split_placeholders(source.read("word/document.xml"))
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise ConfigError(
            f"模板 {path} 缺少或损坏了 word/document.xml，不是有效的 Word 文档。"
        ) from exc
    cuts = []
    for name in ("toc", "body"):
        at = document.find("{{" + name + "}}")
        if at < 0:
            raise ConfigError(f"模板 {path.name} 中没有 {{{{{name}}}}}，无法生成汇编。")
        cuts.append(_paragraph_around(document, at))
    (toc_start, toc_end), (body_start, body_end) = cuts
    if toc_end > body_start:
        raise ConfigError(f"模板 {path.name} 中 {{{{toc}}}} 应在 {{{{body}}}} 之前。")

    def filled(part: str) -> str:
        return _fill(_compile(part), fields)

    return _Template(
        head=filled(document[:toc_start]),
        middle=filled(document[toc_end:body_start]),
        tail=filled(document[body_end:]),
    )


def _headings(contents: Contents) -> list[tuple[xml.Heading, Entry | None]]:
    """The TOC's entries in order: a 制定机关 heading (with no entry), then its documents."""
    out: list[tuple[xml.Heading, Entry | None]] = []
    for part in contents.parts:
        out.append((xml.Heading(1, part.heading, xml.bookmark_name(len(out))), None))
        for entry in part.entries:
            out.append((xml.Heading(2, entry.title, xml.bookmark_name(len(out))), entry))
    return out


def _write_body(
    office: Office,
    stream: IO[bytes],
    headings: list[tuple[xml.Heading, Entry | None]],
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> tuple[list[str], list[int]]:
    """Stream every document's pages into `stream`. Returns the 文号 of those with no text and
    where each heading starts in the stream (and where the stream ends)."""
    entries = [entry for _heading, entry in headings if entry is not None]
    texts = _bodies(office, entries)
    missing: list[str] = []
    after_part = False
    written = 0
    offsets: list[int] = []
    for index, (heading, entry) in enumerate(headings):
        offsets.append(stream.tell())
        if entry is None:
            part = xml.heading(1, heading.text, heading.bookmark, index, new_page=index > 0)
            stream.write(part.encode("utf-8"))
            after_part = True
            continue
        _, text = next(texts)
        if not (text or "").strip():
            missing.append(entry.number)
        page = xml.heading(2, heading.text, heading.bookmark, index, new_page=not after_part)
        page += xml.info(entry.number, entry.dates) + xml.body(text)
        stream.write(page.encode("utf-8"))
        after_part = False
        written += 1
        if written % _BATCH == 0:
            if progress:
                progress(written, len(entries))
            if cancelled and cancelled():
                raise ValidationError("已取消，未生成文件。")
    if not headings:  # a section needs a paragraph
        stream.write(xml.body(xml.NOTHING).encode("utf-8"))
    offsets.append(stream.tell())
    return missing, offsets


def _assemble(
    template_path: Path,
    target: Path,
    template: _Template,
    fields: dict[str, str],
    toc: str,
    body: Path,
) -> None:
    """Write the package: the template's other parts, then document.xml from its pieces."""
    with (
        zipfile.ZipFile(template_path) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        _copy_other_parts(source, out, fields)
        with out.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(template.head.encode("utf-8"))
            stream.write(toc.encode("utf-8"))
            stream.write(template.middle.encode("utf-8"))
            with body.open("rb") as pages:
                while chunk := pages.read(_CHUNK):
                    stream.write(chunk)
            stream.write(template.tail.encode("utf-8"))


def _cover_fields(contents: Contents, office: Office, editor: str | None) -> dict[str, str]:
    today = office.today()
    return {
        "title": contents.title,
        "title_lines": f"{contents.organ}\n{contents.title.removeprefix(contents.organ)}",
        "subtitle": contents.subtitle,
        "editor": (editor or "").strip() or office.rulebook.office_name,
        "date": f"{today.year}年{today.month}月",
    }


def make_compilation(
    *,
    office: Office,
    output: Path,
    as_of: dt.date | None = None,
    authorities: Sequence[str] = (),
    everyone: bool = False,
    editor: str | None = None,
    template_dir: Path | None = None,
    paginate: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CompilationOutput:
    """Write the compilation to `output` (through a temporary file: never half written).
    `editor` is the 编印单位 on the cover (default: the rulebook's government). With `paginate`
    and LibreOffice installed, the TOC's page numbers are filled in; else left to Word."""
    output = Path(output)
    contents = compilation_contents(
        office=office, as_of=as_of, authorities=authorities, everyone=everyone
    )
    fields = _cover_fields(contents, office, editor)
    template_path = find_template("compilation", template_dir)
    headings = _headings(contents)
    with zipfile.ZipFile(template_path) as source:
        template = _template(source, template_path, fields)
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(output.name + ".part")
    with tempfile.TemporaryDirectory(prefix="docfiler-compilation-") as folder:
        work = Path(folder)
        body = work / "body.xml"
        with body.open("wb") as stream:
            missing, offsets = _write_body(office, stream, headings, progress, cancelled)
        draft = _Draft(work, template_path, template, fields)
        pages, problem = _page_numbers(draft, headings, offsets) if paginate else (None, "")
        toc = xml.toc([h for h, _ in headings], pages)
        try:
            _assemble(template_path, temporary, template, fields, toc, body)
            temporary.replace(output)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    entries = contents.entries
    return CompilationOutput(
        path=output,
        title=contents.title,
        rows=len(entries),
        documents=tuple(e.number for e in entries),
        missing_text=tuple(missing),
        paged=pages is not None,
        paging_problem=problem,
    )


@dataclass(frozen=True)
class _Draft:
    """What a draft for LibreOffice is made of: the template and the streamed body."""

    work: Path
    template_path: Path
    template: _Template
    fields: dict[str, str]

    def write(self, index: int, start: int, end: int) -> Path:
        """A draft of the body's bytes [start, end) (whole documents), with an empty TOC."""
        with (self.work / "body.xml").open("rb") as body:
            body.seek(start)
            part = body.read(end - start)
        part = part.replace(b"<w:pageBreakBefore/>", b"", 1) if start else part
        chunk = self.work / f"part-{index}.xml"
        chunk.write_bytes(part)
        path = self.work / f"part-{index}.docx"
        _assemble(self.template_path, path, self.template, self.fields, xml.toc([], None), chunk)
        return path


def _parts(headings: list[tuple[xml.Heading, Entry | None]], offsets: list[int]) -> list[int]:
    """Where the drafts start (heading indexes): at a document's or a 制定机关's heading, about
    _DRAFT_BYTES of body each."""
    cuts = [0]
    for index in range(1, len(headings)):
        after_part = headings[index - 1][1] is None
        if not after_part and offsets[index] - offsets[cuts[-1]] >= _DRAFT_BYTES:
            cuts.append(index)
    return cuts


def _page_numbers(
    draft: _Draft, headings: list[tuple[xml.Heading, Entry | None]], offsets: list[int]
) -> tuple[dict[str, int] | None, str]:
    """bookmark → page number as LibreOffice lays out the body (numbered from 1, whatever the
    TOC's length), part by part; and why not, if not."""
    if not headings:
        return None, ""
    cuts = _parts(headings, offsets)
    drafts = []
    for k, (first, last) in enumerate(zip(cuts, [*cuts[1:], len(headings)], strict=True)):
        starts = tuple(
            paging.Start(h.bookmark, paging.squeezed(h.text), paging.squeezed(e.number))
            for h, e in headings[first:last]
            if e is not None
        )
        drafts.append(paging.Draft(draft.write(k, offsets[first], offsets[last]), starts))
    try:
        found = paging.number_pages(drafts, draft.work)
    except paging.PagingError as exc:
        return None, str(exc)
    numbers = dict(found)
    for index, (heading, entry) in enumerate(headings):  # a 制定机关: its first document's page
        if entry is None and index + 1 < len(headings):
            following = headings[index + 1][0].bookmark
            if following in found:
                numbers[heading.bookmark] = found[following]
    missing = sum(1 for _h, e in headings if e is not None) - len(found)
    if missing:
        return numbers, f"有 {missing} 件文件在 LibreOffice 排出的页面中没有找到"
    return numbers, ""
