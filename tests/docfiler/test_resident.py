"""The resident process (docfiler.resident): a command it runs is what a fresh process would
have done — the same output, exit code, working folder, environment, umask, terminal and stdin,
the same Ctrl-C — and it runs there (a child of the resident process), not in the caller."""

from __future__ import annotations

import os
import pty
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator
from fcntl import ioctl
from pathlib import Path

import pytest

from docfiler import resident

ROOT = Path(__file__).resolve().parents[2]
NUMBERS = "盖政发〔2016〕9号\n营口市人民政府令第35号\nabc\n"
ENTRIES = {
    "python -m docfiler": [sys.executable, "-m", "docfiler"],
    "the docfiler command": [
        sys.executable,
        "-c",
        "from tui.entry import main; import sys; sys.exit(main())",
    ],
}

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the resident process is POSIX only")


class Resident:
    """`docfiler` processes run with the resident process on, in a folder of their own."""

    def __init__(self, folder: Path, home: Path) -> None:
        self.folder = folder
        self.env = {
            **os.environ,
            "DOCFILER_RUNTIME_DIR": str(folder),
            "DOCFILER_CONFIG_DIR": str(home / "config"),
            "DOCFILER_DATA_DIR": str(home / "data"),
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("DOCFILER_RESIDENT")  # on: the default

    def run(self, *args: str, entry=ENTRIES["python -m docfiler"], env=None, **kwargs):
        kwargs.setdefault("capture_output", True)
        kwargs.setdefault("timeout", 120)
        kwargs.setdefault("cwd", ROOT)
        return subprocess.run([*entry, *args], env={**self.env, **(env or {})}, **kwargs)

    def fresh(self, *args: str, **kwargs):
        """The same command in a process of its own (the resident process turned off)."""
        return self.run(*args, env={"DOCFILER_RESIDENT": "0"}, **kwargs)

    def pid(self) -> int | None:
        """The running resident process's pid, from its lock (None: none runs)."""
        found = [pid for pid, _current in self._running()]
        return found[0] if found else None

    def _running(self) -> list[tuple[int, bool]]:
        saved = os.environ.get("DOCFILER_RUNTIME_DIR")
        os.environ["DOCFILER_RUNTIME_DIR"] = str(self.folder)
        try:
            return resident.running()
        finally:
            if saved is None:
                del os.environ["DOCFILER_RUNTIME_DIR"]
            else:
                os.environ["DOCFILER_RUNTIME_DIR"] = saved

    def start(self) -> int:
        """Run a first command (which starts it); wait until it answers."""
        self.run("number", "盖政发〔2016〕9号")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.pid() is not None and list(self.folder.glob("*.sock")):
                return self.pid()
            time.sleep(0.05)
        broken = [p.read_text() for p in self.folder.glob("*.broken")]
        raise AssertionError(f"the resident process did not start: {broken}")

    def children(self) -> list[int]:
        """Processes whose parent is the resident process (the commands it runs now)."""
        parent = self.pid()
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rpartition(")")[2].split()[1]) == parent:
                    found.append(int(entry.name))
        return found

    def reading_stdin(self, entry=ENTRIES["python -m docfiler"]) -> subprocess.Popen:
        """`docfiler number -` with a pipe for stdin, once its child of the resident process
        exists (the command waits for the numbers)."""
        process = subprocess.Popen(
            [*entry, "number", "-"],
            env=self.env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        if not _wait_for(lambda: len(self.children()) == 1):
            process.kill()
            raise AssertionError("the command did not reach the resident process")
        return process

    def stop(self) -> None:
        self.fresh("resident", "stop")


@pytest.fixture
def warm(tmp_path) -> Iterator[Resident]:
    # A short folder: a socket's path holds at most 108 bytes, pytest's tmp_path can be long.
    folder = Path(tempfile.mkdtemp(prefix="dfr-"))
    runner = Resident(folder / "run", tmp_path / "home")
    try:
        yield runner
    finally:
        runner.stop()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for(predicate, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("entry", ENTRIES, ids=list(ENTRIES))
def test_a_command_runs_in_the_resident_process_as_a_fresh_one_would(warm, entry):
    """`number -` reads stdin: while it waits, it is the resident process's child; its output,
    errors and exit code are the fresh process's, byte for byte."""
    warm.start()
    assert warm.children() == []
    process = warm.reading_stdin(ENTRIES[entry])
    try:
        out, err = process.communicate(NUMBERS.encode(), timeout=60)
    finally:
        process.kill()
    fresh = warm.fresh("number", "-", input=NUMBERS.encode())
    assert (process.returncode, out, err) == (fresh.returncode, fresh.stdout, fresh.stderr)
    assert process.returncode == 1  # "abc" is no document number
    lines = out.decode().splitlines()
    assert lines[0].startswith("盖政发〔2016〕9号  → 盖政发〔2016〕9号（普通文件")
    assert lines[1].startswith("营口市人民政府令第35号  → 营口市人民政府令第35号（政府令")
    assert lines[2].startswith("abc  ✗ ")
    assert _wait_for(lambda: warm.children() == [])


def test_the_first_command_starts_it_and_does_not_keep_the_callers_pipe(warm):
    """The command that starts the resident process ends as soon as it is done (a reader of its
    output sees the end: the resident process holds none of its pipes); the next one is served."""
    assert warm.pid() is None
    started = time.monotonic()
    done = warm.run("number", "盖政发〔2016〕9号", timeout=60)
    assert done.returncode == 0 and "盖政发〔2016〕9号" in done.stdout.decode()
    assert time.monotonic() - started < 60
    assert _wait_for(lambda: warm.pid() is not None, 60)


def test_usage_errors_are_the_same_chinese_message_and_exit_code(warm):
    warm.start()
    served = warm.run("add", "--bogus")
    fresh = warm.fresh("add", "--bogus")
    assert served.returncode == fresh.returncode == 2
    assert served.stderr.decode() == fresh.stderr.decode()
    assert served.stderr.decode().startswith("错误：没有选项 --bogus")
    assert served.stdout == b""


def test_a_write_keeps_the_callers_operator_folder_and_umask(warm, office, tmp_path):
    """Two clerks' `add` through one resident process: each audit entry names who ran it (the
    caller's environment), a relative output lands in the caller's folder, with its umask."""
    from sqlalchemy import text

    db_url = office.engine.url.render_as_string(hide_password=False)
    warm.start()
    out = tmp_path / "out"
    out.mkdir()
    first = warm.run(
        "--db", db_url, "add", "--number", "盖政发〔2026〕31号", "--title", "盖州市甲办法",
        env={"DOCFILER_OPERATOR": "张三"}, cwd=out,
    )  # fmt: skip
    second = warm.run(
        "--db", db_url, "add", "--number", "盖政发〔2026〕32号", "--title", "盖州市乙办法",
        env={"DOCFILER_OPERATOR": "李四"}, cwd=out,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr.decode()
    assert second.returncode == 0, second.stderr.decode()
    assert first.stdout.decode().strip() == "已登记：盖政发〔2026〕31号《盖州市甲办法》"
    with office.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT operator, summary FROM auditentry WHERE entity = 'document' ORDER BY id")
        ).all()
    assert [operator for operator, _ in rows] == ["张三", "李四"]
    assert "盖政发〔2026〕31号" in rows[0][1] and "盖政发〔2026〕32号" in rows[1][1]

    umask = "os.umask(0o077); "
    entry = [
        sys.executable,
        "-c",
        f"import os; {umask}from tui.entry import main; import sys; sys.exit(main())",
    ]
    made = warm.run(
        "--db", db_url, "catalogue", "--output", "目录.docx", "--as-of", "2026-12-01",
        entry=entry, cwd=out,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr.decode()
    assert (out / "目录.docx").exists()
    assert (out / "目录.docx").stat().st_mode & 0o777 == 0o600


def test_ctrl_c_reaches_the_command(warm):
    """Ctrl-C to the caller interrupts the command in the resident process: the one Chinese
    line and exit code 130, as in a fresh process; the child is gone."""
    warm.start()
    process = warm.reading_stdin()
    try:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)  # stdin stays open: the command ends by the interrupt alone
        out, err = process.stdout.read(), process.stderr.read()
    finally:
        process.kill()
    assert process.returncode == 130 and out == b""
    assert (
        err.decode().strip()
        == "已中断（Ctrl-C）：正在进行的写入已全部撤销，数据库中没有写了一半的内容。"
    )
    assert _wait_for(lambda: warm.children() == [])


def test_a_terminated_caller_terminates_the_command(warm):
    warm.start()
    process = warm.reading_stdin()
    try:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
    finally:
        process.kill()
    assert process.returncode == -signal.SIGTERM
    assert _wait_for(lambda: warm.children() == [])


def _reading_a_pipe(pid: int) -> bool:
    """Whether the process sleeps in a pipe read (its stdin); after a second, assume so where
    the kernel does not tell (/proc/<pid>/wchan hidden)."""
    try:
        where = Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return False
    if where in ("", "0"):
        time.sleep(1)
        return True
    return "pipe_read" in where


def test_a_command_killed_in_the_resident_process_is_reported(warm):
    """The child dies without an exit code (killed, out of memory): the caller says so in
    Chinese, with what to do, and fails — never a silent success."""
    warm.start()
    process = warm.reading_stdin()
    try:
        child = warm.children()[0]
        assert _wait_for(lambda: _reading_a_pipe(child))  # the command runs: it reads stdin
        os.kill(child, signal.SIGKILL)
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 1 and out == b""
    assert err.decode().strip() == (
        "错误：命令在常驻进程中意外终止，结果未知，请用 docfiler list 等命令核对后重试；"
        "如反复出现，请设置环境变量 DOCFILER_RESIDENT=0 后重试，并告知维护人员。"
    )


def test_a_terminal_is_the_callers_terminal(warm, sample_template, tmp_path):
    """In a terminal 60 columns wide, `list` prints what a fresh process prints there."""
    warm.start()
    db = tmp_path / "register.db"
    shutil.copy(sample_template, db)

    def in_terminal(env: dict) -> bytes:
        leader, follower = pty.openpty()
        ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 60, 0, 0))
        process = subprocess.Popen(
            [*ENTRIES["python -m docfiler"], "--db", f"sqlite:///{db}", "list"],
            env={**warm.env, **env, "COLUMNS": "", "TERM": "xterm"},
            cwd=ROOT,
            stdin=follower,
            stdout=follower,
            stderr=follower,
        )
        os.close(follower)
        output = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the other end is closed
                break
            if not chunk:
                break
            output += chunk
        os.close(leader)
        assert process.wait(timeout=60) == 0
        return output

    served = in_terminal({})
    fresh = in_terminal({"DOCFILER_RESIDENT": "0"})
    assert served == fresh
    lines = served.decode().splitlines()
    assert len(lines) > 10
    assert max(len(line) for line in lines) <= 60 * 3  # cut to the terminal (CJK: 3 bytes)


