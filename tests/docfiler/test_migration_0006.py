"""Migration 0006: filings kept before the filing history get one submission each, and answers
stored in the words of the 2001 法规规章备案条例 era are mapped to those of 法规规章备案审查条例
(国务院令第789号, 2024): 准予备案 → 予以备案登记, 要求补正 → 暂缓办理备案登记, 要求纠正 → 审查意见."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from docfiler.store.engine import make_engine, migrate

D = dt.date

FILINGS = [
    # id, body, due, submitted, receipt, result, result on
    (1, "营口市人民政府", "2016-03-16", "2016-03-10", "营备〔2016〕12号", "准予备案", "2016-03-20"),
    (2, "盖州市人大常委会", "2016-03-31", "2016-03-25", None, "要求补正", "2016-04-01"),
    (3, "盖州市人民政府", "2016-03-16", "2016-03-11", None, "要求纠正", "2016-04-02"),
    (4, "某机关", "2016-03-16", None, None, None, None),
]


def test_0006_copies_submissions_and_maps_the_old_words(db_url):
    engine = make_engine(db_url)
    migrate(engine, "0005")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO authority (id, name, kind) VALUES (1, '盖州市人民政府', 'government')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO document (id, doc_number, agency_code, year, serial, title,"
                " authority_id, kind, is_sample, created_at, updated_at, version)"
                " VALUES (1, '盖政发〔2016〕9号', '盖政发', 2016, 9, '办法', 1, 'regular',"
                " false, '2016-03-01 00:00:00', '2016-03-01 00:00:00', 1)"
            )
        )
        for row in FILINGS:
            connection.execute(
                text(
                    "INSERT INTO filing (id, document_id, body, due_on, due_provisional,"
                    " submitted_on, receipt_number, result, result_on, version)"
                    " VALUES (:id, 1, :body, :due, false, :submitted, :receipt, :result, :on, 1)"
                ),
                dict(
                    zip(
                        ("id", "body", "due", "submitted", "receipt", "result", "on"),
                        row,
                        strict=True,
                    )
                ),
            )
    migrate(engine)
    with engine.connect() as connection:
        results = connection.execute(text("SELECT id, result FROM filing ORDER BY id")).all()
        history = connection.execute(
            text(
                "SELECT filing_id, document_id, due_on, submitted_on, receipt_number, result,"
                " result_on, review_result, review_on FROM filingsubmission ORDER BY filing_id"
            )
        ).all()
        market = connection.execute(text("SELECT concerns_market FROM document")).scalar_one()
    engine.dispose()
    assert [tuple(r) for r in results] == [
        (1, "予以备案登记"),
        (2, "暂缓办理备案登记"),
        (3, "审查意见"),
        (4, None),
    ]

    def day(value):  # SQLite gives dates back as text
        return value if isinstance(value, dt.date) or value is None else D.fromisoformat(value)

    assert [
        tuple(day(v) if i in (2, 3, 6, 8) else v for i, v in enumerate(r)) for r in history
    ] == [
        (
            1,
            1,
            D(2016, 3, 16),
            D(2016, 3, 10),
            "营备〔2016〕12号",
            "予以备案登记",
            D(2016, 3, 20),
            None,
            None,
        ),
        (2, 1, D(2016, 3, 31), D(2016, 3, 25), None, "暂缓办理备案登记", D(2016, 4, 1), None, None),
        (3, 1, D(2016, 3, 16), D(2016, 3, 11), None, None, None, "审查意见", D(2016, 4, 2)),
    ]
    assert not market
