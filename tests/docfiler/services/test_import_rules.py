"""Bulk import of an old register: the row rules that test_bulk.py does not pin."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from docfiler import services
from docfiler.errors import ValidationError
from docfiler.services.imports import import_documents
from docfiler.store.tables import Authority, Document, Filing
from tests.docfiler.services.helpers import CITY, CONGRESS, D, document, filings, refused, register


def test_a_registration_number_already_on_the_register_is_refused(office):
    register(office, registration_number="GZGS-2016-001")
    message = refused(
        office,
        ValidationError,
        "第 2 行：盖政发〔2016〕11号 的登记号“GZGS-2016-001”重复",
        import_documents,
        records=[
            {
                "number": "盖政发〔2016〕10号",
                "title": "某办法",
                "registration_number": "GZGS-2016-002",
            },
            {
                "number": "盖政发〔2016〕11号",
                "title": "另一办法",
                "registration_number": "GZGS-2016-001",
            },
        ],
    )
    assert message.startswith("导入未执行：1 行有误")


def test_filings_of_a_document_never_published_are_refused(office):
    refused(
        office,
        ValidationError,
        "第 1 行：盖政发〔2016〕10号 尚未公布，不能有备案记录",
        import_documents,
        records=[
            {
                "number": "盖政发〔2016〕10号",
                "title": "某办法",
                "filings": [{"body": CITY, "submitted": "2016-03-05"}],
            }
        ],
    )


@pytest.mark.parametrize("years", ["3", 2.5])
def test_validity_years_must_be_a_whole_number(office, years):
    message = refused(
        office,
        ValidationError,
        "第 1 行：",
        import_documents,
        records=[
            {
                "number": "盖政发〔2016〕10号",
                "title": "某办法",
                "published": "2016-03-01",
                "valid_years": years,
            }
        ],
    )
    assert "有效期年数" in message and "正整数" in message and str(years) in message


def test_a_document_published_today_is_imported(office):
    import_documents(
        office=office,
        records=[{"number": "盖政发〔2026〕90号", "title": "某办法", "published": "2026-11-26"}],
    )
    assert document(office, "盖政发〔2026〕90号").published_on == D(2026, 11, 26)


def test_an_imported_repeal_and_declaration_are_kept(office):
    import_documents(
        office=office,
        records=[
            {
                "number": "盖政发〔2016〕10号",
                "title": "某办法",
                "published": "2016-03-01",
                "repealed": "2018-01-01",
                "repeal_reason": "已被替代",
            },
            {
                "number": "盖政发〔2016〕11号",
                "title": "另一办法",
                "published": "2016-03-01",
                "declared_invalid": "2017-06-01",
                "invalid_reason": "调整对象已消失",
            },
        ],
    )
    repealed, invalid = (
        document(office, "盖政发〔2016〕10号"),
        document(office, "盖政发〔2016〕11号"),
    )
    assert (repealed.repealed_on, repealed.repeal_reason) == (D(2018, 1, 1), "已被替代")
    assert (invalid.declared_invalid_on, invalid.invalid_reason) == (
        D(2017, 6, 1),
        "调整对象已消失",
    )


def test_imported_filings_get_the_rulebook_due_dates(office):
    import_documents(
        office=office,
        records=[
            {
                "number": "盖政发〔2016〕10号",
                "title": "某办法",
                "published": "2016-03-01",
                "filings": [
                    {
                        "body": CONGRESS,
                        "submitted": "2016-03-20",
                        "receipt": "人大备〔2016〕3号",
                        "result": "准予备案",
                        "result_date": "2016-04-15",
                    }
                ],
            }
        ],
    )
    rows = filings(office, "盖政发〔2016〕10号")
    assert {body: row.due_on for body, row in rows.items()} == {
        CITY: D(2016, 3, 16),
        CONGRESS: D(2016, 3, 31),
    }
    congress = rows[CONGRESS]
    assert (
        congress.submitted_on,
        congress.receipt_number,
        congress.result,
        congress.result_on,
    ) == (
        D(2016, 3, 20),
        "人大备〔2016〕3号",
        "予以备案登记",  # the old word 准予备案 stored in 法规规章备案审查条例's (issue 9 §3)
        D(2016, 4, 15),
    )


def test_nothing_of_a_refused_batch_is_written(office):
    records = [
        {"number": "盖政发〔2016〕10号", "title": "某办法", "published": "2016-03-01"},
        {"number": "盖政发〔2016〕11号", "title": "另一办法", "published": "2016-02-30"},
    ]
    refused(office, ValidationError, "第 2 行：", import_documents, records=records)
    with office.reading() as session:
        assert session.execute(select(Document.id)).all() == []
        assert session.execute(select(Filing.id)).all() == []


# ---------------------------------------------------------------------------- agency codes
# The rule registering one document follows (issue 9 §3, store.lookups.authority_for_code):
# the number's agency code must belong to the authority the row is imported under.


def test_another_governments_code_is_refused_with_whose_it_is(office):
    # 营政发〔2016〕45号 is 营口市人民政府's (ln.gov.cn; rulebook [other_governments])
    message = refused(
        office,
        ValidationError,
        "第 1 行：机关代字“营政发”是营口市人民政府的发文机关代字，不属于本登记簿的制定机关。",
        import_documents,
        records=[
            {"number": "营政发〔2016〕45号", "title": "某通知", "authority": "盖州市人民政府"}
        ],
    )
    assert "docfiler basis add" in message
    refused(
        office,
        ValidationError,
        "第 1 行：机关代字“营政发”是营口市人民政府的发文机关代字",
        import_documents,
        records=[{"number": "营政发〔2016〕32号", "title": "某通知"}],
    )


def test_a_code_registered_to_another_authority_is_refused(office):
    refused(
        office,
        ValidationError,
        "第 1 行：文号的机关代字“盖政办发”属于“盖州市人民政府办公室”，不是“盖州市人民政府”的代字。"
        "请登记在“盖州市人民政府办公室”名下（authority 盖州市人民政府办公室，或不写 authority），"
        "或核对文号。",
        import_documents,
        records=[
            {
                "number": "盖政办发〔2016〕51号",
                "title": "关于公布盖州市现行有效规范性文件目录的通知",
                "authority": "盖州市人民政府",
            }
        ],
    )


def test_a_code_the_named_authority_does_not_have_is_refused(office):
    refused(
        office,
        ValidationError,
        "第 1 行：机关代字“盖民发”不是“盖州市人民政府”的代字（其代字：盖政、盖政发）。",
        import_documents,
        records=[{"number": "盖民发〔2016〕1号", "title": "某办法", "authority": "盖州市人民政府"}],
    )


def test_an_unknown_code_without_an_authority_is_listed_with_the_other_rows(office):
    message = refused(
        office,
        ValidationError,
        "导入未执行：2 行有误",
        import_documents,
        records=[
            {"number": "盖某发〔2016〕1号", "title": "某办法"},
            {"number": "营政发〔2016〕32号", "title": "某通知"},
            {"number": "盖政发〔2016〕10号", "title": "某办法"},
        ],
    )
    assert message.splitlines()[1] == (
        "第 1 行：机关代字“盖某发”不属于任何已登记的制定机关。请用 authority 指明制定机关，"
        "或用 `docfiler authority add 机关名称 --code 代字` 登记这个代字。"
    )
    assert message.splitlines()[2].startswith("第 2 行：机关代字“营政发”是营口市人民政府的")


def test_an_authority_without_codes_may_take_a_new_one_and_a_code_finds_its_owner(office):
    services.add_authority(office=office, name="盖州市民政局")
    import_documents(
        office=office,
        records=[
            {"number": "盖民发〔2016〕1号", "title": "某办法", "authority": "盖州市民政局"},
            {"number": "盖政办发〔2016〕51号", "title": "某目录"},
            {"number": "盖政发〔2016〕10号", "title": "某办法", "authority": "盖州市人民政府"},
        ],
    )
    with office.reading() as session:
        rows = session.execute(
            select(Document.doc_number, Authority.name)
            .join(Authority, Authority.id == Document.authority_id)
            .order_by(Document.doc_number)
        ).all()
    assert [tuple(row) for row in rows] == [
        ("盖政办发〔2016〕51号", "盖州市人民政府办公室"),
        ("盖政发〔2016〕10号", "盖州市人民政府"),
        ("盖民发〔2016〕1号", "盖州市民政局"),
    ]


def test_registering_and_importing_refuse_with_the_same_words(office):
    """One rule, one message: the CLI's --authority becomes the import row's authority."""
    one = refused(
        office,
        ValidationError,
        "是营口市人民政府的发文机关代字",
        services.register_document,
        number="营政发〔2016〕45号",
        title="某通知",
        authority="盖州市人民政府",
    )
    many = refused(
        office,
        ValidationError,
        "是营口市人民政府的发文机关代字",
        import_documents,
        records=[
            {"number": "营政发〔2016〕45号", "title": "某通知", "authority": "盖州市人民政府"}
        ],
    )
    assert many.splitlines()[1] == f"第 1 行：{one}"


def test_an_import_is_held_to_the_same_limits_on_both_databases(office):
    """Issue 14, item 6: a 400-character title or a 600-character repeal reason in an import is
    refused with the column's limit in Chinese — on SQLite too, which would store it."""
    message = refused(
        office,
        ValidationError,
        "导入未执行：2 行有误",
        import_documents,
        records=[
            {"number": "盖政发〔2016〕1号", "title": "题" * 400},
            {
                "number": "盖政发〔2016〕2号",
                "title": "某办法",
                "published": "2016-03-01",
                "repealed": "2018-01-01",
                "repeal_reason": "因" * 600,
            },
        ],
    )
    assert message.splitlines()[1:] == [
        "第 1 行：标题太长：最多 300 个字，现在有 400 个字。请删减后重新输入。",
        "第 2 行：废止理由太长：最多 500 个字，现在有 600 个字。请删减后重新输入。",
    ]
