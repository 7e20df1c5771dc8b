"""The yearly account (年度规范性文件备案审查工作报告): the figures, each with its definition.

Four parts: the government's own documents made in the year and filed upward, per 备案机关; the
documents departments and townships filed with the office (`queries.inbox.year_figures`, reused
as it is); 审查建议; the cleanups finished in the year. Every figure is counted from dated events
up to the end of the year (or today, for the year still running), so a past year comes out the
same whenever it is asked for: a filing submitted, a decision corrected or a document received
after 31 December is not seen. Rates are exact fractions (`Rate`), rounded only for display.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from sqlmodel import Session, func, select

from docfiler.domain import deadlines
from docfiler.domain.labels import date_label
from docfiler.domain.vocabulary import CLEANUP_DECISIONS
from docfiler.errors import ValidationError
from docfiler.office import Office
from docfiler.queries.inbox import FIGURE_DEFINITIONS, year_figures
from docfiler.store.tables import (
    Authority,
    CleanupCampaign,
    CleanupCorrection,
    CleanupItem,
    Document,
    Filing,
    FilingSubmission,
    IncomingFiling,
    ReviewSuggestion,
)

GOVERNMENT_KINDS = ("government", "general_office")
"""Whose documents are the government's own: the government's and its general office's
(辽宁省规章规范性文件备案办法 art. 3: the office's documents are filed as the government's)."""

OWN_DEFINITIONS = {
    "made": "制定件数：公布日期在该年内的本级政府（含政府办公室）行政规范性文件件数",
    "due": "应报备件数：上述文件依规定应向该备案机关报送备案的件数（每件文件对每个备案机关计一件）",
    "filed": "已报备：其中至统计截止日已报送备案的件数（以首次报送日期为准）",
    "on_time": "按时报备：其中首次报送日期不晚于报送期限（公布之日起的备案期限）的件数",
    "late": "逾期报备：已报备件数减去按时报备件数",
    "overdue": "逾期未报备：至统计截止日仍未报送、报送期限已经届满的件数",
    "pending": "未到期：至统计截止日尚未报送、报送期限在统计截止日以后的件数（年末公布的文件）",
    "filing_rate": "报备率 = 已报备 ÷（应报备件数 − 未到期）；分母为 0 时不计算",
    "timely_rate": "报备及时率 = 按时报备 ÷（应报备件数 − 未到期）；分母为 0 时不计算",
}
"""The government's own documents and their filing upward, per 备案机关."""

INBOX_DEFINITIONS = {
    **{key: text for key, text in FIGURE_DEFINITIONS.items() if key != "correction_rate"},
    "correction_rate": "纠错率 = 已纠正件数 ÷ 提出审查意见次数；没有审查意见时不计算",
}
"""The documents departments and townships filed with the office, and 审查建议 (the figures of
`queries.inbox.year_figures`; the rate worded for the clerk)."""

CLEANUP_DEFINITIONS = {
    "campaigns": "清理活动：完成日期在该年内的定期清理",
    "total": "清理件数：这些清理纳入的文件件数",
    "kept": "继续有效：清理意见为继续有效的件数",
    "amended": "修改：清理意见为修改的件数",
    "repealed": "废止：清理意见为废止的件数",
    "declared_invalid": "宣布失效：清理意见为宣布失效的件数",
    "as_stood": "以上各项清理意见按统计截止日的意见计，其后的更正不计入",
}

DECISION_KEYS = dict(
    zip(CLEANUP_DECISIONS, ("kept", "amended", "repealed", "declared_invalid"), strict=True)
)
"""The cleanup decisions (继续有效 / 修改 / 废止 / 宣布失效) by their key in the figures."""


