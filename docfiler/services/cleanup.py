"""定期清理: cleanup campaigns, validity evaluation, and changes in higher law.

A campaign takes in every document in force on its as-of date (for the chosen authorities),
plus documents whose validity ended since the last campaign, plus documents whose legal basis
was amended or repealed (with that reason pre-filled). Each gets 继续有效 / 修改 / 废止 / 宣布失效.
Finishing applies every decision in one transaction; a finished campaign is frozen, and a
mistake is put right only by a recorded correction.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import and_, func, or_, update
from sqlmodel import Session, select

from docfiler.domain.labels import date_label as fmt
from docfiler.domain.vocabulary import CLEANUP_DECISIONS
from docfiler.errors import ConflictError, GateError, NotFoundError, ValidationError
from docfiler.office import Office
from docfiler.queries.campaigns import flagged_documents
from docfiler.services.legal_bases import get_or_create_higher_law
from docfiler.services.results import (
    CampaignFinished,
    CampaignStarted,
    CleanupDecided,
    DecisionCorrected,
    DecisionTotals,
    EvaluationRecorded,
    HigherLawMarked,
)
from docfiler.store.audit import audit
from docfiler.store.lookups import (
    find_authority,
    find_campaign,
    last_finished_campaign,
    load_document,
)
from docfiler.store.status_sql import in_force_clause
from docfiler.store.tables import (
    AuditEntry,
    CleanupCampaign,
    CleanupCorrection,
    CleanupItem,
    Document,
    DocumentRelation,
    HigherLaw,
    LegalBasis,
    ValidityEvaluation,
    utcnow,
)

NEEDS_REASON = ("修改", "废止", "宣布失效")
EVALUATION_OUTCOMES = {"republish": "重新制发", "lapse": "到期失效"}


# ---------------------------------------------------------------------------- lookups


def _campaign_item(
    session: Session, campaign: CleanupCampaign, number: str
) -> tuple[Document, CleanupItem]:
    document = load_document(session, number)
    item = session.exec(
        select(CleanupItem).where(
            CleanupItem.campaign_id == campaign.id, CleanupItem.document_id == document.id
        )
    ).first()
    if item is None:
        raise NotFoundError(f"文件“{document.doc_number}”不在清理活动“{campaign.name}”的范围内。")
    return document, item


def _refuse_if_finished(campaign: CleanupCampaign) -> None:
    if campaign.finished_on is not None:
        raise GateError(
            f"清理活动“{campaign.name}”已于{fmt(campaign.finished_on)}完成，不能再修改。"
            "如有错误，请登记更正（cleanup correct）。"
        )


# ---------------------------------------------------------------------------- campaign


def start_campaign(
    *,
    office: Office,
    name: str,
    as_of: dt.date,
    basis: str | None = None,
    authorities: list[str] | None = None,
) -> CampaignStarted:
    """开始清理: build the worklist in one transaction."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("请给清理活动起一个名称，如“2026年规范性文件清理”。")
    today = office.today()
    if as_of > today:
        raise ValidationError(f"清理基准日（{fmt(as_of)}）晚于今天，请用今天或以前的日期。")
    with office.transaction() as session:
        if session.exec(select(CleanupCampaign.id).where(CleanupCampaign.name == name)).first():
            raise ValidationError(f"已有名为“{name}”的清理活动，请换一个名称。")
        open_campaign = session.exec(
            select(CleanupCampaign.name).where(CleanupCampaign.finished_on.is_(None))
        ).first()
        if open_campaign:
            raise GateError(f"清理活动“{open_campaign}”尚未完成，请先完成它再开始新的清理。")
        authority_ids: list[int] | None = None
        if authorities:
            authority_ids = [find_authority(session, name).id for name in authorities]
        campaign = CleanupCampaign(
            name=name,
            basis=basis,
            as_of=as_of,
            started_on=today,
            authorities=json.dumps(authorities, ensure_ascii=False) if authorities else None,
        )
        session.add(campaign)
        session.flush()

        scope = [] if authority_ids is None else [Document.authority_id.in_(authority_ids)]
        in_force = session.exec(
            select(Document.id, Document.drafting_unit).where(
                in_force_clause(Document, as_of), *scope
            )
        ).all()
        previous = last_finished_campaign(session, before=as_of)
        since = previous.as_of if previous else None
        lapsed_conditions = [
            Document.published_on.is_not(None),
            Document.valid_until.is_not(None),
            Document.valid_until < as_of,
            or_(Document.repealed_on.is_(None), Document.repealed_on > Document.valid_until),
            or_(
                Document.declared_invalid_on.is_(None),
                Document.declared_invalid_on > Document.valid_until,
            ),
            *scope,
        ]
        if since is not None:
            lapsed_conditions.append(Document.valid_until >= since)
        lapsed = session.exec(
            select(Document.id, Document.drafting_unit, Document.valid_until).where(
                and_(*lapsed_conditions)
            )
        ).all()
        flags = flagged_documents(session, as_of)

        rows: dict[int, dict[str, Any]] = {}
        for doc_id, unit in in_force:
            rows[doc_id] = {"document_id": doc_id, "drafting_unit": unit, "flag": flags.get(doc_id)}
        for doc_id, unit, valid_until in lapsed:
            rows.setdefault(
                doc_id,
                {
                    "document_id": doc_id,
                    "drafting_unit": unit,
                    "flag": f"有效期已于{fmt(valid_until)}届满",
                },
            )
        items = [
            {
                **row,
                "campaign_id": campaign.id,
                "decision": None,
                "reason": None,
                "amended_by_id": None,
                "decided_at": None,
                "decided_by": None,
                "version": 1,
            }
            for row in rows.values()
        ]
        if items:
            session.connection().execute(CleanupItem.__table__.insert(), items)
        flagged = sum(1 for row in rows.values() if row["flag"])
        audit(
            session,
            office,
            action="cleanup_start",
            entity="cleanup",
            entity_id=campaign.id,
            summary=f"开始清理“{name}”（基准日{fmt(as_of)}）：纳入文件 {len(items)} 件，"
            f"其中需特别关注 {flagged} 件",
            details={"basis": basis, "authorities": authorities, "as_of": as_of},
        )
        return CampaignStarted(
            id=campaign.id, name=name, as_of=as_of, total=len(items), flagged=flagged
        )


