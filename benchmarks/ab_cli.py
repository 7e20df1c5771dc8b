"""One CLI command in two checkouts, interleaved: before and after a change, on a noisy machine.

    .venv/bin/python benchmarks/ab_cli.py --before /tmp/before --db URL [--rounds 15] -- remind --json

Each round runs `python -c "import docfiler.cli"` (the baseline of issue 15's CLI goals), the
command in the `--before` checkout and the command in this one (or `--after`), in turn, so a
burst of load falls on both; the table gives min / median of the rounds and each side's time
beyond the baseline. Both checkouts are compiled first (Source.check) and run warm (one
unmeasured run each).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from _table import print_table
from common import PYTHON, ROOT, Source, run_process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="checkout before the change")
    parser.add_argument("--after", type=Path, default=ROOT, help="checkout after (this one)")
    parser.add_argument("--db", required=True, help="database URL (SQLite or PostgreSQL)")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("command", nargs="+", help="the docfiler command and its arguments")
    args = parser.parse_args()
    sides = {"before": Source(args.before.resolve()), "after": Source(args.after.resolve())}
    home = Path(tempfile.mkdtemp(prefix="docfiler-ab-home-"))
    for source in sides.values():
        source.check()
        argv = source.docfiler("--db", args.db, *args.command)
        run_process(argv, env=source.env(home), cwd=source.path)
    after = sides["after"]
    baseline = [PYTHON, "-c", "import docfiler.cli"]
    found: dict[str, list[float]] = {"baseline": [], "before": [], "after": []}
    for _ in range(args.rounds):
        found["baseline"].append(run_process(baseline, env=after.env(home), cwd=after.path).seconds)
        for name, source in sides.items():
            argv = source.docfiler("--db", args.db, *args.command)
            found[name].append(run_process(argv, env=source.env(home), cwd=source.path).seconds)

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms"

    low, mid = min(found["baseline"]), statistics.median(found["baseline"])
    rows = []
    for name, times in found.items():
        fastest, middle = min(times), statistics.median(times)
        beyond = "" if name == "baseline" else f"{ms(fastest - low)} / {ms(middle - mid)}"
        rows.append((name, ms(fastest), ms(middle), beyond))
    print(f"docfiler {' '.join(args.command)}  {args.db}  {args.rounds} 轮（交替）")
    print_table(("代码", "最小", "中位", "超出基准（最小 / 中位）"), rows)


if __name__ == "__main__":
    main()
