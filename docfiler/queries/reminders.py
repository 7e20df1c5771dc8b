"""Everything due or overdue on a day: filings, legality reviews, validity, countersigns,
publication, cleanup; and, as filing body, 补正 awaited, reviews, 处理情况 and 审查建议.

`reminders()` runs one small collector per kind of deadline over a shared `Window` and ranks
what they find, most urgent first. Every due date comes from `docfiler.domain.deadlines`.

The collectors read through `Window.rows`, which runs the SQL compiled ahead in
`reminder_sql.py` (from `reminder_statements.py`) on any DB-API connection: the office's own
(`reminders`), or one opened without SQLAlchemy by `docfiler remind` (docfiler.store.direct).
This module imports no SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from docfiler.domain import deadlines
from docfiler.domain.calendar import add_months
from docfiler.domain.labels import basis_flags
from docfiler.domain.vocabulary import REMINDER_KINDS
from docfiler.rules.rulebook import Rulebook

if TYPE_CHECKING:
    from docfiler.office import Office

Execute = Callable[[str, dict[str, Any]], Sequence[Sequence[Any]]]
"""Runs one SQL text with named parameters on a DB-API connection and returns its rows."""
Rows = Callable[..., list[tuple[Any, ...]]]
"""`rows(name, **params)`: one statement of reminder_sql.py, dates and flags as Python values."""


@dataclass(frozen=True)
class Reminder:
    kind: str
    """A key of REMINDER_KINDS: filing / review / validity / countersign / publication /
    cleanup / incoming_supplement / incoming_review / followup / suggestion."""
    doc_number: str | None
    title: str
    party: str | None
    """Who the step is owed to: the filing body, the legality reviewer, or the government that
    asked for a countersign; None for validity and cleanup."""
    due: dt.date
    days_left: int
    provisional: bool = False
    detail: str = ""
    hint: str | None = None
    likely: dt.date | None = None
    """While provisional: the last day if no weekend becomes a make-up working day."""
    record_id: int | None = None
    """The record reminded of where no 文号 names it alone: a 审查建议's id (one person may have
    two open suggestions about one document)."""

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["due"] = self.due.isoformat()
        data["likely"] = (self.likely or self.due).isoformat()
        return data


@dataclass(frozen=True)
class Window:
    """What the collectors share: the day, how far ahead to look, the rules, the last cleanup."""

    rows: Rows
    rules: Rulebook
    today: dt.date
    horizon: dt.date
    last_cleanup: tuple[dt.date, dt.date] | None
    """(finished on, as of) of the last finished cleanup campaign, if any."""

    def reminder(self, kind: str, due: dt.date, **fields: Any) -> Reminder:
        return Reminder(kind=kind, due=due, days_left=(due - self.today).days, **fields)


def statement_rows(dialect: str, execute: Execute) -> Rows:
    """`Rows` over `execute` on a `dialect` ("sqlite" or "postgresql") database."""
    from docfiler.queries.reminder_sql import STATEMENTS

    def rows(name: str, **params: Any) -> list[tuple[Any, ...]]:
        entry = STATEMENTS[name]
        missing = set(entry["params"]) - params.keys()
        if missing:
            raise TypeError(f"{name} needs {sorted(missing)}")
        values = {**entry["fixed"], **params}
        if dialect == "sqlite":  # dates are stored as text: compare text with text
            values = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}
        found = execute(entry[dialect], values)
        dates, flags = entry["dates"], entry["bools"]
        if dialect != "sqlite" or not (dates or flags):
            return [tuple(row) for row in found]
        result = []
        for row in found:
            row = list(row)
            for i in dates:
                if isinstance(row[i], str):
                    row[i] = dt.date.fromisoformat(row[i])
            for i in flags:
                if row[i] is not None:
                    row[i] = bool(row[i])
            result.append(tuple(row))
        return result

    return rows


def reminders(
    *, office: Office, today: dt.date | None = None, days: int | None = None
) -> list[Reminder]:
    """Everything due within `days` of `today` or already overdue, most urgent first."""
    today = today or office.today()
    with office_rows(office) as rows:
        return collect(rows, office.rulebook, today, days)


@contextmanager
def office_rows(office: Office) -> Iterator[Rows]:
    """`Rows` on the office's connection, in one read transaction."""
    with office.reading() as session:
        connection = session.connection()

        def execute(sql: str, params: dict[str, Any]) -> Sequence[Sequence[Any]]:
            return connection.exec_driver_sql(sql, params).all()

        yield statement_rows(connection.dialect.name, execute)


