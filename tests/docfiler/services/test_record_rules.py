"""The smaller registers: 制定依据, 会签, 制定机关 and cleanups finished before docfiler."""

from __future__ import annotations

from sqlalchemy import select

from docfiler import services
from docfiler.errors import ConfigError, ConflictError, NotFoundError, ValidationError
from docfiler.store.tables import (
    AgencyCode,
    Authority,
    AuthorityFilingBody,
    CleanupCampaign,
    Countersign,
    HigherLaw,
    LegalBasis,
)
from tests.docfiler.services.helpers import D, N, refused, register


def rows(office, model) -> list:
    with office.reading() as session:
        return list(session.execute(select(model).order_by(*model.__table__.primary_key)).scalars())


# ---------------------------------------------------------------------------- legal bases


def test_a_legal_basis_needs_a_title(office):
    register(office)
    refused(
        office,
        ValidationError,
        "依据的名称不能为空",
        services.add_legal_basis,
        number=N,
        title=" 《》 ",
    )


def test_a_legal_basis_is_stored_bare_with_its_number_in_canonical_form(office):
    register(office)
    services.add_legal_basis(
        office=office,
        number=N,
        title="《国务院关于全面建立临时救助制度的通知》",
        basis_number="国发[2014]47号",
    )
    (basis,) = rows(office, LegalBasis)
    assert (basis.title, basis.number, basis.status) == (
        "国务院关于全面建立临时救助制度的通知",
        "国发〔2014〕47号",
        "现行",
    )


def test_the_same_basis_is_recorded_once_per_document_and_shared_between_documents(office):
    register(office)
    register(office, number="盖政发〔2016〕10号", title="某办法")
    services.add_legal_basis(
        office=office, number=N, title="社会救助暂行办法", basis_number="国务院令第649号"
    )
    refused(
        office,
        ValidationError,
        f"{N} 已登记过制定依据《社会救助暂行办法》",
        services.add_legal_basis,
        number=N,
        title="《社会救助暂行办法》",
        basis_number="国务院令第649号",
    )
    services.add_legal_basis(
        office=office,
        number="盖政发〔2016〕10号",
        title="社会救助暂行办法",
        basis_number="国务院令第649号",
    )
    assert [(law.title, law.number) for law in rows(office, HigherLaw)] == [
        ("社会救助暂行办法", "国务院令第649号")
    ]
    assert len(rows(office, LegalBasis)) == 2


def test_a_basis_added_after_its_law_changed_carries_the_change(office):
    register(office)
    register(office, number="盖政发〔2016〕10号", title="某办法")
    services.add_legal_basis(
        office=office, number=N, title="社会救助暂行办法", basis_number="国务院令第649号"
    )
    services.mark_higher_law(
        office=office,
        title="社会救助暂行办法",
        number="国务院令第649号",
        status="已修改",
        on=D(2019, 3, 2),
    )
    services.add_legal_basis(
        office=office,
        number="盖政发〔2016〕10号",
        title="社会救助暂行办法",
        basis_number="国务院令第649号",
    )
    assert [(b.status, b.changed_on) for b in rows(office, LegalBasis)] == [
        ("已修改", D(2019, 3, 2)),
        ("已修改", D(2019, 3, 2)),
    ]


# ---------------------------------------------------------------------------- countersigns


def test_a_countersign_needs_a_title(office):
    refused(
        office,
        ValidationError,
        "会签文件的标题不能为空",
        services.add_countersign,
        title="  ",
        received=D(2026, 11, 16),
    )


def test_a_countersign_is_not_received_tomorrow(office):
    refused(
        office,
        ValidationError,
        "收到会签日期（2026年11月27日）晚于今天",
        services.add_countersign,
        title="营口市城市地下管线管理办法（征求意见稿）",
        received=D(2026, 11, 27),
    )


def test_the_reply_is_not_due_before_the_request_arrived(office):
    refused(
        office,
        ValidationError,
        "答复期限（2026年11月15日）早于收到日期（2026年11月16日）",
        services.add_countersign,
        title="营口市城市地下管线管理办法（征求意见稿）",
        received=D(2026, 11, 16),
        reply_due=D(2026, 11, 15),
    )


def test_the_reply_is_due_ten_working_days_after_receipt_unless_stated(office):
    # Received Tuesday 2026-02-10: 10 working days, counting the make-up Saturday 02-14 and
    # skipping Spring Festival 02-15..02-23, end on Monday 2026-03-02.
    services.add_countersign(
        office=office, title="营口市某某办法（征求意见稿）", received=D(2026, 2, 10)
    )
    services.add_countersign(
        office=office,
        title="营口市另一办法（征求意见稿）",
        received=D(2026, 2, 10),
        reply_due=D(2026, 2, 12),
    )
    assert [(c.title, c.reply_due_on) for c in rows(office, Countersign)] == [
        ("营口市某某办法（征求意见稿）", D(2026, 3, 2)),
        ("营口市另一办法（征求意见稿）", D(2026, 2, 12)),
    ]


def _countersign(office) -> int:
    services.add_countersign(
        office=office, title="营口市某某办法（征求意见稿）", received=D(2026, 11, 16)
    )
    return rows(office, Countersign)[0].id


def test_a_reply_needs_a_known_countersign(office):
    refused(
        office,
        NotFoundError,
        "没有编号为 999 的会签事项",
        services.reply_countersign,
        countersign_id=999,
        replied=D(2026, 11, 20),
    )


