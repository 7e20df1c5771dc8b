"""What every published list of documents shares: the 《title》 cell, the date column with its
amendment dates, the order by issuing authority, then year and serial, and the Word file."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from docfiler.domain.labels import date_label
from docfiler.outputs.word import Group, WordOutput, find_template, render
from docfiler.store.tables import Authority, Document, DocumentRelation

KIND_ORDER = {"government": 0, "general_office": 1, "department": 2}
"""Authorities in a list: the government, its general office, then departments."""
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


def amendment_dates(session: Session, ids: list[int], as_of: dt.date) -> dict[int, list[dt.date]]:
    """Amendment dates on or before `as_of`, oldest first, per amended document.

    Every amendment up to `as_of` is read in one query and kept when it amends a listed
    document: amendments are few next to a register, and a list may hold 100,000 ids.
    """
    wanted = set(ids)
    found: dict[int, list[dt.date]] = defaultdict(list)
    rows = session.exec(
        select(DocumentRelation.target_id, DocumentRelation.on_date).where(
            DocumentRelation.kind == "amends", DocumentRelation.on_date <= as_of
        )
    ).all()
    for target, day in rows:
        if target in wanted:
            found[target].append(day)
    for days in found.values():
        days.sort()
    return found


def dates_cell(published: dt.date | None, amended: list[dt.date]) -> str:
    """The 发布日期 column: the publication date, then one line per amendment (…修订)."""
    lines = [date_label(published)] if published else []
    lines += [f"{date_label(day)}修订" for day in amended]
    return "\n".join(lines)


def grouped(
    documents: Iterable[Document],
    authorities: dict[int, Authority],
    make_row: Callable[[int, Document], Row],
) -> tuple[Group, ...]:
    """One group per issuing authority, headed 机关名称（N件）, rows by year and serial."""
    by_authority: dict[int, list[Document]] = defaultdict(list)
    for document in documents:
        by_authority[document.authority_id].append(document)

    def authority_order(authority_id: int) -> tuple[int, int]:
        authority = authorities[authority_id]
        return (KIND_ORDER.get(authority.kind, len(KIND_ORDER)), authority.id or 0)

    groups = []
    for authority_id in sorted(by_authority, key=authority_order):
        members = by_authority[authority_id]
        members.sort(key=lambda d: (d.year or 0, d.serial, d.agency_code))
        groups.append(
            Group(
                heading=f"{authorities[authority_id].name}（{len(members)}件）",
                rows=[make_row(index, d) for index, d in enumerate(members, start=1)],
            )
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
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> WordOutput:
    """Fill the `kind` template (catalogue / repealed) with `listing`. `fields` adds to its title
    and subtitle; with `empty_table` a list of nothing still shows the table's header row."""
    output = Path(output)
    written = render(
        find_template(kind, template_dir),
        output,
        fields={"title": listing.title, "subtitle": listing.subtitle, "footnote": None}
        | (fields or {}),
        groups=listing.groups or ((Group(heading=None),) if empty_table else ()),
        progress=progress,
        cancelled=cancelled,
    )
    return WordOutput(path=output, title=listing.title, rows=written, documents=listing.documents)
