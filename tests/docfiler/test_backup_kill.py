"""Killing `docfiler backup` or `docfiler restore` (kill -9, mid-way) leaves no backup under its
final name and a restored-into database as it was (issue 13, §4). Subprocesses, bounded in time."""

from __future__ import annotations

import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from docfiler.services.backup import make_backup

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 60.0
RUN_CLI = (
    "import sys\n"
    "from docfiler.cli import root\n"
    "from docfiler.cli.backup import commands\n"
    "root.app.add_typer(commands)\n"
    "sys.exit(root.main(sys.argv[1:]))\n"
)


def grow(path: Path, entries: int = 60_000) -> None:
    """Give the register enough audit entries (300 random characters of details each, which
    compress badly) that backing it up or restoring it can be killed half-way."""
    with closing(sqlite3.connect(path)) as connection:
        connection.executemany(
            "INSERT INTO auditentry (at, operator, action, entity, summary, details) "
            "VALUES ('2026-11-20 01:30:00.000000', '测试员', 'update', 'document', ?, ?)",
            ((f"第 {n} 条", secrets.token_hex(150)) for n in range(entries)),
        )
        connection.commit()


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", RUN_CLI, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def kill_when(process: subprocess.Popen, ready: Callable[[], bool]) -> None:
    """kill -9 the process as soon as `ready()`; fail if it ended first or took too long."""
    limit = time.monotonic() + DEADLINE
    try:
        while not ready():
            if process.poll() is not None:
                pytest.fail(f"finished before it could be killed: {process.communicate()}")
            if time.monotonic() > limit:
                pytest.fail("never reached the point to kill it")
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=DEADLINE)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=DEADLINE)
    assert process.returncode == -signal.SIGKILL


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def test_kill_during_backup_leaves_no_file_under_the_final_name(sqlite_sample_office, tmp_path):
    database = Path(sqlite_sample_office.engine.url.database)
    grow(database)
    folder = tmp_path / "备份"
    folder.mkdir()
    target = folder / "登记簿.zip"

    def writing() -> bool:
        return any(size(part) > 1_000_000 for part in folder.glob(".docfiler-备份-*.part"))

    kill_when(start("--db", f"sqlite:///{database}", "backup", "-o", str(target)), writing)
    assert not target.exists()
    assert [p.name for p in folder.iterdir() if not p.name.startswith(".")] == []


def test_kill_during_restore_into_a_new_file_leaves_it_empty(sqlite_sample_office, tmp_path):
    database = Path(sqlite_sample_office.engine.url.database)
    grow(database)
    backup = Path(make_backup(office=sqlite_sample_office, target=tmp_path / "b.zip").path)
    target = tmp_path / "new.db"
    wal = target.with_name("new.db-wal")

    def loading() -> bool:
        return size(wal) > 4_000_000

    kill_when(start("restore", str(backup), "--db", f"sqlite:///{target}"), loading)
    assert rows(target, "document") == 0
    assert rows(target, "auditentry") == 0


def test_kill_during_a_forced_restore_leaves_the_register_unchanged(sqlite_sample_office, tmp_path):
    database = Path(sqlite_sample_office.engine.url.database)
    grow(database)
    backup = Path(make_backup(office=sqlite_sample_office, target=tmp_path / "b.zip").path)
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("DELETE FROM auditentry WHERE id > 1000")
        connection.execute("UPDATE document SET title = '恢复前的标题' WHERE id = 1")
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = database.with_name(database.name + "-wal")
    url = f"sqlite:///{database}"

    def loading() -> bool:
        return size(wal) > 4_000_000

    kill_when(start("restore", str(backup), "--db", url, "--force"), loading)
    assert rows(database, "auditentry") == 1000
    assert rows(database, "document") == 44
    with closing(sqlite3.connect(database)) as connection:
        title = connection.execute("SELECT title FROM document WHERE id = 1").fetchone()[0]
    assert title == "恢复前的标题"


def rows(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        exists = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]
        if not exists:
            return 0
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
