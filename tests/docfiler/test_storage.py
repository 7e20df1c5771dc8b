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
        with pytest.raises(IntegrityError):
            connection.execute(
                text("INSERT INTO agencycode (code, authority_id) VALUES ('X', 999)")
            )


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
    engine.dispose()
    assert differences == []
