"""文号 on the register (issue 9 §3, §4): the agency code must belong to the authority the document
is registered under; another government's code is named as such; a number written in traditional
characters is the same document; an abbreviated issuer of a legal basis is one law. On SQLite and
PostgreSQL."""

from __future__ import annotations

from sqlmodel import select

from docfiler import services
from docfiler.errors import NotFoundError, ValidationError
from docfiler.queries.documents import document_ids
from docfiler.store.tables import Document, LegalBasis
from tests.docfiler.services.helpers import TITLE, D, N, refused, register


def test_another_governments_code_under_our_government_is_refused(office):
    # 营政发〔2016〕45号 is 营口市人民政府's (ln.gov.cn, 营口市政府网站 2016-12-31)
    message = refused(
        office,
        ValidationError,
        "机关代字“营政发”是营口市人民政府的发文机关代字",
        services.register_document,
        number="营政发〔2016〕45号",
        title="关于落实《营口市国民经济和社会发展第十三个五年规划纲要》主要目标和任务工作分工的通知",
        authority="盖州市人民政府",
    )
    assert "docfiler basis add" in message


def test_another_governments_code_without_an_authority_says_whose_it_is(office):
    message = refused(
        office,
        ValidationError,
        "是营口市人民政府的发文机关代字",
        services.register_document,
        number="营政发〔2016〕32号",  # cited by the seed report
        title="某通知",
    )
    assert "不属于任何已登记的制定机关" not in message


def test_an_unknown_code_without_an_authority_is_still_reported_as_unknown(office):
    refused(
        office,
        NotFoundError,
        "机关代字“盖某发”不属于任何已登记的制定机关",
        services.register_document,
        number="盖某发〔2016〕1号",
        title=TITLE,
    )


def test_a_code_registered_to_another_authority_is_refused(office):
    refused(
        office,
        ValidationError,
        "文号的机关代字“盖政办发”属于“盖州市人民政府办公室”，不是“盖州市人民政府”的代字",
        services.register_document,
        number="盖政办发〔2016〕51号",
        title="关于公布盖州市现行有效规范性文件目录的通知",
        authority="盖州市人民政府",
    )


def test_an_unregistered_code_under_an_authority_with_codes_of_its_own_is_refused(office):
    refused(
        office,
        ValidationError,
        "机关代字“盖民发”不是“盖州市人民政府”的代字（其代字：盖政、盖政发）",
        services.register_document,
        number="盖民发〔2016〕1号",
        title=TITLE,
        authority="盖州市人民政府",
    )


def test_an_authority_without_codes_may_take_a_new_one(office):
    services.add_authority(office=office, name="盖州市民政局")
    register(office, number="盖民发〔2016〕1号", authority="盖州市民政局")
    register(office)  # 盖政发 under 盖州市人民政府, by its code
    register(office, number="盖政发〔2016〕10号", title="某办法", authority="盖州市人民政府")
    with office.transaction() as session:
        assert len(session.exec(select(Document.id)).all()) == 3


def test_a_number_in_traditional_characters_is_the_same_document(office):
    register(office)
    refused(
        office,
        ValidationError,
        "文号“盖政发〔2016〕9号”已经登记过",
        services.register_document,
        number="蓋政發〔2016〕9號",
        title=TITLE,
    )
    services.record_opinions(office=office, number="蓋政發[2016]9號", on=D(2016, 1, 10))
    with office.transaction() as session:
        assert session.exec(select(Document.doc_number)).all() == [N]


def test_an_abbreviated_issuer_of_a_legal_basis_is_one_law(office):
    register(office)
    register(office, number="盖政发〔2016〕10号", title="某办法")
    title = "辽宁省规章规范性文件定期清理规定"
    services.add_legal_basis(office=office, number=N, title=title, basis_number="省政府令第237号")
    services.add_legal_basis(
        office=office,
        number="盖政发〔2016〕10号",
        title=title,
        basis_number="辽宁省人民政府令第237号",
    )
    with office.transaction() as session:
        rows = session.exec(select(LegalBasis.higher_law_id, LegalBasis.number)).all()
    assert {number for _, number in rows} == {"辽宁省人民政府令第237号"}
    assert len({law for law, _ in rows}) == 1


def test_an_announcement_numbered_within_the_year_is_stored_by_its_year_and_serial(office):
    """公告 numbered as 国家税务总局 numbers them (国家税务总局公告2016年第23号, real_numbers.toml);
    the office's tax bureau here is made up for the test. The bracketed way of writing the year
    is the same document; the register's year filter and number search find it."""
    bureau, code = "国家税务总局盖州市税务局", "国家税务总局盖州市税务局公告"
    services.add_authority(office=office, name=bureau, codes=[code])
    register(office, number=f"{code}〔2019〕第2号", title="某公告")
    register(office, number=f"{code}2019年第1号", title="另一公告")
    register(office)  # 盖政发〔2016〕9号
    refused(
        office,
        ValidationError,
        f"文号“{code}2019年第2号”已经登记过",
        services.register_document,
        number=f"{code}2019年第02号",
        title="某公告",
    )
    with office.transaction() as session:
        rows = session.exec(
            select(Document.doc_number, Document.agency_code, Document.year, Document.serial)
            .where(Document.agency_code == code)
            .order_by(Document.serial)
        ).all()
    assert [tuple(row) for row in rows] == [
        (f"{code}2019年第1号", code, 2019, 1),
        (f"{code}2019年第2号", code, 2019, 2),
    ]
    found = document_ids(office=office, search=f"{code}（2019）", sort="number")
    numbers_2019 = document_ids(office=office, year=2019, sort="number")
    with office.transaction() as session:
        by_id = dict(session.exec(select(Document.id, Document.doc_number)).all())
    assert [by_id[i] for i in found] == [f"{code}2019年第1号", f"{code}2019年第2号"]
    assert [by_id[i] for i in numbers_2019] == [f"{code}2019年第1号", f"{code}2019年第2号"]
