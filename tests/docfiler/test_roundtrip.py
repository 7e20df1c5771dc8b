"""Export → import into an empty database loses nothing (issue 13, §2), on SQLite and PostgreSQL.

The sample register plus the odd cases (a document repealed with a reason, one amended, a 补正
re-filing, a finished cleanup campaign with a correction, 成文日期, 涉及市场主体, a law that
changed, a validity evaluation, a document imported earlier as 历史导入) is exported with
`docfiler export`, imported with `docfiler import` into a freshly initialised database of the
same kind (the rulebook's two authorities only: the departments come from the 制定机关 sheet),
and every table is compared row by row by natural keys (文号, filing body, campaign name …), as the
values stored, not as the code shows them. The differences expected are listed in
`NOT_COMPARED` and `BOOKKEEPING`; a table in neither is a test failure.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import MetaData, select
from sqlalchemy.orm import aliased

from docfiler import services
from docfiler.domain.dates import local_day
from docfiler.errors import ValidationError
from docfiler.outputs.workbook import export_register
from docfiler.services import cleanup
from docfiler.services.imports import import_rows
from docfiler.store.tables import (
    AgencyCode,
    AuditEntry,
    Authority,
    AuthorityFilingBody,
    CleanupCampaign,
    CleanupCorrection,
    CleanupItem,
    CollectiveDecision,
    Document,
    DocumentRelation,
    FairCompetitionReview,
    Filing,
    FilingSubmission,
    HigherLaw,
    LegalBasis,
    LegalityReview,
    OpinionRecord,
    ValidityEvaluation,
)
from tests.conftest import make_office
from tests.docfiler.test_backup import target_url

D = dt.date
NEW = "盖政办发〔2026〕95号"
OLD_HISTORY = "盖政发〔2015〕88号"
OLD_REPEALED = "盖政发〔2015〕89号"
"""Imported from an office's register as 已废止 on a day, with no reason: restored as it is."""
CAMPAIGN = "2026年盖州市人民政府办公室文件清理"
DEPARTMENTS = ["盖州市民政局", "盖州市财政局", "盖州市自然资源局", "盖州市教育局"]
"""The sample register's departments, as `docfiler authority add` registered them."""

NOT_COMPARED = {
    "auditentry": "审计记录：导入自己写下新的记录（每一步服务各一条、导入一条），时间和操作人是导入时的",
    "documentbody": "正文不在导出的工作簿中（单元格放不下），导入后文件没有正文",
    "officestate": "写入锁和期限计算的依据：本机状态，不属于登记簿",
    "countersign": "会签不在导出的工作簿中",
    "incomingfiling": "收到的备案（本机关作为备案机关）不在导出的工作簿中",
    "incomingreview": "同上",
    "followup": "同上",
    "reviewsuggestion": "同上",
    "alembic_version": "数据库结构版本",
}
"""Tables the round trip does not carry, and why."""
BOOKKEEPING = "id、created_at、updated_at、version：每个库自己编号、自己记时"
"""Columns left out of every comparison (ids are replaced by the natural keys they point to)."""
BOOKKEEPING_COLUMNS = ("id", "created_at", "updated_at", "version")
DECIDED_AT = "cleanupitem.decided_at：工作簿只有决定日期，恢复为当天 0 时（本机时区）；比较日期"


def _build_odd_cases(office) -> None:
    """What the sample register lacks, each through the services a clerk uses."""
    _new_document_refiled(office)
    services.repeal_document(
        office=office, number="盖政办发〔2016〕51号", on=D(2026, 11, 2), reason="与现行政策不一致"
    )
    services.mark_higher_law(
        office=office,
        title="城市绿化条例",
        number="国务院令第100号",
        status="已修改",
        on=D(2017, 3, 1),
        note="国务院令第676号修改",
    )
    services.record_evaluation(
        office=office,
        number="盖政发〔2018〕24号",
        on=D(2023, 3, 1),
        outcome="lapse",
        note="不再制发",
    )
    import_rows(
        office=office,
        records=[
            {
                "row": 7,
                "number": OLD_HISTORY,
                "title": "盖州市历史档案查阅办法",
                "published": "2015.6.1",
                "filed": {"text": "已报市政府备案", "submitted": "2015-06-10", "receipt": None},
            },
            {
                "row": 8,
                "number": OLD_REPEALED,
                "title": "盖州市历史档案复制收费办法",
                "published": "2015.7.1",
                "status": "repealed",
                "ended": "2019年5月1日",
            },
        ],
        historical=True,
        source="《旧登记簿.xlsx》",
    )
    _campaign(office)


