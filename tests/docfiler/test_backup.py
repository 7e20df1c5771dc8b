"""Backup and restore (issue 13, §3): round trips on both databases and across them, every row
of every table compared; damaged, newer and occupied cases refused with nothing written."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from docfiler.errors import DocfilerError
from docfiler.office import Office
from docfiler.services.backup import check_backup, make_backup, restore_backup
from docfiler.store.backup_format import MANIFEST
from docfiler.store.engine import current_revision, make_engine
from tests.conftest import TODAY, _postgres_url

SAMPLE_COUNTS = {
    "document": 44,
    "documentbody": 13,
    "filing": 65,
    "filingsubmission": 59,
    "authority": 6,
    "countersign": 2,
    "cleanupcampaign": 2,
    "incomingfiling": 9,  # 8 [[inbox]] entries and the unfiled document one of them cites
    "incomingreview": 6,  # 5 on registration, 1 started by a 审查建议
    "followup": 2,
    "reviewsuggestion": 2,
}
"""The sample register (sample_docs/register.toml), counted by hand."""


def _plain(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    return value


def all_rows(engine) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order, date-times as UTC text."""
    metadata = MetaData()
    metadata.reflect(bind=engine)
    rows = {}
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            query = select(table).order_by(*table.primary_key.columns)
            rows[table.name] = [
                tuple(_plain(row[c.name]) for c in sorted(table.columns, key=lambda c: c.name))
                for row in connection.execute(query).mappings()
            ]
    return rows


def without_action(rows: dict[str, list[tuple]], engine, action: str) -> dict:
    """`rows` without the audit entries of `action` (the backup's or restore's own entry)."""
    metadata = MetaData()
    metadata.reflect(bind=engine, only=["auditentry"])
    names = sorted(c.name for c in metadata.tables["auditentry"].columns)
    at = names.index("action")
    return {**rows, "auditentry": [row for row in rows["auditentry"] if row[at] != action]}


def target_office(url: str) -> Office:
    office = Office(engine=make_engine(url), rulebook=None, operator="恢复员")  # type: ignore[arg-type]
    office.today = lambda: TODAY
    return office


@contextmanager
def target_url(kind: str, tmp_path: Path):
    """A new SQLite file, or a fresh PostgreSQL schema (dropped afterwards)."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    schema = _postgres_url()
    try:
        yield next(schema)
    finally:
        schema.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_round_trip_every_row_of_every_table(sample_office, tmp_path, kind):
    """sqlite→sqlite, sqlite→postgresql, postgresql→sqlite, postgresql→postgresql."""
    before = all_rows(sample_office.engine)
    made = make_backup(office=sample_office, target=tmp_path / "备份.zip")
    assert made.counts["document"] == 44
    with target_url(kind, tmp_path) as url:
        office = target_office(url)
        restored = restore_backup(office=office, source=Path(made.path))
        for table, rows in SAMPLE_COUNTS.items():
            assert restored.counts[table] == rows, table
        after = without_action(all_rows(office.engine), office.engine, "restore")
        assert after == before
        assert current_revision(office.engine) == "0012"
        office.close()
        _new_document_gets_a_fresh_id(url)


def _new_document_gets_a_fresh_id(url: str) -> None:
    """PostgreSQL's id sequences follow the loaded ids: the next write does not collide."""
    from docfiler import services

    office = Office.open(url)
    office.today = lambda: TODAY
    ref = services.register_document(
        office=office, number="盖政发〔2026〕99号", title="恢复后新登记的文件"
    )
    assert ref.id == 45
    office.close()


def test_the_backup_records_itself_in_the_audit_trail_after_the_snapshot(
    sqlite_sample_office, tmp_path
):
    made = make_backup(office=sqlite_sample_office, target=tmp_path / "b.zip")
    with zipfile.ZipFile(made.path) as archive:
        entries = archive.read("tables/auditentry.jsonl").decode().splitlines()
    assert all('"action": "backup"' not in line for line in entries)
    rows = all_rows(sqlite_sample_office.engine)["auditentry"]
    assert len(rows) == len(entries) + 1


