"""The office as filing body (备案审查): documents filed by departments and townships.

Receive (接收登记, lateness recorded) → the formal check (予以备案登记 / 暂缓办理备案登记 with 补正 /
不予备案登记) → review within the rulebook's period → 审查意见 (numbered from the rulebook's
sequence) → the unit's 处理情况 tracked to closure (`services.inbox_followup`). Incoming documents
have their own statuses (vocabulary.INCOMING_STAGES), not the county's drafting gates. The
pattern is 法规规章备案审查条例 (国务院令第789号, 2024); 辽宁省规章规范性文件备案办法 art. 3.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence

from sqlmodel import Session, func, select

from docfiler.domain import deadlines
from docfiler.domain.gates import clean_title, not_before, not_future, parse_number
from docfiler.domain.labels import date_label
from docfiler.domain.text_checks import check_text
from docfiler.domain.vocabulary import (
    AUTHORITY_KINDS,
    OPINION_KINDS,
    REGISTRATION_RESULTS,
    REVIEW_CHECKS,
    REVIEW_RESULTS,
    filing_result,
)
from docfiler.errors import ConfigError, GateError, ValidationError
from docfiler.office import Office, retried
from docfiler.queries.inbox import load_incoming
from docfiler.rules.rulebook import Rulebook
from docfiler.services.inbox_results import (
    IncomingReceived,
    IncomingRegistered,
    IncomingReviewed,
    ReviewStarted,
    SupplementReceived,
)
from docfiler.store.audit import audit
from docfiler.store.locking import bump_version
from docfiler.store.lookups import find_authority
from docfiler.store.tables import Authority, FollowUp, IncomingFiling, IncomingReview

FILING_UNIT_KINDS = ("department", "township")
"""Who files with the office: its departments and its 乡镇人民政府 / 街道办事处."""
MATERIALS_SEPARATOR = "、"
CONFLICT = "该备案文件已被其他人修改。本次保存未执行；请刷新后再试。"


# ---------------------------------------------------------------------------------- lookups


def filing_unit(session: Session, name: str) -> Authority:
    """A department or township by name; the county government's own bodies file elsewhere."""
    unit = find_authority(session, name)
    if unit.kind not in FILING_UNIT_KINDS:
        raise ValidationError(
            f"“{unit.name}”是{AUTHORITY_KINDS.get(unit.kind, unit.kind)}，它的文件不向本机关备案。"
            "报送单位应是政府部门或乡镇人民政府、街道办事处。"
        )
    return unit


def open_review(session: Session, filing: IncomingFiling) -> IncomingReview | None:
    return session.exec(
        select(IncomingReview).where(
            IncomingReview.filing_id == filing.id, IncomingReview.finished_on.is_(None)
        )
    ).first()


def missing_materials(rules: Rulebook, materials: str | None) -> tuple[str, ...]:
    have = set((materials or "").split(MATERIALS_SEPARATOR))
    return tuple(item for item in rules.inbox_materials if item not in have)


def _materials(rules: Rulebook, given: Sequence[str]) -> list[str]:
    known = rules.inbox_materials
    items = [item.strip() for item in given if item and item.strip()]
    for item in items:
        if item not in known:
            raise ValidationError(
                f"报送材料“{item}”不在规则文件的材料清单中。可填：{'、'.join(known)}。"
            )
    return [item for item in known if item in items]


def _merge_materials(rules: Rulebook, stored: str | None, added: Sequence[str]) -> str | None:
    items = set((stored or "").split(MATERIALS_SEPARATOR)) | set(_materials(rules, added))
    joined = MATERIALS_SEPARATOR.join(item for item in rules.inbox_materials if item in items)
    return joined or None


# ---------------------------------------------------------------------------------- receiving


