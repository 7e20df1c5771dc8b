"""The resident process: the command line without its half-second start.

Every `docfiler` command pays for importing SQLAlchemy, SQLModel, the table classes and the
drivers before it does anything (about 0.4 s; on a slow machine more) — a scripted batch of a
hundred cleanup decisions spends a minute on it. So the first command also starts, in the
background, a *resident process* that has imported all of that once. A later command hands it
its arguments, working directory, environment, umask and its standard input, output and error
(the file descriptors themselves, SCM_RIGHTS); the resident process forks a child, and the child
runs the command as a fresh process would: what it prints goes straight to the caller's terminal
or pipe, it reads the caller's stdin, and its exit code comes back to the caller, which exits
with it. Ctrl-C, SIGTERM and SIGHUP sent to the caller are passed on to the child. The design is
Mercurial's command server (`chg`).

What keeps a child indistinguishable from a fresh process:

- One resident process per user and installation. Its socket is named by a digest of the
  interpreter, its search path (and the mtimes of those folders: installing or upgrading a
  package changes them), the environment variables read as modules are imported (PYTHON*,
  LANG, LC_*, Typer's TYPER_* and TERMINAL_WIDTH) and every source file of docfiler (path, size, mtime). A changed file or an upgraded
  package starts a new resident process; the old one leaves when idle.
- The resident process only imports. It opens no database and starts no thread before it forks:
  every command opens its own connection, in its own child.
- It listens in a folder of the user's own (mode 0700: $DOCFILER_RUNTIME_DIR, else
  $XDG_RUNTIME_DIR/docfiler, else /tmp/docfiler-<uid>) and serves only its own user
  (SO_PEERCRED).
- It leaves after `DOCFILER_RESIDENT_IDLE` seconds (default 900) without a command; a running
  command is its own process and is not affected (0: it stays until stopped). `docfiler resident
  start` starts it ahead of the first command (at login, say); `docfiler resident stop` ends it.

`DOCFILER_RESIDENT=0` turns it off (every command then starts from nothing, as before); it is
POSIX only, and a command whose terminal UI opens (a bare `docfiler`) never goes through it.
`caller` and `place` import nothing but the standard library: they run before the CLI is
imported. `server` is the resident process; `docfiler resident start|status|stop` is cli/resident.py.
"""

from docfiler.resident.caller import DIED, command_name, delegate, start
from docfiler.resident.place import (
    IDLE_SECONDS,
    IDLE_VARIABLE,
    RUNTIME_VARIABLE,
    SWITCH,
    idle_seconds,
    installation_key,
    running,
    runtime_dir,
    stop_all,
)

__all__ = [
    "DIED",
    "IDLE_SECONDS",
    "IDLE_VARIABLE",
    "RUNTIME_VARIABLE",
    "SWITCH",
    "command_name",
    "delegate",
    "idle_seconds",
    "installation_key",
    "running",
    "runtime_dir",
    "start",
    "stop_all",
]
