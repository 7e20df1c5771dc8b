"""定期清理 on a small register made by hand: who is in the worklist, what is refused, what finishing does."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from docfiler import services
from docfiler.errors import ConflictError, GateError, NotFoundError, ValidationError
from docfiler.services.cleanup import correct_decision, decide, finish_campaign, start_campaign
from docfiler.services.imports import import_documents
from docfiler.store.tables import (
    CleanupCampaign,
    CleanupCorrection,
    CleanupItem,
    Document,
    DocumentRelation,
    LegalBasis,
)
from tests.docfiler.services.helpers import D, document, refused, version

AS_OF = D(2026, 11, 1)
FINISH = D(2026, 11, 20)
IN_FORCE = "盖政发〔2022〕5号"  # published 2022-03-01, valid 5 years: until 2027-02-28
LAPSED = "盖政发〔2020〕3号"  # valid until 2025-05-31: ended since the last cleanup (2024-03-31)
LAPSED_LONG_AGO = "盖政发〔2018〕7号"  # valid until 2023-02-28: before the last cleanup
REPEALED_FIRST = "盖政发〔2021〕4号"  # repealed 2023-01-01, before its validity ended 2026-03-31
DRAFT = "盖政发〔2026〕1号"
DEPARTMENT = "盖民发〔2022〕2号"  # 盖州市民政局, in force
NEW = "盖政发〔2026〕30号"  # published 2026-10-10, effective 2026-11-01


@pytest.fixture
def register(office):
    services.add_authority(office=office, name="盖州市民政局", codes=["盖民发"])
    services.record_finished_cleanup(
        office=office, name="2024年清理", as_of=D(2024, 3, 31), finished=D(2024, 6, 28)
    )
    import_documents(
        office=office,
        records=[
            {
                "number": IN_FORCE,
                "title": "盖州市城乡居民临时救助实施办法",
                "published": "2022-03-01",
                "valid_years": 5,
            },
            {
                "number": LAPSED,
                "title": "盖州市某某管理办法",
                "published": "2020-06-01",
                "valid_years": 5,
            },
            {
                "number": LAPSED_LONG_AGO,
                "title": "盖州市旧管理办法",
                "published": "2018-03-01",
                "valid_years": 5,
            },
            {
                "number": REPEALED_FIRST,
                "title": "盖州市已废止办法",
                "published": "2021-04-01",
                "valid_years": 5,
                "repealed": "2023-01-01",
                "repeal_reason": "已被替代",
            },
            {"number": DRAFT, "title": "盖州市草案办法"},
            {
                "number": DEPARTMENT,
                "title": "盖州市最低生活保障审核确认办法",
                "published": "2022-05-01",
                "valid_years": 5,
            },
            {
                "number": NEW,
                "title": "盖州市城乡居民临时救助办法",
                "published": "2026-10-10",
                "valid_years": 5,
                "effective": "2026-11-01",
            },
        ],
    )
    return office


def worklist(office, campaign: str) -> dict[str, str | None]:
    """The campaign's documents and their flags, read from the database."""
    with office.reading() as session:
        rows = session.execute(
            select(Document.doc_number, CleanupItem.flag)
            .join(CleanupItem, CleanupItem.document_id == Document.id)
            .join(CleanupCampaign, CleanupCampaign.id == CleanupItem.campaign_id)
            .where(CleanupCampaign.name == campaign)
        ).all()
    return dict(rows)


# ---------------------------------------------------------------------------- starting


def test_the_worklist_is_what_is_in_force_plus_what_lapsed_since_the_last_cleanup(register):
    start_campaign(office=register, name="2026年清理", as_of=AS_OF)
    assert worklist(register, "2026年清理") == {
        IN_FORCE: None,
        DEPARTMENT: None,
        NEW: None,
        LAPSED: "有效期已于2025年5月31日届满",
    }


def test_a_campaign_for_one_authority_takes_only_its_documents(register):
    start_campaign(office=register, name="民政", as_of=AS_OF, authorities=["盖州市民政局"])
    assert worklist(register, "民政") == {DEPARTMENT: None}


