"""The register as plain rows for the Excel export (issue 13, §2; `outputs/workbook.py` exports
them, `outputs/xlsx.py` writes them): one generator of tuples per sheet, its headers beside it. Each sheet is read by a few
queries streamed from one connection (a consistent snapshot, `store.backup.snapshot`), sorted in
the documents' order and merged in Python: memory stays flat however large the register. A
value is what a cell holds: text, a whole number, a `datetime.date`, or None (empty).

`as_of` shows the register as it stood that day: a document is listed once it was on record
(published by then, or, for a past day, registered by then), with its status that day; what was
recorded as happening later (a signature, publication, repeal, submission, answer, cleanup
decision or relation dated after the day) is left out.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from docfiler.domain.dates import local_day
from docfiler.domain.status import ending, status_of
from docfiler.domain.vocabulary import (
    AUTHORITY_KINDS,
    RELATION_KINDS,
    STATUS_LABELS,
    filing_body_order,
)
from docfiler.queries.bulk import Aligned
from docfiler.queries.export_filings import (
    FILING_HEADERS,
    Round,
    Spool,
    filing_cells,
    filing_rounds,
    filing_summary,
)
from docfiler.queries.export_filings import recorded_by as _by
from docfiler.rules.rulebook import Rulebook
from docfiler.store.tables import (
    AgencyCode,
    Authority,
    AuthorityFilingBody,
    CleanupCampaign,
    CleanupCorrection,
    CleanupItem,
    CollectiveDecision,
    Document,
    DocumentRelation,
    FairCompetitionReview,
    Filing,
    FilingSubmission,
    HigherLaw,
    LegalBasis,
    LegalityReview,
    OpinionRecord,
    ValidityEvaluation,
)

CHUNK = 1000
"""Rows fetched from the database at a time."""

DOCUMENT_HEADERS = (
    # The spellings of the offices' own sheets first, so `docfiler import` reads them back.
    *("序号", "文件名称", "文号", "制定机关", "起草单位", "发布日期", "施行日期", "有效期至"),
    *("状态", "失效日期", "失效理由", "备案情况", "备注", "登记号", "有效期（年）", "签发日期"),
    *("签发人", "发布载体", "废止日期", "废止理由", "宣布失效日期", "宣布失效理由"),
    *("涉及市场主体", "示例数据", "成文日期"),
)
PROCEDURE_HEADERS = (
    *("文号", "环节", "日期", "办结日期", "结论", "审核人", "方式或会议", "编号", "内容"),
    "修改完毕日期",
)
RELATION_HEADERS = ("文号", "关系", "对象文号", "对象名称", "对象状态", "日期", "备注")
CLEANUP_HEADERS = (
    *("清理活动", "清理基准日", "完成日期", "文号", "文件名称", "起草单位", "提示"),
    *("清理决定", "理由", "修改决定文号", "决定人", "决定日期", "更正记录"),
    *("清理依据", "开始日期", "清理范围"),
)
"""A campaign without documents (one recorded as finished before docfiler) is one row with the
document columns empty, so that `docfiler import` can bring it back."""
AUTHORITY_HEADERS = ("制定机关", "机关类别", "机关代字", "备案机关")
"""One row an authority; its codes and filing bodies joined by 、."""
_DOCUMENT_COLUMNS = (
    *("id", "doc_number", "title", "authority_id", "drafting_unit", "registration_number"),
    *("signed_on", "signed_by", "published_on", "publication_channel", "effective_on"),
    *("valid_years", "valid_until", "repealed_on", "repeal_reason", "declared_invalid_on"),
    *("invalid_reason", "note", "concerns_market", "is_sample", "written_on"),
)
_ENDED = ("repealed", "declared_invalid", "lapsed")
_STATUS_DATES = ("published_on", "effective_on", "valid_until")
_STATUS_DATES += ("repealed_on", "declared_invalid_on")
# 有效期评估 outcomes as services.evaluation.EVALUATION_OUTCOMES writes them (a read imports no service)
EVALUATION_LABELS = {"republish": "重新制发", "lapse": "到期失效"}
_YES = {True: "是", False: "否"}


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook: its name, its header row, its rows (read as iterated) and
    its place among the workbook's tabs."""

    name: str
    headers: tuple[str, ...]
    rows: Iterable[tuple]
    tab: int = 0