def test_manifest_describes_the_archive(sqlite_sample_office, tmp_path):
    made = make_backup(office=sqlite_sample_office, target=tmp_path / "b.zip")
    with zipfile.ZipFile(made.path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        names = archive.namelist()
    assert manifest["format"] == "docfiler-backup"
    assert manifest["format_version"] == 1
    assert manifest["schema_revision"] == "0012"
    assert manifest["source_dialect"] == "sqlite"
    tables = [entry["name"] for entry in manifest["tables"]]
    assert tables.index("authority") < tables.index("document") < tables.index("documentbody")
    assert tables.index("filing") < tables.index("filingsubmission")
    assert "alembic_version" not in tables
    assert sorted(names) == sorted([MANIFEST, *(f"tables/{name}.jsonl" for name in tables)])
    document = next(entry for entry in manifest["tables"] if entry["name"] == "document")
    assert document["rows"] == 44 and len(document["sha256"]) == 64


def test_snapshot_ignores_writes_made_while_it_runs(sqlite_sample_office, tmp_path):
    """A clerk registers a document while the backup is between two tables: the backup is
    the register as it was when the backup began."""
    from docfiler import services

    other = Office.open(str(sqlite_sample_office.engine.url))
    other.today = lambda: TODAY
    written = []

    def meanwhile(table: str) -> None:
        if not written:
            services.register_document(
                office=other, number="盖政发〔2026〕98号", title="备份时登记"
            )
            written.append(table)

    made = make_backup(
        office=sqlite_sample_office, target=tmp_path / "b.zip", after_table=meanwhile
    )
    other.close()
    assert written
    assert made.counts["document"] == 44


def test_default_name_folder_and_keeping_the_last_ten(sqlite_sample_office, tmp_path):
    from docfiler.services.backup import backup_folder

    folder = backup_folder()
    folder.mkdir(parents=True)
    for day in range(1, 13):
        (folder / f"docfiler-备份-202611{day:02d}-080000.zip").write_bytes(b"old")
    (folder / "别的文件.zip").write_bytes(b"keep me")
    made = make_backup(office=sqlite_sample_office)
    name = Path(made.path).name
    assert name.startswith("docfiler-备份-") and name.endswith(".zip")
    assert Path(made.path).parent == folder
    ours = sorted(p.name for p in folder.iterdir() if p.name.startswith("docfiler-备份-"))
    assert len(ours) == 10
    assert ours[0] == "docfiler-备份-20261104-080000.zip"
    assert (folder / "别的文件.zip").exists()
    assert len(made.pruned) == 3


def test_keep_count_from_config(sqlite_sample_office, tmp_path, monkeypatch):
    from docfiler.config import config_dir
    from docfiler.services.backup import backup_folder

    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "config.toml").write_text("[backup]\nkeep = 2\n", encoding="utf-8")
    backup_folder().mkdir(parents=True)
    for day in range(1, 4):
        (backup_folder() / f"docfiler-备份-202611{day:02d}-080000.zip").write_bytes(b"old")
    make_backup(office=sqlite_sample_office)
    assert len(list(backup_folder().glob("docfiler-备份-*.zip"))) == 2
    (config_dir() / "config.toml").write_text("[backup]\nkeep = 0\n", encoding="utf-8")
    with pytest.raises(DocfilerError, match="keep 应为保留备份的份数"):
        make_backup(office=sqlite_sample_office)


def test_an_existing_output_is_not_replaced_without_force(sqlite_sample_office, tmp_path):
    target = tmp_path / "b.zip"
    target.write_bytes(b"mine")
    with pytest.raises(DocfilerError, match="已存在，没有覆盖"):
        make_backup(office=sqlite_sample_office, target=target)
    assert target.read_bytes() == b"mine"
    assert list(tmp_path.glob(".docfiler-*")) == []
    make_backup(office=sqlite_sample_office, target=target, force=True)
    assert check_backup(target).counts["document"] == 44


# ----------------------------------------------------------------------------- refusals


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the archive with `change(name, data) -> data` applied to every member."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, change(name, old.read(name)))
    return target


@pytest.fixture
def sample_backup(sqlite_sample_office, tmp_path) -> Path:
    return Path(make_backup(office=sqlite_sample_office, target=tmp_path / "sample.zip").path)


def _assert_nothing_written(tmp_path: Path) -> None:
    assert not (tmp_path / "new.db").exists()


def test_a_changed_member_is_refused_by_its_checksum(sample_backup, tmp_path):
    def change(name, data):
        return (
            data.replace("盖州市".encode(), "营口市".encode(), 1) if "document." in name else data
        )

    bad = _rewrite(sample_backup, tmp_path / "bad.zip", change)
    with pytest.raises(DocfilerError) as caught:
        check_backup(bad)
    assert str(caught.value) == (
        f"备份文件 {bad} 已损坏或不完整（“规范性文件”的校验值不符），不能用于恢复。"
        "没有改动任何数据库。请换用另一份备份。"
    )