@dataclass(frozen=True)
class Rate:
    """numerator ÷ denominator, exact; None when the denominator is 0."""

    numerator: int
    denominator: int

    @property
    def value(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    def label(self) -> str:
        """As a percentage rounded half up to one decimal, without a trailing .0 (— for none)."""
        if self.value is None:
            return "—"
        percent = Decimal(self.numerator * 100) / Decimal(self.denominator)
        shown = percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        text = f"{shown:f}".removesuffix(".0")
        return f"{text}%"

    def as_json(self) -> dict[str, Any] | None:
        if self.value is None:
            return None
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": self.label(),
        }


@dataclass(frozen=True)
class OwnFiling:
    """One document's filing with one body, as it stood at the end of the period."""

    body: str
    due: dt.date
    submitted: dt.date | None
    """The first submission, when it was made by the end of the period."""
    state: str
    """on_time / late / overdue / pending (see OWN_DEFINITIONS)."""

    @property
    def late_days(self) -> int:
        return max(0, (self.submitted - self.due).days) if self.submitted else 0


@dataclass(frozen=True)
class OwnDocument:
    doc_number: str
    title: str
    published: dt.date
    filings: tuple[OwnFiling, ...]


@dataclass(frozen=True)
class BodyFigures:
    """One 备案机关's figures for the year."""

    body: str
    due: int
    filed: int
    on_time: int
    late: int
    overdue: int
    pending: int

    @property
    def filing_rate(self) -> Rate:
        return Rate(self.filed, self.due - self.pending)

    @property
    def timely_rate(self) -> Rate:
        return Rate(self.on_time, self.due - self.pending)

    def as_json(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "due": self.due,
            "filed": self.filed,
            "on_time": self.on_time,
            "late": self.late,
            "overdue": self.overdue,
            "pending": self.pending,
            "filing_rate": self.filing_rate.as_json(),
            "timely_rate": self.timely_rate.as_json(),
        }


@dataclass(frozen=True)
class CampaignResult:
    """A cleanup finished in the year, its decisions as they stood at the end of the period."""

    name: str
    as_of: dt.date
    finished: dt.date
    counts: dict[str, int]
    """By DECISION_KEYS' values: kept, amended, repealed, declared_invalid."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "as_of": self.as_of.isoformat(),
            "finished": self.finished.isoformat(),
            "total": self.total,
            **self.counts,
        }


@dataclass(frozen=True)
class AnnualReport:
    """The year's account: what the Word report, the workbook and `--json` show."""

    year: int
    as_of: dt.date
    """The last day whose events are counted: 31 December, or today for the year running."""
    complete: bool
    """False for the year still running (the figures are so far)."""
    government: str
    city: str
    superior: str
    documents: tuple[OwnDocument, ...]
    bodies: tuple[BodyFigures, ...]
    inbox: dict[str, int]
    """`year_figures` without its rounded rate: received, on_time, late, deferred, rejected,
    registered, reviewed, problems, corrected, unfiled, suggestions_*."""
    campaigns: tuple[CampaignResult, ...]

    @property
    def correction_rate(self) -> Rate:
        return Rate(self.inbox["corrected"], self.inbox["problems"])

    @property
    def cleanup_totals(self) -> dict[str, int]:
        totals = Counter({key: 0 for key in DECISION_KEYS.values()})
        for campaign in self.campaigns:
            totals.update(campaign.counts)
        return dict(totals)

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "complete": self.complete,
            "figures": {
                "own": {
                    "made": len(self.documents),
                    "bodies": [body.as_json() for body in self.bodies],
                    "documents": [_document_json(d) for d in self.documents],
                },
                "inbox": {**self.inbox, "correction_rate": self.correction_rate.as_json()},
                "cleanup": {
                    "campaigns": [c.as_json() for c in self.campaigns],
                    "totals": self.cleanup_totals,
                },
            },
            "definitions": definitions(),
        }


def definitions() -> dict[str, dict[str, str]]:
    """Every figure's definition, by part."""
    return {"own": OWN_DEFINITIONS, "inbox": INBOX_DEFINITIONS, "cleanup": CLEANUP_DEFINITIONS}


