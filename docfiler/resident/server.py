"""The resident process itself (docfiler.resident): import once, then fork a child for every
command; the child takes on the caller's folder, environment, umask and standard streams, and runs
the command as a fresh process would."""

from __future__ import annotations

import array
import contextlib
import json
import os
import signal
import socket
import struct
import sys
from pathlib import Path

from docfiler.resident.caller import HEADER, interrupted
from docfiler.resident.place import idle_seconds


def serve(socket_path: str | Path) -> None:
    """Import once, then fork a child for every command until idle (or told to stop)."""
    import fcntl

    path = Path(socket_path)
    lock = open(path.with_suffix(".lock"), "a+")  # noqa: SIM115 - held for the process's life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return  # another one is starting or running for this installation
    lock.seek(0)
    lock.truncate()
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    try:
        _preload()
    except BaseException:
        import traceback

        path.with_suffix(".broken").write_text(traceback.format_exc(), encoding="utf-8")
        return
    signal.signal(signal.SIGTERM, _stop)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        path.unlink(missing_ok=True)  # a socket left by one that died
        listener.bind(str(path))
        os.chmod(path, 0o600)
        listener.listen(64)
        _accept(listener, lock, idle_seconds())
    finally:
        listener.close()
        path.unlink(missing_ok=True)


def _stop(_signum: int, _frame: object) -> None:
    raise SystemExit(0)  # serve() removes its socket on the way out


def _preload() -> None:
    """Import what commands use: the CLI with every area, the tables (mappers configured), the
    drivers and dialects, Word and Excel. Optional drivers may be missing."""
    import gc
    import importlib
    import pkgutil

    import docfiler

    for module in pkgutil.walk_packages(docfiler.__path__, "docfiler."):
        if module.name.startswith("docfiler.store.migrations") or module.name.endswith("__main__"):
            continue  # Alembic runs the migrations' env itself; __main__ would run the CLI
        importlib.import_module(module.name)
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    for optional in ("sqlalchemy.dialects.sqlite.pysqlite", "sqlalchemy.dialects.postgresql"):
        importlib.import_module(optional)
    try:
        importlib.import_module("sqlalchemy.dialects.postgresql.psycopg")
        importlib.import_module("psycopg")
    except ImportError:
        pass
    gc.collect()
    gc.freeze()  # the children leave the shared pages alone (copy-on-write)


def _accept(listener: socket.socket, lock: object, idle: float | None) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reap themselves
    listener.settimeout(idle)
    while True:
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            return
        except InterruptedError:
            continue
        if not _same_user(connection):
            connection.close()
            continue
        pid = os.fork()
        if pid == 0:
            _default_signals()
            listener.close()
            lock.close()  # type: ignore[attr-defined]
            _child(connection)  # never returns
        connection.close()


def _same_user(connection: socket.socket) -> bool:
    if not hasattr(socket, "SO_PEERCRED"):
        return True  # the folder's mode keeps others out
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return uid == os.getuid()


# --- the child: one command, as a fresh process runs it ----------------------------------------


def _child(connection: socket.socket) -> None:
    code = 1
    try:
        connection.settimeout(30)
        request = _receive(connection)
        connection.settimeout(None)
        if request is None:
            os._exit(1)
        try:
            os.chdir(request["cwd"])
        except OSError:
            connection.sendall(b"F\n")
            os._exit(1)
        _become(request)
        connection.sendall(f"P{os.getpid()}\n".encode())
        if _exactly(connection, 1) != b"G":  # the caller stopped waiting: it runs it itself
            os._exit(1)
        code = _run_command(request["argv"][1:])
        _finish()
    except KeyboardInterrupt:  # passed on just before the command began: it did not run
        code = interrupted()
    except BaseException:
        code = 1
    with contextlib.suppress(OSError):
        connection.sendall(f"X{code}\n".encode())
    os._exit(code)


def _default_signals() -> None:
    """A fresh Python process's handlers (the resident process changed three)."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _receive(connection: socket.socket) -> dict | None:
    """The caller's request; its three descriptors become this process's 0, 1 and 2."""
    fds = array.array("i")
    _data, ancillary, _flags, _address = connection.recvmsg(1, socket.CMSG_SPACE(3 * fds.itemsize))
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
    if len(fds) != 3:
        return None
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    header = _exactly(connection, HEADER.size)
    body = _exactly(connection, HEADER.unpack(header)[0])
    return json.loads(body.decode("utf-8", "surrogateescape"))


def _exactly(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the caller went away")
        data += chunk
    return data


def _become(request: dict) -> None:
    """Take on the caller's environment, umask, arguments and standard streams."""
    import time

    os.environ.clear()
    os.environ.update(request["env"])
    if hasattr(time, "tzset"):
        time.tzset()
    os.umask(int(request["umask"]))
    sys.argv = list(request["argv"])
    streams = []
    for fd, (encoding, errors) in enumerate(request["streams"]):
        mode = "r" if fd == 0 else "w"
        line_buffered = fd == 2 or (fd == 1 and os.isatty(1))  # as Python's own streams
        stream = open(  # noqa: SIM115 - they are the process's standard streams
            fd,
            mode,
            buffering=1 if line_buffered else -1,
            encoding=encoding,
            errors=errors,
            closefd=False,
        )
        streams.append(stream)
    sys.stdin, sys.stdout, sys.stderr = streams
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = streams


def _run_command(args: list[str]) -> int:
    from docfiler.cli.root import main
    from docfiler.errors import INTERRUPTED_EXIT_CODE

    try:
        code = main(args)
    except KeyboardInterrupt:
        code = interrupted()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as exit_process: none during the shutdown
    return INTERRUPTED_EXIT_CODE if code == INTERRUPTED_EXIT_CODE else int(code) & 0xFF


def _finish() -> None:
    """What the interpreter does on exit: wait for non-daemon threads, run atexit, flush."""
    import atexit
    import threading

    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
