"""`docfiler remind` reads a current register without SQLAlchemy (issue 15), and says the same.

The reminders' SQL is compiled ahead (docfiler/queries/reminder_sql.py); the register is read
directly only when opening it would do nothing (schema at the head, due dates counted on the
rulebook's basis); otherwise the command opens the office, which upgrades and recounts first.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from docfiler.queries.dashboard import read_direct
from docfiler.queries.documents import register_counts
from docfiler.queries.reminder_statements import render_module
from docfiler.queries.reminders import collect, reminders, statement_rows
from docfiler.rules.rulebook import Rulebook
from docfiler.store.direct import DirectRegister
from tests.conftest import TODAY
from tests.sqlite_stats import plan_as_if

ROOT = Path(__file__).resolve().parents[2]


def test_the_compiled_sql_is_current():
    generated = ROOT / "docfiler" / "queries" / "reminder_sql.py"
    assert generated.read_text(encoding="utf-8") == render_module(), (
        "docfiler/queries/reminder_sql.py is out of date: run .venv/bin/python scripts/compile_sql.py"
    )


@contextmanager
def opened_directly(office) -> Iterator[DirectRegister]:
    """The office's register opened by the direct reader (a current register: it must open)."""
    url = office.engine.url.render_as_string(hide_password=False)
    register = DirectRegister.open(url, office.rulebook)
    assert register is not None
    try:
        yield register
    finally:
        register.close()


def test_a_current_register_reads_the_same_directly(sample_office):
    with opened_directly(sample_office) as register:
        direct = collect(
            statement_rows(register.dialect, register.execute), register.rulebook, TODAY, 60
        )
    through_office = reminders(office=sample_office, today=TODAY, days=60)
    assert direct == through_office
    # Pinned from the sample register's comments (as tests/docfiler/cli/test_admin.py): the
    # evaluation of 盖财发〔2020〕46号 was due 2025-06-30, 514 days before 2026-11-26.
    first = direct[0]
    assert (first.kind, first.doc_number, first.due, first.days_left) == (
        "validity",
        "盖财发〔2020〕46号",
        dt.date(2025, 6, 30),
        -514,
    )
    assert {r.kind for r in direct} >= {"filing", "validity", "countersign", "cleanup", "review"}


def test_the_dashboard_reads_the_same_directly(sample_office):
    """What the TUI shows before the office is open (docfiler.queries.dashboard) is what it
    shows after: the same reminders and counts."""
    url = sample_office.engine.url.render_as_string(hide_password=False)
    register = DirectRegister.open(url, sample_office.rulebook)
    assert register is not None
    register.today = lambda: TODAY
    found = read_direct(register)  # and closes it
    assert found.today == TODAY
    assert found.reminders == reminders(office=sample_office, today=TODAY)
    # The sample register on 2026-11-26: 44 documents, 22 in force, 2 under legality review
    # (盖政发〔2026〕101号, 盖民发〔2026〕39号: submitted, not finished), 6 filings unsent.
    pinned = {"total": 44, "in_force": 22, "under_review": 2, "filings_pending": 6}
    assert found.counts == pinned
    assert register_counts(office=sample_office, as_of=TODAY) == pinned
    # A day before the register's first document, nothing was in force yet.
    assert register_counts(office=sample_office, as_of=dt.date(1990, 1, 1))["in_force"] == 0


def _remind_in_a_new_process(url: str, home: Path) -> tuple[dict, list]:
    """(exit code and the database and validation libraries loaded, the JSON printed)."""
    code = (
        "import json, sys\n"
        "from docfiler.cli import main\n"
        f"code = main(['--db', {url!r}, 'remind', '--json', '--today', '2026-11-26'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'sqlmodel', 'alembic', 'pydantic'))\n"
        "print(json.dumps({'code': code, 'loaded': loaded}), file=sys.stderr)\n"
    )
    env = {
        **os.environ,
        "DOCFILER_CONFIG_DIR": str(home / "config"),
        "DOCFILER_DATA_DIR": str(home / "data"),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )
    return json.loads(done.stderr.strip().splitlines()[-1]), json.loads(done.stdout)


def test_remind_imports_no_sqlalchemy_on_a_current_register(sample_office, tmp_path):
    url = sample_office.engine.url.render_as_string(hide_password=False)
    facts, printed = _remind_in_a_new_process(url, tmp_path)
    assert facts == {"code": 3, "loaded": []}  # 3: something is overdue
    expected = reminders(office=sample_office, today=TODAY)
    assert [(r["kind"], r["doc_number"], r["due"]) for r in printed] == [
        (r.kind, r.doc_number, r.due.isoformat()) for r in expected
    ]


def test_an_older_schema_is_opened_by_the_office_which_upgrades_it(sqlite_sample_office):
    office = sqlite_sample_office
    url = office.engine.url.render_as_string(hide_password=False)
    with office.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    assert DirectRegister.open(url, office.rulebook) is None


