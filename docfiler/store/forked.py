"""Large read-only outputs built on every core: forked worker processes, one connection each.

Building the views of a whole register (`docfiler list --json`: 100k documents, each a few dozen
dicts and dates) is pure Python, so one process uses one core however many the machine has. Here
the work is cut into tasks (chunks of documents); worker k of n, a fork of the command's
process, runs tasks k, k+n, k+2n … with a database connection of its own and sends each task's
bytes through a pipe; the command reads them back in the tasks' order. Nothing is held but what
the pipes buffer (one task's bytes per worker waits ahead of the reader), so memory stays flat,
and the output is byte for byte what one process writes.

- Read-only work only: a worker writes nothing to the database. Each reads in its own
  statements, as the one process did (every statement sees what is committed when it runs).
- Before forking, the engine's pool is emptied (no connection is shared with a child); each child
  starts with a pool of its own (SQLAlchemy's `dispose(close=False)`, its recipe for fork).
- A worker's exception is sent back (pickled) and raised in the command, so the clerk reads the
  same Chinese message; a worker that dies without one is reported (WORKER_DIED).
- Ctrl-C reaches the workers too (one process group): they die quietly, the command prints its
  one line. However the reading stops (an error, a closed pipe, Ctrl-C), every worker is killed
  and reaped before the command goes on.
- POSIX only (fork); elsewhere, with one usable core, or `DOCFILER_WORKERS=1`, everything runs
  in the command's own process, as before.

`aside` is the other shape: one helper process doing a different part of the work beside the
command's own (`docfiler export`: the 备案 sheet and those after it, while the command writes the
文件 sheet), sending back messages — any picklable object — as it goes; the same rules hold.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from docfiler.errors import DocfilerError

Task = TypeVar("Task")

WORKERS_VARIABLE = "DOCFILER_WORKERS"
MAX_WORKERS = 4
_HEADER = struct.Struct("!qQ")  # task index (FAILED: an exception follows), length
FAILED = -1
MESSAGE = 0
DONE = object()
"""What `Helper.receive` returns once the helper has finished its work and exited."""
WORKER_DIED = (
    "错误：输出时一个工作进程意外终止（可能是内存不足或被系统结束），输出不完整。"
    "请重试；如反复出现，请设置环境变量 DOCFILER_WORKERS=1 后重试，并告知维护人员。"
)


def worker_count(tasks: int) -> int:
    """How many processes build `tasks` tasks: the cores this process may use (at most
    MAX_WORKERS), or DOCFILER_WORKERS; never more than the tasks; 1 means this process alone."""
    if not hasattr(os, "fork"):
        return 1
    setting = os.environ.get(WORKERS_VARIABLE, "").strip()
    if setting.isdigit():
        wanted = int(setting)
    else:
        try:
            wanted = min(len(os.sched_getaffinity(0)), MAX_WORKERS)
        except AttributeError:  # not Linux
            wanted = min(os.cpu_count() or 1, MAX_WORKERS)
    return max(1, min(wanted, tasks))


def ordered(
    tasks: Sequence[Task],
    run: Callable[[Sequence[Task]], Iterator[bytes]],
    *,
    engine,
    workers: int,
) -> Iterator[bytes]:
    """`run(tasks)`'s pieces — one per task, in order — built by `workers` forked processes
    (see the module's text); with one worker, by `run` in this process."""
    if workers <= 1 or len(tasks) <= 1:
        yield from run(tasks)
        return
    engine.dispose()  # no pooled connection crosses the fork
    started: list[tuple[int, object]] = []
    try:
        for k in range(workers):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child's lines run in the child
                os.close(read_end)
                for _pid, stream in started:
                    stream.close()  # type: ignore[attr-defined]
                _work(tasks[k::workers], k, workers, run, write_end, engine)
            os.close(write_end)
            started.append((pid, os.fdopen(read_end, "rb")))
        for index in range(len(tasks)):
            yield _piece(started[index % workers][1], index)
        for pid, _stream in started:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise DocfilerError(WORKER_DIED)
        started.clear()
    finally:
        _end(started)


def _work(
    share: Sequence[Task],
    first: int,
    step: int,
    run: Callable[[Sequence[Task]], Iterator[bytes]],
    fd: int,
    engine,
) -> None:  # pragma: no cover - runs in the child
    """A worker: its share of the tasks, each piece after its header; then exit."""

    def produce(out) -> None:
        index = first
        for piece in run(share):
            out.write(_HEADER.pack(index, len(piece)))
            out.write(piece)
            index += step

    _child(produce, fd, engine)


def _child(produce: Callable[[Any], None], fd: int, engine) -> None:  # pragma: no cover - child
    """What every forked process does: `produce(out)` on its end of the pipe, with a pool of
    its own; its exception, if any, sent back pickled; then exit without running the parent's
    clean-up (its open files and connections are the parent's)."""
    code = 0
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: die quietly, the command says it
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # the command is gone: so is its worker
    out = os.fdopen(fd, "wb")
    try:
        engine.dispose(close=False)  # a pool of its own; the parent's is none of its business
        produce(out)
        out.flush()
    except BaseException as exc:  # every failure goes to the command
        code = 1
        with contextlib.suppress(BaseException):
            try:
                payload = pickle.dumps(exc)
            except Exception:  # one that cannot travel: its text does
                payload = pickle.dumps(DocfilerError(f"错误：{exc}"))
            out.write(_HEADER.pack(FAILED, len(payload)))
            out.write(payload)
            out.flush()
    os._exit(code)


def _piece(stream, index: int) -> bytes:
    found, body = _framed(stream)
    if found != index:
        raise DocfilerError(WORKER_DIED)
    return body


def _framed(stream) -> tuple[int, bytes]:
    """The next (index, bytes) from a worker; its exception raised; WORKER_DIED if cut short."""
    header = stream.read(_HEADER.size)
    if len(header) != _HEADER.size:
        raise DocfilerError(WORKER_DIED)
    found, size = _HEADER.unpack(header)
    body = stream.read(size)
    if len(body) != size:
        raise DocfilerError(WORKER_DIED)
    if found == FAILED:
        raise pickle.loads(body)  # our own child's exception
    return found, body


def _end(started: list[tuple[int, object]]) -> None:
    """Stop and reap every worker still there (reading stopped early)."""
    for pid, stream in started:
        stream.close()  # type: ignore[attr-defined]
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for pid, _stream in started:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)


