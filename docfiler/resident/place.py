"""Where a resident process listens, and which installation it serves (docfiler.resident)."""

from __future__ import annotations

import math
import os
import signal
import sys
from pathlib import Path

SWITCH = "DOCFILER_RESIDENT"
IDLE_VARIABLE = "DOCFILER_RESIDENT_IDLE"
IDLE_SECONDS = 900.0
RUNTIME_VARIABLE = "DOCFILER_RUNTIME_DIR"
_MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes
_READ_AT_IMPORT = ("PYTHON", "LC_", "TYPER_", "_TYPER_")
"""Environment read when modules are imported (by Python, locale, Typer): part of the key."""


def idle_seconds() -> float | None:
    """How long it waits for a command before it leaves; None (a value of 0): until stopped."""
    try:
        seconds = float(os.environ.get(IDLE_VARIABLE, IDLE_SECONDS))
    except ValueError:
        return IDLE_SECONDS
    if math.isnan(seconds) or seconds < 0:
        return IDLE_SECONDS
    return None if seconds == 0 or math.isinf(seconds) else max(1.0, seconds)


def runtime_dir() -> Path:
    """The user's folder for resident processes (created 0700 on use)."""
    override = os.environ.get(RUNTIME_VARIABLE)
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg:
        return Path(xdg) / "docfiler"
    return Path("/tmp") / f"docfiler-{os.getuid()}"


def _private_dir() -> Path | None:
    """The runtime folder, if it is this user's alone; None if it cannot be made so."""
    folder = runtime_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None  # someone else's, or open to others: never listen or connect there
    return folder


def socket_path() -> Path | None:
    folder = _private_dir()
    if folder is None:
        return None
    path = folder / f"{installation_key()}.sock"
    return path if len(os.fsencode(path)) <= _MAX_SOCKET_PATH else None


def search_path() -> list[str]:
    """sys.path with the working folder spelled out (a `python -c` caller's '' entry)."""
    cwd = os.getcwd()
    return [entry or cwd for entry in sys.path]


def _search_folders() -> list[tuple[str, int | None]]:
    """sys.path with each folder's mtime (a package installed, removed or upgraded changes it);
    the working folder (a `python -c` or `-m` caller's first entry) by name only: its files
    come and go with every output a command writes there."""
    cwd = os.getcwd()
    return [(cwd, None) if entry in ("", cwd) else (entry, _mtime(entry)) for entry in sys.path]


def installation_key(package: Path | None = None) -> str:
    """What a resident process's imports depend on, as 20 hex digits (see the module text);
    `package` is docfiler's own folder."""
    import hashlib

    digest = hashlib.blake2b(digest_size=10)

    def add(*parts: object) -> None:
        digest.update(repr(parts).encode("utf-8", "surrogateescape"))

    add(sys.executable, sys.version, os.getuid(), sys.flags)
    for name in sorted(os.environ):
        if name.startswith(_READ_AT_IMPORT) or name in ("LANG", "TERMINAL_WIDTH"):
            add(name, os.environ[name])
    for entry, mtime in _search_folders():
        add(entry, mtime)
    package = package or Path(__file__).resolve().parent.parent  # docfiler/
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".toml", ".ini", ".json")):
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                add(path, info.st_size, info.st_mtime_ns)
    return digest.hexdigest()


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


# --- which are running; stopping them ---------------------------------------------------------


def running() -> list[tuple[int, bool]]:
    """This user's resident processes: (pid, whether it serves this installation)."""
    folder = runtime_dir()
    current = socket_path()
    found = []
    for lock_path in sorted(folder.glob("*.lock")) if folder.is_dir() else ():
        pid = holder(lock_path)
        if pid:
            found.append((pid, current is not None and lock_path.stem == current.stem))
    return found


def stop_all(wait: float = 5.0) -> int:
    """End this user's resident processes (commands they are running go on to their end);
    the number that were running."""
    import time

    folder = runtime_dir()
    locks = sorted(folder.glob("*.lock")) if folder.is_dir() else []
    stopped = 0
    for lock_path in locks:
        deadline = time.monotonic() + wait
        pid = holder(lock_path)
        while pid == 0 and time.monotonic() < deadline:  # starting: its pid is not written yet
            time.sleep(0.02)
            pid = holder(lock_path)
        if pid is None:
            _remove_leftovers(lock_path)
            continue
        if not kill(pid, signal.SIGTERM):
            continue
        stopped += 1
        while holder(lock_path) is not None and time.monotonic() < deadline:
            time.sleep(0.02)
    for broken in folder.glob("*.broken") if folder.is_dir() else ():
        broken.unlink(missing_ok=True)  # the next command may try to start one again
    return stopped


def holder(lock_path: Path) -> int | None:
    """The pid of the resident process holding this lock (0 while it has not written it yet),
    None if nobody holds it."""
    import fcntl

    try:
        with open(lock_path, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.seek(0)
                text = handle.read().strip()
                return int(text) if text.isdigit() else 0
            fcntl.flock(handle, fcntl.LOCK_UN)
            return None
    except OSError:
        return None


def _remove_leftovers(lock_path: Path) -> None:
    for suffix in (".sock", ".lock"):
        lock_path.with_suffix(suffix).unlink(missing_ok=True)


def kill(pid: int, signum: int) -> bool:
    """Signal one process; never a group or every process (pid ≤ 0). Whether it was sent."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, signum)
    except OSError:
        return False
    return True
