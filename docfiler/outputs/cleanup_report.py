"""Word outputs of a finished cleanup, the way the results are published: the 决定 that publishes
them (cleanup_decision.py) with its 附件 — 附件1 the catalogue of valid documents, 附件2–4 the lists
of the documents amended, repealed and declared invalid —, the 修改决定, the 清理报告 to the
government above, and the appendix of changes since the previous catalogue."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from docfiler.domain.labels import date_label
from docfiler.domain.status import ending
from docfiler.errors import GateError, ValidationError
from docfiler.office import Office
from docfiler.outputs import cleanup_decision as texts_out
from docfiler.outputs.catalogue import VALIDITY_COLUMN, catalogue_data
from docfiler.outputs.cleanup_texts import Decided, Results, scope_phrase, sender_of, short_name
from docfiler.outputs.filing_report_text import contact_note
from docfiler.outputs.listing import (
    DocumentList,
    Row,
    authorities_by_id,
    book_title,
    dates_cell,
    ended_cell,
    grouped,
    write_list,
)
from docfiler.outputs.word import Group, WordOutput, find_template, render
from docfiler.queries.catalogue import (
    Amendment,
    Scope,
    amendments_between,
    amendments_of,
    authority_order,
    awaiting_effect,
    catalogue_clause,
    catalogue_scope,
    in_scope,
)
from docfiler.store.lookups import find_campaign, last_finished_campaign
from docfiler.store.tables import Authority, CleanupItem, Document, DocumentBody

LISTS = (
    ("废止", "决定废止的行政规范性文件目录", "废止日期", "附件3", "废止的行政规范性文件目录.docx"),
    (
        "宣布失效",
        "宣布失效的行政规范性文件目录",
        "失效日期",
        "附件4",
        "宣布失效的行政规范性文件目录.docx",
    ),
    ("修改", "决定修改的行政规范性文件目录", "修改文件", "附件2", "修改的行政规范性文件目录.docx"),
)
"""(cleanup decision, list title, header of its date column, its 附件 number in the 决定, file
name), in the order they are written."""
CATALOGUE_FILE = "现行有效行政规范性文件目录.docx"
CATALOGUE_ATTACHMENT = "附件1"
CHANGES_FILE = "目录变化情况.docx"
FILES = (
    *(name for *_, name in LISTS),
    texts_out.DECISION_FILE,
    texts_out.AMENDMENT_FILE,
    texts_out.REPORT_FILE,
    CATALOGUE_FILE,
    CHANGES_FILE,
)
"""Every file `cleanup report` may write (the 修改决定 only when the cleanup amended), in order."""
LISTED = frozenset({*(name for *_, name in LISTS), CATALOGUE_FILE, CHANGES_FILE})
"""The files that list documents (the others are the texts of the 决定 and the 报告)."""


@dataclass(frozen=True)
class CleanupReport:
    """The files written for one finished cleanup, in the order they were written."""

    campaign: str
    folder: Path
    outputs: tuple[WordOutput, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "campaign": self.campaign,
            "folder": str(self.folder),
            "outputs": [output.as_json() for output in self.outputs],
        }


@dataclass(frozen=True)
class _Cleanup:
    """What a finished campaign decided, read in one session."""

    name: str
    finished: dt.date
    items: list[tuple[CleanupItem, Document]]
    amended_by: dict[int, str]
    """The 文号 of each amending document, by its id."""
    amendments: dict[int, list[Amendment]]
    authorities: dict[int, Authority]
    order: Callable[[int], object]
    """The order of the authorities: the rulebook's."""
    scope: list[str] | None
    """The authorities the campaign covered (None: every one); its catalogue covers the same."""
    changes: list[Row]
    since: str
    """How the changes are counted: against the previous catalogue, or a first cleanup."""
    as_of: dt.date
    started: dt.date
    texts: dict[int, str]
    """The text of each amending document registered with a 修改, by its id."""


