"""`docfiler check`: is the register sound? The database's own check (store.integrity), then the
register's own rules — what every write guarantees, checked over the stored rows:

- every published document has one filing per filing body of its authority, and no draft has any;
- a document repealed or replaced by another carries that repeal date (or an earlier one);
- no end of force without or before publication, no effect before publication;
- no collective decision without a review that cleared the document first, no publication before
  the decision, no review still open after publication, no review dates out of order;
- every document has an audit entry (its own, or the bulk import that brought it in);
- at most one open cleanup campaign; no undecided document in a finished one.

Each problem comes back with what it means and what to do (in Chinese), a count and the first
few examples. Every rule is one SELECT, so the check stays quick at 300,000 documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import aliased

from docfiler.domain.labels import date_label
from docfiler.domain.vocabulary import ENDING_RELATIONS, RELATION_KINDS, REVIEW_OUTCOMES
from docfiler.office import Office
from docfiler.store.engine import HEAD_REVISION, current_revision
from docfiler.store.integrity import StorageCheck, check_storage
from docfiler.store.tables import (
    AuditEntry,
    AuthorityFilingBody,
    CleanupCampaign,
    CleanupItem,
    CollectiveDecision,
    Document,
    DocumentRelation,
    Filing,
    LegalityReview,
)

EXAMPLES = 10
LAWFUL, TO_REVISE = REVIEW_OUTCOMES[0], REVIEW_OUTCOMES[1]  # 合法, 应当予以修改


@dataclass(frozen=True)
class Problem:
    """One kind of problem found, with what it means and what to do."""

    code: str
    title: str
    meaning: str
    action: str
    count: int
    examples: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "examples": list(self.examples)}


@dataclass(frozen=True)
class IntegrityReport:
    storage: StorageCheck
    problems: tuple[Problem, ...]
    rules_checked: int
    """How many of the register's rules ran (0 when they could not)."""
    skipped: str | None = None
    """Why the register's rules did not run, in Chinese."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "storage": {
                "method": self.storage.method,
                "ran": self.storage.ran,
                "ok": self.storage.ok,
                "note": self.storage.note,
            },
            "rules_checked": self.rules_checked,
            "skipped": self.skipped,
            "problems": [problem.as_json() for problem in self.problems],
        }


def check_register(office: Office, *, examples: int = EXAMPLES) -> IntegrityReport:
    """The full check: the database's own, then (if the file is sound) every rule."""
    storage = check_storage(office.engine)
    problems = list(_storage_problems(office, storage))
    if storage.messages:
        skipped = (
            "数据库本身已损坏，登记簿规则未检查（损坏的数据库查询结果不可信）。修复后请再检查一次。"
        )
        return IntegrityReport(storage, tuple(problems), 0, skipped)
    try:
        revision = current_revision(office.engine)
    except DBAPIError:
        revision = None
    if revision != HEAD_REVISION:
        skipped = (
            f"数据库结构版本为 {revision or '空'}，本程序需要 {HEAD_REVISION}，登记簿规则未检查。"
            "请先运行任一普通命令（如 docfiler list）完成升级，再运行 docfiler check。"
        )
        return IntegrityReport(storage, tuple(problems), 0, skipped)
    with office.reading() as session:
        for rule in RULES:
            found = _run(session, rule, examples)
            if found is not None:
                problems.append(found)
    return IntegrityReport(storage, tuple(problems), len(RULES))


def quick_check(office: Office) -> str | None:
    """The check the terminal UI runs at start (SQLite's quick form): a warning, or None."""
    storage = check_storage(office.engine, quick=True)
    if storage.ok:
        return None
    return (
        "数据库完整性快速检查未通过，数据库文件可能已损坏"
        f"（{storage.messages[0][:120]}）。请不要继续录入：退出后运行 docfiler check 查看详情，"
        "并联系维护人员用最近的备份恢复。"
    )


# ───────────────────────────── the database's own check ─────────────────────────────