class Helper:
    """A process forked by `aside`, seen from the command: its messages, in the order sent."""

    def __init__(self, pid: int, stream) -> None:
        self.pid, self.stream = pid, stream
        self.running = True

    def receive(self) -> Any:
        """The helper's next message; DONE once it has finished and exited. Its exception is
        raised here; WORKER_DIED if it died without one."""
        if not self.running:
            return DONE
        if self.stream.peek(1) == b"":  # the pipe closed: the helper has exited
            self.running = False
            self.stream.close()
            _, status = os.waitpid(self.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise DocfilerError(WORKER_DIED)
            return DONE
        return pickle.loads(_framed(self.stream)[1])  # our own child's message

    def close(self) -> None:
        """Stop the helper if it is still at work, and reap it."""
        if self.running:
            self.running = False
            _end([(self.pid, self.stream)])

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def aside(work: Callable[[Callable[[Any], None]], None], *, engine) -> Helper:
    """Fork a helper that runs `work(send)` — `send(message)` hands the command any picklable
    object — with a database connection of its own; the command reads the messages with
    `Helper.receive` (use it as a context manager: a helper still at work when the block
    ends is stopped). The connections the command has checked out stay its own (see `ordered`)."""
    engine.dispose()  # no pooled connection crosses the fork
    read_end, write_end = os.pipe()
    _widen(write_end)
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # pragma: no cover - the child's lines run in the child
        os.close(read_end)

        def produce(out) -> None:
            def send(message: Any) -> None:
                payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
                out.write(_HEADER.pack(MESSAGE, len(payload)))
                out.write(payload)
                out.flush()

            work(send)

        _child(produce, write_end, engine)
    os.close(write_end)
    return Helper(pid, os.fdopen(read_end, "rb"))


PIPE_BYTES = 1 << 20
"""What a helper's pipe holds (Linux; 64 KiB by default): a helper ahead of the command goes on
working rather than waiting for it to read."""


def _widen(fd: int) -> None:
    """Let the pipe hold PIPE_BYTES where the system allows (Linux's F_SETPIPE_SZ)."""
    import fcntl

    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
