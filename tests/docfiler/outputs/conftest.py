"""The sample register (sample_docs/register.toml), loaded once per back end for these tests."""

from __future__ import annotations

import pytest

from docfiler.services.demo import load_register_file, sample_register_path
from tests.conftest import BACKENDS, _postgres_url, make_office


def _loaded(url: str):
    office = make_office(url)
    load_register_file(office=office, path=sample_register_path())
    return office


@pytest.fixture(scope="package", params=BACKENDS)
def demo(request, tmp_path_factory):
    """The sample register with 'today' 2026-11-26, on SQLite and on PostgreSQL. Read only."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCFILER_CONFIG_DIR", str(folder / "config"))
        patch.setenv("DOCFILER_OPERATOR", "测试员")
        schema = _postgres_url() if request.param == "postgresql" else None
        office = _loaded(next(schema) if schema else f"sqlite:///{folder / 'demo.db'}")
        yield office
        office.close()
        if schema:
            next(schema, None)  # drops the schema


@pytest.fixture(scope="package")
def sqlite_demo(tmp_path_factory):
    """The sample register in SQLite, for checks of layout that do not depend on the back end."""
    folder = tmp_path_factory.mktemp("sqlite-demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCFILER_CONFIG_DIR", str(folder / "config"))
        patch.setenv("DOCFILER_OPERATOR", "测试员")
        office = _loaded(f"sqlite:///{folder / 'demo.db'}")
        yield office
        office.close()