def make_cleanup_report(
    *,
    office: Office,
    campaign: str | int,
    folder: Path,
    template_dir: Path | None = None,
    contact: str | None = None,
    phone: str | None = None,
) -> CleanupReport:
    """Write every file of FILES that the cleanup calls for into `folder`. `contact` and `phone`
    are the 联系人 and 电话 of the 清理报告 (config.toml [report], as for the filing report)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"“{folder}”不是文件夹，请给出一个文件夹路径。")
    cleanup = _read_cleanup(office, campaign)
    folder.mkdir(parents=True, exist_ok=True)
    outputs = [
        _write_decision_list(
            cleanup, decision, title, header, folder / name, template_dir, attachment
        )
        for decision, title, header, attachment, name in LISTS
    ]
    catalogue = catalogue_data(
        office=office,
        as_of=cleanup.finished,
        authorities=cleanup.scope or (),
        everyone=cleanup.scope is None,
    )
    results = _results(office, cleanup, catalogue.title, catalogue.count)
    outputs.append(texts_out.write_decision(results, folder, template_dir))
    amendment = texts_out.write_amendment(results, folder, template_dir)
    outputs += [amendment] if amendment else []
    government = office.rulebook.office_name
    outputs.append(
        texts_out.write_report(
            results,
            folder,
            addressee=office.rulebook.superior_government
            if results.sender == government
            else government,
            template_dir=template_dir,
            contact=contact_note(contact, phone),
        )
    )
    outputs.append(
        write_list(
            "catalogue",
            folder / CATALOGUE_FILE,
            catalogue,
            template_dir=template_dir,
            fields={"attachment": CATALOGUE_ATTACHMENT},
            left_out=frozenset({VALIDITY_COLUMN}),
        )
    )
    outputs.append(
        _write_changes(cleanup, office.rulebook.city_name, folder / CHANGES_FILE, template_dir)
    )
    return CleanupReport(campaign=cleanup.name, folder=folder, outputs=tuple(outputs))


def _results(office: Office, cleanup: _Cleanup, title: str, count: int) -> Results:
    """What the 决定 and the 清理报告 say: counts per outcome, the documents of each."""
    rulebook = office.rulebook
    government, city = rulebook.office_name, rulebook.city_name
    offices = [a.name for a in cleanup.authorities.values() if a.kind == "general_office"]
    sender = sender_of(cleanup.scope, government, offices)
    counts: dict[str, int] = {}
    decided: dict[str, list[Decided]] = {}
    ordered = sorted(
        cleanup.items,
        key=lambda pair: (cleanup.order(pair[1].authority_id), pair[1].year or 0, pair[1].serial),
    )
    for item, doc in ordered:
        if item.decision is None:
            continue
        counts[item.decision] = counts.get(item.decision, 0) + 1
        if item.decision == "继续有效":
            continue
        decided.setdefault(item.decision, []).append(
            Decided(
                title=doc.title,
                number=doc.doc_number,
                reason=item.reason or "",
                amendment=cleanup.texts.get(item.amended_by_id),
                amended_by=cleanup.amended_by.get(item.amended_by_id),
            )
        )
    return Results(
        sender=sender,
        short=short_name(sender, city, government),
        scope=scope_phrase(cleanup.scope, government, city),
        as_of=cleanup.as_of,
        started=cleanup.started,
        finished=cleanup.finished,
        counts=counts,
        decided=decided,
        catalogue_title=title,
        catalogue_count=count,
        city=city,
    )


def _read_cleanup(office: Office, campaign: str | int) -> _Cleanup:
    """The campaign's decisions and changes; refused unless the campaign is finished."""
    with office.reading() as session:
        found = find_campaign(session, campaign)
        if found.finished_on is None:
            raise GateError(
                f"清理活动“{found.name}”尚未完成。完成后（cleanup finish）才能生成公布用的目录。"
            )
        finished = found.finished_on
        previous = last_finished_campaign(session, before=finished - dt.timedelta(days=1))
        before = previous.finished_on if previous else None
        items = list(
            session.exec(
                select(CleanupItem, Document)
                .join(Document, Document.id == CleanupItem.document_id)
                .where(CleanupItem.campaign_id == found.id)
            ).all()
        )
        amending_ids = [item.amended_by_id for item, _ in items if item.amended_by_id]
        amended_by = dict(
            session.exec(
                select(Document.id, Document.doc_number).where(Document.id.in_(amending_ids))
            ).all()
        )
        texts = dict(
            session.exec(
                select(DocumentBody.document_id, DocumentBody.text).where(
                    DocumentBody.document_id.in_(amending_ids)
                )
            ).all()
        )
        names = json.loads(found.authorities) if found.authorities else None
        scope = catalogue_scope(session, office.rulebook, names or (), everyone=not names)
        authorities = authorities_by_id(session)
        return _Cleanup(
            name=found.name,
            finished=finished,
            items=items,
            amended_by=amended_by,
            amendments=amendments_of(session, [d.id for _, d in items], finished),
            authorities=authorities,
            order=authority_order(office.rulebook, authorities),
            scope=names or None,
            changes=_changes(session, scope, before, finished),
            since=f"与{date_label(before)}公布的目录相比" if before else "本次为首次清理",
            as_of=found.as_of,
            started=found.started_on,
            texts=texts,
        )