def receive_filing(
    *,
    office: Office,
    unit: str,
    number: str,
    title: str,
    published: dt.date,
    received: dt.date,
    materials: Sequence[str] = (),
    cites: Sequence[tuple[str, str | None]] = (),
    note: str | None = None,
) -> IncomingReceived:
    """接收登记: a unit's document received; its due date is counted and lateness recorded.

    A document already known as unfiled becomes received. `cites`: (文号, 标题) of earlier
    documents of the same unit that this one cites; those never filed are recorded as 未报备."""
    rules = office.rulebook
    canonical = str(parse_number(number))
    clean = clean_title(title)
    not_future(received, office.today(), "收到日期")
    not_before(received, published, "收到日期", "公布日期")
    chosen = _materials(rules, materials)
    check_text(note, "备注")
    due = deadlines.inbox_filing_due(rules, published)
    late = max(0, (received - due.date).days)
    with office.transaction() as session:
        owner = filing_unit(session, unit)
        row = session.exec(
            select(IncomingFiling).where(IncomingFiling.doc_number == canonical)
        ).first()
        if row is not None and row.received_on is not None:
            raise GateError(
                f"“{canonical}”已于{date_label(row.received_on)}接收登记，不能再次接收。"
                "补正材料请用补正登记。"
            )
        if row is not None:  # known as unfiled: now it came
            bump_version(session, row, None, CONFLICT, subject="该备案文件")
        row = row or IncomingFiling(authority_id=owner.id, doc_number=canonical, title=clean)
        row.authority_id, row.title, row.published_on, row.note = owner.id, clean, published, note
        row.due_on, row.due_provisional = due.date, due.provisional
        row.received_on, row.late_days = received, late
        row.materials = MATERIALS_SEPARATOR.join(chosen) or None
        session.add(row)
        session.flush()
        found = _record_cited(session, office, owner, canonical, cites)
        audit(
            session,
            office,
            action="inbox_receive",
            entity="incomingfiling",
            entity_id=row.id,
            summary=f"接收{owner.name}报送备案的{canonical}《{clean}》"
            + (f"，逾期 {late} 日" if late else "，按期"),
            details={"materials": chosen, "due": due.date, "unfiled_found": found},
        )
        return _received(rules, row, owner.name, found)


def _received(
    rules: Rulebook, row: IncomingFiling, unit: str, found: Sequence[str] = ()
) -> IncomingReceived:
    return IncomingReceived(
        id=row.id,
        doc_number=row.doc_number,
        title=row.title,
        unit=unit,
        due=row.due_on,
        due_provisional=row.due_provisional,
        received=row.received_on,
        late_days=row.late_days,
        missing=missing_materials(rules, row.materials),
        unfiled_found=tuple(found),
        version=row.version,
    )


def _record_cited(
    session: Session,
    office: Office,
    owner: Authority,
    citing: str,
    cites: Sequence[tuple[str, str | None]],
) -> list[str]:
    """Cited documents not on record are entered as known but never filed (found in `citing`)."""
    found: list[str] = []
    for cited_number, cited_title in cites:
        cited = str(parse_number(cited_number))
        if cited == citing:
            continue
        exists = session.exec(
            select(IncomingFiling.id).where(IncomingFiling.doc_number == cited)
        ).first()
        if exists is not None:
            continue
        title = clean_title(cited_title) if cited_title else f"（{citing}引用的文件，标题待补）"
        session.add(
            IncomingFiling(authority_id=owner.id, doc_number=cited, title=title, found_in=citing)
        )
        found.append(cited)
    return found


def record_unfiled(
    *,
    office: Office,
    unit: str,
    number: str,
    title: str,
    published: dt.date | None = None,
    found_in: str | None = None,
    note: str | None = None,
) -> IncomingReceived:
    """A document known to exist that the unit never filed (未报备), entered by hand."""
    rules = office.rulebook
    canonical = str(parse_number(number))
    clean = clean_title(title)
    if published is not None:
        not_future(published, office.today(), "公布日期")
    check_text(note, "备注")
    due = deadlines.inbox_filing_due(rules, published) if published else None
    source = str(parse_number(found_in)) if found_in else None
    with office.transaction() as session:
        owner = filing_unit(session, unit)
        exists = session.exec(
            select(IncomingFiling).where(IncomingFiling.doc_number == canonical)
        ).first()
        if exists is not None:
            state = "已接收" if exists.received_on else "已记为未报备"
            raise GateError(f"“{canonical}”{state}，不能重复登记。")
        row = IncomingFiling(
            authority_id=owner.id,
            doc_number=canonical,
            title=clean,
            published_on=published,
            due_on=due.date if due else None,
            due_provisional=bool(due and due.provisional),
            found_in=source,
            note=note,
        )
        session.add(row)
        session.flush()
        audit(
            session,
            office,
            action="inbox_unfiled",
            entity="incomingfiling",
            entity_id=row.id,
            summary=f"记录{owner.name}未报送备案的{canonical}《{clean}》",
        )
        return _received(rules, row, owner.name)


# ---------------------------------------------------------------------------- 备案登记 (formal check)


