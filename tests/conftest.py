"""Shared fixtures: throw-away databases on every back end, and no real config leaking in."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
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
    monkeypatch.setenv("DOCFILER_STATE_DIR", str(home / "state"))
    monkeypatch.delenv("DOCFILER_DATABASE_URL", raising=False)
    # A command run as a process starts from nothing unless a test asks for the resident
    # process (tests/docfiler/test_resident.py): no test leaves one behind.
    monkeypatch.setenv("DOCFILER_RESIDENT", "0")
    monkeypatch.delenv("DOCFILER_TEMPLATE_DIR", raising=False)


def _require_pg() -> None:
    """Skip a PostgreSQL test when no server is given; fail it when CI requires one."""
    if not PG_URL:
        if os.environ.get("DOCFILER_REQUIRE_PG"):
            pytest.fail(
                "DOCFILER_REQUIRE_PG 已设置，但没有 DOCFILER_TEST_PG_URL：PostgreSQL 未启动。"
            )
        pytest.skip("PostgreSQL 测试需要 DOCFILER_TEST_PG_URL（.ci/run 会启动服务器并设置它）")


def _postgres_url() -> Iterator[str]:
    """A fresh schema in the test PostgreSQL server, dropped afterwards."""
    _require_pg()
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


def _load_sample(url: str, home: Path) -> None:
    """Load the sample register into the empty database at `url`, audit times fixed."""
    from sqlalchemy import text

    from docfiler.services.demo import load_register_file, sample_register_path

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCFILER_CONFIG_DIR", str(home / "config"))
        patch.setenv("DOCFILER_DATA_DIR", str(home / "data"))
        patch.setenv("DOCFILER_OPERATOR", "测试员")
        patch.delenv("DOCFILER_DATABASE_URL", raising=False)
        patch.delenv("DOCFILER_TEMPLATE_DIR", raising=False)
        office = make_office(url)
        load_register_file(office=office, path=sample_register_path())
        with office.engine.begin() as connection:
            connection.execute(text("UPDATE auditentry SET at = :at"), {"at": FIXED_AUDIT_TIME})
        office.close()


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory) -> Path:
    """The sample register loaded once per session (loading takes about a second)."""
    path = tmp_path_factory.mktemp("template") / "docfiler.db"
    _load_sample(f"sqlite:///{path}", tmp_path_factory.mktemp("template-home"))
    return path


def _pg_admin():
    from sqlalchemy import create_engine

    url = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    return create_engine(url, isolation_level="AUTOCOMMIT")


def _pg_database_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def sample_pg_template(tmp_path_factory) -> Iterator[str]:
    """The sample register in a PostgreSQL database used as a template (copied per test)."""
    from sqlalchemy import text

    _require_pg()
    name = f"sample_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _load_sample(_pg_database_url(name), tmp_path_factory.mktemp("pg-template-home"))
        yield name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _sample_sqlite_url(tmp_path: Path, template: Path) -> str:
    path = tmp_path / "docfiler.db"
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copy(source, path.with_name(path.name + suffix))
    return f"sqlite:///{path}"


@contextmanager
def _sample_pg_url(template: str) -> Iterator[str]:
    """A private copy of the PostgreSQL sample database (CREATE DATABASE … TEMPLATE)."""
    from sqlalchemy import text

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield _pg_database_url(name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def sample_office(request, tmp_path) -> Iterator:
    """An office on a private copy of the sample register, 'today' fixed at 2026-11-26,
    once per back end (PostgreSQL: a copy of a template database)."""
    if request.param == "sqlite":
        url_context = nullcontext(
            _sample_sqlite_url(tmp_path, request.getfixturevalue("sample_template"))
        )
    else:
        url_context = _sample_pg_url(request.getfixturevalue("sample_pg_template"))
    with url_context as url:
        office = make_office(url, TODAY)
        try:
            yield office
        finally:
            office.close()


@pytest.fixture
def sqlite_sample_office(tmp_path, sample_template) -> Iterator:
    """The sample register on SQLite only: for what only SQLite has (progress handler, file)."""
    office = make_office(_sample_sqlite_url(tmp_path, sample_template), TODAY)
    yield office
    office.close()
