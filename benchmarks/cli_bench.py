"""The CLI as the clerk (or a cron job) feels it: whole `docfiler` processes, warm and cold.

Every figure is the wall time of one whole process, from spawn to exit (stdout to /dev/null),
and its peak RSS (ru_maxrss from wait4). Warm: one unmeasured run first, then the rounds. Cold:
before each round the database is dropped from the page cache (SQLite: its files fadvised
DONTNEED; PostgreSQL: the server restarted and its data directory fadvised DONTNEED).

Each process starts from nothing (DOCFILER_RESIDENT=0), except the "常驻进程" figures: `remind`,
`add`, `catalogue`, `list`, `export` and `cleanup start` once more with the resident process running (docfiler.resident: the
first command starts it; the figures are taken once it answers). Their peak RSS is the caller's
alone — the command's memory is the resident process's child's — so the table leaves it out.

    .venv/bin/python benchmarks/cli_bench.py --db URL [--source DIR] [--rounds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, Run, Source, expect, run_process


class Cli:
    """Runs the checkout's `docfiler` on one register."""

    def __init__(self, source: Source, url: str, home: Path) -> None:
        self.source, self.url, self.home = source, url, home
        self.env = source.env(home)

    def run(
        self,
        *args: str,
        codes: tuple[int, ...] = (0,),
        url: str | None = None,
        resident: bool = False,
    ) -> Run:
        argv = self.source.docfiler("--db", url or self.url, *args)
        env = {**self.env, "DOCFILER_RESIDENT": "1"} if resident else self.env
        return expect(run_process(argv, env=env, cwd=self.source.path), args[0], codes)

    def start_resident(self) -> None:
        """Start the resident process (a first command does) and wait until it answers."""
        self.run("number", "盖政发〔2016〕9号", resident=True)
        folder = self.home / "run"
        deadline = time.monotonic() + 120
        while not list(folder.glob("*.sock")) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # listening: its imports are done before it binds

    def stop_resident(self) -> None:
        argv = self.source.docfiler("resident", "stop")
        subprocess.run(argv, env=self.env, cwd=self.source.path, capture_output=True)

    def baseline(self) -> Run:
        argv = [PYTHON, "-c", "import docfiler.cli"]
        return expect(run_process(argv, env=self.env, cwd=self.source.path), "import")

    def stack(self) -> Run:
        """What every database command imports before its first query (SQLAlchemy, SQLModel,
        the table classes; psycopg on PostgreSQL): the floor of a process started from
        nothing, which no command's own work can go below. Started and ended as `docfiler`
        is (collector off while importing, `os._exit` without the interpreter's teardown)."""
        modules = ["docfiler.cli", "docfiler.store.tables"]
        if self.url.startswith("postgresql"):
            modules += ["psycopg", "sqlalchemy.dialects.postgresql.psycopg"]
        code = f"import gc, os; gc.disable(); import {', '.join(modules)}; os._exit(0)"
        argv = [PYTHON, "-c", code]
        return expect(run_process(argv, env=self.env, cwd=self.source.path), "stack")

    def has(self, command: str) -> bool:
        argv = self.source.docfiler(command, "--help")
        done = subprocess.run(argv, env=self.env, cwd=self.source.path, capture_output=True)
        return done.returncode == 0


def rounds_of(
    run: Callable[[int], Run],
    rounds: int,
    cold: Callable[[], None] | None = None,
    before: Callable[[int], None] | None = None,
) -> list[Run]:
    """`rounds` measured runs: warm (after one unmeasured run) or each after `cold()`."""
    if cold is None:
        if before is not None:
            before(-1)
        warmup = run(-1)
        if warmup.error:
            return [warmup]
    found = []
    for index in range(rounds):
        if before is not None:
            before(index)
        if cold is not None:
            cold()
        found.append(run(index))
        if found[-1].error:
            break  # it fails: once is enough
    return found