@dataclass(frozen=True)
class Selection:
    """Which documents, as of which day: the whole register, or those published in `year`."""

    as_of: dt.date
    today: dt.date
    year: int | None = None

    def on_record(self, table: Any):
        """SQL condition: the document was on the register on `as_of`: published by then, or
        registered by the end of that day on this machine's clock."""
        if self.as_of >= self.today:
            return true()
        published = and_(table.published_on.is_not(None), table.published_on <= self.as_of)
        end = dt.datetime.combine(self.as_of + dt.timedelta(days=1), dt.time()).astimezone()
        return or_(published, table.created_at < end)

    def where(self, table: Any) -> list:
        """SQL conditions: the document is one to export."""
        found = [self.on_record(table)]
        if self.year is not None:
            first, last = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
            found += [table.published_on >= first, table.published_on <= min(last, self.as_of)]
        return found

    def keys(self, table: Any) -> list:
        """The documents' order, as labelled columns k0, k1, … that every sheet's query selects
        first and sorts by, so that rows of several queries can be merged in Python: the
        register's (year, serial), or, for a year's list, the date of publication first."""
        order = [func.coalesce(table.year, -1), table.serial, table.id]
        if self.year is not None:
            order.insert(0, table.published_on)
        return [column.label(f"k{i}") for i, column in enumerate(order)]


FILINGS_SIDE = ("备案", "程序", "关系", "清理决定")
"""The sheets a helper process reads when the export is split in two (`outputs.workbook_split`)."""


def register_sheets(
    connection: Connection,
    selection: Selection,
    rules: Rulebook,
    *,
    spool: Any = None,
    side: str | None = None,
) -> list[Sheet]:
    """The sheets of the export, in the order they are to be read: 文件 only for a year's list,
    else all six, 备案 (the second tab) read first, so that the 文件 sheet's 备案情况 come from
    the same reading of the filings (`spool`: a `Spool` unless given); 制定机关 last. `side`:
    only the FILINGS_SIDE sheets ("filings") or the others ("documents"), for two processes."""
    if selection.year is not None:
        return [Sheet("文件", DOCUMENT_HEADERS, _Reader(connection, selection, rules).documents())]
    reader = _Reader(connection, selection, rules, Spool() if spool is None else spool)
    sheets = [
        Sheet("备案", FILING_HEADERS, reader.filings(), tab=1),
        Sheet("文件", DOCUMENT_HEADERS, reader.documents(), tab=0),
        Sheet("程序", PROCEDURE_HEADERS, reader.procedure(), tab=2),
        Sheet("关系", RELATION_HEADERS, reader.relations(), tab=3),
        Sheet("清理决定", CLEANUP_HEADERS, reader.cleanup(), tab=4),
        Sheet("制定机关", AUTHORITY_HEADERS, authority_rows(connection), tab=5),
    ]
    return [s for s in sheets if side is None or (s.name in FILINGS_SIDE) == (side == "filings")]


def authority_rows(connection: Connection) -> Iterator[tuple]:
    """Every authority as registered (whatever `as_of`: they have no dates), in the order added,
    with its kind, agency codes and filing bodies: what an import needs to register it."""
    codes: dict[int, list[str]] = defaultdict(list)
    bodies: dict[int, list[str]] = defaultdict(list)
    for owner, code in connection.execute(select(AgencyCode.authority_id, AgencyCode.code)):
        codes[owner].append(code)
    rows = select(AuthorityFilingBody.authority_id, AuthorityFilingBody.body)
    for owner, body in connection.execute(rows):
        bodies[owner].append(body)
    query = select(Authority.id, Authority.name, Authority.kind).order_by(Authority.id)
    for ident, name, kind in connection.execute(query):
        lists = (sorted(codes[ident]), sorted(bodies[ident], key=filing_body_order))
        yield (name, AUTHORITY_KINDS.get(kind, kind), *("、".join(x) or None for x in lists))


