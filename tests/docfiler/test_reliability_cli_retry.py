"""Issue 14, item 14 (CLI side): a command that did not read the row earlier never reports a
conflict because another writer changed the document between its own read and its write.

Two worker processes run the CLI's `update` and `opinions` commands against the same document at
the same time, on SQLite and PostgreSQL: every command succeeds (no 已被其他人修改), every write
has its audit entry, and none is lost. A write that names the version its caller read
(`update --version`, what a TUI form does) still reports the conflict.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time

from sqlmodel import select

from docfiler import services
from docfiler.errors import ConflictError
from docfiler.store.tables import AuditEntry, Document, OpinionRecord
from tests.conftest import make_office

NUMBER = "盖政发〔2026〕140号"
WRITES = 30  # per worker
DEADLINE = 240  # seconds for a whole worker

WORKER = r"""
import datetime as dt, io, json, sys, time
from contextlib import redirect_stderr, redirect_stdout
from docfiler.cli import main
from docfiler.office import Office

real_open = Office.open.__func__
def open_on_day(cls, *args, **kwargs):
    office = real_open(cls, *args, **kwargs)
    office.today = lambda: dt.date(2026, 11, 26)
    return office
Office.open = classmethod(open_on_day)

url, name, writes, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
number = "盖政发〔2026〕140号"
while time.time() < start:
    time.sleep(0.001)
results = []
for i in range(writes):
    if i % 2:
        args = ["update", number, "--note", f"{name}-{i}"]
    else:
        args = ["opinions", number, "--date", "2026-03-01", "--method", f"{name}-{i}"]
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main(["--db", url, "--operator", name, *args])
    results.append({"command": args[0], "code": code, "err": err.getvalue(), "mark": f"{name}-{i}"})
print(json.dumps(results, ensure_ascii=False))
"""


def _race(url: str) -> list[dict]:
    start = time.time() + 3  # both workers are importing by then
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, name, str(WRITES), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for name in ("甲", "乙")
    ]
    results: list[dict] = []
    for worker in workers:
        try:
            out, err = worker.communicate(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            for other in workers:
                other.kill()
            raise AssertionError("a worker did not finish in time") from None
        assert worker.returncode == 0, err
        results.extend(json.loads(out))
    return results


def test_concurrent_cli_writes_to_one_document_never_conflict(db_url):
    office = make_office(db_url)
    try:
        services.register_document(office=office, number=NUMBER, title="盖州市并发测试办法")
        with office.reading() as session:
            before = session.exec(select(Document).where(Document.doc_number == NUMBER)).one()
    finally:
        office.close()

    results = _race(db_url)

    failed = [r for r in results if r["code"] != 0]
    assert failed == [], failed  # no 已被其他人修改, no other error
    office = make_office(db_url)
    try:
        with office.reading() as session:
            document = session.exec(select(Document).where(Document.doc_number == NUMBER)).one()
            entries = session.exec(
                select(AuditEntry).where(
                    AuditEntry.document_id == document.id,
                    AuditEntry.action.in_(["update", "opinions"]),
                )
            ).all()
            opinions = session.exec(
                select(OpinionRecord.method).where(OpinionRecord.document_id == document.id)
            ).all()
    finally:
        office.close()
    updates = {r["mark"] for r in results if r["command"] == "update"}
    heard = {r["mark"] for r in results if r["command"] == "opinions"}
    assert len(updates) + len(heard) == 2 * WRITES
    # every write has its audit entry and its effect: one version each, every opinion row kept
    assert len(entries) == 2 * WRITES
    assert document.version == before.version + 2 * WRITES
    assert set(opinions) == heard
    notes = {json.loads(e.details)["note"]["to"] for e in entries if e.action == "update"}
    assert notes == updates
    assert document.note in updates


def test_a_write_that_names_the_version_it_read_still_reports_the_conflict(office):
    services.register_document(office=office, number=NUMBER, title="盖州市并发测试办法")
    seen = services.update_document(office=office, number=NUMBER, changes={"note": "一"}).version
    services.update_document(office=office, number=NUMBER, changes={"note": "二"})
    try:
        services.update_document(
            office=office, number=NUMBER, changes={"note": "三"}, expected_version=seen
        )
    except ConflictError as error:
        assert "已被其他人修改" in error.message
    else:
        raise AssertionError("a stale expected_version was accepted")


def test_the_retry_is_bounded_and_ends_in_a_chinese_message(office, monkeypatch):
    """A colleague commits between this write's read and its write at every attempt: a few
    attempts with short pauses, then a clear refusal, and nothing written."""
    from sqlalchemy import update

    from docfiler.store import locking

    services.register_document(office=office, number=NUMBER, title="盖州市并发测试办法")
    calls = []
    real_bump = locking.bump_version

    def colleague_first(session, row, expected_version, conflict, **kwargs):
        calls.append(time.monotonic())
        with office.engine.begin() as connection:  # another connection: the colleague
            connection.execute(
                update(Document).where(Document.id == row.id).values(version=Document.version + 1)
            )
        real_bump(session, row, expected_version, conflict, **kwargs)

    monkeypatch.setattr(locking, "bump_version", colleague_first)
    try:
        services.record_opinions(office=office, number=NUMBER, on=dt.date(2026, 3, 1))
    except ConflictError as error:
        assert error.message == (
            f"文件“{NUMBER}”正被其他人同时修改，连续几次保存都赶上了他人的写入，本次保存未执行。"
            "请稍后再试。"
        )
    else:
        raise AssertionError("the stale write was accepted")
    assert len(calls) == 5
    assert calls[-1] - calls[0] < 2
    with office.reading() as session:
        assert session.exec(select(OpinionRecord)).all() == []
