"""The rules for one imported row: checked and turned into a document row and its filing rows.

Every rule is the one registering and publishing a document by hand follows (domain.gates,
store.lookups.authority_for_code, domain.deadlines); this module only reads them off a row and
the register's facts, read once per import (`Context`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from docfiler.domain import deadlines, docnumber
from docfiler.domain.gates import check_register_fields, not_before, not_before_year, not_future
from docfiler.domain.vocabulary import detect_kind, filing_result
from docfiler.domain.written_dates import written_date
from docfiler.errors import ValidationError
from docfiler.services.sheet_existing import OnRecord
from docfiler.services.sheet_values import check_end, end_fields, filed_bodies
from docfiler.store.input_guard import checked_value
from docfiler.store.lookups import authority_for_code
from docfiler.store.tables import AgencyCode, Authority, AuthorityFilingBody, Document, utcnow


@dataclass
class Memo:
    """What an import works out from a row alone — a number parsed, a due date counted — kept
    from the preview for the import itself, which checks every row again."""

    parsed: dict[str, docnumber.DocNumber] = field(default_factory=dict)
    deadlines: dict[tuple[dt.date, str], Any] = field(default_factory=dict)


def load_context(
    session: Session,
    rulebook: Any,
    today: dt.date,
    memo: Memo | None = None,
    *,
    preview: bool = False,
) -> Context:
    """What every row is checked against, read once: authorities, agency codes, filing bodies,
    the numbers and registration numbers already taken. A `preview` checks the rows without
    counting the filings' due dates (nothing is written from it)."""
    memo = memo or Memo()
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
    return Context(
        authority_ids=authority_ids,
        authority_names={ident: name for name, ident in authority_ids.items()},
        code_owner=code_owner,
        codes_of=codes_of,
        bodies=bodies,
        rulebook=rulebook,
        deadline_cache=memo.deadlines,
        parsed=memo.parsed,
        existing=set(session.exec(select(Document.doc_number)).all()),
        seen=set(),
        now=utcnow(),
        today=today,
        existing_registrations=set(session.exec(registrations).all()),
        last_id=last_id,
        preview=preview,
    )


def _filing_answer(value: Any) -> str | None:
    """A filing body's answer in the stored words (old words such as 准予备案 accepted)."""
    if value in (None, ""):
        return None
    answer = filing_result(str(value))
    if answer is None:
        raise ValidationError(f"备案意见“{value}”无效")
    return answer


def _date(value: Any, what: str) -> dt.date | None:
    """A date as the row gives it: every form `domain.written_dates` reads."""
    if value == "":
        return None
    return written_date(value, what)


@dataclass(frozen=True)
class _Dated:
    """The number and year of a row, for the date gates (which read them off a document)."""

    doc_number: str
    year: int | None
    published_on: dt.date | None = None


@dataclass
class Context:
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
    added: set[str] = field(default_factory=set)
    """The numbers this import adds (not those it finds on the register)."""
    parsed: dict[str, docnumber.DocNumber] = field(default_factory=dict)
    short_names: dict[str, int | None] = field(default_factory=dict)
    preview: bool = False

    def number(self, text: str) -> docnumber.DocNumber:
        """The number as written, parsed once per import (raises DocNumberError)."""
        found = self.parsed.get(text)
        if found is None:
            found = self.parsed[text] = docnumber.parse(text)
        return found