def test_a_reply_is_dated_between_receipt_and_today(office):
    ident = _countersign(office)  # received 2026-11-16
    refused(
        office,
        ValidationError,
        "答复日期（2026年11月15日）早于收到日期（2026年11月16日）",
        services.reply_countersign,
        countersign_id=ident,
        replied=D(2026, 11, 15),
    )
    refused(
        office,
        ValidationError,
        "答复日期（2026年11月27日）晚于今天",
        services.reply_countersign,
        countersign_id=ident,
        replied=D(2026, 11, 27),
    )
    services.reply_countersign(
        office=office, countersign_id=ident, replied=D(2026, 11, 16), summary="无意见"
    )
    (row,) = rows(office, Countersign)
    assert (row.replied_on, row.reply_summary) == (D(2026, 11, 16), "无意见")


def test_a_reply_on_a_stale_version_is_refused(office):
    ident = _countersign(office)
    seen = rows(office, Countersign)[0].version
    services.reply_countersign(
        office=office, countersign_id=ident, replied=D(2026, 11, 20), summary="甲"
    )
    refused(
        office,
        ConflictError,
        "该会签事项已被其他人修改",
        services.reply_countersign,
        countersign_id=ident,
        replied=D(2026, 11, 21),
        summary="乙",
        expected_version=seen,
    )
    assert rows(office, Countersign)[0].reply_summary == "甲"


# ---------------------------------------------------------------------------- authorities


def test_an_authority_needs_a_name(office):
    refused(
        office,
        ValidationError,
        "制定机关名称不能为空",
        services.add_authority,
        name="  ",
        codes=["盖某发"],
    )


def test_an_authority_kind_is_one_of_four(office):
    # 乡镇人民政府、街道办事处 are a kind of their own (辽宁省规章规范性文件备案办法 art. 3).
    refused(
        office,
        ValidationError,
        "机关类别只能是 government（本级政府）、general_office（政府办公室）、department（政府部门）、"
        "township（乡镇人民政府、街道办事处）。",
        services.add_authority,
        name="盖州市民政局",
        codes=["盖民发"],
        kind="bureau",
    )


def test_an_agency_code_belongs_to_one_authority(office):
    refused(
        office,
        ValidationError,
        "机关代字“盖政发”已属于“盖州市人民政府”，不能再分配给“盖州市民政局”",
        services.add_authority,
        name="盖州市民政局",
        codes=["盖政发"],
    )
    assert "盖州市民政局" not in [a.name for a in rows(office, Authority)]


def test_a_filing_body_needs_a_period_in_the_rulebook(office):
    refused(
        office,
        ConfigError,
        "规则文件没有规定向“辽宁省人民政府”备案的期限",
        services.add_authority,
        name="盖州市民政局",
        codes=["盖民发"],
        filing_bodies=["辽宁省人民政府"],
    )


def test_a_department_files_with_the_city_government_by_default(office):
    services.add_authority(office=office, name="盖州市民政局", codes=["盖民发"])
    (authority,) = [a for a in rows(office, Authority) if a.name == "盖州市民政局"]
    assert authority.kind == "department"
    assert [(c.code) for c in rows(office, AgencyCode) if c.authority_id == authority.id] == [
        "盖民发"
    ]
    bodies = [b.body for b in rows(office, AuthorityFilingBody) if b.authority_id == authority.id]
    assert bodies == ["盖州市人民政府"]


# ---------------------------------------------------------------------------- cleanups recorded afterwards


def test_a_recorded_cleanup_needs_a_name(office):
    refused(
        office,
        ValidationError,
        "清理活动名称不能为空",
        services.record_finished_cleanup,
        name=" ",
        as_of=D(2024, 3, 31),
        finished=D(2024, 6, 28),
    )


def test_a_recorded_cleanup_finishes_after_its_as_of_date_and_not_after_today(office):
    refused(
        office,
        ValidationError,
        "清理完成日期（2024年3月30日）早于清理基准日（2024年3月31日）",
        services.record_finished_cleanup,
        name="2024年清理",
        as_of=D(2024, 3, 31),
        finished=D(2024, 3, 30),
    )
    refused(
        office,
        ValidationError,
        "清理完成日期（2026年11月27日）晚于今天",
        services.record_finished_cleanup,
        name="2026年清理",
        as_of=D(2026, 3, 31),
        finished=D(2026, 11, 27),
    )
    services.record_finished_cleanup(
        office=office, name="2024年清理", as_of=D(2024, 3, 31), finished=D(2024, 3, 31)
    )
    (campaign,) = rows(office, CleanupCampaign)
    assert (campaign.as_of, campaign.started_on, campaign.finished_on) == (
        D(2024, 3, 31),
        D(2024, 3, 31),
        D(2024, 3, 31),
    )


def test_a_recorded_cleanup_name_is_used_once(office):
    services.record_finished_cleanup(
        office=office, name="2024年清理", as_of=D(2024, 3, 31), finished=D(2024, 6, 28)
    )
    refused(
        office,
        ValidationError,
        "清理活动“2024年清理”已存在",
        services.record_finished_cleanup,
        name="2024年清理",
        as_of=D(2024, 3, 31),
        finished=D(2024, 6, 30),
    )


def test_a_recorded_cleanup_keeps_its_basis(office):
    services.record_finished_cleanup(
        office=office,
        name=" 2016年盖州市规范性文件清理 ",
        as_of=D(2016, 3, 31),
        finished=D(2016, 5, 20),
        basis="省政府令第237号",
    )
    assert [(c.name, c.basis) for c in rows(office, CleanupCampaign)] == [
        ("2016年盖州市规范性文件清理", "省政府令第237号")
    ]
