"""`docfiler backup` and `docfiler restore` at scale (issue 13, §3): whole processes, wall time
and peak RSS, on copies of the benchmark registers (2,000-character bodies).

    .venv/bin/python benchmarks/backup_bench.py [--sizes 10000 100000] [--pg URL]

Per size: back up a copy of the SQLite register, restore the backup into a new SQLite file;
with --pg (a server URL, e.g. $DOCFILER_TEST_PG_URL) also restore it into a new PostgreSQL
database and back that one up. The cached registers in /tmp/docfiler-bench are only read.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _table import print_table
from common import PYTHON, Run, Source, expect, mib, run_process, secs
from dataset import ensure_sqlite

CLI = (
    "import sys\n"
    "from docfiler.cli import root\n"
    "from docfiler.cli.backup import commands\n"
    "if not any(g.typer_instance is commands for g in root.app.registered_groups):\n"
    "    root.app.add_typer(commands)\n"
    "sys.exit(root.main(sys.argv[1:]))\n"
)


def docfiler(source: Source, home: Path, *args: str) -> Run:
    run = run_process([PYTHON, "-c", CLI, *args], env=source.env(home), cwd=source.path)
    return expect(run, args[0] if args[0] != "--db" else args[2])


def copy_register(url: str, folder: Path) -> str:
    original = Path(url.removeprefix("sqlite:///"))
    copy = folder / "register.db"
    for suffix in ("", "-wal", "-shm"):
        part = original.with_name(original.name + suffix)
        if part.exists():
            shutil.copy(part, copy.with_name(copy.name + suffix))
    return f"sqlite:///{copy}"


def measure(source: Source, size: int, pg: str | None, home: Path) -> list[tuple]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="docfiler-backup-bench-") as scratch:
        folder = Path(scratch)
        url = copy_register(ensure_sqlite(source, size, 2000, home), folder)
        docfiler(source, home, "--db", url, "recount")  # opening's own work, not the backup's
        backup = folder / "b.zip"
        run = docfiler(source, home, "--db", url, "backup", "-o", str(backup))
        rows.append((f"{size:,}", "SQLite", "backup", secs(run.seconds), mib(run.peak_rss)))
        rows[-1] += (mib(backup.stat().st_size),)
        run = docfiler(source, home, "restore", str(backup), "--db", f"sqlite:///{folder / 'r.db'}")
        rows.append((f"{size:,}", "SQLite", "restore", secs(run.seconds), mib(run.peak_rss), ""))
        if pg:
            rows += _postgres(source, home, pg, size, backup, folder)
    return rows


def _postgres(source: Source, home: Path, server: str, size: int, backup: Path, folder: Path):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"docfiler_backup_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        server.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        run = docfiler(source, home, "restore", str(backup), "--db", url)
        rows = [(f"{size:,}", "PostgreSQL", "restore", secs(run.seconds), mib(run.peak_rss), "")]
        again = folder / "pg.zip"
        run = docfiler(source, home, "--db", url, "backup", "-o", str(again))
        rows.append((f"{size:,}", "PostgreSQL", "backup", secs(run.seconds), mib(run.peak_rss)))
        rows[-1] += (mib(again.stat().st_size),)
        return rows
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--pg", help="PostgreSQL server URL (a database is created per size)")
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    source = Source(args.source)
    rows = []
    with tempfile.TemporaryDirectory(prefix="docfiler-backup-home-") as home:
        for size in args.sizes:
            rows += measure(source, size, args.pg, Path(home))
    print_table(("文件件数", "数据库", "操作", "耗时", "峰值内存", "备份文件大小"), rows)


if __name__ == "__main__":
    main()
