"""Reads of the office's work as filing body (备案审查): the inbox, one filed document, the
units that file late or not at all, 审查建议, and the year's figures.

Every due date comes from `docfiler.domain.deadlines`; every stage from
`vocabulary.incoming_stage` over the dated events on record.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlmodel import Session, func, select

from docfiler.domain import deadlines
from docfiler.domain.docnumber import DocNumberError, parse
from docfiler.domain.gates import parse_number
from docfiler.domain.vocabulary import INCOMING_STAGES, incoming_stage
from docfiler.errors import NotFoundError, ValidationError
from docfiler.office import Office
from docfiler.rules.rulebook import Rulebook
from docfiler.store.tables import (
    Authority,
    FollowUp,
    IncomingFiling,
    IncomingReview,
    ReviewSuggestion,
)


def load_incoming(session: Session, number: str) -> IncomingFiling:
    """A document filed with the office (or known unfiled) by any written form of its 文号."""
    canonical = str(parse_number(number))
    row = session.exec(select(IncomingFiling).where(IncomingFiling.doc_number == canonical)).first()
    if row is None:
        raise NotFoundError(
            f"收文登记中没有文号为“{canonical}”的备案文件。",
            how={"cli": "请先用 `docfiler inbox receive` 接收登记，或检查文号。"},
        )
    return row


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _missing(rules: Rulebook, materials: str | None) -> list[str]:
    have = set((materials or "").split("、"))
    return [item for item in rules.inbox_materials if item not in have]


def _open_sets(session: Session) -> tuple[set[int], set[int]]:
    """Ids of filings with an open review, and with an open follow-up."""
    reviewing = set(
        session.exec(
            select(IncomingReview.filing_id).where(IncomingReview.finished_on.is_(None))
        ).all()
    )
    following = set(
        session.exec(select(FollowUp.filing_id).where(FollowUp.closed_on.is_(None))).all()
    )
    return reviewing, following


def stage_of(row: IncomingFiling, reviewing: set[int], following: set[int]) -> str:
    return incoming_stage(
        received=row.received_on is not None,
        rejected=row.rejected_on is not None,
        registered=row.registered_on is not None,
        deferred=row.deferred_on is not None,
        supplemented=row.supplemented_on is not None,
        reviewing=row.id in reviewing,
        following=row.id in following,
    )


def filing_view(rules: Rulebook, row: IncomingFiling, unit: str, stage: str) -> dict[str, Any]:
    return {
        "doc_number": row.doc_number,
        "title": row.title,
        "unit": unit,
        "stage": stage,
        "stage_label": INCOMING_STAGES[stage],
        "published_on": _iso(row.published_on),
        "due_on": _iso(row.due_on),
        "due_provisional": row.due_provisional,
        "received_on": _iso(row.received_on),
        "late_days": row.late_days,
        "materials": [m for m in (row.materials or "").split("、") if m],
        "missing": _missing(rules, row.materials) if row.received_on else [],
        "found_in": row.found_in,
        "deferred_on": _iso(row.deferred_on),
        "deferral_reason": row.deferral_reason,
        "supplement_due": _iso(row.supplement_due),
        "supplemented_on": _iso(row.supplemented_on),
        "registered_on": _iso(row.registered_on),
        "rejected_on": _iso(row.rejected_on),
        "reject_reason": row.reject_reason,
        "note": row.note,
        "version": row.version,
    }


def inbox(
    *, office: Office, stage: str | None = None, unit: str | None = None
) -> list[dict[str, Any]]:
    """Every document filed with the office (or known unfiled), newest received first; `stage`
    a key or label of INCOMING_STAGES, `unit` a unit's name."""
    if stage is not None:
        by_label = {label: key for key, label in INCOMING_STAGES.items()}
        stage = by_label.get(stage, stage)
        if stage not in INCOMING_STAGES:
            raise ValidationError(f"阶段只能是 {'、'.join(INCOMING_STAGES.values())}。")
    with office.reading() as session:
        query = (
            select(IncomingFiling, Authority.name)
            .join(Authority, Authority.id == IncomingFiling.authority_id)
            .order_by(
                IncomingFiling.received_on.is_(None),
                IncomingFiling.received_on.desc(),
                IncomingFiling.doc_number,
            )
        )
        if unit:
            query = query.where(Authority.name == unit.strip())
        rows = session.exec(query).all()
        reviewing, following = _open_sets(session)
    views = [
        filing_view(office.rulebook, row, name, stage_of(row, reviewing, following))
        for row, name in rows
    ]
    return [v for v in views if stage is None or v["stage"] == stage]


