"""登记 and editing a document's descriptive fields: what is refused and what is derived."""

from __future__ import annotations

import pytest

from docfiler import services
from docfiler.errors import ConflictError, NotFoundError, ValidationError
from tests.docfiler.services.helpers import (
    TITLE,
    D,
    N,
    document,
    published,
    refused,
    register,
    snapshot,
    version,
    with_validity_defaults,
)

# ---------------------------------------------------------------------------- register


@pytest.mark.parametrize("title", ["", "   ", "《》"])
def test_a_document_needs_a_title(office, title):
    refused(
        office,
        ValidationError,
        "标题不能为空，请填写文件全称",
        services.register_document,
        number=N,
        title=title,
    )


def test_the_title_is_stored_without_book_marks_and_the_unit_without_spaces(office):
    register(office, title=f" 《{TITLE}》 ", drafting_unit="  盖州市民政局 ")
    register(office, number="盖政发〔2016〕10号", title="某办法", drafting_unit="   ")
    row = document(office)
    assert (row.title, row.drafting_unit) == (TITLE, "盖州市民政局")
    assert document(office, "盖政发〔2016〕10号").drafting_unit is None


@pytest.mark.parametrize("years", [0, -2])
def test_validity_years_must_be_positive(office, years):
    refused(
        office,
        ValidationError,
        f"有效期年数必须是正整数（收到 {years}）",
        services.register_document,
        number=N,
        title=TITLE,
        valid_years=years,
    )


def test_validity_cannot_end_before_the_effective_date(office):
    refused(
        office,
        ValidationError,
        "有效期截止日（2016年3月31日）早于施行日期（2016年4月1日）",
        services.register_document,
        number=N,
        title=TITLE,
        effective=D(2016, 4, 1),
        valid_until=D(2016, 3, 31),
    )
    register(office, effective=D(2016, 4, 1), valid_until=D(2016, 4, 1))
    assert document(office).valid_until == D(2016, 4, 1)


def test_the_effective_date_is_not_before_the_numbers_year(office):
    refused(
        office,
        ValidationError,
        f"施行日期（2015年12月31日）早于文号“{N}”的年份 2016 年",
        services.register_document,
        number=N,
        title=TITLE,
        effective=D(2015, 12, 31),
    )


def test_a_registration_number_is_used_once(office):
    register(office, registration_number="GZGS-2016-001")
    refused(
        office,
        ValidationError,
        "登记号“GZGS-2016-001”已被其他文件使用",
        services.register_document,
        number="盖政发〔2016〕10号",
        title="某办法",
        registration_number="GZGS-2016-001",
    )


# ---------------------------------------------------------------------------- update


def test_dated_events_are_not_edited_as_fields(office):
    register(office)
    refused(
        office,
        ValidationError,
        "这些字段不能直接修改：published_on",
        services.update_document,
        number=N,
        changes={"published_on": D(2016, 3, 1)},
    )


def test_an_edit_cannot_blank_the_title(office):
    register(office)
    refused(
        office,
        ValidationError,
        "标题不能为空",
        services.update_document,
        number=N,
        changes={"title": " 《》 "},
    )
    assert document(office).title == TITLE


def test_a_new_title_is_stored_bare_and_sets_the_kind(office):
    register(office)
    services.update_document(
        office=office, number=N, changes={"title": "《盖州市某某管理暂行办法》"}
    )
    row = document(office)
    assert (row.title, row.kind) == ("盖州市某某管理暂行办法", "interim")


def test_an_edit_cannot_set_non_positive_validity_years(office):
    register(office)
    refused(
        office,
        ValidationError,
        "有效期年数必须是正整数",
        services.update_document,
        number=N,
        changes={"valid_years": 0},
    )


def test_an_edit_cannot_take_another_documents_registration_number(office):
    register(office, registration_number="GZGS-2016-001")
    register(
        office, number="盖政发〔2016〕10号", title="某办法", registration_number="GZGS-2016-002"
    )
    refused(
        office,
        ValidationError,
        "登记号“GZGS-2016-001”已被其他文件使用",
        services.update_document,
        number="盖政发〔2016〕10号",
        changes={"registration_number": "GZGS-2016-001"},
    )
    # Saving a document with its own registration number is no clash.
    services.update_document(
        office=office, number=N, changes={"registration_number": "GZGS-2016-001", "note": "核对"}
    )
    assert (document(office).registration_number, document(office).note) == (
        "GZGS-2016-001",
        "核对",
    )


def test_an_empty_text_clears_a_field(office):
    register(office, drafting_unit="盖州市民政局")
    services.update_document(office=office, number=N, changes={"drafting_unit": ""})
    assert document(office).drafting_unit is None


