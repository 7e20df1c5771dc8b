"""Bulk import of an old register: the row rules that test_bulk.py does not pin."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from docfiler.errors import ValidationError
from docfiler.services.imports import import_documents
from docfiler.store.tables import Document, Filing
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
        "准予备案",
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