def test_several_commands_at_once(warm):
    warm.start()
    numbers = [f"盖政发〔2016〕{n}号" for n in range(1, 7)]
    processes = [
        subprocess.Popen(
            [*ENTRIES["python -m docfiler"], "number", "--json", number],
            env=warm.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for number in numbers
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 6
    for number, (out, err) in zip(numbers, outputs, strict=True):
        assert f'"canonical": "{number}"' in out.decode() and err == b""


def test_turned_off_it_never_starts(warm):
    done = warm.run("number", "盖政发〔2016〕9号", env={"DOCFILER_RESIDENT": "0"})
    assert done.returncode == 0
    time.sleep(0.5)
    assert warm.pid() is None
    assert not warm.folder.exists() or list(warm.folder.iterdir()) == []


def test_a_folder_others_can_enter_is_not_used(warm):
    warm.folder.mkdir(parents=True)
    warm.folder.chmod(0o755)
    done = warm.run("number", "盖政发〔2016〕9号")
    assert done.returncode == 0
    time.sleep(0.5)
    assert list(warm.folder.iterdir()) == []  # no socket, no lock: it ran where it was called


def test_stop_and_status(warm):
    pid = warm.start()
    status = warm.fresh("resident", "status")
    assert status.stdout.decode().splitlines()[0] == f"进程 {pid}：本程序"
    stopped = warm.fresh("resident", "stop")
    assert stopped.stdout.decode().strip() == "已停止 1 个常驻进程。"
    assert warm.pid() is None
    assert list(warm.folder.glob("*.sock")) == []
    assert warm.fresh("resident", "status").stdout.decode().strip() == "没有正在运行的常驻进程。"


def test_it_leaves_when_idle(warm):
    warm.env["DOCFILER_RESIDENT_IDLE"] = "1"
    warm.start()
    assert _wait_for(lambda: warm.pid() is None, 30)
    assert list(warm.folder.glob("*.sock")) == []


def test_a_changed_source_file_or_search_path_names_another_resident(tmp_path, monkeypatch):
    """A new version of docfiler (a file changed) or another search path is never served by
    the resident process of the old one."""
    package = tmp_path / "docfiler"
    (package / "cli").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    module = package / "cli" / "root.py"
    module.write_text("A = 1\n")
    before = resident.installation_key(package)
    assert resident.installation_key(package) == before
    module.write_text("A = 2\n")
    os.utime(module, ns=(1, 2))
    assert resident.installation_key(package) != before
    changed = resident.installation_key(package)
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])
    assert resident.installation_key(package) != changed