def test_starting_is_refused_without_a_name_in_the_future_twice_or_while_one_is_open(register):
    refused(
        register,
        ValidationError,
        "请给清理活动起一个名称",
        start_campaign,
        name=" ",
        as_of=AS_OF,
    )
    refused(
        register,
        ValidationError,
        "清理基准日（2026年11月27日）晚于今天",
        start_campaign,
        name="2026年清理",
        as_of=D(2026, 11, 27),
    )
    refused(
        register,
        NotFoundError,
        "没有名为“盖州市不存在局”的制定机关",
        start_campaign,
        name="2026年清理",
        as_of=AS_OF,
        authorities=["盖州市不存在局"],
    )
    refused(
        register,
        ValidationError,
        "已有名为“2024年清理”的清理活动",
        start_campaign,
        name="2024年清理",
        as_of=AS_OF,
    )
    start_campaign(office=register, name="2026年清理", as_of=AS_OF)
    refused(
        register,
        GateError,
        "清理活动“2026年清理”尚未完成，请先完成它再开始新的清理",
        start_campaign,
        name="2026年第二次清理",
        as_of=AS_OF,
    )


def test_a_changed_higher_law_flags_documents_not_cleaned_since(register):
    office = register
    services.add_legal_basis(
        office=office, number=IN_FORCE, title="社会救助暂行办法", basis_number="国务院令第649号"
    )
    start_campaign(office=office, name="年初清理", as_of=D(2026, 1, 31))
    for number in worklist(office, "年初清理"):
        decide(office=office, campaign="年初清理", number=number, decision="继续有效")
    finish_campaign(office=office, campaign="年初清理", on=D(2026, 2, 10))
    services.mark_higher_law(
        office=office,
        title="社会救助暂行办法",
        number="国务院令第649号",
        status="已修改",
        on=D(2026, 5, 1),
    )
    start_campaign(office=office, name="2026年清理", as_of=AS_OF)
    assert worklist(office, "2026年清理")[IN_FORCE] == (
        "制定依据《社会救助暂行办法》国务院令第649号已修改（2026年5月1日）"
    )
    # Once a campaign finished after the change has looked at it, it is no longer flagged.
    for number in worklist(office, "2026年清理"):
        decide(office=office, campaign="2026年清理", number=number, decision="继续有效")
    finish_campaign(office=office, campaign="2026年清理", on=FINISH)
    start_campaign(office=office, name="2026年补充清理", as_of=D(2026, 11, 25))
    assert worklist(office, "2026年补充清理")[IN_FORCE] is None


# ---------------------------------------------------------------------------- deciding


@pytest.fixture
def campaign(register):
    start_campaign(office=register, name="2026年清理", as_of=AS_OF)
    return register


@pytest.mark.parametrize("decision", ["修改", "废止", "宣布失效"])
def test_every_decision_but_keeping_needs_a_reason(campaign, decision):
    refused(
        campaign,
        ValidationError,
        f"清理意见为“{decision}”的，须写明理由",
        decide,
        campaign="2026年清理",
        number=IN_FORCE,
        decision=decision,
        reason="  ",
    )


def test_deciding_is_refused_for_bad_input(campaign):
    refused(
        campaign,
        ValidationError,
        "清理意见“保留”无效，只能是：继续有效、修改、废止、宣布失效",
        decide,
        campaign="2026年清理",
        number=IN_FORCE,
        decision="保留",
    )
    refused(
        campaign,
        ValidationError,
        "只有清理意见为“修改”时才能填写修改文件的文号",
        decide,
        campaign="2026年清理",
        number=IN_FORCE,
        decision="废止",
        reason="已被替代",
        amended_by=NEW,
    )
    refused(
        campaign,
        ValidationError,
        "修改文件不能是被清理的文件本身",
        decide,
        campaign="2026年清理",
        number=IN_FORCE,
        decision="修改",
        reason="与上位法不一致",
        amended_by=IN_FORCE,
    )
    # Issue 11, item 10: an ended document amends nothing
    refused(
        campaign,
        ValidationError,
        "“盖政发〔2020〕3号”已于2025年6月1日失效，不能作为修改文件。"
        "请填写现行有效或尚未公布的修改决定的文号。",
        decide,
        campaign="2026年清理",
        number=IN_FORCE,
        decision="修改",
        reason="与上位法不一致",
        amended_by=LAPSED,
    )
    refused(
        campaign,
        ValidationError,
        "“盖政发〔2021〕4号”已于2023年1月1日废止，不能作为修改文件。",
        decide,
        campaign="2026年清理",
        number=IN_FORCE,
        decision="修改",
        reason="与上位法不一致",
        amended_by=REPEALED_FIRST,
    )
    refused(
        campaign,
        NotFoundError,
        f"文件“{DRAFT}”不在清理活动“2026年清理”的范围内",
        decide,
        campaign="2026年清理",
        number=DRAFT,
        decision="继续有效",
    )
    refused(
        campaign,
        NotFoundError,
        "没有编号或名称为“2025年清理”的清理活动",
        decide,
        campaign="2025年清理",
        number=IN_FORCE,
        decision="继续有效",
    )


