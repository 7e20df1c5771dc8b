"""Running `docfiler` as a clerk does: on an empty database or on the sample register.

Every office the CLI opens believes today is 2026-11-26, the day the sample register
(sample_docs/register.toml) was written for. The register is loaded once per back end by the
`demo` command itself; tests that write get their own copy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from docfiler.cli import main
from tests.conftest import PG_URL, TODAY, _postgres_url

SAMPLE_DOCS = Path(__file__).resolve().parents[3] / "sample_docs"


class Result(NamedTuple):
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


class Cli:
    """`docfiler --db URL …` run in this process; what it printed, and its exit code."""

    def __init__(self, url: str, capsys) -> None:
        self.url = url
        self.capsys = capsys

    def __call__(self, *args: str) -> Result:
        code = main(["--db", self.url, *args])
        out, err = self.capsys.readouterr()
        return Result(code, out, err)

    def ok(self, *args: str) -> Result:
        """Run a command that must succeed."""
        result = self(*args)
        assert result.code == 0, result.err
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json").out)


def _open_on(day: dt.date):
    """Office.open, but the office it returns says today is `day`."""
    from docfiler.office import Office

    real_open = Office.open.__func__

    def open_on_day(cls, *args, **kwargs):
        office = real_open(cls, *args, **kwargs)
        office.today = lambda: day
        return office

    return classmethod(open_on_day)


def _direct_on(day: dt.date):
    """DirectRegister.open (docfiler remind's reader), but the register says today is `day`."""
    from docfiler.store.direct import DirectRegister

    real_open = DirectRegister.open.__func__

    def open_on_day(cls, *args, **kwargs):
        register = real_open(cls, *args, **kwargs)
        if register is not None:
            register.today = lambda: day
        return register

    return classmethod(open_on_day)


def set_today(monkeypatch, day: dt.date) -> None:
    """Every command says today is `day`: those that open the office, and `remind` reading a
    current register directly."""
    from docfiler.office import Office
    from docfiler.store.direct import DirectRegister

    monkeypatch.setattr(Office, "open", _open_on(day))
    monkeypatch.setattr(DirectRegister, "open", _direct_on(day))


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    set_today(monkeypatch, TODAY)


@pytest.fixture
def cli(db_url, capsys) -> Cli:
    """The CLI on an empty database, once per back end."""
    return Cli(db_url, capsys)


def _load_demo(url: str, home: Path) -> None:
    """`docfiler --db URL demo` with this machine's config kept out and today fixed."""
    from docfiler.office import Office

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCFILER_CONFIG_DIR", str(home / "config"))
        patch.setenv("DOCFILER_DATA_DIR", str(home / "data"))
        patch.setenv("DOCFILER_OPERATOR", "测试员")
        patch.setattr(Office, "open", _open_on(TODAY))
        with contextlib.redirect_stdout(io.StringIO()) as out:
            assert main(["--db", url, "demo", "--quiet"]) == 0
    assert "载入文件 44 件" in out.getvalue()


@pytest.fixture(scope="session")
def sample_sqlite(tmp_path_factory) -> Path:
    """The sample register in a SQLite file, loaded once; tests read it or copy it."""
    folder = tmp_path_factory.mktemp("sample")
    path = folder / "register.db"
    _load_demo(f"sqlite:///{path}", folder)
    return path


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def sample_url(request, tmp_path_factory) -> Iterator[str]:
    """The sample register, loaded once per back end, for tests that only read it."""
    if request.param == "sqlite":
        yield f"sqlite:///{request.getfixturevalue('sample_sqlite')}"
        return
    for url in _postgres_url():
        _load_demo(url, tmp_path_factory.mktemp("pg-sample"))
        yield url


@pytest.fixture
def sample(sample_url, capsys) -> Cli:
    """The CLI on the (shared, read-only) sample register."""
    return Cli(sample_url, capsys)


@contextlib.contextmanager
def _pg_database(template: str | None = None) -> Iterator[str]:
    """A new database on the test PostgreSQL server (a copy of `template`, if given), dropped
    afterwards: its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"docfiler_cli_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{make_url(template).database}"' if template else ""
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def sample_pg_template(tmp_path_factory) -> Iterator[str]:
    """The sample register in its own PostgreSQL database, only ever copied (never opened)."""
    if not PG_URL:
        yield from _postgres_url()  # skips, or fails when PostgreSQL is required
        return
    with _pg_database() as url:
        _load_demo(url, tmp_path_factory.mktemp("pg"))
        yield url


@pytest.fixture
def sample_pg_copy(sample_pg_template) -> Iterator[str]:
    """A private PostgreSQL copy of the sample register: much faster than loading it again."""
    with _pg_database(template=sample_pg_template) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def sample_copy(request, tmp_path, capsys) -> Iterator[Cli]:
    """The CLI on a private copy of the sample register, once per back end, for writes."""
    if request.param == "sqlite":
        path = tmp_path / "register.db"
        source = request.getfixturevalue("sample_sqlite")
        for suffix in ("", "-wal", "-shm"):  # a write-ahead log, if one was left behind
            if source.with_name(source.name + suffix).exists():
                shutil.copy(
                    source.with_name(source.name + suffix), path.with_name(path.name + suffix)
                )
        yield Cli(f"sqlite:///{path}", capsys)
    else:
        yield Cli(request.getfixturevalue("sample_pg_copy"), capsys)


def publish_new_document(
    cli: Cli,
    number: str,
    title: str,
    *,
    heard: str,
    reviewed: str,
    decided: str,
    published: str,
) -> Result:
    """Take a new document through every step up to publication; what `publish` printed."""
    cli.ok("add", "--number", number, "--title", title, "--drafting-unit", "盖州市民政局")
    cli.ok("opinions", number, "--date", heard)
    cli.ok("review", number, "--submitted", heard, "--finished", reviewed, "--outcome", "合法")
    cli.ok("decide", number, "--meeting", "市政府常务会议", "--date", decided)
    return cli.ok("publish", number, "--date", published)


def word_paragraphs(path: Path) -> list[str]:
    """The body paragraphs of a .docx as Word shows them (read back with python-docx)."""
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs]


def word_rows(path: Path) -> list[tuple[str, ...]]:
    """Every table row of a .docx, cell texts in order, heading rows included."""
    from docx import Document

    return [
        tuple(cell.text for cell in row.cells)
        for table in Document(str(path)).tables
        for row in table.rows
    ]