def show_incoming(*, office: Office, number: str) -> dict[str, Any]:
    """One filed document with its reviews (and their follow-ups) and the suggestions about it."""
    rules = office.rulebook
    with office.reading() as session:
        row = load_incoming(session, number)
        unit = session.get(Authority, row.authority_id)
        reviewing, following = _open_sets(session)
        view = filing_view(
            rules, row, unit.name if unit else "", stage_of(row, reviewing, following)
        )
        reviews = session.exec(
            select(IncomingReview)
            .where(IncomingReview.filing_id == row.id)
            .order_by(IncomingReview.started_on, IncomingReview.id)
        ).all()
        view["reviews"] = [_review_view(session, rules, review) for review in reviews]
        suggestions = session.exec(
            select(ReviewSuggestion)
            .where(ReviewSuggestion.filing_id == row.id)
            .order_by(ReviewSuggestion.received_on)
        ).all()
        view["suggestions"] = [suggestion_view(rules, s) for s in suggestions]
    return view


def _review_view(session: Session, rules: Rulebook, review: IncomingReview) -> dict[str, Any]:
    view = {
        "started_on": _iso(review.started_on),
        "origin": review.origin,
        "due_on": _iso(deadlines.inbox_review_due(rules, review.started_on).date),
        "finished_on": _iso(review.finished_on),
        "result": review.result,
        "opinion_kind": review.opinion_kind,
        "opinion_number": review.opinion_number,
        "findings": json.loads(review.findings) if review.findings else {},
        "reasoning": review.reasoning,
        "followup": None,
    }
    followup = session.exec(select(FollowUp).where(FollowUp.review_id == review.id)).first()
    if followup is not None:
        revised = (
            session.get(IncomingFiling, followup.corrected_by_id)
            if followup.corrected_by_id
            else None
        )
        view["followup"] = {
            "due_on": _iso(deadlines.followup_due(rules, followup.opinion_on).date),
            "reported_on": _iso(followup.reported_on),
            "report": followup.report,
            "outcome": followup.outcome,
            "closed_on": _iso(followup.closed_on),
            "corrected_by": revised.doc_number if revised else None,
            "note": followup.note,
        }
    return view


def suggestion_view(rules: Rulebook, record: ReviewSuggestion) -> dict[str, Any]:
    due = deadlines.suggestion_reply_due(rules, record.received_on).date
    return {
        "id": record.id,
        "received_on": _iso(record.received_on),
        "proposer": record.proposer,
        "contact": record.contact,
        "doc_number": record.doc_number,
        "doc_title": record.doc_title,
        "request": record.request,
        "reply_due": _iso(due),
        "replied_on": _iso(record.replied_on),
        "reply": record.reply,
        "review_started": record.review_id is not None,
    }


def suggestions(*, office: Office, open_only: bool = False) -> list[dict[str, Any]]:
    """审查建议, oldest first; `open_only`: those not yet answered."""
    with office.reading() as session:
        query = select(ReviewSuggestion).order_by(ReviewSuggestion.received_on, ReviewSuggestion.id)
        if open_only:
            query = query.where(ReviewSuggestion.replied_on.is_(None))
        rows = session.exec(query).all()
    return [suggestion_view(office.rulebook, row) for row in rows]


# ------------------------------------------------------------------------ units that don't file


def _number_year(number: str) -> int | None:
    try:
        return parse(number).year
    except DocNumberError:
        return None


