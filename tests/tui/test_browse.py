"""docfiler.browse: the register's pages come from SQL and agree with the core's own queries."""

from __future__ import annotations

import pytest

from docfiler import browse, queries

SEARCHES = [
    "救助",
    "救",
    "管理办法",
    "盖政发[2016]9",
    "盖民发(2019)",
    "盖政办发【2022】6",
    "无此词",
    "",
]


def all_numbers(office, filters: browse.RegisterFilter) -> list[str]:
    numbers, offset = [], 0
    while True:
        page = browse.register_page(office=office, filters=filters, offset=offset, limit=7)
        numbers += [row.doc_number for row in page.rows]
        if not page.has_more:
            return numbers
        offset += 7


@pytest.mark.parametrize("search", SEARCHES)
def test_pages_match_the_core_listing(sample_office, search):
    filters = browse.RegisterFilter(search=search, sort="number", descending=False)
    expected = [
        d["doc_number"]
        for d in queries.list_documents(office=sample_office, search=search or None, sort="number")
    ]
    assert all_numbers(sample_office, filters) == expected
    assert browse.register_count(office=sample_office, filters=filters) == len(expected)


@pytest.mark.parametrize("search", SEARCHES)
def test_the_scan_plan_gives_the_same_page_and_its_total(sample_office, monkeypatch, search):
    filters = browse.RegisterFilter(search=search)
    walked = browse.register_page(office=sample_office, filters=filters, limit=5)
    monkeypatch.setattr(browse, "_walk_within_budget", lambda *_: None)  # the walk gave up
    scanned = browse.register_page(office=sample_office, filters=filters, limit=5)
    assert [r.doc_number for r in scanned.rows] == [r.doc_number for r in walked.rows]
    assert scanned.has_more == walked.has_more
    if search:
        assert scanned.total == browse.register_count(office=sample_office, filters=filters)


def test_filters_and_summaries(sample_office):
    page = browse.register_page(
        office=sample_office, filters=browse.RegisterFilter(status="in_force", year=2026)
    )
    assert page.rows and all(row.status_label == "现行有效" for row in page.rows)
    by_number = {row.doc_number: row for row in page.rows}
    assert by_number["盖政办发〔2026〕73号"].filing.state == "overdue"
    assert by_number["盖政办发〔2026〕66号"].filing.text == "要求补正"


def test_numbers_matching_and_countersigns(sample_office):
    found = browse.numbers_matching(office=sample_office, text="盖政发[2016]9")
    assert found[0][0] == "盖政发〔2016〕9号"
    assert browse.numbers_matching(office=sample_office, text="救助") == []
    assert all(c.replied_on is None for c in browse.countersigns(office=sample_office))


def test_a_walk_over_budget_gives_up_and_the_session_stays_usable(sample_office):
    from sqlalchemy import text

    endless = text(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) "
        "SELECT count(*) FROM c"
    )
    with sample_office.reading() as session:
        assert browse._walk_within_budget(session, endless) is None
        assert session.execute(text("SELECT 1")).scalar() == 1
