"""`docfiler export` at scale (issue 15): the wall time of the whole process and its peak RSS
(`ru_maxrss` of the child, from wait4), warm: one unmeasured run first, then the rounds.

    .venv/bin/python benchmarks/export_bench.py [--size 10000] [--rounds 3] [--source DIR]
    .venv/bin/python benchmarks/export_bench.py --db sqlite:////tmp/docfiler-bench/register-100000-2000-r0006.db

Without --db the register of --size documents is built (or reused) as the other benchmarks do
(`dataset.py`, in $TMPDIR/docfiler-bench). An export writes an audit entry and opening a
register may upgrade it, so a SQLite register is copied to a temporary folder first and the
copy is measured: the register given is never written to. A PostgreSQL URL is measured as it
is (each run adds one audit entry to it).

Two commands: the whole register (six sheets) and the list of one year's documents (one
sheet of a few hundred rows): the difference of their peak RSS is what the rows cost in
memory, which should not grow with the register.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _table import print_table
from common import MIB, ROOT, Run, Source, expect, mib, min_median, run_process, secs, verdict

GOAL_SECONDS = 5.0
"""Issue 15: `export` < 5 s at 100,000 documents."""
BODY_CHARS = 2000


def copy_register(url: str, folder: Path) -> str:
    """A copy of the SQLite register at `url` (with its -wal) in `folder`; its URL."""
    source = Path(url.removeprefix("sqlite:///"))
    if not source.is_file():
        raise SystemExit(f"没有这个 SQLite 数据库：{source}")
    target = folder / source.name
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return f"sqlite:///{target}"


def documents_in(url: str, env: dict[str, str], source: Source) -> int:
    code = (
        "import sys\nfrom sqlalchemy import create_engine, text\n"
        "from docfiler.store.engine import normalize_url\n"
        "engine = create_engine(normalize_url(sys.argv[1]))\n"
        "with engine.connect() as c:\n"
        "    print(c.execute(text('SELECT count(*) FROM document')).scalar())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, url], env=env, cwd=source.path, capture_output=True, text=True
    )
    return int(done.stdout.strip() or 0)


def sheets_of(argv: list[str], env: dict[str, str], source: Source) -> dict[str, int]:
    """The unmeasured warm-up run, with --json: the rows of each sheet."""
    done = subprocess.run(
        [*argv, "--json"], env=env, cwd=source.path, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"export 失败（退出码 {done.returncode}）：{done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)["sheets"]


def measure(source: Source, url: str, home: Path, out: Path, rounds: int, year: int) -> list[tuple]:
    env = source.env(home)
    documents = documents_in(url, env, source)
    rows = []
    for label, extra in (("全部（六张表）", ()), (f"--year {year}", ("--year", str(year)))):
        argv = source.docfiler("--db", url, "export", "-o", str(out), "--force", *extra)
        sheets = sheets_of(argv, env, source)
        runs: list[Run] = []
        for _ in range(rounds):
            runs.append(expect(run_process(argv, env=env, cwd=source.path), "export"))
        low, middle = min_median([r.seconds for r in runs])
        peak = max(r.peak_rss for r in runs)
        listed = "、".join(f"{name} {count}" for name, count in sheets.items())
        judged = verdict(middle, GOAL_SECONDS, strict=True) if not extra else "—"
        size = mib(out.stat().st_size) if out.exists() else "—"
        rows.append((f"{documents:,}", label, listed, secs(low), secs(middle), mib(peak), size))
        rows[-1] += (judged,)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="documents (without --db)")
    parser.add_argument("--db", help="an existing register (SQLite: measured on a copy)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--year", type=int, default=dt.date.today().year - 1)
    parser.add_argument("--source", type=Path, default=ROOT)
    args = parser.parse_args()
    source = Source(args.source.resolve())
    source.check()
    with tempfile.TemporaryDirectory(prefix="docfiler-export-bench-") as temp:
        folder = Path(temp)
        home = folder / "home"
        url = args.db
        if url is None:
            from dataset import ensure_sqlite

            url = ensure_sqlite(source, args.size, BODY_CHARS, home)
        if url.startswith("sqlite:///"):
            print("复制登记簿……", file=sys.stderr)
            url = copy_register(url, folder)
        rows = measure(source, url, home, folder / "导出.xlsx", args.rounds, args.year)
    print(f"\ndocfiler export（{args.rounds} 轮，热缓存；峰值内存为整个进程的 ru_maxrss）")
    header = ("文件数", "命令", "各表行数", "最短", "中位数", "峰值内存", "文件大小", "< 5 s")
    print_table(header, rows)
    print(f"（1 MiB = {MIB} 字节）")


if __name__ == "__main__":
    main()