def _write_decision_list(
    cleanup: _Cleanup,
    decision: str,
    title: str,
    header: str,
    path: Path,
    template_dir: Path | None,
    attachment: str,
) -> WordOutput:
    """The documents the cleanup repealed, declared invalid or amended, with its reasons: a
    附件 of the 决定."""
    chosen = {doc.id: (item, doc) for item, doc in cleanup.items if item.decision == decision}

    def row(index: int, d: Document) -> Row:
        item = chosen[d.id][0]
        reason = item.reason or ""
        end = ending(d, cleanup.finished)
        if decision == "修改":
            ended = cleanup.amended_by.get(item.amended_by_id, "待制发")
        elif end is not None:  # the document's one end, as every other list gives it
            ended, reason = ended_cell(end), end.reason or reason
        else:
            ended = date_label(cleanup.finished)
        return {
            "no": str(index),
            "title": book_title(d.title),
            "number": d.doc_number,
            "dates": dates_cell(d.published_on, cleanup.amendments.get(d.id, [])),
            "ended": ended,
            "reason": reason,
        }

    listing = DocumentList(
        title=title,
        subtitle=f"（{cleanup.name}，{date_label(cleanup.finished)}，共{len(chosen)}件）",
        groups=grouped(
            (doc for _, doc in chosen.values()), cleanup.authorities, row, cleanup.order
        ),
        count=len(chosen),
    )
    return write_list(
        "repealed",
        path,
        listing,
        template_dir=template_dir,
        fields={"ended_header": header, "attachment": attachment},
        empty_table=True,
    )


def _write_changes(
    cleanup: _Cleanup, city: str, path: Path, template_dir: Path | None
) -> WordOutput:
    """The appendix: what changed in the catalogue since the previous cleanup's."""
    title = f"{city}现行有效行政规范性文件目录变化情况"
    rows = [{"no": str(i), **change} for i, change in enumerate(cleanup.changes, start=1)]
    written = render(
        find_template("changes", template_dir),
        path,
        fields={
            "title": title,
            "subtitle": f"（{cleanup.since}，共{len(rows)}项）",
            "footnote": None,
        },
        groups=[Group(heading=None, rows=rows)],
    )
    return WordOutput(
        path=path, title=title, rows=written, documents=tuple(row["number"] for row in rows)
    )


# ---------------------------------------------------------------------------- changes

_Keyed = tuple[tuple[int, int, int], Row]
"""A change with its place in the appendix: (新增 0 / 修改 1 / 废止 2 / 失效 3, year, serial)."""


def _changes(session: Session, scope: Scope, before: dt.date | None, after: dt.date) -> list[Row]:
    """新增 / 修改 / 废止 / 失效 between the catalogue of `before` and that of `after` (the one
    definition of queries.catalogue: a 修改决定 is a 修改 of the document it amends, never 新增)."""
    now = _catalogue(session, scope, after)
    then = _catalogue(session, scope, before) if before is not None else {}
    changes = _added(now, then, after) + _ended(now, then, after)
    if before is not None:
        changes += _amended(session, now, then, before, after)
    changes.sort(key=lambda pair: pair[0])
    return [change for _, change in changes]


def _catalogue(session: Session, scope: Scope, as_of: dt.date) -> dict[int, Document]:
    query = select(Document).where(catalogue_clause(Document, as_of), in_scope(Document, scope))
    return {d.id: d for d in session.exec(query)}


def _change(change: str, d: Document, dates: str, reason: str) -> Row:
    return {
        "change": change,
        "title": book_title(d.title),
        "number": d.doc_number,
        "dates": dates,
        "reason": reason,
    }


def _added(now: dict[int, Document], then: dict[int, Document], after: dt.date) -> list[_Keyed]:
    added = []
    for doc_id, d in now.items():
        if doc_id in then:
            continue
        reason = "新制定"
        if awaiting_effect(d.effective_on, after):
            reason += f"\n{date_label(d.effective_on)}起施行"  # the date at a line's start
        added.append(
            ((0, d.year or 0, d.serial), _change("新增", d, date_label(d.published_on), reason))
        )
    return added


def _ended(now: dict[int, Document], then: dict[int, Document], after: dt.date) -> list[_Keyed]:
    """Documents that left the catalogue: 废止, or 失效 (declared invalid or lapsed), with the end
    domain.status.ending gives, as in every other list."""
    changes: list[_Keyed] = []
    for doc_id, d in then.items():
        end = ending(d, after) if doc_id not in now else None
        if end is None:
            continue
        change = "废止" if end.status == "repealed" else "失效"
        changes.append(
            (
                (2 if change == "废止" else 3, d.year or 0, d.serial),
                _change(change, d, date_label(end.on), end.reason),
            )
        )
    return changes


def _amended(
    session: Session,
    now: dict[int, Document],
    then: dict[int, Document],
    before: dt.date,
    after: dt.date,
) -> list[_Keyed]:
    """Documents in both catalogues amended in between: one row per 修改决定, dated by its
    publication."""
    return [
        (
            (1, now[target].year or 0, now[target].serial),
            _change("修改", now[target], date_label(a.published_on), f"根据{a.number}修改"),
        )
        for target, a in amendments_between(session, before, after)
        if target in now and target in then
    ]
