"""Killing `docfiler export` half-way (kill -9, or Ctrl-C) leaves no workbook under the name it
was asked for (issue 13, §2). Subprocesses, bounded in time."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest

from docfiler.errors import INTERRUPTED

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 60.0
DOCUMENTS = 40_000


def grow(path: Path, count: int = DOCUMENTS) -> None:
    """Add `count` published documents, each with a filing, so that exporting the register
    takes long enough to be interrupted half-way."""
    now = dt.datetime(2026, 11, 20, 1, 30).isoformat(sep=" ")
    with closing(sqlite3.connect(path)) as connection:
        (authority,) = connection.execute(
            "SELECT id FROM authority WHERE name = '盖州市人民政府'"
        ).fetchone()
        first = connection.execute("SELECT max(id) FROM document").fetchone()[0] + 1
        connection.executemany(
            "INSERT INTO document (id, doc_number, agency_code, year, serial, title, "
            "authority_id, kind, published_on, effective_on, concerns_market, is_sample, "
            f"created_at, updated_at, version) VALUES (?, ?, '盖政发', 1999, ?, ?, {authority}, "
            f"'regular', '1999-06-01', '1999-07-01', 0, 1, '{now}', '{now}', 1)",
            (
                (first + n, f"盖政发〔1999〕{n + 1000}号", n + 1000, f"盖州市第{n}号管理办法")
                for n in range(count)
            ),
        )
        connection.execute(
            "INSERT INTO filing (document_id, body, due_on, due_provisional, submitted_on, "
            "result, result_on, version) SELECT id, '营口市人民政府', '1999-06-16', 0, "
            "'1999-06-10', '予以备案登记', '1999-06-30', 1 FROM document WHERE id >= ?",
            (first,),
        )
        connection.commit()


def start(*args: str, interruptible: bool = False) -> subprocess.Popen:
    """`docfiler ARGS` in a child process. `interruptible`: with Python's own Ctrl-C handling,
    even when this test runs where SIGINT is ignored (a background job) and children inherit
    that."""
    restore = (lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) if interruptible else None
    return subprocess.Popen(
        [sys.executable, "-m", "docfiler", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=restore,
    )


def signal_when(process: subprocess.Popen, ready: Callable[[], bool], signum: int) -> None:
    """Send `signum` as soon as `ready()`, then wait for the end; fail if the process ended
    first or never got there."""
    limit = time.monotonic() + DEADLINE
    try:
        while not ready():
            if process.poll() is not None:
                pytest.fail(f"finished before it could be stopped: {process.communicate()}")
            if time.monotonic() > limit:
                pytest.fail("never reached the point to stop it")
            time.sleep(0.005)
        os.kill(process.pid, signum)
        process.wait(timeout=DEADLINE)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=DEADLINE)


def writing(folder: Path, name: str) -> Callable[[], bool]:
    """Whether the hidden part file of `name` holds a good part of the workbook already."""

    def ready() -> bool:
        for part in folder.glob(f".{name}.*.part"):
            try:
                if part.stat().st_size > 200_000:
                    return True
            except FileNotFoundError:
                pass
        return False

    return ready


def left_running(url: str, wait: float = 10.0) -> list[int]:
    """Processes still running with `url` on their command line (the export's helper, a fork
    of it, has the same), after waiting up to `wait` seconds for them to go."""
    limit = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and url.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
        if not found or time.monotonic() > limit:
            return found
        time.sleep(0.05)


@pytest.fixture
def big(sqlite_sample_office, tmp_path) -> tuple[str, Path]:
    """The sample register grown by DOCUMENTS documents, and an empty folder to export to."""
    database = Path(sqlite_sample_office.engine.url.database)
    sqlite_sample_office.close()
    grow(database)
    folder = tmp_path / "导出"
    folder.mkdir()
    return f"sqlite:///{database}", folder


def test_kill_during_export_leaves_no_file_under_the_final_name(big):
    url, folder = big
    target = folder / "登记簿.xlsx"
    process = start("--db", url, "export", "-o", str(target))
    signal_when(process, writing(folder, target.name), signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    assert not target.exists()
    assert left_running(url) == []  # its helper (two cores and more) went with it
    assert [p.name for p in folder.iterdir() if not p.name.startswith(".")] == []
    # The part file left behind is hidden and in nobody's way: the next export goes through.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "docfiler",
            "--db",
            url,
            "export",
            "-o",
            str(target),
            "--year",
            "2016",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert done.returncode == 0, done.stderr
    assert openpyxl.load_workbook(target).sheetnames == ["文件"]


def test_ctrl_c_during_export_writes_nothing_and_leaves_nothing(big):
    url, folder = big
    target = folder / "登记簿.xlsx"
    process = start("--db", url, "export", "-o", str(target), interruptible=True)
    signal_when(process, writing(folder, target.name), signal.SIGINT)
    assert process.returncode == 130
    assert process.stderr.read().decode() == f"{INTERRUPTED}\n"
    assert list(folder.iterdir()) == []
    assert left_running(url, wait=0) == []
