"""Shared lookups used by writes and reads: a document by its number, an authority, the latest events."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from docfiler.domain.gates import parse_number
from docfiler.errors import GateError, NotFoundError
from docfiler.store.tables import (
    AgencyCode,
    Authority,
    CleanupCampaign,
    CollectiveDecision,
    Document,
    Filing,
    LegalityReview,
)


def load_document(session: Session, number: str) -> Document:
    parsed = parse_number(number)
    document = session.exec(select(Document).where(Document.doc_number == str(parsed))).first()
    if document is None:
        raise NotFoundError(f"登记簿中没有文号为“{parsed}”的文件。请先用 add 登记，或检查文号。")
    return document


def find_authority(session: Session, name: str) -> Authority:
    """An issuing authority by its name; an unknown name is refused with the known ones listed."""
    authority = session.exec(select(Authority).where(Authority.name == name.strip())).first()
    if authority is None:
        known = "、".join(session.exec(select(Authority.name).order_by(Authority.id)).all())
        raise NotFoundError(
            f"没有名为“{name}”的制定机关。已登记的有：{known or '（无）'}。"
            "新的机关请先用 `docfiler authority add` 添加。"
        )
    return authority


def resolve_authority(session: Session, name: str | None, agency_code: str) -> Authority:
    """The authority named, or else the one that owns the document number's agency code."""
    if name:
        return find_authority(session, name)
    code = session.get(AgencyCode, agency_code)
    if code is None:
        raise NotFoundError(
            f"机关代字“{agency_code}”不属于任何已登记的制定机关。请用 --authority 指明制定机关，"
            "或用 `docfiler authority add 机关名称 --code 代字` 登记这个代字。"
        )
    return session.get(Authority, code.authority_id)


def latest_review(session: Session, document_id: int) -> LegalityReview | None:
    return session.exec(
        select(LegalityReview)
        .where(LegalityReview.document_id == document_id)
        .order_by(LegalityReview.submitted_on.desc(), LegalityReview.id.desc())
    ).first()


def latest_decision(session: Session, document_id: int) -> CollectiveDecision | None:
    return session.exec(
        select(CollectiveDecision)
        .where(CollectiveDecision.document_id == document_id)
        .order_by(CollectiveDecision.decided_on.desc(), CollectiveDecision.id.desc())
    ).first()


def load_filing(session: Session, document: Document, body: str) -> Filing:
    filing = session.exec(
        select(Filing).where(Filing.document_id == document.id, Filing.body == body.strip())
    ).first()
    if filing is None:
        bodies = session.exec(select(Filing.body).where(Filing.document_id == document.id)).all()
        if not bodies:
            raise GateError(
                f"文件“{document.doc_number}”尚未公布，没有备案事项。备案须在公布之后。"
            )
        raise NotFoundError(
            f"文件“{document.doc_number}”没有向“{body}”备案的事项。应备案的机关：{'、'.join(bodies)}。"
        )
    return filing


def find_campaign(session: Session, ref: str | int) -> CleanupCampaign:
    """A campaign by the id `cleanup start` printed, or by its name."""
    text = str(ref).strip()
    campaign = None
    if text.isdigit():
        campaign = session.get(CleanupCampaign, int(text))
    if campaign is None:
        campaign = session.exec(select(CleanupCampaign).where(CleanupCampaign.name == text)).first()
    if campaign is None:
        names = session.exec(select(CleanupCampaign.id, CleanupCampaign.name)).all()
        known = "、".join(f"{i}（{n}）" for i, n in names) or "（无）"
        raise NotFoundError(f"没有编号或名称为“{text}”的清理活动。已有：{known}。")
    return campaign


def last_finished_campaign(
    session: Session, before: dt.date | None = None
) -> CleanupCampaign | None:
    query = select(CleanupCampaign).where(CleanupCampaign.finished_on.is_not(None))
    if before is not None:
        query = query.where(CleanupCampaign.finished_on <= before)
    return session.exec(query.order_by(CleanupCampaign.finished_on.desc())).first()
