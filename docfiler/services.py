"""Service functions: every write the office can make.

Each function is keyword-only, runs in one transaction, enforces the rules, writes one audit
entry, and returns plain data. A refused write raises a DocfilerError with a Chinese message
and leaves the database untouched.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, select

from docfiler import docnumber
from docfiler.errors import ConflictError, GateError, NotFoundError, ValidationError
from docfiler.models import (
    FILING_RESULTS,
    RELATION_KINDS,
    REVIEW_OUTCOMES,
    AgencyCode,
    AuditEntry,
    Authority,
    AuthorityFilingBody,
    CleanupCampaign,
    CollectiveDecision,
    Countersign,
    Document,
    DocumentRelation,
    Filing,
    HigherLaw,
    LegalBasis,
    LegalityReview,
    OpinionRecord,
    utcnow,
)
from docfiler.office import Office
from docfiler.workdays import validity_end

# ---------------------------------------------------------------------------- helpers


def fmt(day: dt.date | None) -> str:
    """A date as clerks write it: 2016年3月1日."""
    if day is None:
        return "—"
    return f"{day.year}年{day.month}月{day.day}日"


def parse_number(text: str) -> docnumber.DocNumber:
    try:
        return docnumber.parse(text)
    except docnumber.DocNumberError as exc:
        raise ValidationError(str(exc)) from exc


def detect_kind(title: str) -> str:
    """暂行 / 试行 in the title make an interim or trial document."""
    if "暂行" in title:
        return "interim"
    if "试行" in title:
        return "trial"
    return "regular"


def audit(
    session: Session,
    office: Office,
    *,
    action: str,
    entity: str,
    summary: str,
    entity_id: int | None = None,
    document_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=utcnow(),
            operator=office.operator,
            action=action,
            entity=entity,
            entity_id=entity_id,
            document_id=document_id,
            summary=summary,
            details=json.dumps(details, ensure_ascii=False, default=str) if details else None,
        )
    )


def load_document(session: Session, number: str) -> Document:
    parsed = parse_number(number)
    document = session.exec(select(Document).where(Document.doc_number == str(parsed))).first()
    if document is None:
        raise NotFoundError(f"登记簿中没有文号为“{parsed}”的文件。请先用 add 登记，或检查文号。")
    return document


def bump_version(session: Session, row: Any, expected_version: int | None, conflict: str) -> None:
    """Optimistic lock: raise the row's version only if nobody changed it since it was read.

    The UPDATE also takes the row's write lock, so two clerks' writes are serialized. When
    `expected_version` is None the version read in this transaction is used.
    """
    model = type(row)
    expected = row.version if expected_version is None else expected_version
    values: dict[str, Any] = {"version": expected + 1}
    if hasattr(model, "updated_at"):
        values["updated_at"] = utcnow()
    result = session.execute(
        update(model)
        .where(model.id == row.id, model.version == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError(conflict.format(expected=expected))
    session.refresh(row)


def lock_document(session: Session, document: Document, expected_version: int | None) -> None:
    bump_version(
        session,
        document,
        expected_version,
        f"文件“{document.doc_number}”已被其他人修改（您看到的是第 {{expected}} 版）。"
        "为避免覆盖他人的修改，本次保存未执行；请刷新后核对再保存。",
    )


def _not_future(office: Office, day: dt.date, what: str) -> None:
    today = office.today()
    if day > today:
        raise ValidationError(
            f"{what}（{fmt(day)}）晚于今天（{fmt(today)}），不能登记尚未发生的事项。"
        )


def _not_before_year(document: Document, day: dt.date, what: str) -> None:
    if document.year is not None and day.year < document.year:
        raise ValidationError(
            f"{what}（{fmt(day)}）早于文号“{document.doc_number}”的年份 {document.year} 年，"
            "文件当时还未编号。请核对日期或文号。"
        )


def _not_before(day: dt.date, earlier: dt.date | None, what: str, earlier_what: str) -> None:
    if earlier is not None and day < earlier:
        raise ValidationError(
            f"{what}（{fmt(day)}）早于{earlier_what}（{fmt(earlier)}），请核对日期。"
        )


def _document_summary(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "doc_number": document.doc_number,
        "title": document.title,
        "version": document.version,
    }


# ---------------------------------------------------------------------------- authorities


def sync_authorities(*, office: Office) -> int:
    """Add the rulebook's authorities, agency codes and filing bodies that the database lacks."""
    added = 0
    with office.transaction() as session:
        for rule in office.rulebook.authorities:
            authority = session.exec(select(Authority).where(Authority.name == rule.name)).first()
            if authority is None:
                authority = Authority(name=rule.name, kind=rule.kind)
                session.add(authority)
                session.flush()
                added += 1
            _attach_codes_and_bodies(session, authority, rule.codes, rule.filing_bodies)
        if added:
            audit(
                session,
                office,
                action="sync_authorities",
                entity="authority",
                summary=f"按规则文件添加制定机关 {added} 个",
            )
    return added


