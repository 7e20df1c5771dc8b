"""docfiler.queries.register: the register's pages come from SQL and agree with the core's own queries."""

from __future__ import annotations

import pytest

from docfiler.queries import documents as queries
from docfiler.queries import pickers, register_warm
from docfiler.queries import register as browse

SEARCHES = [
    "救助",
    "救",
    "管理办法",
    "盖政发[2016]9",
    "盖民发(2019)",
    "盖政办发【2022】6",
    "盖政发〔201",  # a decade: the walk is bounded by year 2010–2019
    "盖政办发[202",
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
    monkeypatch.setattr(browse, "_covered", lambda *_: False)  # the walk has a budget
    monkeypatch.setattr(browse, "_walk_within_budget", lambda *_: None)  # which ran out
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
    assert by_number["盖政办发〔2026〕66号"].filing.text == "暂缓办理备案登记"


def test_documents_matching_and_countersigns(sample_office):
    found = pickers.documents_matching(office=sample_office, text="盖政发[2016]9")
    assert [(f.number, f.number_marks) for f in found] == [("盖政发〔2016〕9号", ((0, 10),))]
    # title words too (issue 11, item 4), newest first, with where they matched
    found = pickers.documents_matching(office=sample_office, text="救助")
    assert [f.number for f in found] == [
        "盖民发〔2024〕3号",
        "盖民发〔2019〕21号",
        "盖政发〔2016〕9号",
    ]
    assert found[2].title_marks == ((9, 11),)  # 盖州市城乡居民临时 | 救助 | 实施办法
    assert pickers.documents_matching(office=sample_office, text="无此词") == []
    assert all(c.replied_on is None for c in pickers.countersigns(office=sample_office))


def test_a_walk_over_budget_gives_up_and_the_session_stays_usable(sqlite_sample_office):
    """SQLite only: a walk's time budget is kept by SQLite's progress handler."""
    sample_office = sqlite_sample_office
    from sqlalchemy import text

    endless = text(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) "
        "SELECT count(*) FROM c"
    )
    with sample_office.reading() as session:
        connection = session.connection().connection.driver_connection
        assert browse._walk_within_budget(session, endless) is None
        assert session.execute(text("SELECT 1")).scalar() == 1
        # Still the same connection: the one whose progress handler interrupted the walk.
        assert session.connection().connection.driver_connection is connection


PLANS = {
    # How a page can be read; each must give the rows of queries.list_documents.
    "as chosen": {},
    "broad number range walked": {"NARROW_RANGE": 0},
    "walk over budget": {
        "NARROW_RANGE": 0,
        "_covered": lambda *_: False,
        "WALK_BUDGET": 0.0,
        "CHECK_EVERY": 1,
    },
    "walk gave up": {
        "NARROW_RANGE": 0,
        "_covered": lambda *_: False,
        "_walk_within_budget": lambda *_: None,
    },
    "known rare": {"narrows_rare": lambda *_: True},
}
SORTS = ["year", "number", "published", "title"]


@pytest.mark.parametrize("plan", PLANS)
@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("search", SEARCHES)
def test_every_plan_and_sort_gives_the_core_listing(sample_office, monkeypatch, plan, sort, search):
    for name, value in PLANS[plan].items():
        monkeypatch.setattr(browse, name, value)
    filters = browse.RegisterFilter(search=search, sort=sort, descending=False)
    expected = [
        d["doc_number"]
        for d in queries.list_documents(office=sample_office, search=search or None, sort=sort)
    ]
    assert all_numbers(sample_office, filters) == expected
    first = browse.register_page(office=sample_office, filters=filters, limit=7)
    if first.total is not None:
        assert first.total == len(expected)


@pytest.mark.parametrize("plan", PLANS)
@pytest.mark.parametrize("search", ["盖政发[", "盖政办发", "救助", ""])
def test_every_plan_gives_the_same_descending_pages(sample_office, monkeypatch, plan, search):
    filters = browse.RegisterFilter(search=search)
    chosen = all_numbers(sample_office, filters)
    for name, value in PLANS[plan].items():
        monkeypatch.setattr(browse, name, value)
    assert all_numbers(sample_office, filters) == chosen


