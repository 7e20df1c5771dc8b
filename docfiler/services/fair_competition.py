"""公平竞争审查: a document that concerns market participants' economic activity needs a recorded
fair-competition conclusion before it goes to collective decision.

Sources (rulebook.toml [fair_competition]): 优化营商环境条例 (国务院令第722号) art. 63; 公平竞争审查条例
(国务院令第783号, 2024).
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from docfiler.domain.gates import fair_competition_problem, not_before, not_before_year, not_future
from docfiler.domain.labels import date_label
from docfiler.errors import GateError, ValidationError
from docfiler.office import Office, retried
from docfiler.services.documents import document_summary
from docfiler.services.results import DocumentRef
from docfiler.store.audit import audit
from docfiler.store.locking import lock_document
from docfiler.store.lookups import load_document
from docfiler.store.tables import Document, FairCompetitionReview

FAIR_COMPETITION_RULE = (
    "优化营商环境条例第六十三条：制定涉及市场主体权利义务的行政规范性文件，应当按照国务院的规定"
    "进行公平竞争审查"
)


def latest_fair_competition(session: Session, document_id: int) -> FairCompetitionReview | None:
    return session.exec(
        select(FairCompetitionReview)
        .where(FairCompetitionReview.document_id == document_id)
        .order_by(FairCompetitionReview.reviewed_on.desc(), FairCompetitionReview.id.desc())
    ).first()


def check_fair_competition(session: Session, document: Document, decided_on: dt.date) -> None:
    """The 集体讨论决定 gate: refused when the document concerns market participants' economic
    activity and no 公平竞争审查 conclusion dated on or before the meeting is on record."""
    review = latest_fair_competition(session, document.id)
    problem = fair_competition_problem(
        document.concerns_market, review.reviewed_on if review else None
    )
    if problem:
        raise GateError(
            f"文件“{document.doc_number}”不能提交集体讨论：{problem}。（{FAIR_COMPETITION_RULE}。）"
            "请先登记审查结论",
            missing=[problem],
            how={
                "cli": f"：docfiler fair-competition {document.doc_number} --on 日期 "
                "--conclusion 结论。",
                "tui": "（在文件详情中按 c）。",
            },
        )
    if review is not None:
        not_before(decided_on, review.reviewed_on, "会议日期", "公平竞争审查日期")


@retried
def record_fair_competition(
    *,
    office: Office,
    number: str,
    on: dt.date,
    conclusion: str,
    reviewer: str | None = None,
    expected_version: int | None = None,
) -> DocumentRef:
    """登记公平竞争审查结论; the document is then marked as concerning market activity."""
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise ValidationError("请填写公平竞争审查结论，如“未发现排除、限制竞争的内容，可以出台”。")
    not_future(on, office.today(), "公平竞争审查日期")
    with office.transaction() as session:
        document = load_document(session, number)
        not_before_year(document, on, "公平竞争审查日期")
        lock_document(session, document, expected_version)
        document.concerns_market = True
        session.add(document)
        record = FairCompetitionReview(
            document_id=document.id,
            reviewed_on=on,
            conclusion=conclusion,
            reviewer=(reviewer or "").strip() or None,
        )
        session.add(record)
        session.flush()
        audit(
            session,
            office,
            action="fair_competition",
            entity="fair_competition",
            entity_id=record.id,
            document_id=document.id,
            summary=f"{document.doc_number} 公平竞争审查结论：{conclusion}（{date_label(on)}）",
            details={"reviewer": record.reviewer},
        )
        return document_summary(document)


@retried
def mark_market_activity(
    *, office: Office, number: str, concerns: bool, expected_version: int | None = None
) -> DocumentRef:
    """Mark whether the document concerns market participants' economic activity."""
    with office.transaction() as session:
        document = load_document(session, number)
        if not concerns and latest_fair_competition(session, document.id) is not None:
            raise GateError(
                f"文件“{document.doc_number}”已登记公平竞争审查结论，不能改为不涉及市场主体经济活动。"
            )
        lock_document(session, document, expected_version)
        before = document.concerns_market
        document.concerns_market = concerns
        session.add(document)
        audit(
            session,
            office,
            action="update",
            entity="document",
            entity_id=document.id,
            document_id=document.id,
            summary=f"修改文件 {document.doc_number}：涉及市场主体经济活动"
            + ("（是）" if concerns else "（否）"),
            details={"concerns_market": {"from": before, "to": concerns}},
        )
        return document_summary(document)
