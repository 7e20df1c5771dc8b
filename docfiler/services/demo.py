"""Load a register file (sample_docs/register.toml) through the service functions.

Every entry goes through the same rules as a clerk's input, so the sample register is proof
that the rules accept a realistic history.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docfiler import services
from docfiler.errors import DocfilerError, ValidationError
from docfiler.office import Office


def sample_register_path() -> Path:
    """sample_docs/register.toml: in a checkout, or inside the installed wheel."""
    checkout = Path(__file__).resolve().parents[2] / "sample_docs" / "register.toml"
    if checkout.exists():
        return checkout
    from importlib.resources import files

    return Path(str(files("docfiler.sample_docs").joinpath("register.toml")))


class RegisterFileError(DocfilerError):
    pass


def load_register_file(
    *, office: Office, path: Path, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RegisterFileError(f"找不到登记簿文件 {path}。") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegisterFileError(f"登记簿文件 {path} 格式有误：{exc}") from exc
    counts = {"authorities": 0, "documents": 0, "countersigns": 0, "cleanups": 0}
    for entry in data.get("authority", []):
        services.add_authority(
            office=office,
            name=entry["name"],
            codes=entry.get("codes", []),
            kind=entry.get("kind", "department"),
            filing_bodies=entry.get("filing_bodies"),
        )
        counts["authorities"] += 1
    for entry in data.get("cleanup", []):
        services.record_finished_cleanup(
            office=office,
            name=entry["name"],
            as_of=entry["as_of"],
            finished=entry["finished"],
            basis=entry.get("basis"),
        )
        counts["cleanups"] += 1
    documents = data.get("document", [])
    for index, entry in enumerate(documents, start=1):
        try:
            load_document_entry(office=office, entry=entry)
        except DocfilerError as exc:
            raise RegisterFileError(
                f"登记簿第 {index} 件（{entry.get('number', '无文号')}）载入失败：{exc}"
            ) from exc
        counts["documents"] += 1
        if progress:
            progress(index, len(documents))
    for entry in data.get("countersign", []):
        result = services.add_countersign(
            office=office,
            title=entry["title"],
            received=entry["received"],
            reply_due=entry.get("reply_due"),
            from_body=entry.get("from_body"),
            reference=entry.get("reference"),
        )
        if entry.get("replied"):
            services.reply_countersign(
                office=office,
                countersign_id=result.id,
                replied=entry["replied"],
                summary=entry.get("reply_summary"),
            )
        counts["countersigns"] += 1
    counts["inbox"], counts["suggestions"] = load_inbox_entries(office=office, data=data)
    return counts


def _date(entry: dict[str, Any], key: str) -> dt.date | None:
    value = entry.get(key)
    if value is None or isinstance(value, dt.date):
        return value
    raise ValidationError(f"字段 {key} 应为日期（如 2016-03-01），收到“{value}”。")


def load_document_entry(*, office: Office, entry: dict[str, Any]) -> None:
    """Replay one document's history through the services, in date order."""
    number = entry["number"]
    services.register_document(
        office=office,
        number=number,
        title=entry["title"],
        authority=entry.get("authority"),
        drafting_unit=entry.get("drafting_unit"),
        registration_number=entry.get("registration_number"),
        effective=_date(entry, "effective"),
        valid_years=entry.get("valid_years"),
        valid_until=_date(entry, "valid_until"),
        body_text=entry.get("body"),
        note=entry.get("note"),
        is_sample=bool(entry.get("sample", False)),
    )
    for basis in entry.get("legal_bases", []):
        services.add_legal_basis(
            office=office, number=number, title=basis["title"], basis_number=basis.get("number")
        )
    _replay_procedure(office, number, entry)
    if _date(entry, "published"):
        services.publish(
            office=office,
            number=number,
            on=entry["published"],
            channel=entry.get("channel"),
            effective=_date(entry, "effective"),
        )
    _replay_filings(office, number, entry.get("filings", []))
    _replay_relations(office, number, entry)


def _replay_procedure(office: Office, number: str, entry: dict[str, Any]) -> None:
    """听取意见, 合法性审核 (and the revision it asked for), 集体讨论决定, 签发: each dated step."""
    if _date(entry, "opinions"):
        services.record_opinions(office=office, number=number, on=entry["opinions"])
    if _date(entry, "review_submitted"):
        services.submit_review(
            office=office,
            number=number,
            submitted=entry["review_submitted"],
            reviewer=entry.get("reviewer"),
        )
    if _date(entry, "review_finished"):
        services.finish_review(
            office=office,
            number=number,
            finished=entry["review_finished"],
            outcome=entry.get("review_outcome", "合法"),
            reviewer=entry.get("reviewer"),
        )
    if _date(entry, "revised"):
        services.record_revision(office=office, number=number, on=entry["revised"])
    if _date(entry, "decision_date"):
        services.record_decision(
            office=office,
            number=number,
            meeting=entry.get("decision_meeting", "常务会议"),
            on=entry["decision_date"],
            minutes=entry.get("minutes"),
        )
    if _date(entry, "signed"):
        services.record_signing(
            office=office, number=number, on=entry["signed"], signed_by=entry.get("signed_by")
        )


