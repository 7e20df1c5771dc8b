"""The headless core stays headless and cheap to import; config errors are clear."""

import subprocess
import sys

import pytest

from docfiler.errors import ConfigError
from docfiler.rules.rulebook import Rulebook


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


@pytest.mark.parametrize(
    "module",
    [
        "docfiler",
        "docfiler.services; docfiler.services.load_all()",
        "docfiler.queries.documents",
        "docfiler.queries.reminders",
        "docfiler.cli",
        "docfiler.services.imports",
        "docfiler.services.demo",
    ],
)
def test_core_never_imports_textual(module):
    loaded = _modules_after(f"import {module}")
    assert not any(name == "textual" or name.startswith("textual.") for name in loaded)


def test_a_write_imports_its_own_area_only():
    """`services.register_document` loads the documents area, not the spreadsheet import."""
    loaded = _modules_after("from docfiler import services; services.register_document")
    assert "docfiler.services.documents" in loaded
    assert "docfiler.services.sheet_import" not in loaded
    everything = _modules_after("from docfiler import services; services.load_all()")
    assert "docfiler.services.sheet_import" in everything


def test_core_import_leaves_heavy_libraries_for_later():
    loaded = _modules_after(
        "import docfiler.services, docfiler.queries.reminders; docfiler.services.load_all()"
    )
    assert "docx" not in loaded and "openpyxl" not in loaded and "alembic" not in loaded


def test_office_rulebook_overrides_defaults(tmp_path):
    override = tmp_path / "rulebook.toml"
    override.write_text('[filing.bodies."营口市人民政府"]\ndays = 20\n', encoding="utf-8")
    rulebook = Rulebook.load(override)
    assert rulebook.filing_days("营口市人民政府") == 20
    assert rulebook.filing_days("盖州市人大常委会") == 30


def test_broken_rulebook_gives_a_chinese_message(tmp_path):
    override = tmp_path / "rulebook.toml"
    override.write_text("[filing\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="格式有误"):
        Rulebook.load(override)


def test_authority_with_a_filing_body_without_days_is_refused(tmp_path):
    override = tmp_path / "rulebook.toml"
    override.write_text(
        '[[authorities]]\nname = "盖州市某局"\ncodes = ["盖某发"]\nfiling_bodies = ["某机关"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="某机关"):
        Rulebook.load(override)


def test_every_default_rule_cites_its_source():
    text = Rulebook.load().sources[0].read_text(encoding="utf-8")
    for source in ("省政府令第149号", "国办发〔2018〕115号", "省政府令第237号", "民法典"):
        assert source in text