def test_only_commands_are_handed_over():
    assert resident.command_name(["--db", "sqlite:///x.db", "add", "--number", "1"]) == "add"
    assert resident.command_name(["--db=sqlite:///x.db", "--operator", "甲", "list"]) == "list"
    assert resident.command_name(["--db", "sqlite:///x.db"]) is None  # the terminal UI
    assert resident.command_name(["--help"]) is None


def test_the_callers_side_imports_no_library():
    """What every command runs before anything else costs the standard library alone."""
    code = (
        "import sys; from docfiler.resident import delegate; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sqlalchemy', 'sqlmodel', 'typer', 'click', 'rich', 'pydantic', 'docx', 'psycopg'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_resident_process_that_does_not_answer_is_not_waited_for(warm, office, tmp_path):
    """A frozen resident process: the command runs in the caller once its wait is over, and
    the child the resident process forks later never runs it a second time."""
    from sqlalchemy import text

    url = office.engine.url.render_as_string(hide_password=False)
    pid = warm.start()
    impatient = (
        "import sys; import docfiler.resident.caller as caller; caller.READY_SECONDS = 1; "
        "from tui.entry import main; sys.exit(main())"
    )
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    os.kill(pid, signal.SIGSTOP)
    try:
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-c", impatient, "--db", url, "add",
                 "--number", "盖政发〔2026〕33号", "--title", "盖州市丙办法"],
                env=warm.env, cwd=ROOT, stdout=stdout, stderr=stderr,
            )  # fmt: skip
            code = process.wait(timeout=120)
    finally:
        os.kill(pid, signal.SIGCONT)
    assert _wait_for(lambda: warm.children() == [])
    # one run: a second (in the child) would have printed "already registered" to these files
    assert (code, out.read_text(), err.read_text()) == (
        0,
        "已登记：盖政发〔2026〕33号《盖州市丙办法》\n",
        "",
    )
    with office.engine.connect() as connection:
        entries = connection.execute(
            text("SELECT count(*) FROM auditentry WHERE summary LIKE '%盖政发〔2026〕33号%'")
        ).scalar_one()
        documents = connection.execute(
            text("SELECT count(*) FROM document WHERE title = '盖州市丙办法'")
        ).scalar_one()
    assert (entries, documents) == (1, 1)