def decide_all(office, plan: dict[str, tuple]) -> None:
    for number in worklist(office, "2026年清理"):
        decision, reason, *amended = plan.get(number, ("继续有效", None))
        decide(
            office=office,
            campaign="2026年清理",
            number=number,
            decision=decision,
            reason=reason,
            amended_by=amended[0] if amended else None,
        )


# ---------------------------------------------------------------------------- finishing


def test_finishing_is_dated_between_the_as_of_day_and_today(campaign):
    decide_all(campaign, {})
    refused(
        campaign,
        ValidationError,
        "完成日期（2026年11月27日）晚于今天",
        finish_campaign,
        campaign="2026年清理",
        on=D(2026, 11, 27),
    )
    refused(
        campaign,
        ValidationError,
        "完成日期（2026年10月31日）早于清理基准日（2026年11月1日）",
        finish_campaign,
        campaign="2026年清理",
        on=D(2026, 10, 31),
    )


def test_a_campaign_is_finished_once(campaign):
    decide_all(campaign, {})
    finish_campaign(office=campaign, campaign="2026年清理", on=FINISH)
    refused(
        campaign,
        GateError,
        "清理活动“2026年清理”已于2026年11月20日完成，不能再修改",
        finish_campaign,
        campaign="2026年清理",
        on=D(2026, 11, 25),
    )
    refused(
        campaign,
        GateError,
        "如有错误，请登记更正（cleanup correct）",
        decide,
        campaign="2026年清理",
        number=IN_FORCE,
        decision="废止",
        reason="已被替代",
    )


def test_finishing_applies_repeals_and_declarations_with_their_reasons(campaign):
    office = campaign
    seen = version(office, IN_FORCE)
    decide_all(
        office,
        {IN_FORCE: ("废止", "已被新规定替代"), DEPARTMENT: ("宣布失效", "调整对象已消失")},
    )
    finish_campaign(office=office, campaign="2026年清理", on=FINISH)
    repealed, invalid = document(office, IN_FORCE), document(office, DEPARTMENT)
    assert (repealed.repealed_on, repealed.repeal_reason) == (FINISH, "已被新规定替代")
    assert (invalid.declared_invalid_on, invalid.invalid_reason) == (FINISH, "调整对象已消失")
    assert document(office, NEW).repealed_on is None
    # A clerk who opened the repealed document before the cleanup may not save over it.
    refused(
        office,
        ConflictError,
        "已被其他人修改",
        services.update_document,
        number=IN_FORCE,
        changes={"note": "旧的修改"},
        expected_version=seen,
    )


def test_finishing_keeps_an_earlier_repeal(campaign):
    office = campaign
    services.repeal_document(
        office=office, number=IN_FORCE, on=D(2026, 11, 10), reason="已被盖政发〔2026〕30号替代"
    )
    decide_all(office, {IN_FORCE: ("废止", "清理中废止")})
    finish_campaign(office=office, campaign="2026年清理", on=FINISH)
    row = document(office, IN_FORCE)
    assert (row.repealed_on, row.repeal_reason) == (D(2026, 11, 10), "已被盖政发〔2026〕30号替代")


def test_finishing_records_the_amending_document(campaign):
    office = campaign
    decide_all(office, {IN_FORCE: ("修改", "与上位法不一致", NEW)})
    finish_campaign(office=office, campaign="2026年清理", on=FINISH)
    with office.reading() as session:
        relations = session.execute(select(DocumentRelation)).scalars().all()
    assert [(r.kind, r.source_id, r.target_id, r.on_date) for r in relations] == [
        ("amends", document(office, NEW).id, document(office, IN_FORCE).id, D(2026, 11, 1))
    ]
    assert document(office, IN_FORCE).repealed_on is None


