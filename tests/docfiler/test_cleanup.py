"""定期清理 over the sample register, on SQLite and PostgreSQL."""

import datetime as dt
import json

import pytest
from docx import Document as open_docx
from sqlmodel import func, select

from docfiler.errors import ConflictError, GateError, ValidationError
from docfiler.outputs.catalogue import catalogue_data
from docfiler.outputs.cleanup_report import make_cleanup_report
from docfiler.queries.campaigns import campaign_items, campaign_status, finish_consequences
from docfiler.queries.documents import show_document
from docfiler.queries.reminders import reminders
from docfiler.services.cleanup import (
    correct_decision,
    decide,
    finish_campaign,
    start_campaign,
)
from docfiler.services.demo import load_register_file, sample_register_path
from docfiler.services.evaluation import record_evaluation
from docfiler.services.legal_bases import mark_higher_law
from docfiler.store.tables import AuditEntry

D = dt.date
AS_OF = D(2026, 11, 1)
FINISH = D(2026, 11, 20)
# The sample register's documents in force on AS_OF (sample_docs/README.md, status table):
# everything 在施行 on 2026-11-26 except 盖政办发〔2026〕81号, published 2026-11-18.
IN_FORCE_ON_AS_OF = {
    # The published 2016 documents state no validity period (sample_docs/README.md): in force.
    "盖政发〔2016〕9号",
    "盖政发〔2016〕117号",
    "盖政办发〔2016〕14号",
    "盖政办发〔2016〕51号",
    "盖政办发〔2016〕67号",
    "盖政办发〔2016〕85号",
    "盖政办发〔2016〕88号",
    "盖政发〔2022〕38号",
    "盖政发〔2023〕29号",
    "盖政发〔2024〕33号",
    "盖政发〔2025〕27号",
    "盖政发〔2026〕21号",
    "盖政办发〔2022〕6号",
    "盖政办发〔2025〕42号",
    "盖政办发〔2026〕66号",
    "盖政办发〔2026〕73号",
    "盖财发〔2023〕27号",
    "盖民发〔2024〕3号",
    "盖自然资发〔2024〕23号",
    "盖自然资发〔2026〕19号",
    "盖教发〔2025〕15号",
}
# The in-force documents resting on 社会救助暂行办法（国务院令第649号）: register.toml's
# legal_bases (盖民发〔2019〕21号 was repealed).
RESTING_ON_649 = {"盖政发〔2016〕9号", "盖政发〔2023〕29号", "盖民发〔2024〕3号"}


@pytest.fixture
def register(office):
    load_register_file(office=office, path=sample_register_path())
    return office


def catalogue_numbers(office, as_of):
    data = catalogue_data(office=office, as_of=as_of, everyone=True)
    return set(data.documents)


def decide_all(office, campaign, plan):
    items = campaign_items(office=office, campaign=campaign, limit=1000)["items"]
    for item in items:
        decision, reason = plan.get(item["doc_number"], ("继续有效", None))
        decide(
            office=office,
            campaign=campaign,
            number=item["doc_number"],
            decision=decision,
            reason=reason,
        )
    return items


def test_a_full_campaign_changes_the_catalogue_by_exactly_its_repeals(register):
    office = register
    started = start_campaign(
        office=office,
        name="2026年清理",
        as_of=AS_OF,
        basis="辽宁省规章规范性文件定期清理规定（省政府令第237号）",
    )
    items = campaign_items(office=office, campaign=started.id, limit=1000)["items"]
    numbers = {item["doc_number"] for item in items}
    # Pinned from sample_docs/README.md, not from the catalogue: both the catalogue and the
    # worklist select with in_force_clause, so comparing them would not catch a wrong clause.
    lapsed_since_2024 = {"盖财发〔2020〕46号"}  # valid until 2025-12-31
    assert numbers == IN_FORCE_ON_AS_OF | lapsed_since_2024
    lapsed = next(i for i in items if i["doc_number"] == "盖财发〔2020〕46号")
    assert "有效期" in lapsed["flag"]

    plan = {
        "盖政发〔2022〕38号": ("废止", "已被新规定替代"),
        "盖教发〔2025〕15号": ("宣布失效", "调整对象已消失"),
        "盖政办发〔2025〕42号": ("修改", "与上位法不一致"),
        "盖财发〔2020〕46号": ("宣布失效", "有效期届满"),
    }
    with pytest.raises(GateError, match="没有清理意见") as refused:
        finish_campaign(office=office, campaign="2026年清理", on=FINISH)
    assert len(refused.value.missing) == started.total
    decide_all(office, "2026年清理", plan)
    status = campaign_status(office=office, campaign=started.id)
    assert status["decided"] == status["total"] == started.total
    assert finish_consequences(office=office, campaign=started.id).totals.repealed == 1

    result = finish_campaign(office=office, campaign=started.id, on=FINISH)
    assert (result.totals.repealed, result.totals.declared_invalid, result.totals.amended) == (
        1,
        2,
        1,
    )

    before = catalogue_numbers(office, FINISH - dt.timedelta(days=1))
    after = catalogue_numbers(office, FINISH)
    assert before - after == {"盖政发〔2022〕38号", "盖教发〔2025〕15号"}
    # Published that very day (in force from 2026-12-01): valid, so listed (issue 10, item 1).
    assert after - before == {"盖教发〔2026〕41号"}
    assert show_document(office=office, number="盖政发〔2022〕38号")["status"] == "repealed"
    assert show_document(office=office, number="盖政办发〔2025〕42号")["status"] == "in_force"
    view = show_document(office=office, number="盖教发〔2025〕15号", as_of=FINISH)
    assert view["status"] == "declared_invalid" and view["invalid_reason"] == "调整对象已消失"

    with office.reading() as session:
        actions = session.exec(select(AuditEntry.action, func.count()).group_by(AuditEntry.action))
        counts = dict(actions.all())
    assert counts["cleanup_start"] == 1 and counts["cleanup_finish"] == 1
    assert counts["cleanup_applied"] == started.total
    assert counts["cleanup_decide"] == started.total

    with pytest.raises(GateError, match="已于"):
        decide(
            office=office,
            campaign=started.id,
            number="盖政发〔2023〕29号",
            decision="废止",
            reason="x",
        )