def test_flipped_bytes_in_the_zip_are_refused(sample_backup, tmp_path):
    data = bytearray(sample_backup.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(16)
    bad = tmp_path / "flipped.zip"
    bad.write_bytes(bytes(data))
    with pytest.raises(DocfilerError, match="已损坏或不完整"):
        check_backup(bad)


def test_not_a_backup(tmp_path):
    stray = tmp_path / "x.zip"
    with zipfile.ZipFile(stray, "w") as archive:
        archive.writestr("hello.txt", "你好")
    with pytest.raises(DocfilerError, match="不是 docfiler 的备份文件"):
        check_backup(stray)
    (tmp_path / "y.zip").write_text("not a zip")
    with pytest.raises(DocfilerError, match="已损坏或不完整"):
        check_backup(tmp_path / "y.zip")


def test_a_backup_from_a_newer_program_is_refused(sample_backup, tmp_path):
    def newer(name, data):
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["schema_revision"] = "0099"
        return json.dumps(manifest).encode()

    bad = _rewrite(sample_backup, tmp_path / "newer.zip", newer)
    with pytest.raises(DocfilerError) as caught:
        check_backup(bad)
    assert str(caught.value) == (
        f"备份文件 {bad} 的数据库结构是第 0099 版，比本程序认识的最新结构（第 0012 版）新："
        "它是更新版本的 docfiler 做的备份。本程序不能恢复它，没有改动任何数据库。"
        "请先把 docfiler 升级到最新版本再恢复。"
    )


def test_restore_over_a_register_needs_force(sample_office, sample_backup, tmp_path):
    from docfiler import services

    services.register_document(office=sample_office, number="盖政发〔2026〕97号", title="新增")
    before = all_rows(sample_office.engine)
    with pytest.raises(DocfilerError, match=r"已有登记簿数据.*没有改动它.*--force"):
        restore_backup(office=sample_office, source=sample_backup)
    assert all_rows(sample_office.engine) == before
    restored = restore_backup(office=sample_office, source=sample_backup, force=True)
    assert restored.counts["document"] == 44
    assert restored.replaced["document"] == 45
    numbers = {row[0] for row in _numbers(sample_office)}
    assert "盖政发〔2026〕97号" not in numbers and len(numbers) == 44


def _numbers(office):
    with office.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT doc_number FROM document").all()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_an_initialised_database_counts_as_empty(kind, sample_backup, tmp_path):
    from tests.conftest import make_office

    with target_url(kind, tmp_path) as url:
        office = make_office(url)  # what `docfiler init` leaves: authorities, their entries
        restored = restore_backup(office=office, source=sample_backup)
        assert restored.counts["document"] == 44
        assert restored.replaced["authority"] == 2  # the rulebook names two
        office.close()


def test_an_older_backup_is_upgraded_on_the_way_in(sqlite_sample_office, tmp_path):
    """A backup made at revision 0005 (before filing histories): restored at the newest revision, the
    migration has built one submission per submitted filing."""
    from alembic import command

    from docfiler.store.backup import write_backup
    from docfiler.store.engine import alembic_config

    engine = sqlite_sample_office.engine
    command.downgrade(alembic_config(engine), "0005")
    manifest = write_backup(engine, tmp_path / "old.zip")
    assert manifest.schema_revision == "0005"
    office = target_office(f"sqlite:///{tmp_path / 'new.db'}")
    restored = restore_backup(office=office, source=tmp_path / "old.zip")
    assert (restored.backup_revision, restored.schema_revision) == ("0005", "0012")
    assert restored.counts["document"] == 44
    assert restored.counts["filing"] == 65
    assert restored.counts["filingsubmission"] == 59  # 59 filings were submitted
    assert restored.counts["faircompetitionreview"] == 0
    assert current_revision(office.engine) == "0012"
    office.close()


# ---------------------------------------------------------------------------------- CLI


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """`docfiler ARGS` with backup and restore registered for the test only (root.py is
    another helper's: the lead adds the one line)."""
    from docfiler.cli import root
    from docfiler.cli.backup import commands

    monkeypatch.setattr(root.app, "registered_groups", list(root.app.registered_groups))
    root.app.add_typer(commands)

    def run(*args: str) -> tuple[int, str, str]:
        code = root.main(list(args))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_cli_backup_and_restore(sqlite_sample_office, tmp_path, run_cli):
    source = str(sqlite_sample_office.engine.url)
    code, out, _ = run_cli("--db", source, "backup", "-o", str(tmp_path / "b.zip"))
    assert code == 0, out
    assert out.splitlines()[0] == f"已备份到 {tmp_path / 'b.zip'}（数据库结构第 0012 版）。"
    assert "\n  规范性文件              44 行\n" in out
    target = f"sqlite:///{tmp_path / 'new.db'}"
    code, out, _ = run_cli("restore", str(tmp_path / "b.zip"), "--db", target)
    assert code == 0, out
    assert out.splitlines()[0] == f"已从 {tmp_path / 'b.zip'} 恢复到 {tmp_path / 'new.db'}。"
    assert "来源数据库：SQLite；数据库结构：第 0012 版。" in out
    assert "\n  备案报送记录            59 行\n" in out


def test_cli_refuses_a_damaged_backup_without_creating_the_target(sample_backup, tmp_path, run_cli):
    bad = _rewrite(
        sample_backup,
        tmp_path / "bad.zip",
        lambda name, data: data if name == MANIFEST else data + b"x",
    )
    code, out, err = run_cli("restore", str(bad), "--db", f"sqlite:///{tmp_path / 'new.db'}")
    assert code == 1, out
    assert err.startswith("错误：备份文件 ") and "已损坏或不完整" in err
    _assert_nothing_written(tmp_path)