def _new_document_refiled(office) -> None:
    """成文日期, 涉及市场主体, signed; sent back by 营口 (暂缓办理备案登记) and filed again."""
    services.register_document(
        office=office, number=NEW, title="盖州市农贸市场管理办法", written_on=D(2026, 11, 5)
    )
    services.record_opinions(office=office, number=NEW, on=D(2026, 10, 9), method="座谈会")
    services.submit_review(office=office, number=NEW, submitted=D(2026, 10, 12))
    services.finish_review(
        office=office,
        number=NEW,
        finished=D(2026, 10, 19),
        outcome="应当予以修改",
        opinion="第五条",
    )
    services.record_revision(office=office, number=NEW, on=D(2026, 10, 21))
    services.record_fair_competition(
        office=office, number=NEW, on=D(2026, 10, 22), conclusion="未发现排除、限制竞争的内容"
    )
    services.record_decision(
        office=office,
        number=NEW,
        meeting="市政府第30次常务会议",
        on=D(2026, 11, 5),
        minutes="〔2026〕30号",
    )
    services.record_signing(office=office, number=NEW, on=D(2026, 11, 6), signed_by="李四")
    services.publish(
        office=office, number=NEW, on=D(2026, 11, 10), channel="盖州市人民政府门户网站"
    )
    yingkou, npc = "营口市人民政府", "盖州市人大常委会"
    services.submit_filing(office=office, number=NEW, body=yingkou, submitted=D(2026, 11, 12))
    services.record_filing_result(
        office=office, number=NEW, body=yingkou, result="暂缓办理备案登记", on=D(2026, 11, 16)
    )
    services.submit_filing(
        office=office,
        number=NEW,
        body=yingkou,
        submitted=D(2026, 11, 20),
        receipt="营备〔2026〕7号",
    )
    services.record_filing_result(
        office=office, number=NEW, body=yingkou, result="予以备案登记", on=D(2026, 11, 24)
    )
    services.submit_filing(office=office, number=NEW, body=npc, submitted=D(2026, 11, 13))
    services.record_filing_result(
        office=office, number=NEW, body=npc, result="未发现问题", on=D(2026, 11, 25)
    )
    services.add_relation(
        office=office, source=NEW, target="盖政办发〔2016〕14号", kind="amends", note="第三条"
    )


def _campaign(office) -> None:
    """Every document of the 政府办公室 decided, one repealed, one to be amended by a draft;
    finished; one decision corrected afterwards."""
    cleanup.start_campaign(
        office=office,
        name=CAMPAIGN,
        as_of=D(2026, 11, 20),
        basis="辽宁省规章规范性文件定期清理规定",
        authorities=["盖州市人民政府办公室"],
    )
    with office.reading() as session:
        numbers = (
            session.execute(
                select(Document.doc_number)
                .join(CleanupItem, CleanupItem.document_id == Document.id)
                .order_by(Document.doc_number)
            )
            .scalars()
            .all()
        )
    assert "盖政办发〔2016〕67号" in numbers and "盖政办发〔2016〕88号" in numbers
    for number in numbers:
        decision, reason, amended = "继续有效", "符合上位法", None
        if number == "盖政办发〔2016〕67号":
            decision, reason = "废止", "调整对象已消失"
        if number == "盖政办发〔2016〕88号":
            decision, reason, amended = "修改", "与新规定不一致", "盖政办发〔2026〕86号"
        cleanup.decide(
            office=office,
            campaign=CAMPAIGN,
            number=number,
            decision=decision,
            reason=reason,
            amended_by=amended,
        )
    cleanup.finish_campaign(office=office, campaign=CAMPAIGN, on=D(2026, 11, 25))
    cleanup.correct_decision(
        office=office,
        campaign=CAMPAIGN,
        number="盖政办发〔2016〕85号",
        decision="宣布失效",
        reason="已被新政策代替",
        on=D(2026, 11, 26),
    )


# ---------------------------------------------------------------------------- the values


