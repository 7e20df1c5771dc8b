"""Bulk import of an existing register (documents published before docfiler was used).

All-or-nothing: every row is checked first; if any row is wrong, nothing is written and the
error lists the rows (with their numbers) and what to fix. Historic documents arrive already
published, so the publication gates do not apply; their filings and validity are derived by
the same rules as for a document published through docfiler.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from docfiler.domain import deadlines, docnumber
from docfiler.domain.gates import check_register_fields, not_before, not_before_year, not_future
from docfiler.domain.vocabulary import detect_kind, filing_result
from docfiler.errors import DocfilerError, ValidationError
from docfiler.office import Office
from docfiler.store.audit import audit
from docfiler.store.bulk_insert import insert_documents
from docfiler.store.input_guard import checked_value
from docfiler.store.lookups import authority_for_code
from docfiler.store.tables import (
    AgencyCode,
    Authority,
    AuthorityFilingBody,
    Document,
    utcnow,
)

MAX_LISTED_ERRORS = 20


def import_documents(
    *,
    office: Office,
    records: Sequence[dict[str, Any]],
    batch_size: int = 5000,
    progress: Callable[[int, int], None] | None = None,
    source: str = "批量导入",
) -> int:
    """Insert `records` (dicts: number, title, authority?, drafting_unit?, published?, effective?,
    valid_years?, valid_until?, filings? = [{body, submitted?, receipt?, result?, result_date?}])."""
    rulebook = office.rulebook
    with office.transaction() as session:
        context = _load_context(session, rulebook, office.today())
        documents, pending_filings = _prepare_all(records, context)
        total = len(documents)

        def take_lock() -> None:
            # The audit row is the import's first write to the register: on SQLite it takes
            # the write lock. Then what others registered while the rows were prepared.
            audit(
                session,
                office,
                action="bulk_import",
                entity="document",
                summary=f"{source}：导入文件 {total} 件",
                details={"count": total},
            )
            session.flush()
            _refuse_taken_meanwhile(session, context)

        insert_documents(
            session,
            documents,
            pending_filings,
            take_lock=take_lock,
            batch_size=batch_size,
            progress=progress,
        )
    return total


def _refuse_taken_meanwhile(session: Session, ctx: _Context) -> None:
    """Numbers the import brings that someone registered after its rows were checked."""
    taken = session.execute(
        select(Document.doc_number, Document.registration_number).where(Document.id > ctx.last_id)
    ).all()
    clashes = sorted(
        {number for number, _ in taken if number in ctx.seen}
        | {reg for _, reg in taken if reg and reg in ctx.seen_registrations}
    )
    if clashes:
        shown = "、".join(clashes[:MAX_LISTED_ERRORS])
        raise ValidationError(
            f"导入未执行：检查期间有人登记了 {shown}，与导入的文件重复（未写入任何数据）。"
            "请核对后重新导入。"
        )


def _load_context(session: Session, rulebook: Any, today: dt.date) -> _Context:
    """What every row is checked against, read once: authorities, agency codes, filing bodies,
    the numbers and registration numbers already taken."""
    authority_ids = {
        name: ident for ident, name in session.exec(select(Authority.id, Authority.name))
    }
    codes_of: dict[int, list[str]] = {}
    code_owner = {
        code: owner
        for code, owner in session.exec(select(AgencyCode.code, AgencyCode.authority_id))
    }
    for code, owner in code_owner.items():
        codes_of.setdefault(owner, []).append(code)
    bodies: dict[int, list[str]] = {}
    for owner, body in session.exec(
        select(AuthorityFilingBody.authority_id, AuthorityFilingBody.body)
    ):
        bodies.setdefault(owner, []).append(body)
    registrations = select(Document.registration_number).where(
        Document.registration_number.is_not(None)
    )
    last_id = session.exec(select(func.max(Document.id))).one() or 0
    return _Context(
        authority_ids=authority_ids,
        authority_names={ident: name for name, ident in authority_ids.items()},
        code_owner=code_owner,
        codes_of=codes_of,
        bodies=bodies,
        rulebook=rulebook,
        deadline_cache={},
        existing=set(session.exec(select(Document.doc_number)).all()),
        seen=set(),
        now=utcnow(),
        today=today,
        existing_registrations=set(session.exec(registrations).all()),
        last_id=last_id,
    )


def _prepare_all(
    records: Sequence[dict[str, Any]], context: _Context
) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]]]:
    """Every row checked and turned into a document row and its filing rows; if any row is
    wrong, nothing comes back and the error lists the rows."""
    errors: list[str] = []
    documents: list[dict[str, Any]] = []
    pending_filings: list[list[dict[str, Any]]] = []
    for row_number, record in enumerate(records, start=1):
        try:
            document, filings = _prepare(record, context)
        except (
            DocfilerError,
            docnumber.DocNumberError,
            KeyError,
            TypeError,
            ValueError,
        ) as exc:
            message = exc.message if isinstance(exc, DocfilerError) else str(exc)
            if isinstance(exc, KeyError):
                message = f"缺少字段 {exc}"
            errors.append(f"第 {row_number} 行：{message}")
            continue
        documents.append(document)
        pending_filings.append(filings)
    if errors:
        shown = errors[:MAX_LISTED_ERRORS]
        more = f"……另有 {len(errors) - len(shown)} 行有误" if len(errors) > len(shown) else ""
        raise ValidationError(
            f"导入未执行：{len(errors)} 行有误，请改正后重新导入（未写入任何数据）。\n"
            + "\n".join(shown)
            + (f"\n{more}" if more else "")
        )
    return documents, pending_filings


def _filing_answer(value: Any) -> str | None:
    """A filing body's answer in the stored words (old words such as 准予备案 accepted)."""
    if value in (None, ""):
        return None
    answer = filing_result(str(value))
    if answer is None:
        raise ValidationError(f"备案意见“{value}”无效")
    return answer