def test_reasons_are_required_except_for_keeping(register):
    start_campaign(office=register, name="清理", as_of=AS_OF)
    with pytest.raises(ValidationError, match="须写明理由"):
        decide(office=register, campaign="清理", number="盖政发〔2022〕38号", decision="废止")
    with pytest.raises(ValidationError, match="无效"):
        decide(office=register, campaign="清理", number="盖政发〔2022〕38号", decision="保留")
    decide(office=register, campaign="清理", number="盖政发〔2022〕38号", decision="继续有效")


def test_a_stale_decision_is_refused(register):
    start_campaign(office=register, name="清理", as_of=AS_OF)
    first = decide(
        office=register, campaign="清理", number="盖政发〔2022〕38号", decision="继续有效"
    )
    decide(
        office=register,
        campaign="清理",
        number="盖政发〔2022〕38号",
        decision="废止",
        reason="替代",
        expected_version=first.version,
    )
    with pytest.raises(ConflictError):
        decide(
            office=register,
            campaign="清理",
            number="盖政发〔2022〕38号",
            decision="继续有效",
            expected_version=first.version,
        )


def test_only_one_open_campaign_at_a_time(register):
    start_campaign(office=register, name="清理一", as_of=AS_OF)
    with pytest.raises(GateError, match="尚未完成"):
        start_campaign(office=register, name="清理二", as_of=AS_OF)


def test_a_finished_campaign_is_corrected_only_on_the_record(register):
    office = register
    start_campaign(office=office, name="清理", as_of=AS_OF)
    decide_all(office, "清理", {"盖政发〔2022〕38号": ("废止", "误判")})
    finish_campaign(office=office, campaign="清理", on=FINISH)
    assert "盖政发〔2022〕38号" not in catalogue_numbers(office, FINISH)
    correct_decision(
        office=office,
        campaign="清理",
        number="盖政发〔2022〕38号",
        decision="继续有效",
        reason="误将现行文件列入废止",
        on=D(2026, 11, 25),
    )
    assert "盖政发〔2022〕38号" in catalogue_numbers(office, D(2026, 11, 25))
    audit = show_document(office=office, number="盖政发〔2022〕38号")["audit"]
    assert any("更正" in entry["summary"] for entry in audit)


def test_campaign_for_chosen_authorities_only(register):
    started = start_campaign(
        office=register, name="民政", as_of=AS_OF, authorities=["盖州市民政局"]
    )
    items = campaign_items(office=register, campaign=started.id)["items"]
    assert items and all(i["doc_number"].startswith("盖民发") for i in items)


def test_progress_per_drafting_unit_and_undecided_filter(register):
    started = start_campaign(office=register, name="清理", as_of=AS_OF)
    status = campaign_status(office=register, campaign=started.id)
    units = {u["drafting_unit"]: u for u in status["units"]}
    assert sum(u["total"] for u in units.values()) == started.total
    unit = next(iter(units))
    page = campaign_items(
        office=register, campaign=started.id, drafting_unit=unit, undecided_only=True
    )
    assert page["total"] == units[unit]["total"]


