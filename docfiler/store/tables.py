"""Database tables. Created only by the Alembic migrations in docfiler/migrations.

Status is never stored: it is derived from the dated events on a document (see status.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text, UniqueConstraint, event, false
from sqlmodel import Field, SQLModel

from docfiler.store.title_sort import title_sort_key


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Authority(SQLModel, table=True):
    """制定机关: an issuing authority."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    kind: str = Field(default="department", max_length=20)


class AgencyCode(SQLModel, table=True):
    """发文机关代字 → 制定机关."""

    code: str = Field(primary_key=True, max_length=40)
    authority_id: int = Field(foreign_key="authority.id", index=True)


class AuthorityFilingBody(SQLModel, table=True):
    """备案机关 of an issuing authority."""

    authority_id: int = Field(foreign_key="authority.id", primary_key=True)
    body: str = Field(primary_key=True, max_length=100)


class Document(SQLModel, table=True):
    """规范性文件."""

    __table_args__ = (
        # Covers the register's default order and its title/number filters without
        # touching the (wide) rows.
        Index("ix_document_year_serial", "year", "serial", "title", "doc_number"),
        Index("ix_document_authority_year", "authority_id", "year"),
        # 标题 order (pinyin, then the title and the unique number): a page of the register is a
        # range of it, and title words and number pieces are tested on it without the rows.
        Index("ix_document_title_sort", "title_sort", "title", "doc_number"),
        # Whether a document is in force, and its drafting unit: the in-force count and a
        # cleanup's worklist read these 6 MB (100,000 documents) instead of the 34 MB of rows,
        # which on a cold start SQLite reads from wherever the rows were written (0.8 s).
        Index(
            "ix_document_in_force",
            "published_on",
            "effective_on",
            "valid_until",
            "repealed_on",
            "declared_invalid_on",
            "drafting_unit",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    doc_number: str = Field(unique=True, max_length=80)
    agency_code: str = Field(max_length=40)
    year: int | None = Field(default=None)
    serial: int
    registration_number: str | None = Field(default=None, unique=True, max_length=40)
    title: str = Field(max_length=300, index=True)
    title_sort: str | None = Field(default=None, max_length=2100)
    """The title as pinyin (store/title_sort.py), kept in step by the ORM events below and by
    store/bulk_insert."""
    authority_id: int = Field(foreign_key="authority.id")
    drafting_unit: str | None = Field(default=None, max_length=100)
    kind: str = Field(default="regular", max_length=10)
    written_on: dt.date | None = None
    """成文日期 as the document's text states it (read from its Word file or typed): the date of
    the meeting's adoption or of the head of the authority's signature (GB/T 9704-2012, 7.3.5.3).
    For the record; the procedure's own dates are the events (signed_on: 签发)."""
    signed_on: dt.date | None = None
    signed_by: str | None = Field(default=None, max_length=50)
    published_on: dt.date | None = Field(default=None, index=True)
    publication_channel: str | None = Field(default=None, max_length=200)
    effective_on: dt.date | None = None
    valid_years: int | None = None
    valid_until: dt.date | None = Field(default=None, index=True)
    repealed_on: dt.date | None = None
    repeal_reason: str | None = Field(default=None, max_length=500)
    declared_invalid_on: dt.date | None = None
    invalid_reason: str | None = Field(default=None, max_length=500)
    note: str | None = Field(default=None, max_length=500)
    concerns_market: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    """涉及市场主体经济活动: needs a 公平竞争审查 conclusion before it is decided."""
    is_sample: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    version: int = 1


@event.listens_for(Document, "before_insert")
@event.listens_for(Document, "before_update")
def _keep_title_sort(_mapper, _connection, document: Document) -> None:
    document.title_sort = title_sort_key(document.title)


class DocumentBody(SQLModel, table=True):
    """正文: a document's full text, kept out of the document rows.

    The register reads and scans `document` rows all day; a body is read only when one
    document is opened. With bodies inline, every scan of 100,000 documents read their
    ~400 MB of text as well.
    """

    document_id: int = Field(foreign_key="document.id", primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))


class LegalBasis(SQLModel, table=True):
    """制定依据: a law, regulation, rule or superior document a document rests on."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    higher_law_id: int | None = Field(default=None, foreign_key="higherlaw.id", index=True)
    title: str = Field(max_length=300)
    number: str | None = Field(default=None, max_length=80)
    status: str = Field(default="现行", max_length=20)
    changed_on: dt.date | None = None


class OpinionRecord(SQLModel, table=True):
    """听取意见."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    heard_on: dt.date
    method: str | None = Field(default=None, max_length=100)
    summary: str | None = Field(default=None, max_length=1000)


class LegalityReview(SQLModel, table=True):
    """合法性审核."""

    __table_args__ = (Index("ix_review_open", "finished_on", "submitted_on"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    submitted_on: dt.date
    finished_on: dt.date | None = None
    reviewer: str | None = Field(default=None, max_length=100)
    outcome: str | None = Field(default=None, max_length=20)
    opinion: str | None = Field(default=None, max_length=1000)
    revised_on: dt.date | None = None


class CollectiveDecision(SQLModel, table=True):
    """集体讨论决定."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    meeting: str = Field(max_length=200)
    decided_on: dt.date
    minutes_number: str | None = Field(default=None, max_length=80)


class Filing(SQLModel, table=True):
    """备案: one per document and filing body."""

    __table_args__ = (
        UniqueConstraint("document_id", "body", name="uq_filing_document_body"),
        Index("ix_filing_pending", "submitted_on", "due_on"),
        Index("ix_filing_result", "result"),  # the returned ones, for reminders (0010)
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    body: str = Field(max_length=100)
    due_on: dt.date
    due_provisional: bool = False
    submitted_on: dt.date | None = None
    receipt_number: str | None = Field(default=None, max_length=80)
    result: str | None = Field(default=None, max_length=20)
    result_on: dt.date | None = None
    version: int = 1


class FilingSubmission(SQLModel, table=True):
    """One submission of a filing (the first, or a re-filing after 补正 / 纠正) and the filing
    body's answers to it: the filing's history. `Filing` keeps the current state."""

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = Field(foreign_key="filing.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    due_on: dt.date
    """The due date this submission answered (publication + N days, or verdict + 补正 period)."""
    due_provisional: bool = False
    submitted_on: dt.date
    receipt_number: str | None = Field(default=None, max_length=80)
    result: str | None = Field(default=None, max_length=20)
    """备案登记: 予以备案登记 / 暂缓办理备案登记 / 不予备案登记."""
    result_on: dt.date | None = None
    review_result: str | None = Field(default=None, max_length=20)
    """备案审查: 未发现问题 / 审查意见."""
    review_on: dt.date | None = None


class FairCompetitionReview(SQLModel, table=True):
    """公平竞争审查 of a document that concerns market participants' economic activity."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    reviewed_on: dt.date
    conclusion: str = Field(max_length=1000)
    reviewer: str | None = Field(default=None, max_length=100)


class DocumentRelation(SQLModel, table=True):
    """A relation from `source` to `target`: source amends / repeals / replaces / is based on target."""

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="document.id", index=True)
    target_id: int = Field(foreign_key="document.id", index=True)
    kind: str = Field(max_length=20)
    on_date: dt.date | None = None
    note: str | None = Field(default=None, max_length=500)


class Countersign(SQLModel, table=True):
    """会签: the superior government asks for opinions on its own draft."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    from_body: str = Field(max_length=100)
    reference: str | None = Field(default=None, max_length=80)
    received_on: dt.date
    reply_due_on: dt.date = Field(index=True)
    replied_on: dt.date | None = None
    reply_summary: str | None = Field(default=None, max_length=1000)
    version: int = 1


class IncomingFiling(SQLModel, table=True):
    """A normative document a department or township files with this office (备案审查), or one
    known to exist that was never filed (`received_on` None). Its events are dated, so the
    year's figures can be counted again for any past year."""

    __table_args__ = (
        UniqueConstraint("doc_number", name="uq_incomingfiling_doc_number"),
        Index("ix_incomingfiling_unit_due", "authority_id", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    authority_id: int = Field(foreign_key="authority.id")
    """The unit that made the document (a department or 乡镇人民政府 / 街道办事处)."""
    doc_number: str = Field(max_length=80)
    title: str = Field(max_length=300)
    published_on: dt.date | None = None
    due_on: dt.date | None = Field(default=None)
    """Filing due: publication + the office's filing period, counted when it was entered."""
    due_provisional: bool = False
    received_on: dt.date | None = Field(default=None, index=True)
    late_days: int | None = None
    """Days past `due_on` when it was received (0: on time); None while not received."""
    materials: str | None = Field(default=None, max_length=500)
    """The materials received, joined by 、 (the rulebook's [inbox] materials name them)."""
    found_in: str | None = Field(default=None, max_length=80)
    """For a document never filed: the 文号 of the filing that cited it, if that is how it came
    to light."""
    deferred_on: dt.date | None = None
    """暂缓办理备案登记 (补正 asked for)."""
    deferral_reason: str | None = Field(default=None, max_length=1000)
    supplement_due: dt.date | None = None
    supplemented_on: dt.date | None = None
    registered_on: dt.date | None = Field(default=None, index=True)
    """予以备案登记."""
    rejected_on: dt.date | None = None
    """不予备案登记 (退回)."""
    reject_reason: str | None = Field(default=None, max_length=1000)
    note: str | None = Field(default=None, max_length=500)
    version: int = 1


class IncomingReview(SQLModel, table=True):
    """备案审查 of a registered incoming document: started by its registration or by a 审查建议."""

    __table_args__ = (
        UniqueConstraint("opinion_year", "opinion_serial", name="uq_incomingreview_opinion"),
        Index("ix_incomingreview_open", "finished_on", "started_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = Field(foreign_key="incomingfiling.id", index=True)
    started_on: dt.date
    origin: str = Field(default="registration", max_length=20)
    """registration (备案登记) or suggestion (a 审查建议)."""
    finished_on: dt.date | None = None
    result: str | None = Field(default=None, max_length=20)
    """未发现问题 / 审查意见."""
    opinion_kind: str | None = Field(default=None, max_length=20)
    findings: str | None = Field(default=None, sa_column=Column(Text))
    """JSON: each checklist item (REVIEW_CHECKS) found wanting → what is wrong."""
    reasoning: str | None = Field(default=None, sa_column=Column(Text))
    opinion_year: int | None = None
    opinion_serial: int | None = None
    opinion_number: str | None = Field(default=None, max_length=80)
    """审查意见书 number from the rulebook's sequence (盖司备审〔2026〕1号)."""
    version: int = 1


class FollowUp(SQLModel, table=True):
    """纠错: the unit's 处理情况 after a 审查意见, tracked to closure."""

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="incomingreview.id", unique=True)
    filing_id: int = Field(foreign_key="incomingfiling.id", index=True)
    opinion_on: dt.date
    reported_on: dt.date | None = None
    report: str | None = Field(default=None, max_length=1000)
    outcome: str | None = Field(default=None, max_length=20)
    """已纠正 / 已废止 / 已提请撤销."""
    closed_on: dt.date | None = Field(default=None, index=True)
    corrected_by_id: int | None = Field(default=None, foreign_key="incomingfiling.id")
    """The revised document the unit filed, when it corrected the one reviewed."""
    note: str | None = Field(default=None, max_length=1000)
    version: int = 1


class ReviewSuggestion(SQLModel, table=True):
    """审查建议 from a citizen or organization (国办发〔2018〕37号) and the office's reply."""

    id: int | None = Field(default=None, primary_key=True)
    received_on: dt.date = Field(index=True)
    proposer: str = Field(max_length=100)
    contact: str | None = Field(default=None, max_length=200)
    doc_number: str | None = Field(default=None, max_length=80)
    doc_title: str | None = Field(default=None, max_length=300)
    filing_id: int | None = Field(default=None, foreign_key="incomingfiling.id", index=True)
    request: str = Field(sa_column=Column(Text, nullable=False))
    review_id: int | None = Field(default=None, foreign_key="incomingreview.id")
    """The review this suggestion started, if any."""
    replied_on: dt.date | None = None
    reply: str | None = Field(default=None, sa_column=Column(Text))
    version: int = 1


class CleanupCampaign(SQLModel, table=True):
    """定期清理."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=200)
    basis: str | None = Field(default=None, max_length=300)
    as_of: dt.date
    started_on: dt.date
    finished_on: dt.date | None = None
    authorities: str | None = Field(default=None, max_length=1000)
    version: int = 1


class AuditEntry(SQLModel, table=True):
    """审计记录: who did what, when."""

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    operator: str = Field(max_length=100)
    action: str = Field(max_length=50)
    entity: str = Field(max_length=50)
    entity_id: int | None = None
    document_id: int | None = Field(default=None, index=True)
    summary: str = Field(max_length=500)
    details: str | None = Field(default=None, sa_column=Column(Text))


class HigherLaw(SQLModel, table=True):
    """A law, regulation, rule or superior document that documents rest on (上位法/上级文件)."""

    __table_args__ = (UniqueConstraint("title", "number", name="uq_higherlaw_title_number"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    number: str | None = Field(default=None, max_length=80)
    status: str = Field(default="现行", max_length=20)
    changed_on: dt.date | None = None
    change_note: str | None = Field(default=None, max_length=500)


class CleanupItem(SQLModel, table=True):
    """One document in a cleanup campaign, with its decision."""

    __table_args__ = (
        UniqueConstraint("campaign_id", "document_id", name="uq_cleanupitem_campaign_document"),
        Index("ix_cleanupitem_campaign_unit", "campaign_id", "drafting_unit"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="cleanupcampaign.id")  # led by both indexes above
    document_id: int = Field(foreign_key="document.id", index=True)
    drafting_unit: str | None = Field(default=None, max_length=100)
    flag: str | None = Field(default=None, max_length=500)
    decision: str | None = Field(default=None, max_length=10)
    reason: str | None = Field(default=None, max_length=1000)
    amended_by_id: int | None = Field(default=None, foreign_key="document.id")
    decided_at: dt.datetime | None = None
    decided_by: str | None = Field(default=None, max_length=100)
    version: int = 1


class CleanupCorrection(SQLModel, table=True):
    """A recorded correction of a finished campaign's decision."""

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="cleanupcampaign.id", index=True)
    document_id: int = Field(foreign_key="document.id")
    from_decision: str = Field(max_length=10)
    to_decision: str = Field(max_length=10)
    reason: str = Field(max_length=1000)
    corrected_on: dt.date
    operator: str = Field(max_length=100)


class ValidityEvaluation(SQLModel, table=True):
    """有效期届满前评估: re-publish (a new document replaces it) or let it lapse."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    evaluated_on: dt.date
    outcome: str = Field(max_length=20)
    replacement_id: int | None = Field(default=None, foreign_key="document.id")
    note: str | None = Field(default=None, max_length=1000)


class OfficeState(SQLModel, table=True):
    """Facts the program keeps about the register itself, by key: e.g. which holiday schedule
    the stored due dates were last counted with (`calendar`)."""

    key: str = Field(primary_key=True, max_length=50)
    value: str = Field(sa_column=Column(Text, nullable=False))
    changed_at: dt.datetime