def test_stop_never_signals_a_group_or_every_process(tmp_path, monkeypatch):
    """A lock held by a resident process that has not written its pid yet: `stop` waits for
    it and, still not knowing it, signals nobody (os.kill(0 or -1) would hit a whole group or
    every process of the user)."""
    import fcntl

    sent = []
    monkeypatch.setattr(os, "kill", lambda pid, signum: sent.append((pid, signum)))
    monkeypatch.setenv("DOCFILER_RUNTIME_DIR", str(tmp_path))
    lock = tmp_path / "0123456789abcdef0123.lock"
    with lock.open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held, empty
        assert resident.stop_all(wait=0.3) == 0
        assert resident.running() == []
    assert sent == []
    assert resident.place.kill(-1, signal.SIGTERM) is False
    assert resident.place.kill(0, signal.SIGTERM) is False
    assert sent == []


# --- started ahead of the first command (docfiler resident start) -----------------------------


def test_start_ahead_of_the_first_command(warm):
    """At login: started and ready before any command, so the first one runs in it."""
    started = warm.run("resident", "start")
    pid = warm.pid()
    assert (started.returncode, started.stdout.decode(), started.stderr) == (
        0,
        f"常驻进程已启动（进程 {pid}），空闲 15 分钟后自行退出。\n",
        b"",
    )
    process = warm.reading_stdin()  # the very first command: a child of the resident process
    process.communicate(b"", timeout=60)
    assert process.returncode == 0
    again = warm.run("resident", "start")
    assert (again.returncode, again.stdout.decode()) == (
        0,
        f"常驻进程已在运行（进程 {pid}），未重复启动。"
        "如需改变空闲时间，先执行 docfiler resident stop 再启动。\n",
    )
    assert warm.pid() == pid