def decide(
    *,
    office: Office,
    campaign: str | int,
    number: str,
    decision: str,
    reason: str | None = None,
    amended_by: str | None = None,
    expected_version: int | None = None,
) -> CleanupDecided:
    """Record one document's decision. 修改 / 废止 / 宣布失效 need a reason."""
    decision = (decision or "").strip()
    if decision not in CLEANUP_DECISIONS:
        raise ValidationError(f"清理意见“{decision}”无效，只能是：{'、'.join(CLEANUP_DECISIONS)}。")
    reason = (reason or "").strip() or None
    if decision in NEEDS_REASON and not reason:
        raise ValidationError(f"清理意见为“{decision}”的，须写明理由。")
    if amended_by and decision != "修改":
        raise ValidationError("只有清理意见为“修改”时才能填写修改文件的文号。")
    with office.transaction() as session:
        found = find_campaign(session, campaign)
        _refuse_if_finished(found)
        document, item = _campaign_item(session, found, number)
        amended_id = None
        if amended_by:
            amending = load_document(session, amended_by)
            if amending.id == document.id:
                raise ValidationError("修改文件不能是被清理的文件本身。")
            amended_id = amending.id
        expected = item.version if expected_version is None else expected_version
        previous = {"decision": item.decision, "reason": item.reason}
        result = session.execute(
            update(CleanupItem)
            .where(CleanupItem.id == item.id, CleanupItem.version == expected)
            .values(
                decision=decision,
                reason=reason,
                amended_by_id=amended_id,
                decided_at=utcnow(),
                decided_by=office.operator,
                version=expected + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise ConflictError(
                f"“{document.doc_number}”的清理意见已被其他人修改。本次保存未执行；请刷新后核对再保存。"
            )
        audit(
            session,
            office,
            action="cleanup_decide",
            entity="cleanup_item",
            entity_id=item.id,
            document_id=document.id,
            summary=f"清理“{found.name}”：{document.doc_number} {decision}"
            + (f"（{reason}）" if reason else ""),
            details={"previous": previous, "amended_by": amended_by},
        )
        return CleanupDecided(
            doc_number=document.doc_number, decision=decision, reason=reason, version=expected + 1
        )


def finish_campaign(*, office: Office, campaign: str | int, on: dt.date) -> CampaignFinished:
    """Apply every decision on `on`, in one transaction. Refused while anything is undecided."""
    if on > office.today():
        raise ValidationError(f"完成日期（{fmt(on)}）晚于今天。")
    with office.transaction() as session:
        found = find_campaign(session, campaign)
        _refuse_if_finished(found)
        if on < found.as_of:
            raise ValidationError(f"完成日期（{fmt(on)}）早于清理基准日（{fmt(found.as_of)}）。")
        undecided = session.exec(
            select(Document.doc_number, Document.title)
            .join(CleanupItem, CleanupItem.document_id == Document.id)
            .where(CleanupItem.campaign_id == found.id, CleanupItem.decision.is_(None))
            .order_by(Document.doc_number)
        ).all()
        if undecided:
            shown = "；".join(f"{n}《{t}》" for n, t in undecided[:20])
            more = f"……共 {len(undecided)} 件" if len(undecided) > 20 else ""
            raise GateError(
                f"清理活动“{found.name}”还有 {len(undecided)} 件文件没有清理意见，不能完成：{shown}{more}",
                missing=[n for n, _ in undecided],
            )
        items = select(CleanupItem.document_id).where(CleanupItem.campaign_id == found.id)
        reason_of = (
            select(CleanupItem.reason)
            .where(CleanupItem.campaign_id == found.id, CleanupItem.document_id == Document.id)
            .scalar_subquery()
        )
        counts = {}
        for decision, date_column, reason_column in (
            ("废止", "repealed_on", "repeal_reason"),
            ("宣布失效", "declared_invalid_on", "invalid_reason"),
        ):
            chosen = items.where(CleanupItem.decision == decision)
            result = session.execute(
                update(Document)
                .where(
                    Document.id.in_(chosen),
                    or_(
                        getattr(Document, date_column).is_(None),
                        getattr(Document, date_column) > on,
                    ),
                )
                .values(
                    {
                        date_column: on,
                        reason_column: reason_of,
                        "version": Document.version + 1,
                        "updated_at": utcnow(),
                    }
                )
                .execution_options(synchronize_session=False)
            )
            counts[decision] = result.rowcount
        amendments = session.exec(
            select(
                CleanupItem.document_id,
                CleanupItem.amended_by_id,
                Document.effective_on,
                Document.published_on,
            )
            .join(Document, Document.id == CleanupItem.amended_by_id)
            .where(CleanupItem.campaign_id == found.id, CleanupItem.decision == "修改")
        ).all()
        for target, source, effective, published in amendments:
            day = effective or published
            if day is None:
                continue  # the amending document is not published yet: recorded on the item only
            already = session.exec(
                select(DocumentRelation.id).where(
                    DocumentRelation.source_id == source,
                    DocumentRelation.target_id == target,
                    DocumentRelation.kind == "amends",
                )
            ).first()
            if not already:
                session.add(
                    DocumentRelation(
                        source_id=source,
                        target_id=target,
                        kind="amends",
                        on_date=day,
                        note=f"清理“{found.name}”",
                    )
                )
        found.finished_on = on
        found.version += 1
        session.add(found)
        decided = session.exec(
            select(
                CleanupItem.id,
                CleanupItem.document_id,
                CleanupItem.decision,
                CleanupItem.reason,
                Document.doc_number,
            )
            .join(Document, Document.id == CleanupItem.document_id)
            .where(CleanupItem.campaign_id == found.id)
        ).all()
        now = utcnow()
        session.connection().execute(
            AuditEntry.__table__.insert(),
            [
                {
                    "at": now,
                    "operator": office.operator,
                    "action": "cleanup_applied",
                    "entity": "cleanup_item",
                    "entity_id": item_id,
                    "document_id": doc_id,
                    "summary": f"清理“{found.name}”完成：{number} {decision}"
                    + (f"（{reason}）" if reason else ""),
                    "details": None,
                }
                for item_id, doc_id, decision, reason, number in decided
            ],
        )
        totals = {d: 0 for d in CLEANUP_DECISIONS}
        for *_, decision, _reason, _number in decided:
            totals[decision] += 1
        audit(
            session,
            office,
            action="cleanup_finish",
            entity="cleanup",
            entity_id=found.id,
            summary=f"完成清理“{found.name}”（{fmt(on)}）：继续有效 {totals['继续有效']} 件，"
            f"修改 {totals['修改']} 件，废止 {totals['废止']} 件，宣布失效 {totals['宣布失效']} 件",
            details=totals,
        )
        return CampaignFinished(
            id=found.id, name=found.name, finished=on, totals=DecisionTotals.from_counts(totals)
        )


def correct_decision(
    *,
    office: Office,
    campaign: str | int,
    number: str,
    decision: str,
    reason: str,
    on: dt.date,
) -> DecisionCorrected:
    """更正: change a finished campaign's decision for one document, on the record."""
    if decision not in CLEANUP_DECISIONS:
        raise ValidationError(f"清理意见“{decision}”无效，只能是：{'、'.join(CLEANUP_DECISIONS)}。")
    if not (reason or "").strip():
        raise ValidationError("更正须写明理由。")
    with office.transaction() as session:
        found = find_campaign(session, campaign)
        if found.finished_on is None:
            raise GateError(f"清理活动“{found.name}”尚未完成，直接修改清理意见即可，无需更正。")
        if on < found.finished_on:
            raise ValidationError(
                f"更正日期（{fmt(on)}）早于清理完成日期（{fmt(found.finished_on)}）。"
            )
        document, item = _campaign_item(session, found, number)
        if item.decision == decision:
            raise ValidationError(f"“{document.doc_number}”的清理意见已经是“{decision}”。")
        before = item.decision
        finished = found.finished_on
        if before == "废止" and document.repealed_on == finished:
            document.repealed_on, document.repeal_reason = None, None
        if before == "宣布失效" and document.declared_invalid_on == finished:
            document.declared_invalid_on, document.invalid_reason = None, None
        if decision == "废止":
            document.repealed_on, document.repeal_reason = on, reason
        if decision == "宣布失效":
            document.declared_invalid_on, document.invalid_reason = on, reason
        document.version += 1
        session.add(document)
        session.add(
            CleanupCorrection(
                campaign_id=found.id,
                document_id=document.id,
                from_decision=before or "",
                to_decision=decision,
                reason=reason,
                corrected_on=on,
                operator=office.operator,
            )
        )
        item.decision, item.reason = decision, reason
        item.version += 1
        session.add(item)
        audit(
            session,
            office,
            action="cleanup_correct",
            entity="cleanup_item",
            entity_id=item.id,
            document_id=document.id,
            summary=f"更正清理“{found.name}”：{document.doc_number} 由“{before}”改为“{decision}”"
            f"（{fmt(on)}，{reason}）",
        )
        return DecisionCorrected(doc_number=document.doc_number, before=before, after=decision)


# ---------------------------------------------------------------------------- validity, higher law


def record_evaluation(
    *,
    office: Office,
    number: str,
    on: dt.date,
    outcome: str,
    replacement: str | None = None,
    note: str | None = None,
) -> EvaluationRecorded:
    """有效期评估: re-publish (a new document replaces it) or let it lapse."""
    if outcome not in EVALUATION_OUTCOMES:
        labels = "、".join(f"{k}（{v}）" for k, v in EVALUATION_OUTCOMES.items())
        raise ValidationError(f"评估结论“{outcome}”无效，只能是：{labels}。")
    if on > office.today():
        raise ValidationError(f"评估日期（{fmt(on)}）晚于今天。")
    with office.transaction() as session:
        document = load_document(session, number)
        if document.valid_until is None or document.published_on is None:
            raise GateError(f"文件“{document.doc_number}”尚未公布或没有有效期，无需评估。")
        replacement_id = None
        if outcome == "republish" and replacement:
            new = load_document(session, replacement)
            if new.id == document.id:
                raise ValidationError("重新制发的文件不能是原文件本身。")
            replacement_id = new.id
            if new.published_on is not None:
                day = new.effective_on or new.published_on
                session.add(
                    DocumentRelation(
                        source_id=new.id,
                        target_id=document.id,
                        kind="replaces",
                        on_date=day,
                        note="有效期届满重新制发",
                    )
                )
                if document.repealed_on is None or day < document.repealed_on:
                    document.repealed_on = day
                    document.repeal_reason = f"被{new.doc_number}替代（有效期届满重新制发）"
                    document.version += 1
                    session.add(document)
        evaluation = ValidityEvaluation(
            document_id=document.id,
            evaluated_on=on,
            outcome=outcome,
            replacement_id=replacement_id,
            note=note,
        )
        session.add(evaluation)
        session.flush()
        audit(
            session,
            office,
            action="validity_evaluation",
            entity="evaluation",
            entity_id=evaluation.id,
            document_id=document.id,
            summary=f"{document.doc_number} 有效期评估：{EVALUATION_OUTCOMES[outcome]}"
            + (f"，由{replacement}替代" if replacement else ""),
        )
        return EvaluationRecorded(doc_number=document.doc_number, outcome=outcome)


def mark_higher_law(
    *,
    office: Office,
    title: str,
    status: str,
    on: dt.date,
    number: str | None = None,
    note: str | None = None,
) -> HigherLawMarked:
    """Record that a law or superior document was amended or repealed; flags its dependants."""
    if status not in ("已修改", "已废止", "现行"):
        raise ValidationError("状态只能是：已修改、已废止 或 现行。")
    title = (title or "").strip().strip("《》")
    if not title:
        raise ValidationError("请填写上位法或上级文件的名称。")
    with office.transaction() as session:
        from docfiler.domain.docnumber import normalize_basis_number as _normalize_basis_number

        number = _normalize_basis_number(number)
        law = session.exec(
            select(HigherLaw).where(
                HigherLaw.title == title,
                HigherLaw.number == number if number else HigherLaw.number.is_(None),
            )
        ).first()
        if law is None:
            law = session.exec(select(HigherLaw).where(HigherLaw.title == title)).first()
        if law is None:
            law = get_or_create_higher_law(session, title, number)
        law.status, law.changed_on, law.change_note = status, on, note
        session.add(law)
        session.execute(
            update(LegalBasis)
            .where(LegalBasis.higher_law_id == law.id)
            .values(status=status, changed_on=on)
            .execution_options(synchronize_session=False)
        )
        dependants = session.exec(
            select(func.count()).select_from(LegalBasis).where(LegalBasis.higher_law_id == law.id)
        ).one()
        audit(
            session,
            office,
            action="higher_law",
            entity="higher_law",
            entity_id=law.id,
            summary=f"上位法《{title}》{status}（{fmt(on)}），涉及文件 {dependants} 件",
            details={"note": note},
        )
        return HigherLawMarked(title=title, status=status, documents=dependants)
