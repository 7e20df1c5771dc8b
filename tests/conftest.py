"""Shared fixtures: throw-away databases on every back end, and no real config leaking in."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

TODAY = dt.date(2026, 11, 26)
PG_URL = os.environ.get("DOCFILER_TEST_PG_URL")
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch) -> None:
    """Keep the machine's real config, data and database out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DOCFILER_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("DOCFILER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("DOCFILER_OPERATOR", "测试员")
    monkeypatch.delenv("DOCFILER_DATABASE_URL", raising=False)
    monkeypatch.delenv("DOCFILER_TEMPLATE_DIR", raising=False)


def _postgres_url() -> Iterator[str]:
    """A fresh schema in the test PostgreSQL server, dropped afterwards."""
    if not PG_URL:
        if os.environ.get("DOCFILER_REQUIRE_PG"):
            pytest.fail(
                "DOCFILER_REQUIRE_PG 已设置，但没有 DOCFILER_TEST_PG_URL：PostgreSQL 未启动。"
            )
        pytest.skip("PostgreSQL 测试需要 DOCFILER_TEST_PG_URL（.ci/run 会启动服务器并设置它）")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> Iterator[str]:
    """A database URL for an empty database, once per back end."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'docfiler.db'}"
    else:
        yield from _postgres_url()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'docfiler.db'}"


def make_office(url: str, today: dt.date = TODAY):
    from docfiler import services
    from docfiler.office import Office

    office = Office.open(url)
    office.today = lambda: today
    services.sync_authorities(office=office)
    return office


@pytest.fixture
def office(db_url):
    """A migrated office on each back end, 'today' fixed at 2026-11-26."""
    office = make_office(db_url)
    yield office
    office.close()


@pytest.fixture
def sqlite_office(sqlite_url):
    office = make_office(sqlite_url)
    yield office
    office.close()


# Audit times are real clock times; snapshots need them fixed.
FIXED_AUDIT_TIME = "2026-11-20 01:30:00.000000"


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory) -> Path:
    """The sample register loaded once per session (loading takes about a second)."""
    from sqlalchemy import text

    from docfiler.services.demo import load_register_file, sample_register_path

    home = tmp_path_factory.mktemp("template-home")
    path = tmp_path_factory.mktemp("template") / "docfiler.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCFILER_CONFIG_DIR", str(home / "config"))
        patch.setenv("DOCFILER_DATA_DIR", str(home / "data"))
        patch.setenv("DOCFILER_OPERATOR", "测试员")
        patch.delenv("DOCFILER_DATABASE_URL", raising=False)
        patch.delenv("DOCFILER_TEMPLATE_DIR", raising=False)
        office = make_office(f"sqlite:///{path}")
        load_register_file(office=office, path=sample_register_path())
        with office.engine.begin() as connection:
            connection.execute(text("UPDATE auditentry SET at = :at"), {"at": FIXED_AUDIT_TIME})
        office.close()
    return path


@pytest.fixture
def sample_office(tmp_path, sample_template) -> Iterator:
    """An office on a private copy of the sample register, 'today' fixed at 2026-11-26."""
    path = tmp_path / "docfiler.db"
    for suffix in ("", "-wal", "-shm"):
        source = sample_template.with_name(sample_template.name + suffix)
        if source.exists():
            shutil.copy(source, path.with_name(path.name + suffix))
    office = make_office(f"sqlite:///{path}", TODAY)
    yield office
    office.close()