@retried
def register_incoming(
    *,
    office: Office,
    number: str,
    outcome: str,
    on: dt.date,
    reason: str | None = None,
    supplement_due: dt.date | None = None,
    expected_version: int | None = None,
) -> IncomingRegistered:
    """The formal check: 予以备案登记 (the review clock starts), 暂缓办理备案登记 (补正 by a
    date; reason required) or 不予备案登记 (退回; reason required)."""
    result = filing_result(outcome)
    if result not in REGISTRATION_RESULTS:
        raise ValidationError(f"备案登记结论只能是 {'、'.join(REGISTRATION_RESULTS)}。")
    reason = (reason or "").strip() or None
    check_text(reason, "理由", multiline=True)
    not_future(on, office.today(), "登记日期")
    with office.transaction() as session:
        row = load_incoming(session, number)
        _check_registrable(office.rulebook, row, result, on, reason)
        bump_version(session, row, expected_version, CONFLICT, subject="该备案文件")
        registered = IncomingRegistered(doc_number=row.doc_number, outcome=result, on=on)
        if result == "予以备案登记":
            row.registered_on = on
            due = _start_review(session, row, on, "registration", office.rulebook)
            registered = IncomingRegistered(row.doc_number, result, on, review_due=due.date)
        elif result == "暂缓办理备案登记":
            due_on = supplement_due or deadlines.inbox_supplement_due(office.rulebook, on).date
            not_before(due_on, on, "补正期限", "登记日期")
            row.deferred_on, row.deferral_reason, row.supplement_due = on, reason, due_on
            registered = IncomingRegistered(
                row.doc_number, result, on, supplement_due=due_on, reason=reason
            )
        else:
            row.rejected_on, row.reject_reason = on, reason
            registered = IncomingRegistered(row.doc_number, result, on, reason=reason)
        session.add(row)
        audit(
            session,
            office,
            action="inbox_register",
            entity="incomingfiling",
            entity_id=row.id,
            summary=f"{row.doc_number}《{row.title}》{result}（{date_label(on)}）"
            + (f"：{reason}" if reason else ""),
        )
        return registered


def _check_registrable(
    rules: Rulebook, row: IncomingFiling, result: str, on: dt.date, reason: str | None
) -> None:
    if row.received_on is None:
        raise GateError(f"“{row.doc_number}”尚未报送备案（未报备），请先接收登记。")
    not_before(on, row.supplemented_on or row.received_on, "登记日期", "收到日期")
    for done, label in ((row.registered_on, "予以备案登记"), (row.rejected_on, "不予备案登记")):
        if done is not None:
            raise GateError(f"“{row.doc_number}”已于{date_label(done)}{label}，不能再作登记结论。")
    pending = row.deferred_on is not None and row.supplemented_on is None
    if result == "予以备案登记":
        missing = missing_materials(rules, row.materials)
        if pending:
            raise GateError(
                f"“{row.doc_number}”已暂缓办理备案登记，尚未收到补正材料。请先登记补正，再予以备案登记。"
            )
        if missing:
            raise GateError(
                f"“{row.doc_number}”报送材料不全（缺{'、'.join(missing)}），不能予以备案登记。"
                "请暂缓办理备案登记，通知补正。"
            )
    elif result == "暂缓办理备案登记" and pending:
        raise GateError(f"“{row.doc_number}”已暂缓办理备案登记，正等待补正。")
    if result != "予以备案登记" and not reason:
        raise ValidationError(f"{result}须写明理由（如缺少的材料、退回的原因）。")


def record_supplement(
    *, office: Office, number: str, on: dt.date, materials: Sequence[str] = ()
) -> SupplementReceived:
    """补正: the unit's completed materials received after 暂缓办理备案登记."""
    rules = office.rulebook
    not_future(on, office.today(), "补正收到日期")
    with office.transaction() as session:
        row = load_incoming(session, number)
        if row.deferred_on is None or row.registered_on or row.rejected_on:
            raise GateError(f"“{row.doc_number}”没有处于暂缓办理备案登记（待补正）状态。")
        if row.supplemented_on is not None:
            raise GateError(
                f"“{row.doc_number}”的补正材料已于{date_label(row.supplemented_on)}收到。"
            )
        not_before(on, row.deferred_on, "补正收到日期", "暂缓登记日期")
        bump_version(session, row, None, CONFLICT, subject="该备案文件")
        row.supplemented_on = on
        row.materials = _merge_materials(rules, row.materials, materials)
        session.add(row)
        late = max(0, (on - row.supplement_due).days) if row.supplement_due else 0
        audit(
            session,
            office,
            action="inbox_supplement",
            entity="incomingfiling",
            entity_id=row.id,
            summary=f"收到{row.doc_number}的补正材料（{date_label(on)}）",
            details={"materials": list(materials)},
        )
        return SupplementReceived(row.doc_number, on, late, missing_materials(rules, row.materials))


# ---------------------------------------------------------------------------------- 审查


def _start_review(
    session: Session, row: IncomingFiling, on: dt.date, origin: str, rules: Rulebook
) -> deadlines.Deadline:
    if open_review(session, row) is not None:
        raise GateError(f"“{row.doc_number}”已有一项尚未完成的审查。")
    session.add(IncomingReview(filing_id=row.id, started_on=on, origin=origin))
    session.flush()
    return deadlines.inbox_review_due(rules, on)