def _storage_problems(office: Office, storage: StorageCheck):
    if storage.messages and office.engine.dialect.name == "postgresql":
        yield Problem(
            "index_damaged",
            "数据库索引损坏",
            "PostgreSQL 的 amcheck 发现索引与数据不一致：按文号等查找时可能查不到或查错文件。",
            "请数据库管理员对列出的索引执行 REINDEX INDEX 索引名;（或 REINDEX DATABASE 库名;），"
            "并检查服务器的磁盘和日志；完成后再运行 docfiler check。",
            len(storage.messages),
            storage.messages,
        )
    elif storage.messages:
        yield Problem(
            "database_damaged",
            "数据库文件已损坏",
            "SQLite 自检发现数据页或索引损坏：查询可能漏列或错列文件，继续写入可能使损坏扩大、数据丢失。",
            "请立即停止使用登记簿，关闭所有打开它的 docfiler；先把损坏的文件复制一份留存，"
            "再用最近的备份替换它；没有备份时，请维护人员用 sqlite3 的 .recover 命令导出可读的数据后重建。"
            "修复后再运行 docfiler check。",
            len(storage.messages),
            storage.messages,
        )
    if storage.foreign_keys:
        yield Problem(
            "dangling_reference",
            "有记录引用了不存在的记录",
            "这些记录指向已不存在的文件、机关或清理活动，相关页面和报告可能出错或漏列。",
            "请维护人员核对列出的表和行号，补回缺失的记录或删除孤立的记录。",
            len(storage.foreign_keys),
            storage.foreign_keys,
        )


# ───────────────────────────── the register's rules ─────────────────────────────


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    meaning: str
    action: str
    query: Callable[[], Any]
    """The offending rows (a SELECT), in a stable order."""
    example: Callable[[Any], str]
    """One offending row, as the clerk reads it."""


def _run(session, rule: Rule, examples: int) -> Problem | None:
    statement = rule.query()
    try:
        rows = session.execute(statement.limit(examples)).all()
        if not rows:
            return None
        count = session.execute(
            select(func.count()).select_from(statement.order_by(None).subquery())
        ).scalar_one()
    except DBAPIError as exc:
        session.rollback()
        reason = " ".join(str(exc.orig).split())
        return Problem(
            rule.code,
            f"无法检查：{rule.title}",
            "读取数据库时出错，这一项没有检查完。",
            "请先处理上面列出的数据库问题，再运行 docfiler check。",
            1,
            (reason,),
        )
    return Problem(
        rule.code,
        rule.title,
        rule.meaning,
        rule.action,
        count,
        tuple(rule.example(row) for row in rows),
    )


def _day(value: dt.date | None) -> str:
    return date_label(value) if value else "未登记"


def _missing_filings():
    has_filing = exists().where(
        Filing.document_id == Document.id, Filing.body == AuthorityFilingBody.body
    )
    return (
        select(Document.doc_number, AuthorityFilingBody.body)
        .join(AuthorityFilingBody, AuthorityFilingBody.authority_id == Document.authority_id)
        .where(Document.published_on.is_not(None), ~has_filing)
        .order_by(Document.id, AuthorityFilingBody.body)
    )


def _draft_filings():
    return (
        select(Document.doc_number, Filing.body)
        .join(Filing, Filing.document_id == Document.id)
        .where(Document.published_on.is_(None))
        .order_by(Document.id, Filing.body)
    )


def _unapplied_repeals():
    source, target = aliased(Document), aliased(Document)
    relation = DocumentRelation
    return (
        select(
            source.doc_number,
            relation.kind,
            relation.on_date,
            target.doc_number,
            target.repealed_on,
        )
        .join(source, source.id == relation.source_id)
        .join(target, target.id == relation.target_id)
        .where(
            relation.kind.in_(ENDING_RELATIONS),
            or_(
                target.repealed_on.is_(None),
                and_(relation.on_date.is_not(None), target.repealed_on > relation.on_date),
            ),
        )
        .order_by(relation.id)
    )


def _unapplied_example(row) -> str:
    source, kind, on, target, repealed = row
    found = f"其废止日期为{_day(repealed)}" if repealed else "但它没有登记废止日期"
    return f"{source} {RELATION_KINDS[kind]} {target}（{_day(on)}），{found}"


def _ended_unpublished():
    ended = or_(Document.repealed_on.is_not(None), Document.declared_invalid_on.is_not(None))
    early = or_(
        Document.published_on.is_(None),
        Document.repealed_on < Document.published_on,
        Document.declared_invalid_on < Document.published_on,
    )
    return (
        select(
            Document.doc_number,
            Document.published_on,
            Document.repealed_on,
            Document.declared_invalid_on,
        )
        .where(ended, early)
        .order_by(Document.id)
    )


