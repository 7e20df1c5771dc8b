"""What every published list of documents shares: the 《title》 cell, the 发布日期 column with its
amendment dates, the order by issuing authority, then year and serial, 序号 running on through the
whole list, and the Word file."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from docfiler.domain.labels import date_label
from docfiler.domain.status import Ending
from docfiler.outputs.word import Group, WordOutput, find_template, render
from docfiler.queries.catalogue import KIND_ORDER, Amendment
from docfiler.store.tables import Authority, Document

DATE_HEADER = "发布日期"
"""The one name of the publication-date column in every output: the word of the published
catalogue itself (盖政办发〔2016〕51号's 序号 | 文件名称 | 文号 | 发布日期, sample_docs/docx) and of the
seed report (未经…集体讨论决定的,不得发布施行)."""
LIST_COLUMNS = (
    Document.id,
    Document.doc_number,
    Document.title,
    Document.kind,
    Document.authority_id,
    Document.year,
    Document.serial,
    Document.agency_code,
    Document.published_on,
    Document.effective_on,
    Document.valid_until,
)
"""What a published list shows and sorts by: read as plain rows, not whole documents."""

Row = dict[str, str]
"""One table row: a template placeholder name → the text to put there."""


@dataclass(frozen=True)
class DocumentList:
    """One list of documents, ready for its template: title, subtitle and rows by authority."""

    title: str
    subtitle: str
    groups: tuple[Group, ...]
    count: int

    @property
    def documents(self) -> tuple[str, ...]:
        """The 文号 listed, in the order of the list."""
        return tuple(row["number"] for group in self.groups for row in group.rows)


def book_title(title: str) -> str:
    """《title》, with title marks inside it turned into 〈〉 as Chinese typography nests them."""
    inner = title.strip().removeprefix("《").removesuffix("》")
    return "《" + inner.replace("《", "〈").replace("》", "〉") + "》"


def authorities_by_id(session: Session) -> dict[int, Authority]:
    return {a.id: a for a in session.exec(select(Authority)).all()}


def dates_cell(published: dt.date | None, amended: Iterable[Amendment] = ()) -> str:
    """The 发布日期 column: the publication date, then one line per amendment, dated by the
    publication of the 修改决定 (2025年4月16日修改)."""
    lines = [date_label(published)] if published else []
    lines += [f"{date_label(a.published_on)}修改" for a in amended]
    return "\n".join(lines)


def amended_note(amended: Iterable[Amendment]) -> list[str]:
    """根据盖政发〔2025〕27号修改, one line per amendment."""
    return [f"根据{a.number}修改" for a in amended]


def ended_cell(end: Ending) -> str:
    """When and how a document ended, as every list writes it: the date, then 废止 / 宣布失效 /
    失效 (the date never broken). From domain.status.ending, the one place an end is decided."""
    return f"{date_label(end.on)}\n{end.label}"


def grouped(
    documents: Iterable[Document],
    authorities: dict[int, Authority],
    make_row: Callable[[int, Document], Row],
    order: Callable[[int], object] | None = None,
) -> tuple[Group, ...]:
    """One group per issuing authority, headed 机关名称（N件）, in `order` of authority ids (by
    kind and id without one), rows by year and serial; 序号 runs on from group to group."""
    by_authority: dict[int, list[Document]] = defaultdict(list)
    for document in documents:
        by_authority[document.authority_id].append(document)

    def by_kind(authority_id: int) -> tuple[int, int]:
        authority = authorities[authority_id]
        return (KIND_ORDER.get(authority.kind, len(KIND_ORDER)), authority.id or 0)

    groups = []
    index = 0
    for authority_id in sorted(by_authority, key=order or by_kind):
        members = by_authority[authority_id]
        members.sort(key=lambda d: (d.year or 0, d.serial, d.agency_code))
        rows = []
        for document in members:
            index += 1
            rows.append(make_row(index, document))
        groups.append(
            Group(heading=f"{authorities[authority_id].name}（{len(members)}件）", rows=rows)
        )
    return tuple(groups)


def write_list(
    kind: str,
    output: Path,
    listing: DocumentList,
    *,
    template_dir: Path | None = None,
    fields: dict[str, str | None] | None = None,
    empty_table: bool = False,
    left_out: frozenset[str] = frozenset(),
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> WordOutput:
    """Fill the `kind` template (catalogue / repealed) with `listing`. `fields` adds to its title
    and subtitle; with `empty_table` a list of nothing still shows the table's header row;
    the columns whose placeholder is in `left_out` are taken out of the table."""
    output = Path(output)
    written = render(
        find_template(kind, template_dir),
        output,
        fields={"title": listing.title, "subtitle": listing.subtitle, "footnote": None}
        | (fields or {}),
        groups=listing.groups or ((Group(heading=None),) if empty_table else ()),
        progress=progress,
        cancelled=cancelled,
        left_out=left_out,
    )
    return WordOutput(path=output, title=listing.title, rows=written, documents=listing.documents)