def _document_json(document: OwnDocument) -> dict[str, Any]:
    return {
        "doc_number": document.doc_number,
        "title": document.title,
        "published": document.published.isoformat(),
        "filings": [
            {
                "body": f.body,
                "due": f.due.isoformat(),
                "submitted": f.submitted.isoformat() if f.submitted else None,
                "state": f.state,
            }
            for f in document.filings
        ],
    }


# ---------------------------------------------------------------------------------- the report


def annual_report(*, office: Office, year: int) -> AnnualReport:
    """The account of `year`; refused for a year not yet begun or before any record."""
    today = office.today()
    as_of = _check_year(office, year, today)
    complete = as_of == dt.date(year, 12, 31)
    rules = office.rulebook
    with office.reading() as session:
        documents = _own_documents(session, office, year, as_of, complete)
        campaigns = _campaigns(session, year, as_of)
    inbox = dict(year_figures(office=office, year=year)["figures"])
    inbox.pop("correction_rate")
    return AnnualReport(
        year=year,
        as_of=as_of,
        complete=complete,
        government=rules.office_name,
        city=rules.city_name,
        superior=rules.superior_government,
        documents=documents,
        bodies=_body_figures(_government_bodies(office), documents),
        inbox=inbox,
        campaigns=campaigns,
    )


def _check_year(office: Office, year: int, today: dt.date) -> dt.date:
    """The last day counted; a Chinese refusal for a year that cannot be reported."""
    if not 1949 < year < 10000:
        raise ValidationError(f"年份“{year}”不对，请写四位年份，如{today.year - 1}。")
    if year > today.year:
        raise ValidationError(
            f"{year}年还没有到，不能生成该年度的报告。请改为{today.year}年或以前的年份"
            f"（{today.year}年的数据截至今天）。"
        )
    with office.reading() as session:
        first = first_record_year(session)
    if first is None:
        raise ValidationError(
            "登记簿中还没有任何已公布的文件、收文备案、审查建议或清理记录，无法生成年度报告。"
        )
    if year < first:
        raise ValidationError(
            f"登记簿中最早的记录在{first}年，{year}年没有任何记录。请改为{first}年或以后的年份。"
        )
    return min(dt.date(year, 12, 31), today)


def first_record_year(session: Session) -> int | None:
    """The year of the earliest dated event on record (a publication, a filing received, a
    审查建议, a finished cleanup); None for an empty register."""
    firsts = [
        session.exec(select(func.min(column))).one()
        for column in (
            Document.published_on,
            IncomingFiling.received_on,
            IncomingFiling.published_on,
            ReviewSuggestion.received_on,
            CleanupCampaign.finished_on,
        )
    ]
    known = [day for day in firsts if day is not None]
    return min(known).year if known else None


def _government_bodies(office: Office) -> list[str]:
    """The 备案机关 of the government's own documents, in the rulebook's order."""
    bodies: list[str] = []
    for authority in office.rulebook.authorities:
        if authority.kind in GOVERNMENT_KINDS:
            bodies += [body for body in authority.filing_bodies if body not in bodies]
    return bodies


def _own_documents(
    session: Session, office: Office, year: int, as_of: dt.date, complete: bool
) -> tuple[OwnDocument, ...]:
    """The government's documents published in the year, each with its filings as they stood."""
    rows = session.exec(
        select(Document, Filing)
        .join(Authority, Authority.id == Document.authority_id)
        .join(Filing, Filing.document_id == Document.id)
        .where(
            Authority.kind.in_(GOVERNMENT_KINDS),
            Document.published_on.between(dt.date(year, 1, 1), as_of),
        )
        .order_by(Document.published_on, Document.year, Document.serial, Document.id, Filing.id)
    ).all()
    firsts = _first_submissions(session, [filing.id for _, filing in rows], as_of)
    closes = as_of + dt.timedelta(days=1) if complete else as_of
    made: dict[int, tuple[Document, list[OwnFiling]]] = {}
    for document, filing in rows:
        due = deadlines.current_filing_due(
            office.rulebook,
            stored=filing.due_on,
            provisional=filing.due_provisional,
            published_on=document.published_on,
            body=filing.body,
        ).date
        submitted = firsts.get(filing.id)
        if submitted is None and filing.submitted_on and filing.submitted_on <= as_of:
            submitted = filing.submitted_on  # recorded before the filing history was kept
        state = _state(submitted, due, closes)
        made.setdefault(document.id, (document, []))[1].append(
            OwnFiling(filing.body, due, submitted, state)
        )
    return tuple(
        OwnDocument(d.doc_number, d.title, d.published_on, tuple(filings))
        for d, filings in made.values()
    )