def collect(rows: Rows, rules: Rulebook, today: dt.date, days: int | None = None) -> list[Reminder]:
    """What `reminders` finds, read through `rows` (the office's connection, or a direct one)."""
    horizon = today + dt.timedelta(days=rules.reminder_horizon_days if days is None else days)
    last = rows("last_cleanup")
    window = Window(rows, rules, today, horizon, tuple(last[0]) if last else None)
    found = [item for collect in COLLECTORS for item in collect(window)]
    rank = {kind: index for index, kind in enumerate(REMINDER_KINDS)}
    found.sort(key=lambda r: (r.days_left, rank[r.kind], r.doc_number or "", r.party or ""))
    return found


def pending_filings(window: Window) -> Iterator[Reminder]:
    """Filings not yet submitted, due by the horizon (provisional dates counted again)."""
    latest_stored = window.horizon + dt.timedelta(days=deadlines.PROVISIONAL_SHIFT_DAYS)
    found = window.rows("pending_filings", latest=latest_stored, today=window.today)
    for body, due_on, provisional, number, title, published in found:
        due = deadlines.current_filing_due(
            window.rules,
            stored=due_on,
            provisional=provisional,
            published_on=published,
            body=body,
        )
        if due.date <= window.horizon:
            yield window.reminder(
                "filing",
                due.date,
                doc_number=number,
                title=title,
                party=body,
                provisional=due.provisional,
                detail=f"向{body}报送备案",
                hint=due.hint,
                likely=due.likely,
            )


def returned_filings(window: Window) -> Iterator[Reminder]:
    """Filings sent back: 暂缓办理备案登记 (补正, file again within the refiling period) or
    审查意见 (纠正, report within the report period), 法规规章备案审查条例 (国务院令第789号)."""
    returned = window.rows("returned_filings")
    if not returned:
        return
    documents = {
        doc_id: (number, title)
        for doc_id, number, title in window.rows("returned_documents", today=window.today)
    }
    for doc_id, body, result, result_on in returned:
        if doc_id not in documents:  # ended: nothing left to file
            continue
        number, title = documents[doc_id]
        answered = result_on or window.today
        due = deadlines.resubmission_due(window.rules, result, answered)
        todo = "补正后重新报送备案" if result == "暂缓办理备案登记" else "纠正并报告处理情况"
        if due.date <= window.horizon:
            yield window.reminder(
                "filing",
                due.date,
                doc_number=number,
                title=title,
                party=body,
                provisional=due.provisional,
                detail=f"{body}{result}（{answered.isoformat()}），须{todo}",
                hint=due.hint,
            )


def publication(window: Window) -> Iterator[Reminder]:
    """Signed documents not yet published: publish within 20 working days of signing
    (政府信息公开条例 art. 26; the rulebook's [publication] working_days)."""
    days = window.rules.publication_working_days
    # N working days span at least N calendar days: later signings cannot be due yet.
    signed_by = window.horizon - dt.timedelta(days=days)
    for number, title, signed in window.rows("publication", signed_by=signed_by):
        due = deadlines.publication_due(window.rules, signed)
        if due.date <= window.horizon:
            yield window.reminder(
                "publication",
                due.date,
                doc_number=number,
                title=title,
                party=None,
                provisional=due.provisional,
                detail=f"{signed.isoformat()} 签发，应在 {days} 个工作日内公布（政府信息公开条例第二十六条）",
                hint=due.hint,
            )


