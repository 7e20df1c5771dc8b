"""The caller's side of the resident process (docfiler.resident): hand a command over, pass
on the signals the caller gets, return the exit code."""

from __future__ import annotations

import array
import contextlib
import json
import os
import signal
import socket
import struct
import sys
import time
from pathlib import Path

from docfiler.resident.place import SWITCH, holder, kill, runtime_dir, search_path, socket_path

NO_DELEGATION = frozenset({"resident"})  # commands that always run in the caller
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
HEADER = struct.Struct("!I")
READY_SECONDS = 10.0  # a child is ready in milliseconds; later than this, the caller runs it
DIED = (
    "错误：命令在常驻进程中意外终止，结果未知，请用 docfiler list 等命令核对后重试；"
    "如反复出现，请设置环境变量 DOCFILER_RESIDENT=0 后重试，并告知维护人员。"
)


def delegate(args: list[str]) -> int | None:
    """Run `docfiler args` in the resident process and return its exit code; None when it
    must run here (turned off, not POSIX, no command in `args`, no resident process yet — one is
    then started for the next command — or anything about the hand-over fails)."""
    if not _wanted(args):
        return None
    try:
        path = socket_path()
    except OSError:  # e.g. the working folder is gone: nothing to hand over
        return None
    if path is None:
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(str(path))
    except OSError:
        connection.close()
        _start_server(path)
        return None
    with connection:
        return _hand_over(connection, args)


def command_name(args: list[str]) -> str | None:
    """The first argument after the global options (--db, --operator), if it is not an
    option itself: the command a line of arguments runs."""
    rest = iter(args)
    for arg in rest:
        if arg in ("--db", "--operator"):
            next(rest, None)
        elif not arg.startswith(("--db=", "--operator=")):
            return None if arg.startswith("-") else arg
    return None


def supported() -> bool:
    """Whether this system can run a resident process (POSIX: fork and descriptor passing)."""
    return os.name == "posix" and hasattr(socket, "SCM_RIGHTS") and hasattr(os, "fork")


def switched_off() -> bool:
    return os.environ.get(SWITCH, "1").strip() == "0"


def start(wait: float = 120.0) -> tuple[str, int | Path | None]:
    """Start this installation's resident process now, as a first command would, and wait
    until it listens (`docfiler resident start`, e.g. at login: then even the first command of
    the day finds it). One of ("started", pid), ("running", pid), ("off", None),
    ("unsupported", None), ("folder", the runtime folder), ("broken", the file saying why),
    ("failed", None)."""
    if not supported():
        return "unsupported", None
    if switched_off():
        return "off", None
    path = socket_path()
    if path is None:
        return "folder", runtime_dir()
    pid = _listening(path)
    if pid:
        return "running", pid
    broken = path.with_suffix(".broken")
    if broken.exists():
        return "broken", broken
    _start_server(path)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        pid = _listening(path)
        if pid:
            return "started", pid
        if broken.exists():
            return "broken", broken
        time.sleep(0.05)
    return "failed", None


def _listening(path: Path) -> int | None:
    """The pid of the resident process listening at `path` (its socket is bound once its
    imports are done), None if there is none yet."""
    if not path.exists():
        return None  # (and no lock file made by looking)
    return holder(path.with_suffix(".lock")) or None


def _wanted(args: list[str]) -> bool:
    if not supported() or switched_off():
        return False
    name = command_name(args)
    if name is None or name in NO_DELEGATION:
        return False
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)
    except OSError:  # a closed standard stream: nothing to hand over
        return False
    return all(stream is not None for stream in (sys.stdin, sys.stdout, sys.stderr))


def _hand_over(connection: socket.socket, args: list[str]) -> int | None:
    """Send the request, let the child start, forward signals to it; its exit code.

    The child runs the command only once this side has said "go" (G) after hearing it is ready
    (P): if that answer is late, or a signal comes first, the caller stops waiting and the child
    sees the connection end and does nothing — a command never runs twice, nor after Ctrl-C.
    """
    try:
        request = _request(args)
    except OSError:  # the working folder is gone
        return None
    pending: list[int] = []
    child: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        pending.append(signum)
        if child:
            kill(child[0], signum)

    previous = {signum: signal.signal(signum, forward) for signum in FORWARDED}
    try:
        pid = _start_child(connection, request, pending, child)
        if pid is None:
            return _not_started(pending)
        answer = _Lines(connection).next()
        code = _number(answer, "X")
        return _died(pending) if code is None else code
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _request(args: list[str]) -> dict:
    return {
        "argv": ["docfiler", *args],
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": _current_umask(),
        "streams": [[s.encoding, s.errors] for s in (sys.stdin, sys.stdout, sys.stderr)],
    }


def _start_child(
    connection: socket.socket, request: dict, pending: list[int], child: list[int]
) -> int | None:
    """Hand the request and the three standard descriptors over; the child's pid once it is
    ready and told to go (it is put in `child` first: a signal from then on is passed on),
    None if it is not ready in time, could not take it, or a signal came first."""
    try:
        connection.settimeout(READY_SECONDS)
        connection.sendmsg(
            [b"R"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [0, 1, 2]))]
        )
        body = json.dumps(request, ensure_ascii=False).encode("utf-8", "surrogateescape")
        connection.sendall(HEADER.pack(len(body)) + body)
        pid = _number(_Lines(connection).next(), "P")
        if pid is None or pending:
            return None
        child.append(pid)
        connection.sendall(b"G")
        connection.settimeout(None)
        return pid
    except OSError:
        return None


def _number(line: str | None, prefix: str) -> int | None:
    if line is None or not line.startswith(prefix) or not line[1:].isdigit():
        return None
    return int(line[1:])


def _not_started(pending: list[int]) -> int | None:
    """Nothing ran: run here (None) — unless the clerk interrupted meanwhile."""
    if signal.SIGINT in pending:
        return interrupted()
    _die_of(pending)
    return None


def _died(pending: list[int]) -> int:
    """The connection ended without an exit code: the child died (of a signal the caller
    passed on, then so does the caller; of anything else, the clerk is told)."""
    _die_of(pending)
    if signal.SIGINT in pending:
        return interrupted()
    print(DIED, file=sys.stderr, flush=True)
    return 1


def _die_of(pending: list[int]) -> None:
    for signum in pending:
        if signum != signal.SIGINT:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)


def interrupted() -> int:
    """As a fresh process interrupted before its command began: one Chinese line, 130."""
    from docfiler.errors import INTERRUPTED, INTERRUPTED_EXIT_CODE

    with contextlib.suppress(OSError, ValueError):
        print(INTERRUPTED, file=sys.stderr, flush=True)
    return INTERRUPTED_EXIT_CODE


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Lines:
    """Lines of ASCII from the socket; None at its end."""

    def __init__(self, connection: socket.socket) -> None:
        self.connection, self.buffer = connection, b""

    def next(self) -> str | None:
        while b"\n" not in self.buffer:
            try:
                chunk = self.connection.recv(64)
            except OSError:
                return None
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("ascii", "replace")


def _start_server(socket_path: Path) -> None:
    """Start the resident process in the background, detached from this terminal and from
    every pipe of this process (a reader of our output must see its end when we exit)."""
    if socket_path.with_suffix(".broken").exists():
        return  # it failed to start for this installation: not again until something changes
    import subprocess

    boot = (
        "import sys, json; sys.path[:] = json.loads(sys.argv[1]); "
        "from docfiler.resident.server import serve; serve(sys.argv[2])"
    )
    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-c", boot, json.dumps(search_path()), str(socket_path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
