"""Outputs built on every core (docfiler.store.forked): the same bytes in the same order as one
process, failures reported in Chinese, and never a worker left behind."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from docfiler.errors import DocfilerError, ValidationError
from docfiler.store import forked
from tests.processes import no_child_left

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")


class NoEngine:
    def dispose(self, close: bool = True) -> None:
        pass


def pieces(share):
    for task in share:
        yield f"{task}:{os.getpid()}".encode()


def test_pieces_come_back_in_order_from_several_processes():
    got = [
        p.decode().split(":")
        for p in forked.ordered(list(range(10)), pieces, engine=NoEngine(), workers=3)
    ]
    assert [int(task) for task, _pid in got] == list(range(10))
    pids = {int(pid) for _task, pid in got}
    assert len(pids) == 3 and os.getpid() not in pids
    assert got[0][1] == got[3][1] == got[9][1]  # worker 0: tasks 0, 3, 6, 9
    assert no_child_left()


def test_one_worker_is_this_process():
    got = list(forked.ordered([1, 2], pieces, engine=NoEngine(), workers=1))
    assert got == [f"1:{os.getpid()}".encode(), f"2:{os.getpid()}".encode()]


def failing(share):
    for task in share:
        if task == 5:
            raise ValidationError("第 5 块有误：文号“盖政发〔2016〕”缺少序号。")
        yield b"x"


def test_a_workers_error_is_raised_with_its_chinese_message():
    with pytest.raises(ValidationError) as raised:
        list(forked.ordered(list(range(8)), failing, engine=NoEngine(), workers=2))
    assert str(raised.value) == "第 5 块有误：文号“盖政发〔2016〕”缺少序号。"
    assert no_child_left()


def dying(share):
    for task in share:
        if task == 3:
            os._exit(3)  # killed, say, by the kernel: no message
        yield b"x"


def test_a_worker_that_dies_is_reported():
    with pytest.raises(DocfilerError) as raised:
        list(forked.ordered(list(range(6)), dying, engine=NoEngine(), workers=2))
    assert str(raised.value) == forked.WORKER_DIED
    assert "工作进程意外终止" in forked.WORKER_DIED
    assert no_child_left()


def slow(share):
    for task in share:
        if task >= 2:
            time.sleep(600)  # a long chunk still being built when the reader stops
        yield b"x" * 100_000  # more than a pipe holds: the worker waits for the reader


def test_stopping_early_stops_and_reaps_every_worker():
    import threading

    found = forked.ordered(list(range(50)), slow, engine=NoEngine(), workers=2)
    assert next(found) == b"x" * 100_000
    closing = threading.Thread(target=found.close)  # e.g. `docfiler list --json | head`
    closing.start()
    closing.join(60)  # the workers are killed, not waited for (they would take 10 minutes)
    assert not closing.is_alive()
    assert no_child_left()


def test_ctrl_c_in_a_worker_is_not_a_traceback(capfd):
    def interrupted(share):
        for task in share:
            if task == 2:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(5)
            yield b"x"

    with pytest.raises(DocfilerError):
        list(forked.ordered(list(range(4)), interrupted, engine=NoEngine(), workers=2))
    assert capfd.readouterr().err == ""
    assert no_child_left()


def test_a_helper_aside_sends_its_messages_in_order_then_is_done():
    def work(send):
        send(("pid", os.getpid()))
        for n in range(3):
            send(("备案情况", [(n, f"营口市人民政府：第{n}件")]))

    with forked.aside(work, engine=NoEngine()) as helper:
        kind, pid = helper.receive()
        assert kind == "pid" and pid == helper.pid != os.getpid()
        assert [helper.receive() for _ in range(3)] == [
            ("备案情况", [(0, "营口市人民政府：第0件")]),
            ("备案情况", [(1, "营口市人民政府：第1件")]),
            ("备案情况", [(2, "营口市人民政府：第2件")]),
        ]
        assert helper.receive() is forked.DONE
        assert helper.receive() is forked.DONE
    assert no_child_left()


def test_a_helper_ahead_of_the_command_goes_on_working(tmp_path):
    """Its pipe holds forked.PIPE_BYTES (Linux): 512 KiB sent before the command reads any."""
    done = tmp_path / "已发送"

    def ahead(send):
        for _ in range(8):
            send(b"x" * 65_536)
        done.write_text("是")

    with forked.aside(ahead, engine=NoEngine()) as helper:
        deadline = time.monotonic() + 30
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert done.exists()  # with a 64 KiB pipe it would wait for the first read
        assert [len(helper.receive()) for _ in range(8)] == [65_536] * 8
        assert helper.receive() is forked.DONE


def test_a_helpers_error_and_death_reach_the_command():
    def failing(send):
        send("开始")
        raise ValidationError("备案表有误：报送日期早于发布日期。")

    with forked.aside(failing, engine=NoEngine()) as helper:
        assert helper.receive() == "开始"
        with pytest.raises(ValidationError, match="报送日期早于发布日期"):
            helper.receive()
    assert no_child_left()

    with forked.aside(lambda send: os._exit(3), engine=NoEngine()) as helper:
        with pytest.raises(DocfilerError) as raised:
            helper.receive()
        assert str(raised.value) == forked.WORKER_DIED
    assert no_child_left()


def test_a_helper_still_at_work_is_stopped_when_the_command_gives_up():
    def busy(send):
        send("开始")
        time.sleep(600)

    started = time.monotonic()
    with pytest.raises(ValidationError), forked.aside(busy, engine=NoEngine()) as helper:
        assert helper.receive() == "开始"
        raise ValidationError("文件表有误。")  # the command's own failure
    assert time.monotonic() - started < 60  # killed, not waited for
    assert no_child_left()


@pytest.mark.parametrize(
    ("setting", "tasks", "expected"),
    [("1", 10, 1), ("3", 10, 3), ("3", 2, 2), ("0", 10, 1), ("", 1, 1)],
)
def test_how_many_workers(monkeypatch, setting, tasks, expected):
    monkeypatch.setenv(forked.WORKERS_VARIABLE, setting)
    assert forked.worker_count(tasks) == expected


def test_as_many_workers_as_usable_cores(monkeypatch):
    monkeypatch.delenv(forked.WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3, 4, 5})
    assert forked.worker_count(100) == forked.MAX_WORKERS == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert forked.worker_count(100) == 1


def test_list_json_from_several_processes_is_what_one_process_writes(
    sample_office, monkeypatch, capsys
):
    """The sample register (44 documents) in chunks of 5, by 3 workers: byte for byte the
    one-process output, on both databases."""
    from docfiler.cli import main
    from docfiler.queries import documents

    url = sample_office.engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr(documents, "VIEW_CHUNK", 5)
    forks = []
    real_fork = os.fork

    def counted_fork():
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted_fork)

    def listed(workers: str) -> str:
        monkeypatch.setenv(forked.WORKERS_VARIABLE, workers)
        assert main(["--db", url, "list", "--json", "--as-of", "2026-11-26"]) == 0
        return capsys.readouterr().out

    alone = listed("1")
    assert forks == []
    together = listed("3")
    assert len(forks) == 3
    assert together == alone
    documents_listed = json.loads(together)
    assert len(documents_listed) == 44
    lines = together.splitlines()  # "[", one document to a line, "]"
    assert (lines[0], lines[-1], len(lines)) == ("[", "]", 46)
    assert "盖州市城乡居民临时救助实施办法" in {d["title"] for d in documents_listed}
    assert no_child_left()