def _date(value: Any, what: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    from docfiler.domain.dates import parse_date

    return parse_date(str(value), what)


@dataclass(frozen=True)
class _Dated:
    """The number and year of a row, for the date gates (which read them off a document)."""

    doc_number: str
    year: int | None
    published_on: dt.date | None = None


@dataclass
class _Context:
    authority_ids: dict[str, int]
    authority_names: dict[int, str]
    code_owner: dict[str, int]
    codes_of: dict[int, list[str]]
    bodies: dict[int, list[str]]
    rulebook: Any
    deadline_cache: dict
    existing: set[str]
    seen: set[str]
    now: dt.datetime
    today: dt.date
    existing_registrations: set[str]
    last_id: int = 0
    """The newest document when the rows were checked: later ones were registered meanwhile."""
    seen_registrations: set[str] = field(default_factory=set)


def _prepare(record: dict[str, Any], ctx: _Context) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One row checked and turned into a document row and its filing rows; raises on the first
    fault. Marks the number (and registration number) as taken."""
    parsed = docnumber.parse(str(record["number"]))
    number = str(parsed)
    registration = record.get("registration_number") or None
    _check_unique(ctx, number, registration)
    owner = _owner(ctx, record.get("authority"), parsed.agency_code)
    published = _date(record.get("published"), "公布日期")
    effective = _date(record.get("effective"), "施行日期") or published
    valid_years = record.get("valid_years")
    valid_until = _date(record.get("valid_until"), "有效期截止日")
    # The same checks as publishing and registering one document by hand.
    if published is not None:
        stand_in = _Dated(number, parsed.year)
        not_future(published, ctx.today, "公布日期")
        not_before_year(stand_in, published, "公布日期")
        not_before(effective, published, "施行日期", "公布日期")
    title = check_register_fields(
        parsed,
        title=str(record.get("title") or ""),
        effective=effective,
        valid_years=valid_years,
        valid_until=valid_until,
    )
    kind = detect_kind(title)
    if effective and (valid_years is not None or valid_until is None):
        valid_until = deadlines.valid_until(
            ctx.rulebook, effective_on=effective, kind=kind, years=valid_years
        )
    given = _given_filings(ctx, record, number, owner, published)
    if registration:
        ctx.seen_registrations.add(registration)
    ctx.seen.add(number)
    document = {
        "doc_number": number,
        "agency_code": parsed.agency_code,
        "year": parsed.year,
        "serial": parsed.serial,
        "registration_number": registration,
        "title": title,
        "authority_id": owner,
        "drafting_unit": record.get("drafting_unit"),
        "kind": kind,
        "published_on": published,
        "effective_on": effective,
        "valid_years": valid_years,
        "valid_until": valid_until,
        **_carried_fields(record, ctx.now),
    }
    for name, value in document.items():  # the same limits as every other write (issue 14, item 6)
        if isinstance(value, str) and name != "body_text":
            checked_value(Document, name, value)
    filings = _filing_rows(ctx, owner, published, given) if published else []
    return document, filings


def _check_unique(ctx: _Context, number: str, registration: str | None) -> None:
    """Neither the number nor the registration number is in the register or earlier in the file."""
    if number in ctx.existing or number in ctx.seen:
        raise ValidationError(f"文号“{number}”重复")
    if registration and (
        registration in ctx.existing_registrations or registration in ctx.seen_registrations
    ):
        raise ValidationError(f"{number} 的登记号“{registration}”重复")


def _owner(ctx: _Context, authority_name: str | None, agency_code: str) -> int:
    """The authority named in the row, or else the one that owns the number's agency code; the
    code must belong to it, by the rule registering one document follows
    (``store.lookups.authority_for_code``)."""
    named = None
    if authority_name:
        ident = ctx.authority_ids.get(authority_name)
        if ident is None:
            raise ValidationError(f"制定机关“{authority_name}”未登记")
        named = (ident, authority_name)
    owner_id = ctx.code_owner.get(agency_code)
    return authority_for_code(
        agency_code,
        named=named,
        owner=(owner_id, ctx.authority_names[owner_id]) if owner_id is not None else None,
        own_codes=ctx.codes_of.get(named[0], []) if named else [],
        foreign=ctx.rulebook.other_governments.get(agency_code),
        option="authority",
    )


def _given_filings(
    ctx: _Context,
    record: dict[str, Any],
    number: str,
    owner: int,
    published: dt.date | None,
) -> dict[str, dict[str, Any]]:
    """The row's filings by body; each body must be one the authority files with."""
    given = {f["body"]: f for f in record.get("filings", [])}
    unknown_bodies = set(given) - set(ctx.bodies.get(owner, []))
    if unknown_bodies:
        raise ValidationError(
            f"{number} 的备案机关“{'、'.join(sorted(unknown_bodies))}”不是该制定机关的备案机关"
            f"（应为：{'、'.join(ctx.bodies.get(owner, [])) or '无'}）"
        )
    if given and not published:
        raise ValidationError(f"{number} 尚未公布，不能有备案记录")
    return given


def _carried_fields(record: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """The rest of a document row: carried over from the register as given, and bookkeeping."""
    return {
        "signed_on": None,
        "signed_by": None,
        "publication_channel": record.get("channel"),
        "repealed_on": _date(record.get("repealed"), "废止日期"),
        "repeal_reason": record.get("repeal_reason"),
        "declared_invalid_on": _date(record.get("declared_invalid"), "宣布失效日期"),
        "invalid_reason": record.get("invalid_reason"),
        "body_text": record.get("body"),  # goes to documentbody (see _insert_in_batches)
        "note": record.get("note"),
        "is_sample": bool(record.get("sample", False)),
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def _filing_rows(
    ctx: _Context, owner: int, published: dt.date, given: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """One filing per body the authority files with, due by the rule for its publication date;
    what the row says was submitted and decided is carried over."""
    filings: list[dict[str, Any]] = []
    for body in ctx.bodies.get(owner, []):
        key = (published, body)
        deadline = ctx.deadline_cache.get(key)
        if deadline is None:
            deadline = ctx.deadline_cache[key] = deadlines.filing_due(ctx.rulebook, published, body)
        entry = given.get(body, {})
        filings.append(
            {
                "body": body,
                "due_on": deadline.date,
                "due_provisional": deadline.provisional,
                "submitted_on": _date(entry.get("submitted"), "报送日期"),
                "receipt_number": entry.get("receipt"),
                "result": _filing_answer(entry.get("result")),
                "result_on": _date(entry.get("result_date"), "备案意见日期"),
                "version": 1,
            }
        )
    return filings
