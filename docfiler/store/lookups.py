"""Shared lookups used by writes and reads: a document by its number, an authority, the latest events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from sqlmodel import Session, select

from docfiler.domain.gates import parse_number
from docfiler.errors import GateError, NotFoundError, ValidationError
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
            f"没有名为“{name}”的制定机关。已登记的有：{known or '（无）'}。新的机关请先",
            how={"cli": "用 `docfiler authority add` 添加。", "tui": "在工作台按 m 添加。"},
        )
    return authority


def resolve_authority(
    session: Session,
    name: str | None,
    agency_code: str,
    *,
    other_governments: Mapping[str, str] | None = None,
) -> Authority:
    """The authority named, or else the one that owns the document number's agency code, by the
    rule of :func:`authority_for_code`."""
    named = find_authority(session, name) if name else None
    code = session.get(AgencyCode, agency_code)
    owner = session.get(Authority, code.authority_id) if code is not None else None
    own: Sequence[str] = ()
    if named is not None and owner is None:
        own = session.exec(select(AgencyCode.code).where(AgencyCode.authority_id == named.id)).all()
    ident = authority_for_code(
        agency_code,
        named=(named.id, named.name) if named is not None else None,
        owner=(owner.id, owner.name) if owner is not None else None,
        own_codes=own,
        foreign=(other_governments or {}).get(agency_code),
    )
    return named if named is not None and named.id == ident else owner


def authority_for_code(
    agency_code: str,
    *,
    named: tuple[int, str] | None,
    owner: tuple[int, str] | None,
    own_codes: Collection[str],
    foreign: str | None,
    option: str = "--authority",
) -> int:
    """The id of the authority a document with ``agency_code`` is registered under: the one
    named (``(id, name)``), or else the code's ``owner``. The one rule for registering a document
    and for importing a register (``services.imports``), which read the facts differently.

    The code must belong to the authority: a code registered to another authority is refused,
    and so is one the rulebook names as another government's (``foreign``: 营政发 →
    营口市人民政府), with whose code it is. A named authority may take a code nobody registered
    only while it has no codes of its own (``own_codes``). ``option`` is how the clerk names
    the authority (the CLI's ``--authority``; an import row's ``authority``).
    """
    if named is None:
        if owner is not None:
            return owner[0]
        if foreign:
            raise ValidationError(_foreign_code_message(agency_code, foreign))
        raise NotFoundError(
            f"机关代字“{agency_code}”不属于任何已登记的制定机关。",
            how={
                "cli": f"请用 {option} 指明制定机关，"
                "或用 `docfiler authority add 机关名称 --code 代字` 登记这个代字。",
                "tui": "请在“制定机关”一栏选定制定机关，或在工作台按 m 为它登记这个代字。",
            },
        )
    ident, name = named
    if owner is not None and owner[0] != ident:
        raise ValidationError(
            f"文号的机关代字“{agency_code}”属于“{owner[1]}”，不是“{name}”的代字。"
            f"请登记在“{owner[1]}”名下",
            how={
                "cli": f"（{option} {owner[1]}，或不写 {option}），或核对文号。",
                "tui": f"（“制定机关”一栏选“{owner[1]}”），或核对文号。",
            },
        )
    if owner is None:
        if foreign:
            raise ValidationError(_foreign_code_message(agency_code, foreign))
        if own_codes:
            raise ValidationError(
                f"机关代字“{agency_code}”不是“{name}”的代字"
                f"（其代字：{'、'.join(sorted(own_codes))}）。请核对文号；如确是该机关的新代字，",
                how={
                    "cli": f"请先用 `docfiler authority add {name} --code {agency_code}` 添加。",
                    "tui": "请先在工作台按 m 为该机关添加这个代字。",
                },
            )
    return ident


def _foreign_code_message(agency_code: str, owner: str) -> str:
    return (
        f"机关代字“{agency_code}”是{owner}的发文机关代字，不属于本登记簿的制定机关。"
        f"{owner}的文件不在这里登记；本机关的文件以它为依据时，请用 `docfiler basis add` "
        "登记为制定依据。如果文号写错了，请核对原件。"
    )


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