def test_a_changed_rulebook_basis_is_opened_by_the_office_which_recounts(
    sqlite_sample_office, tmp_path
):
    office = sqlite_sample_office
    url = office.engine.url.render_as_string(hide_password=False)
    assert DirectRegister.open(url, office.rulebook) is not None
    override = tmp_path / "rulebook.toml"
    override.write_text('[filing.bodies."营口市人民政府"]\ndays = 20\n', encoding="utf-8")
    changed = Rulebook.load(override)
    assert changed.deadline_basis != office.rulebook.deadline_basis
    assert DirectRegister.open(url, changed) is None


@pytest.mark.parametrize(
    "url",
    [
        "sqlite://",
        "sqlite:///:memory:",
        "mysql://someone@somewhere/db",
        "postgresql+psycopg2://someone@somewhere/db",
    ],
)
def test_what_it_cannot_read_goes_to_the_office(url):
    assert DirectRegister.open(url, Rulebook.load(None)) is None


def test_a_missing_file_is_not_created(tmp_path):
    missing = tmp_path / "没有的登记簿.db"
    assert DirectRegister.open(f"sqlite:///{missing}", Rulebook.load(None)) is None
    assert not missing.exists()


@pytest.fixture
def direct_sqlite(sqlite_sample_office):
    """The sample register on SQLite, opened by the direct reader."""
    with opened_directly(sqlite_sample_office) as register:
        yield register


def test_the_direct_reader_only_reads(direct_sqlite, sqlite_sample_office):
    with pytest.raises(Exception, match="readonly"):
        direct_sqlite.execute("DELETE FROM document", {})
    with sqlite_sample_office.reading() as session:
        assert session.exec(text("SELECT count(*) FROM document")).one()[0] > 0


def test_a_date_parameter_is_compared_as_stored_on_sqlite(direct_sqlite):
    """SQLite keeps dates as text: the reader passes and returns them as dates all the same."""
    rows = statement_rows(direct_sqlite.dialect, direct_sqlite.execute)
    found = rows("countersign_replies", horizon=dt.date(2100, 1, 1))
    assert found and all(isinstance(row[3], dt.date) for row in found)


def test_sqlite_counts_documents_in_force_by_reading_the_table(direct_sqlite):
    """Nearly every document is published: through the published_on (or valid_until) index
    SQLite would look each row up again, about twice the work of reading the table once."""
    from docfiler.queries.reminder_sql import STATEMENTS

    sql = STATEMENTS["in_force_count"]["sqlite"]
    plan = direct_sqlite.execute("EXPLAIN QUERY PLAN " + sql, {"today": "2026-11-26"})
    details = [row[-1] for row in plan]
    assert details == ["SCAN document"], details


def test_the_ui_opener_reads_the_dashboard_of_a_current_register_only(
    sqlite_sample_office, tmp_path
):
    """`docfiler` hands the terminal UI an OfficeOpener, which reads the dashboard before the
    office is opened: on a current register only, and never creating or changing anything."""
    from docfiler.opener import OfficeOpener

    office = sqlite_sample_office
    url = office.engine.url.render_as_string(hide_password=False)
    found = OfficeOpener(url).read_dashboard()
    assert found is not None and found.counts["total"] == 44  # 44 documents, whatever the day

    missing = tmp_path / "没有的登记簿.db"
    assert OfficeOpener(f"sqlite:///{missing}").read_dashboard() is None
    assert not missing.exists()
    with office.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    assert OfficeOpener(url).read_dashboard() is None  # the office upgrades it first


# What ANALYZE wrote for `filing` in the 100,000-document benchmark register (benchmarks/):
# two results in all (准予备案 and none yet), so 49,490 rows for any one, as SQLite reckons; a
# register never analyzed has no statistics, and SQLite then guesses a few rows for any result.
LARGE_FILING_STATS = {
    "ix_filing_result": "98979 49490",
    "ix_filing_pending": "98979 8 2",
    "ix_filing_document_id": "98979 1",
    "sqlite_autoindex_filing_1": "98979 1 1",
}


@pytest.mark.parametrize("statistics", ["none", "analyzed"])
@pytest.mark.parametrize("name", ["returned_filings", "returned_documents"])
def test_returned_filings_are_found_through_their_index(sqlite_sample_office, name, statistics):
    """暂缓办理备案登记 / 审查意见 are a handful among every filing the register holds: every
    reminder list and the dashboard look them up by `ix_filing_result` (0010), never by reading
    the whole filing table — whether or not the register was ever analyzed. After ANALYZE,
    SQLite's statistics give every result half the filings, and it read the table instead:
    `remind` with the 100,000-document register cold spent 86–96 ms there."""
    from docfiler.queries.reminder_sql import STATEMENTS

    if statistics == "analyzed":
        plan_as_if(sqlite_sample_office.engine, "filing", LARGE_FILING_STATS)
    entry = STATEMENTS[name]
    params = {**entry["fixed"], **dict.fromkeys(entry["params"], "2026-11-26")}
    with opened_directly(sqlite_sample_office) as register:
        plan = register.execute("EXPLAIN QUERY PLAN " + entry["sqlite"], params)
    details = [row[-1] for row in plan]
    assert any("filing USING INDEX ix_filing_result" in d for d in details), details
    assert not any(d.startswith("SCAN filing") for d in details), details