def open_reviews(window: Window) -> Iterator[Reminder]:
    """Legality reviews still open, due within the maximum number of working days."""
    limit = window.rules.review_max_working_days
    # N working days span at least N calendar days: older submissions are the only candidates.
    submitted_by = window.horizon - dt.timedelta(days=limit)
    for reviewer, submitted, number, title in window.rows(
        "open_reviews", submitted_by=submitted_by
    ):
        due = deadlines.review_due(window.rules, submitted)
        if due.date <= window.horizon:
            yield window.reminder(
                "review",
                due.date,
                doc_number=number,
                title=title,
                party=reviewer,
                provisional=due.provisional,
                detail=f"合法性审核最长 {limit} 个工作日（{submitted.isoformat()} 报送）",
                hint=due.hint,
            )


def validity(window: Window) -> Iterator[Reminder]:
    """Validity ending within the evaluation window, or ended since the last cleanup took stock.

    A document drops out once an evaluation is recorded (re-publish or let it lapse), or when it
    was repealed or declared invalid before its validity ran out.
    """
    today = window.today
    # Evaluations due by the horizon: validity ending up to N months after it.
    window_end = add_months(window.horizon, window.rules.evaluate_months_before)
    since = deadlines.lapses_reviewed_since(
        window.rules, today, window.last_cleanup[1] if window.last_cleanup else None
    )
    found = window.rows("validity", today=today, window_end=window_end, since=since)
    for number, title, valid_until in found:
        due = deadlines.evaluation_due(window.rules, valid_until)
        if due > window.horizon:
            continue
        ends = f"{valid_until.year}年{valid_until.month}月{valid_until.day}日"
        yield window.reminder(
            "validity",
            due,
            doc_number=number,
            title=title,
            party=None,
            detail=f"有效期已于{ends}届满，文件已失效，请在目录中调整或重新制发"
            if valid_until < today
            else f"有效期至{ends}，届满前须评估：重新制发或任其失效",
        )


def countersign_replies(window: Window) -> Iterator[Reminder]:
    """Countersign requests not yet answered."""
    found = window.rows("countersign_replies", horizon=window.horizon)
    for reference, title, from_body, reply_due in found:
        yield window.reminder(
            "countersign",
            reply_due,
            doc_number=reference,
            title=title,
            party=from_body,
            detail=f"答复{from_body}会签意见",
        )


def _next_cleanup(window: Window) -> dt.date:
    if window.last_cleanup is None:
        return window.today
    return deadlines.next_cleanup_due(window.rules, window.last_cleanup[0])


def cleanup_due(window: Window) -> Iterator[Reminder]:
    """The periodic cleanup itself: due an interval after the last one (now, if none); none
    while a campaign is running (the clerk is doing it: the 定期清理 screen shows how far)."""
    if window.rows("running_cleanup"):
        return
    if window.last_cleanup is None:
        yield window.reminder(
            "cleanup",
            window.today,
            doc_number=None,
            title="尚无定期清理记录",
            party=None,
            detail="请开展行政规范性文件定期清理",
        )
        return
    due = _next_cleanup(window)
    if due <= window.horizon:
        years = window.rules.cleanup_interval_years
        yield window.reminder(
            "cleanup",
            due,
            doc_number=None,
            title="行政规范性文件定期清理",
            party=None,
            detail=f"上次清理完成于 {window.last_cleanup[0].isoformat()}，每 {years} 年清理一次",
        )


