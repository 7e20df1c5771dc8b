"""A tmux server of the benchmark's own, driven through one control-mode client.

`send-keys` and `capture-pane -p` are ordinary tmux commands; sent down a control-mode
connection (`tmux -C`) each costs a round trip to the server rather than a new tmux process, so
the screen can be polled every few milliseconds without taking a core from the app measured.
The control client asks for no pane output (`refresh-client -f no-output`) and does not size
the windows (`ignore-size`): every session is 120×40.
"""

from __future__ import annotations

import contextlib
import shlex
import subprocess
import tempfile
import time
from pathlib import Path

SOCKET = "docfiler-bench"
WIDTH, HEIGHT = 120, 40


def terminal() -> str:
    """tmux-256color where the terminfo database has it (Textual reads TERM), else screen."""
    found = subprocess.run(["infocmp", "tmux-256color"], capture_output=True).returncode == 0
    return "tmux-256color" if found else "screen-256color"


def quote(text: str) -> str:
    """A tmux command-language word: single-quoted (no escapes inside single quotes)."""
    return "'" + text.replace("'", "'\\''") + "'"


class Tmux:
    def __init__(self, socket: str = SOCKET) -> None:
        self.socket = socket
        self.folder = Path(tempfile.mkdtemp(prefix="docfiler-bench-tmux-"))
        self.base = ["tmux", "-L", socket, "-f", "/dev/null"]
        subprocess.run([*self.base, "kill-server"], capture_output=True)
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", "idle", "-x", str(WIDTH), "-y", str(HEIGHT)],
            check=True,
        )
        self.control = subprocess.Popen(
            [*self.base, "-C", "attach-session", "-t", "idle"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        while not self._line().startswith("%session-changed"):
            pass  # attached: commands before this would find no client
        self.command("refresh-client -f no-output,ignore-size")
        self.command("set-option -g history-limit 0")
        self.command(f"set-option -g default-terminal {terminal()}")
        self.command("set-option -g remain-on-exit off")

    def _line(self) -> str:
        line = self.control.stdout.readline()
        if not line:
            raise RuntimeError("tmux control client ended")
        return line.decode("utf-8", errors="replace").rstrip("\n")

    @staticmethod
    def _mine(line: str) -> bool:
        """The start of a reply to a command of this client (flags 1), not of another."""
        parts = line.split()
        return len(parts) == 4 and parts[0] == "%begin" and parts[3] == "1"

    def command(self, text: str) -> list[str]:
        """Run one tmux command; its output lines (an error raises)."""
        self.control.stdin.write(text.encode("utf-8") + b"\n")
        while not self._mine(self._line()):
            pass  # notifications (%output, %session-changed, …) between replies
        lines = []
        while True:
            line = self._line()
            if line.startswith(("%end", "%error")):
                if line.startswith("%error"):
                    raise RuntimeError(f"tmux {text!r}: {' '.join(lines)}")
                return lines
            lines.append(line)

    def new_session(self, name: str, argv: list[str], env: dict[str, str], cwd: Path) -> int:
        """Start `argv` in a new 120×40 session; the pid of its process (exec'd, not a shell).

        The command line goes through a launcher script, not through tmux's quoting."""
        words = [f"{k}={v}" for k, v in env.items() if k != "TERM"]
        launcher = self.folder / f"{name}.sh"
        launcher.write_text(
            f'cd {shlex.quote(str(cwd))}\nexec env -i TERM="$TERM" {shlex.join([*words, *argv])}\n',
            encoding="utf-8",
        )
        self.command(f"new-session -d -s {name} -x {WIDTH} -y {HEIGHT} 'exec sh {launcher}'")
        pid, size = self.command(
            f"display-message -p -t {name} '#{{pane_pid}} #{{window_width}}x#{{window_height}}'"
        )[0].split()
        if size != f"{WIDTH}x{HEIGHT}":
            raise RuntimeError(f"tmux window is {size}, not {WIDTH}x{HEIGHT}")
        return int(pid)

    def kill_session(self, name: str) -> None:
        with contextlib.suppress(RuntimeError):  # already gone
            self.command(f"kill-session -t {name}")

    def type(self, name: str, text: str) -> None:
        self.command(f"send-keys -t {name} -l {quote(text)}")

    def key(self, name: str, key: str) -> None:
        self.command(f"send-keys -t {name} {key}")

    def screen(self, name: str) -> str:
        return "\n".join(self.command(f"capture-pane -p -t {name}"))

    def wait_for(self, name: str, found, timeout: float = 60.0, poll: float = 0.003) -> float:
        """Poll the screen until `found(text)` is true; the perf_counter() of that capture."""
        start = time.perf_counter()
        while True:
            text = self.screen(name)
            now = time.perf_counter()
            if found(text):
                return now
            if now - start > timeout:
                raise TimeoutError(f"the screen never showed what was awaited:\n{text}")
            time.sleep(poll)

    def close(self) -> None:
        try:
            self.control.stdin.close()
            self.control.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.control.kill()
        subprocess.run([*self.base, "kill-server"], capture_output=True)