def _state(submitted: dt.date | None, due: dt.date, closes: dt.date) -> str:
    """on_time / late (submitted), overdue / pending (not submitted: the period is over by
    `closes`, the first day not counted, or not)."""
    if submitted is not None:
        return "on_time" if submitted <= due else "late"
    return "overdue" if due < closes else "pending"


def _first_submissions(session: Session, ids: list[int], as_of: dt.date) -> dict[int, dt.date]:
    """Each filing's first submission on or before `as_of`, by filing id."""
    if not ids:
        return {}
    rows = session.exec(
        select(FilingSubmission.filing_id, func.min(FilingSubmission.submitted_on))
        .where(FilingSubmission.filing_id.in_(ids), FilingSubmission.submitted_on <= as_of)
        .group_by(FilingSubmission.filing_id)
    ).all()
    return dict(rows)


def _body_figures(bodies: list[str], documents: tuple[OwnDocument, ...]) -> tuple[BodyFigures, ...]:
    states: dict[str, Counter] = defaultdict(Counter)
    for document in documents:
        for filing in document.filings:
            states[filing.body][filing.state] += 1
    order = bodies + sorted(body for body in states if body not in bodies)
    return tuple(_body(body, states[body]) for body in order)


def _body(body: str, states: Counter) -> BodyFigures:
    on_time, late = states["on_time"], states["late"]
    return BodyFigures(
        body=body,
        due=sum(states.values()),
        filed=on_time + late,
        on_time=on_time,
        late=late,
        overdue=states["overdue"],
        pending=states["pending"],
    )


def _campaigns(session: Session, year: int, as_of: dt.date) -> tuple[CampaignResult, ...]:
    """Cleanups finished in the year, each decision as it stood on `as_of`: a correction made
    later is undone (its from_decision counted instead of its to_decision)."""
    found = session.exec(
        select(CleanupCampaign)
        .where(CleanupCampaign.finished_on.between(dt.date(year, 1, 1), as_of))
        .order_by(CleanupCampaign.finished_on, CleanupCampaign.id)
    ).all()
    if not found:
        return ()
    ids = [campaign.id for campaign in found]
    counts: dict[int, Counter] = defaultdict(Counter)
    for campaign_id, decision, count in session.exec(
        select(CleanupItem.campaign_id, CleanupItem.decision, func.count())
        .where(CleanupItem.campaign_id.in_(ids), CleanupItem.decision.is_not(None))
        .group_by(CleanupItem.campaign_id, CleanupItem.decision)
    ).all():
        counts[campaign_id][decision] += count
    for correction in session.exec(
        select(CleanupCorrection).where(
            CleanupCorrection.campaign_id.in_(ids), CleanupCorrection.corrected_on > as_of
        )
    ).all():
        counts[correction.campaign_id][correction.to_decision] -= 1
        if correction.from_decision:
            counts[correction.campaign_id][correction.from_decision] += 1
    return tuple(
        CampaignResult(
            name=campaign.name,
            as_of=campaign.as_of,
            finished=campaign.finished_on,
            counts={key: counts[campaign.id][decision] for decision, key in DECISION_KEYS.items()},
        )
        for campaign in found
    )


def period_label(report: AnnualReport) -> str:
    """统计期间 as the report states it: 2026年1月1日至2026年12月31日."""
    return f"{date_label(dt.date(report.year, 1, 1))}至{date_label(report.as_of)}"
