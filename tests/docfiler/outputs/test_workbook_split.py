"""`docfiler export` built by two processes (outputs.workbook_split, issue 15): cell for cell the
workbook one process writes, read from one state of the database even while clerks write, and
failures on either side reported without a file or a process left behind."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from docfiler.errors import DocfilerError, ValidationError
from docfiler.outputs import workbook_split
from docfiler.outputs.workbook import export_register
from docfiler.store import forked, shared_snapshot
from docfiler.store.engine import make_engine
from tests.processes import no_child_left

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")

MARK = "（另一位办事员刚改）"


def sheets_of(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    finally:
        book.close()


@pytest.fixture
def helpers(monkeypatch) -> list[int]:
    """The helpers forked (their pids)."""
    started: list[int] = []
    real = forked.aside

    def spy(work, *, engine):
        helper = real(work, engine=engine)
        started.append(helper.pid)
        return helper

    monkeypatch.setattr(forked, "aside", spy)
    return started


def workers(monkeypatch, count: int) -> None:
    monkeypatch.setenv(forked.WORKERS_VARIABLE, str(count))


def test_two_processes_write_the_workbook_one_process_writes(
    sample_office, tmp_path, monkeypatch, helpers
):
    workers(monkeypatch, 1)
    one = export_register(office=sample_office, output=tmp_path / "一个进程.xlsx")
    assert helpers == []
    workers(monkeypatch, 2)
    two = export_register(office=sample_office, output=tmp_path / "两个进程.xlsx")
    assert len(helpers) == 1 and helpers[0] != os.getpid()
    assert no_child_left()

    expected = {"文件": 44, "备案": 66, "程序": 122, "关系": 28, "清理决定": 2, "制定机关": 6}
    assert one.counts == two.counts == expected
    built = sheets_of(two.path)
    assert list(built) == ["文件", "备案", "程序", "关系", "清理决定", "制定机关"]
    assert built == sheets_of(one.path)
    # 备案情况 on the command's sheet, made by the helper from its reading of the filings
    first = built["文件"][1]
    assert first[:3] == (1, "盖州市城区户外广告设置管理办法", "盖政发〔2010〕49号")
    assert (
        first[11]
        == "营口市人民政府：2010-06-18报送，予以备案登记；盖州市人大常委会：2010-07-02报送"
    )
    assert built["备案"][1][:3] == ("盖政发〔2010〕49号", "营口市人民政府", 1)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def _retitle(url: str) -> None:
    """Another clerk's write: every title changed, in a transaction of its own."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"UPDATE document SET title = title || '{MARK}'"))
    finally:
        engine.dispose()


def test_a_write_committed_during_the_export_is_on_neither_process_sheets(
    sample_office, tmp_path, monkeypatch, helpers
):
    """The command writes 文件, the helper 关系, which shows the titles too (对象名称): a
    change committed once both are reading must be on neither."""
    url = sample_office.engine.url.render_as_string(hide_password=False)
    workers(monkeypatch, 1)
    before = sheets_of(export_register(office=sample_office, output=tmp_path / "前.xlsx").path)
    real = workbook_split.register_sheets

    written = tmp_path / "已改"

    def meanwhile(connection, selection, rules, **options):
        if options.get("side") == "documents":  # the command, once the helper has joined
            _retitle(url)
            written.write_text("是")
        else:  # the helper: its first statement comes after the write
            deadline = time.monotonic() + 30
            while not written.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        return real(connection, selection, rules, **options)

    monkeypatch.setattr(workbook_split, "register_sheets", meanwhile)
    workers(monkeypatch, 2)
    during = export_register(office=sample_office, output=tmp_path / "中.xlsx")
    assert len(helpers) == 1
    assert sheets_of(during.path) == before

    workers(monkeypatch, 1)
    after = sheets_of(export_register(office=sample_office, output=tmp_path / "后.xlsx").path)
    assert after["文件"][1][1] == f"盖州市城区户外广告设置管理办法{MARK}"
    assert any(MARK in (row[3] or "") for row in after["关系"][1:])  # 对象名称


def test_nothing_is_committed_between_the_command_and_the_helper_beginning_to_read(
    sample_office, tmp_path, monkeypatch, helpers
):
    """A write tried in the helper before it joins the command's snapshot: on SQLite it
    waits for the write lock the command holds (here it gives up after 0.2 s); on PostgreSQL
    it commits, and the helper still reads the state the command reads."""
    url = sample_office.engine.url.render_as_string(hide_password=False)
    marker = tmp_path / "写入结果"
    workers(monkeypatch, 1)
    before = sheets_of(export_register(office=sample_office, output=tmp_path / "前.xlsx").path)
    real = shared_snapshot.joined

    def late(engine, ticket):  # runs in the helper
        try:
            writer = make_engine(url, busy_timeout=0.2)
            with writer.begin() as connection:
                connection.execute(text(f"UPDATE document SET title = title || '{MARK}'"))
            marker.write_text("已提交")
        except Exception as exc:
            marker.write_text(f"未提交：{exc}")
        return real(engine, ticket)

    monkeypatch.setattr(shared_snapshot, "joined", late)
    workers(monkeypatch, 2)
    during = export_register(office=sample_office, output=tmp_path / "中.xlsx")
    assert len(helpers) == 1
    assert sheets_of(during.path) == before
    if sample_office.engine.dialect.name == "sqlite":
        assert marker.read_text().startswith("未提交") and "locked" in marker.read_text()
    else:
        assert marker.read_text() == "已提交"
        after = export_register(office=sample_office, output=tmp_path / "后.xlsx", force=True)
        assert sheets_of(after.path)["文件"][1][1].endswith(MARK)