def _replay_filings(office: Office, number: str, filings: list[dict[str, Any]]) -> None:
    """备案 and the filing body's result, for each filing the entry lists."""
    for filing in filings:
        if filing.get("submitted"):
            services.submit_filing(
                office=office,
                number=number,
                body=filing["body"],
                submitted=filing["submitted"],
                receipt=filing.get("receipt"),
            )
        if filing.get("result"):
            services.record_filing_result(
                office=office,
                number=number,
                body=filing["body"],
                result=filing["result"],
                on=filing.get("result_date") or filing["submitted"],
            )


def _replay_relations(office: Office, number: str, entry: dict[str, Any]) -> None:
    """What this document did to others (修改, 废止), then its own 宣布失效."""
    if entry.get("amends"):
        services.add_relation(office=office, source=number, target=entry["amends"], kind="amends")
    for target in entry.get("repeals", []):
        services.add_relation(office=office, source=number, target=target, kind="repeals")
    if _date(entry, "declared_invalid"):
        services.declare_invalid(
            office=office,
            number=number,
            on=entry["declared_invalid"],
            reason=entry.get("invalid_reason") or "清理中宣布失效",
        )


# ------------------------------------------------------------ the office as filing body (inbox)


def load_inbox_entries(*, office: Office, data: dict[str, Any]) -> tuple[int, int]:
    """[[inbox]], [[inbox_followup]] and [[suggestion]]: the reviewer's side, through the
    services. Returns (documents filed with the office, suggestions)."""
    entries = data.get("inbox", [])
    for index, entry in enumerate(entries, start=1):
        try:
            _replay_incoming(office, entry)
        except DocfilerError as exc:
            raise RegisterFileError(
                f"登记簿收文第 {index} 件（{entry.get('number', '无文号')}）载入失败：{exc}"
            ) from exc
    for entry in data.get("inbox_followup", []):
        _replay_followup(office, entry)
    suggestions = data.get("suggestion", [])
    for entry in suggestions:
        _replay_suggestion(office, entry)
    return len(entries), len(suggestions)


def _replay_incoming(office: Office, entry: dict[str, Any]) -> None:
    number, unit = entry["number"], entry["unit"]
    if entry.get("unfiled"):
        services.record_unfiled(
            office=office,
            unit=unit,
            number=number,
            title=entry["title"],
            published=_date(entry, "published"),
            found_in=entry.get("found_in"),
        )
        return
    services.receive_filing(
        office=office,
        unit=unit,
        number=number,
        title=entry["title"],
        published=entry["published"],
        received=entry["received"],
        materials=entry.get("materials", []),
        cites=[(c["number"], c.get("title")) for c in entry.get("cites", [])],
    )
    register = services.register_incoming
    if _date(entry, "deferred"):
        register(
            office=office,
            number=number,
            outcome="暂缓办理备案登记",
            on=entry["deferred"],
            reason=entry.get("deferral_reason"),
        )
    if _date(entry, "supplemented"):
        services.record_supplement(
            office=office,
            number=number,
            on=entry["supplemented"],
            materials=entry.get("supplement_materials", []),
        )
    if _date(entry, "rejected"):
        register(
            office=office,
            number=number,
            outcome="不予备案登记",
            on=entry["rejected"],
            reason=entry.get("reject_reason"),
        )
    if _date(entry, "registered"):
        register(office=office, number=number, outcome="予以备案登记", on=entry["registered"])
    if entry.get("review"):
        _replay_review(office, number, entry["review"])


def _replay_review(office: Office, number: str, review: dict[str, Any]) -> None:
    services.finish_incoming_review(
        office=office,
        number=number,
        on=review["on"],
        result=review["result"],
        findings=review.get("findings"),
        reasoning=review.get("reasoning"),
        opinion_kind=review.get("kind"),
    )


def _replay_followup(office: Office, entry: dict[str, Any]) -> None:
    number = entry["number"]
    if _date(entry, "reported"):
        services.record_followup_report(
            office=office, number=number, on=entry["reported"], report=entry["report"]
        )
    if _date(entry, "closed"):
        services.close_followup(
            office=office,
            number=number,
            on=entry["closed"],
            outcome=entry["outcome"],
            corrected_by=entry.get("corrected_by"),
        )


def _replay_suggestion(office: Office, entry: dict[str, Any]) -> None:
    received = services.receive_suggestion(
        office=office,
        proposer=entry["proposer"],
        contact=entry.get("contact"),
        received=entry["received"],
        number=entry.get("number"),
        title=entry.get("title"),
        request=entry["request"],
    )
    if _date(entry, "review_started"):
        services.review_from_suggestion(
            office=office, suggestion_id=received.id, on=entry["review_started"]
        )
    if entry.get("review"):
        _replay_review(office, entry["number"], entry["review"])
    if _date(entry, "replied"):
        services.reply_suggestion(
            office=office, suggestion_id=received.id, on=entry["replied"], reply=entry["reply"]
        )