def test_start_with_an_idle_time(warm):
    started = warm.run("resident", "start", "--idle", "1")
    assert started.stdout.decode().endswith("），空闲 1 秒后自行退出。\n")
    assert _wait_for(lambda: warm.pid() is None, 30)
    assert list(warm.folder.glob("*.sock")) == []


def test_start_keeps_the_idle_time_the_environment_sets(warm):
    """A clerk's profile says DOCFILER_RESIDENT_IDLE=0: `start` without --idle keeps it."""
    warm.env["DOCFILER_RESIDENT_IDLE"] = "0"
    started = warm.run("resident", "start")
    assert started.stdout.decode() == (
        f"常驻进程已启动（进程 {warm.pid()}），不会自行退出（用 docfiler resident stop 停止）。\n"
    )


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("0", None), ("inf", None), ("3600", 3600.0), ("0.2", 1.0), ("-5", 900.0), ("x", 900.0)],
)
def test_the_idle_time_it_reads(monkeypatch, value, seconds):
    monkeypatch.setenv("DOCFILER_RESIDENT_IDLE", value)
    assert resident.idle_seconds() == seconds  # None: it stays until stopped


def test_start_says_why_it_did_not_start(tmp_path, monkeypatch, capsys):
    from docfiler.cli import main

    monkeypatch.setenv("DOCFILER_RUNTIME_DIR", str(tmp_path / "run"))
    assert main(["resident", "start"]) == 1  # the suite's DOCFILER_RESIDENT=0
    assert capsys.readouterr().err == (
        "环境变量 DOCFILER_RESIDENT=0 已关闭常驻进程，未启动；去掉该设置后再执行本命令。\n"
    )
    monkeypatch.delenv("DOCFILER_RESIDENT")
    broken = resident.place.socket_path().with_suffix(".broken")
    broken.write_text("Traceback …", encoding="utf-8")
    assert main(["resident", "start"]) == 1
    assert capsys.readouterr().err == (
        f"常驻进程上次启动失败，原因记录在 {broken}；排除原因后执行 docfiler resident stop "
        "清除该记录，再启动。\n"
    )
    (tmp_path / "run").chmod(0o755)
    assert main(["resident", "start"]) == 1
    assert capsys.readouterr().err.startswith(
        f"常驻进程的文件夹 {tmp_path / 'run'} 不是本用户专用的"
    )
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == [broken.name]  # nothing started