# ---------------------------------------------------------------------------- corrections


@pytest.fixture
def finished(campaign):
    decide_all(campaign, {IN_FORCE: ("废止", "误判"), DEPARTMENT: ("宣布失效", "误判")})
    finish_campaign(office=campaign, campaign="2026年清理", on=FINISH)
    return campaign


def test_a_correction_is_refused_for_bad_input(finished):
    office = finished
    for error, fragment, kwargs in [
        (ValidationError, "清理意见“保留”无效", {"decision": "保留", "reason": "x"}),
        (ValidationError, "更正须写明理由", {"decision": "继续有效", "reason": " "}),
        (
            ValidationError,
            f"“{IN_FORCE}”的清理意见已经是“废止”",
            {"decision": "废止", "reason": "x"},
        ),
        (
            ValidationError,
            "更正日期（2026年11月19日）早于清理完成日期（2026年11月20日）",
            {"decision": "继续有效", "reason": "x", "on": D(2026, 11, 19)},
        ),
    ]:
        refused(
            office,
            error,
            fragment,
            correct_decision,
            **{"campaign": "2026年清理", "number": IN_FORCE, "on": D(2026, 11, 25), **kwargs},
        )


def test_an_open_campaign_is_not_corrected(campaign):
    decide(office=campaign, campaign="2026年清理", number=IN_FORCE, decision="继续有效")
    refused(
        campaign,
        GateError,
        "清理活动“2026年清理”尚未完成，直接修改清理意见即可，无需更正",
        correct_decision,
        campaign="2026年清理",
        number=IN_FORCE,
        decision="废止",
        reason="x",
        on=D(2026, 11, 25),
    )


def test_a_correction_undoes_what_finishing_applied_and_is_recorded(finished):
    office = finished
    correct_decision(
        office=office,
        campaign="2026年清理",
        number=DEPARTMENT,
        decision="继续有效",
        reason="误将现行文件列入宣布失效",
        on=D(2026, 11, 25),
    )
    row = document(office, DEPARTMENT)
    assert (row.declared_invalid_on, row.invalid_reason) == (None, None)
    with office.reading() as session:
        corrections = session.execute(select(CleanupCorrection)).scalars().all()
    assert [(c.from_decision, c.to_decision, c.corrected_on, c.operator) for c in corrections] == [
        ("宣布失效", "继续有效", D(2026, 11, 25), "测试员")
    ]


@pytest.mark.parametrize(
    ("decision", "field"), [("废止", "repealed_on"), ("宣布失效", "declared_invalid_on")]
)
def test_a_correction_to_an_end_of_force_applies_it_on_the_correction_day(
    finished, decision, field
):
    office = finished
    correct_decision(
        office=office,
        campaign="2026年清理",
        number=NEW,
        decision=decision,
        reason="漏列",
        on=D(2026, 11, 25),
    )
    assert getattr(document(office, NEW), field) == D(2026, 11, 25)


# ---------------------------------------------------------------------------- validity evaluation


def test_an_evaluation_is_refused_for_bad_input(register):
    office = register
    refused(
        office,
        ValidationError,
        "评估结论“keep”无效",
        services.record_evaluation,
        number=IN_FORCE,
        on=D(2026, 11, 20),
        outcome="keep",
    )
    refused(
        office,
        ValidationError,
        "评估日期（2026年11月27日）晚于今天",
        services.record_evaluation,
        number=IN_FORCE,
        on=D(2026, 11, 27),
        outcome="lapse",
    )
    refused(
        office,
        GateError,
        f"文件“{DRAFT}”尚未公布或没有有效期，无需评估",
        services.record_evaluation,
        number=DRAFT,
        on=D(2026, 11, 20),
        outcome="lapse",
    )
    refused(
        office,
        ValidationError,
        "重新制发的文件不能是原文件本身",
        services.record_evaluation,
        number=IN_FORCE,
        on=D(2026, 11, 20),
        outcome="republish",
        replacement=IN_FORCE,
    )