def not_filed(
    *, office: Office, start: dt.date, end: dt.date, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Per unit, the documents whose filing fell due between `start` and `end` (inclusive) and
    that came late (逾期报送: received after the due date) or not at all (未报送: not received
    as of `today`). A document known unfiled whose publication date is unknown counts in the
    period when its 文号's year lies within it. Units in name order; units with neither left out."""
    if end < start:
        raise ValidationError("统计期间的结束日期早于开始日期，请核对。")
    today = today or office.today()
    with office.reading() as session:
        rows = session.exec(
            select(IncomingFiling, Authority.name, Authority.kind)
            .join(Authority, Authority.id == IncomingFiling.authority_id)
            .where(
                (IncomingFiling.received_on.is_(None))
                | (IncomingFiling.received_on > IncomingFiling.due_on)
            )
            .order_by(Authority.name, IncomingFiling.due_on, IncomingFiling.doc_number)
        ).all()
    units: dict[str, dict[str, Any]] = {}
    for row, name, kind in rows:
        if row.due_on is not None:
            inside = start <= row.due_on <= end
        else:
            year = _number_year(row.doc_number)
            inside = year is not None and start.year <= year <= end.year
        unfiled = row.received_on is None or row.received_on > today
        if not inside or (unfiled and row.due_on is not None and row.due_on >= today):
            continue  # not yet late
        entry = units.setdefault(name, {"unit": name, "kind": kind, "late": [], "unfiled": []})
        item = {
            "doc_number": row.doc_number,
            "title": row.title,
            "published_on": _iso(row.published_on),
            "due_on": _iso(row.due_on),
            "received_on": None if unfiled else _iso(row.received_on),
            "late_days": None if unfiled else row.late_days,
            "found_in": row.found_in,
        }
        entry["unfiled" if unfiled else "late"].append(item)
    return [units[name] for name in sorted(units)]  # the same order on every database


# ---------------------------------------------------------------------------- the year's figures

FIGURE_DEFINITIONS = {
    "received": "年内收到（接收登记日期在该年）的报备文件件数",
    "on_time": "其中收到日期不晚于报送期限（公布之日起的备案期限）的件数",
    "late": "其中收到日期晚于报送期限的件数",
    "deferred": "年内作出暂缓办理备案登记（通知补正）的件数",
    "rejected": "年内作出不予备案登记（退回）的件数",
    "registered": "年内予以备案登记的件数",
    "reviewed": "年内审查完毕（审查结论日期在该年）的次数",
    "problems": "其中提出审查意见（发现问题）的次数",
    "corrected": "年内提出的审查意见中，至年底已纠正或已废止办结的件数",
    "correction_rate": "纠错率 = corrected ÷ problems（无审查意见时为 null）",
    "unfiled": "报送期限在该年内（公布日期不详的按文号年份）、至年底仍未报送的已知文件件数",
    "suggestions_received": "年内收到的审查建议件数",
    "suggestions_answered": "其中至年底已书面答复的件数",
    "suggestions_on_time": "其中在答复期限内答复的件数",
}
"""What each of the year's figures counts: every one from dated events, so any past year comes
out the same whenever it is asked for (events after the year's end are not seen)."""


def _count(session: Session, model: Any, *conditions: Any) -> int:
    return session.exec(select(func.count()).select_from(model).where(*conditions)).one()


def year_figures(*, office: Office, year: int) -> dict[str, Any]:
    """The office's yearly account as filing body; see FIGURE_DEFINITIONS."""
    if not 1949 < year < 10000:
        raise ValidationError(f"年份“{year}”不对，请写四位年份，如 2026。")
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    F, R, U = IncomingFiling, IncomingReview, FollowUp
    with office.reading() as session:
        figures = {
            "received": _count(session, F, F.received_on.between(first, last)),
            "on_time": _count(
                session, F, F.received_on.between(first, last), F.received_on <= F.due_on
            ),
            "late": _count(
                session, F, F.received_on.between(first, last), F.received_on > F.due_on
            ),
            "deferred": _count(session, F, F.deferred_on.between(first, last)),
            "rejected": _count(session, F, F.rejected_on.between(first, last)),
            "registered": _count(session, F, F.registered_on.between(first, last)),
            "reviewed": _count(session, R, R.finished_on.between(first, last)),
            "problems": _count(
                session, R, R.finished_on.between(first, last), R.result == "审查意见"
            ),
            "corrected": _count(
                session,
                U,
                U.opinion_on.between(first, last),
                U.closed_on <= last,
                U.outcome.in_(("已纠正", "已废止")),
            ),
            "unfiled": _unfiled_count(session, year),
        }
        figures.update(_suggestion_figures(session, office.rulebook, first, last))
    problems = figures["problems"]
    figures["correction_rate"] = round(figures["corrected"] / problems, 4) if problems else None
    return {"year": year, "figures": figures, "definitions": FIGURE_DEFINITIONS}


def _unfiled_count(session: Session, year: int) -> int:
    """Known documents due in `year` (by the 文号's year when the publication date is unknown)
    and not received by its end: the same rule as `not_filed`."""
    last = dt.date(year, 12, 31)
    rows = session.exec(
        select(IncomingFiling.doc_number, IncomingFiling.due_on).where(
            (IncomingFiling.received_on.is_(None)) | (IncomingFiling.received_on > last)
        )
    ).all()
    return sum(
        1
        for number, due in rows
        if (due.year == year if due is not None else _number_year(number) == year)
    )


def _suggestion_figures(
    session: Session, rules: Rulebook, first: dt.date, last: dt.date
) -> dict[str, int]:
    rows = session.exec(
        select(ReviewSuggestion.received_on, ReviewSuggestion.replied_on).where(
            ReviewSuggestion.received_on.between(first, last)
        )
    ).all()
    answered = [(got, replied) for got, replied in rows if replied is not None and replied <= last]
    on_time = sum(
        1 for got, replied in answered if replied <= deadlines.suggestion_reply_due(rules, got).date
    )
    return {
        "suggestions_received": len(rows),
        "suggestions_answered": len(answered),
        "suggestions_on_time": on_time,
    }
