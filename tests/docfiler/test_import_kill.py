"""Killing `docfiler import` (kill -9) mid-way leaves no half-imported register (issue 13, §4).

The import runs in a subprocess, as a clerk runs it. It is killed
- once every row is in the register's tables but before the commit (a pause is put into the
  child at that point, so the kill cannot come too early or too late), on SQLite and PostgreSQL;
- and on SQLite by the clock, while it copies its rows into the register (its write-ahead log
  growing).
Either way the register is as it was, and the same file imports cleanly afterwards.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from docfiler.services.sheet_import import plan_import, run_import
from docfiler.store.tables import AuditEntry, Document, Filing, FilingSubmission

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 120.0
PAUSED = "ALL ROWS WRITTEN"
RUN_CLI = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    "from docfiler.services import imports\n"
    "pause = len(sys.argv) > 1 and sys.argv[1] == '--pause-before-commit'\n"
    "real = imports.mark_historical\n"
    "def paused(*args, **kwargs):\n"
    "    marked = real(*args, **kwargs)\n"
    f"    print({PAUSED!r}, flush=True)\n"
    "    time.sleep(600)\n"
    "    return marked\n"
    "if pause:\n"
    "    imports.mark_historical = paused\n"
    "    del sys.argv[1]\n"
    "from docfiler.cli import root\n"
    "sys.exit(root.main(sys.argv[1:]))\n"
)


def register_sheet(path: Path, count: int) -> Path:
    """`count` historical documents, every one filed with both bodies."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("目录")
    sheet.append(["序号", "文件名称", "文号", "发布日期", "备案情况"])
    for n in range(1, count + 1):
        code = ("盖政发", "盖政办发")[n % 2]
        sheet.append(
            [
                n,
                f"第{n}号管理办法",
                f"{code}〔{2012 + n % 10}〕{1000 + n}号",
                f"{2012 + n % 10}-03-01",
                "已备案",
            ]
        )
    book.save(path)
    return path


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", RUN_CLI, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Children of a test run may inherit SIGINT ignored; give them the default back.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
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


def counts(office) -> dict[str, int]:
    with office.reading() as session:
        return {
            model.__name__: session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Document, Filing, FilingSubmission, AuditEntry)
        }


def url_of(office) -> str:
    return office.engine.url.render_as_string(hide_password=False)


def test_kill_before_the_commit_leaves_the_register_as_it_was(sample_office, tmp_path):
    sheet = register_sheet(tmp_path / "台账.xlsx", 2000)
    before = counts(sample_office)
    process = start(
        "--pause-before-commit", "--db", url_of(sample_office), "import", str(sheet), "--yes"
    )
    kill_when(process, lambda: process.stdout.readline().strip() == PAUSED)

    assert counts(sample_office) == before
    plan = plan_import(office=sample_office, path=sheet)  # nothing locked, nothing half there
    assert (plan.added, plan.skipped, plan.bad) == (2000, (), ())
    assert run_import(office=sample_office, plan=plan).added == 2000
    after = counts(sample_office)
    assert after["Document"] == before["Document"] + 2000
    assert after["FilingSubmission"] == before["FilingSubmission"] + 4000


def test_kill_while_the_rows_are_copied_into_the_register(sqlite_sample_office, tmp_path):
    sheet = register_sheet(tmp_path / "台账.xlsx", 20_000)
    database = Path(sqlite_sample_office.engine.url.database)
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = database.with_name(database.name + "-wal")
    before = counts(sqlite_sample_office)

    def copying() -> bool:
        try:
            return wal.stat().st_size > 1_000_000
        except FileNotFoundError:
            return False

    kill_when(start("--db", f"sqlite:///{database}", "import", str(sheet), "--yes"), copying)
    assert counts(sqlite_sample_office) == before
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