class _Reader:
    """The sheets' rows, each sheet read by a few queries sorted in the documents' order."""

    def __init__(
        self,
        connection: Connection,
        selection: Selection,
        rules: Rulebook,
        spool: Any = None,
    ) -> None:
        self.connection, self.selection, self.rules = connection, selection, rules
        self.spool = spool
        self.as_of = selection.as_of
        self.past = selection.as_of < selection.today
        self.keys = selection.keys(Document)
        self.width = len(self.keys)
        self.number = Document.doc_number.label("document_number")
        self._document_key = itemgetter(slice(0, self.width))

    def _query(self, *columns: Any, on: Any = None):
        """SELECT the documents' order keys and `columns`, for the documents to export, sorted
        in their order; `on`: the column of another table that names the document."""
        query = select(*self.keys, *columns)
        if on is not None:
            query = query.select_from(on.table).join(Document, Document.id == on)
        return query.where(*self.selection.where(Document)).order_by(*self.keys)

    def _records(self, query, **options: Any) -> Iterator:
        """The rows as named tuples (read by name at a tenth of a database row's cost),
        streamed from the server."""
        options.setdefault("yield_per", CHUNK)
        result = self.connection.execute(query, execution_options=options)
        make = _record_type(tuple(result.keys()))._make
        return map(make, result)

    # -------------------------------------------------------------------- 文件

    def documents(self) -> Iterator[tuple]:
        table = Document.__table__
        query = self._query(*(table.c[name] for name in _DOCUMENT_COLUMNS))
        names = dict(self.connection.execute(select(Authority.id, Authority.name)).all())
        summaries = Aligned(self._summaries(), itemgetter(0))
        for serial, d in enumerate(self._records(query), 1):
            found = summaries.take(self._document_key(d))
            summary = found[0][1] if found else None
            yield self._document_row(serial, d, names.get(d.authority_id), summary)

    def _summaries(self) -> Iterator[tuple[tuple, str | None]]:
        """(document key, 备案情况) of each document with filings: noted while the 备案 sheet
        was read, or read now."""
        if self.spool is not None and self.spool.complete:
            return iter(self.spool)
        return ((key, filing_summary(found)) for key, _, found in self._filing_groups())

    def _document_row(self, serial: int, d: Any, authority: str | None, filings: str | None):
        as_of = self.as_of
        status = status_of(d, as_of)
        ended = ending(d, as_of) if status in _ENDED else None
        signed = d.signed_on is not None and d.signed_on <= as_of
        published = d.published_on is not None and d.published_on <= as_of
        repealed = d.repealed_on is not None and d.repealed_on <= as_of
        invalid = d.declared_invalid_on is not None and d.declared_invalid_on <= as_of
        return (  # DOCUMENT_HEADERS, in order; what happened after `as_of` left out
            serial,
            d.title,
            d.doc_number,
            authority,
            d.drafting_unit,
            d.published_on if published else None,
            d.effective_on,
            d.valid_until,
            STATUS_LABELS[status],
            ended.on if ended else None,
            (ended.reason or None) if ended else None,  # 有效期届满 for a lapse
            filings,
            d.note,
            d.registration_number,
            d.valid_years,
            d.signed_on if signed else None,
            d.signed_by if signed else None,
            d.publication_channel if published else None,
            d.repealed_on if repealed else None,
            d.repeal_reason if repealed else None,
            d.declared_invalid_on if invalid else None,
            d.invalid_reason if invalid else None,
            _YES[bool(d.concerns_market)],
            _YES[bool(d.is_sample)],
            d.written_on if d.written_on is None or d.written_on <= as_of else None,
        )

    # -------------------------------------------------------------------- 备案

    def _filing_groups(self) -> Iterator[tuple[tuple, str, list[list[Round]]]]:
        """(document key, 文号, its filings as they stood on `as_of`, filing bodies in their
        order) for each document to export that had been published by then and has filings."""
        filing, history = Filing.__table__, FilingSubmission.__table__
        columns = (filing, Document.doc_number, Document.published_on)
        filings = self._query(*columns, on=filing.c.document_id).order_by(filing.c.id)
        filings = filings.where(Document.published_on <= self.as_of)  # opened on publication
        submissions = self._query(history, on=history.c.document_id)
        submissions = submissions.order_by(
            history.c.filing_id, history.c.submitted_on, history.c.id
        )
        width = self.width
        made = Aligned(self._records(submissions), lambda s: (*s[:width], s.filing_id))
        for key, rows in groupby(self._records(filings), self._document_key):
            found = []
            for row in rows:
                history_of = made.take((*key, row.id))
                found.append(filing_rounds(row, history_of, self.as_of, self.rules))
            if len(found) > 1:
                found.sort(key=lambda rounds: filing_body_order(rounds[0].body))
            yield key, row.doc_number, found

    def filings(self) -> Iterator[tuple]:
        """The 备案 sheet; each document's 备案情况 noted in the spool for the 文件 sheet."""
        for key, number, per_body in self._filing_groups():
            if self.spool is not None:
                self.spool.add((key, filing_summary(per_body)))
            yield from filing_cells(number, per_body)
        if self.spool is not None:
            self.spool.finish()

    # -------------------------------------------------------------------- 程序

    def procedure(self) -> Iterator[tuple]:
        """Each document's steps in the order they happened: 听取意见, 合法性审核, 公平竞争审查,
        集体讨论决定, 有效期评估 (signing and publication are on the 文件 sheet)."""
        replacement = aliased(Document)
        steps = (
            (OpinionRecord, "heard_on", self._opinion),
            (LegalityReview, "submitted_on", self._review),
            (FairCompetitionReview, "reviewed_on", self._fair),
            (CollectiveDecision, "decided_on", self._decision),
            (ValidityEvaluation, "evaluated_on", self._evaluation),
        )
        streams = []
        for order, (model, day, make) in enumerate(steps):
            table = model.__table__
            query = self._query(table, self.number, on=table.c.document_id)
            query = query.where(table.c[day] <= self.as_of).order_by(table.c[day], table.c.id)
            if model is ValidityEvaluation:  # the 文号 of the document that replaced it
                query = query.add_columns(replacement.doc_number.label("replacement"))
                query = query.outerjoin(replacement, replacement.id == table.c.replacement_id)
            streams.append(
                self._stream(query, lambda r, d=day, o=order: (getattr(r, d), o, r.id), make)
            )
        yield from _merged(*streams)

    def _stream(self, query, sort: Callable[[Any], tuple], make: Callable[[Any], tuple]):
        """The rows of `query` as (document key, `sort(row)`, 文号, cells) for `_merged`."""
        width = self.width
        for row in self._records(query):
            yield (*row[:width], *sort(row), row.document_number, make(row))

    @staticmethod
    def _opinion(row: Any) -> tuple:
        return ("听取意见", row.heard_on, None, None, None, row.method, None, row.summary, None)

    def _review(self, row: Any) -> tuple:
        done = row.finished_on is not None and row.finished_on <= self.as_of
        finished = (row.finished_on, row.outcome) if done else (None, None)
        revised = _by(row.revised_on, row.revised_on, self.as_of)[0]
        rest = (row.reviewer, None, None, row.opinion if done else None, revised)
        return ("合法性审核", row.submitted_on, *finished, *rest)

    @staticmethod
    def _fair(row: Any) -> tuple:
        return ("公平竞争审查", row.reviewed_on, None, row.conclusion, row.reviewer, *(None,) * 4)

    @staticmethod
    def _decision(row: Any) -> tuple:
        meeting = (row.meeting, row.minutes_number)
        return ("集体讨论决定", row.decided_on, *(None,) * 3, *meeting, None, None)

    @staticmethod
    def _evaluation(row: Any) -> tuple:
        outcome = EVALUATION_LABELS.get(row.outcome, row.outcome)
        replaced = (row.replacement, row.note)
        return ("有效期评估", row.evaluated_on, None, outcome, None, None, *replaced, None)

    # -------------------------------------------------------------------- 关系

    def relations(self) -> Iterator[tuple]:
        """Each document's relations to other documents (listed once, under the document that
        amends, repeals, replaces or rests on the other), then its 制定依据."""
        relation, basis, target = (
            DocumentRelation.__table__,
            LegalBasis.__table__,
            aliased(Document),
        )
        ends = [getattr(target, name).label(name) for name in _STATUS_DATES]
        columns = (relation, self.number, target.doc_number, target.title, *ends)
        related = self._query(*columns, on=relation.c.source_id)
        related = (
            related.join(target, target.id == relation.c.target_id)
            .where(self.selection.on_record(target))
            .where(or_(relation.c.on_date.is_(None), relation.c.on_date <= self.as_of))
            .order_by(relation.c.id)
        )
        law = HigherLaw.__table__
        bases = self._query(basis, self.number, law.c.change_note, on=basis.c.document_id)
        bases = bases.outerjoin(law, law.c.id == basis.c.higher_law_id).order_by(basis.c.id)
        yield from _merged(
            self._stream(related, lambda r: (0, r.id), self._related),
            self._stream(bases, lambda b: (1, b.id), self._basis),
        )

    def _related(self, row: Any) -> tuple:
        status = STATUS_LABELS[status_of(row, self.as_of)]
        kind = RELATION_KINDS.get(row.kind, row.kind)
        return (kind, row.doc_number, row.title, status, row.on_date, row.note)

    def _basis(self, row: Any) -> tuple:
        changed = _by(row.changed_on, row.changed_on, self.as_of)[0]
        status = row.status if changed is not None or row.changed_on is None else "现行"
        note = row.change_note if changed is not None else None  # what changed in the law
        return ("制定依据", row.number, row.title, status, changed, note)

    # -------------------------------------------------------------------- 清理决定

    def cleanup(self) -> Iterator[tuple]:
        """Every cleanup campaign started by `as_of`, its documents in the register's order,
        each with the decision as it stood that day and the corrections made by then."""
        campaigns = (
            select(CleanupCampaign.__table__)
            .where(CleanupCampaign.started_on <= self.as_of)
            .order_by(CleanupCampaign.started_on, CleanupCampaign.id)
        )
        item, amended = CleanupItem.__table__, aliased(Document)
        for campaign in list(self._records(campaigns)):
            corrections = self._corrections(campaign.id)
            items = (
                select(item, Document.doc_number, Document.title)
                .add_columns(amended.doc_number.label("amended_by"))
                .join(Document, Document.id == item.c.document_id)
                .outerjoin(amended, amended.id == item.c.amended_by_id)
                .where(item.c.campaign_id == campaign.id)
                .order_by(func.coalesce(Document.year, -1), Document.serial, Document.id)
            )
            listed = False
            for row in self._records(items):
                listed = True
                yield self._cleanup_row(campaign, row, corrections.get(row.document_id, []))
            if not listed:  # a campaign without documents still has its row
                cells = self._campaign_cells(campaign)
                yield (*cells[:3], *(None,) * 10, *cells[3:])

    def _corrections(self, campaign_id: int) -> dict[int, list]:
        table = CleanupCorrection.__table__
        query = select(table).where(table.c.campaign_id == campaign_id)
        found: dict[int, list] = defaultdict(list)
        for row in self._records(query.order_by(table.c.corrected_on, table.c.id)):
            found[row.document_id].append(row)
        return found

    def _cleanup_row(self, campaign: Any, row: Any, corrections: list) -> tuple:
        as_of = self.as_of
        decided_on = local_day(row.decided_at)
        decision, reason, by, amended = row.decision, row.reason, row.decided_by, row.amended_by
        done = [c for c in corrections if c.corrected_on <= as_of]
        later = [c for c in corrections if c.corrected_on > as_of]
        if (
            self.past and decided_on is not None and decided_on > as_of
        ):  # a clock time: see on_record
            decision = reason = by = decided_on = amended = None
        elif later:  # the decision before the first correction made after the day
            decision = later[0].from_decision or None
            reason = done[-1].reason if done else None
        corrected = "；".join(
            f"{c.corrected_on.isoformat()} 由“{c.from_decision}”改为“{c.to_decision}”："
            f"{c.reason}（{c.operator}）"
            for c in done
        )
        name, as_of_day, finished, *rest = self._campaign_cells(campaign)
        return (
            *(name, as_of_day, finished, row.doc_number, row.title),
            *(row.drafting_unit, row.flag, decision, reason, amended, by, decided_on),
            corrected or None,
            *rest,
        )

    def _campaign_cells(self, campaign: Any) -> tuple:
        """清理活动, 清理基准日, 完成日期 (by `as_of`), 清理依据, 开始日期, 清理范围."""
        finished = _by(campaign.finished_on, campaign.finished_on, self.as_of)[0]
        scope = "、".join(json.loads(campaign.authorities)) if campaign.authorities else None
        return (campaign.name, campaign.as_of, finished, campaign.basis, campaign.started_on, scope)


def _merged(*streams: Iterator[tuple]) -> Iterator[tuple]:
    """(文号, cells) of `_Reader._stream`s merged in the documents' order, then by their sort."""
    for *_, number, cells in heapq.merge(*streams):
        yield (number, *cells)


@cache
def _record_type(columns: tuple[str, ...]) -> type:
    return namedtuple("Record", columns, rename=True)
