"""A cleanup item's references hold on both databases: SQLite by its FOREIGN KEYs, PostgreSQL by
the statement triggers of migration 0011 (docfiler/store/statement_checked.py)."""

import datetime as dt
import threading

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from docfiler.services.cleanup import start_campaign
from docfiler.store.backup_format import reflected_tables
from tests.sqlite_stats import plan_as_if

AS_OF = dt.date(2026, 11, 1)
# The sample register's 21 documents in force on AS_OF, and 盖财发〔2020〕46号, valid until
# 2025-12-31 (tests/docfiler/test_cleanup.py)
IN_FORCE = 22
ABSENT = 987_654


def _bare_document(connection, number: str) -> int:
    """A document with no procedure, filing or body: nothing but what a test adds refers to it."""
    authority = connection.execute(text("SELECT min(id) FROM authority")).scalar_one()
    return connection.execute(
        text(
            "INSERT INTO document (doc_number, agency_code, year, serial, title, authority_id,"
            " kind, is_sample, created_at, updated_at, version, concerns_market)"
            " VALUES (:number, '盖政发', 2026, :serial, '测试用文件', :authority, 'normative',"
            " false, :now, :now, 1, false) RETURNING id"
        ),
        {
            "number": number,
            "serial": int(number.split("〕")[1].rstrip("号")),
            "authority": authority,
            "now": dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
        },
    ).scalar_one()


def _item(connection, campaign: int, document: int, amended_by: int | None = None) -> None:
    connection.execute(
        text(
            "INSERT INTO cleanupitem (campaign_id, document_id, amended_by_id, version)"
            " VALUES (:campaign, :document, :amended, 1)"
        ),
        {"campaign": campaign, "document": document, "amended": amended_by},
    )


def _refers_to_nothing(error: IntegrityError) -> bool:
    """A FOREIGN KEY's own error (SQLite), or the one the triggers raise like it (PostgreSQL:
    SQLSTATE 23503), not some other constraint's."""
    code = getattr(error.orig, "sqlstate", None)
    return code == "23503" or "FOREIGN KEY constraint failed" in str(error.orig)


def _items(office) -> int:
    with office.engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM cleanupitem")).scalar_one()


@pytest.fixture
def campaign(sample_office):
    started = start_campaign(office=sample_office, name="2026年规范性文件清理", as_of=AS_OF)
    assert started.total == IN_FORCE
    return started.id


@pytest.mark.parametrize("missing", ["campaign", "document", "amended_by"])
def test_an_item_referring_to_nothing_is_refused_and_nothing_is_written(
    sample_office, campaign, missing
):
    with sample_office.engine.begin() as connection:  # in no campaign yet
        document = _bare_document(connection, "盖政发〔2026〕900号")
    values = {"campaign": campaign, "document": document, "amended_by": None}
    values[missing] = ABSENT
    with pytest.raises(IntegrityError) as refused, sample_office.engine.begin() as connection:
        _item(connection, values["campaign"], values["document"], values["amended_by"])
    assert _refers_to_nothing(refused.value)
    assert _items(sample_office) == IN_FORCE
    with sample_office.engine.begin() as connection:  # the same item, its reference mended
        _item(connection, campaign, document, amended_by=None)
    assert _items(sample_office) == IN_FORCE + 1


def test_an_update_pointing_an_item_at_nothing_is_refused(sample_office, campaign):
    with pytest.raises(IntegrityError) as refused, sample_office.engine.begin() as connection:
        connection.execute(
            text("UPDATE cleanupitem SET amended_by_id = :absent WHERE campaign_id = :campaign"),
            {"absent": ABSENT, "campaign": campaign},
        )
    assert _refers_to_nothing(refused.value)
    with sample_office.engine.connect() as connection:
        amended = connection.execute(text("SELECT count(amended_by_id) FROM cleanupitem"))
        assert amended.scalar_one() == 0


def test_a_document_or_campaign_an_item_refers_to_cannot_be_deleted_or_renumbered(
    sample_office, campaign
):
    engine = sample_office.engine
    with engine.begin() as connection:
        decided = _bare_document(connection, "盖政发〔2026〕901号")
        amending = _bare_document(connection, "盖政发〔2026〕902号")
        _item(connection, campaign, decided, amended_by=amending)
    refused = [
        ("DELETE FROM document WHERE id = :id", decided),
        ("DELETE FROM document WHERE id = :id", amending),
        ("UPDATE document SET id = 990001 WHERE id = :id", decided),
        ("UPDATE document SET id = 990002 WHERE id = :id", amending),
        ("DELETE FROM cleanupcampaign WHERE id = :id", campaign),
        ("UPDATE cleanupcampaign SET id = 990003 WHERE id = :id", campaign),
    ]
    for statement, row in refused:
        with pytest.raises(IntegrityError) as error, engine.begin() as connection:
            connection.execute(text(statement), {"id": row})
        assert _refers_to_nothing(error.value), statement
    with engine.connect() as connection:
        ids = connection.execute(
            text("SELECT id FROM document WHERE id IN (:a, :b)"), {"a": decided, "b": amending}
        )
        assert sorted(ids.scalars()) == sorted([decided, amending])
    # Once no item refers to them, the same statements go through.
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM cleanupitem WHERE document_id = :id"), {"id": decided})
        connection.execute(text("UPDATE document SET id = 990001 WHERE id = :id"), {"id": decided})
        connection.execute(text("DELETE FROM document WHERE id IN (990001, :id)"), {"id": amending})