def _attach_codes_and_bodies(
    session: Session, authority: Authority, codes: tuple[str, ...], bodies: tuple[str, ...]
) -> None:
    for code in codes:
        existing = session.get(AgencyCode, code)
        if existing is None:
            session.add(AgencyCode(code=code, authority_id=authority.id))
        elif existing.authority_id != authority.id:
            owner = session.get(Authority, existing.authority_id)
            raise ValidationError(
                f"机关代字“{code}”已属于“{owner.name if owner else existing.authority_id}”，"
                f"不能再分配给“{authority.name}”。"
            )
    for body in bodies:
        if session.get(AuthorityFilingBody, (authority.id, body)) is None:
            session.add(AuthorityFilingBody(authority_id=authority.id, body=body))


def add_authority(
    *,
    office: Office,
    name: str,
    codes: list[str] | tuple[str, ...] = (),
    kind: str = "department",
    filing_bodies: list[str] | tuple[str, ...] | None = None,
) -> dict[str, Any]:
    name = name.strip()
    if not name:
        raise ValidationError("制定机关名称不能为空。")
    if kind not in ("government", "general_office", "department"):
        raise ValidationError(
            "机关类别只能是 government（本级政府）、general_office（政府办公室）或 department（政府部门）。"
        )
    bodies = tuple(filing_bodies) if filing_bodies else office.rulebook.department_filing_bodies
    for body in bodies:
        office.rulebook.filing_days(body)
    with office.transaction() as session:
        authority = session.exec(select(Authority).where(Authority.name == name)).first()
        created = authority is None
        if authority is None:
            authority = Authority(name=name, kind=kind)
            session.add(authority)
            session.flush()
        _attach_codes_and_bodies(session, authority, tuple(codes), bodies)
        audit(
            session,
            office,
            action="add_authority",
            entity="authority",
            entity_id=authority.id,
            summary=f"{'新增' if created else '更新'}制定机关“{name}”",
            details={"codes": list(codes), "filing_bodies": list(bodies), "kind": kind},
        )
        return {
            "id": authority.id,
            "name": name,
            "codes": list(codes),
            "filing_bodies": list(bodies),
        }


def resolve_authority(session: Session, name: str | None, agency_code: str) -> Authority:
    if name:
        authority = session.exec(select(Authority).where(Authority.name == name.strip())).first()
        if authority is None:
            known = "、".join(session.exec(select(Authority.name).order_by(Authority.id)).all())
            raise NotFoundError(
                f"没有名为“{name}”的制定机关。已登记的有：{known or '（无）'}。"
                "新的机关请先用 `docfiler authority add` 添加。"
            )
        return authority
    code = session.get(AgencyCode, agency_code)
    if code is None:
        raise NotFoundError(
            f"机关代字“{agency_code}”不属于任何已登记的制定机关。请用 --authority 指明制定机关，"
            "或用 `docfiler authority add 机关名称 --code 代字` 登记这个代字。"
        )
    return session.get(Authority, code.authority_id)


# ---------------------------------------------------------------------------- documents


def register_document(
    *,
    office: Office,
    number: str,
    title: str,
    authority: str | None = None,
    drafting_unit: str | None = None,
    registration_number: str | None = None,
    effective: dt.date | None = None,
    valid_years: int | None = None,
    valid_until: dt.date | None = None,
    body_text: str | None = None,
    note: str | None = None,
    is_sample: bool = False,
) -> dict[str, Any]:
    """登记: put a document on the register (as a draft)."""
    parsed = parse_number(number)
    title = (title or "").strip().strip("《》")
    if not title:
        raise ValidationError(
            "标题不能为空，请填写文件全称，如《盖州市城乡居民临时救助实施办法》。"
        )
    if valid_years is not None and valid_years <= 0:
        raise ValidationError(f"有效期年数必须是正整数（收到 {valid_years}）。")
    if valid_until is not None and effective is not None and valid_until < effective:
        raise ValidationError(
            f"有效期截止日（{fmt(valid_until)}）早于施行日期（{fmt(effective)}）。"
        )
    if effective is not None and parsed.year is not None and effective.year < parsed.year:
        raise ValidationError(
            f"施行日期（{fmt(effective)}）早于文号“{parsed}”的年份 {parsed.year} 年，请核对。"
        )
    with office.transaction() as session:
        if session.exec(select(Document.id).where(Document.doc_number == str(parsed))).first():
            raise ValidationError(f"文号“{parsed}”已经登记过，不能重复登记。要修改请用编辑功能。")
        if (
            registration_number
            and session.exec(
                select(Document.id).where(Document.registration_number == registration_number)
            ).first()
        ):
            raise ValidationError(f"登记号“{registration_number}”已被其他文件使用。")
        owner = resolve_authority(session, authority, parsed.agency_code)
        document = Document(
            doc_number=str(parsed),
            agency_code=parsed.agency_code,
            year=parsed.year,
            serial=parsed.serial,
            registration_number=registration_number or None,
            title=title,
            authority_id=owner.id,
            drafting_unit=(drafting_unit or "").strip() or None,
            kind=detect_kind(title),
            effective_on=effective,
            valid_years=valid_years,
            valid_until=valid_until,
            body_text=body_text,
            note=note,
            is_sample=is_sample,
        )
        session.add(document)
        session.flush()
        audit(
            session,
            office,
            action="register",
            entity="document",
            entity_id=document.id,
            document_id=document.id,
            summary=f"登记文件 {document.doc_number}《{title}》",
            details={"authority": owner.name, "drafting_unit": document.drafting_unit},
        )
        return _document_summary(document)


