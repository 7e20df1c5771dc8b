"""The reviewer's writes refuse what the procedure does not allow, in Chinese, writing nothing."""

import datetime as dt

import pytest
from sqlmodel import select

from docfiler import services
from docfiler.errors import DocfilerError, GateError, NotFoundError, ValidationError
from docfiler.queries.inbox import inbox, show_incoming
from docfiler.store.tables import AuditEntry

D = dt.date
UNIT = "盖州市民政局"
ALL = ["备案报告", "正式文本", "起草说明", "制定依据", "合法性审核意见"]


@pytest.fixture
def unit_office(office):
    services.add_authority(office=office, name=UNIT, codes=["盖民发"], kind="department")
    return office


def receive(office, number="盖民发〔2026〕1号", materials=ALL, **extra):
    return services.receive_filing(
        office=office,
        unit=UNIT,
        number=number,
        title="盖州市某某办法",
        published=D(2026, 3, 2),
        received=D(2026, 3, 10),
        materials=materials,
        **extra,
    )


def actions(office):
    with office.reading() as session:
        return session.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_the_governments_own_bodies_do_not_file_with_it(unit_office):
    with pytest.raises(ValidationError, match="它的文件不向本机关备案"):
        services.receive_filing(
            office=unit_office,
            unit="盖州市人民政府办公室",
            number="盖政办发〔2026〕1号",
            title="某办法",
            published=D(2026, 3, 2),
            received=D(2026, 3, 10),
        )


def test_receipt_on_time_and_twice_refused(unit_office):
    got = receive(unit_office)
    assert (got.due, got.late_days, got.missing) == (D(2026, 3, 17), 0, ())
    with pytest.raises(GateError, match="已于2026年3月10日接收登记，不能再次接收"):
        receive(unit_office, number="盖民发[2026]1号")
    assert actions(unit_office).count("inbox_receive") == 1


def test_unknown_material_and_dates_in_the_wrong_order(unit_office):
    with pytest.raises(ValidationError, match="报送材料“说明书”不在规则文件的材料清单中"):
        receive(unit_office, materials=["说明书"])
    with pytest.raises(ValidationError, match="收到日期（2026年3月1日）早于公布日期"):
        services.receive_filing(
            office=unit_office,
            unit=UNIT,
            number="盖民发〔2026〕2号",
            title="某办法",
            published=D(2026, 3, 2),
            received=D(2026, 3, 1),
        )
    assert inbox(office=unit_office) == []


def test_registration_needs_a_reason_and_follows_the_order(unit_office):
    receive(unit_office, materials=ALL[:2])
    number = "盖民发〔2026〕1号"
    with pytest.raises(ValidationError, match="暂缓办理备案登记须写明理由"):
        services.register_incoming(
            office=unit_office, number=number, outcome="暂缓办理备案登记", on=D(2026, 3, 11)
        )
    services.register_incoming(
        office=unit_office, number=number, outcome="要求补正", on=D(2026, 3, 11), reason="缺材料"
    )  # the old word is accepted and stored as 暂缓办理备案登记
    with pytest.raises(GateError, match="尚未收到补正材料"):
        services.register_incoming(
            office=unit_office, number=number, outcome="予以备案登记", on=D(2026, 3, 12)
        )
    with pytest.raises(GateError, match="没有正在进行的审查"):
        services.finish_incoming_review(
            office=unit_office, number=number, on=D(2026, 3, 12), result="未发现问题"
        )
    services.record_supplement(office=unit_office, number=number, on=D(2026, 3, 20), materials=ALL)
    services.register_incoming(
        office=unit_office, number=number, outcome="予以备案登记", on=D(2026, 3, 21)
    )
    with pytest.raises(GateError, match="已于2026年3月21日予以备案登记"):
        services.register_incoming(
            office=unit_office, number=number, outcome="不予备案登记", on=D(2026, 3, 22), reason="x"
        )
    assert show_incoming(office=unit_office, number=number)["stage_label"] == "审查中"