def _ended_example(row) -> str:
    number, published, repealed, invalid = row
    ends = [f"废止{_day(repealed)}"] if repealed else []
    ends += [f"宣布失效{_day(invalid)}"] if invalid else []
    return f"{number}：公布{_day(published)}，" + "，".join(ends)


def _effective_before_publication():
    return (
        select(Document.doc_number, Document.published_on, Document.effective_on)
        .where(Document.effective_on < Document.published_on)
        .order_by(Document.id)
    )


def _uncleared_decisions():
    review = LegalityReview
    cleared_before = exists().where(
        review.document_id == CollectiveDecision.document_id,
        or_(
            and_(review.outcome == LAWFUL, review.finished_on <= CollectiveDecision.decided_on),
            and_(
                review.outcome == TO_REVISE,
                review.finished_on.is_not(None),
                review.revised_on <= CollectiveDecision.decided_on,
            ),
        ),
    )
    return (
        select(Document.doc_number, CollectiveDecision.meeting, CollectiveDecision.decided_on)
        .join(Document, Document.id == CollectiveDecision.document_id)
        .where(~cleared_before)
        .order_by(CollectiveDecision.id)
    )


def _published_before_decision():
    return (
        select(Document.doc_number, Document.published_on, CollectiveDecision.decided_on)
        .join(CollectiveDecision, CollectiveDecision.document_id == Document.id)
        .where(Document.published_on < CollectiveDecision.decided_on)
        .order_by(Document.id, CollectiveDecision.id)
    )


def _open_reviews_after_publication():
    return (
        select(Document.doc_number, Document.published_on, LegalityReview.submitted_on)
        .join(LegalityReview, LegalityReview.document_id == Document.id)
        .where(Document.published_on.is_not(None), LegalityReview.finished_on.is_(None))
        .order_by(Document.id, LegalityReview.id)
    )


def _review_dates_out_of_order():
    review = LegalityReview
    return (
        select(Document.doc_number, review.submitted_on, review.finished_on, review.revised_on)
        .join(Document, Document.id == review.document_id)
        .where(
            or_(review.finished_on < review.submitted_on, review.revised_on < review.finished_on)
        )
        .order_by(review.id)
    )


def _unaudited_documents():
    own = exists().where(AuditEntry.document_id == Document.id)
    imported = exists().where(
        AuditEntry.action == "bulk_import", AuditEntry.at >= Document.created_at
    )
    return (
        select(Document.doc_number, Document.created_at)
        .where(~own, ~imported)
        .order_by(Document.id)
    )


def _open_campaigns():
    open_now = CleanupCampaign.finished_on.is_(None)
    how_many = select(func.count()).where(open_now).scalar_subquery()
    return (
        select(CleanupCampaign.name, CleanupCampaign.started_on)
        .where(open_now, how_many > 1)
        .order_by(CleanupCampaign.id)
    )


def _undecided_in_finished():
    return (
        select(CleanupCampaign.name, Document.doc_number)
        .join(CleanupItem, CleanupItem.campaign_id == CleanupCampaign.id)
        .join(Document, Document.id == CleanupItem.document_id)
        .where(CleanupCampaign.finished_on.is_not(None), CleanupItem.decision.is_(None))
        .order_by(CleanupCampaign.id, Document.id)
    )


FIX_DATES = "请对照原始文件核对日期；登记有误的，请联系维护人员更正。"

