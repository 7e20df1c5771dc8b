"""Storage: SQLite by default under the user data directory, WAL and foreign keys on."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from docfiler.config import Settings
from docfiler.errors import ConfigError
from docfiler.store.engine import current_revision, make_engine, migrate, normalize_url


def test_default_database_is_sqlite_in_the_user_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCFILER_DATA_DIR", str(tmp_path / "data"))
    settings = Settings.load()
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'docfiler.db'}"
    assert settings.operator == "测试员"


def test_environment_and_option_choose_the_database(monkeypatch):
    monkeypatch.setenv("DOCFILER_DATABASE_URL", "sqlite:///from-env.db")
    assert Settings.load().database_url == "sqlite:///from-env.db"
    assert Settings.load(database_url="sqlite:///from-option.db").database_url == (
        "sqlite:///from-option.db"
    )


def test_sqlite_runs_with_wal_and_foreign_keys(sqlite_url):
    engine = make_engine(sqlite_url)
    migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        # No memory map: pooled connections would each count the file's pages in the RSS.
        assert connection.execute(text("PRAGMA mmap_size")).scalar() == 0
        with pytest.raises(IntegrityError):
            connection.execute(
                text("INSERT INTO agencycode (code, authority_id) VALUES ('X', 999)")
            )


def test_the_connection_used_last_serves_the_next_read(db_url):
    """Its caches (SQLite's pages, PostgreSQL's prepared statements) hold the last search."""
    engine = make_engine(db_url)
    try:
        first, second = engine.connect(), engine.connect()
        used_last = second.connection.driver_connection
        first.close()
        second.close()  # returned last
        with engine.connect() as connection:
            assert connection.connection.driver_connection is used_last
    finally:
        engine.dispose()


def test_an_in_memory_database_opens(tmp_path):
    engine = make_engine("sqlite://")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1
    engine.dispose()


def test_migrations_build_the_schema_and_are_idempotent(db_url):
    engine = make_engine(db_url)
    migrate(engine)
    migrate(engine)
    assert current_revision(engine) is not None
    engine.dispose()


def test_plain_postgres_urls_use_psycopg():
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_unreadable_database_url_gives_a_chinese_message():
    with pytest.raises(ConfigError) as refused:
        make_engine("not a url")
    assert str(refused.value) == (
        "数据库地址“not a url”无法识别。请写成 sqlite:///路径/docfiler.db 或 "
        "postgresql://用户@主机:端口/库名。"
    )


def test_migrations_match_the_models(db_url):
    """A model change without a migration (or the reverse) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    import docfiler.store.tables  # noqa: F401

    engine = make_engine(db_url)
    migrate(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, SQLModel.metadata)
        triggers = connection.execute(
            text(
                "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal"
                " ORDER BY t.tgname"
            )
            if engine.dialect.name == "postgresql"
            else text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        ).scalars()
        triggers = list(triggers)
    engine.dispose()
    if engine.dialect.name == "postgresql":
        # cleanupitem's three references are kept by statement triggers there (migration 0011)
        kept_by_triggers = sorted(
            (diff[1].parent.name, diff[1].column_keys[0], diff[1].referred_table.name)
            for diff in differences
            if diff[0] == "add_fk"
        )
        assert kept_by_triggers == [
            ("cleanupitem", "amended_by_id", "document"),
            ("cleanupitem", "campaign_id", "cleanupcampaign"),
            ("cleanupitem", "document_id", "document"),
        ]
        differences = [diff for diff in differences if diff[0] != "add_fk"]
        assert triggers == [
            "docfiler_cleanupcampaign_deleted",
            "docfiler_cleanupcampaign_id_changed",
            "docfiler_cleanupitem_inserted",
            "docfiler_cleanupitem_updated",
            "docfiler_document_deleted",
            "docfiler_document_id_changed",
        ]
    else:
        assert triggers == []
    assert differences == []


def test_upgrading_moves_bodies_out_of_the_document_rows(db_url):
    """A register written before 0004 keeps every body, now in documentbody."""
    engine = make_engine(db_url)
    migrate(engine, "0003")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO authority (id, name, kind) VALUES (1, '盖州市人民政府', 'government')"
            )
        )
        for doc_id, number, body in [
            (1, "盖政发〔2016〕9号", "第一条 为保障城乡居民基本生活……"),
            (2, "盖政发〔2016〕10号", None),
            (3, "盖政发〔2016〕11号", ""),
        ]:
            connection.execute(
                text(
                    "INSERT INTO document (id, doc_number, agency_code, year, serial, title,"
                    " authority_id, kind, body_text, is_sample, created_at, updated_at, version)"
                    " VALUES (:id, :number, '盖政发', 2016, :id, '办法', 1, 'regular', :body,"
                    " false, '2016-03-01 00:00:00', '2016-03-01 00:00:00', 1)"
                ),
                {"id": doc_id, "number": number, "body": body},
            )
    migrate(engine)
    with engine.connect() as connection:
        bodies = connection.execute(
            text("SELECT document_id, text FROM documentbody ORDER BY document_id")
        ).all()
        columns = connection.execute(text("SELECT * FROM document")).keys()
    engine.dispose()
    assert [tuple(b) for b in bodies] == [(1, "第一条 为保障城乡居民基本生活……")]
    assert "body_text" not in columns


def test_the_known_head_revision_is_alembics_head():
    """engine.HEAD_REVISION lets a current database open without Alembic; it must be the head."""
    from alembic.script import ScriptDirectory

    from docfiler.store.engine import HEAD_REVISION, alembic_config

    engine = make_engine("sqlite://")
    assert ScriptDirectory.from_config(alembic_config(engine)).get_current_head() == HEAD_REVISION


def test_an_older_database_is_still_upgraded_on_open(sqlite_url):
    engine = make_engine(sqlite_url)
    from alembic.script import ScriptDirectory

    from docfiler.store.engine import alembic_config

    migrate(engine, "0002")
    migrate(engine)
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert (current_revision(engine), head >= "0005") == (head, True)
    engine.dispose()


@pytest.mark.parametrize(
    "day, label",
    [
        ("2016-03-01", "2016年3月1日"),
        ("2025-01-01", "2025年1月1日"),
        ("2016-12-31", "2016年12月31日"),
        ("2026-10-09", "2026年10月9日"),
    ],
)
def test_dates_are_labelled_in_sql_as_clerks_write_them(db_url, day, label):
    import datetime as dt

    from sqlalchemy import Date, literal, select

    from docfiler.store.sqltext import date_label_sql

    engine = make_engine(db_url)
    with engine.connect() as connection:
        value = literal(dt.date.fromisoformat(day), Date())
        assert connection.execute(select(date_label_sql(value))).scalar() == label
    engine.dispose()
