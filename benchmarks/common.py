"""What every benchmark part shares: the checkout under test, whole-process runs, statistics.

Nothing here imports docfiler: the program measured is always run from `--source` (a checkout)
in a child process, with `PYTHONPATH` and the working directory set to that checkout.
"""

from __future__ import annotations

import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
ENTRY = "from tui.entry import main; import sys; sys.exit(main())"
CACHE = Path(os.environ.get("TMPDIR") or tempfile.gettempdir()) / "docfiler-bench"
OPERATOR = "基准测试"
MIB = 1024 * 1024

# The register searches typed in the benchmark: Chinese words of 1, 2 and 4 characters, doc
# numbers written in odd forms, and fragments of doc numbers. No spaces: the status line shows
# the query stripped, and its text must name exactly one prefix of what was typed.
SEARCHES: dict[str, list[str]] = {
    "中文 1 字": ["救", "供", "垃", "犬", "渔"],
    "中文 2 字": ["救助", "供热", "垃圾", "养犬", "渔港"],
    "中文 4 字": ["临时救助", "城市供热", "垃圾分类", "森林防火", "海域使用"],
    "文号异写": [
        "盖政发[2016]9",
        "盖民发(2019)21号",
        "盖政办发【2022】6",
        "盖财发（２０２０）第46号",
        "盖教发〔2021〕3",
    ],
    "文号片段": ["〔2016〕9", "政办发", "2019〕21", "财发〔2020", "9号"],
}


@dataclass(frozen=True)
class Source:
    """A checkout of docfiler whose code is run: `PYTHONPATH` and cwd point at it."""

    path: Path

    @property
    def schema(self) -> str:
        """The newest migration revision in this checkout (r0003, r0004, …): databases are
        built per schema, so two checkouts never share a database of another shape."""
        versions = self.path / "docfiler" / "store" / "migrations" / "versions"
        revisions = sorted(p.name.split("_")[0] for p in versions.glob("[0-9]*_*.py"))
        return "r" + (revisions[-1] if revisions else "0")

    def env(self, home: Path, **extra: str) -> dict[str, str]:
        """A child's environment. PYTHONDONTWRITEBYTECODE is left out: an installed docfiler
        keeps its compiled modules (__pycache__), and with it set (as in some sandboxes) every
        process would compile the docfiler modules it imports again, ~0.1 s a command."""
        drop = ("TEXTUAL", "DOCFILER_", "PYTHONDONTWRITEBYTECODE")
        env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
        env.update(
            PYTHONPATH=str(self.path),
            DOCFILER_OPERATOR=OPERATOR,
            DOCFILER_CONFIG_DIR=str(home / "config"),
            DOCFILER_DATA_DIR=str(home / "data"),
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
            # Every process starts from nothing unless a figure asks for the resident process
            # (cli_bench's "常驻进程" rows); its socket stays in this home.
            DOCFILER_RESIDENT="0",
            DOCFILER_RUNTIME_DIR=str(home / "run"),
        )
        env.update(extra)
        return env

    def docfiler(self, *args: str) -> list[str]:
        """The `docfiler` command of this checkout (its console entry, tui.entry:main)."""
        return [PYTHON, "-c", ENTRY, *args]

    def check(self) -> None:
        """Fail early if a child would import docfiler from anywhere else; compile this
        checkout's modules, so that no measured run is the one that compiles them."""
        subprocess.run(
            [PYTHON, "-m", "compileall", "-q", "-j", "0", "docfiler", "tui"],
            cwd=self.path,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        code = "import docfiler, tui; print(docfiler.__file__); print(tui.__file__)"
        with tempfile.TemporaryDirectory() as home:
            out = subprocess.run(
                [PYTHON, "-c", code],
                env=self.env(Path(home)),
                cwd=self.path,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
        for found in out:
            if not Path(found).resolve().is_relative_to(self.path.resolve()):
                raise SystemExit(f"--source {self.path}: a child imports {found}")


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes: ru_maxrss of the child (and any child it waited for)
    code: int
    stderr: str
    error: str | None = None  # the last line of stderr, when the exit code was not expected


def run_process(argv: list[str], *, env: dict[str, str], cwd: Path, timeout: float = 600.0) -> Run:
    """Run one whole process, stdout to /dev/null: wall time from spawn to exit, peak RSS."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.0005)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    return Run(seconds, usage.ru_maxrss * 1024, process.returncode, stderr)


def expect(run: Run, what: str, codes: tuple[int, ...] = (0,)) -> Run:
    """Mark a run that failed (its time then counts for nothing; the table says why)."""
    if run.code not in codes:
        lines = [line for line in run.stderr.splitlines() if line.strip()] or ["(no stderr)"]
        run.error = f"{what} 退出码 {run.code}：{lines[-1].strip()[:80]}"
        print(f"  {run.error}\n{run.stderr[-1500:]}", file=sys.stderr)
        run.seconds = float("nan")
    return run


# ---------------------------------------------------------------------------- statistics


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(ordered) - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def min_median(values: list[float]) -> tuple[float, float]:
    clean = [v for v in values if v == v]
    if not clean:
        return float("nan"), float("nan")
    return min(clean), statistics.median(clean)


def verdict(value: float, limit: float, *, strict: bool = False) -> str:
    if value != value:
        return "未测"
    ok = value < limit if strict else value <= limit
    return "达标" if ok else "未达标"


def ms(seconds: float) -> str:
    return "—" if seconds != seconds else f"{seconds * 1000:.0f} ms"


def secs(seconds: float) -> str:
    return "—" if seconds != seconds else f"{seconds:.2f} s"


def mib(size: float) -> str:
    return "—" if size != size else f"{size / MIB:.0f} MiB"


# ---------------------------------------------------------------------------- cold files


def drop_from_page_cache(paths: list[Path]) -> None:
    """The files' pages out of the OS page cache: sync, then POSIX_FADV_DONTNEED on each."""
    os.sync()
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def sqlite_files(url: str) -> list[Path]:
    path = Path(re.sub(r"^sqlite:///", "", url))
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]


def size_label(count: int) -> str:
    return f"{count // 1000}k" if count % 1000 == 0 else str(count)