def _stored(engine) -> dict[str, list[tuple]]:
    """Every compared table as sorted tuples of stored values, ids replaced by natural keys."""
    doc, other = Document.__table__, aliased(Document)
    queries = {
        "authority": select(Authority.name, Authority.kind),
        "agencycode": select(AgencyCode.code, Authority.name).join(Authority),
        "authorityfilingbody": select(Authority.name, AuthorityFilingBody.body).join(Authority),
        "document": select(
            *(c for c in doc.columns if c.name not in ("authority_id", *BOOKKEEPING_COLUMNS)),
            Authority.name,
        ).join(Authority, Authority.id == doc.c.authority_id),
        "filing": _by_document(Filing, exclude=("id", "version")),
        "filingsubmission": _by_document(
            FilingSubmission, Filing.body, exclude=("id", "filing_id"), join=Filing
        ),
        "opinionrecord": _by_document(OpinionRecord),
        "legalityreview": _by_document(LegalityReview),
        "collectivedecision": _by_document(CollectiveDecision),
        "faircompetitionreview": _by_document(FairCompetitionReview),
        "legalbasis": _by_document(
            LegalBasis,
            HigherLaw.title,
            HigherLaw.number,
            exclude=("id", "higher_law_id"),
            join=HigherLaw,
        ),
        "higherlaw": select(*(c for c in HigherLaw.__table__.columns if c.name != "id")),
        "validityevaluation": _by_document(
            ValidityEvaluation, other.doc_number, exclude=("id", "replacement_id")
        ).outerjoin(other, other.id == ValidityEvaluation.replacement_id),
        "documentrelation": select(
            Document.doc_number,
            other.doc_number,
            DocumentRelation.kind,
            DocumentRelation.on_date,
            DocumentRelation.note,
        )
        .join(Document, Document.id == DocumentRelation.source_id)
        .join(other, other.id == DocumentRelation.target_id),
        "cleanupcampaign": select(
            *(c for c in CleanupCampaign.__table__.columns if c.name not in ("id", "version"))
        ),
        "cleanupitem": _cleanup_items(),
        "cleanupcorrection": select(
            CleanupCampaign.name,
            Document.doc_number,
            *(
                c
                for c in CleanupCorrection.__table__.columns
                if c.name not in ("id", "campaign_id", "document_id")
            ),
        )
        .join(CleanupCampaign)
        .join(Document),
    }
    found = {}
    with engine.connect() as connection:
        for table, query in queries.items():
            rows = [_plain_row(row) for row in connection.execute(query)]
            found[table] = sorted(rows, key=repr)
    return found


def _by_document(model, *extra, exclude=("id",), join=None):
    """The rows of `model` with the 文号 of their document instead of its id."""
    table = model.__table__
    columns = [c for c in table.columns if c.name not in (*exclude, "document_id")]
    query = select(Document.doc_number, *columns, *extra).join(
        Document, Document.id == table.c.document_id
    )
    if join is not None:
        key = {"Filing": table.c.get("filing_id"), "HigherLaw": table.c.get("higher_law_id")}
        query = query.outerjoin(join, join.id == key[join.__name__])
    return query


def _cleanup_items():
    item, amended = CleanupItem.__table__, aliased(Document)
    columns = [
        c
        for c in item.columns
        if c.name not in ("id", "campaign_id", "document_id", "amended_by_id", "version")
    ]
    return (
        select(CleanupCampaign.name, Document.doc_number, amended.doc_number, *columns)
        .select_from(item)
        .join(CleanupCampaign, CleanupCampaign.id == item.c.campaign_id)
        .join(Document, Document.id == item.c.document_id)
        .outerjoin(amended, amended.id == item.c.amended_by_id)
    )


def _plain_row(row) -> tuple:
    """A row's values as compared: a time as its local day (decided_at, see DECIDED_AT)."""
    return tuple(local_day(v) if isinstance(v, dt.datetime) else v for v in row)


def _all_tables(engine) -> set[str]:
    metadata = MetaData()
    metadata.reflect(bind=engine)
    return set(metadata.tables)


# ---------------------------------------------------------------------------- the test


