"""Every figure of issue 15, measured as the issue states it, printed as tables (`make bench`).

    .venv/bin/python benchmarks/run_all.py [--source DIR] [--sizes 100000 300000]
        [--backends sqlite postgresql] [--rounds 3] [--gaps 0.3 0.12]
        [--parts startup typing inprocess cli] [--queries 5] [--body-chars 2000]

For each register size and database: the TUI's first frame, dashboard data and RSS (tmux, warm
and cold), keystroke → repainted list typed at each pace (tmux and in process), and the CLI
figures (warm and cold). `--source DIR` runs the program from another checkout (e.g. a
`git worktree` of an older commit); the registers are built by that checkout's migrations.
The tables go to stdout, progress to stderr; the raw figures are kept as JSON next to the
registers. See benchmarks/README.md for how each figure is measured.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cli_bench
import report
import tui_bench
from common import CACHE, PYTHON, ROOT, SEARCHES, Source, size_label
from dataset import PgServer, Target, ensure_sqlite
from tmux_driver import Tmux

PARTS = ("startup", "typing", "inprocess", "cli", "word")
RSS_SEARCHES = ["救助", "盖政发[2016]9", "城市供热"]


def progress(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def startup(tmux: Tmux, source: Source, target: Target, home: Path, rounds: int) -> list[dict]:
    found = []
    for mode in ("热", "冷"):
        if mode == "热":
            tui_bench.startup_round(tmux, source, target.url, home, rss_searches=[])  # warm-up
        samples = []
        for _ in range(rounds):
            if mode == "冷":
                target.make_cold()
            searches = RSS_SEARCHES if mode == "热" else []
            samples.append(
                tui_bench.startup_round(tmux, source, target.url, home, rss_searches=searches)
            )
        found.append(
            {
                "size": target.size,
                "db": target.label,
                "mode": mode,
                **{key: [s[key] for s in samples] for key in samples[0]},
            }
        )
    return found


def typing(
    tmux: Tmux | None, source: Source, target: Target, home: Path, args, searches
) -> list[dict]:
    found = []
    method = "tmux" if tmux is not None else "进程内"
    for gap in args.gaps:
        rounds = []
        for index in range(args.rounds):
            progress(f"  {method} 按键间隔 {gap:g} s，第 {index + 1} 轮")
            if method == "tmux":
                rounds.append(tui_bench.typing_round(tmux, source, target.url, home, gap, searches))
            else:
                rounds.append(tui_bench.inprocess_round(source, target.url, home, gap, searches))
        found.append(
            {
                "size": target.size,
                "db": target.label,
                "method": method,
                "gap": gap,
                "rounds": rounds,
            }
        )
    return found


def targets_for(source: Source, args, home: Path) -> list[Target]:
    pg = None
    if "postgresql" in args.backends:
        pg = PgServer(args.pg_port)
        pg.start()
    found = []
    for size in args.sizes:
        for backend in args.backends:
            if backend == "sqlite":
                found.append(
                    Target(backend, size, ensure_sqlite(source, size, args.body_chars, home))
                )
            else:
                found.append(
                    Target(backend, size, pg.ensure(source, size, args.body_chars, home), pg)
                )
    return found


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, default=ROOT, help="checkout to run (default: this one)"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000])
    parser.add_argument(
        "--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of every figure (≥ 3 for the goals)"
    )
    parser.add_argument(
        "--gaps", type=float, nargs="+", default=[0.3, 0.12], help="seconds between keys"
    )
    parser.add_argument("--parts", nargs="+", default=list(PARTS), choices=PARTS)
    parser.add_argument("--queries", type=int, default=5, help="searches per query group (≤ 5)")
    parser.add_argument("--body-chars", type=int, default=2000)
    parser.add_argument("--pg-port", type=int, default=54339, help="the benchmark's own server")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    source = Source(args.source.resolve())
    source.check()
    home = Path(tempfile.mkdtemp(prefix="docfiler-bench-home-"))
    searches = {group: queries[: args.queries] for group, queries in SEARCHES.items()}
    targets = targets_for(source, args, home)
    results: dict = {"startup": [], "typing": [], "cli": [], "floor": {}}
    needs_tmux = {"startup", "typing"} & set(args.parts)
    tmux = Tmux() if needs_tmux else None
    try:
        if "typing" in args.parts:
            results["floor"] = tui_bench.floors(tmux, home)
        for target in targets:
            where = f"{size_label(target.size)} {target.label}"
            if "startup" in args.parts:
                progress(f"{where}：TUI 启动（tmux）")
                results["startup"] += startup(tmux, source, target, home, args.rounds)
            if "typing" in args.parts:
                progress(f"{where}：按键（tmux）")
                results["typing"] += typing(tmux, source, target, home, args, searches)
            if "inprocess" in args.parts:
                progress(f"{where}：按键（进程内）")
                results["typing"] += typing(None, source, target, home, args, searches)
            if "cli" in args.parts:
                progress(f"{where}：命令行")
                with tempfile.TemporaryDirectory() as temp:
                    cli = cli_bench.Cli(source, target.url, home)
                    found = cli_bench.measure(cli, target, args.rounds, Path(temp))
                results["cli"].append(
                    {
                        "size": target.size,
                        "db": target.label,
                        "found": found,
                        "in_force": target.in_force(),
                    }
                )
    finally:
        if tmux is not None:
            tmux.close()
    keep(results, source)
    report.preamble(
        source.path, args, [(f"{size_label(t.size)} {t.label}", t.url) for t in targets]
    )
    if results["startup"]:
        report.startup(results["startup"])
        report.memory(results["startup"])
    if results["typing"]:
        report.typing(results["typing"], results["floor"])
    if results["cli"]:
        report.cli(results["cli"])
    if "word" in args.parts:
        word(source, args, home)


def word(source: Source, args, home: Path) -> None:
    """The Word engine alone (word_bench.py, in the checkout): not an issue-15 figure, kept as
    the floor under `catalogue`."""
    report.heading("表 5  Word 引擎（word_bench.py：模板填充与下限，不经数据库）")
    big = min(100_000, max(args.sizes))
    argv = [PYTHON, str(Path(__file__).with_name("word_bench.py")), "--skip-naive"]
    argv += ["--rows", str(min(10_000, big)), "--big", str(big), "--runs", str(args.rounds)]
    sys.stdout.flush()
    subprocess.run(argv, env=source.env(home), cwd=source.path, check=True)


def keep(results: dict, source: Source) -> None:
    """The raw figures, as JSON next to the registers."""

    def plain(value):
        if dataclasses.is_dataclass(value):
            return {k: v for k, v in dataclasses.asdict(value).items() if k != "stderr"}
        return None if value == float("inf") else str(value)

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = CACHE / f"results-{source.schema}-{stamp}.json"
    path.write_text(json.dumps(results, default=plain, ensure_ascii=False), encoding="utf-8")
    progress(f"原始数据：{path}")


if __name__ == "__main__":
    main()