def failed_export(office, tmp_path, error: type[Exception]) -> Exception:
    """Export with two processes into a new folder, which must fail with `error` and leave
    the folder empty and no process behind; the exception raised."""
    folder = tmp_path / "导出"
    folder.mkdir()
    with pytest.raises(error) as raised:
        export_register(office=office, output=folder / "登记簿.xlsx")
    assert list(folder.iterdir()) == []
    assert no_child_left()
    return raised.value


def test_the_helpers_error_reaches_the_clerk_and_no_file_is_written(
    sample_office, tmp_path, monkeypatch, helpers
):
    def broken(out, sheets):  # in the helper
        raise ValidationError("备案表无法生成：测试中的错误。")
        yield  # pragma: no cover

    monkeypatch.setattr(workbook_split, "write_parts", broken)
    workers(monkeypatch, 2)
    raised = failed_export(sample_office, tmp_path, ValidationError)
    assert str(raised) == "备案表无法生成：测试中的错误。"
    assert len(helpers) == 1


def test_the_commands_error_stops_the_helper(sample_office, tmp_path, monkeypatch, helpers):
    real = workbook_split.register_sheets

    def failing(connection, selection, rules, **options):
        if options.get("side") == "documents":
            raise ValidationError("文件表无法生成：测试中的错误。")
        return real(connection, selection, rules, **options)

    monkeypatch.setattr(workbook_split, "register_sheets", failing)
    workers(monkeypatch, 2)
    raised = failed_export(sample_office, tmp_path, ValidationError)
    assert str(raised) == "文件表无法生成：测试中的错误。"
    assert len(helpers) == 1


def test_a_helper_that_dies_is_reported(sample_office, tmp_path, monkeypatch, helpers):
    def dying(out, sheets):  # killed, say, by the kernel
        os._exit(9)
        yield  # pragma: no cover

    monkeypatch.setattr(workbook_split, "write_parts", dying)
    workers(monkeypatch, 2)
    assert str(failed_export(sample_office, tmp_path, DocfilerError)) == forked.WORKER_DIED


def test_a_sqlite_register_whose_lock_is_kept_is_exported_by_one_process(
    sqlite_sample_office, tmp_path, monkeypatch, helpers
):
    """Another writer keeps the write lock beyond the busy timeout: no helper (it could not
    be given the same state), the export is read by the command alone — and still made."""
    office = sqlite_sample_office
    workers(monkeypatch, 1)
    before = sheets_of(export_register(office=office, output=tmp_path / "前.xlsx").path)
    office.engine.dispose()
    office.engine = make_engine(office.engine.url.render_as_string(), busy_timeout=0.1)
    holder = sqlite3.connect(office.engine.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    real = workbook_split.register_sheets

    def reading(connection, selection, rules, **options):  # the lock is let go meanwhile
        if holder.in_transaction:
            holder.rollback()
        return real(connection, selection, rules, **options)

    monkeypatch.setattr(workbook_split, "register_sheets", reading)
    try:
        workers(monkeypatch, 2)
        export_register(office=office, output=tmp_path / "中.xlsx")
    finally:
        holder.close()
    assert helpers == []
    assert sheets_of(tmp_path / "中.xlsx") == before


def test_without_fork_or_beside_other_threads_one_process_exports(
    sqlite_sample_office, tmp_path, monkeypatch, helpers
):
    """A fork that fails (no memory, a limit on processes) and a process with other threads
    running (a fork copies their locks, not their owners) export alone, the same workbook."""
    office = sqlite_sample_office
    workers(monkeypatch, 1)
    before = sheets_of(export_register(office=office, output=tmp_path / "前.xlsx").path)
    monkeypatch.delenv(forked.WORKERS_VARIABLE)
    monkeypatch.setattr(workbook_split, "PARALLEL_FROM", 10)  # the sample's 44 are enough
    monkeypatch.setattr(forked, "worker_count", lambda tasks: 2)

    waiting = threading.Event()
    other = threading.Thread(target=waiting.wait)
    other.start()
    try:
        beside = export_register(office=office, output=tmp_path / "旁.xlsx")
    finally:
        waiting.set()
        other.join()
    assert helpers == []
    assert sheets_of(beside.path) == before

    export_register(office=office, output=tmp_path / "双.xlsx")
    assert len(helpers) == 1  # alone again: two processes

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    alone = export_register(office=office, output=tmp_path / "独.xlsx")
    assert len(helpers) == 1
    assert sheets_of(alone.path) == before
    assert no_child_left()