def test_changed_higher_law_flags_dependants_and_prefills_the_next_campaign(register):
    office = register
    mark_higher_law(
        office=office,
        title="社会救助暂行办法",
        number="国务院令第649号",
        status="已修改",
        on=D(2026, 5, 1),
    )
    flagged = [
        r
        for r in reminders(office=office, today=D(2026, 11, 26))
        if r.kind == "cleanup" and r.doc_number
    ]
    # Pinned by hand: reminders and the worklist share flagged_documents(), so checking one
    # against the other would not catch a wrong selection.
    assert {r.doc_number for r in flagged} == RESTING_ON_649
    assert all("需清理" in r.detail for r in flagged)
    started = start_campaign(office=office, name="清理", as_of=AS_OF)
    items = {
        i["doc_number"]: i
        for i in campaign_items(office=office, campaign=started.id, limit=1000)["items"]
    }
    assert {n for n, i in items.items() if i["flag"] and "社会救助暂行办法" in i["flag"]} == (
        RESTING_ON_649
    )
    for number in RESTING_ON_649:
        assert (
            items[number]["flag"]
            == "制定依据《社会救助暂行办法》国务院令第649号已修改（2026年5月1日）"
        )
    decide_all(office, "清理", {})
    finish_campaign(office=office, campaign="清理", on=FINISH)
    after = [
        r
        for r in reminders(office=office, today=D(2026, 11, 26))
        if r.kind == "cleanup" and r.doc_number
    ]
    assert after == []


def test_validity_evaluation_clears_the_reminder(register):
    office = register
    due = [
        r
        for r in reminders(office=office, today=D(2026, 11, 26))
        if r.kind == "validity" and r.doc_number == "盖政办发〔2022〕6号"
    ]
    assert due and "须评估" in due[0].detail
    record_evaluation(
        office=office,
        number="盖政办发〔2022〕6号",
        on=D(2026, 11, 26),
        outcome="lapse",
        note="到期后不再执行",
    )
    assert not [
        r
        for r in reminders(office=office, today=D(2026, 11, 26))
        if r.kind == "validity" and r.doc_number == "盖政办发〔2022〕6号"
    ]
    # The day after its validity ends it is out of force, without anyone acting.
    assert "盖政办发〔2022〕6号" in catalogue_numbers(office, D(2027, 2, 28))
    assert "盖政办发〔2022〕6号" not in catalogue_numbers(office, D(2027, 3, 1))


def test_cleanup_report_writes_every_output(register, tmp_path):
    office = register
    start_campaign(office=office, name="清理", as_of=AS_OF)
    decide_all(
        office,
        "清理",
        {
            "盖政发〔2022〕38号": ("废止", "已被替代"),
            "盖教发〔2025〕15号": ("宣布失效", "调整对象消失"),
            "盖政办发〔2025〕42号": ("修改", "不符合上位法"),
        },
    )
    with pytest.raises(GateError, match="尚未完成"):
        make_cleanup_report(office=office, campaign="清理", folder=tmp_path / "out")
    assert not (tmp_path / "out").exists()  # a refused report leaves nothing behind
    finish_campaign(office=office, campaign="清理", on=FINISH)
    result = make_cleanup_report(office=office, campaign="清理", folder=tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(
        [
            "废止的行政规范性文件目录.docx",
            "宣布失效的行政规范性文件目录.docx",
            "修改的行政规范性文件目录.docx",
            "清理结果的决定.docx",
            "修改决定.docx",
            "清理情况的报告.docx",
            "现行有效行政规范性文件目录.docx",
            "目录变化情况.docx",
        ]
    )
    repealed = open_docx(str(tmp_path / "out" / "废止的行政规范性文件目录.docx"))
    row = repealed.tables[0].rows[1]
    assert [c.text for c in row.cells][2] == "盖政发〔2022〕38号"
    assert [c.text for c in row.cells][5] == "已被替代"
    assert repealed.tables[0].rows[0].cells[4].text == "废止日期"
    changes = open_docx(str(tmp_path / "out" / "目录变化情况.docx"))
    kinds = [r.cells[1].text for r in changes.tables[0].rows[1:]]
    assert "废止" in kinds and "失效" in kinds and "新增" in kinds
    assert json.dumps(result.as_json(), ensure_ascii=False)


def test_a_campaign_with_nothing_to_clean_up_can_be_finished(office):
    """An empty register: the campaign takes in no document and finishes with all zeros."""
    started = start_campaign(office=office, name="2026年清理（无文件）", as_of=AS_OF)
    assert started.total == 0
    result = finish_campaign(office=office, campaign=started.id, on=D(2026, 11, 20))
    assert (result.totals.kept, result.totals.repealed, result.finished) == (
        0,
        0,
        D(2026, 11, 20),
    )
    with office.reading() as session:
        actions = session.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["cleanup_start", "cleanup_finish"]