def test_export_then_import_into_an_empty_database_loses_nothing(sample_office, tmp_path):
    source = sample_office
    _build_odd_cases(source)
    workbook = tmp_path / "登记簿.xlsx"
    export_register(office=source, output=workbook)
    before = _stored(source.engine)
    kind = source.engine.dialect.name
    with target_url(kind, tmp_path) as url:
        target = make_office(url)  # `docfiler init`: no departments
        try:
            plan = services.plan_import(office=target, path=workbook)
            assert plan.restore is not None and plan.bad == ()
            assert plan.restore.authorities == DEPARTMENTS
            assert plan.restore.lines()[1] == f"将新增制定机关 4 个：{'、'.join(DEPARTMENTS)}。"
            assert plan.restore.differing == []
            assert plan.restore.counts == {
                "制定机关": 4,
                # 44 + NEW + OLD_HISTORY + OLD_REPEALED; 59 submissions + NEW's 营口 twice and 人大 once + OLD_HISTORY's
                # one; 122 steps + NEW's four + one evaluation; 5 relations + NEW amends 14号
                **{"文件": 47, "备案": 63, "程序": 127, "关系": 6, "制定依据": 23},
                # the sample's two finished campaigns without documents + CAMPAIGN: the 政府办公室's
                # nine documents in force on 2026-11-20 and NEW
                **{"清理活动": 3, "清理决定": 10},
            }
            done = services.run_import(office=target, plan=plan)
            assert done.restored == plan.restore.counts
            after = _stored(target.engine)
            covered = set(after) | set(NOT_COMPARED)
            assert covered == _all_tables(target.engine)
            for table, rows in before.items():
                assert after[table] == rows, table
        finally:
            target.close()


def test_the_odd_cases_are_in_the_register_compared(sample_office):
    """The comparison above is only as good as what it compares: the odd cases are there."""
    _build_odd_cases(sample_office)
    stored = _stored(sample_office.engine)
    by_number = {row[0]: row for row in stored["document"]}
    assert NEW in by_number and OLD_HISTORY in by_number
    repealed = by_number[OLD_REPEALED]
    names = [c.name for c in Document.__table__.columns if c.name not in BOOKKEEPING_COLUMNS]
    names.remove("authority_id")
    ended = dict(zip(names, repealed, strict=False))
    assert (ended["repealed_on"], ended["repeal_reason"]) == (D(2019, 5, 1), None)
    refiled = [row for row in stored["filingsubmission"] if row[0] == NEW]
    assert len(refiled) == 3  # 营口 twice (补正), 人大 once
    assert [row[:2] for row in stored["cleanupcorrection"]] == [(CAMPAIGN, "盖政办发〔2016〕85号")]
    assert any(row[-1] == "国务院令第676号修改" for row in stored["higherlaw"])
    assert stored["validityevaluation"]
    repealed = [
        row
        for row in stored["documentrelation"]
        if row[:3] == (NEW, "盖政办发〔2016〕14号", "amends")
    ]
    assert repealed


def _older_export(office, folder: Path) -> Path:
    """An export as docfiler wrote it before the 制定机关 sheet: today's, that sheet deleted."""
    workbook = folder / "登记簿.xlsx"
    export_register(office=office, output=workbook)
    book = openpyxl.load_workbook(workbook)
    del book["制定机关"]
    book.save(workbook)
    return workbook


def test_what_cannot_be_restored_is_listed_and_nothing_is_written(sample_office, tmp_path):
    """An older export (no 制定机关 sheet) into an empty database whose departments were never
    registered: the preview lists each of their documents with the reason, and what depends on
    them; the import is refused and writes nothing, unless the clerk skips them (then the audit
    entry lists them)."""
    workbook = _older_export(sample_office, tmp_path)
    with target_url(sample_office.engine.dialect.name, tmp_path) as url:
        target = make_office(url)
        try:
            plan = services.plan_import(office=target, path=workbook)
            assert plan.restore is not None and plan.restore.authorities == []
            assert (
                "此工作簿没有“制定机关”表（较早版本导出），制定机关须已登记"
                in (plan.restore.lines()[1])
            )
            lines = [problem.line() for problem in plan.bad]
            assert lines[0] == (
                "“文件”表第 18 行：没有名为“盖州市民政局”的制定机关。已登记的有：盖州市人民政府、"
                "盖州市人民政府办公室。新的机关请先用 `docfiler authority add` 添加。"
            )
            assert (
                "“备案”表第 32 行：文件 盖民发〔2019〕21号 未能恢复（见“文件”表第 18 行）" in lines
            )
            assert plan.restore.counts["文件"] == 33  # 44 less the 11 of the four departments
            with pytest.raises(
                ValidationError, match=r"工作簿中有 \d+ 处无法恢复（未写入任何数据）"
            ):
                services.run_import(office=target, plan=plan)
            with target.reading() as session:
                assert session.execute(select(Document.id)).first() is None
            done = services.run_import(office=target, plan=plan, skip_bad=True)
            assert done.added == 33 and done.bad_skipped == len(plan.bad)
            with target.reading() as session:
                entry = session.execute(
                    select(AuditEntry).where(AuditEntry.action == "workbook_import")
                ).scalar_one()
            assert f"跳过无法恢复的 {len(plan.bad)} 处" in entry.summary
        finally:
            target.close()