def test_republishing_replaces_the_old_document_from_the_new_ones_effective_date(register):
    office = register
    services.record_evaluation(
        office=office, number=IN_FORCE, on=D(2026, 11, 20), outcome="republish", replacement=NEW
    )
    row = document(office, IN_FORCE)
    assert (row.repealed_on, row.repeal_reason) == (
        D(2026, 11, 1),
        f"被{NEW}替代（有效期届满重新制发）",
    )


def test_a_replacement_not_yet_published_ends_nothing(register):
    office = register
    services.record_evaluation(
        office=office, number=IN_FORCE, on=D(2026, 11, 20), outcome="republish", replacement=DRAFT
    )
    assert document(office, IN_FORCE).repealed_on is None
    with office.reading() as session:
        assert session.execute(select(DocumentRelation)).scalars().all() == []


def test_republishing_keeps_an_earlier_repeal(register):
    office = register
    services.repeal_document(office=office, number=IN_FORCE, on=D(2026, 6, 1), reason="已废止")
    services.record_evaluation(
        office=office, number=IN_FORCE, on=D(2026, 11, 20), outcome="republish", replacement=NEW
    )
    row = document(office, IN_FORCE)
    assert (row.repealed_on, row.repeal_reason) == (D(2026, 6, 1), "已废止")


# ---------------------------------------------------------------------------- higher law


def test_a_higher_law_change_is_refused_for_bad_input(register):
    refused(
        register,
        ValidationError,
        "状态只能是：已修改、已废止 或 现行",
        services.mark_higher_law,
        title="社会救助暂行办法",
        status="失效",
        on=D(2026, 5, 1),
    )
    refused(
        register,
        ValidationError,
        "请填写上位法或上级文件的名称",
        services.mark_higher_law,
        title=" 《》 ",
        status="已废止",
        on=D(2026, 5, 1),
    )


def test_a_higher_law_change_reaches_every_basis_on_it(register):
    office = register
    for number in (IN_FORCE, DEPARTMENT):
        services.add_legal_basis(
            office=office, number=number, title="社会救助暂行办法", basis_number="国务院令第649号"
        )
    services.mark_higher_law(
        office=office, title="《社会救助暂行办法》", status="已废止", on=D(2026, 5, 1)
    )
    with office.reading() as session:
        bases = session.execute(select(LegalBasis.status, LegalBasis.changed_on)).all()
    assert sorted(bases) == [("已废止", D(2026, 5, 1)), ("已废止", D(2026, 5, 1))]


def test_republishing_does_not_move_a_recorded_repeal_earlier(register):
    # Issue 14, item 3: a recorded end of force is not rewritten. Repealed on 2026-11-10; the new
    # document took effect 2026-11-01, so replacing from that day would move the record back.
    office = register
    services.repeal_document(office=office, number=IN_FORCE, on=D(2026, 11, 10), reason="已废止")
    refused(
        office,
        GateError,
        f"文件“{IN_FORCE}”已于2026年11月10日废止（理由：已废止），不能再替代。",
        services.record_evaluation,
        number=IN_FORCE,
        on=D(2026, 11, 20),
        outcome="republish",
        replacement=NEW,
    )


def test_one_length_limit_on_both_databases(register):
    # Issue 14, item 6: SQLite would store any length, PostgreSQL refuses past the column; the
    # same Chinese refusal on both. A cleanup reason becomes the document's 废止理由 (500) when
    # the campaign finishes, so it is held to that length when it is decided.
    office = register
    refused(
        office,
        ValidationError,
        "标题太长：最多 300 个字，现在有 301 个字。请删减后重新输入。",
        services.register_document,
        number="盖政发〔2026〕99号",
        title="办" * 301,
    )
    start_campaign(office=office, name="2026年清理", as_of=AS_OF)
    refused(
        office,
        ValidationError,
        "理由太长：最多 500 个字，现在有 501 个字。",
        decide,
        campaign="2026年清理",
        number=IN_FORCE,
        decision="废止",
        reason="理" * 501,
    )
    decide(
        office=office, campaign="2026年清理", number=IN_FORCE, decision="废止", reason="理" * 500
    )
    for number in set(worklist(office, "2026年清理")) - {IN_FORCE}:
        decide(office=office, campaign="2026年清理", number=number, decision="继续有效")
    finish_campaign(office=office, campaign="2026年清理", on=D(2026, 11, 20))  # on both databases
    assert document(office, IN_FORCE).repeal_reason == "理" * 500