def test_restoring_order_puts_the_referenced_tables_first(sample_office):
    """A restore empties children first and loads parents first (backup_format)."""
    with sample_office.engine.connect() as connection:
        names = [table.name for table in reflected_tables(connection)]
    for parent in ("cleanupcampaign", "document"):
        assert names.index(parent) < names.index("cleanupitem")


@pytest.fixture
def pg_office(sample_office):
    if sample_office.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: no two transactions race there")
    return sample_office


def _second_waits_then_fails(engine, first, second, why: str) -> IntegrityError:
    """`first(connection)` in a transaction left open; `second(connection)` in another thread
    must wait for it, and once `first` commits, fail. Returns the second's error."""
    outcome: list = []

    def run() -> None:
        try:
            with engine.begin() as connection:
                connection.execute(text("SET LOCAL lock_timeout = '20s'"))
                second(connection)
            outcome.append("done")
        except Exception as exc:  # reported to the test
            outcome.append(exc)

    open_one = engine.connect()
    open_one.begin()
    first(open_one)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join(0.5)
    assert thread.is_alive(), why
    open_one.commit()
    open_one.close()
    thread.join(20)
    assert len(outcome) == 1 and isinstance(outcome[0], IntegrityError), outcome
    return outcome[0]


def _delete(document: int):
    return lambda connection: connection.execute(
        text("DELETE FROM document WHERE id = :id"), {"id": document}
    )


def test_an_item_written_while_its_document_is_being_deleted_waits_then_is_refused(
    pg_office, campaign
):
    with pg_office.engine.begin() as connection:
        bare = _bare_document(connection, "盖政发〔2026〕903号")
    error = _second_waits_then_fails(
        pg_office.engine,
        _delete(bare),
        lambda connection: _item(connection, campaign, bare),
        "the item was written while the delete was open",
    )
    assert _refers_to_nothing(error)
    assert _items(pg_office) == IN_FORCE


def test_a_document_deleted_while_an_item_refers_to_it_uncommitted_waits_then_is_refused(
    pg_office, campaign
):
    with pg_office.engine.begin() as connection:
        bare = _bare_document(connection, "盖政发〔2026〕904号")
    error = _second_waits_then_fails(
        pg_office.engine,
        lambda connection: _item(connection, campaign, bare),
        _delete(bare),
        "the document was deleted while an item referring to it was open",
    )
    assert _refers_to_nothing(error)
    assert _items(pg_office) == IN_FORCE + 1


def test_a_worklist_is_written_in_document_order_from_the_in_force_index(sample_office):
    """Each item's reference is then checked on the next document row (SQLite reads `document`
    in order, not a page anywhere in it: issue 15, cold start), and SQLite reads which
    documents are in force from ix_document_in_force, not from the rows."""
    if sample_office.engine.dialect.name == "sqlite":
        _as_if_large(sample_office.engine)
    inserts: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.startswith("INSERT INTO cleanupitem"):
            inserts.append((statement, parameters))

    event.listen(sample_office.engine, "before_cursor_execute", seen)
    try:
        started = start_campaign(office=sample_office, name="2026年规范性文件清理", as_of=AS_OF)
    finally:
        event.remove(sample_office.engine, "before_cursor_execute", seen)
    with sample_office.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT document_id, flag FROM cleanupitem WHERE campaign_id = :c ORDER BY id"),
            {"c": started.id},
        ).all()
        in_force = [doc for doc, flag in rows if flag is None]
        lapsed = [doc for doc, flag in rows if flag is not None]
        assert (len(in_force), len(lapsed)) == (21, 1)
        assert in_force == sorted(in_force)
        assert len(inserts) == 2
        if sample_office.engine.dialect.name == "sqlite":
            statement, parameters = inserts[0]
            select_part = statement[statement.index("SELECT") :]
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + select_part, parameters)
            details = " / ".join(row[-1] for row in plan)
            assert "USING COVERING INDEX ix_document_in_force" in details, details


# What ANALYZE wrote for `document` in the 100,000-document benchmark register (benchmarks/).
LARGE_REGISTER_STATS = {
    "ix_document_in_force": "100105 8 8 5 4 4 2",
    "ix_document_published_on": "100105 8",
    "ix_document_valid_until": "100105 225",
    "ix_document_year_serial": "100105 2706 6 1 1",
    "ix_document_title": "100105 265",
    "ix_document_title_sort": "100105 265 265 1",
    "ix_document_authority_year": "100105 16685 451",
}


def _as_if_large(engine) -> None:
    """SQLite plans the sample's 44 documents as it plans 100,000. With 44 it reads the rows
    themselves."""
    plan_as_if(engine, "document", LARGE_REGISTER_STATS)