def new_number(index: int) -> str:
    """A 文号 nobody has registered: this year, a serial far above the generated ones."""
    return f"盖政发〔{dt.date.today().year}〕{random.randrange(10**6, 10**8)}号"  # ≤ 8 digits


def measure(cli: Cli, target, rounds: int, temp: Path) -> dict[str, dict[str, list[Run]]]:
    """Every CLI figure on one register: {figure: {"warm"/"cold": [runs]}}."""
    today = dt.date.today().isoformat()
    cold = target.make_cold
    found: dict[str, dict[str, list[Run]]] = {}

    def both(name: str, run: Callable[[int], Run]) -> None:
        found[name] = {
            "warm": rounds_of(run, rounds),
            "cold": rounds_of(run, rounds, cold=cold),
        }

    found["import"] = {"warm": rounds_of(lambda i: cli.baseline(), rounds)}
    found["stack"] = {"warm": rounds_of(lambda i: cli.stack(), rounds)}
    docx, out = temp / "catalogue.docx", temp / "export.xlsx"
    title = "盖州市基准测试写入办法"
    commands: dict[str, Callable[[int], tuple[tuple[str, ...], tuple[int, ...]]]] = {
        "remind": lambda i: (("remind", "--json"), (0, 3)),
        "add": lambda i: (("add", "--number", new_number(i), "--title", title), (0,)),
        "catalogue": lambda i: (("catalogue", "--output", str(docx), "--force"), (0,)),
        "list": lambda i: (("list", "--json"), (0,)),
    }
    if cli.has("export"):
        commands["export"] = lambda i: (("export", "--output", str(out), "--force"), (0,))

    def command(name: str, resident: bool) -> Callable[[int], Run]:
        def run(index: int) -> Run:
            args, codes = commands[name](index)
            return cli.run(*args, codes=codes, resident=resident)

        return run

    for name in commands:
        both(name, command(name, resident=False))
    year = str(dt.date.today().year)  # list --json's memory is compared with this one year's
    found["list_year"] = {"warm": rounds_of(lambda i: cli.run("list", "--json", "--year", year), 1)}

    copies: list[str] = []

    def fresh(index: int) -> None:
        for url in copies:
            target.discard(url)
        copies[:] = [target.copy()]

    def fresh_warm(index: int) -> None:
        fresh(index)
        target.warm(copies[0])

    def cleanup_start(resident: bool) -> dict[str, list[Run]]:
        """Each round on a new copy of the register (a started cleanup cannot start again)."""

        def start(index: int) -> Run:
            args = ("cleanup", "start", "--name", "基准测试清理", "--as-of", today)
            return cli.run(*args, url=copies[0], resident=resident)

        return {
            "warm": rounds_of(start, rounds, before=fresh_warm),
            "cold": rounds_of(
                start, rounds, cold=lambda: target.make_cold(copies[0]), before=fresh
            ),
        }

    try:
        found["cleanup"] = cleanup_start(resident=False)
        cli.start_resident()
        for name in commands:
            both(f"{name}_resident", command(name, resident=True))
        found["cleanup_resident"] = cleanup_start(resident=True)
    finally:
        cli.stop_resident()
        for url in copies:
            target.discard(url)
    return found


def main() -> None:
    from dataset import Target

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a SQLite URL (PostgreSQL: run_all.py)")
    parser.add_argument("--source", type=Path, default=ROOT)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    source = Source(args.source.resolve())
    source.check()
    home = Path(tempfile.mkdtemp(prefix="docfiler-bench-home-"))
    target = Target("sqlite", 0, args.db)
    with tempfile.TemporaryDirectory() as temp:
        found = measure(Cli(source, args.db, home), target, args.rounds, Path(temp))
    for name, modes in found.items():
        for mode, runs in modes.items():
            times = " ".join(f"{r.seconds * 1000:.0f}" for r in runs)
            print(f"{name:10} {mode:5} ms: {times}  peak RSS MiB: {runs[0].peak_rss >> 20}")


if __name__ == "__main__":
    main()