def flagged_for_cleanup(window: Window) -> Iterator[Reminder]:
    """Documents whose legal basis was amended or repealed: 需清理 at the next cleanup
    (docfiler.queries.campaigns.flagged_documents; in force today, so not ended either)."""
    if not window.rows("changed_laws"):
        return
    found = window.rows("flagged_for_cleanup", today=window.today)
    if not found:
        return
    flags = basis_flags(found)
    due = _next_cleanup(window)
    named = {row[0]: (row[1], row[2]) for row in found}
    for doc_id, text in flags.items():
        number, title = named[doc_id]
        yield window.reminder(
            "cleanup",
            due,
            doc_number=number,
            title=title,
            party=None,
            detail=f"需清理：{text}",
        )


# ------------------------------------------------------- the office as filing body (备案审查)


def incoming_supplements(window: Window) -> Iterator[Reminder]:
    """暂缓办理备案登记: the unit's 补正 awaited by the date it was given."""
    found = window.rows("incoming_supplements", horizon=window.horizon)
    for number, title, unit, supplement_due, deferred_on, reason in found:
        yield window.reminder(
            "incoming_supplement",
            supplement_due,
            doc_number=number,
            title=title,
            party=unit,
            detail=f"暂缓办理备案登记（{deferred_on.isoformat()}），待{unit}补正："
            + (reason or ""),
        )


def incoming_reviews(window: Window) -> Iterator[Reminder]:
    """备案审查 not finished, due within the rulebook's period of its start."""
    days = window.rules.inbox_review_days
    started_by = window.horizon - dt.timedelta(days=days)
    for number, title, unit, started in window.rows("incoming_reviews", started_by=started_by):
        due = deadlines.inbox_review_due(window.rules, started)
        if due.date <= window.horizon:
            yield window.reminder(
                "incoming_review",
                due.date,
                doc_number=number,
                title=title,
                party=unit,
                provisional=due.provisional,
                detail=f"备案审查自 {started.isoformat()} 起 {days} 日内完成",
                hint=due.hint,
                likely=due.likely,
            )


def followups(window: Window) -> Iterator[Reminder]:
    """审查意见 not closed: the unit's 处理情况 due within the report period; once reported,
    the office closes it (linked correction, repeal or escalation)."""
    days = window.rules.correction_report_days
    opinion_by = window.horizon - dt.timedelta(days=days)
    found = window.rows("followups", opinion_by=opinion_by)
    for number, title, unit, opinion_on, reported_on, opinion in found:
        due = deadlines.followup_due(window.rules, opinion_on)
        if due.date > window.horizon:
            continue
        todo = (
            f"已收到处理情况（{reported_on.isoformat()}），请核实后办结"
            if reported_on
            else f"待{unit}报告处理情况"
        )
        yield window.reminder(
            "followup",
            due.date,
            doc_number=number,
            title=title,
            party=unit,
            provisional=due.provisional,
            detail=f"{opinion}（{opinion_on.isoformat()}）{todo}",
            hint=due.hint,
            likely=due.likely,
        )


def open_suggestions(window: Window) -> Iterator[Reminder]:
    """审查建议 not yet answered in writing."""
    days = window.rules.suggestion_reply_days
    received_by = window.horizon - dt.timedelta(days=days)
    found = window.rows("open_suggestions", received_by=received_by)
    for record_id, number, doc_title, proposer, received in found:
        due = deadlines.suggestion_reply_due(window.rules, received)
        if due.date <= window.horizon:
            yield window.reminder(
                "suggestion",
                due.date,
                doc_number=number,
                title=doc_title or "审查建议",
                party=proposer,
                provisional=due.provisional,
                detail=f"答复{proposer}的审查建议（{received.isoformat()} 收到）",
                hint=due.hint,
                likely=due.likely,
                record_id=record_id,
            )


COLLECTORS: tuple[Callable[[Window], Iterator[Reminder]], ...] = (
    pending_filings,
    returned_filings,
    publication,
    open_reviews,
    validity,
    countersign_replies,
    cleanup_due,
    flagged_for_cleanup,
    incoming_supplements,
    incoming_reviews,
    followups,
    open_suggestions,
)