def start_review(
    *, office: Office, number: str, on: dt.date, origin: str = "suggestion"
) -> ReviewStarted:
    """Review a registered document again (a 审查建议 asked for it, or the office chose to)."""
    not_future(on, office.today(), "审查开始日期")
    with office.transaction() as session:
        row = load_incoming(session, number)
        if row.registered_on is None:
            raise GateError(f"“{row.doc_number}”尚未予以备案登记，不能开始审查。")
        not_before(on, row.registered_on, "审查开始日期", "备案登记日期")
        due = _start_review(session, row, on, origin, office.rulebook)
        audit(
            session,
            office,
            action="inbox_review_start",
            entity="incomingfiling",
            entity_id=row.id,
            summary=f"开始审查{row.doc_number}《{row.title}》（{date_label(on)}）",
        )
        return ReviewStarted(row.doc_number, on, due.date, origin)


def finish_incoming_review(
    *,
    office: Office,
    number: str,
    on: dt.date,
    result: str,
    findings: Mapping[str, str] | None = None,
    reasoning: str | None = None,
    opinion_kind: str | None = None,
) -> IncomingReviewed:
    """审查结论: 未发现问题, or 审查意见 with what was found against the checklist, the reasoning and
    what the unit must do; a 审查意见 takes the next number of the year's sequence and opens the
    follow-up (处理情况 due within the report period)."""
    findings = _check_findings(result, findings, reasoning, opinion_kind)
    not_future(on, office.today(), "审查日期")
    with office.transaction() as session:
        row = load_incoming(session, number)
        review = open_review(session, row)
        if review is None:
            raise GateError(f"“{row.doc_number}”没有正在进行的审查（须先予以备案登记）。")
        not_before(on, review.started_on, "审查日期", "审查开始日期")
        bump_version(session, review, None, CONFLICT, subject="该审查")
        review.finished_on, review.result = on, result
        review.reasoning = (reasoning or "").strip() or None
        review.findings = json.dumps(findings, ensure_ascii=False) if findings else None
        due = None
        if result == "审查意见":
            review.opinion_kind = opinion_kind
            review.opinion_year, review.opinion_serial = on.year, _next_serial(session, on.year)
            review.opinion_number = opinion_number(office.rulebook, on.year, review.opinion_serial)
            session.add(FollowUp(review_id=review.id, filing_id=row.id, opinion_on=on))
            due = deadlines.followup_due(office.rulebook, on).date
        session.add(review)
        audit(
            session,
            office,
            action="inbox_review",
            entity="incomingfiling",
            entity_id=row.id,
            summary=f"审查{row.doc_number}《{row.title}》：{result}"
            + (f"（{review.opinion_number}，{opinion_kind}）" if review.opinion_number else ""),
            details={"findings": findings},
        )
        return IncomingReviewed(
            row.doc_number, result, on, review.opinion_kind, review.opinion_number, due
        )


def _check_findings(
    result: str,
    findings: Mapping[str, str] | None,
    reasoning: str | None,
    opinion_kind: str | None,
) -> dict[str, str]:
    if result not in REVIEW_RESULTS:
        raise ValidationError(f"审查结论只能是 {'、'.join(REVIEW_RESULTS)}。")
    clean = {k.strip(): (v or "").strip() for k, v in (findings or {}).items()}
    for item, text in clean.items():
        if item not in REVIEW_CHECKS:
            raise ValidationError(f"审查项目“{item}”不在清单中。可填：{'、'.join(REVIEW_CHECKS)}。")
        check_text(text, f"审查项目“{item}”的意见", multiline=True)
    check_text(reasoning, "审查理由", multiline=True)
    if result == "审查意见":
        if opinion_kind not in OPINION_KINDS:
            raise ValidationError(f"审查意见须写明处理方式：{'、'.join(OPINION_KINDS)}。")
        if not clean or not (reasoning or "").strip():
            raise ValidationError("审查意见须写明发现问题的审查项目（如 与上位法抵触=……）和理由。")
    elif opinion_kind:
        raise ValidationError("未发现问题的审查没有处理方式，请去掉处理方式或改为审查意见。")
    return clean


def _next_serial(session: Session, year: int) -> int:
    last = session.exec(
        select(func.max(IncomingReview.opinion_serial)).where(IncomingReview.opinion_year == year)
    ).one()
    return (last or 0) + 1


def opinion_number(rules: Rulebook, year: int, serial: int) -> str:
    """The 审查意见书 number from the rulebook's pattern (盖司备审〔2026〕1号)."""
    pattern = rules.opinion_number_pattern
    try:
        return pattern.format(year=year, serial=serial)
    except (KeyError, IndexError, ValueError) as exc:
        raise ConfigError(
            f"规则文件 [inbox] opinion_number“{pattern}”写法有误：只能含 {{year}} 和 {{serial}}。"
        ) from exc