def test_a_number_search_brings_its_total(sample_office, monkeypatch):
    filters = browse.RegisterFilter(search="盖政发[")
    expected = browse.register_count(office=sample_office, filters=filters)
    page = browse.register_page(office=sample_office, filters=filters, limit=3)
    assert page.has_more and page.total == expected
    # Narrowed by another filter, or past the probe's cap, the count is left to register_count.
    narrowed = browse.RegisterFilter(search="盖政发[", status="in_force")
    assert browse.register_page(office=sample_office, filters=narrowed, limit=1).total is None
    monkeypatch.setattr(browse, "PROBE_CAP", 2)
    assert browse.register_page(office=sample_office, filters=filters, limit=3).total is None


def test_postgresql_leaves_a_broad_number_range_to_the_count(sample_office, monkeypatch):
    """Counting a broad range on its index costs PostgreSQL a keystroke's time: past
    NARROW_RANGE the page comes without its total there; SQLite counts it on the way."""
    filters = browse.RegisterFilter(search="盖政发[")
    expected = browse.register_count(office=sample_office, filters=filters)
    assert expected > 2
    monkeypatch.setattr(browse, "NARROW_RANGE", 2)
    page = browse.register_page(office=sample_office, filters=filters, limit=3)
    if sample_office.engine.dialect.name == "sqlite":
        assert page.total == expected
    else:
        assert page.total is None
    assert len(page.rows) == 3 and page.has_more


TITLES = ["关于PM2.5防治的通知", "关于pm10_监测（100%覆盖）的通知", "Ａ类/乙类事项办法"]


@pytest.mark.parametrize(
    "search", ["pm", "PM2", "Pm1", "_", "0_", "%", "100%", "/", "类/乙", "ａ类", "Ａ", "防治 PM"]
)
def test_title_words_match_as_in_the_core(sample_office, search):
    """Words with letter case go to LIKE; the others to instr(): the same rows either way."""
    from sqlalchemy import text

    with sample_office.engine.begin() as connection:
        ids = connection.execute(text("SELECT id FROM document ORDER BY id LIMIT 3")).scalars()
        for document_id, title in zip(ids, TITLES, strict=True):
            connection.execute(
                text("UPDATE document SET title = :t WHERE id = :i"),
                {"t": title, "i": document_id},
            )
    filters = browse.RegisterFilter(search=search, sort="number", descending=False)
    expected = [
        d["doc_number"]
        for d in queries.list_documents(office=sample_office, search=search, sort="number")
    ]
    assert all_numbers(sample_office, filters) == expected
    assert browse.register_count(office=sample_office, filters=filters) == len(expected)


def test_a_narrower_search_of_a_rare_one_is_scanned_at_once(sample_office, monkeypatch):
    browse.register_page(office=sample_office, filters=browse.RegisterFilter(search="救助"))
    walks = []
    monkeypatch.setattr(browse, "_walk_within_budget", lambda *args: walks.append(args) or None)
    monkeypatch.setattr(browse, "_covered", lambda *_: False)
    narrower = browse.RegisterFilter(search="临时救助")
    page = browse.register_page(office=sample_office, filters=narrower)
    assert walks == [] and page.total == browse.register_count(
        office=sample_office, filters=narrower
    )
    other = browse.RegisterFilter(search="救助", status="in_force")  # other filters: not known
    browse.register_page(office=sample_office, filters=other)
    assert len(walks) == 1


@pytest.mark.parametrize("search", ["", "救助", "盖政发[", "盖政发[2016]9"])
def test_a_cancelled_read_is_interrupted(sample_office, monkeypatch, search):
    monkeypatch.setattr(browse, "CHECK_EVERY", 1)
    filters = browse.RegisterFilter(search=search, status="in_force")
    with pytest.raises(browse.Cancelled):
        browse.register_page(office=sample_office, filters=filters, cancelled=lambda: True)
    with pytest.raises(browse.Cancelled):
        browse.register_count(office=sample_office, filters=filters, cancelled=lambda: True)
    # Not cancelled, the same reads run to the end.
    page = browse.register_page(office=sample_office, filters=filters, cancelled=lambda: False)
    count = browse.register_count(office=sample_office, filters=filters, cancelled=lambda: False)
    assert len(page.rows) == min(count, browse.PAGE_SIZE)


def test_a_cancelled_read_is_stopped_on_the_postgresql_server(sample_office):
    """A long statement is cancelled on the server once the clerk has moved on."""
    import time

    from sqlalchemy import text

    if sample_office.engine.dialect.name != "postgresql":
        pytest.skip("SQLite statements are interrupted by the progress handler (tested above)")
    start = time.monotonic()
    moved_on = lambda: time.monotonic() - start > 0.05  # noqa: E731
    with (
        pytest.raises(browse.Cancelled),
        sample_office.reading() as session,
        browse._interruptible(session, moved_on),
    ):
        session.execute(text("SELECT pg_sleep(30)")).all()  # would outlast the test
    with sample_office.reading() as session:  # the connection is usable afterwards
        assert session.execute(text("SELECT 1")).scalar() == 1