def prepare(
    record: dict[str, Any], ctx: Context, known: dict[str, OnRecord]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One row checked and turned into a document row and its filing rows; raises on the first
    fault. Marks the number (and registration number) as taken."""
    if record.get("error"):
        raise ValidationError(record["error"])
    parsed = ctx.number(str(record["number"]))
    number = str(parsed)
    registration = record.get("registration_number") or None
    _check_unique(ctx, number, registration, on_register=number in known)
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
        **_carried_fields(record, ctx, number, published, valid_until),
    }
    for name, value in document.items():  # the same limits as every other write (issue 14, item 6)
        if isinstance(value, str) and name != "body_text":
            checked_value(Document, name, value)
    filings = _filing_rows(ctx, owner, published, given) if published else []
    return document, filings


def _check_unique(
    ctx: Context, number: str, registration: str | None, *, on_register: bool
) -> None:
    """Neither the number nor the registration number is in the register or earlier in the file
    (a number on the register is fine when the import compares such rows with it)."""
    if number in ctx.seen or (number in ctx.existing and not on_register):
        raise ValidationError(f"文号“{number}”重复")
    if (
        registration
        and not on_register
        and (registration in ctx.existing_registrations or registration in ctx.seen_registrations)
    ):
        raise ValidationError(f"{number} 的登记号“{registration}”重复")


def _owner(ctx: Context, authority_name: str | None, agency_code: str) -> int:
    """The authority named in the row, or else the one that owns the number's agency code; the
    code must belong to it, by the rule registering one document follows
    (``store.lookups.authority_for_code``)."""
    named = None
    if authority_name:
        ident = ctx.authority_ids.get(authority_name) or _short_name(ctx, authority_name)
        if ident is None:
            raise ValidationError(f"制定机关“{authority_name}”未登记")
        named = (ident, ctx.authority_names[ident])
    owner_id = ctx.code_owner.get(agency_code)
    return authority_for_code(
        agency_code,
        named=named,
        owner=(owner_id, ctx.authority_names[owner_id]) if owner_id is not None else None,
        own_codes=ctx.codes_of.get(named[0], []) if named else [],
        foreign=ctx.rulebook.other_governments.get(agency_code),
        option="authority",
    )


def _short_name(ctx: Context, name: str) -> int | None:
    """The one registered authority a register's short name stands for: 市政府 and 盖州市政府
    for 盖州市人民政府, 市政府办公室 for 盖州市人民政府办公室; None when none or several fit."""
    if name not in ctx.short_names:
        wanted = _name_key(name)
        fits = [i for known, i in ctx.authority_ids.items() if _name_key(known) == wanted]
        ctx.short_names[name] = fits[0] if len(fits) == 1 else None
    return ctx.short_names[name]


def _name_key(name: str) -> str:
    key = "".join(name.split()).replace("人民政府", "政府")
    for mark in ("市", "县", "区"):
        head, sep, rest = key.partition(mark)
        if sep and rest and len(head) <= 4:
            return rest
    return key


def _given_filings(
    ctx: Context,
    record: dict[str, Any],
    number: str,
    owner: int,
    published: dt.date | None,
) -> dict[str, dict[str, Any]]:
    """The row's filings by body; each body must be one the authority files with."""
    given = {f["body"]: f for f in record.get("filings", [])}
    filed = record.get("filed")
    if filed and not given:
        bodies = filed_bodies(filed["text"], ctx.bodies.get(owner, []))
        given = {
            body: {**filed, "body": body, "undated": not filed.get("submitted")} for body in bodies
        }
    unknown_bodies = set(given) - set(ctx.bodies.get(owner, []))
    if unknown_bodies:
        raise ValidationError(
            f"{number} 的备案机关“{'、'.join(sorted(unknown_bodies))}”不是该制定机关的备案机关"
            f"（应为：{'、'.join(ctx.bodies.get(owner, [])) or '无'}）"
        )
    if given and not published:
        raise ValidationError(f"{number} 尚未公布，不能有备案记录")
    return given


def _carried_fields(
    record: dict[str, Any],
    ctx: Context,
    number: str,
    published: dt.date | None,
    valid_until: dt.date | None,
) -> dict[str, Any]:
    """The rest of a document row: its end of force (as given, or as its status says), what
    is carried over from the register as given, and bookkeeping."""
    ends = {
        "repealed": _date(record.get("repealed"), "废止日期"),
        "declared_invalid": _date(record.get("declared_invalid"), "宣布失效日期"),
    }
    said = end_fields(
        record.get("status"), record.get("ended"), valid_until=valid_until, today=ctx.today
    )
    ends.update({how: day for how, day in said.items() if ends[how] is None})
    reason = record.get("end_reason")
    for how, day in ends.items():
        if day is not None:
            check_end(number, how, day, published, ctx.today)
    return {
        "signed_on": None,
        "signed_by": None,
        "publication_channel": record.get("channel"),
        "repealed_on": ends["repealed"],
        "repeal_reason": record.get("repeal_reason") or (reason if "repealed" in said else None),
        "declared_invalid_on": ends["declared_invalid"],
        "invalid_reason": record.get("invalid_reason")
        or (reason if "declared_invalid" in said else None),
        "body_text": record.get("body"),  # goes to documentbody (see _insert_in_batches)
        "note": record.get("note"),
        "is_sample": bool(record.get("sample", False)),
        "created_at": ctx.now,
        "updated_at": ctx.now,
        "version": 1,
    }


def _filing_rows(
    ctx: Context, owner: int, published: dt.date, given: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """One filing per body the authority files with, due by the rule for its publication date;
    what the row says was submitted and decided is carried over."""
    filings: list[dict[str, Any]] = []
    for body in ctx.bodies.get(owner, []):
        deadline = None if ctx.preview else _filing_due(ctx, published, body)
        entry = given.get(body, {})
        filings.append(
            {
                "body": body,
                "due_on": deadline.date if deadline else None,
                "due_provisional": deadline.provisional if deadline else False,
                "submitted_on": _submitted(ctx, entry, published, deadline),
                "receipt_number": entry.get("receipt"),
                "result": _filing_answer(entry.get("result")),
                "result_on": _date(entry.get("result_date"), "备案意见日期"),
                "version": 1,
            }
        )
    return filings


def _filing_due(ctx: Context, published: dt.date, body: str) -> Any:
    key = (published, body)
    deadline = ctx.deadline_cache.get(key)
    if deadline is None:
        deadline = ctx.deadline_cache[key] = deadlines.filing_due(ctx.rulebook, published, body)
    return deadline


def _submitted(ctx: Context, entry: dict[str, Any], published: dt.date, due: Any) -> dt.date | None:
    """The day a filing was submitted, checked as `submit_filing` checks it; a row that says
    filed without a date: the due date (or today, if that is earlier; None in a preview)."""
    if entry.get("undated"):
        return min(due.date, ctx.today) if due else None
    day = _date(entry.get("submitted"), "报送备案日期")
    if day is not None:
        not_future(day, ctx.today, "报送备案日期")
        not_before(day, published, "报送备案日期", "公布日期")
    return day