def _authorities(office) -> dict[str, tuple]:
    """Each authority's kind, codes and filing bodies as stored."""
    stored = _stored(office.engine)
    return {
        name: (
            kind,
            sorted(code for code, owner in stored["agencycode"] if owner == name),
            sorted(body for owner, body in stored["authorityfilingbody"] if owner == name),
        )
        for name, kind in stored["authority"]
    }


def test_an_authority_registered_otherwise_is_kept_and_the_difference_listed(
    sample_office, tmp_path
):
    """盖州市民政局 is in the target already, as a township with a second code: the database's
    stays as it is, the preview says how the workbook differs, and its documents are restored
    under it; the other three departments are added."""
    workbook = tmp_path / "登记簿.xlsx"
    export_register(office=sample_office, output=workbook)
    with target_url(sample_office.engine.dialect.name, tmp_path) as url:
        target = make_office(url)
        try:
            services.add_authority(
                office=target, name="盖州市民政局", codes=["盖民发", "盖民函"], kind="township"
            )
            before = _authorities(target)["盖州市民政局"]
            assert before == ("township", ["盖民函", "盖民发"], ["盖州市人民政府"])
            plan = services.plan_import(office=target, path=workbook)
            assert plan.bad == ()
            assert plan.restore.authorities == DEPARTMENTS[1:]
            assert [item.line() for item in plan.restore.differing] == [
                "“制定机关”表第 4 行：“盖州市民政局”机关类别登记簿中为“乡镇人民政府、街道办事处”，"
                "工作簿中为“政府部门”，机关代字登记簿中为“盖民函、盖民发”，工作簿中为“盖民发”；"
                "保留登记簿中的，未改动。"
            ]
            assert (
                "制定机关与登记簿不一致（1 个，保留登记簿中的，不改动）：" in plan.restore.lines()
            )
            done = services.run_import(office=target, plan=plan)
            assert done.restored["制定机关"] == 3 and done.added == 44
            after = _authorities(target)
            assert after["盖州市民政局"] == before
            assert after["盖州市教育局"] == ("department", ["盖教发"], ["盖州市人民政府"])
            with target.reading() as session:
                owner = session.execute(
                    select(Authority.name)
                    .join(Document, Document.authority_id == Authority.id)
                    .where(Document.doc_number == "盖民发〔2019〕21号")
                ).scalar_one()
            assert owner == "盖州市民政局"
        finally:
            target.close()


def test_an_authority_the_rules_refuse_is_listed_with_its_documents(sample_office, tmp_path):
    """The target gave 盖民发 to another authority: adding 盖州市民政局 with it is refused as
    `docfiler authority add` refuses it, and its documents cannot be restored either."""
    workbook = tmp_path / "登记簿.xlsx"
    export_register(office=sample_office, output=workbook)
    with target_url(sample_office.engine.dialect.name, tmp_path) as url:
        target = make_office(url)
        try:
            services.add_authority(office=target, name="盖州市民政事务服务中心", codes=["盖民发"])
            plan = services.plan_import(office=target, path=workbook)
            lines = [problem.line() for problem in plan.bad]
            assert lines[0] == (
                "“制定机关”表第 4 行：机关代字“盖民发”已属于“盖州市民政事务服务中心”，"
                "不能再分配给“盖州市民政局”。"
            )
            assert lines[1].startswith("“文件”表第 18 行：没有名为“盖州市民政局”的制定机关。")
            assert plan.restore.authorities == DEPARTMENTS[1:]
            with pytest.raises(ValidationError, match="无法恢复（未写入任何数据）"):
                services.run_import(office=target, plan=plan)
            assert set(_authorities(target)) == {
                "盖州市人民政府",
                "盖州市人民政府办公室",
                "盖州市民政事务服务中心",
            }
        finally:
            target.close()