RULES: tuple[Rule, ...] = (
    Rule(
        "missing_filing",
        "已公布的文件缺少备案记录",
        "公布时应为制定机关的每个备案机关各建一项备案；缺少的备案不会出现在提醒和备案报告中，可能漏报。",
        "核实这些文件是否已向该机关报送备案。若该备案机关是文件公布之后才加给制定机关的，可以不处理；"
        "否则请联系维护人员补建备案记录。",
        _missing_filings,
        lambda row: f"{row[0]}：没有报送{row[1]}的备案记录",
    ),
    Rule(
        "filing_of_draft",
        "未公布的文件有备案记录",
        "备案在公布后才产生；登记簿把这份文件当作草案，备案提醒和报告却会列出它。",
        "核对文件是否已公布：已公布的，请联系维护人员补登公布日期；未公布的，请删除这些备案记录。",
        _draft_filings,
        lambda row: f"{row[0]}：未公布，却有报送{row[1]}的备案记录",
    ),
    Rule(
        "repeal_not_applied",
        "废止或替代关系与文件的废止日期不一致",
        "登记了某文件被另一文件废止（替代），它却没有相应的废止日期（或晚于该关系的日期），"
        "因而仍被当作现行有效，列入现行目录和清理。",
        "用 docfiler repeal 文号 --date 日期 --reason 理由 登记废止；关系登记错误的，请联系维护人员删除。",
        _unapplied_repeals,
        _unapplied_example,
    ),
    Rule(
        "ended_before_publication",
        "文件未公布或公布前就已废止、失效",
        "状态按日期推算：这样的文件在某些日期会被算作草案或现行有效，与实际不符。",
        FIX_DATES,
        _ended_unpublished,
        _ended_example,
    ),
    Rule(
        "effective_before_publication",
        "施行日期早于公布日期",
        "文件公布后才能施行；有效期和清理时间从施行日期起算，会因此算错。",
        FIX_DATES,
        _effective_before_publication,
        lambda row: f"{row[0]}：公布{_day(row[1])}，施行{_day(row[2])}",
    ),
    Rule(
        "decision_before_review",
        "集体讨论决定之前没有通过的合法性审核",
        "未经合法性审核或者经审核不合法的文件不得提交集体审议；登记簿中这次决定之前没有审核通过的记录。",
        "核对审核和会议的日期：登记有误的，请联系维护人员更正；确实未经审核就讨论的，"
        "应在审核通过后重新集体讨论。",
        _uncleared_decisions,
        lambda row: f"{row[0]}：{row[1]}（{_day(row[2])}）之前没有审核通过",
    ),
    Rule(
        "published_before_decision",
        "公布日期早于集体讨论决定",
        "文件须经集体讨论决定后才能公布；登记的日期顺序与此不符。",
        FIX_DATES,
        _published_before_decision,
        lambda row: f"{row[0]}：公布{_day(row[1])}，集体讨论决定{_day(row[2])}",
    ),
    Rule(
        "review_open_after_publication",
        "已公布的文件仍有未完成的合法性审核",
        "公布前审核必须已经完成；这条未完成的审核会一直出现在待办提醒中。",
        "核对审核结论和日期，请联系维护人员补登审核结论。",
        _open_reviews_after_publication,
        lambda row: f"{row[0]}：公布{_day(row[1])}，审核{_day(row[2])}报送后未登记结论",
    ),
    Rule(
        "review_dates_out_of_order",
        "合法性审核的日期顺序颠倒",
        "审核完成不能早于报送，按意见修改完毕不能早于审核完成；依这些日期推算的程序顺序不可信。",
        FIX_DATES,
        _review_dates_out_of_order,
        lambda row: f"{row[0]}：报送{_day(row[1])}，完成{_day(row[2])}，修改完毕{_day(row[3])}",
    ),
    Rule(
        "document_without_audit",
        "文件没有任何审计记录",
        "每次写入都应留下审计记录（谁、何时、做了什么）；没有记录的文件多半是绕过 docfiler 直接写入数据库的，"
        "来历无法追溯。",
        "查明这些文件是谁在何时、以什么方式写入的；确认无误的可以保留，否则请删除后用 docfiler add 或导入重新登记。",
        _unaudited_documents,
        lambda row: f"{row[0]}（写入于 {str(row[1])[:19]}）",
    ),
    Rule(
        "open_campaigns",
        "同时有多个未完成的清理活动",
        "同一时间只应有一个清理活动；多个活动会把同一文件列入不同的清理清单，决定可能互相矛盾。",
        "确认哪个活动是有效的，其余的请联系维护人员合并或删除。",
        _open_campaigns,
        lambda row: f"“{row[0]}”（{_day(row[1])}开始）",
    ),
    Rule(
        "undecided_in_finished_campaign",
        "已完成的清理活动中有文件没有清理决定",
        "清理活动只有在每件文件都有决定后才能完成；这些文件的清理结论缺失，清理报告不完整。",
        "用 docfiler cleanup correct 为这些文件登记决定，或请维护人员核对该清理活动。",
        _undecided_in_finished,
        lambda row: f"“{row[0]}”：{row[1]}",
    ),
)
