"""Issue 14, item 1: an interrupted schema upgrade leaves the register as it was.

A register at revision 0001 is upgraded in a child process that kills itself (SIGKILL) after
its n-th SQL statement, at points spread over the whole upgrade; the next start must open it
and upgrade it. Ctrl-C (KeyboardInterrupt) is tried in this process. On SQLite an existing
register is copied before it is upgraded, and the upgrade is announced.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from docfiler.office import Office
from docfiler.store.engine import HEAD_REVISION, current_revision, make_engine, migrate

KILL_AFTER = r"""
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
from docfiler.store.engine import make_engine, migrate

seen = 0
limit = int(sys.argv[2])

@event.listens_for(Engine, "after_cursor_execute")
def _kill(*_args):
    global seen
    seen += 1
    if seen == limit:
        os.kill(os.getpid(), signal.SIGKILL)

migrate(make_engine(sys.argv[1]))
"""


def _at_0001(url: str) -> None:
    engine = make_engine(url)
    migrate(engine, "0001")
    assert current_revision(engine) == "0001"
    engine.dispose()


def _statements_in_upgrade(url: str) -> int:
    """How many statements a 0001 → head upgrade runs (on a database made for counting)."""
    count = 0

    def counted(*_args):
        nonlocal count
        count += 1

    engine = make_engine(url)
    migrate(engine, "0001")
    event.listen(Engine, "after_cursor_execute", counted)
    try:
        migrate(engine)
    finally:
        event.remove(Engine, "after_cursor_execute", counted)
        engine.dispose()
    return count


def _opens_at_head(url: str) -> None:
    office = Office.open(url)
    try:
        assert current_revision(office.engine) == HEAD_REVISION
    finally:
        office.close()


@pytest.fixture
def spare_url(db_url, tmp_path) -> str:
    """A second database on the same back end, for counting statements."""
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'spare.db'}"
    return db_url  # counted first, then dropped below


def _drop_all(url: str) -> None:
    from sqlalchemy import MetaData

    engine = make_engine(url)
    metadata = MetaData()
    metadata.reflect(bind=engine)
    metadata.drop_all(bind=engine)
    engine.dispose()


def test_killed_upgrades_leave_a_register_that_opens(db_url, spare_url):
    total = _statements_in_upgrade(spare_url)
    if spare_url == db_url:
        _drop_all(db_url)
    assert total > 20
    for limit in sorted({3, total // 4, total // 2, (3 * total) // 4, total - 2}):
        _at_0001(db_url)
        child = subprocess.run(
            [sys.executable, "-c", KILL_AFTER, db_url, str(limit)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert child.returncode == -signal.SIGKILL, child.stderr
        engine = make_engine(db_url)
        assert current_revision(engine) == "0001", limit  # nothing of the upgrade stayed
        engine.dispose()
        _opens_at_head(db_url)
        _drop_all(db_url)


def test_ctrl_c_in_the_middle_of_an_upgrade_changes_nothing(db_url):
    _at_0001(db_url)
    engine = make_engine(db_url)
    seen = 0

    def interrupt(*_args):
        nonlocal seen
        seen += 1
        if seen == 15:
            raise KeyboardInterrupt

    event.listen(Engine, "after_cursor_execute", interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            migrate(engine)
    finally:
        event.remove(Engine, "after_cursor_execute", interrupt)
    assert current_revision(engine) == "0001"
    engine.dispose()
    _opens_at_head(db_url)


def test_a_sqlite_register_is_copied_and_the_upgrade_announced(tmp_path, caplog):
    path = tmp_path / "docfiler.db"
    url = f"sqlite:///{path}"
    _at_0001(url)
    with caplog.at_level(logging.WARNING, logger="docfiler.store"):
        _opens_at_head(url)
    copies = list(tmp_path.glob("docfiler.db.升级前-第0001版-*"))
    assert len(copies) == 1
    with closing(sqlite3.connect(copies[0])) as kept:
        assert kept.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert os.stat(copies[0]).st_mode & 0o777 == 0o600
    [message] = [r.getMessage() for r in caplog.records if r.name == "docfiler.store"]
    assert message == (
        f"数据库 {path} 的结构是第 0001 版，本程序需要第 {HEAD_REVISION} 版，现在升级。"
        f"升级前的副本已保存为 {copies[0]}。升级在一个事务中完成：中途中断或出错时，数据库保持原样。"
    )
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="docfiler.store"):
        _opens_at_head(url)  # already at head: no copy, no message
    assert not caplog.records and len(list(tmp_path.glob("docfiler.db.升级前-*"))) == 1


def test_the_cli_says_on_stderr_what_it_upgrades(tmp_path):
    path = tmp_path / "docfiler.db"
    url = f"sqlite:///{path}"
    _at_0001(url)
    env = {**os.environ, "DOCFILER_OPERATOR": "测试员"}
    done = subprocess.run(
        [sys.executable, "-m", "docfiler", "--db", url, "init"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert f"数据库 {path} 的结构是第 0001 版" in done.stderr
    assert "升级前的副本已保存为" in done.stderr
    assert "数据库已就绪" in done.stdout
