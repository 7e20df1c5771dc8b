"""Fixtures for the TUI tests: a sample-register database copied per test, a settled pilot."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TODAY, make_office

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


@pytest.fixture
def make_app(sample_office):
    """A DocfilerApp on the sample register, cursor blink off so screens are stable."""
    from tui.app import DocfilerApp

    def factory(office=None):
        return DocfilerApp(office or sample_office, cursor_blink=False)

    return factory