def test_warming_the_searches_reads_only_and_never_fails(sample_office, monkeypatch, caplog):
    """The TUI runs each kind of search once after the dashboard (`warm`), so the clerk's
    first search of each kind finds its statements compiled: it writes nothing, and a failure
    is logged, not raised into the screen."""
    from sqlalchemy import text

    def counts():
        with sample_office.engine.connect() as connection:
            return [
                connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("document", "auditentry", "filing")
            ]

    before = counts()
    page = browse.register_page(office=sample_office, filters=browse.RegisterFilter(search="救助"))
    register_warm.warm(sample_office)
    assert counts() == before
    again = browse.register_page(office=sample_office, filters=browse.RegisterFilter(search="救助"))
    assert again.rows == page.rows

    def broken(**_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(register_warm, "register_page", broken)
    register_warm.warm(sample_office)  # no exception
    assert "warming the register's searches" in caplog.text


def test_postgresql_walks_a_broad_number_range_on_the_sort_index(sample_office, monkeypatch):
    """A broad doc-number range is read by walking the register's order. SQLite is kept off the
    doc_number index by an opaque range; PostgreSQL gets the range on the column itself, which
    it tests on ix_document_year_serial as it walks (that index holds doc_number): with the
    opaque range it could test it on no index and scanned the whole table instead (100k: 33 ms
    a keystroke, against 0.2–3)."""
    from sqlalchemy import event

    statements = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(sample_office.engine, "before_cursor_execute", record)
    monkeypatch.setattr(browse, "NARROW_RANGE", 0)
    try:
        filters = browse.RegisterFilter(search="盖政发[2016")
        page = browse.register_page(office=sample_office, filters=filters, limit=2)
    finally:
        event.remove(sample_office.engine, "before_cursor_execute", record)
    assert page.rows[0].doc_number.startswith("盖政发〔2016〕")
    walks = [(s, p) for s, p in statements if "ORDER BY document.year DESC" in s and "LIMIT" in s]
    assert len(walks) == 1
    statement, parameters = walks[0]
    if sample_office.engine.dialect.name == "sqlite":
        assert "coalesce(document.doc_number" in statement  # SQLite: kept off its index
        return
    assert "coalesce" not in statement.lower()
    with sample_office.engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")  # a table this small is scanned
        plan = [r[0] for r in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)]
    # On 100k rows the planner walks ix_document_year_serial; on these few it may take another
    # index. Either way the range is an index condition, never a filter run on every row.
    assert any("Index Cond" in line and "doc_number" in line for line in plan), plan
    assert not any("Filter" in line and "doc_number" in line for line in plan), plan


def test_a_piece_of_a_number_with_part_of_a_year_reads_only_those_years(sample_office):
    """`〔201` is no agency code's number but a piece of one: its year is one of 2010–2019,
    and the register's walk seeks those years instead of passing every newer document (300k
    on PostgreSQL: 26 ms of walking 2020–2026, 70 ms a keystroke)."""
    from sqlalchemy import event

    statements = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(sample_office.engine, "before_cursor_execute", record)
    try:
        filters = browse.RegisterFilter(search="〔201")
        page = browse.register_page(office=sample_office, filters=filters, limit=50)
    finally:
        event.remove(sample_office.engine, "before_cursor_execute", record)
    numbers = [row.doc_number for row in page.rows]
    assert len(numbers) == 18  # sample_docs/register.toml: the numbers of 2010 to 2019
    assert numbers[:2] == ["盖政办发〔2019〕61号", "盖民发〔2019〕21号"]
    assert numbers[-1] == "盖政发〔2010〕49号"
    assert all("〔201" in number for number in numbers)
    walks = [(s, p) for s, p in statements if "ORDER BY document.year DESC" in s and "LIMIT" in s]
    assert len(walks) == 1
    statement, parameters = walks[0]
    assert "document.year BETWEEN" in statement
    assert {2010, 2019} <= set(parameters.values() if isinstance(parameters, dict) else parameters)
    if sample_office.engine.dialect.name == "postgresql":
        with sample_office.engine.connect() as connection:
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = [r[0] for r in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)]
        assert any("Index Cond" in line and "year" in line for line in plan), plan