# ---------------------------------------------------------------------------- replacing a database

DEMO_KEY = "demo"
"""The officestate row `demo` writes: which file it loaded, and the last audit entry it made."""
REPLACED = "database_replaced"
"""The audit action `demo` writes first into a database it emptied: what was there before."""
HOUSEKEEPING = ("recount", "sync_authorities", REPLACED)
"""Audit actions the program takes by itself: they do not make a database someone's register."""


@dataclass(frozen=True)
class Contents:
    """What a database holds, as far as `demo` is concerned."""

    kind: str  # empty | demo | real
    documents: int = 0
    entries: int = 0
    """Audit entries that `demo` did not write (the work of clerks)."""

    def describe(self) -> str:
        parts = [f"文件 {self.documents} 件"] if self.documents else []
        parts += [f"非演示的操作记录 {self.entries} 条"] if self.entries else []
        return "、".join(parts)


def database_contents(*, office: Office) -> Contents:
    """empty (nothing registered), demo (only what `demo` loaded) or real (anything else)."""
    from sqlmodel import func, select

    from docfiler.store.tables import AuditEntry, Document, OfficeState

    with office.reading() as session:
        documents = session.exec(select(func.count()).select_from(Document)).one()
        marker = session.get(OfficeState, DEMO_KEY)
        after = json.loads(marker.value)["last_audit_id"] if marker else 0
        entries = session.exec(
            select(func.count())
            .select_from(AuditEntry)
            .where(
                AuditEntry.id > after,
                AuditEntry.action.not_in(HOUSEKEEPING),
                AuditEntry.entity != "authority",
            )
        ).one()
    if marker is None:
        kind = "real" if documents or entries else "empty"
        return Contents(kind, documents, entries)
    return Contents("real" if entries else "demo", documents, entries)


def mark_demo(*, office: Office, source: Path) -> None:
    """Remember that this database holds what `demo` loaded from `source`, and nothing else."""
    from sqlmodel import func, select

    from docfiler.store.tables import AuditEntry, OfficeState, utcnow

    with office.transaction() as session:
        last = session.exec(select(func.max(AuditEntry.id))).one() or 0
        value = json.dumps({"source": str(source), "last_audit_id": last}, ensure_ascii=False)
        session.merge(OfficeState(key=DEMO_KEY, value=value, changed_at=utcnow()))


def replace_database(*, office: Office, source: Path, kind: str) -> dict[str, Any]:
    """Empty the database for `demo` and leave, as the first entry of the new audit trail, who
    emptied it, when, and how many documents and audit entries were dropped with it.

    `kind` is what database_contents found (demo or real). Returns the entry's details."""
    from sqlmodel import func, select

    from docfiler.store.audit import audit
    from docfiler.store.engine import reset_database
    from docfiler.store.tables import AuditEntry, Document

    with office.reading() as session:
        documents = session.exec(select(func.count()).select_from(Document)).one()
        entries = session.exec(select(func.count()).select_from(AuditEntry)).one()
        last = session.exec(select(func.max(AuditEntry.at))).one()
    reset_database(office.engine)
    details = {
        "documents": documents,
        "audit_entries": entries,
        "contents": kind,
        "last_entry_at": last,
        "source": str(source),
    }
    what = "演示数据" if kind == "demo" else "非演示数据"
    with office.transaction() as session:
        audit(
            session,
            office,
            action=REPLACED,
            entity="database",
            summary=f"demo 清空了原数据库（{what}）：删除文件 {documents} 件、操作记录 {entries} 条"
            + (f"（最后一条记于 {last:%Y-%m-%d %H:%M}）" if last else "")
            + f"，改为载入 {source.name}",
            details=details,
        )
    return details


def check_register_file(*, office: Office, path: Path) -> dict[str, int]:
    """Load `path` into a scratch SQLite database: every entry through every rule, before a
    real database is emptied for it. Raises RegisterFileError, in Chinese, on the first fault."""
    import tempfile

    from docfiler.store.engine import make_engine, migrate

    with tempfile.TemporaryDirectory(prefix="docfiler-check-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'check.db'}")
        try:
            migrate(engine)
            scratch = Office(engine, office.rulebook, office.operator, today=office.today)
            services.sync_authorities(office=scratch)
            return load_register_file(office=scratch, path=path)
        except RegisterFileError:
            raise
        except DocfilerError as exc:
            raise RegisterFileError(f"登记簿文件 {path} 不能载入：{exc}") from exc
        except (KeyError, TypeError, ValueError) as exc:
            raise RegisterFileError(
                f"登记簿文件 {path} 有条目缺少必填项或写法有误（{exc!r}）。"
            ) from exc
        finally:
            engine.dispose()