EDITABLE_FIELDS = {
    "title": "标题",
    "drafting_unit": "起草单位",
    "registration_number": "登记号",
    "effective_on": "施行日期",
    "valid_years": "有效期（年）",
    "valid_until": "有效期截止日",
    "body_text": "正文",
    "note": "备注",
    "signed_by": "签发人",
    "publication_channel": "公布载体",
}


def update_document(
    *, office: Office, number: str, changes: dict[str, Any], expected_version: int | None = None
) -> dict[str, Any]:
    """Edit a document's descriptive fields. Dated procedure events have their own functions."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"这些字段不能直接修改：{'、'.join(sorted(unknown))}。")
    with office.transaction() as session:
        document = load_document(session, number)
        lock_document(session, document, expected_version)
        before = {key: getattr(document, key) for key in changes}
        if "title" in changes:
            title = (changes["title"] or "").strip().strip("《》")
            if not title:
                raise ValidationError("标题不能为空。")
            changes["title"] = title
            document.kind = detect_kind(title)
        if changes.get("valid_years") is not None and int(changes["valid_years"]) <= 0:
            raise ValidationError("有效期年数必须是正整数。")
        if changes.get("registration_number"):
            clash = session.exec(
                select(Document.id).where(
                    Document.registration_number == changes["registration_number"],
                    Document.id != document.id,
                )
            ).first()
            if clash:
                raise ValidationError(f"登记号“{changes['registration_number']}”已被其他文件使用。")
        for key, value in changes.items():
            setattr(document, key, value if value != "" else None)
        _refresh_validity(document, office)
        changed = {k: (before[k], v) for k, v in changes.items() if before[k] != v}
        audit(
            session,
            office,
            action="update",
            entity="document",
            entity_id=document.id,
            document_id=document.id,
            summary=f"修改文件 {document.doc_number}："
            + ("、".join(EDITABLE_FIELDS[k] for k in changed) or "无变化"),
            details={k: {"from": a, "to": b} for k, (a, b) in changed.items()},
        )
        session.flush()
        return _document_summary(document)


def _refresh_validity(document: Document, office: Office) -> None:
    """Derive valid_until from the effective date unless it was stated."""
    if document.effective_on is None:
        return
    if document.valid_years is not None:
        document.valid_until = validity_end(document.effective_on, document.valid_years)
    elif document.valid_until is None:
        years = (
            office.rulebook.interim_validity_years
            if document.kind in ("interim", "trial")
            else office.rulebook.default_validity_years
        )
        document.valid_until = validity_end(document.effective_on, years)


# ---------------------------------------------------------------------------- procedure


def record_opinions(
    *,
    office: Office,
    number: str,
    on: dt.date,
    method: str | None = None,
    summary: str | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """听取意见."""
    _not_future(office, on, "听取意见日期")
    with office.transaction() as session:
        document = load_document(session, number)
        _refuse_after_publication(document, "听取意见")
        lock_document(session, document, expected_version)
        record = OpinionRecord(document_id=document.id, heard_on=on, method=method, summary=summary)
        session.add(record)
        session.flush()
        audit(
            session,
            office,
            action="opinions",
            entity="opinion",
            entity_id=record.id,
            document_id=document.id,
            summary=f"{document.doc_number} 听取意见（{fmt(on)}）",
            details={"method": method},
        )
        return _document_summary(document)


def _refuse_after_publication(document: Document, step: str) -> None:
    if document.published_on is not None:
        raise GateError(
            f"文件“{document.doc_number}”已于{fmt(document.published_on)}公布，不能再登记{step}。"
            "如需修改内容，请登记一份修改文件。"
        )


def latest_review(session: Session, document_id: int) -> LegalityReview | None:
    return session.exec(
        select(LegalityReview)
        .where(LegalityReview.document_id == document_id)
        .order_by(LegalityReview.submitted_on.desc(), LegalityReview.id.desc())
    ).first()


def submit_review(
    *,
    office: Office,
    number: str,
    submitted: dt.date,
    reviewer: str | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """报送合法性审查."""
    _not_future(office, submitted, "报送审查日期")
    with office.transaction() as session:
        document = load_document(session, number)
        _refuse_after_publication(document, "合法性审查")
        review = latest_review(session, document.id)
        if review is not None and review.finished_on is None:
            raise GateError(
                f"文件“{document.doc_number}”的合法性审查（{fmt(review.submitted_on)}报送）尚未完成。"
                "请先登记审查结果（--finished 与 --outcome）。"
            )
        if review is not None:
            _not_before(submitted, review.finished_on, "重新报送审查日期", "上次审查完成日期")
        lock_document(session, document, expected_version)
        record = LegalityReview(document_id=document.id, submitted_on=submitted, reviewer=reviewer)
        session.add(record)
        session.flush()
        audit(
            session,
            office,
            action="review_submitted",
            entity="review",
            entity_id=record.id,
            document_id=document.id,
            summary=f"{document.doc_number} 报送合法性审查（{fmt(submitted)}）",
        )
        return _document_summary(document)


def finish_review(
    *,
    office: Office,
    number: str,
    finished: dt.date,
    outcome: str,
    reviewer: str | None = None,
    opinion: str | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """登记合法性审查结果: 合法 / 应当予以修改 / 不合法."""
    if outcome not in REVIEW_OUTCOMES:
        raise ValidationError(f"审查结论“{outcome}”无效，只能是：{'、'.join(REVIEW_OUTCOMES)}。")
    _not_future(office, finished, "审查完成日期")
    with office.transaction() as session:
        document = load_document(session, number)
        _refuse_after_publication(document, "合法性审查结果")
        review = latest_review(session, document.id)
        if review is None or review.finished_on is not None:
            raise GateError(
                f"文件“{document.doc_number}”没有正在进行的合法性审查。请先报送审查（--submitted）。"
            )
        _not_before(finished, review.submitted_on, "审查完成日期", "报送审查日期")
        lock_document(session, document, expected_version)
        review.finished_on = finished
        review.outcome = outcome
        review.reviewer = reviewer or review.reviewer
        review.opinion = opinion
        session.add(review)
        audit(
            session,
            office,
            action="review_finished",
            entity="review",
            entity_id=review.id,
            document_id=document.id,
            summary=f"{document.doc_number} 合法性审查结论：{outcome}（{fmt(finished)}）",
            details={"reviewer": review.reviewer, "opinion": opinion},
        )
        return _document_summary(document)


def record_revision(
    *, office: Office, number: str, on: dt.date, expected_version: int | None = None
) -> dict[str, Any]:
    """登记按审查意见修改完毕 (after 应当予以修改)."""
    _not_future(office, on, "修改完成日期")
    with office.transaction() as session:
        document = load_document(session, number)
        _refuse_after_publication(document, "修改")
        review = latest_review(session, document.id)
        if review is None or review.outcome != "应当予以修改":
            raise GateError(
                f"文件“{document.doc_number}”最近一次审查结论不是“应当予以修改”，无需登记修改。"
            )
        _not_before(on, review.finished_on, "修改完成日期", "审查完成日期")
        lock_document(session, document, expected_version)
        review.revised_on = on
        session.add(review)
        audit(
            session,
            office,
            action="revision",
            entity="review",
            entity_id=review.id,
            document_id=document.id,
            summary=f"{document.doc_number} 已按审查意见修改（{fmt(on)}）",
        )
        return _document_summary(document)


def _review_cleared_on(review: LegalityReview | None) -> dt.date | None:
    """The date from which a review lets the document proceed, or None if it does not."""
    if review is None or review.finished_on is None:
        return None
    if review.outcome == "合法":
        return review.finished_on
    if review.outcome == "应当予以修改" and review.revised_on is not None:
        return review.revised_on
    return None


def _review_problem(document: Document, review: LegalityReview | None) -> str | None:
    if review is None:
        return "未经合法性审查"
    if review.finished_on is None:
        return f"合法性审查尚未完成（{fmt(review.submitted_on)}报送）"
    if review.outcome == "不合法":
        return f"合法性审查结论为“不合法”（{fmt(review.finished_on)}），须修改后重新报送审查"
    if review.outcome == "应当予以修改" and review.revised_on is None:
        return "合法性审查结论为“应当予以修改”，尚未登记按审查意见修改完毕"
    return None


def record_decision(
    *,
    office: Office,
    number: str,
    meeting: str,
    on: dt.date,
    minutes: str | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """集体讨论决定. Unreviewed or 不合法 documents may not go to collective discussion."""
    meeting = (meeting or "").strip()
    if not meeting:
        raise ValidationError("请填写会议名称，如“盖州市人民政府第25次常务会议”。")
    _not_future(office, on, "会议日期")
    with office.transaction() as session:
        document = load_document(session, number)
        _refuse_after_publication(document, "集体讨论决定")
        review = latest_review(session, document.id)
        problem = _review_problem(document, review)
        if problem:
            raise GateError(
                f"文件“{document.doc_number}”不能提交集体讨论：{problem}。"
                "（国办发〔2018〕115号：未经合法性审查或经审查不合法的，不得提交集体审议。）",
                missing=[problem],
            )
        cleared = _review_cleared_on(review)
        _not_before(on, cleared, "会议日期", "合法性审查通过日期")
        lock_document(session, document, expected_version)
        record = CollectiveDecision(
            document_id=document.id, meeting=meeting, decided_on=on, minutes_number=minutes
        )
        session.add(record)
        session.flush()
        audit(
            session,
            office,
            action="decision",
            entity="decision",
            entity_id=record.id,
            document_id=document.id,
            summary=f"{document.doc_number} 经{meeting}集体讨论决定（{fmt(on)}）",
            details={"minutes": minutes},
        )
        return _document_summary(document)


def record_signing(
    *,
    office: Office,
    number: str,
    on: dt.date,
    signed_by: str | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """签发."""
    _not_future(office, on, "签发日期")
    with office.transaction() as session:
        document = load_document(session, number)
        _refuse_after_publication(document, "签发")
        _not_before_year(document, on, "签发日期")
        decision = _latest_decision(session, document.id)
        if decision is None:
            raise GateError(f"文件“{document.doc_number}”尚未经集体讨论决定，不能签发。")
        _not_before(on, decision.decided_on, "签发日期", "集体讨论决定日期")
        lock_document(session, document, expected_version)
        document.signed_on = on
        document.signed_by = signed_by or document.signed_by
        session.add(document)
        audit(
            session,
            office,
            action="signing",
            entity="document",
            entity_id=document.id,
            document_id=document.id,
            summary=f"{document.doc_number} 签发（{fmt(on)}）",
            details={"signed_by": signed_by},
        )
        return _document_summary(document)


def _latest_decision(session: Session, document_id: int) -> CollectiveDecision | None:
    return session.exec(
        select(CollectiveDecision)
        .where(CollectiveDecision.document_id == document_id)
        .order_by(CollectiveDecision.decided_on.desc(), CollectiveDecision.id.desc())
    ).first()


def publication_gaps(session: Session, document: Document) -> list[str]:
    """What is missing before `document` may be published (empty when nothing is)."""
    missing: list[str] = []
    opinions = session.exec(
        select(func.count())
        .select_from(OpinionRecord)
        .where(OpinionRecord.document_id == document.id)
    ).one()
    if not opinions:
        missing.append("未听取意见")
    review = latest_review(session, document.id)
    problem = _review_problem(document, review)
    if problem:
        missing.append(problem)
    decision = _latest_decision(session, document.id)
    cleared = _review_cleared_on(review)
    if decision is None:
        missing.append("未经集体讨论决定")
    elif cleared is not None and decision.decided_on < cleared:
        missing.append(
            f"集体讨论决定（{fmt(decision.decided_on)}）早于合法性审查通过（{fmt(cleared)}），"
            "须在审查通过后重新集体讨论"
        )
    return missing


def publish(
    *,
    office: Office,
    number: str,
    on: dt.date,
    channel: str | None = None,
    effective: dt.date | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """公布. Refused unless opinions, a clearing legality review and a later decision are on record.

    Creates one filing per filing body of the issuing authority, each with its due date.
    """
    _not_future(office, on, "公布日期")
    with office.transaction() as session:
        document = load_document(session, number)
        if document.published_on is not None:
            raise GateError(f"文件“{document.doc_number}”已于{fmt(document.published_on)}公布。")
        missing = publication_gaps(session, document)
        if missing:
            raise GateError(
                f"文件“{document.doc_number}”不能公布：" + "；".join(missing) + "。"
                "（未经听取意见、合法性审查、集体讨论决定的规范性文件，不得发布施行。）",
                missing=missing,
            )
        _not_before_year(document, on, "公布日期")
        decision = _latest_decision(session, document.id)
        _not_before(on, decision.decided_on if decision else None, "公布日期", "集体讨论决定日期")
        _not_before(on, document.signed_on, "公布日期", "签发日期")
        effective_on = effective or document.effective_on or on
        _not_before(effective_on, on, "施行日期", "公布日期")
        bodies = session.exec(
            select(AuthorityFilingBody.body).where(
                AuthorityFilingBody.authority_id == document.authority_id
            )
        ).all()
        if not bodies:
            authority = session.get(Authority, document.authority_id)
            raise GateError(
                f"制定机关“{authority.name}”没有设定备案机关，无法生成备案期限。"
                "请在规则文件或 `docfiler authority add` 中设定。"
            )
        lock_document(session, document, expected_version)
        document.published_on = on
        document.publication_channel = channel or document.publication_channel
        document.effective_on = effective_on
        _refresh_validity(document, office)
        session.add(document)
        filings = []
        for body in sorted(bodies, key=_body_order):
            deadline = office.rulebook.calendar.deadline_in_days(
                on, office.rulebook.filing_days(body)
            )
            filing = Filing(
                document_id=document.id,
                body=body,
                due_on=deadline.date,
                due_provisional=deadline.provisional,
            )
            session.add(filing)
            filings.append(
                {
                    "body": body,
                    "due": deadline.date.isoformat(),
                    "provisional": deadline.provisional,
                }
            )
        session.flush()
        audit(
            session,
            office,
            action="publish",
            entity="document",
            entity_id=document.id,
            document_id=document.id,
            summary=f"{document.doc_number} 公布（{fmt(on)}，{channel or '未注明载体'}），"
            f"生成备案 {len(filings)} 项",
            details={
                "effective": effective_on,
                "valid_until": document.valid_until,
                "filings": filings,
            },
        )
        result = _document_summary(document)
        result["filings"] = filings
        return result


def _body_order(body: str) -> tuple[int, str]:
    return (0 if "人民政府" in body else 1, body)


def _load_filing(session: Session, document: Document, body: str) -> Filing:
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


def submit_filing(
    *,
    office: Office,
    number: str,
    body: str,
    submitted: dt.date,
    receipt: str | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """报送备案."""
    _not_future(office, submitted, "报送备案日期")
    with office.transaction() as session:
        document = load_document(session, number)
        filing = _load_filing(session, document, body)
        _not_before(submitted, document.published_on, "报送备案日期", "公布日期")
        if filing.submitted_on is not None and filing.result not in ("要求补正", "要求纠正"):
            raise GateError(
                f"文件“{document.doc_number}”已于{fmt(filing.submitted_on)}向“{filing.body}”报送备案。"
            )
        _bump_filing(session, filing, expected_version)
        late = (submitted - filing.due_on).days
        previous = {"submitted": filing.submitted_on, "result": filing.result}
        filing.submitted_on = submitted
        filing.receipt_number = receipt or filing.receipt_number
        if filing.result in ("要求补正", "要求纠正"):
            filing.result = None
            filing.result_on = None
        session.add(filing)
        audit(
            session,
            office,
            action="filing_submitted",
            entity="filing",
            entity_id=filing.id,
            document_id=document.id,
            summary=f"{document.doc_number} 向{filing.body}报送备案（{fmt(submitted)}）"
            + (f"，超期 {late} 日" if late > 0 else ""),
            details={"receipt": receipt, "due": filing.due_on, "previous": previous},
        )
        return {
            "doc_number": document.doc_number,
            "body": filing.body,
            "due": filing.due_on.isoformat(),
            "submitted": submitted.isoformat(),
            "late_days": max(late, 0),
        }


def _bump_filing(session: Session, filing: Filing, expected_version: int | None) -> None:
    bump_version(
        session,
        filing,
        expected_version,
        f"向“{filing.body}”的备案记录已被其他人修改。本次保存未执行；请刷新后核对再保存。",
    )


def record_filing_result(
    *,
    office: Office,
    number: str,
    body: str,
    result: str,
    on: dt.date,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """登记备案审查意见: 准予备案 / 要求补正 / 要求纠正."""
    if result not in FILING_RESULTS:
        raise ValidationError(f"备案审查意见“{result}”无效，只能是：{'、'.join(FILING_RESULTS)}。")
    _not_future(office, on, "备案审查意见日期")
    with office.transaction() as session:
        document = load_document(session, number)
        filing = _load_filing(session, document, body)
        if filing.submitted_on is None:
            raise GateError(
                f"文件“{document.doc_number}”尚未向“{filing.body}”报送备案，不能登记审查意见。"
            )
        _not_before(on, filing.submitted_on, "备案审查意见日期", "报送备案日期")
        _bump_filing(session, filing, expected_version)
        filing.result = result
        filing.result_on = on
        session.add(filing)
        audit(
            session,
            office,
            action="filing_result",
            entity="filing",
            entity_id=filing.id,
            document_id=document.id,
            summary=f"{document.doc_number} {filing.body}备案审查意见：{result}（{fmt(on)}）",
        )
        return {
            "doc_number": document.doc_number,
            "body": filing.body,
            "result": result,
            "result_date": on.isoformat(),
        }


# ---------------------------------------------------------------------------- relations, end of force


def add_relation(
    *,
    office: Office,
    source: str,
    target: str,
    kind: str,
    on: dt.date | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Record that `source` amends / repeals / replaces / is based on `target`.

    repeals and replaces put `target` out of force from `on` (default: source's effective date).
    """
    if kind not in RELATION_KINDS:
        raise ValidationError(f"关系“{kind}”无效，只能是：{'、'.join(RELATION_KINDS)}。")
    with office.transaction() as session:
        src = load_document(session, source)
        dst = load_document(session, target)
        if src.id == dst.id:
            raise ValidationError("文件不能与自身建立关系。")
        day = on or src.effective_on or src.published_on
        if kind in ("repeals", "replaces", "amends"):
            if day is None:
                raise GateError(
                    f"文件“{src.doc_number}”尚未公布，不能{RELATION_KINDS[kind]}其他文件。"
                )
            if dst.published_on is None:
                raise GateError(f"被{RELATION_KINDS[kind]}的文件“{dst.doc_number}”从未公布。")
            _not_before(day, dst.published_on, f"{RELATION_KINDS[kind]}日期", "原文件公布日期")
        lock_document(session, dst, None)
        relation = DocumentRelation(
            source_id=src.id, target_id=dst.id, kind=kind, on_date=day, note=note
        )
        session.add(relation)
        if kind in ("repeals", "replaces") and (dst.repealed_on is None or day < dst.repealed_on):
            dst.repealed_on = day
            dst.repeal_reason = note or f"被{src.doc_number}{RELATION_KINDS[kind]}"
            session.add(dst)
        session.flush()
        audit(
            session,
            office,
            action=f"relation_{kind}",
            entity="relation",
            entity_id=relation.id,
            document_id=dst.id,
            summary=f"{src.doc_number} {RELATION_KINDS[kind]} {dst.doc_number}"
            + (f"（{fmt(day)}）" if day else ""),
        )
        return {
            "source": src.doc_number,
            "target": dst.doc_number,
            "kind": kind,
            "date": day.isoformat() if day else None,
        }