def test_editing_validity_of_a_published_document_recomputes_its_end(office):
    published(office, on=D(2016, 3, 1), valid_years=5)  # in force 2016-03-01, until 2021-02-28
    assert document(office).valid_until == D(2021, 2, 28)
    services.update_document(office=office, number=N, changes={"valid_years": 3})
    assert document(office).valid_until == D(2019, 2, 28)
    services.update_document(office=office, number=N, changes={"effective_on": D(2016, 4, 1)})
    assert document(office).valid_until == D(2019, 3, 31)


def test_a_stated_end_of_validity_is_kept_at_publication(office):
    published(office, valid_until=D(2017, 12, 31))
    assert document(office).valid_until == D(2017, 12, 31)


def test_validity_years_count_from_the_effective_date(office):
    published(office, valid_years=3)  # published and in force 2016-03-01
    assert document(office).valid_until == D(2019, 2, 28)


@pytest.mark.parametrize(
    ("title", "until"),
    [("盖州市某某管理暂行办法", D(2018, 2, 28)), ("盖州市某某管理办法（试行）", D(2018, 2, 28))],
)
def test_interim_and_trial_documents_default_to_two_years(office, tmp_path, title, until):
    with_validity_defaults(office, tmp_path, years=5, interim=2)
    published(office, title=title)
    assert document(office).valid_until == until
    published(office, number="盖政发〔2016〕10号", title="盖州市某某管理办法")
    assert document(office, "盖政发〔2016〕10号").valid_until == D(2021, 2, 28)


def test_without_a_stated_period_a_document_does_not_lapse(office):
    # domain.md: no validity period unless the document states one (辽宁 has no default;
    # 省政府令第237号 art. 16 makes an expired 适用期 a ground for a cleanup, not a lapse).
    published(office, on=D(2016, 3, 1))
    assert document(office).valid_until is None


def test_an_edit_on_a_stale_version_changes_nothing(office):
    register(office)
    seen = version(office)
    services.update_document(office=office, number=N, changes={"note": "甲"}, expected_version=seen)
    before = snapshot(office)
    with pytest.raises(ConflictError, match=f"您看到的是第 {seen} 版"):
        services.update_document(
            office=office, number=N, changes={"note": "乙"}, expected_version=seen
        )
    assert snapshot(office) == before


def test_an_unknown_number_is_named(office):
    register(office)
    refused(
        office,
        NotFoundError,
        "登记簿中没有文号为“盖政发〔2016〕99号”的文件",
        services.record_opinions,
        number="盖政发[2016]99号",
        on=D(2016, 1, 10),
    )


def test_an_unknown_issuing_authority_is_named(office):
    message = refused(
        office,
        NotFoundError,
        "没有名为“盖州市不存在局”的制定机关",
        services.register_document,
        number=N,
        title=TITLE,
        authority="盖州市不存在局",
    )
    assert "盖州市人民政府" in message  # the known ones are listed


# ---------------------------------------------------------------------------- body (正文)


def test_the_body_is_kept_shown_replaced_and_the_old_text_stays_in_the_audit(office):
    from sqlmodel import select

    from docfiler.queries import documents as queries
    from docfiler.store.tables import AuditEntry

    register(office, body_text="第一条 为规范临时救助工作，制定本办法。")
    register(office, number="盖政发〔2016〕10号", title="某办法")
    assert queries.document_body(office=office, number=N) == (
        "第一条 为规范临时救助工作，制定本办法。"
    )
    assert queries.document_body(office=office, number="盖政发〔2016〕10号") is None

    services.update_document(
        office=office,
        number=N,
        changes={"body_text": "第一条 为保障城乡居民基本生活，制定本办法。"},
    )
    assert queries.document_body(office=office, number=N) == (
        "第一条 为保障城乡居民基本生活，制定本办法。"
    )
    with office.reading() as session:
        entry = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.summary == f"修改文件 {N}：正文"
    assert "第一条 为规范临时救助工作，制定本办法。" in entry.details

    services.update_document(office=office, number=N, changes={"body_text": ""})
    assert queries.document_body(office=office, number=N) is None


def test_a_period_stated_from_29_february_ends_on_28_february(office):
    # 民法典 art. 202: a period counted in years ends on the corresponding day; a year without
    # 29 February ends it on the month's last day. 2016-02-29 + 2 years → valid until 2018-02-28.
    register(office, number="盖政发〔2016〕12号", effective=D(2016, 2, 29), valid_years=2)
    assert document(office, "盖政发〔2016〕12号").valid_until == D(2018, 2, 28)


def test_a_stated_last_day_is_kept_as_written(office):
    register(office, number="盖政发〔2016〕13号", valid_until=D(2027, 12, 31))
    assert document(office, "盖政发〔2016〕13号").valid_until == D(2027, 12, 31)