def test_an_opinion_must_say_what_is_wrong(unit_office):
    receive(unit_office)
    number = "盖民发〔2026〕1号"
    services.register_incoming(
        office=unit_office, number=number, outcome="予以备案登记", on=D(2026, 3, 11)
    )
    with pytest.raises(ValidationError, match="审查意见须写明处理方式"):
        services.finish_incoming_review(
            office=unit_office, number=number, on=D(2026, 3, 20), result="审查意见"
        )
    with pytest.raises(ValidationError, match="审查项目“好不好”不在清单中"):
        services.finish_incoming_review(
            office=unit_office,
            number=number,
            on=D(2026, 3, 20),
            result="审查意见",
            findings={"好不好": "不好"},
            reasoning="理由",
            opinion_kind="责令改正",
        )
    with pytest.raises(GateError, match="没有待跟踪的审查意见"):
        services.record_followup_report(
            office=unit_office, number=number, on=D(2026, 3, 21), report="已改"
        )


def test_a_correction_must_link_a_received_document(unit_office):
    receive(unit_office)
    number = "盖民发〔2026〕1号"
    services.register_incoming(
        office=unit_office, number=number, outcome="予以备案登记", on=D(2026, 3, 11)
    )
    services.finish_incoming_review(
        office=unit_office,
        number=number,
        on=D(2026, 3, 20),
        result="审查意见",
        findings={"制定程序": "未经集体讨论"},
        reasoning="程序不完整。",
        opinion_kind="建议自行修改",
    )
    with pytest.raises(ValidationError, match="已纠正须写明纠正后的文件"):
        services.close_followup(
            office=unit_office, number=number, on=D(2026, 4, 1), outcome="已纠正"
        )
    with pytest.raises(NotFoundError, match="收文登记中没有文号为“盖民发〔2026〕9号”"):
        services.close_followup(
            office=unit_office,
            number=number,
            on=D(2026, 4, 1),
            outcome="已纠正",
            corrected_by="盖民发〔2026〕9号",
        )
    escalated = services.close_followup(
        office=unit_office, number=number, on=D(2026, 4, 25), outcome="已提请撤销"
    )
    assert (escalated.opinion_number, escalated.outcome) == ("盖司备审〔2026〕1号", "已提请撤销")


def test_cited_documents_never_filed_come_to_light(unit_office):
    got = receive(
        unit_office,
        cites=[("盖民发〔2025〕7号", "盖州市某旧办法"), ("盖民发〔2025〕8号", None)],
    )
    assert got.unfiled_found == ("盖民发〔2025〕7号", "盖民发〔2025〕8号")
    rows = {row["doc_number"]: row for row in inbox(office=unit_office, stage="未报备")}
    assert rows["盖民发〔2025〕7号"]["found_in"] == "盖民发〔2026〕1号"
    assert rows["盖民发〔2025〕8号"]["title"] == "（盖民发〔2026〕1号引用的文件，标题待补）"
    # it is filed later: received, and late against its publication
    later = services.receive_filing(
        office=unit_office,
        unit=UNIT,
        number="盖民发〔2025〕7号",
        title="盖州市某旧办法",
        published=D(2025, 6, 2),
        received=D(2026, 3, 20),
    )
    assert (later.due, later.late_days) == (D(2025, 6, 17), 276)


def test_opinion_number_pattern_from_the_rulebook(unit_office):
    unit_office.rulebook.data.setdefault("inbox", {})["opinion_number"] = "备审〔{year}〕{oops}号"
    receive(unit_office)
    number = "盖民发〔2026〕1号"
    services.register_incoming(
        office=unit_office, number=number, outcome="予以备案登记", on=D(2026, 3, 11)
    )
    with pytest.raises(DocfilerError, match="opinion_number"):
        services.finish_incoming_review(
            office=unit_office,
            number=number,
            on=D(2026, 3, 20),
            result="审查意见",
            findings={"适当性": "标准过高"},
            reasoning="理由。",
            opinion_kind="建议自行修改",
        )
    assert show_incoming(office=unit_office, number=number)["reviews"][0]["result"] is None