def repeal_document(
    *,
    office: Office,
    number: str,
    on: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """废止."""
    return _end_force(office, number, on, reason, "repealed", expected_version)


def declare_invalid(
    *,
    office: Office,
    number: str,
    on: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """宣布失效."""
    return _end_force(office, number, on, reason, "declared_invalid", expected_version)


def _end_force(
    office: Office, number: str, on: dt.date, reason: str, how: str, expected_version: int | None
) -> dict[str, Any]:
    label = "废止" if how == "repealed" else "宣布失效"
    if not (reason or "").strip():
        raise ValidationError(f"{label}须写明理由。")
    with office.transaction() as session:
        document = load_document(session, number)
        if document.published_on is None:
            raise GateError(f"文件“{document.doc_number}”从未公布，无需{label}。")
        _not_before(on, document.published_on, f"{label}日期", "公布日期")
        lock_document(session, document, expected_version)
        if how == "repealed":
            document.repealed_on, document.repeal_reason = on, reason.strip()
        else:
            document.declared_invalid_on, document.invalid_reason = on, reason.strip()
        session.add(document)
        audit(
            session,
            office,
            action=how,
            entity="document",
            entity_id=document.id,
            document_id=document.id,
            summary=f"{document.doc_number} {label}（{fmt(on)}）：{reason}",
        )
        return _document_summary(document)


def _normalize_basis_number(text: str | None) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    parsed = docnumber.try_parse(text)
    return str(parsed) if parsed else text


def get_or_create_higher_law(session: Session, title: str, number: str | None) -> HigherLaw:
    """One row per law or superior document, shared by every document based on it."""
    query = select(HigherLaw).where(HigherLaw.title == title)
    query = query.where(
        HigherLaw.number == number if number is not None else HigherLaw.number.is_(None)
    )
    law = session.exec(query).first()
    if law is None:
        law = HigherLaw(title=title, number=number)
        session.add(law)
        session.flush()
    return law


def add_legal_basis(
    *, office: Office, number: str, title: str, basis_number: str | None = None
) -> dict[str, Any]:
    """制定依据: link a document to a law, regulation, rule or superior document."""
    title = (title or "").strip().strip("《》")
    if not title:
        raise ValidationError("依据的名称不能为空。")
    basis_number = _normalize_basis_number(basis_number)
    with office.transaction() as session:
        document = load_document(session, number)
        law = get_or_create_higher_law(session, title, basis_number)
        existing = session.exec(
            select(LegalBasis).where(
                LegalBasis.document_id == document.id, LegalBasis.higher_law_id == law.id
            )
        ).first()
        if existing is not None:
            raise ValidationError(f"{document.doc_number} 已登记过制定依据《{title}》。")
        basis = LegalBasis(
            document_id=document.id,
            higher_law_id=law.id,
            title=title,
            number=basis_number,
            status=law.status,
            changed_on=law.changed_on,
        )
        session.add(basis)
        session.flush()
        audit(
            session,
            office,
            action="legal_basis",
            entity="legal_basis",
            entity_id=basis.id,
            document_id=document.id,
            summary=f"{document.doc_number} 添加制定依据《{title}》",
        )
        return {"id": basis.id, "title": title, "number": basis_number, "higher_law_id": law.id}


# ---------------------------------------------------------------------------- countersign, cleanup


def add_countersign(
    *,
    office: Office,
    title: str,
    received: dt.date,
    reply_due: dt.date | None = None,
    from_body: str = "营口市人民政府",
    reference: str | None = None,
) -> dict[str, Any]:
    """会签: record a request for opinions from the superior government."""
    title = (title or "").strip()
    if not title:
        raise ValidationError("会签文件的标题不能为空。")
    _not_future(office, received, "收到会签日期")
    if reply_due is None:
        deadline = office.rulebook.calendar.add_working_days(
            received, office.rulebook.countersign_reply_working_days
        )
        reply_due = deadline.date
    if reply_due < received:
        raise ValidationError(f"答复期限（{fmt(reply_due)}）早于收到日期（{fmt(received)}）。")
    with office.transaction() as session:
        record = Countersign(
            title=title,
            from_body=from_body,
            reference=reference,
            received_on=received,
            reply_due_on=reply_due,
        )
        session.add(record)
        session.flush()
        audit(
            session,
            office,
            action="countersign",
            entity="countersign",
            entity_id=record.id,
            summary=f"收到{from_body}会签《{title}》，{fmt(reply_due)}前答复",
        )
        return {"id": record.id, "title": title, "reply_due": reply_due.isoformat()}


def reply_countersign(
    *,
    office: Office,
    countersign_id: int,
    replied: dt.date,
    summary: str | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    _not_future(office, replied, "答复日期")
    with office.transaction() as session:
        record = session.get(Countersign, countersign_id)
        if record is None:
            raise NotFoundError(f"没有编号为 {countersign_id} 的会签事项。")
        _not_before(replied, record.received_on, "答复日期", "收到日期")
        bump_version(
            session,
            record,
            expected_version,
            "该会签事项已被其他人修改。本次保存未执行；请刷新后再试。",
        )
        record.replied_on = replied
        record.reply_summary = summary
        session.add(record)
        audit(
            session,
            office,
            action="countersign_reply",
            entity="countersign",
            entity_id=record.id,
            summary=f"答复{record.from_body}会签《{record.title}》（{fmt(replied)}）",
        )
        return {"id": record.id, "replied": replied.isoformat()}


def record_finished_cleanup(
    *, office: Office, name: str, as_of: dt.date, finished: dt.date, basis: str | None = None
) -> dict[str, Any]:
    """Record a cleanup campaign finished outside docfiler (e.g. before it was used)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("清理活动名称不能为空。")
    _not_before(finished, as_of, "清理完成日期", "清理基准日")
    _not_future(office, finished, "清理完成日期")
    with office.transaction() as session:
        if session.exec(select(CleanupCampaign.id).where(CleanupCampaign.name == name)).first():
            raise ValidationError(f"清理活动“{name}”已存在。")
        campaign = CleanupCampaign(
            name=name, basis=basis, as_of=as_of, started_on=as_of, finished_on=finished
        )
        session.add(campaign)
        session.flush()
        audit(
            session,
            office,
            action="cleanup_recorded",
            entity="cleanup",
            entity_id=campaign.id,
            summary=f"登记已完成的清理“{name}”（{fmt(finished)}完成）",
        )
        return {"id": campaign.id, "name": name}


# ---------------------------------------------------------------------------- small reads


def has_documents(*, office: Office) -> bool:
    with office.reading() as session:
        return session.exec(select(Document.id).limit(1)).first() is not None


def list_authorities(*, office: Office) -> list[dict[str, Any]]:
    with office.reading() as session:
        authorities = session.exec(select(Authority).order_by(Authority.id)).all()
        codes: dict[int, list[str]] = {}
        for code in session.exec(select(AgencyCode).order_by(AgencyCode.code)):
            codes.setdefault(code.authority_id, []).append(code.code)
        bodies: dict[int, list[str]] = {}
        for row in session.exec(select(AuthorityFilingBody)):
            bodies.setdefault(row.authority_id, []).append(row.body)
        return [
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "codes": codes.get(a.id, []),
                "filing_bodies": sorted(bodies.get(a.id, []), key=_body_order),
            }
            for a in authorities
        ]
